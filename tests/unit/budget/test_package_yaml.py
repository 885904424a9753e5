"""The YAML shipped with BCF Planner reads the same through libyaml's C loader as through PyYAML's
pure-Python SafeLoader: the same data, value for value and type for type."""

from __future__ import annotations

from importlib import resources

import pytest
import yaml

from budget.package_yaml import PackageLoader, load_yaml

FILES = sorted(
    [f"budget/reference_data/{p.name}" for p in (resources.files("budget") / "reference_data").iterdir()
     if p.name.endswith(".yaml")]
    + [f"scenarios/assumptions/{p.name}" for p in (resources.files("scenarios") / "assumptions").iterdir()
       if p.name.endswith(".yaml")])


def _text(name: str) -> str:
    package, rest = name.split("/", 1)
    return (resources.files(package) / rest).read_text(encoding="utf-8")


def _typed(x: object) -> object:
    """The data with every value's type beside it, so that 1 and 1.0 (or True and 1) differ."""
    if isinstance(x, dict):
        return ("dict", [(_typed(k), _typed(v)) for k, v in x.items()])
    if isinstance(x, list):
        return ("list", [_typed(v) for v in x])
    return (type(x).__name__, x)


def test_every_package_file_is_seen():
    assert any(f.startswith("budget/") for f in FILES) and any(f.startswith("scenarios/") for f in FILES)
    assert "scenarios/assumptions/levers.yaml" in FILES


def test_the_c_loader_is_used_where_pyyaml_has_it():
    assert PackageLoader is getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@pytest.mark.parametrize("name", FILES)
def test_c_loader_reads_package_files_as_safe_loader_does(name):
    text = _text(name)
    assert _typed(load_yaml(text)) == _typed(load_yaml(text, yaml.SafeLoader))


@pytest.mark.parametrize("text", [
    "a: 1\nb: 1.0\nc: 1e3\nd: .5\ne: -2\nf: 0x1F\ng: 0o17\nh: 1_000\n",
    "a: yes\nb: no\nc: on\nd: off\ne: true\nf: ~\ng: null\nh: ''\n",
    "a: 2025-26\nb: 2024-04-01\nc: '2024-04-01'\nd: 12:30\ne: .inf\n",
    "a: [1, 'x', {b: c}]\nd: &anchor {e: 1}\nf: *anchor\ng: |\n  two\n  lines\nh: >\n  folded\n  text\n",
    "£ £: \"é\\u00e9\"\n",
])
def test_c_loader_reads_yaml_1_1_scalars_as_safe_loader_does(text):
    assert _typed(load_yaml(text)) == _typed(load_yaml(text, yaml.SafeLoader))


def test_the_c_loader_refuses_python_objects():
    with pytest.raises(yaml.YAMLError):
        load_yaml("!!python/object/apply:os.system ['true']\n")
