"""`bcf goals SOURCE`: suggested goals for the three BCF metrics.

Each comes with its baseline and the plan's modelled effect. Registered through the ``bcf.commands`` entry
point `goals`.
"""

from __future__ import annotations

import argparse

from scenarios.cli.common import (
    add_source_options,
    check_options,
    print_area_wide,
    print_json,
    scenario_and_plan,
    user_errors,
)


def goals_json(plan_year: str, goals) -> dict:
    """The JSON object `bcf goals --json` prints."""
    def r(x: float) -> float:
        return round(float(x), 3) + 0.0

    return {"year": plan_year, "metrics": {g.name: {
        "label": g.label,
        "unit": g.unit,
        "baseline": {"value": r(g.baseline), "period": g.baseline_period, "source": g.baseline_source},
        "plan_effect": {"p10": r(g.effect_p10), "p50": r(g.effect_p50), "p90": r(g.effect_p90)},
        "goal": {"value": r(g.goal), "quarterly": [r(q) for q in g.quarterly], "suggested": r(g.suggested),
                 "set_by": "area" if g.set_by_area else "suggested", "probability_met": r(g.probability_met),
                 "forecast": {"p10": r(g.forecast_p10), "p50": r(g.forecast_p50), "p90": r(g.forecast_p90)}},
        "rationale": g.rationale,
    } for g in goals}}


def cmd_goals(args: argparse.Namespace) -> int:
    """Model the source and print each metric's suggested goal, its rationale, quarters and baseline source.

    With ``--json``, one JSON object (see :func:`goals_json`). Returns the exit status.
    """
    from scenarios.goals import goals, plan_weights
    from scenarios.views import model

    check_options(runs=args.runs, seed=args.seed)
    with user_errors():
        scenario, plan = scenario_and_plan(args.source, area=args.area, db=args.db, runs=args.runs, seed=args.seed)
        summary = model(scenario, plan)
    found = goals(summary, scenario.submission, plan_weights(scenario.submission))
    if args.json:
        print_json(goals_json(plan.year, found))
        return 0
    print(f"Suggested goals for {plan.year}: {summary.area_name}, {summary.scenario_name}")
    print_area_wide(plan)
    for g in found:
        print(g.label)
        print(f"  {g.rationale}")
        print(f"  Goal {g.goal:,.{g.digits}f}, met in {g.probability_met:.0%} of runs. "
              f"Quarters: {', '.join(f'{q:,.{g.digits}f}' for q in g.quarterly)}. Baseline source: {g.baseline_source}")
    return 0


def register(subparsers) -> None:
    """Add `bcf goals` and its options to the `bcf` command's subparsers."""
    p = subparsers.add_parser(
        "goals", help="suggested goals for the three BCF metrics, from the plan's modelled effect"
    )
    add_source_options(p)
    p.set_defaults(func=cmd_goals)
