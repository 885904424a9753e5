"""What the board pack's slides say, read back with python-pptx: slide titles, the ask, the money, the
options, goals, capacity, conditions and sign-off slides, their figures equal to the engine's, the appendix's
unit costs, and the pack `bcf export` writes."""

from __future__ import annotations

import io
import subprocess
import sys

import numpy as np
import pytest
from pptx import Presentation

from budget.demo import demo_plan
from reports import board_pack, chart_pictures
from reports import board_pack_content as say
from reports.change_words import change_words
from scenarios.assumptions import load_assumptions
from scenarios.schema import Scenario
from scenarios.views import label, model
from tests.integration.slides import (
    ONE_MILLION_MOVED,
    TITLES,
    by_title,
    charts_of,
    expected_levers,
    lever_chart_values,
    slide_text,
    slide_title,
)


def test_slides_titles_tables_and_native_chart_data(views):
    plan, controlled, pilot = views
    data, note = board_pack.board_pack_bytes(plan, controlled, options=[controlled, pilot], other_stance=pilot)
    prs = Presentation(io.BytesIO(data))
    slides = list(prs.slides)
    assert [slide_title(s) for s in slides[1:]] == TITLES
    assert "Better Care Fund 2026-27" in slide_title(slides[0])
    # the money: income chart holds the plan's income by stream
    money = charts_of(by_title(slides, "The money: income"))
    assert sorted(money[0].plots[0].series[0].values) == pytest.approx(sorted(plan.income_by_stream().values()))
    # by locality: P50 bars equal the engine's locality P50s
    (loc_chart,) = charts_of(by_title(slides, "By locality"))
    p50 = next(s for s in loc_chart.plots[0].series if s.name == "P50")
    assert list(p50.values) == pytest.approx(
        [x["p50"] for x in controlled.by_locality["emergency_admissions_avoided"].values()]
    )
    assert list(loc_chart.plots[0].categories) == list(controlled.by_locality["emergency_admissions_avoided"])
    # the options tables name both options; the plan as submitted has no changes to value
    for title in ("The options: what each pool buys", "The options: what each changes",
                  "Beyond the plan year: what each pool buys", "Beyond the plan year: what each changes"):
        table = next(sh.table for sh in by_title(slides, title).shapes if sh.has_table)
        cells = [[c.text for c in row.cells] for row in table.rows]
        assert cells[0][1:] == ["Option A", "Option A"]
    assert [r[1:] for r in cells if r[0].startswith("Net present value of the changes")] == [
        ["no changes", "no changes"]
    ]
    # the ask leads with what the option changes and what the pool buys in the plan year, not the pool's net saving
    ask = " ".join(sh.text_frame.text for sh in slides[1].shapes if sh.has_text_frame)
    assert "no changes are proposed" in ask and "What the whole pool buys in 2026-27" in ask
    assert "net saving" not in ask.lower()
    ea = controlled.by_year["2026-27"]["emergency_admissions_avoided"]
    assert f"about {ea['p50']:,.0f} emergency admissions of people aged 65+ avoided" in ask
    # every content slide names the area and scenario in its footer
    for s in slides[1:]:
        assert any("Northbrook" in sh.text_frame.text and "Option A" in sh.text_frame.text
                   for sh in s.shapes if sh.has_text_frame)


def _appendix_text(data: bytes) -> str:
    appendix = list(Presentation(io.BytesIO(data)).slides)[-1]
    return "\n".join(sh.text_frame.text for sh in appendix.shapes if sh.has_text_frame)


def test_the_appendix_quotes_the_unit_costs_of_the_assumption_library(views, monkeypatch):
    plan, controlled, _ = views
    monkeypatch.setattr(chart_pictures, "browser_available", lambda: False)
    library = load_assumptions()
    costs = library.unit_costs.costs
    text = _appendix_text(board_pack.board_pack_bytes(plan, controlled)[0])
    assert (f"Unit costs {library.unit_costs.prices}: non-elective spell £{costs.emergency_admission.value:,.0f}; "
            f"A&E attendance £{costs.ae_attendance.value:,.0f}; home-care hour £{costs.home_care_hour.value:,.2f}."
            ) in text
    # a figure changed in the library is the figure the slide quotes
    changed = library.model_copy(update={"unit_costs": library.unit_costs.model_copy(update={
        "prices": "2030-31",
        "costs": costs.model_copy(update={
            "emergency_admission": costs.emergency_admission.model_copy(update={"value": 3141.5}),
            "home_care_hour": costs.home_care_hour.model_copy(update={"value": 31.0})})})})
    monkeypatch.setattr(board_pack, "load_assumptions", lambda stance="controlled": changed)
    text = _appendix_text(board_pack.board_pack_bytes(plan, controlled)[0])
    assert "Unit costs 2030-31: non-elective spell £3,141.50;" in text and "home-care hour £31." in text


