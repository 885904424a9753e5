"""Totals rows: one that agrees with the rows above it is recognised quietly; one that disagrees, or that
states nothing to check, is a warning naming its cell. Workbooks are written here by hand, cell by cell."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from budget.demo import demo_workbook_bytes
from budget.readers import load_bytes
from tests.integration.builders import (
    GOOD_INCOME,
    GOOD_INCOME_TOTAL,
    GOOD_LINES,
    GOOD_TOTAL,
    plan_workbook,
    save,
)

TITLE_ROWS = 2
FIRST_LINE = TITLE_ROWS + 2  # row 3 is the header
TOTAL_ROW = FIRST_LINE + len(GOOD_LINES)
BLANK_LINE = ["", "", "", "", "", "", "", "", "", "", ""]


def totals_warnings(data: bytes, name: str = "t.xlsx"):
    result = load_bytes(data, name=name)
    return result, [w for w in result.warnings if "totals row" in w.message]


def with_total(amount) -> bytes:
    return save(plan_workbook([*GOOD_LINES, ["Total", *BLANK_LINE[1:], amount]]))


def test_expenditure_total_that_agrees_is_quiet():
    result, warned = totals_warnings(with_total(GOOD_TOTAL))
    assert warned == []
    assert result.total_expenditure == pytest.approx(GOOD_TOTAL)  # not added again


def test_expenditure_total_written_as_pound_text_that_agrees_is_quiet():
    _, warned = totals_warnings(with_total("£2,450,000.50"))
    assert warned == []


def test_expenditure_total_that_disagrees_is_one_warning_at_its_amount():
    result, warned = totals_warnings(with_total(999))
    assert len(warned) == 1
    (w,) = warned
    assert (w.sheet, w.cell) == ("Expenditure", f"L{TOTAL_ROW}")
    assert w.message == (f"row {TOTAL_ROW} looks like a totals row and was not added; the totals row says £999.00 "
                         "but the lines above it add up to £2,450,000.50")
    assert result.total_expenditure == pytest.approx(GOOD_TOTAL)


def test_totals_row_with_no_figure_is_said_to_be_left_out():
    _, warned = totals_warnings(with_total(None))
    assert [(w.cell, w.message) for w in warned] == [
        (f"A{TOTAL_ROW}", f"row {TOTAL_ROW} looks like a totals row and was not added")]


def formula_total(formula: str) -> bytes:
    """A totals row holding a formula with no saved value, as a program (not Excel) writes it."""
    wb = plan_workbook(list(GOOD_LINES))
    ws = wb["Expenditure"]
    ws.cell(TOTAL_ROW, 1, "Total")
    ws.cell(TOTAL_ROW, 12, formula)
    return save(wb)


def test_unsaved_sum_formula_over_the_lines_is_quiet():
    _, warned = totals_warnings(formula_total(f"=SUM(L{FIRST_LINE}:L{TOTAL_ROW - 1})"))
    assert warned == []
    _, warned = totals_warnings(formula_total(f"=sum($L${FIRST_LINE}:$L${TOTAL_ROW - 1})"))
    assert warned == []


def test_unsaved_sum_formula_that_leaves_a_line_out_disagrees():
    _, warned = totals_warnings(formula_total(f"=SUM(L{FIRST_LINE}:L{TOTAL_ROW - 2})"))
    assert [w.cell for w in warned] == [f"L{TOTAL_ROW}"]
    assert "says £1,550,000.50 but the lines above it add up to £2,450,000.50" in warned[0].message


@pytest.mark.parametrize("formula", [f"=L{FIRST_LINE}+L{FIRST_LINE + 1}+L{FIRST_LINE + 2}",
                                     f"=SUM(L{FIRST_LINE}:L{TOTAL_ROW})", "=SUM(Income!B3:B5)"])
def test_other_unsaved_formulas_cannot_be_checked(formula):
    _, warned = totals_warnings(formula_total(formula))
    assert [(w.cell, w.message) for w in warned] == [
        (f"A{TOTAL_ROW}", f"row {TOTAL_ROW} looks like a totals row and was not added")]


def income_with_total(amount) -> bytes:
    return save(plan_workbook(income=[*GOOD_INCOME, ["Total", amount]]))


def test_income_total_that_agrees_is_quiet_and_one_that_disagrees_warns():
    result, warned = totals_warnings(income_with_total(GOOD_INCOME_TOTAL))
    assert warned == [] and result.total_income == pytest.approx(GOOD_INCOME_TOTAL)
    result, warned = totals_warnings(income_with_total(3_000_000))
    assert [(w.sheet, w.cell) for w in warned] == [("Income", f"B{len(GOOD_INCOME) + 3}")]
    assert "says £3,000,000.00 but the income above it adds up to £2,800,000.00" in warned[0].message
    assert result.total_income == pytest.approx(GOOD_INCOME_TOTAL)


def allocations(total_row: list) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Allocations"
    ws.append(["BCF allocations 2025-26"])
    ws.append(["HWB Code", "HWB Name", "Minimum NHS Contribution 2025-26 (£)", "Disabled Facilities Grant 2025-26 (£)"])
    ws.append(["E06000001", "Hartlepool", 10_000_000, 1_000_000])
    ws.append(["E09000011", "Greenwich", "£20,000,000", 2_500_000])
    ws.append(total_row)
    return save(wb)


def test_allocations_total_is_checked_stream_by_stream():
    _, warned = totals_warnings(allocations(["", "England", 30_000_000, 3_500_000]))
    assert warned == []
    _, warned = totals_warnings(allocations(["", "Total", 30_000_000, 3_000_000]))
    assert [w.cell for w in warned] == ["D5"]
    assert "says £3,000,000.00 but the areas above it add up to £3,500,000.00" in warned[0].message


def localities_template(total: tuple | None) -> bytes:
    """The demo input template with a totals row typed under its localities."""
    import io

    wb = openpyxl.load_workbook(io.BytesIO(demo_workbook_bytes()))
    ws = wb["Localities"]
    if total is not None:
        ws.append(list(total))
    return save(wb)


def test_localities_total_is_checked_against_the_localities_above():
    from budget.demo import demo_plan

    locs = demo_plan().localities
    pop, older = sum(x.population for x in locs), sum(x.population_65_plus for x in locs)
    oldest = sum(x.population_85_plus for x in locs)
    admissions = sum(x.emergency_admissions_65_plus for x in locs)
    _, warned = totals_warnings(localities_template(("Total", pop, older, oldest, None, admissions, None)))
    assert warned == []
    result, warned = totals_warnings(localities_template(("Whole area", pop, older + 10, oldest, None, admissions,
                                                          None)))
    assert [(w.sheet, w.cell) for w in warned] == [("Localities", f"C{4 + len(locs)}")]
    assert f"says {older + 10:,} but the localities above it add up to {older:,}" in warned[0].message
    assert len(result.plans[0].localities) == len(locs)


def test_the_demo_workbook_opens_without_warnings():
    shipped = Path(__file__).resolve().parents[2] / "templates" / "demo_area.xlsx"
    for data in (demo_workbook_bytes(), shipped.read_bytes()):
        result = load_bytes(data, name="demo_area.xlsx")
        assert [w.message for w in result.warnings] == []
