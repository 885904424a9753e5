"""docs/method.md's worked example is the model's own output: each figure it quotes is recomputed here."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from budget.demo import demo_plan
from scenarios.cli.summary_json import run_json
from scenarios.engine import run
from scenarios.schema import Scenario
from scenarios.summary import appraisal_of_change, change_vs_reference, totals

DOC = (Path(__file__).resolve().parents[2] / "docs" / "method.md").read_text(encoding="utf-8")
MOVE = {"kind": "move", "from": {"lever": "integrated_locality_teams"}, "to": {"lever": "care_home_support"},
        "amount_gbp": 1_000_000}


def test_worked_example_figures_are_the_models():
    plan = demo_plan()
    r = run(Scenario(name="Move £1m", changes=(MOVE,)), plan)
    plain = run(Scenario(), plan)
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
    # the ramp-up section: a new £2m line of integrated locality teams, pilot claims
    add = {"kind": "add_line", "scheme_id": "NEW", "lever": "integrated_locality_teams", "amount_gbp": 2_000_000}
    more = run(Scenario(name="More teams", stance="pilot", changes=(add,)), plan, runs=1000, seed=1)
    by_year = (more.totals - more.reference_totals)[:, :, k]
    quoted += [f"**{', '.join(f'{x:+,.1f}' for x in by_year.mean(axis=0))}**", f"**{(by_year[:, 0] < 0).mean():.1%}**"]
    missing = [q for q in quoted if q not in DOC]
    assert not missing, f"docs/method.md no longer matches the model; update the worked example: {missing}"


def test_capacity_figures_are_the_models():
    from budget.reference import LEVERS
    from scenarios.capacity import capacity_plan

    cap = capacity_plan(demo_plan())
    served = cap.served
    i = LEVERS.index("reablement")
    reablement = [x for x in served.lines if x.lever == "reablement"]
    p1 = cap.discharge["P1"]
    from_reablement = sum(r.people for r in cap.lines if r.to == "P1" and r.lever == "reablement")
    home_care = [r for r in cap.lines if r.to == "P1" and r.lever == "none"]
    quoted = [f"£{served.spend[i].sum():,.0f} and state {sum(x.bought for x in reablement):,.0f} packages",
              f"{cap.population_65_plus:,.0f} × 4% × 70% = {served.cap[i].sum():,.1f} people",
              cap.above_cap[0].split(" of reablement")[0] + " of that spend buys nobody more",
              f"{from_reablement:,.1f}\ngo to pathway 1",
              f"{cap.emergency_admissions:,.1f} admissions × 8.8% = {sum(p1.demand):,.1f} people",
              f"against {sum(p1.capacity):,.1f} people",
              f"the {from_reablement:,.1f} from reablement and {sum(r.people for r in home_care):,.1f} from home care",
              f"£{sum(r.spend for r in home_care):,.0f} at £1,700"]
    assert served.people[i].sum() == served.cap[i].sum()
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
