"""The Excel return's submission copy: the planning template's sheets and columns, lines collapsed over
localities with every total kept, the goals, the sign-off, and a round trip through the project's loader."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys
from collections import defaultdict

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings

from budget.demo import demo_plan
from budget.export import analysis_bytes, collapse_localities, submission_bytes, template_plan
from budget.export_parts import COLOURS_IN_WORDS
from budget.models import ExpenditureLine, HWBArea, IncomeLine, Locality, Plan
from budget.readers import load_bytes
from budget.reference import load_reference
from budget.rules import check
from budget.submission import Assurance, GoalSetting, Signatory, Submission
from reports.returns import return_tables, submission_parts
from scenarios.capacity import capacity_plan
from scenarios.goals import goals, plan_weights
from scenarios.schema import MoveSpend, Scenario
from scenarios.views import model
from tests.integration.plans import plans
from tests.integration.sheets import table_rows

# The planning template's Expenditure columns (bcf.md §1.3 and addendum §2), written out by hand.
TEMPLATE_COLUMNS = ["Scheme ID", "Scheme Name", "Brief Description of Scheme", "Scheme Type", "Sub Types",
                    "Please specify if 'Scheme Type' is 'other'", "Planned Outputs", "Units", "Area of Spend",
                    "Please specify if 'Area of Spend' is 'other'", "Commissioner", "% NHS (if Joint Commissioner)",
                    "% LA (if Joint Commissioner)", "Provider", "Source of Funding", "Expenditure (£)",
                    "New/Existing Scheme"]
COUNCIL = "Northbrook (illustrative) council"
SIGNED = Signatory(role="Section 151 officer", organisation=COUNCIL, name="A. Treasurer", signed_on=dt.date(2026, 3, 2))


@pytest.fixture(scope="module")
def demo_copies():
    plan = demo_plan()
    submission = Submission(sign_off=(SIGNED,), goals=(GoalSetting(metric="discharge_delay", value=1.25,
                                                                   rationale="Our own goal, agreed with the ICB."),))
    scenario = Scenario(name="Board option A", submission=submission)
    view = model(scenario, plan, runs=300, seed=7)
    parts = submission_parts(view, scenario, plan)
    data = submission_bytes(plan, scenario=scenario.name, **parts)
    analysis = analysis_bytes(plan, scenario=scenario.name, tables=return_tables(view, scenario.stance))
    return plan, scenario, view, data, analysis


def book(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def by(lines, key) -> dict:
    out: dict = defaultdict(float)
    for x in lines:
        out[key(x)] += x.amount
    return dict(out)


# ---- shape ----------------------------------------------------------------------------------
def test_sheets_in_the_templates_order(demo_copies):
    wb = book(demo_copies[3])
    assert wb.sheetnames == ["Guidance", "Cover", "Income", "Expenditure", "Metrics", "Capacity and demand",
                             "National conditions", "Checklist", "Lists"]
    assert [ws.sheet_state for ws in wb.worksheets].count("hidden") == 1 and wb["Lists"].sheet_state == "hidden"


def test_expenditure_has_the_template_columns_and_no_locality_or_lever(demo_copies):
    ws = book(demo_copies[3])["Expenditure"]
    headers = [c.value for c in ws[3] if c.value is not None]
    assert headers == TEMPLATE_COLUMNS
    assert not {"Locality", "Lever (model)"} & set(headers)


def test_only_the_templates_sub_types(demo_copies):
    plan, *_ = demo_copies
    ref = load_reference(plan.year)
    wb = book(demo_copies[3])
    listed = {r[1] for r in wb["Lists"].iter_rows(min_row=2, values_only=True) if r[1]}
    added = {s.name for st in ref.scheme_types for s in st.sub_types if s.submit_as}
    assert added and not added & listed  # the sub types BCF Planner adds for modelling are not offered
    ws = wb["Expenditure"]
    col = TEMPLATE_COLUMNS.index("Sub Types")
    written = {r[col] for r in ws.iter_rows(min_row=4, values_only=True) if r[0] and r[0] != "Total" and r[col]}
    assert written <= listed
    assert any(x.sub_type in added for x in plan.lines)  # the demo uses them, so the mapping was exercised
    nb06 = next(r for r in ws.iter_rows(min_row=4, values_only=True) if r[0] == "NB06")
    assert nb06[3] == "Prevention / Early Intervention" and nb06[col] == "Other"


# ---- collapsing localities -----------------------------------------------------------------
def _line(sid: str, amount: float, locality: str = "", outputs: float | None = None, **kw) -> ExpenditureLine:
    base = dict(scheme_id=sid, scheme_name=f"Scheme {sid}", scheme_type="Home-based intermediate care services",
                sub_type="Rehabilitation at home (to support discharge)", commissioner="NHS",
                provider="NHS Community Provider", area_of_spend="Community Health", source_of_funding="nhs_minimum",
                amount=amount, planned_outputs=outputs, output_unit="Packages", new_existing="Existing",
                locality=locality)
    return ExpenditureLine(**{**base, **kw})


def two_locality_plan() -> Plan:
    lines = (
        _line("1", 100_000.10, "North", 40),
        _line("1", 50_000.25, "South", None),
        _line("1", 20_000.00, "North", 5, source_of_funding="additional_nhs"),  # another stream: its own line
        _line("2", 30_000.00, "", 12, scheme_type="Carers Services", sub_type="Respite services",
              area_of_spend="Social Care"),
        _line("1", 7_000.00, "South", 3, provider="Private Sector"),  # another provider: its own line
        _line("1", 1_000.65, "South", 1, source_of_funding="additional_nhs"),
    )
    return Plan(area=HWBArea(code="E06000001", name="Twoplace", icbs=("NHS North ICB",)), year="2025-26",
                income=(IncomeLine(stream="nhs_minimum", amount=200_000, icb="NHS North ICB"),
                        IncomeLine(stream="nhs_minimum", amount=10_000, icb="NHS South ICB"),
                        IncomeLine(stream="additional_nhs", amount=30_000)),
                lines=lines, localities=(Locality(name="North", population=50_000, population_65_plus=9_000),
                                         Locality(name="South", population=40_000, population_65_plus=8_000)))


def test_lines_differing_only_by_locality_become_one():
    plan = two_locality_plan()
    got = collapse_localities(plan).lines
    assert [(x.scheme_id, x.source_of_funding, x.provider, x.amount, x.planned_outputs, x.locality) for x in got] == [
        ("1", "nhs_minimum", "NHS Community Provider", 150_000.35, 40, ""),
        ("1", "additional_nhs", "NHS Community Provider", 21_000.65, 6, ""),
        ("2", "nhs_minimum", "NHS Community Provider", 30_000.00, 12, ""),
        ("1", "nhs_minimum", "Private Sector", 7_000.00, 3, ""),
    ]
    assert collapse_localities(plan).total_expenditure == pytest.approx(plan.total_expenditure, abs=1e-6)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans())
def test_property_collapsing_keeps_every_total(plan):
    got = collapse_localities(plan)
    assert all(not x.locality for x in got.lines)
    keys = {(x.scheme_id, x.scheme_name, x.description, x.scheme_type, x.sub_type, x.scheme_type_other,
             x.area_of_spend, x.area_of_spend_other, x.commissioner, x.pct_nhs, x.pct_la, x.provider,
             x.source_of_funding, x.output_unit, x.new_existing) for x in plan.lines}
    assert len(got.lines) == len(keys)
    for key in (lambda x: x.source_of_funding, lambda x: x.scheme_type, lambda x: x.scheme_id):
        want, have = by(plan.lines, key), by(got.lines, key)
        assert have.keys() == want.keys()
        assert all(have[k] == pytest.approx(want[k], abs=0.005) for k in want)  # to the penny
    outputs = sum(x.planned_outputs or 0 for x in plan.lines)
    assert sum(x.planned_outputs or 0 for x in got.lines) == pytest.approx(outputs)


# ---- round trip -----------------------------------------------------------------------------
def _same_plan_collapsed(back: Plan, plan: Plan) -> None:
    want = template_plan(plan)
    assert back.area == plan.area and back.year == plan.year
    assert [(i.stream, i.amount, i.district, i.icb) for i in back.income] == [
        (i.stream, i.amount, i.district, i.icb) for i in plan.income]
    assert len(back.lines) == len(want.lines)
    assert [x.model_dump(exclude={"row", "sheet", "cells"}) for x in back.lines] == [
        x.model_dump(exclude={"row", "sheet", "cells"}) for x in want.lines]
    for key in (lambda x: x.source_of_funding, lambda x: x.scheme_type):
        want_sums, have = by(plan.lines, key), by(back.lines, key)
        assert have.keys() == want_sums.keys()
        assert all(have[k] == pytest.approx(want_sums[k], abs=0.005) for k in want_sums)
    assert back.total_expenditure == pytest.approx(plan.total_expenditure, abs=0.005)


def test_demo_submission_copy_reads_back_as_the_plan_collapsed(demo_copies):
    plan, *_ , data, _ = demo_copies
    result = load_bytes(data, name="submission.xlsx")
    (back,) = result.plans
    _same_plan_collapsed(back, plan)
    assert len(back.lines) < len(plan.lines)  # the demo's locality lines were collapsed
    assert not [p for p in result.problems if p.severity == "error"]


def test_two_locality_plan_reads_back_collapsed():
    plan = two_locality_plan()
    (back,) = load_bytes(submission_bytes(plan), name="submission.xlsx").plans
    _same_plan_collapsed(back, plan)
    assert len(back.lines) == 4


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans())
def test_property_random_plans_round_trip_through_the_submission_copy(plan):
    (back,) = load_bytes(submission_bytes(plan), name="submission.xlsx").plans
    _same_plan_collapsed(back, plan)


# ---- cover and sign-off ---------------------------------------------------------------------
def test_cover_names_the_scenario_and_every_signatory(demo_copies):
    plan, scenario, *_ = demo_copies
    ws = book(demo_copies[3])["Cover"]
    cover = {r[0]: r[1] for r in ws.iter_rows(min_row=3, max_row=10, values_only=True) if r[0]}
    assert cover["Scenario"] == "Board option A" and cover["Financial Year"] == plan.year
    header, rows = table_rows(ws, "Role")
    assert header[:4] == ["Role", "Organisation", "Name", "Date signed"]
    assert [r[0] for r in rows] == ["Health and Wellbeing Board chair", "ICB chief executive",
                                    "Council chief executive", "Section 151 officer"]
    assert rows[1][1] == plan.area.icbs[0]
    s151 = rows[3]
    assert s151[1:3] == (COUNCIL, "A. Treasurer") and s151[3].date() == dt.date(2026, 3, 2)
    assert all(r[2] is None and r[3] is None for r in rows[:3])  # named, empty rows to fill in


def test_every_icb_on_the_income_lines_signs():
    plan = two_locality_plan()
    ceo = Signatory(role="ICB chief executive", organisation="NHS South ICB", name="B. South")
    extra = Signatory(role="Director of adult social services", organisation="Twoplace council", name="C. Adass")
    ws = book(submission_bytes(plan, submission=Submission(sign_off=(ceo, extra))))["Cover"]
    _, rows = table_rows(ws, "Role")
    icb_rows = [(r[1], r[2]) for r in rows if r[0] == "ICB chief executive"]
    assert icb_rows == [("NHS North ICB", None), ("NHS South ICB", "B. South")]
    assert rows[-1][:3] == ("Director of adult social services", "Twoplace council", "C. Adass")


# ---- metrics, capacity, conditions ----------------------------------------------------------
def test_metrics_sheet_holds_the_goals_figures(demo_copies):
    _, scenario, view, data, _ = demo_copies
    ws = book(data)["Metrics"]
    header, rows = table_rows(ws, "Metric")
    found = goals(view, scenario.submission, plan_weights(scenario.submission))
    assert len(rows) == len(found) == 3
    for g, r in zip(found, rows, strict=True):
        row = dict(zip(header, r, strict=True))
        assert row["Metric"] == g.label and row["Baseline period"] == g.baseline_period
        assert row["Baseline source"] == g.baseline_source and row["Rationale"] == g.rationale
        assert (row["Baseline"], row["Goal"]) == pytest.approx((g.baseline, g.goal))
        assert (row["Plan effect: P10"], row["Plan effect: P50"], row["Plan effect: P90"]) == pytest.approx(
            (g.effect_p10, g.effect_p50, g.effect_p90))
        quarters = (row["Q1 (Apr to Jun)"], row["Q2 (Jul to Sep)"], row["Q3 (Oct to Dec)"], row["Q4 (Jan to Mar)"])
        assert quarters == pytest.approx(g.quarterly)
    delay = dict(zip(header, rows[1], strict=True))
    assert delay["Goal"] == pytest.approx(1.25) and delay["Goal set by"] == "The area"
    assert delay["Rationale"] == "Our own goal, agreed with the ICB."
    admissions = dict(zip(header, rows[0], strict=True))  # suggested: the plan year's forecast, P50, rounded
    m = view.metrics["emergency_admissions_65_plus_per_100k"]
    assert admissions["Goal"] == pytest.approx(round(m.with_plan.p50[0], 1))
    assert sum(admissions[q] for q in ("Q1 (Apr to Jun)", "Q2 (Jul to Sep)", "Q3 (Oct to Dec)",
                                       "Q4 (Jan to Mar)")) == pytest.approx(admissions["Goal"])


def test_sections_without_tables_say_so_in_words():
    plan = two_locality_plan()
    wb = book(submission_bytes(plan))
    for name in ("Metrics", "Capacity and demand"):
        text = " ".join(str(c.value) for row in wb[name].iter_rows() for c in row if c.value)
        assert "not filled in yet" in text, name


def test_national_conditions_and_the_checklist_carry_the_areas_assurance():
    """Every national condition of the year is on its sheet with the area's statement and status, and the
    Checklist has a row for each condition and one for the sign-off, status in words."""
    plan = two_locality_plan()
    codes = [c.code for c in load_reference(plan.year).national_conditions]
    answer = Assurance(condition=codes[0], statement="Agreed by the board on 3 March.", status="Met")
    signed = Signatory(role="Section 151 officer", name="A. Treasurer", signed_on=dt.date(2026, 3, 2))
    wb = book(submission_bytes(plan, submission=Submission(assurance=(answer,), sign_off=(signed,))))
    header, rows = table_rows(wb["National conditions"], "Condition")
    assert [r[0] for r in rows] == codes and wb["National conditions"].tables
    first = dict(zip(header, rows[0], strict=True))
    assert (first["Assurance statement"], first["Status"]) == ("Agreed by the board on 3 March.", "Met")
    assert all(dict(zip(header, r, strict=True))["Status"] == "Not answered" for r in rows[1:])
    _, checks = table_rows(wb["Checklist"], "Status")
    by_item = {r[1]: r for r in checks}
    for c in load_reference(plan.year).national_conditions:
        row = by_item[f"{c.code} {c.title}"]
        assert row[0] == ("Met" if c.code == codes[0] else "Not answered")
    sign_off = by_item["Sign-off"]
    assert sign_off[0].endswith("dated") and "Section 151 officer" not in sign_off[2]


# ---- the rule on scheme type Other ----------------------------------------------------------
def test_other_without_its_text_is_amber_and_links_to_the_cell():
    plan = two_locality_plan()
    other = _line("9", 1_000.0, scheme_type="Other", sub_type="", output_unit="")
    said = _line("10", 1_000.0, scheme_type="Other", sub_type="", output_unit="", scheme_type_other="Befriending")
    plan = plan.model_copy(update={"lines": (*plan.lines, other, said)})
    data = submission_bytes(plan)
    wb = book(data)
    row = next(r for r in wb["Checklist"].iter_rows(min_row=5) if r[1].value == "Scheme type 'Other' not specified")
    assert row[0].value == "Amber" and "9 (Scheme 9)" in row[2].value and "10 (" not in row[2].value
    sheet, cell = row[3].hyperlink.location.split("!")
    col = TEMPLATE_COLUMNS.index("Please specify if 'Scheme Type' is 'other'") + 1
    ws = wb["Expenditure"]
    assert sheet == "'Expenditure'" and ws[cell].column == col and ws.cell(ws[cell].row, 1).value == "9"
    fixed = plan.model_copy(update={"lines": tuple(x.model_copy(update={"scheme_type_other": "Handyperson"})
                                                   if x.scheme_id == "9" else x for x in plan.lines)})
    found = {f.id: f.severity for f in check(fixed)}
    assert found["other-specified"] == "green"
    assert "other-specified" not in {f.id for f in check(two_locality_plan())}  # no line of type Other


# ---- accessibility --------------------------------------------------------------------------
def _header_row(ws) -> int | None:
    if ws.print_title_rows:
        return int(ws.print_title_rows.split(":")[0].strip("$"))
    return None


@pytest.mark.parametrize("copy", ["submission", "analysis"])
def test_both_copies_are_readable_without_colour(demo_copies, copy):
    wb = book(demo_copies[3] if copy == "submission" else demo_copies[4])
    guidance = " ".join(str(c.value) for c in wb["Guidance"]["A"] if c.value)
    assert COLOURS_IN_WORDS in guidance
    for ws in wb.worksheets:
        assert not ws.merged_cells.ranges, ws.title  # no merged cells anywhere
        if ws.title in ("Guidance", "Lists", "Capacity and demand", "National conditions"):
            continue  # prose, the drop-down lists, or a section not filled in yet
        if ws.title == "Baselines" or (ws.title == "Cover" and copy == "analysis"):  # label-value pairs
            labels = [c for c in ws["A"][2:] if c.value]
            assert labels and all(c.font.bold for c in labels), ws.title
            continue
        row = _header_row(ws)
        assert row, f"{ws.title}: no header row declared"
        first = ws.cell(row, 1)
        assert first.value and first.font.bold, ws.title
        assert ws.defined_names["ColumnTitle"].attr_text == f"'{ws.title}'!$A${row}", ws.title
        for t in ws.tables.values():  # an Excel table starts at the header row
            assert t.ref.startswith(f"A{row}:") and t.headerRowCount in (None, 1), ws.title
        if ws.title in ("Income", "Expenditure", "Checklist"):
            assert ws.tables, ws.title
    checklist = wb["Checklist"]
    statuses = [r[0] for r in checklist.iter_rows(min_row=5) if r[0].value]
    assert statuses
    rules = [c for c in statuses if c.value in ("Red", "Amber", "Green")]
    assert rules  # the rule findings, then (submission copy) a row per national condition and the sign-off
    for cell in statuses:
        assert isinstance(cell.value, str) and cell.value.strip()
        assert cell.comment is not None and cell.comment.text.startswith(cell.value)


# ---- the command line -----------------------------------------------------------------------
def test_bcf_export_writes_either_copy_or_both(tmp_path):
    sub, ana = tmp_path / "out" / "submission.xlsx", tmp_path / "analysis.xlsx"
    p = subprocess.run([sys.executable, "-m", "budget", "export", "demo", "--xlsx", str(sub), "--analysis", str(ana),
                        "--runs", "200"], capture_output=True, text=True, timeout=180)
    assert p.returncode == 0, p.stderr
    assert "submission copy" in p.stdout and "analysis copy" in p.stdout
    assert "Metrics" in openpyxl.load_workbook(sub).sheetnames
    assert "Results" in openpyxl.load_workbook(ana).sheetnames and "Results" not in openpyxl.load_workbook(
        sub).sheetnames
    only = tmp_path / "only.xlsx"
    p = subprocess.run([sys.executable, "-m", "budget", "export", "demo", "--analysis", str(only), "--runs", "200"],
                       capture_output=True, text=True, timeout=180)
    assert p.returncode == 0 and only.exists() and "Localities" in openpyxl.load_workbook(only).sheetnames
    wrong_kind = "a.csv: the analysis copy is an Excel workbook; give a name ending .xlsx"
    for args, words in ((["--analysis", str(tmp_path / "a.csv")], wrong_kind),
                        ([], "--analysis FILE")):
        bad = subprocess.run([sys.executable, "-m", "budget", "export", "demo", *args], capture_output=True, text=True,
                             timeout=60)
        assert bad.returncode == 2 and bad.stderr.startswith("error: ") and words in bad.stderr


# ---- the Export page ------------------------------------------------------------------------
@pytest.fixture
def builds(monkeypatch):
    """Each Excel return copy built, as (kind, bytes), in order, from a cache emptied first."""
    import streamlit as st

    import reports.export_files as files

    made: list[tuple[str, bytes]] = []
    real_submission, real_analysis = files.submission_copy, files.analysis_copy

    def submission(*args, **kwargs):
        out = real_submission(*args, **kwargs)
        made.append(("submission", out[0]))
        return out

    def analysis(*args, **kwargs):
        out = real_analysis(*args, **kwargs)
        made.append(("analysis", out))
        return out

    monkeypatch.setattr(files, "submission_copy", submission)
    monkeypatch.setattr(files, "analysis_copy", analysis)
    st.cache_data.clear()
    return made


def test_export_page_builds_both_copies_once_for_the_scenario(builds, downloads):
    from tests.pages import open_page

    at = open_page("export_page")
    assert not at.exception
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels[:2] == ["Download the Excel return (submission copy)", "Download the analysis copy"]
    assert [kind for kind, _ in builds] == ["submission", "analysis"]
    served = {name.split("_")[1]: data for name, data in downloads if name and name.endswith(".xlsx")}
    assert served["return"] == builds[0][1] and served["analysis"] == builds[1][1]  # what the buttons hand over
    assert book(served["return"]).sheetnames[:5] == ["Guidance", "Cover", "Income", "Expenditure", "Metrics"]
    assert "By locality and lever" in book(served["analysis"]).sheetnames
    at.run()  # a rerun with nothing changed builds nothing again
    assert len(builds) == 2


def test_a_new_signatory_gives_a_new_submission_copy(builds):
    from app_ui.keys import KEY_SCENARIO
    from tests.pages import open_page

    at = open_page("export_page")
    scenario = at.session_state[KEY_SCENARIO]
    signed = Signatory(role="Health and Wellbeing Board chair", name="D. Chair", signed_on=dt.date(2026, 3, 9))
    at.session_state[KEY_SCENARIO] = scenario.model_copy(update={"submission": Submission(sign_off=(signed,))})
    at.run()
    assert not at.exception
    copies = [data for kind, data in builds if kind == "submission"]
    assert len(copies) == 2  # the submission is part of the key: a copy for each
    chairs = []
    for data in copies:
        _, rows = table_rows(book(data)["Cover"], "Role")
        chairs.append(next(r[2] for r in rows if r[0] == "Health and Wellbeing Board chair"))
    assert chairs == [None, "D. Chair"]


def test_capacity_sheet_reconciles_with_the_capacity_plan(demo_copies):
    """Each figure on the Capacity and demand sheet is the capacity plan's own, month by month; a scenario
    with changes says on the Cover that they are modelled but not written as lines."""
    plan, scenario, _, data, _ = demo_copies
    cap = capacity_plan(plan, submission=scenario.submission, scenario=scenario)
    header, rows = table_rows(book(data)["Capacity and demand"], "Pathway or service")
    assert header[2:14] == list(cap.months) and header[14] == "Year"
    got = {(r[0], r[1]): r[2:15] for r in rows}
    for f in cap.flows().values():
        for measure, values in (("Demand", f.demand), ("Capacity", f.capacity), ("Gap", f.gap)):
            assert got[(f.label, measure)] == pytest.approx([*values, sum(values)], abs=0.051)
    cover = " ".join(str(c.value) for row in book(data)["Cover"].iter_rows() for c in row if c.value)
    assert "not in the Expenditure" not in cover  # no changes in this scenario
    moved = scenario.model_copy(update={"changes": (MoveSpend.model_validate(
        {"kind": "move", "from": {"lever": "integrated_locality_teams"}, "to": {"lever": "reablement"},
         "amount_gbp": 100_000}),)})
    parts = submission_parts(model(moved, plan, runs=50, seed=1), moved, plan)
    cover = " ".join(str(c.value) for row in book(submission_bytes(plan, **parts))["Cover"].iter_rows()
                     for c in row if c.value)
    assert "The scenario's 1 modelled change" in cover and "not in the Expenditure" in cover
