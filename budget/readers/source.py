"""A SOURCE named on the command line: `demo` (the embedded demo area's workbook) or a workbook path."""

from __future__ import annotations

from pathlib import Path

from budget.models import LoadResult
from budget.readers.workbook import load_bytes, load_workbook


class SourceError(ValueError):
    """A SOURCE that names no workbook: the message says which and what to give instead."""


def read_source(source: str, year: str | None = None) -> LoadResult:
    """The plans in a workbook path, or in the demo area's workbook when source is 'demo'."""
    if source == "demo":
        from budget.demo import demo_workbook_bytes  # noqa: PLC0415

        return load_bytes(demo_workbook_bytes(), name="demo")
    path = Path(source)
    if not path.exists():
        raise SourceError(f"{source}: no such file")
    if path.is_dir():
        raise SourceError(f"{source}: is a folder; give a .xlsx workbook")
    # a device, a named pipe or a socket is refused by the reader before any byte is read
    return load_workbook(path, year=year)
