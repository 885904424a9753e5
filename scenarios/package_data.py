"""`python -m scenarios.package_data`: write afresh every form the package ships beside its YAML.

After a YAML file in ``budget/reference_data`` or ``scenarios/assumptions`` is edited: the JSON form of each YAML
file (``budget.package_yaml``), then the checked form of each year's reference data and of each stance's assumption
library (``budget.trusted``), which are made from the YAML. The tests fail while any form is out of date.
"""

from __future__ import annotations

from pathlib import Path

from budget.package_yaml import write_json_forms
from budget.reference import write_model_forms as reference_forms
from scenarios.assumptions import write_model_forms as assumption_forms

YAML_FOLDERS = ("budget/reference_data", "budget/reference_data/areas", "budget/reference_data/need",
                "scenarios/assumptions")


def write_all(root: Path) -> list[Path]:
    """Write the JSON form of the YAML under ``root``, then the checked forms beside it; the paths written.

    ``root`` is the project folder, or a copy of its YAML folders. The checked forms are made from the package's
    own YAML, which is ``root``'s when the package is run from it.
    """
    written = [p for folder in YAML_FOLDERS for p in write_json_forms(root / folder)]
    return [*written, *reference_forms(root / YAML_FOLDERS[0]), *assumption_forms(root / YAML_FOLDERS[-1])]


if __name__ == "__main__":  # pragma: no cover - the command line of write_all
    for path in write_all(Path(__file__).resolve().parent.parent):
        print(f"wrote {path}")
