"""The submission copy reads back with the area's entries (issue 15): its goals (own values, baselines and
rationales), seasonal profile and pathway shares, assurance statements and sign-off come back as the same Submission; a
bad cell is a warning naming its sheet and cell, and the rest still loads; `bcf` commands given a copy
keep the area's entries."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import subprocess
import sys

import openpyxl
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from budget.assurance import required_signatories
from budget.demo import demo_plan
from budget.export import analysis_bytes
from budget.readers import load_bytes
from budget.reference import load_reference
from budget.submission import (
    ASSURANCE_STATUSES,
    GOAL_COLUMNS,
    GOAL_METRIC_NAMES,
    PROFILE_ROW,
    SET_BY_AREA,
    SHARE_ROWS,
    Assurance,
    Baseline,
    CapacitySettings,
    GoalSetting,
    Submission,
)
from scenarios.schema import Scenario
from scenarios.trajectories import METRICS
from scenarios.views import model
from tests.integration.builders import with_localities
from tests.integration.submissions import PROFILE, SHARES, area_submission, copy_of


@pytest.fixture(scope="module")
def plan():
    return demo_plan()


@pytest.fixture(scope="module")
def view(plan):
    return model(Scenario(name="Plan as submitted"), plan, runs=200, seed=3)


@pytest.fixture(scope="module")
def copy(plan, view):
    return copy_of(plan, view, area_submission(plan))


def edited(data: bytes, edits: dict[tuple[str, str], object]) -> bytes:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    for (sheet, cell), value in edits.items():
        wb[sheet][cell].value = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def find_cell(data: bytes, sheet: str, row_label: str, column: str) -> str:
    """The A1 name of the cell in `column` (a header) on the row whose first cell is `row_label`."""
    ws = openpyxl.load_workbook(io.BytesIO(data))[sheet]
    rows = list(ws.iter_rows())
    header = next(r for r in rows if column in [c.value for c in r])
    col = [c.value for c in header].index(column)
    row = next(r for r in rows if r[0].value == row_label)
    return row[col].coordinate


# ---- the round trip ---------------------------------------------------------------------------
def test_the_demo_copy_reads_back_as_the_same_submission(plan, copy):
    result = load_bytes(copy, name="copy.xlsx")
    assert result.submission == area_submission(plan)
    assert result.plans[0].total_expenditure == pytest.approx(plan.total_expenditure)


def test_the_metrics_sheet_says_whose_each_entry_is(copy):
    ws = openpyxl.load_workbook(io.BytesIO(copy))["Metrics"]
    rows = list(ws.iter_rows(values_only=True))
    head = next(i for i, r in enumerate(rows) if r[0] == "Metric")
    assert list(rows[head][:len(GOAL_COLUMNS)]) == list(GOAL_COLUMNS)
    body = {r[0]: dict(zip(GOAL_COLUMNS, r, strict=False)) for r in rows[head + 1:head + 4]}
    ea, delay, ch = (body[METRICS[m][2]] for m in ("emergency_admissions_65_plus_per_100k", "discharge_delay_days",
                                                   "care_home_admissions_65_plus_per_100k"))
    assert (ea["Goal set by"], ea["Rationale by"], ea["Baseline set by"] != SET_BY_AREA) == (
        SET_BY_AREA,
        SET_BY_AREA,
        True,
    )
    assert ch["Baseline set by"] == SET_BY_AREA and ch["Goal set by"] != SET_BY_AREA
    assert SET_BY_AREA not in (delay["Goal set by"], delay["Baseline set by"], delay["Rationale by"])


def test_the_capacity_sheet_holds_the_areas_profile_only_when_it_set_one(plan, view, copy):
    def profile_rows(data):
        ws = openpyxl.load_workbook(io.BytesIO(data))["Capacity and demand"]
        return [r for r in ws.iter_rows(values_only=True) if r[0] == PROFILE_ROW]

    (row,) = profile_rows(copy)
    assert tuple(row[2:14]) == PROFILE
    assert profile_rows(copy_of(plan, view, Submission())) == []


def test_a_copy_without_entries_reads_as_an_empty_submission_and_other_workbooks_as_none(plan, view):
    assert load_bytes(copy_of(plan, view, Submission()), name="copy.xlsx").submission == Submission()
    assert load_bytes(analysis_bytes(plan), name="analysis.xlsx").submission is None
    from budget.demo import demo_workbook_bytes

    assert load_bytes(demo_workbook_bytes(), name="demo.xlsx").submission is None


def test_every_label_bcf_planner_writes_names_its_metric():
    from budget.readers.submission import _metric_key

    labels = {"emergency_admissions_65_plus": METRICS["emergency_admissions_65_plus_per_100k"][2],
              "discharge_delay": METRICS["discharge_delay_days"][2],
              "care_home_admissions_65_plus": METRICS["care_home_admissions_65_plus_per_100k"][2]}
    assert {name: _metric_key(label) for name, label in labels.items()} == {n: n for n in GOAL_METRIC_NAMES}
    assert _metric_key("Falls") is None


# ---- any submission -----------------------------------------------------------------------------
ODD = st.characters(blacklist_categories=("Cs", "Cc", "Cn", "Co"))
FORMULA_LIKE = st.sampled_from(["=1+1", "+A1", "-2", "@SUM(A1:A3)", '=HYPERLINK("http://x")', "\t=1", "0.5", "TRUE",
                                "n/a", "-", "£1,000"])


def _plain(s: str) -> bool:
    return not re.search(r"_x[0-9A-Fa-f]{4}_", s)  # Excel's own escape for a character: written as is


names = st.one_of(FORMULA_LIKE.filter(lambda s: "\t" not in s), st.text(ODD, min_size=1, max_size=30)).filter(_plain)
texts = st.one_of(FORMULA_LIKE, st.text(st.one_of(ODD, st.sampled_from("\n\t")), min_size=1, max_size=60)).filter(
    lambda s: _plain(s) and bool(s.strip()))
figures = st.floats(0, 1e6, allow_nan=False).map(lambda x: round(x, 3))


@st.composite
def submissions(draw, plan) -> Submission:
    goals = []
    for metric in GOAL_METRIC_NAMES:
        value = draw(st.none() | figures)
        rationale = draw(st.just("") | texts)
        baseline = draw(st.none() | st.builds(Baseline, value=figures, period=names, source=names))
        if value is not None or rationale or baseline is not None:
            goals.append(GoalSetting(metric=metric, value=value, rationale=rationale, baseline=baseline))
    profile = draw(st.none() | st.lists(st.floats(0, 100).map(lambda x: round(x, 4)), min_size=12, max_size=12)
                   .filter(lambda p: sum(p) > 0).map(tuple))
    assurance = []
    for c in load_reference(plan.year).national_conditions:
        status = draw(st.sampled_from(ASSURANCE_STATUSES))
        statement = draw(st.just("") | texts)
        if statement or status != "Not answered":
            assurance.append(Assurance(condition=c.code, statement=statement, status=status))
    sign_off = []
    for s in required_signatories(plan):
        name = draw(st.just("") | names)
        day = draw(st.none() | st.dates(dt.date(2000, 1, 1), dt.date(2100, 12, 31)))
        if name.strip() or day is not None:
            sign_off.append(s.model_copy(update={"name": name, "signed_on": day}))
    return Submission(goals=tuple(goals), capacity=CapacitySettings(seasonal_profile=profile),
                      assurance=tuple(assurance), sign_off=tuple(sign_off))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(data=st.data())
def test_any_submission_reads_back_the_same(plan, view, data):
    submission = data.draw(submissions(plan))
    assume(submission != Submission())
    result = load_bytes(copy_of(plan, view, submission), name="copy.xlsx")
    assert result.submission == submission
    assert not [w for w in result.warnings if w.sheet in ("Metrics", "National conditions", "Cover")]


# ---- bad cells ------------------------------------------------------------------------------------
def test_bad_cells_are_warnings_naming_their_cell_and_the_rest_still_loads(plan, copy):
    expected = area_submission(plan)
    status = find_cell(copy, "National conditions", "NC2", "Status")
    date = find_cell(copy, "Cover", "Health and Wellbeing Board chair", "Date signed")
    ea = METRICS["emergency_admissions_65_plus_per_100k"][2]
    goal = find_cell(copy, "Metrics", ea, "Goal")
    bad = edited(copy, {("National conditions", status): "Done", ("Cover", date): "sometime in March",
                        ("Metrics", goal): -5})
    result = load_bytes(bad, name="copy.xlsx")
    said = {(w.sheet, w.cell): w.message for w in result.warnings}
    assert "'Done' is not one of Not answered, Met, Partly met, Not met" in said[("National conditions", status)]
    assert "not a date" in said[("Cover", date)]
    assert "expected a goal of 0 or more" in said[("Metrics", goal)]
    got = result.submission
    nc2 = expected.assurance_for("NC2")
    assert got.assurance_for("NC2") == nc2.model_copy(update={"status": "Not answered"})  # its statement kept
    assert got.assurance_for("NC1") == expected.assurance_for("NC1")
    assert got.sign_off == (expected.sign_off[0].model_copy(update={"signed_on": None}), expected.sign_off[1])
    assert got.goal("emergency_admissions_65_plus") == expected.goal("emergency_admissions_65_plus").model_copy(
        update={"value": None})  # the rationale is still the area's
    assert got.goal("care_home_admissions_65_plus") == expected.goal("care_home_admissions_65_plus")
    assert got.capacity == expected.capacity
    assert result.plans and not [p for p in result.problems if p.severity == "error"]


def test_an_own_baseline_without_its_source_is_a_warning(plan, copy):
    ch = METRICS["care_home_admissions_65_plus_per_100k"][2]
    cell = find_cell(copy, "Metrics", ch, "Baseline source")
    result = load_bytes(edited(copy, {("Metrics", cell): None}), name="copy.xlsx")
    assert any(w.sheet == "Metrics" and w.cell == cell and "period and source" in w.message for w in result.warnings)
    assert result.submission.goal("care_home_admissions_65_plus") is None


def test_a_profile_weight_that_is_not_a_number_is_a_warning_and_the_shipped_profile_stands(plan, copy):
    ws = openpyxl.load_workbook(io.BytesIO(copy))["Capacity and demand"]
    row = next(r for r in ws.iter_rows() if r[0].value == PROFILE_ROW)
    cell = row[4].coordinate
    result = load_bytes(edited(copy, {("Capacity and demand", cell): "high"}), name="copy.xlsx")
    assert any(w.sheet == "Capacity and demand" and w.cell == cell for w in result.warnings)
    assert result.submission.capacity == CapacitySettings(pathway_shares=SHARES)
    assert result.submission.goals == area_submission(plan).goals


@pytest.mark.parametrize(("value", "words"), [("lots", "percentage"), (None, "found nothing"),
                                              (40.0, "add up to 127.75%")])
def test_a_pathway_share_that_cannot_be_read_is_a_warning_and_the_shipped_shares_stand(plan, copy, value, words):
    ws = openpyxl.load_workbook(io.BytesIO(copy))["Capacity and demand"]
    row = next(r for r in ws.iter_rows() if r[0].value == SHARE_ROWS["P1"])
    assert row[-1].value == 12.25  # the per cent is in the Year column
    cell = row[-1].coordinate
    result = load_bytes(edited(copy, {("Capacity and demand", cell): value}), name="copy.xlsx")
    said = [w for w in result.warnings if w.sheet == "Capacity and demand"]
    assert said and "the area's pathway shares were not read" in said[0].message and words in said[0].message
    assert result.submission.capacity == CapacitySettings(seasonal_profile=PROFILE)


# ---- the command line -------------------------------------------------------------------------------
def bcf(*args: str, cwd) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "budget", *args], capture_output=True, text=True, cwd=cwd, timeout=300)


def test_bcf_goals_assurance_and_export_keep_the_areas_entries(plan, copy, tmp_path):
    path = tmp_path / "copy.xlsx"
    path.write_bytes(with_localities(copy, plan))
    done = bcf("goals", str(path), "--json", "--runs", "200", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    ea = json.loads(done.stdout)["metrics"]["emergency_admissions_65_plus"]
    assert (ea["goal"]["value"], ea["goal"]["set_by"]) == (1800.5, "area")
    assert ea["rationale"] == "Agreed with the ICB board.\nSee annex 2."
    ch = json.loads(done.stdout)["metrics"]["care_home_admissions_65_plus"]
    assert ch["baseline"] == {"value": 510.25, "period": "2024-25", "source": "Local care-home extract"}
    done = bcf("assurance", str(path), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "3 of 3 conditions answered; 2 of 4 signatories dated" in done.stdout
    done = bcf("capacity", str(path), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Seasonal profile: the area's own" in done.stdout
    assert (
        "Shares of discharges: P0 80.5%, P1 12.25%, P2 5%, P3 2.25% (the area's own figures: Trust discharge extract, "
        "2024-25)"
    ) in done.stdout
    again = tmp_path / "again.xlsx"
    done = bcf("export", str(path), "--xlsx", str(again), "--runs", "200", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert load_bytes(again.read_bytes(), name="again.xlsx").submission == area_submission(plan)


def test_bcf_assurance_reads_a_bare_copy(copy, tmp_path):
    path = tmp_path / "copy.xlsx"
    path.write_bytes(copy)
    done = bcf("assurance", str(path), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Statement: How we meet NC2." in done.stdout and "Partly met" in done.stdout
    done = bcf("load", str(path), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert ("Submission copy: read 2 goals, 3 assurance statements, 2 signatories, the area's seasonal profile"
            in done.stdout)
    done = bcf("load", str(path), "--json", cwd=tmp_path)
    assert json.loads(done.stdout)["submission"]["sign_off"][1]["signed_on"] == "2026-03-20"


def test_text_that_looks_like_a_formula_comes_back_as_text(plan, view):
    formula = Submission(goals=(GoalSetting(metric="discharge_delay", rationale="=1+1"),),
                         assurance=(Assurance(condition="NC1", statement="=SUM(A1:A3)", status="Met"),))
    result = load_bytes(copy_of(plan, view, formula), name="copy.xlsx")
    assert result.submission == formula
    assert result.submission.goal("discharge_delay").rationale == "=1+1"


# ---- refusals a hostile or careless copy meets --------------------------------------------------
def test_huge_or_missing_figures_are_warnings_in_plain_words(plan, copy):
    """1e308 is shown as 1e+308, not as its 309 digits; an empty goal says so without 'no a goal'."""
    ea = METRICS["emergency_admissions_65_plus_per_100k"][2]
    goal = find_cell(copy, "Metrics", ea, "Goal")
    ch = METRICS["care_home_admissions_65_plus_per_100k"][2]
    base = find_cell(copy, "Metrics", ch, "Baseline")
    result = load_bytes(edited(copy, {("Metrics", goal): None, ("Metrics", base): 1e308}), name="copy.xlsx")
    said = {(w.sheet, w.cell): w.message for w in result.warnings}
    assert "found 1e+308" in said[("Metrics", base)] and len(said[("Metrics", base)]) < 200
    assert "empty, although the row says the area set the goal" in said[("Metrics", goal)]
    assert not any("no a " in w.message for w in result.warnings)


def test_a_very_long_statement_keeps_its_row_within_excels_limit(plan, view):
    codes = [c.code for c in load_reference(plan.year).national_conditions]
    long = Submission(assurance=(Assurance(condition=codes[0], statement="We meet it. " * 830, status="Met"),))
    wb = openpyxl.load_workbook(io.BytesIO(copy_of(plan, view, long)))
    heights = [(ws.title, r, d.height) for ws in wb.worksheets for r, d in ws.row_dimensions.items() if d.height]
    assert heights and max(h for *_, h in heights) <= 409, max(heights, key=lambda x: x[2])
    statement = next(c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row
                     if isinstance(c.value, str) and c.value.startswith("We meet it. We meet it."))
    assert len(statement) == len("We meet it. " * 830)  # the cell keeps the whole statement
