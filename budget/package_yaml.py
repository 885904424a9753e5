"""The YAML that ships inside BCF Planner (reference data, the assumption library) as Python data.

Parsed by libyaml's C parser where PyYAML was built with it (``yaml.CSafeLoader``), otherwise by
PyYAML's own ``yaml.SafeLoader``; both use the same safe constructor and resolver, so they build the
same objects. A file a user gives (a scenario file) is not read here.
"""

from __future__ import annotations

import yaml

PackageLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str, loader: type | None = None) -> object:
    """The data in YAML text, read with ``loader`` (default: the C loader where there is one)."""
    return yaml.load(text, Loader=loader or PackageLoader)  # noqa: S506 - a safe loader, always
