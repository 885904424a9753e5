"""Test configuration: every test carries exactly one of the unit/integration/e2e markers,
taken from its folder; shared-data paths resolved once."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"
LAYERS = ("unit", "integration", "e2e")


def pytest_collection_modifyitems(config, items):
    for item in items:
        parts = Path(str(item.fspath)).relative_to(ROOT / "tests").parts
        layer = parts[0] if parts else ""
        if layer not in LAYERS:
            raise pytest.UsageError(f"{item.nodeid}: tests live under tests/unit, tests/integration or tests/e2e")
        item.add_marker(getattr(pytest.mark, layer))


def shared_file(name: str) -> Path:
    """Path to a file in ../shared/data, or skip the test naming the missing file."""
    path = SHARED_DATA / name
    if not path.exists():
        pytest.skip(f"real data file {name} is not present in ../shared/data (it is never committed)")
    return path


@pytest.fixture
def shared_data():
    return shared_file
