"""The committed templates hold exactly what the code writes today, so they never drift from the
reference data or the demo."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from budget.demo import write_demo
from budget.template import write_input_template

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def cell_values(path: Path) -> dict[str, list[tuple]]:
    wb = openpyxl.load_workbook(path)
    out = {ws.title: [tuple(c.value for c in row) for row in ws.iter_rows()] for ws in wb.worksheets}
    out["_hidden"] = [ws.title for ws in wb.worksheets if ws.sheet_state != "visible"]
    return out


@pytest.mark.parametrize("year", ["2026-27", "2025-26"])
def test_committed_blank_template_is_fresh(tmp_path, year):
    fresh = tmp_path / "t.xlsx"
    write_input_template(fresh, year=year)
    assert cell_values(TEMPLATES / f"bcf_input_template_{year}.xlsx") == cell_values(fresh), (
        f"templates/bcf_input_template_{year}.xlsx is out of date: see templates/README.md to regenerate it")


def test_committed_demo_is_fresh(tmp_path):
    fresh, actuals = write_demo(tmp_path)
    assert cell_values(TEMPLATES / "demo_area.xlsx") == cell_values(fresh), (
        "templates/demo_area.xlsx is out of date: see templates/README.md to regenerate it")
    assert cell_values(TEMPLATES / "demo_area_actuals.xlsx") == cell_values(actuals), (
        "templates/demo_area_actuals.xlsx is out of date: see templates/README.md to regenerate it")
