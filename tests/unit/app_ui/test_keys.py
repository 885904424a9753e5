"""The session's key names: one constant for each key, and no page, shared part or app entry point naming a
widget or form by a literal string."""

from __future__ import annotations

import ast
from pathlib import Path

from app_ui import keys

ROOT = Path(__file__).resolve().parents[3]
APP_FILES = [ROOT / "app.py", *sorted((ROOT / "app_ui").glob("*.py")), *sorted((ROOT / "app_pages").glob("*.py"))]
NAMES = {n: v for n, v in vars(keys).items() if n.isupper() and isinstance(v, str)}


def test_every_key_is_named_once():
    assert len(NAMES) > 80
    values = list(NAMES.values())
    assert len(set(values)) == len(values), sorted(v for v in values if values.count(v) > 1)


def test_no_prefix_starts_another_key():
    """A family of keys found by its prefix never takes in a key of another meaning."""
    prefixes = {n: v for n, v in NAMES.items() if n.endswith("_PREFIX")}
    clashes = [(p, n) for p, start in prefixes.items() for n, v in NAMES.items() if n != p and v.startswith(start)]
    assert not clashes, clashes


def literal_keys(source: str) -> list[tuple[int, str]]:
    """(line, text) for each widget or form key written as a literal string, or an f-string not led by a name."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        given = [k.value for k in node.keywords if k.arg == "key"]
        if isinstance(node.func, ast.Attribute) and node.func.attr == "form" and node.args:
            given.append(node.args[0])
        for value in given:
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                found.append((node.lineno, value.value))
            elif isinstance(value, ast.JoinedStr) and not (
                value.values and isinstance(value.values[0], ast.FormattedValue)
            ):
                found.append((node.lineno, ast.unparse(value)))
    return found


def test_no_page_names_a_widget_by_a_literal_key():
    problems = [f"{path.relative_to(ROOT)}:{line} {text}" for path in APP_FILES
                for line, text in literal_keys(path.read_text(encoding="utf-8"))]
    assert not problems, "\n".join(problems)


def test_the_check_catches_a_literal_key():
    source = '''
import streamlit as st
from app_ui import keys
st.selectbox("From", [1], key="move_from")
st.button("Remove", key=f"remove_change_{i}")
with st.form("move_money"):
    pass
st.selectbox("To", [1], key=keys.MOVE_TO)
st.button("Remove", key=f"{keys.REMOVE_CHANGE_PREFIX}{i}")
with st.form(keys.SAVE_FORM):
    pass
'''
    assert [line for line, _ in literal_keys(source)] == [4, 5, 6]


def test_the_runs_key_is_read_from_the_session_module_too():
    from app_ui import session

    assert session.KEY_RUNS == keys.KEY_RUNS == "bcf_runs"
