"""The YAML that ships inside BCF Planner (reference data, the assumption library) as Python data.

The YAML files are the source: people edit them, with their comments and provenance. Beside each one the
package ships its JSON form (``NAME.yaml.json``: the same data and the SHA-256 of the YAML text it was made
from), which is read in a fraction of the time. ``read_package_yaml`` takes the JSON form only when its digest is
that of the YAML text read now, so an edited YAML file is always read as it is, never through an older JSON form;
``python -m budget.package_yaml FOLDER ...`` writes the JSON forms afresh (``python -m scenarios.package_data``
writes them and the checked forms of ``budget.trusted``), and a file whose data JSON cannot hold
exactly (a date, a key that is not a string) gets none and is always parsed.

YAML is parsed by libyaml's C parser where PyYAML was built with it (``yaml.CSafeLoader``), otherwise by
PyYAML's own ``yaml.SafeLoader``; both use the same safe constructor and resolver, so they build the
same objects. A file a user gives (a scenario file) is not read here.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any

SUFFIX = ".json"  # the JSON form of NAME.yaml is NAME.yaml.json, beside it


def _yaml():
    import yaml  # only where a file is parsed rather than read from its JSON form

    return yaml


def package_loader() -> type:
    """The loader for package YAML: libyaml's C loader where PyYAML has it, else PyYAML's own SafeLoader."""
    yaml = _yaml()
    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str, loader: type | None = None) -> object:
    """The data in YAML text, read with ``loader`` (default: the C loader where there is one)."""
    return _yaml().load(text, Loader=loader or package_loader())  # noqa: S506 - a safe loader, always


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_package_yaml(folder: Any, name: str) -> object:
    """The data in the package's YAML file ``name`` in ``folder`` (a path or an importlib.resources folder).

    From its JSON form when that was made from this very text, else parsed from the YAML.
    """
    text = (folder / name).read_text(encoding="utf-8")
    compiled = folder / (name + SUFFIX)
    try:
        form = json.loads(compiled.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        form = None
    if isinstance(form, dict) and form.get("yaml_sha256") == _digest(text) and "data" in form:
        return form["data"]
    return load_yaml(text)


def _typed(x: object) -> object:
    """The data with every value's type beside it, so that 1 and 1.0 (or True and 1) differ."""
    if isinstance(x, dict):
        return ("dict", [(_typed(k), _typed(v)) for k, v in x.items()])
    if isinstance(x, list):
        return ("list", [_typed(v) for v in x])
    return (type(x).__name__, x)


def json_form(text: str) -> str | None:
    """The JSON form of YAML text, or None when JSON cannot hold its data exactly (type for type, in order)."""
    data = load_yaml(text)
    try:
        body = json.dumps({"yaml_sha256": _digest(text), "data": data}, ensure_ascii=False, allow_nan=False,
                          separators=(",", ":"))
    except (TypeError, ValueError):
        return None
    return body + "\n" if _typed(json.loads(body)["data"]) == _typed(data) else None


def write_json_forms(folder: Path) -> list[Path]:
    """Write the JSON form of every YAML file in ``folder``; remove one whose YAML JSON cannot hold. The written."""
    written = []
    for path in sorted(Path(folder).glob("*.yaml")):
        target = path.with_name(path.name + SUFFIX)
        body = json_form(path.read_text(encoding="utf-8"))
        if body is None:
            target.unlink(missing_ok=True)
            continue
        target.write_text(body, encoding="utf-8")
        written.append(target)
    return written


if __name__ == "__main__":  # pragma: no cover - the command line of write_json_forms
    for arg in sys.argv[1:] or ["budget/reference_data", "budget/reference_data/areas", "budget/reference_data/need",
                                "scenarios/assumptions"]:
        for p in write_json_forms(Path(arg)):
            print(f"wrote {p}")
