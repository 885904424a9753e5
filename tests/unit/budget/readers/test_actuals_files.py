"""budget.readers.actuals_files: every file given read by its content into one Actuals, and each refusal."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budget.actuals import Actuals, MetricMonth
from budget.actuals_template import actuals_workbook_bytes
from budget.demo import demo_actuals, demo_actuals_bytes, demo_plan, demo_workbook_bytes
from budget.models import LoadError
from budget.readers.actuals_files import NOT_KNOWN, read_actuals_files, read_actuals_uploads
from budget.sus_sheet import sus_sheet_bytes
from tests.national_files import ascof_csv, ascof_row, drd_row, drd_workbook

PLAN = demo_plan()
CODE = PLAN.area.code
BRADFORD = drd_row("E08000032", "Bradford", 2_000, 500, 3_000)


def _workbook(**changes) -> tuple[str, bytes]:
    metrics = (MetricMonth(month="2026-04", emergency_admissions_65_plus=500, population_65_plus=60_000,
                           discharge_delay=0.75),
               MetricMonth(month="2026-05", emergency_admissions_65_plus=510, population_65_plus=60_000))
    actuals = demo_actuals().model_copy(update={"metrics": metrics, **changes})
    return "actuals.xlsx", actuals_workbook_bytes(actuals.year, actuals=actuals)


def _drd(month: dt.date, discharges: int, delayed: int, days: int, code: str = CODE) -> bytes:
    return drd_workbook(month, [BRADFORD, drd_row(code, "Northbrook", discharges, delayed, days)])


ASCOF = ascof_csv([ascof_row("July 2025 to June 2026", "E08000032", "Bradford", 700, 80_000),
                   ascof_row("July 2025 to June 2026", CODE, "Northbrook", 380, 41_000),
                   ascof_row("April 2025 to March 2026", CODE, "Northbrook", 370, 40_000)])
SUS = sus_sheet_bytes("2026-27", area_code=CODE, rows=(
    MetricMonth(month="2026-05", population_65_plus=60_000),
    MetricMonth(month="2026-06", emergency_admissions_65_plus=520, population_65_plus=60_000)))


def _refused(files, **kwargs) -> list[str]:
    with pytest.raises(LoadError) as e:
        read_actuals_files(files, **kwargs)
    return [str(p) for p in e.value.problems]


def test_the_workbook_and_every_national_file_combine_into_one_actuals_whatever_their_names_and_order():
    files = [("ascof.xlsx", _drd(dt.date(2026, 5, 1), 1_000, 150, 800)), ("may.csv", ASCOF),
             ("drd-april.xlsx", _drd(dt.date(2026, 4, 1), 1_000, 100, 750)), _workbook(), ("sus.xlsx", SUS)]
    got = read_actuals_files(files, plan=PLAN)
    assert got.metrics == (
        MetricMonth(month="2026-04", emergency_admissions_65_plus=500, population_65_plus=60_000,
                    discharge_delay=750 / 1_000, discharges=1_000),
        MetricMonth(month="2026-05", emergency_admissions_65_plus=510, population_65_plus=60_000,
                    discharge_delay=800 / 1_000, discharges=1_000),
        MetricMonth(month="2026-06", emergency_admissions_65_plus=520, population_65_plus=60_000,
                    care_home_admissions_65_plus_12_months=380,
                    care_home_admissions_65_plus_12_months_per_100k=380 / 41_000 * 100_000))
    assert got.lines == demo_actuals().lines and got.spent == demo_actuals().spent
    assert (got.area_code, got.area_name, got.year, got.illustrative, got.notes) == (
        CODE, PLAN.area.name, PLAN.year, True, ())
    assert got.source_file == "ascof.xlsx, may.csv, drd-april.xlsx, actuals.xlsx, sus.xlsx"


def test_national_files_alone_are_read_for_the_plans_area_and_files_are_read_from_paths(tmp_path):
    (tmp_path / "drd.xlsx").write_bytes(_drd(dt.date(2026, 7, 1), 400, 40, 100))
    got = read_actuals_files([tmp_path / "drd.xlsx"], plan=PLAN)
    assert got == Actuals(area_code=CODE, area_name=PLAN.area.name, year=PLAN.year, source_file="drd.xlsx",
                          metrics=(MetricMonth(month="2026-07", discharge_delay=100 / 400, discharges=400),))
    assert _refused([tmp_path / "missing.xlsx"], plan=PLAN)[0].startswith("missing.xlsx: cannot be opened")


def test_without_a_plan_the_area_and_year_are_the_workbooks_or_those_given():
    got = read_actuals_files([("sus.xlsx", SUS), _workbook()])
    assert (got.area_code, got.year, len(got.metrics)) == (CODE, "2026-27", 3)
    got = read_actuals_files([("drd.xlsx", _drd(dt.date(2026, 7, 1), 400, 40, 100))], area_code=CODE.lower(),
                             year="2026/27")
    assert (got.area_code, got.year, got.area_name) == (CODE, "2026-27", "Northbrook")


def test_a_suppressed_national_figure_is_said_in_the_notes():
    data = drd_workbook(dt.date(2026, 5, 1), [drd_row(CODE, "Northbrook", 3, 1, 1, suppressed=True)])
    got = read_actuals_files([("drd.xlsx", data)], plan=PLAN)
    assert got.notes == (f"The average discharge delay for {PLAN.area.name} ({CODE}) in May 2026 is suppressed in "
                         "the Discharge Ready Date file (AU16).",)
    assert got.metrics == (MetricMonth(month="2026-05", discharges=3),)


def test_the_demos_actuals_workbook_is_read_from_its_path(tmp_path):
    path = tmp_path / "a.xlsx"
    path.write_bytes(demo_actuals_bytes())
    got, want = read_actuals_files([path], plan=PLAN), demo_actuals()
    assert got.spent == pytest.approx(want.spent) and got.metrics == want.metrics and got.illustrative


def test_the_plans_own_actuals_workbook_with_nothing_filled_in_reads_as_no_month():
    got = read_actuals_uploads([("blank.xlsx", actuals_workbook_bytes("2026-27", plan=PLAN))], plan=PLAN)
    assert got.spent == 0 and got.metrics == () and got.area_code == PLAN.area.code


# ---- refusals: one sentence each, every file's problems together, nothing loaded -----------------------------------

def test_a_file_of_no_known_shape_is_refused_beside_every_other_files_problems():
    files = [("notes.csv", b"Scheme,Comment\nS1,going well\n"), ("plan.xlsx", actuals_workbook_bytes("2026-27")[:200]),
             ("drd.xlsx", _drd(dt.date(2026, 5, 1), 10, 1, 1, code="E08000032"))]
    assert _refused(files, plan=PLAN) == [
        f"notes.csv: {NOT_KNOWN}",
        "plan.xlsx: the workbook is damaged or incomplete (it may have been cut short while copying); save it again "
        "from Excel and retry.",
        f"drd.xlsx, sheet 'UTLA Acceptable': the file has no row for {PLAN.area.name} ({CODE}): the national file "
        "holds no figures for the plan's area; check the plan's area code, or give that area's file"]


def test_a_plan_workbook_and_a_text_file_are_of_no_known_shape():
    with pytest.raises(LoadError) as e:
        read_actuals_uploads([("a.xlsx", demo_actuals_bytes()), ("plan.xlsx", demo_workbook_bytes()),
                              ("notes.txt", b"hello")], plan=PLAN)
    assert [str(p) for p in e.value.problems] == [f"{n}: {NOT_KNOWN}" for n in ("plan.xlsx", "notes.txt")]


def test_two_files_giving_the_same_figure_for_the_same_month_differently_are_refused_at_the_national_file():
    problems = _refused([_workbook(), ("drd.xlsx", _drd(dt.date(2026, 4, 1), 1_000, 100, 900))], plan=PLAN)
    assert problems == ["drd.xlsx, sheet 'UTLA Acceptable', cell AU17: gives the average discharge delay for Apr 2026 "
                        "as 0.9, but actuals.xlsx, sheet 'Metrics' gives 0.75; give each month's figure in one file, "
                        "or the same figure in both"]
    problems = _refused([("sus.xlsx", SUS), _workbook(metrics=(MetricMonth(month="2026-06",
                                                                           emergency_admissions_65_plus=519),))],
                        plan=PLAN)
    assert problems == ["sus.xlsx, sheet 'SUS', cell B11: gives emergency admissions of people aged 65+ for Jun 2026 "
                        "as 520, but actuals.xlsx, sheet 'Metrics' gives 519; give each month's figure in one file, or "
                        "the same figure in both"]
    problems = _refused([("drd.xlsx", _drd(dt.date(2026, 4, 1), 1_000, 100, 750)),
                         ("drd-revised.xlsx", _drd(dt.date(2026, 4, 1), 1_010, 100, 760))], plan=PLAN)
    assert problems == ["drd-revised.xlsx, sheet 'UTLA Acceptable', cell AU17: gives the average discharge delay for "
                        "Apr 2026 as 0.7525, but drd.xlsx, sheet 'UTLA Acceptable', cell AU17 gives 0.75; give each "
                        "month's figure in one file, or the same figure in both",
                        "drd-revised.xlsx, sheet 'UTLA Acceptable', cell K17: gives the number of discharges for Apr "
                        "2026 as 1,010, but drd.xlsx, sheet 'UTLA Acceptable', cell K17 gives 1,000; give each month's "
                        "figure in one file, or the same figure in both"]


def test_files_for_another_year_are_refused():
    assert _refused([("drd.xlsx", _drd(dt.date(2025, 5, 1), 10, 1, 1))], plan=PLAN) == [
        "drd.xlsx, sheet 'UTLA Acceptable': the file is for May 2025, outside the plan's year (Apr 2026 to Mar 2027); "
        "give that year's files"]
    old = demo_actuals().model_copy(update={"year": "2025-26", "lines": (), "metrics": ()})
    assert _refused([("old.xlsx", actuals_workbook_bytes("2025-26", actuals=old))], plan=PLAN) == [
        "old.xlsx, sheet 'Cover', cell B6: the actuals are for 2025-26 but the submitted plan is for 2026-27; use the "
        "actuals workbook for 2026-27"]
    assert _refused([("sus.xlsx", sus_sheet_bytes("2025-26"))], plan=PLAN) == [
        "sus.xlsx, sheet 'SUS', cell B6: the SUS figures are for 2025-26 but the plan is for 2026-27; use the SUS "
        "sheet for 2026-27"]


def test_a_second_actuals_workbook_is_refused():
    assert _refused([_workbook(), ("again.xlsx", _workbook()[1])], plan=PLAN) == [
        "again.xlsx: is a second actuals workbook beside actuals.xlsx; give one actuals workbook and the national "
        "files"]


def test_without_a_plan_a_national_file_alone_cannot_be_placed_and_a_workbook_for_another_area_is_refused():
    drd = ("drd.xlsx", _drd(dt.date(2026, 5, 1), 10, 1, 1))
    assert _refused([drd]) == [
        "drd.xlsx: the area could not be told: give the submitted plan, or the actuals workbook whose cover names the "
        "area by its ONS code",
        "drd.xlsx: the financial year could not be told: give the submitted plan, or the actuals workbook whose cover "
        "names the year"]
    assert _refused([_workbook(), drd], area_code="E08000033") == [
        f"actuals.xlsx: the actuals are for {CODE}, not E08000033; use the actuals workbook for that area",
        "drd.xlsx, sheet 'UTLA Acceptable': the file has no row for E08000033: the national file holds no figures for "
        "the plan's area; check the plan's area code, or give that area's file"]


def test_no_file_at_all_is_refused():
    assert _refused([], plan=PLAN) == ["actuals: no file was given; give the actuals workbook (bcf template --actuals) "
                                       "and any national files"]


# ---- anything a file may hold ends as Actuals or as sentences, never as a traceback ------------------------------

ODD = st.sampled_from(["", "[c]", "*", "-", "..", "£1,234", "(12)", "1e308", "-1", "x" * 300, "é✓", "Total",
                       "Q5 2026-27", "October 2025 to September 2026", "2026-13", "=1/0", "#REF!", "E06999999", "2C",
                       None])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, 8), st.integers(0, 8), ODD), max_size=12), st.integers(0, 3_000))
def test_national_files_with_odd_cells_or_cut_short_are_read_or_refused_in_sentences(edits, cut):
    rows = [list(ascof_row("July 2025 to June 2026", CODE, "Northbrook", 380, 41_000)) for _ in range(9)]
    drd = [drd_row(CODE, "Northbrook", 1_000, 100, 750) for _ in range(3)]
    for r, c, value in edits:
        rows[r][c] = value
        drd[r % 3][[1, 9, 10, 14, 46, 47, 0, 2, 13][c]] = value
    files = [("ascof.csv", ascof_csv([tuple(x) for x in rows])), ("drd.xlsx", drd_workbook(dt.date(2026, 4, 1), drd)),
             ("cut.xlsx", _workbook()[1][:cut] if cut else _workbook()[1])]
    try:
        got = read_actuals_files(files, plan=PLAN)
    except LoadError as e:
        assert e.problems and all(str(p).strip() and "Traceback" not in str(p) for p in e.problems)
        assert not any("could not be read (" in str(p) for p in e.problems)  # each said by the reader, not caught
    else:
        assert got.area_code == CODE and got.year == PLAN.year
