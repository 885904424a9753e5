"""What the board pack's slides say, from the demo's Summary: money against income, the ask, the options' rows,
capacity, conditions and sign-off, the charts' figures and words, and the appendix."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from budget.assurance import assure
from budget.demo import demo_plan
from budget.money import whole
from budget.submission import Signatory, Submission
from reports import board_pack_content as say
from scenarios.assumptions import load_assumptions
from scenarios.capacity import capacity_plan
from scenarios.schema import Scenario
from scenarios.views import HEADLINE_OUTCOMES, label, model

MOVE = {"kind": "move", "from": {"lever": "integrated_locality_teams"}, "to": {"lever": "care_home_support"},
        "amount_gbp": 1_000_000}  # as the shared `moved` fixture (tests/unit/reports/conftest.py) moves


@pytest.fixture(scope="module")
def view(plan):
    return model(Scenario(name="Option A"), plan, runs=60, seed=5)


@pytest.mark.parametrize("spend, income, said", [
    (50_306_200, 49_346_200, "£960,000 more than the pool's income of £49.3m"),
    (49_346_200, 48_346_200, "£1.0m more than the pool's income of £48.3m"),
    (49_306_200, 49_346_200, "within the pool's income of £49.3m (£40,000 not yet planned)"),
    (49_346_200, 49_346_200, "within the pool's income of £49.3m"),
    (49_346_200.3, 49_346_200, "within the pool's income of £49.3m"),  # pennies are rounding, not an overspend
])
def test_spend_against_income(spend, income, said):
    assert say.against_income(spend, income) == said
    assert say.overspends(spend, income) == ("more than" in said)


def test_figures_are_written_with_their_sign_unit_and_range():
    assert [say.change_words(say.FAN_OUTCOME, x) for x in (105.6, -206.2, 0.4, -0.4)] == [
        "106 fewer admissions", "206 more admissions", "no change", "no change"]
    assert say.money(-2_500_000) == "−£2.5m" and say.money(960_000) == "£960,000"
    assert say.price(2711) == "£2,711" and say.price(28.53) == "£28.53"
    assert say.outcome_value("net_saving_gbp", 1_500_000) == "£1.5m"
    assert say.outcome_value("bed_days_saved", 1234.4) == "1,234"
    assert say.range_words("bed_days_saved", {"p10": 10, "p50": 20.4, "p90": 30}) == "20 (10 to 30)"
    assert say.part(1, 1) == "" and say.part(2, 3) == " (2 of 3)"


def test_the_appendix_quotes_the_libraries_unit_costs():
    costs = load_assumptions("controlled").unit_costs
    text = say.unit_cost_text(costs)
    assert text.startswith("Unit costs") and text.endswith(".")
    assert say.price(costs.costs.emergency_admission.value) in text
    assert say.price(costs.costs.home_care_hour.value) in text


def test_the_ask_for_the_plan_as_submitted(plan, view):
    bullets = say.ask_bullets(plan, view)
    assert len(bullets) == 5
    assert bullets[0].startswith(f"Agree the Better Care Fund plan for {view.years[0]}: a pooled budget of "
                                 f"{say.money(plan.total_income)} with {say.money(plan.total_expenditure)} planned "
                                 f"across {len(plan.lines)} expenditure lines")
    assert bullets[1] == ("Option presented: Option A. This is the plan as submitted: no changes are proposed "
                          "against it.")
    ea = say.plan_year_stat(view, "emergency_admissions_avoided")
    assert f"about {whole(ea['p50'])} emergency admissions" in bullets[2]


def test_the_ask_with_changes_gives_their_spend_and_effect(plan, moved):
    bullets = say.ask_bullets(plan, moved)
    c = moved.changes_in_plan_year["emergency_admissions_avoided"]
    spend = say.plan_year_spend(plan, moved)
    assert spend == pytest.approx(plan.total_expenditure + moved.spend_change_gbp)
    assert f"With its changes, {say.money(spend)} is planned in {moved.years[0]}" in bullets[1]
    assert (
        f"it means {say.change_words(say.FAN_OUTCOME, c['p50'])} (emergency admissions of people aged 65+; 80% range "
        f"from {say.change_words(say.FAN_OUTCOME, c['p10'])} to {say.change_words(say.FAN_OUTCOME, c['p90'])}"
        in bullets[1]
    )


def test_the_options_rows_give_each_outcome_and_each_options_change_and_spend(plan, view, moved):
    rows = say.option_pool_rows([view, moved])
    assert [r[0] for r in rows] == [label(o) for o in HEADLINE_OUTCOMES]
    assert all(len(r) == 3 for r in rows)
    first = say.plan_year_stat(view, HEADLINE_OUTCOMES[0])
    assert rows[0][1] == say.range_words(HEADLINE_OUTCOMES[0], first)
    change = say.option_change_rows(plan, view.years[0], [view, moved])
    assert change[0][0] == f"Change in emergency admissions in {view.years[0]} (P50; chance better)"
    assert change[0][1] == "no changes" and re.match(r"([\d,]+ (more|fewer) admissions?|no change); \d+%", change[0][2])
    assert change[1][1].startswith(f"{say.money(plan.total_expenditure)}: ")
    beyond = say.beyond_change_rows([view, moved])
    assert beyond[0][1] == beyond[1][1] == "no changes"
    npv = moved.appraisal_change.net_present_value  # the appraisal's own figure: its P50, with how often it pays back
    paid = sum(x > 0 for x in moved.change_npv_samples) / moved.runs
    assert beyond[1][2] == f"{say.money(npv.p50)}; {paid:.0%}"
    assert [r[0] for r in say.beyond_pool_rows([view])] == [label(o) for o in HEADLINE_OUTCOMES]


def test_the_money_slides_bars_follow_the_plan(plan, view):
    names, income = say.income_by_stream(plan)
    assert len(names) == len(income) and sum(income) == pytest.approx(plan.total_income)
    levers, spend = say.spend_by_lever_bars(plan, None)
    assert sum(spend) == pytest.approx(plan.total_expenditure, abs=len(spend))
    # the modelled levers largest first; the services with no modelled effect one bar after them, not "No modelled
    # effect" at the top
    assert levers[-1] == say.NOT_MODELLED and "No modelled effect" not in levers
    assert spend[:-1] == sorted(spend[:-1], reverse=True)
    assert say.spend_sentence(plan, view).startswith(f"Spend planned in {view.years[0]}: ")


def test_capacity_rows_are_demand_capacity_and_gap_for_every_flow(plan, view):
    cap = capacity_plan(plan)
    rows = say.capacity_rows(cap)
    assert [r[0] for r in rows] == [f.label for f in cap.flows().values()]
    for row, f in zip(rows, cap.flows().values(), strict=True):
        assert row[1:] == [whole(sum(f.demand)), whole(sum(f.capacity)), whole(sum(f.capacity) - sum(f.demand))]
    assert say.capacity_subtitle(view, None).endswith(" as planned")
    assert say.capacity_subtitle(view, Scenario(name="M", changes=(MOVE,))).endswith(" after the scenario's changes")


def test_conditions_and_sign_off_in_words(plan, view):
    conditions = assure(plan, Submission())
    rows = say.condition_rows(conditions)
    assert len(rows) == len(conditions) and rows[0][0].startswith(f"{conditions[0].condition.code}: ")
    assert all(r[2] for r in rows)
    assert say.condition_notes(plan, view, conditions) == [w for c in conditions for w in c.warnings]
    people = (Signatory(role="Chair", organisation="Board", name="A. Person", signed_on=dt.date(2026, 3, 2)),
              Signatory(role="Section 151 officer"))
    assert say.signatory_rows(people) == [["Chair", "Board", "A. Person", "2 March 2026"],
                                          ["Section 151 officer", "Not named", "Not yet named", "Not signed"]]
    assert say.sign_off_words(people) == "1 of 2 signatories have signed"
    assert say.sign_off_words(people[1:]) == "None of the 1 signatories has signed yet"
    assert say.sign_off_words(people[:1]) == "All 1 signatories have signed"


def test_the_charts_figures_and_alternative_text_agree(view):
    rows = say.fan_rows(view)
    assert [r[0] for r in rows] == list(view.years)
    years, bars = say.fan_bars(view)
    assert years == list(view.years) and [whole(x) for x in bars["P50"]] == [r[2] for r in rows]
    alt = say.fan_alt(view)
    assert all(f"{r[0]} {r[2]} ({r[1]} to {r[3]})" in alt for r in rows)
    metric = say.metric_rows(view)
    assert len(metric) == len(view.metrics[say.METRIC].years) and all(len(r) == 5 for r in metric)
    assert say.metric_alt(view).endswith(" (P50s).")
    names, series = say.locality_bars(view)
    assert list(series) == ["P10", "P50", "P90"] and all(len(v) == len(names) for v in series.values())


def test_payback_in_figures_and_words(moved):
    rows = dict(say.payback_rows(moved))
    npv = moved.appraisal_change.net_present_value
    assert rows["Runs"] == f"{len(moved.change_npv_samples):,}"
    assert [rows[k] for k in ("P10", "P50", "P90")] == [say.money(x) for x in (npv.p10, npv.p50, npv.p90)]
    share = say.payback_share(moved)
    assert rows["Runs in which the changes pay back"] == f"{share:.0%}"
    assert f"it is positive in {share:.0%} of runs" in say.payback_alt(moved)


def test_stances_risks_and_appendix(view):
    rows = say.stance_rows(view, view)
    assert all(r[1] == r[2] for r in rows) and len(rows) == len(HEADLINE_OUTCOMES)
    assert say.risk_bullets(view)[0].startswith("What moves the value of the pool's benefits most: ")
    appendix = say.appendix_bullets(view, "Unit costs: x.", ["No browser."])
    assert appendix[2] == f"{view.runs:,} Monte Carlo runs, seed {view.seed}; P10, P50 and P90 shown. Unit costs: x."
    assert appendix[-1] == "Note: No browser."
    assert say.title_lines(demo_plan(), view, dt.date(2026, 3, 2))[2] == "2 March 2026"
