"""Unit tests of budget/readers/plan.py: income, income pairs, localities, and the plan assembled per area."""

from __future__ import annotations

from collections import defaultdict

from budget.columns import INCOME_FIELDS, LOCALITY_FIELDS
from budget.readers.detect import detect
from budget.readers.grid import Book, Sheet, find_header
from budget.readers.plan import read_income, read_income_pairs, read_localities, read_plan
from budget.readers.problems import Collector
from budget.reference import load_reference
from tests.integration.builders import GOOD_INCOME_TOTAL, GOOD_TOTAL, plan_workbook, save

REF = load_reference("2025-26")


def _sheet(name, *rows):
    return Sheet(name=name, rows=[tuple(r) for r in rows], formula_cells={}, error_cells={})


def _income(*rows):
    sheet = _sheet("Income", ("Funding Stream", "Amount (£)", "ICB"), *rows)
    by_area: dict = defaultdict(list)
    out = Collector(file="p.xlsx")
    read_income(sheet, find_header(sheet, INCOME_FIELDS), REF, by_area, out, "2025-26", ("2025-26",))
    return by_area, out


def test_income_rows_with_their_cells_and_total_checked():
    by_area, out = _income(("Minimum NHS Contribution", "£1,000", "NE ICB"), ("Disabled Facilities Grant", 500, None),
                           ("Total", 1400))
    assert [(i.stream, i.amount, i.icb, i.cell.cell) for i in by_area[None]] == [
        ("nhs_minimum", 1000, "NE ICB", "B2"), ("dfg", 500, None, "B3")]
    assert [(p.cell, p.message) for p in out.problems] == [
        ("B4", "row 4 looks like a totals row and was not added; the totals row says £1,400.00 but the income above it "
               "adds up to £1,500.00")]


def test_income_problems():
    by_area, out = _income(("Lottery", 5), (None, 7), ("Disabled Facilities Grant", "n/a"),
                           ("Minimum NHS Contribution", "lots"))
    assert [i.stream for i in by_area[None]] == ["unknown:Lottery"]
    assert [(p.severity, p.cell) for p in out.problems] == [
        ("warning", "A2"), ("error", "A3"), ("warning", "B4"), ("error", "B5")]
    assert out.problems[0].message == "funding stream 'Lottery' is not a 2025-26 stream; kept as written"
    assert out.problems[1].message == "an amount has no funding stream beside it"
    assert out.problems[2].message == "the income is 'n/a' (no figure): counted as £0"


def test_income_pairs_without_a_header():
    by_area: dict = defaultdict(list)
    out = Collector(file="p.xlsx")
    sheet = _sheet("Pool income", ("Our pool",), ("Minimum NHS Contribution", None, "£2,000"),
                   (None, "Disabled Facilities Grant", "many"))
    read_income_pairs(sheet, REF, by_area, out)
    assert [(i.stream, i.amount, i.cell.cell) for i in by_area[None]] == [("nhs_minimum", 2000, "C2")]
    assert [p.cell for p in out.errors] == ["C3"]


def _localities(*rows):
    sheet = _sheet("Localities", ("Locality", "Population", "Population 65+", "Need weight"), *rows)
    out = Collector(file="p.xlsx")
    return read_localities(sheet, find_header(sheet, LOCALITY_FIELDS), out), out


def test_localities_rows_and_total():
    locs, out = _localities(("North", 1000.4, "200", 1.1), ("South", 500, 100, None), ("All localities", 1500, 310))
    assert [(x.name, x.population, x.population_65_plus) for x in locs] == [("North", 1000, 200), ("South", 500, 100)]
    assert locs[0].need_weight == 1.1
    assert [(p.cell, p.message) for p in out.problems] == [
        ("C4", "row 4 looks like a totals row and was not added; the totals row says 310 but the localities above "
               "it add up to 300")]


def test_locality_refusals_name_their_cells():
    locs, out = _localities((None, 10, 1), ("A", None, 1), ("B", -1, 1), ("C", 10, 1, 0))
    assert locs == []
    assert [(p.cell, p.message) for p in out.errors] == [
        ("A2", "a locality row has no name"),
        ("B3", "the population is blank for A: a locality needs its population and people aged 65+"),
        ("B4", "the population for B is -1: it cannot be below 0"),
        ("D5", "the need weighting for C is 0: leave it blank to have it worked out, or give a number above 0")]


def _people(*rows):
    sheet = _sheet("Localities", ("Locality", "Population", "Population aged 65+", "Population aged 85+",
                                  "Deprivation score (IMD average score)", "Need weighting"), *rows)
    out = Collector(file="p.xlsx")
    return read_localities(sheet, find_header(sheet, LOCALITY_FIELDS), out), out


def test_localities_carry_people_aged_85_plus_and_a_deprivation_score():
    locs, out = _people(("North", 1000, 200, 30, 27.5), ("South", 500, 100, None, None, 1.2))
    assert out.problems == []
    assert [(x.population_85_plus, x.deprivation_score, x.need_weight) for x in locs] == [
        (30, 27.5, None), (None, None, 1.2)]


def test_bad_locality_figures_get_one_sentence_naming_the_cell():
    locs, out = _people(("Nobody", 0, 0, 0, 10), ("Bad score", 100, 20, 5, 120), ("Too old", 100, 20, 25, 10),
                        ("Minus", 100, 20, -3, -4))
    assert locs == []
    assert [str(p) for p in out.errors] == [
        "p.xlsx, sheet 'Localities', cell B2: the population of Nobody is 0: give the locality's population, or "
        "remove the row",
        "p.xlsx, sheet 'Localities', cell E3: the deprivation score for Bad score is 120: give its Index of "
        "Multiple Deprivation average score, from 0 to 100",
        "p.xlsx, sheet 'Localities', cell D4: people aged 85+ in Too old (25) are more than its people aged 65+ (20): "
        "those aged 85+ are counted within the 65+",
        "p.xlsx, sheet 'Localities', cell D5: people aged 85+ for Minus is -3: it cannot be below 0",
        "p.xlsx, sheet 'Localities', cell E5: the deprivation score for Minus is -4: it cannot be below 0"]


def _read(wb, year=None):
    book = Book(save(wb))
    out = Collector(file="p.xlsx")
    try:
        return read_plan(book, detect(book, "p.xlsx", year, out), out), out
    finally:
        book.close()


def test_a_single_area_plan_is_assembled():
    (plan,), out = _read(plan_workbook(total_row=True))
    assert out.errors == []
    assert (plan.area.code, plan.area.name, plan.year) == ("E06000001", "Hartlepool", "2025-26")
    assert plan.total_expenditure == GOOD_TOTAL and plan.total_income == GOOD_INCOME_TOTAL
    assert len(plan.lines) == 3


def test_no_income_sheet_is_warned():
    wb = plan_workbook()
    del wb["Income"]
    (plan,), out = _read(wb)
    assert plan.income == ()
    assert any(p.message.startswith("no income sheet found") for p in out.problems)


def test_unreadable_cover_code_gives_no_plan():
    wb = plan_workbook(cover=[("HWB Code", "nowhere"), ("Financial Year", "2025-26")])
    plans, out = _read(wb)
    assert plans == []
    assert out.errors[0].sheet == "Cover" and out.errors[0].cell == "B1"


def test_an_expenditure_header_with_no_lines_is_warned():
    plans, out = _read(plan_workbook(lines=[]))
    assert [(p.sheet, p.message) for p in out.problems if p.sheet == "Expenditure"] == [
        ("Expenditure", "the sheet has an expenditure header but no expenditure lines")]
    assert plans[0].lines == ()
