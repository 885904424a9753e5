"""budget.sus_sheet: the SUS sheet's layout, blank and filled."""

from __future__ import annotations

import io

import openpyxl

from budget.actuals import MetricMonth
from budget.sus_sheet import COVER_ROW, SUS_SHEET, TABLE_ROW, sus_sheet_bytes


def test_the_blank_sheet_names_the_year_and_lists_its_twelve_months_with_empty_cells():
    ws = openpyxl.load_workbook(io.BytesIO(sus_sheet_bytes("2025/26")))[SUS_SHEET]
    assert ws.cell(COVER_ROW + 2, 2).value == "2025-26"
    assert [ws.cell(TABLE_ROW, c).value for c in (1, 2, 3)] == [
        "Month", "Emergency admissions, people aged 65+ (number in the month)", "Population aged 65+"]
    assert [ws.cell(r, 1).value for r in range(TABLE_ROW + 1, TABLE_ROW + 13)][::11] == ["Apr 2025", "Mar 2026"]
    assert all(ws.cell(r, c).value is None for r in range(TABLE_ROW + 1, TABLE_ROW + 13) for c in (2, 3))


def test_a_filled_sheet_puts_each_months_figures_on_its_row_and_names_the_area():
    rows = (MetricMonth(month="2025-06", emergency_admissions_65_plus=210, population_65_plus=61_000),)
    ws = openpyxl.load_workbook(io.BytesIO(sus_sheet_bytes("2025-26", area_name="Calderdale", area_code="E08000033",
                                                           rows=rows)))[SUS_SHEET]
    assert (ws.cell(COVER_ROW, 2).value, ws.cell(COVER_ROW + 1, 2).value) == ("Calderdale", "E08000033")
    june = TABLE_ROW + 3
    assert (ws.cell(june, 1).value, ws.cell(june, 2).value, ws.cell(june, 3).value) == ("Jun 2025", 210, 61_000)
    assert ws.cell(june - 1, 2).value is None
