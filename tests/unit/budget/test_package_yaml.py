"""The YAML shipped with BCF Planner reads the same through libyaml's C loader as through PyYAML's
pure-Python SafeLoader, and through its JSON form as from the YAML: the same data, value for value and type for
type; a JSON form made from other text is never read."""

from __future__ import annotations

from importlib import resources

import pytest
import yaml

from budget.package_yaml import SUFFIX, json_form, load_yaml, package_loader, read_package_yaml, write_json_forms

FILES = sorted(
    [f"budget/reference_data/{p.name}" for p in (resources.files("budget") / "reference_data").iterdir()
     if p.name.endswith(".yaml")]
    + [f"budget/reference_data/{folder}/{p.name}" for folder in ("areas", "need")
       for p in (resources.files("budget") / "reference_data" / folder).iterdir() if p.name.endswith(".yaml")]
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
    assert package_loader() is getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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


def _folder_and_name(name: str):
    package, rest = name.split("/", 1)
    folder, _, file = rest.rpartition("/")
    return resources.files(package) / folder, file


@pytest.mark.parametrize("name", FILES)
def test_every_package_file_ships_its_json_form_made_from_its_text_as_it_is(name):
    # `python -m budget.package_yaml` writes them afresh after a YAML file is edited
    folder, file = _folder_and_name(name)
    assert (folder / (file + SUFFIX)).read_text(encoding="utf-8") == json_form(_text(name))


@pytest.mark.parametrize("name", FILES)
def test_a_package_file_read_through_its_json_form_is_the_yaml_type_for_type(name):
    folder, file = _folder_and_name(name)
    assert _typed(read_package_yaml(folder, file)) == _typed(load_yaml(_text(name)))


def test_an_edited_yaml_file_is_read_as_it_is_not_through_its_older_json_form(tmp_path):
    (tmp_path / "x.yaml").write_text("a: 1\nb: [x, y]\n", encoding="utf-8")
    assert [p.name for p in write_json_forms(tmp_path)] == ["x.yaml.json"]
    assert read_package_yaml(tmp_path, "x.yaml") == {"a": 1, "b": ["x", "y"]}
    (tmp_path / "x.yaml").write_text("a: 2\n", encoding="utf-8")
    assert read_package_yaml(tmp_path, "x.yaml") == {"a": 2}


def test_a_json_form_that_says_other_data_for_the_same_text_is_what_is_read_only_if_its_digest_matches(tmp_path):
    import json

    (tmp_path / "x.yaml").write_text("a: 1\n", encoding="utf-8")
    write_json_forms(tmp_path)
    form = json.loads((tmp_path / "x.yaml.json").read_text(encoding="utf-8"))
    (tmp_path / "x.yaml.json").write_text(json.dumps({**form, "yaml_sha256": "0" * 64, "data": {"a": 9}}))
    assert read_package_yaml(tmp_path, "x.yaml") == {"a": 1}
    (tmp_path / "x.yaml.json").write_text("{not json", encoding="utf-8")
    assert read_package_yaml(tmp_path, "x.yaml") == {"a": 1}


@pytest.mark.parametrize("text", ["a: 2024-04-01\n", "1: one\n", "a: 1\n2: b\n", "a: .inf\n", "a: !!binary aGk=\n"])
def test_yaml_that_json_cannot_hold_exactly_gets_no_json_form_and_is_parsed(tmp_path, text):
    (tmp_path / "x.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "x.yaml.json").write_text("stale", encoding="utf-8")
    assert json_form(text) is None
    assert write_json_forms(tmp_path) == [] and not (tmp_path / "x.yaml.json").exists()
    assert _typed(read_package_yaml(tmp_path, "x.yaml")) == _typed(load_yaml(text))
