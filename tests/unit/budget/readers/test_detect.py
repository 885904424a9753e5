"""Unit tests of budget/readers/detect.py: the kind of workbook, its sheets, and the financial year it is for."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from budget.models import LoadError, financial_year
from budget.readers.detect import (
    choose_year,
    detect,
    find_year,
    not_bcf,
    pick_year_column,
    two_years,
    year_columns,
    years_in,
)
from budget.readers.grid import Book, Header, Sheet
from budget.readers.problems import Collector
from budget.reference import DEFAULT_YEAR, available_years
from tests.integration.builders import allocations_workbook, plan_workbook, save


@pytest.mark.parametrize(("text", "years"), [
    ("Expenditure 2025-26", ["2025-26"]),
    ("2025/2026 and 2026 to 27", ["2025-26", "2026-27"]),
    ("FY 2024–25", ["2024-25"]),
    ("2023-25 two-year plan", []),  # a span is not one financial year
    ("no year", []),
    (2025, []),
])
def test_years_in(text, years):
    assert years_in(text) == years


@given(st.integers(min_value=2000, max_value=2097))
def test_years_in_reads_back_every_financial_year(start):
    assert years_in(f"Plan for {financial_year(start)}") == [financial_year(start)]


@pytest.mark.parametrize(("text", "span"), [
    ("2023-25", ("2023-24", "2024-25")),
    ("BCF plan 2023/25", ("2023-24", "2024-25")),
    ("2023 to 2025", ("2023-24", "2024-25")),
    ("2025-26", ()),
    ("2023-26", ()),
    ("none", ()),
])
def test_two_years(text, span):
    assert two_years(text) == span


def _header(labels: dict[int, str], amount_cols: list[int]) -> Header:
    return Header(row=3, columns={"amount": amount_cols[0]}, labels=labels,
                  duplicates={"amount": amount_cols[1:]} if amount_cols[1:] else {}, score=1)


def test_year_columns():
    assert year_columns(_header({}, [4, 6, 9]), "amount") == [4, 6, 9]
    assert year_columns(_header({}, [4]), "planned_outputs") == []


def test_pick_year_column_by_heading_then_by_place_then_first_with_warning():
    sheet = Sheet(name="Expenditure", rows=[])
    out = Collector(file="f.xlsx")
    headed = _header({4: "Expenditure 2023-24", 5: "Expenditure 2024-25"}, [4, 5])
    assert pick_year_column(sheet, headed, "amount", "2024-25", ("2023-24", "2024-25"), out) == 5
    plain = _header({4: "Expenditure", 5: "Expenditure"}, [4, 5])
    assert pick_year_column(sheet, plain, "amount", "2024-25", ("2023-24", "2024-25"), out) == 5
    assert out.problems == []
    assert pick_year_column(sheet, plain, "amount", "2025-26", ("2025-26",), out) == 4
    (p,) = out.problems
    assert (p.severity, p.sheet, p.cell) == ("warning", "Expenditure", "D3")
    assert p.message == "2 columns could hold 'amount'; read column D ('Expenditure')"
    assert pick_year_column(sheet, plain, "planned_outputs", "2025-26", (), out) is None


def _cover(*pairs) -> Sheet:
    return Sheet(name="Cover", rows=[tuple(p) for p in pairs])


def test_find_year_from_the_cover():
    out = Collector(file="f.xlsx")
    assert find_year([_cover(("Financial Year", "2025/26"))], None, out) == ("2025-26", ("2025-26",))
    assert out.problems == []


def test_find_year_cover_year_not_a_year_is_an_error_at_its_cell():
    out = Collector(file="f.xlsx")
    assert find_year([_cover(("Financial Year", "next year"))], None, out) == (DEFAULT_YEAR, ())
    (p,) = out.problems
    assert (p.severity, p.sheet, p.cell, p.message) == (
        "error", "Cover", "B1", "found 'next year', expected a financial year such as 2025-26")


def test_find_year_unsupported_year_is_an_error_listing_the_supported():
    out = Collector(file="f.xlsx")
    year, _ = find_year([_cover(("Financial Year", "2019-20"))], None, out)
    assert year == DEFAULT_YEAR
    assert out.errors[0].message == ("the financial year 2019-20 is not supported; years with reference data are "
                                     + ", ".join(available_years()))


def test_find_year_two_year_cover_reads_the_later_year_and_says_how_to_read_the_other():
    out = Collector(file="f.xlsx")
    assert find_year([_cover(("Financial Year", "2023-25"))], None, out) == ("2024-25", ("2023-24", "2024-25"))
    (p,) = out.problems
    assert p.severity == "warning" and p.cell == "B1"
    assert p.message == ("the workbook holds figures for 2023-24 and 2024-25; 2024-25 was read. To read 2023-24, "
                         "choose it on the Start page or when loading (bcf load FILE --year 2023-24)")


def test_choose_year_takes_a_hint_that_is_held_and_refuses_one_that_is_not():
    out = Collector(file="f.xlsx")
    assert choose_year(("2023-24", "2024-25"), "2023/24", out) == "2023-24"
    assert out.problems == []
    assert choose_year(("2023-24", "2024-25"), "2025-26", out, "Cover", "B2") == "2024-25"
    assert out.errors[0].message == ("the workbook holds figures for 2023-24 and 2024-25; 2025-26 was asked for but "
                                     "is not one of them: choose 2023-24 or 2024-25")


def test_find_year_from_the_text_most_often_written_else_hint_else_default():
    out = Collector(file="f.xlsx")
    sheets = [Sheet(name="E", rows=[("Plan 2024-25",), ("2025-26 spend", "2025-26 outputs")])]
    assert find_year(sheets, None, out) == ("2025-26", ("2025-26",))
    assert find_year([Sheet(name="E", rows=[("x",)])], "2024-25", out) == ("2024-25", ("2024-25",))
    assert out.problems == []
    assert find_year([Sheet(name="E", rows=[("x",)])], None, out) == (DEFAULT_YEAR, (DEFAULT_YEAR,))
    assert out.problems[0].message.startswith(f"no financial year found in the workbook; read as {DEFAULT_YEAR}")


def _detect(wb, year=None):
    book = Book(save(wb))
    out = Collector(file="f.xlsx")
    try:
        return detect(book, "f.xlsx", year, out), out
    finally:
        book.close()


def test_detect_a_plan():
    layout, out = _detect(plan_workbook())
    assert (layout.kind, layout.year, layout.years) == ("plan", "2025-26", ("2025-26",))
    assert [s.name for s, _ in layout.expenditure] == ["Expenditure"]
    assert layout.income[0].name == "Income" and layout.localities is None
    assert out.errors == []


def test_detect_allocations():
    wb = allocations_workbook([["E06000001", "Hartlepool", 1_000_000, 200_000]])
    layout, _ = _detect(wb)
    assert layout.kind == "allocations"
    (sheet, header, streams), = layout.allocations
    assert sheet.name == "Allocations" and header.row == 3 and len(streams) == 2


def test_detect_refuses_an_empty_workbook():
    import openpyxl

    with pytest.raises(LoadError) as e:
        _detect(openpyxl.Workbook())
    (p,) = e.value.problems
    assert p.file == "f.xlsx" and p.sheet is None
    assert p.message.startswith("the workbook is empty: every sheet is blank")


def test_not_bcf_names_the_missing_columns_of_a_near_header():
    sheets = [Sheet(name="Lines", rows=[("Title",), ("Scheme ID", "Scheme Name", "Notes")])]
    p = not_bcf("f.xlsx", sheets)
    assert p.severity == "error" and p.file == "f.xlsx"
    assert p.message.startswith("not a BCF workbook: found no sheet of expenditure lines")
    assert p.message.endswith("; sheet 'Lines' row 2 looks like an expenditure header but lacks Scheme Type, "
                              "Source of Funding, Expenditure (£)")


def test_detect_refuses_a_workbook_that_is_not_bcf():
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["Name", "Phone"])
    with pytest.raises(LoadError) as e:
        _detect(wb)
    assert e.value.problems[0].message.startswith("not a BCF workbook")
    assert "looks like an expenditure header" not in e.value.problems[0].message
