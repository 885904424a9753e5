"""Unit tests of budget/export_parts.py: the sheet writers both copies of the return share."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from openpyxl import Workbook

from budget.columns import COVER_FIELDS
from budget.demo import demo_plan
from budget.export_parts import (
    COLOURS_IN_WORDS,
    STATUS_WORDS,
    Formulas,
    checklist_sheet,
    cover_sheet,
    declare_table,
    expenditure_sheet,
    finish_workbook,
    guidance_sheet,
    income_sheet,
    lists_sheet,
    positioned,
    table_sheet,
)
from budget.models import CellRef
from budget.reference import load_reference
from budget.rules import Finding
from budget.submission import SIGN_OFF_COLUMNS, Signatory
from budget.tables import Table
from budget.template import EXPENDITURE_ORDER, field_label

PLAN = demo_plan()
SMALL = PLAN.model_copy(update={"lines": PLAN.lines[:5]})
REF = load_reference(PLAN.year)


def _saved(wb: Workbook, formulas: Formulas | None = None, data_only: bool = True):
    buf = io.BytesIO()
    finish_workbook(wb, formulas or Formulas(), buf)
    return openpyxl.load_workbook(io.BytesIO(buf.getvalue()), data_only=data_only)


def _base() -> Workbook:
    wb = Workbook()
    guidance_sheet(wb, SMALL, ["Title line", "Second line"])
    return wb


def test_guidance_says_every_colour_in_words_and_flags_the_demo():
    wb = _base()
    texts = [c.value for c in wb["Guidance"]["A"] if c.value]
    assert texts[:2] == ["Title line", "Second line"]
    assert COLOURS_IN_WORDS in texts
    assert texts[-1] == "ILLUSTRATIVE: every figure in this return is made up to show how the tool works."
    real = Workbook()
    guidance_sheet(real, SMALL.model_copy(update={"illustrative": False}), ["T"])
    assert not any("ILLUSTRATIVE" in str(c.value) for c in real["Guidance"]["A"])


def test_positioned_points_lines_and_income_at_the_return_cells():
    p = positioned(SMALL, EXPENDITURE_ORDER)
    amount = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[EXPENDITURE_ORDER.index("amount")]
    assert [(x.sheet, x.row, x.cells["amount"]) for x in p.lines] == [
        ("Expenditure", 4 + i, f"{amount}{4 + i}") for i in range(5)]
    assert [x.cell for x in p.income] == [CellRef(sheet="Income", cell=f"B{4 + i}") for i in range(len(p.income))]


def test_income_and_expenditure_totals_are_formulas_with_their_values_saved():
    wb = _base()
    formulas = Formulas()
    income_sheet(wb, SMALL, REF, formulas)
    ranges = lists_sheet(wb, REF, template_only=False)
    expenditure_sheet(wb, positioned(SMALL, EXPENDITURE_ORDER), REF, EXPENDITURE_ORDER, formulas, ranges, "note",
                      lever=True)
    n_income = len(SMALL.income)
    col = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[EXPENDITURE_ORDER.index("amount")]
    values = _saved(wb, formulas)
    raw = _saved(_rebuilt(), data_only=False)
    assert raw["Income"][f"B{4 + n_income}"].value == f"=SUM(B4:B{3 + n_income})"
    assert values["Income"][f"B{4 + n_income}"].value == pytest.approx(sum(x.amount for x in SMALL.income))
    assert values["Expenditure"][f"{col}9"].value == pytest.approx(sum(x.amount for x in SMALL.lines))
    assert values["Expenditure"]["A9"].value == "Total"
    assert values["Expenditure"].cell(3, len(EXPENDITURE_ORDER) + 1).value == "Lever (model)"
    assert values.sheetnames[-1] == "Lists"


def _rebuilt() -> Workbook:
    wb = _base()
    income_sheet(wb, SMALL, REF, Formulas())
    lists_sheet(wb, REF, template_only=True)
    return wb


def test_lists_sheet_is_hidden_and_its_ranges_fit_its_lists():
    wb = Workbook()
    ranges = lists_sheet(wb, REF, template_only=False)
    ws = wb["Lists"]
    assert ws.sheet_state == "hidden"
    n_types = len(REF.scheme_types)
    assert ranges["scheme_type"] == f"Lists!$A$2:$A${n_types + 1}"
    assert [ws.cell(i, 1).value for i in range(2, n_types + 2)] == [s.name for s in REF.scheme_types]
    assert ranges["new_existing"].endswith("$3")
    template = lists_sheet(Workbook(), REF, template_only=True)
    assert int(template["sub_type"].rsplit("$", 1)[1]) <= int(ranges["sub_type"].rsplit("$", 1)[1])


def test_cover_sheet_with_sign_off_rows():
    wb = _base()
    cover_sheet(wb, SMALL, "My scenario", (Signatory(role="HWB chair", name="A. Person", signed_on=dt.date(2026, 3, 1)),
                                           Signatory(role="Section 151 officer")), note="Figures as planned.")
    ws = wb["Cover"]
    pairs = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(3, 12)}
    assert pairs["Scenario"] == "My scenario" and pairs["Note"] == "Figures as planned."
    assert pairs[field_label(COVER_FIELDS, "area_code")] == PLAN.area.code
    assert pairs[field_label(COVER_FIELDS, "year")] == PLAN.year
    head = next(r for r in range(1, 30) if ws.cell(r, 1).value == SIGN_OFF_COLUMNS[0])
    assert [ws.cell(head, c).value for c in range(1, 5)] == list(SIGN_OFF_COLUMNS)
    assert (ws.cell(head + 1, 1).value, ws.cell(head + 1, 3).value) == ("HWB chair", "A. Person")
    assert ws.cell(head + 2, 3).value is None
    assert len(ws.tables) == 1


def test_checklist_puts_red_first_with_words_and_links():
    findings = (Finding(id="g", severity="green", title="Fine", message="ok"),
                Finding(id="r", severity="red", title="Broken", message="over",
                        cells=tuple(CellRef(sheet="Expenditure", cell=f"L{i}") for i in range(4, 12))))
    wb = _base()
    checklist_sheet(wb, SMALL, findings, (("NC1", "Met", "statement"),))
    ws = wb["Checklist"]
    assert ws["A2"].value == "1 red · 0 amber · 1 green"
    assert [ws.cell(r, 1).value for r in (5, 6, 7)] == ["Red", "Green", "Met"]
    assert ws["A5"].comment.text == STATUS_WORDS["red"]
    assert ws["D5"].value == ("Expenditure!L4, Expenditure!L5, Expenditure!L6, Expenditure!L7, Expenditure!L8, "
                              "Expenditure!L9 and 2 more")
    assert ws["D5"].hyperlink.location == "'Expenditure'!L4"
    assert (ws["B7"].value, ws["C7"].value) == ("NC1", "statement")


def test_table_sheet_writes_title_notes_header_and_rows():
    wb = Workbook()
    t = Table("Results", ("Outcome", "P50"), (("Admissions avoided", 12.5), ("Saving", 1000.0)),
              {"P50": "#,##0.0"}, ("A note.",), {1: "£#,##0"})
    table_sheet(wb, "A very long sheet name that Excel would refuse", t)
    ws = wb.worksheets[-1]
    assert ws.title == "A very long sheet name that Exc"
    assert (ws["A1"].value, ws["A2"].value) == ("Results", "A note.")
    assert [ws["A4"].value, ws["B4"].value] == ["Outcome", "P50"]
    assert (ws["B5"].number_format, ws["B6"].number_format) == ("#,##0.0", "£#,##0")
    assert list(ws.tables) == ["T_A_very_long_sheet_name_that_Exc"]


def test_declare_table_needs_a_data_row_and_names_tables_uniquely():
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet 1"
    declare_table(ws, 3, 2, 3)
    assert not ws.tables
    declare_table(ws, 3, 2, 5)
    declare_table(ws, 8, 2, 9)
    assert sorted(ws.tables) == ["T_Sheet_1", "T_Sheet_1_2"]
    assert ws.tables["T_Sheet_1"].ref == "A3:B5"


def test_formulas_add_writes_the_formula_and_keeps_the_value():
    wb = Workbook()
    ws = wb.active
    f = Formulas()
    f.add(ws, "C3", "=SUM(C1:C2)", 7.5)
    assert ws["C3"].value == "=SUM(C1:C2)"
    assert f.values == {ws.title: {"C3": 7.5}}
