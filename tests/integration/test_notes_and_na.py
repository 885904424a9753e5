"""Notes and sources written under a table end it with a warning; an 'NA' amount is a line with no
figure, counted as £0 with a warning naming its cell."""

from __future__ import annotations

import pytest

from budget.readers import load_bytes
from tests.integration.builders import GOOD_LINES, GOOD_TOTAL, allocations_workbook, plan_workbook, save


def _warnings(result, fragment: str):
    return [w for w in result.warnings if fragment in w.message]


@pytest.mark.parametrize("note", ["Note: figures are planned, not outturn",
                                  "Source: ICB finance return, June 2025",
                                  "Notes: 1. Lines 4-6 are jointly commissioned"])
def test_a_note_under_the_expenditure_table_ends_it_with_a_warning(note):
    wb = plan_workbook()
    ex = wb["Expenditure"]
    ex.append([note])
    ex.merge_cells(f"A{ex.max_row}:N{ex.max_row}")  # notes are often merged across the table
    ex.append(["* excludes capital", None, None, "see guidance", None, None, None, None, None, None, "Source",
               "n/a"])
    result = load_bytes(save(wb), name="plan.xlsx")
    plan = result.plans[0]
    assert len(plan.lines) == len(GOOD_LINES)
    assert plan.total_expenditure == pytest.approx(GOOD_TOTAL)
    found = _warnings(result, "is a note")
    assert len(found) == 1
    w = found[0]
    assert w.file == "plan.xlsx" and w.sheet == "Expenditure" and w.cell == f"A{ex.max_row - 1}"
    assert "1 filled row below it was not read" in w.message
    assert not [p for p in result.problems if p.severity == "error"]


def test_a_source_under_the_income_table_ends_it():
    wb = plan_workbook()
    wb["Income"].append(["Source: NHS England allocations 2025-26", "see note 3"])
    result = load_bytes(save(wb), name="plan.xlsx")
    assert result.plans[0].total_income == pytest.approx(2_800_000)
    assert [w.sheet for w in _warnings(result, "is a note")] == ["Income"]


def test_a_source_under_an_allocations_table_ends_it():
    wb = allocations_workbook([("E06000001", "Hartlepool", 1_000_000, 500_000)])
    wb.active.append(["Source: NHS England, Better Care Fund allocations", None, "Figures in £"])
    result = load_bytes(save(wb), name="allocations.xlsx")
    assert [p.area.code for p in result.plans] == ["E06000001"]
    assert len(_warnings(result, "is a note")) == 1


@pytest.mark.parametrize("written", ["NA", "N/A", "n/a", "-"])
def test_an_na_amount_is_a_line_with_no_figure_counted_as_zero(written):
    lines = [list(x) for x in GOOD_LINES]
    lines[1][11] = written
    result = load_bytes(save(plan_workbook(lines)), name="plan.xlsx")
    plan = result.plans[0]
    assert len(plan.lines) == len(GOOD_LINES)
    na = next(x for x in plan.lines if x.scheme_id == "2")
    assert na.amount == 0
    assert plan.total_expenditure == pytest.approx(GOOD_TOTAL - 350_000.50)
    found = _warnings(result, "no figure")
    assert len(found) == 1
    assert (found[0].file, found[0].sheet, found[0].cell) == ("plan.xlsx", "Expenditure", "L5")
    assert f"'{written}'" in found[0].message and "£0" in found[0].message


def test_na_amounts_and_other_problems_are_reported_in_one_pass():
    lines = [list(x) for x in GOOD_LINES]
    lines[0][11] = "NA"
    lines[1][11] = "twelve"  # still an error
    lines[2][11] = None  # a blank amount is still an error
    with pytest.raises(Exception) as e:
        load_bytes(save(plan_workbook(lines)), name="plan.xlsx")
    problems = e.value.problems
    assert {p.cell for p in problems if p.severity == "error"} == {"L5", "L6"}
    assert [p.cell for p in problems if p.severity == "warning" and "no figure" in p.message] == ["L4"]


def test_an_na_income_amount_counts_as_zero_with_a_warning():
    income = [["Minimum NHS Contribution", 1_500_000], ["Local Authority Better Care Grant", "N/A"],
              ["Disabled Facilities Grant", 900_000]]
    result = load_bytes(save(plan_workbook(income=income)), name="plan.xlsx")
    assert result.plans[0].total_income == pytest.approx(2_400_000)
    found = _warnings(result, "no figure")
    assert [(w.sheet, w.cell) for w in found] == [("Income", "B4")]
