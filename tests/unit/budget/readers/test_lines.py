"""Unit tests of budget/readers/lines.py: expenditure lines read row by row, every problem at its cell."""

from __future__ import annotations

from collections import defaultdict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from budget.columns import EXPENDITURE_FIELDS
from budget.readers.grid import Sheet, find_header
from budget.readers.lines import read_lines
from budget.readers.problems import Collector
from budget.reference import load_reference

YEAR = "2025-26"
REF = load_reference(YEAR)
HEADER = ("Scheme ID", "Scheme Name", "Scheme Type", "Sub Types", "Commissioner", "% NHS", "% LA",
          "Source of Funding", "Expenditure (£)", "Planned Outputs", "New/Existing Scheme", "Locality")
# columns:  A            B              C              D            E              F        G
#           H                    I                  J                  K                      L
HOME = "Home-based intermediate care services"


def line(sid="1", name="Home first", stype=HOME, sub=None, comm="LA", nhs=None, la=None,
         source="Minimum NHS Contribution", amount=1000, outputs=None, new=None, loc=None):
    return (sid, name, stype, sub, comm, nhs, la, source, amount, outputs, new, loc)


def read(*rows, header=HEADER, localities=(), title=True):
    sheet = Sheet(name="Expenditure", rows=([("Expenditure plan",)] if title else []) + [header, *rows],
                  formula_cells={}, error_cells={})
    h = find_header(sheet, EXPENDITURE_FIELDS)
    out = Collector(file="plan.xlsx")
    by_area: dict = defaultdict(list)
    read_lines(sheet, h, YEAR, REF, set(localities), by_area, {}, out)
    return by_area[None], out


def test_a_good_line_is_read_with_its_cells():
    (got,), out = read(line(amount="£1,200.50", outputs=40, new="new scheme", comm="joint", nhs=0.4, la="60%"))
    assert out.problems == []
    assert (got.scheme_id, got.scheme_type, got.source_of_funding, got.amount, got.planned_outputs) == (
        "1", HOME, "nhs_minimum", 1200.5, 40)
    assert (got.commissioner, got.pct_nhs, got.pct_la, got.new_existing) == ("Joint", 40, 60, "New")
    assert (got.sheet, got.row, got.cells["amount"], got.cells["locality"]) == ("Expenditure", 3, "I3", "L3")


def test_every_problem_in_a_row_is_reported_and_the_line_not_added():
    lines, out = read(line(sid=None, name=" ", amount="lots", nhs=140))
    assert lines == []
    assert [(p.cell, p.message) for p in out.errors] == [
        ("A3", "the Scheme ID is blank; every expenditure line needs one"),
        ("B3", "the Scheme Name is blank; every expenditure line needs one"),
        ("F3", "found 140%, expected a percentage between 0% and 100%"),
        ("I3", out.errors[3].message),
    ]
    assert "'lots'" in out.errors[3].message


def test_blank_amount_is_an_error_saying_enter_zero():
    _, out = read(line(amount=None))
    assert [(p.cell, p.message) for p in out.errors] == [
        ("I3", "the expenditure is blank; expected an amount in pounds (enter 0 for a line with no spend)")]


@pytest.mark.parametrize("written", ["n/a", "N/A", "—"])
def test_no_figure_amount_counts_as_zero_with_a_warning(written):
    (got,), out = read(line(amount=written))
    assert got.amount == 0.0
    assert [(p.severity, p.cell, p.message) for p in out.problems] == [
        ("warning", "I3", f"the expenditure is '{written}' (no figure): counted as £0")]


def test_unknown_terms_are_kept_with_warnings():
    (got,), out = read(line(stype="Magic beans", source="Lottery", comm="Parish", new="Maybe", outputs=-4))
    assert got.scheme_type == "Magic beans" and got.source_of_funding == "unknown:Lottery"
    assert got.commissioner is None and got.new_existing is None and got.planned_outputs is None
    messages = {p.cell: p.message for p in out.problems}
    assert all(p.severity == "warning" for p in out.problems)
    assert messages["C3"] == (f"scheme type 'Magic beans' is not in the {YEAR} list; the line is kept with no "
                              "modelled effect")
    assert messages["E3"] == "commissioner 'Parish' is not LA, NHS or Joint; left blank"
    assert messages["H3"].startswith(f"source of funding 'Lottery' is not a {YEAR} funding stream (Minimum NHS ")
    assert messages["J3"] == "planned outputs are negative; left blank"
    assert messages["K3"] == "'Maybe' is not New or Existing; left blank"


