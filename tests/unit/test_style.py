"""The code base's own rules, checked on every `make test`: ruff's lint rules (line length 120 among them,
configured in pyproject.toml) pass, and no module runs past 500 lines."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MAX_LINES = 500
FOLDERS = ("app_pages", "app_ui", "budget", "scenarios", "reports", "tests", "benchmarks", "fuzz", "tools")


def _python_files() -> list[Path]:
    files = [ROOT / "app.py"]
    for folder in FOLDERS:
        files += sorted((ROOT / folder).rglob("*.py"))
    return files


def test_ruff_finds_nothing():
    ruff = Path(sys.executable).with_name("ruff")
    if not ruff.exists():
        pytest.skip("ruff is installed with the test extras (pip install -e '.[test]')")
    done = subprocess.run([str(ruff), "check", "--output-format", "concise", "."], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


def test_no_module_runs_past_500_lines():
    long = {str(p.relative_to(ROOT)): n for p in _python_files()
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, f"split these by what they hold: {long}"


def test_the_line_count_sees_the_code_base():
    names = {str(p.relative_to(ROOT)) for p in _python_files()}
    assert {"app.py", "scenarios/engine.py", "reports/board_pack.py", "tests/unit/test_style.py"} <= names


def _has_logic(path: Path) -> bool:
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    return any(isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) for n in ast.walk(tree))


def test_every_module_with_logic_has_its_unit_tests_beside_it():
    """budget/readers/grid.py is tested in tests/unit/budget/readers/test_grid.py, and so on."""
    missing = []
    for package in ("budget", "scenarios", "reports", "app_ui"):
        for path in sorted((ROOT / package).rglob("*.py")):
            if path.name == "__init__.py" or not _has_logic(path):
                continue
            rel = path.relative_to(ROOT)
            if not (ROOT / "tests" / "unit" / rel.parent / f"test_{path.name}").exists():
                missing.append(str(rel))
    assert not missing, f"modules without a unit-test file: {missing}"


def test_what_people_read_says_1_line_and_3_lines():
    """Counts agree with their nouns and verbs (budget.money.counted and verb), never 'line(s)' or 'area(s)'.

    Strings the code reads rather than writes are left out: the headings an input workbook may use (columns.py).
    """
    found = []
    for path in [ROOT / "app.py", *(p for f in ("app_pages", "app_ui", "budget", "scenarios", "reports", "benchmarks")
                                    for p in sorted((ROOT / f).rglob("*.py")))]:
        if path.name == "columns.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                      if isinstance(n, (ast.Module, ast.ClassDef, ast.FunctionDef)) and n.body
                      and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
        found += [f"{path.relative_to(ROOT)}:{n.lineno}: {n.value.strip()[:60]}" for n in ast.walk(tree)
                  if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings
                  and re.search(r"[a-z]\(s\)", n.value)]
    assert not found, "\n".join(found)