def test_bcf_export_writes_both(tmp_path):
    xlsx, pptx = tmp_path / "r.xlsx", tmp_path / "p.pptx"
    p = subprocess.run([sys.executable, "-m", "budget", "export", "demo", "--xlsx", str(xlsx), "--pptx", str(pptx),
                        "--runs", "300"], capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    assert xlsx.stat().st_size > 10_000
    assert [s.shapes.title.text for s in list(Presentation(str(pptx)).slides)[1:]] == TITLES


def test_the_money_slide_shows_spend_by_lever_after_the_scenarios_changes(monkeypatch):
    monkeypatch.setattr(chart_pictures, "browser_available", lambda: False)
    plan = demo_plan()
    scenario = Scenario.model_validate(ONE_MILLION_MOVED)
    view = model(scenario, plan, runs=200, seed=5)
    data, _ = board_pack.board_pack_bytes(plan, view, scenario=scenario)
    slides = list(Presentation(io.BytesIO(data)).slides)
    shown = lever_chart_values(slides)
    assert shown == pytest.approx(expected_levers(plan, scenario))
    as_submitted = expected_levers(plan)
    assert shown != pytest.approx(as_submitted)
    assert shown["Assistive technology"] == pytest.approx(as_submitted["Assistive technology"] - 1_000_000)
    assert shown["Integrated locality teams"] == pytest.approx(as_submitted["Integrated locality teams"] + 1_000_000)
    modelled = [v for k, v in shown.items() if k != say.NOT_MODELLED]
    assert modelled == sorted(modelled, reverse=True) and list(shown)[-1] == say.NOT_MODELLED
    assert "after the scenario's changes" in slide_text(by_title(slides, "The money: spend"))
    # with no scenario, the plan as planned
    data, _ = board_pack.board_pack_bytes(plan, view)
    plain = list(Presentation(io.BytesIO(data)).slides)
    assert lever_chart_values(plain) == pytest.approx(as_submitted)
    assert "as planned" in slide_text(by_title(plain, "The money: spend"))


def test_bcf_export_draws_the_scenarios_spend(tmp_path):
    import yaml

    source, pptx = tmp_path / "option_b.yaml", tmp_path / "p.pptx"
    source.write_text(yaml.safe_dump({**ONE_MILLION_MOVED, "base": "demo"}), encoding="utf-8")
    p = subprocess.run([sys.executable, "-m", "budget", "export", str(source), "--pptx", str(pptx), "--runs", "200"],
                       capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    shown = lever_chart_values(list(Presentation(str(pptx)).slides))
    assert shown == pytest.approx(expected_levers(demo_plan(), Scenario.model_validate(ONE_MILLION_MOVED)))
    assert shown != pytest.approx(expected_levers(demo_plan()))


# --- a pack for one year: the plan year first, the later years on slides of their own -----------------------

def table_cells(slide) -> list[list[str]]:
    (table,) = [sh.table for sh in slide.shapes if sh.has_table]
    return [[c.text for c in row.cells] for row in table.rows]


def _count(x: float) -> str:
    return f"{x:,.0f}".replace("-", "−")


def test_the_ask_speaks_of_the_plan_year_and_the_later_years_have_a_slide_of_their_own(one_year):
    from scenarios.engine import run

    plan, scenario, view, slides = one_year
    ask = slide_text(by_title(slides, "The ask"))
    # the plan year's figures, from the engine's per-run totals of that year
    r = run(scenario, plan, runs=300, seed=7)
    k = r.outcomes.index("emergency_admissions_avoided")
    pool = np.percentile(r.totals[:, 0, k], [10, 50, 90])
    change = r.totals[:, 0, k] - r.reference_totals[:, 0, k]
    c10, c50, c90 = np.percentile(change, [10, 50, 90])
    assert (f"What the whole pool buys in 2026-27: about {_count(pool[1])} emergency admissions of people aged 65+ "
            f"avoided (80% range {_count(pool[0])} to {_count(pool[2])})") in ask
    words = [change_words("emergency_admissions_avoided", x) for x in (c50, c10, c90)]
    assert (f"in 2026-27 it means {words[0]} (emergency admissions of people aged 65+; 80% range "
            f"from {words[1]} to {words[2]}; better in {(change > 0).mean():.0%} of runs)") in ask
    # the horizon's totals are not the ask's; they are on the slide after the plan year, with what they assume
    horizon = np.percentile(r.totals[:, :, k].sum(axis=1), [10, 50, 90])
    assert f"about {_count(horizon[1])} " not in ask and "over 5 years" not in ask
    beyond = by_title(slides, "Beyond the plan year: what each pool buys")
    rows = {r_[0]: r_[1] for r_ in table_cells(beyond)[1:]}
    assert rows[label("emergency_admissions_avoided")] == (
        f"{_count(horizon[1])} ({_count(horizon[0])} to {_count(horizon[2])})")
    words = slide_text(beyond)
    assert "5 years, 2026-27 to 2030-31" in words and "continues after 2026-27 in real terms" in words
    changes = {r_[0]: r_[1] for r_ in table_cells(by_title(slides, "Beyond the plan year: what each changes"))[1:]}
    paid = sum(x > 0 for x in view.change_npv_samples) / view.runs
    assert changes["Net present value of the changes (P50; chance it pays back)"] == (
        f"{say.money(view.appraisal_change.net_present_value.p50)}; {paid:.0%}")


def test_a_scenario_that_overspends_the_pool_says_so_wherever_the_pack_states_what_is_planned(one_year):
    from budget.money import gbp_short
    from scenarios.spend import spend_by_lever

    plan, scenario, view, slides = one_year
    spend = sum(spend_by_lever(plan, scenario).values())
    assert spend == pytest.approx(plan.total_expenditure + 1_000_000)
    over = spend - plan.total_income
    assert over > 0
    said = f"{gbp_short(over)} more than the pool's income of {gbp_short(plan.total_income)}"
    assert said == "£960,000 more than the pool's income of £49.3m"
    assert f"With its changes, {gbp_short(spend)} is planned in 2026-27, {said}." in slide_text(by_title(slides,
                                                                                                      "The ask"))
    assert (f"Spend planned in 2026-27 after the scenario's changes: {gbp_short(spend)}, {said}."
            in slide_text(by_title(slides, "The money: income")))
    assert said in slide_text(by_title(slides, "National conditions"))
    spent = {r[0]: r[1] for r in table_cells(by_title(slides, "The options: what each changes"))[1:]}
    assert spent["Spend planned in 2026-27"] == f"{gbp_short(spend)}: {gbp_short(over)} more than the pool's income"


def test_a_plan_within_its_income_is_not_called_an_overspend(views, monkeypatch):
    monkeypatch.setattr(chart_pictures, "browser_available", lambda: False)
    plan, controlled, _ = views
    slides = list(Presentation(io.BytesIO(board_pack.board_pack_bytes(plan, controlled)[0])).slides)
    text = " ".join(slide_text(s) for s in slides)
    assert "more than the pool's income" not in text
    assert "within the pool's income of £49.3m (£40,000 not yet planned)" in slide_text(by_title(slides,
                                                                                           "The money: income"))


def test_a_plan_that_itself_spends_more_than_its_income_says_so_in_the_ask(monkeypatch):
    from budget.money import gbp_short

    monkeypatch.setattr(chart_pictures, "browser_available", lambda: False)
    plan = demo_plan()
    plan = plan.model_copy(update={"income": plan.income[:-1]})  # one stream's income left out
    over = plan.total_expenditure - plan.total_income
    assert over > 0
    view = model(Scenario(name="As submitted"), plan, runs=100, seed=3)
    slides = list(Presentation(io.BytesIO(board_pack.board_pack_bytes(plan, view)[0])).slides)
    said = f"{gbp_short(over)} more than the pool's income of {gbp_short(plan.total_income)}"
    assert f"{gbp_short(plan.total_expenditure)} planned across {len(plan.lines)} expenditure lines, {said}." in (
        slide_text(by_title(slides, "The ask")))
    assert said in slide_text(by_title(slides, "The money: income"))


def test_the_goals_slide_gives_each_metric_its_baseline_forecast_goal_and_chance(one_year):
    from scenarios.goals import GOAL_METRICS, goals, plan_weights

    plan, scenario, view, slides = one_year
    rows = {r[0]: r[1:] for r in table_cells(by_title(slides, "Goals for the BCF metrics"))[1:]}
    found = {g.name: g for g in goals(view, scenario.submission, plan_weights(scenario.submission))}
    assert len(rows) == len(GOAL_METRICS) == 3
    for name, (metric, *_rest) in GOAL_METRICS.items():
        m = view.metrics[metric]
        d = m.digits
        runs = np.asarray(m.plan_year_runs, dtype=float)
        f10, f50, f90 = np.percentile(runs, [10, 50, 90])
        own = {"discharge_delay": 1.25}.get(name)
        goal = own if own is not None else round(f50, d)
        baseline, forecast, goal_cell, chance = rows[m.label]
        assert baseline == f"{found[name].baseline:,.{d}f} ({found[name].baseline_period})"
        assert forecast == f"{f50:,.{d}f} ({f10:,.{d}f} to {f90:,.{d}f})"
        assert goal_cell == f"{goal:,.{d}f} ({'set by the area' if own is not None else 'suggested'})"
        assert chance == f"{(runs <= goal + 1e-9).mean():.0%}"
    assert "2026-27" in slide_text(by_title(slides, "Goals for the BCF metrics"))


def test_the_capacity_slide_gives_each_pathway_and_service_its_years_demand_capacity_and_gap(one_year):
    from scenarios.capacity import capacity_plan

    plan, scenario, view, slides = one_year
    cap = capacity_plan(plan, submission=scenario.submission, scenario=scenario)
    slide = by_title(slides, "Capacity and demand")
    cells = table_cells(slide)
    assert cells[0] == ["Pathway or service", "Demand", "Capacity", "Gap"]
    flows = list(cap.discharge.values()) + list(cap.community.values())
    assert [r[0] for r in cells[1:]] == [f.label for f in flows]
    for row, f in zip(cells[1:], flows, strict=True):
        demand, capacity = sum(f.demand), sum(f.capacity)
        assert row[1:] == [_count(demand), _count(capacity), _count(capacity - demand)]
    worst = min(flows, key=lambda f: sum(f.capacity) - sum(f.demand))
    short = sum(worst.demand) - sum(worst.capacity)
    assert short > 0
    assert f"Largest shortfall: {worst.label}, {_count(short)} people short in 2026-27" in slide_text(slide)
    assert "after the scenario's changes" in slide_text(slide)


def test_the_conditions_and_sign_off_slides_give_each_status_and_who_has_signed(one_year):
    from budget.assurance import assure, required_signatories

    plan, scenario, view, slides = one_year
    conditions = table_cells(by_title(slides, "National conditions"))
    assert conditions[0] == ["Condition", "Status", "What the checks on the plan found"]
    answered = {"NC1": "Met", "NC2": "Partly met"}
    for row, c in zip(conditions[1:], assure(plan, scenario.submission), strict=True):
        assert row[0] == f"{c.condition.code}: {c.condition.title}"
        assert row[1] == answered.get(c.condition.code, "Not answered")
        flagged = [f.title for f in c.findings if f.severity != "green"]
        assert all(t in row[2] for t in flagged) and (bool(flagged) or row[2].startswith(("Green", "No check")))
    sign = by_title(slides, "Sign-off")
    rows = table_cells(sign)
    required = required_signatories(plan)
    assert [r[0] for r in rows[1:]] == [s.role for s in required]
    signed = [r for r in rows[1:] if r[0] == "Section 151 officer"]
    assert signed == [["Section 151 officer", "Northbrook (illustrative) council", "Dana Whitlock", "20 March 2026"]]
    assert all(r[3] == "Not signed" for r in rows[1:] if r[0] != "Section 151 officer")
    assert f"1 of {len(required)} signatories have signed" in slide_text(sign)


def test_slides_carry_no_working_notes(one_year):
    *_, slides = one_year
    text = " ".join(slide_text(s) + " " + " ".join(c.text for sh in s.shapes if sh.has_table for row in sh.table.rows
                                                   for c in row.cells) for s in slides)
    for note in ("evidence.md", "bcf.md", "§", "unconfirmed in the copy", "TODO", "Issue 22"):
        assert note not in text, note