def test_sub_type_not_under_its_scheme_type_is_kept_as_written():
    (got,), out = read(line(sub="Underwater basket weaving"))
    assert got.sub_type == "Underwater basket weaving"
    assert out.problems[0].cell == "D3" and out.problems[0].message.startswith(
        "sub type 'Underwater basket weaving' is not listed under 'Home-based intermediate care services'")


def test_locality_words_for_the_whole_area_and_unknown_localities():
    (a, b, c), out = read(line(sid="1", loc="All localities"), line(sid="2", loc="North"),
                          line(sid="3", loc="Atlantis"), localities={"north"})
    assert (a.locality, b.locality, c.locality) == ("", "North", "Atlantis")
    assert [(p.cell, p.message) for p in out.problems] == [
        ("L5", "locality 'Atlantis' is not on the Localities sheet")]


def test_repeated_line_is_added_twice_with_a_warning():
    lines, out = read(line(), line())
    assert len(lines) == 2
    assert [(p.cell, p.message) for p in out.problems] == [
        ("A4", "scheme 1 repeats row 3 (same scheme type, sub type, source and locality); both lines were added — "
               "check it is not entered twice")]


def test_totals_row_checked_against_the_lines_above():
    total = ("Total", None, None, None, None, None, None, None, 3000)
    lines, out = read(line(amount=1000), line(sid="2", amount=1500), total)
    assert len(lines) == 2
    assert [(p.cell, p.message) for p in out.problems] == [
        ("I5", "row 5 looks like a totals row and was not added; the totals row says £3,000.00 but the lines above "
               "it add up to £2,500.00")]


def test_a_row_holding_only_a_note_is_skipped():
    lines, out = read(line(), (None, "see the narrative plan"))
    assert len(lines) == 1
    assert [(p.cell, p.message) for p in out.problems] == [
        ("A4", "row 4 holds only a note ('see the narrative plan') and was skipped")]


def test_a_repeated_header_meaning_is_warned_and_the_first_read():
    header = (*HEADER, "Scheme Title")
    (got,), out = read((*line(), "Second name"), header=header)
    assert got.scheme_name == "Home first"
    assert [(p.cell, p.message) for p in out.problems] == [
        ("M2", "the header 'Scheme Title' repeats an earlier column's meaning; the first was read")]


def test_area_code_column_keys_lines_by_area():
    sheet = Sheet(name="Expenditure", rows=[(*HEADER, "HWB Code", "HWB"),
                                            (*line(), "e06000001", "Hartlepool"), (*line(sid="2"), "X1", "Nowhere")],
                  formula_cells={}, error_cells={})
    out = Collector(file="plan.xlsx")
    by_area: dict = defaultdict(list)
    names: dict = {}
    read_lines(sheet, find_header(sheet, EXPENDITURE_FIELDS), YEAR, REF, set(), by_area, names, out)
    assert [x.scheme_id for x in by_area["E06000001"]] == ["1"]
    assert names == {"E06000001": "Hartlepool"}
    assert out.errors[0].cell == "M3" and out.errors[0].message.startswith("'X1' is not a Health and Wellbeing Board")


def test_amount_read_from_the_column_of_the_year():
    header = (*HEADER[:8], "Expenditure 2024-25", "Planned Outputs", "New/Existing Scheme", "Locality",
              "Expenditure 2025-26")
    (got,), out = read((*line(amount=111), 222), header=header)
    assert got.amount == 222 and got.cells["amount"] == "M3"
    assert out.problems == []


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=10**7), min_size=1, max_size=8))
def test_amounts_read_equal_amounts_written(amounts):
    lines, out = read(*(line(sid=str(i), amount=a) for i, a in enumerate(amounts)))
    assert out.errors == []
    assert [x.amount for x in lines] == amounts
