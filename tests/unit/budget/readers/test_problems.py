"""Unit tests of budget/readers/problems.py: the collector, totals rows, notes under tables and SUM formulas."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from budget.readers.grid import Sheet
from budget.readers.problems import (
    MAX_PROBLEMS,
    Collector,
    TotalCheck,
    excel_error,
    formula_unsaved,
    na_amount,
    note_ends_table,
    sum_formula_value,
    totals_disagree,
    totals_row,
)


def test_collector_carries_file_sheet_cell_and_severity():
    out = Collector(file="plan.xlsx")
    out.error("Expenditure", "L7", "bad amount")
    out.warn("Cover", None, "no year")
    assert [(p.severity, p.file, p.sheet, p.cell, p.message) for p in out.problems] == [
        ("error", "plan.xlsx", "Expenditure", "L7", "bad amount"),
        ("warning", "plan.xlsx", "Cover", None, "no year"),
    ]
    assert [p.message for p in out.errors] == ["bad amount"]


def test_collector_stops_at_max_problems():
    out = Collector(file="f.xlsx")
    for i in range(MAX_PROBLEMS + 25):
        out.warn("S", f"A{i + 1}", "w")
    assert len(out.problems) == MAX_PROBLEMS
    assert out.problems[-1].cell == f"A{MAX_PROBLEMS}"


def test_messages_read_as_sentences():
    assert formula_unsaved("the expenditure cell") == (
        "the expenditure cell holds a formula with no saved value; open the workbook in Excel, let it calculate, "
        "save and retry")
    assert excel_error("the cell", "#REF!") == "the cell holds the Excel error #REF!; correct it and save again"
    assert na_amount("the income", "n/a") == "the income is 'n/a' (no figure): counted as £0"
    assert totals_row(12) == "row 12 looks like a totals row and was not added"
    assert totals_disagree("£10.00", "£9.00", "the lines above it add up to") == (
        "the totals row says £10.00 but the lines above it add up to £9.00")
    assert note_ends_table(9, "Note: x", 0) == "row 9 is a note ('Note: x'): the table is read as ending above it"
    assert note_ends_table(9, "Note: x", 3).endswith("; 3 filled rows below it were not read")
    assert "'" + "n" * 60 + "'" in note_ends_table(1, "n" * 100, 0)


def _sheet(rows, formulas=None):
    return Sheet(name="Expenditure", rows=[tuple(r) for r in rows], formula_cells=formulas or {}, error_cells={})


def test_table_rows_skip_blanks_and_end_at_a_note():
    sheet = _sheet([("ID", "Amount"), (1, 10), (None, None), (2, "-"), ("Source: DHSC", None), (3, 30), (4, 40)])
    out = Collector(file="f.xlsx")
    rows = list(out.table_rows(sheet, 1))
    assert [r for r, _ in rows] == [2, 4]
    (note,) = out.problems
    assert (note.severity, note.sheet, note.cell) == ("warning", "Expenditure", "A5")
    assert note.message == ("row 5 is a note ('Source: DHSC'): the table is read as ending above it; 2 filled rows "
                            "below it were not read")


def test_totals_row_that_agrees_is_quiet():
    sheet = _sheet([("Total", 300.4)])
    out = Collector(file="f.xlsx")
    out.totals_row(sheet, 1, 1, (TotalCheck(2, 300.0, "the lines above it add up to"),))
    assert out.problems == []


def test_totals_row_that_disagrees_is_warned_at_its_cell():
    sheet = _sheet([("x",), ("Total", "£1,000")])
    out = Collector(file="f.xlsx")
    out.totals_row(sheet, 2, 1, (TotalCheck(2, 998.5, "the lines above it add up to"),))
    (p,) = out.problems
    assert (p.severity, p.cell) == ("warning", "B2")
    assert p.message == ("row 2 looks like a totals row and was not added; the totals row says £1,000.00 but the "
                         "lines above it add up to £998.50")


def test_totals_row_of_counts_says_counts():
    sheet = _sheet([("Total", 12)])
    out = Collector(file="f.xlsx")
    out.totals_row(sheet, 1, 1, (TotalCheck(2, 10.5, "the rows above it add up to", money=False),))
    assert out.problems[0].message.endswith("the totals row says 12 but the rows above it add up to 10.50")


def test_totals_row_with_nothing_to_check_is_warned_at_its_label():
    sheet = _sheet([(None, "Total", "text")])
    out = Collector(file="f.xlsx")
    out.totals_row(sheet, 1, 2, (TotalCheck(3, 5.0, "x"),))
    (p,) = out.problems
    assert (p.cell, p.message) == ("B1", "row 1 looks like a totals row and was not added")


def test_totals_row_checks_an_unsaved_sum_formula():
    sheet = _sheet([("a", 100), ("b", 250), ("Total", None)], {(3, 2): "=SUM(B1:B2)"})
    out = Collector(file="f.xlsx")
    out.totals_row(sheet, 3, 1, (TotalCheck(2, 300.0, "the lines above it add up to"),))
    assert out.problems[0].message.endswith("the totals row says £350.00 but the lines above it add up to £300.00")


def test_sum_formula_value_adds_the_range():
    sheet = _sheet([(1, 2), ("£3", None), ("4", "x")], {(4, 1): "= sum($A$1:A3)"})
    assert sum_formula_value(sheet, 4, 1) == 8.0


@pytest.mark.parametrize("formula", ["=AVERAGE(A1:A3)", "=SUM(A1:A3)+1", "=SUM(Other!A1:A3)", "=SUM(A1:A5)"])
def test_sum_formula_value_refuses_anything_else(formula):
    sheet = _sheet([(1,), (2,), (3,), (None,), (None,)], {(5, 1): formula})
    # the last case covers the cell itself
    assert sum_formula_value(sheet, 5, 1) is None


def test_sum_formula_value_none_when_range_holds_unsaved_formula_or_text():
    sheet = _sheet([(1,), (None,), (3,)], {(2, 1): "=A1", (5, 1): "=SUM(A1:A3)"})
    assert sum_formula_value(sheet, 5, 1) is None
    text = _sheet([(1,), ("many",), (3,)], {(5, 1): "=SUM(A1:A3)"})
    assert sum_formula_value(text, 5, 1) is None


def test_sum_formula_value_none_without_formula():
    assert sum_formula_value(_sheet([(1,), (2,)]), 3, 1) is None


@given(st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=20))
def test_sum_formula_value_equals_python_sum(xs):
    n = len(xs)
    sheet = _sheet([(x,) for x in xs], {(n + 1, 1): f"=SUM(A{n}:A1)"})
    assert sum_formula_value(sheet, n + 1, 1) == float(sum(xs))
