"""Unit tests of budget/readers/allocations.py: one income-only plan per area, streams found from their headers."""

from __future__ import annotations

from budget.columns import ALLOCATION_ID_FIELDS
from budget.readers.allocations import read_allocations, stream_columns
from budget.readers.grid import Sheet, find_header
from budget.readers.problems import Collector
from budget.reference import load_reference

YEAR = "2025-26"
REF = load_reference(YEAR)
HEADER = ("HWB Code", "HWB Name", "ICB", "Minimum NHS Contribution 2025-26 (£)", "Disabled Facilities Grant",
          "Notes")


def _read(*rows, header=HEADER):
    sheet = Sheet(name="Allocations", rows=[("BCF allocations",), header, *rows], formula_cells={}, error_cells={})
    h = find_header(sheet, ALLOCATION_ID_FIELDS)
    out = Collector(file="alloc.xlsx")
    return read_allocations([(sheet, h, stream_columns(h, REF))], YEAR, out), out


def test_stream_columns_name_the_streams_beside_the_area_columns():
    sheet = Sheet(name="A", rows=[HEADER])
    cols = stream_columns(find_header(sheet, ALLOCATION_ID_FIELDS), REF)
    assert {c: m.name for c, m in cols.items()} == {4: "nhs_minimum", 5: "dfg"}


def test_one_plan_per_area_in_order_with_cells():
    plans, out = _read(("E06000002", "Middlesbrough", "NE ICB", "£1,000", 200),
                       ("e06000001", "Hartlepool", None, 300, "n/a"))
    assert out.problems == []
    assert [(p.area.code, p.area.name, p.year) for p in plans] == [
        ("E06000002", "Middlesbrough", YEAR), ("E06000001", "Hartlepool", YEAR)]
    assert plans[0].area.icbs == ("NE ICB",)
    assert [(i.stream, i.amount, i.cell.cell) for i in plans[0].income] == [("nhs_minimum", 1000, "D3"),
                                                                             ("dfg", 200, "E3")]
    assert [i.amount for i in plans[1].income] == [300]


def test_an_area_on_two_rows_for_two_icbs_is_added_up_quietly():
    plans, out = _read(("E06000001", "H", "ICB one", 100, 10), ("E06000001", "H", "ICB two", 50, 5))
    assert out.problems == []
    (p,) = plans
    assert p.area.icbs == ("ICB one", "ICB two") and p.total_income == 165


def test_a_repeated_area_without_icb_is_warned():
    _, out = _read(("E06000001", "H", None, 100, 10), ("E06000001", "H", None, 50, 5))
    assert [(p.cell, p.message) for p in out.problems] == [
        ("A4", "E06000001 appears more than once; the amounts were added together")]


def test_the_england_row_is_a_total_checked_against_the_areas():
    _, out = _read(("E06000001", "H", None, 100, 10), ("E06000002", "M", None, 50, 5),
                   ("E92000001", "England", None, 150, 20))
    assert [(p.cell, p.message) for p in out.problems] == [
        ("E5", "row 5 looks like a totals row and was not added; the totals row says £20.00 but the areas above it "
               "add up to £15.00")]


def test_refusals_name_their_cells():
    plans, out = _read(("X1", "Nowhere", None, 1, 1), (None, "Lost", None, 5, None), (None, None, None, None, None,
                                                                                        "a note"),
                       ("E06000001", "H", None, -5, "lots"))
    assert [(p.severity, p.cell) for p in out.problems] == [
        ("error", "A3"), ("error", "A4"), ("warning", "B5"), ("error", "D6"), ("error", "E6")]
    assert out.problems[1].message == "the HWB code is blank on a row with amounts; expected a code such as E06000001"
    assert out.problems[2].message == "row 5 has no HWB code or amounts and was skipped"
    assert [p.area.code for p in plans] == ["E06000001"]


def test_a_header_with_no_area_rows_is_an_error():
    plans, out = _read()
    assert plans == []
    assert [(p.sheet, p.message) for p in out.errors] == [
        ("Allocations", "the allocations table has a header but no area rows")]


def test_minimum_asc_is_read_and_added():
    header = ("HWB Code", "HWB Name", "ICB", "Minimum NHS Contribution", "Minimum ASC contribution")
    (p,), out = _read(("E06000001", "H", "A", 100, 40), ("E06000001", "H", "B", 100, 30), header=header)
    assert p.minimum_nhs_asc_required == 70 and out.problems == []
