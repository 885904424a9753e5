"""`python -m scenarios.package_data` writes every shipped form; written afresh, each is the one shipped."""

import shutil
from pathlib import Path

from scenarios.package_data import YAML_FOLDERS, write_all

ROOT = Path(__file__).resolve().parents[3]


def test_every_form_written_afresh_is_the_one_shipped(tmp_path):
    for folder in YAML_FOLDERS:
        (tmp_path / folder).mkdir(parents=True)
        for yaml_file in (ROOT / folder).glob("*.yaml"):
            shutil.copy(yaml_file, tmp_path / folder)
    written = write_all(tmp_path)
    names = {p.name for p in written}
    assert {"2026-27.yaml.json", "2026-27.model.json", "levers.yaml.json", "assumptions_controlled.model.json",
            "assumptions_pilot.model.json"} <= names
    for path in written:
        shipped = ROOT / path.relative_to(tmp_path)
        assert path.read_bytes() == shipped.read_bytes(), f"{shipped} is out of date: python -m scenarios.package_data"
    shipped_forms = {p.name for folder in YAML_FOLDERS for p in (ROOT / folder).glob("*.json")}
    assert shipped_forms == names  # and no form is shipped that the command would not write
