"""docs/method.md's worked example is the model's own output: each figure it quotes is recomputed here."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from budget.demo import demo_plan
from scenarios.cli.summary_json import run_json
from scenarios.engine import run
from scenarios.schema import Scenario
from scenarios.summary import appraisal_of_change, change_vs_reference, totals

DOC = (Path(__file__).resolve().parents[2] / "docs" / "method.md").read_text(encoding="utf-8")
MOVE = {"kind": "move", "from": {"lever": "integrated_locality_teams"}, "to": {"lever": "care_home_support"},
        "amount_gbp": 150_000}


def test_worked_example_figures_are_the_models():
    plan = demo_plan()
    r = run(Scenario(name="Move £150,000", changes=(MOVE,)), plan)
    plain = run(Scenario(), plan)
    assert r.warnings == ()  # the move keeps care-home support within its eligibility cap
    k = r.outcomes.index("emergency_admissions_avoided")
    observed = r.baseline.counts[1, :, 0].sum()
    est, ref, scen = r.established_totals[0, 0, k], r.reference_totals[0, 0, k], r.totals[0, 0, k]
    m = run_json(r)["metrics"]["emergency_admissions_65_plus_per_100k"]
    quoted = [
        f"{r.baseline.population_65_plus[1].sum():,.0f} people aged 65+",
        f"| {observed:,.1f} | {m['with_todays_services'][0]:,.1f} |",
        f"+{est:,.1f}", f"| {observed + est:,.1f} | {m['without_pool']['central'][0]:,.1f} |",
        f"−{ref:,.1f}", f"| {observed + est - ref:,.1f} | {m['with_plan']['central'][0]:,.1f} |",
        f"−{scen:,.1f}", f"| {observed + est - scen:,.1f} | {m['with_scenario']['central'][0]:,.1f} |",
        f"{ref - est:,.1f} come from the plan's new", f"{scen:,.1f} − {ref:,.1f} = {scen - ref:,.1f}",
    ]
    c = change_vs_reference(r)["emergency_admissions_avoided"]
    unpaired = np.percentile(totals(r, "emergency_admissions_avoided"), 50) - np.percentile(
        totals(plain, "emergency_admissions_avoided"), 50)
    npv = appraisal_of_change(r).net_present_value
    quoted += [f"**+{c.p50:,.0f}**", f"**−{abs(c.p10):,.0f} to +{c.p90:,.0f}**", f"mean is +{c.mean:,.0f}",
               f"**{c.probability_better:.0%}**", f"gives +{unpaired:,.0f}", f"**£{npv.mean / 1e6:,.2f}m**",
               f"P10 −£{abs(npv.p10) / 1e6:,.2f}m", f"P90 £{npv.p90 / 1e6:,.2f}m"]
    # the ramp-up section: a new £500,000 line of integrated locality teams, pilot claims, within the cap
    add = {"kind": "add_line", "scheme_id": "NEW", "lever": "integrated_locality_teams", "amount_gbp": 500_000}
    more = run(Scenario(name="More teams", stance="pilot", changes=(add,)), plan, runs=1000, seed=1)
    assert more.warnings == ()
    by_year = (more.totals - more.reference_totals)[:, :, k]
    quoted += [f"**{', '.join(f'{x:+,.1f}' for x in by_year.mean(axis=0))}**", f"**{(by_year[:, 0] < 0).mean():.1%}**"]
    missing = [q for q in quoted if q not in DOC]
    assert not missing, f"docs/method.md no longer matches the model; update the worked example: {missing}"


def test_capacity_figures_are_the_models():
    from budget.reference import LEVERS
    from scenarios.capacity import capacity_plan

    plan = demo_plan()
    cap = capacity_plan(plan)
    served = cap.served
    i = LEVERS.index("reablement")
    reablement = [x for x in served.lines if x.lever == "reablement"]
    p1 = cap.discharge["P1"]
    from_reablement = sum(r.people for r in cap.lines if r.to == "P1" and r.lever == "reablement")
    home_care = [r for r in cap.lines if r.to == "P1" and r.lever == "none"]
    quoted = [f"£{served.spend[i].sum():,.0f} and state {sum(x.bought for x in reablement):,.0f} packages",
              f"{cap.population_65_plus:,.0f} × 4% × 70% = {served.cap[i].sum():,.1f} people",
              f"{from_reablement:,.1f}\ngo to pathway 1",
              f"{cap.emergency_admissions:,.1f} admissions × 8.8% = {sum(p1.demand):,.1f} people",
              f"against {sum(p1.capacity):,.1f} people",
              f"the {from_reablement:,.1f} from reablement and {sum(r.people for r in home_care):,.1f} from home care",
              f"£{sum(r.spend for r in home_care):,.0f} at £1,700"]
    assert cap.above_cap == () and (served.people[i] < served.cap[i]).all()  # within the cap in every locality
    planned = sum(x.planned_outputs for x in plan.lines if x.scheme_type == "Home-based intermediate care services")
    assert served.people[i].sum() == pytest.approx(planned, rel=1e-12)  # each line serves the packages it plans
    missing = [q for q in quoted if q not in DOC]
    assert not missing, f"docs/method.md no longer matches the capacity plan; update it: {missing}"


def test_the_move_made_the_plan_keeps_the_central_run():
    from scenarios.make_plan import make_plan

    plan = demo_plan()
    scenario = Scenario(name="Move £1m", changes=(MOVE,))
    made = make_plan(plan, scenario)
    changed = {x.scheme_id for x, y in zip(plan.lines, made.lines, strict=True) if x != y}
    assert changed == {"NB04", "NB10"} and "(NB04, New)" in DOC and "(NB10, New," in DOC
    r = run(scenario, plan, runs=50)
    again = run(Scenario(), plan.model_copy(update={"lines": made.lines}), runs=50)
    k = r.outcomes.index("emergency_admissions_avoided")
    assert f"{again.totals[0, 0, k]:,.1f}" == f"{r.totals[0, 0, k]:,.1f}"
    assert f"avoids the same {r.totals[0, 0, k]:,.1f}\nadmissions in 2026-27" in DOC


def test_appraisal_figures_are_the_assumption_librarys():
    from scenarios.assumptions import load_assumptions

    a = load_assumptions()
    ob = {g: f"{f.value:.0%}" for g, f in a.unit_costs.optimism_bias.items()}
    c = a.unit_costs.costs
    bed, home = c.delayed_bed_day.uplifted_from, c.care_home_week.uplifted_from
    quoted = [
        f"none for trials and meta-analyses, {ob['matched_control']} for matched-control",
        f"evaluations and published statistics, {ob['judgement']} for judgements and {ob['uncontrolled_pilot']} for",
        f"one price year ({a.unit_costs.prices})",
        f"£{bed.value:,.0f} at {bed.price_year} prices is £{c.delayed_bed_day.value:,.0f}",
        f"£{home.value:,.0f} a week at {home.price_year} prices is £{c.care_home_week.value:,.0f}",
        f"The home-care hour, £{c.home_care_hour.value:,.2f}",
        f"standard bed day (£{c.delayed_bed_day.value:,.0f} at {a.unit_costs.prices} prices",
    ]
    assert ob["trial_or_meta_analysis"] == "0%" and ob["published_statistic"] == ob["matched_control"]
    text = " ".join(DOC.split())
    missing = [q for q in quoted if q not in text]
    assert not missing, f"docs/method.md no longer matches the assumption library: {missing}"
