"""`bcf optimise SOURCE [--objective admissions|net_saving] [--max-change PCT] [--json]`."""

from __future__ import annotations

import argparse

from budget.cli import UserError, money, print_json
from budget.reference import LEVER_LABELS


def cmd_optimise(args: argparse.Namespace) -> int:
    from scenarios.cli import resolve_plan, scenario_for_source
    from scenarios.optimise import break_even, optimise
    from scenarios.schema import ScenarioError
    from scenarios.views import model

    if not 0 <= args.max_change <= 100:
        raise UserError("--max-change is a percentage between 0 and 100")
    try:
        scenario, base_dir = scenario_for_source(args.source)
        plan = resolve_plan(scenario, base_dir, args.area)
        result = optimise(plan, scenario, objective=args.objective, max_change=args.max_change / 100,
                          locked=set(args.lock or ()), runs=args.search_runs, seed=args.seed)
        before = model(scenario, plan, runs=args.runs, seed=args.seed)
        after = model(scenario, result.plan, runs=args.runs, seed=args.seed)
    except ScenarioError as e:
        raise UserError(*e.messages) from None
    except ValueError as e:
        raise UserError(str(e)) from None
    out = {
        "objective": args.objective,
        "max_change_pct": args.max_change,
        "runs": args.runs,
        "seed": args.seed,
        "improved": result.improved,
        "baseline_total_spend": round(plan.total_expenditure, 2),
        "optimised_total_spend": round(result.plan.total_expenditure, 2),
        "baseline_admissions_avoided_p50": before.stat("emergency_admissions_avoided")["p50"],
        "optimised_admissions_avoided_p50": after.stat("emergency_admissions_avoided")["p50"],
        "baseline_net_saving_p50": before.stat("net_saving_gbp")["p50"],
        "optimised_net_saving_p50": after.stat("net_saving_gbp")["p50"],
        "allocation": {lv: {"before": round(result.before[lv], 2), "after": round(result.after[lv], 2)}
                       for lv in result.levers},
        "break_even": {b.lever: {"outcome": b.outcome, "rate_ratio": None if b.rate_ratio is None else round(b.rate_ratio, 4),
                                 "evidence": [b.low, b.central, b.high], "within_evidence": b.within_evidence}
                       for b in break_even(plan, scenario)},
    }
    if args.json:
        print_json(out)
        return 0
    print(f"Objective: {args.objective.replace('_', ' ')}; each lever within ±{args.max_change:g}% of today's movable "
          f"spend; {'a better allocation was found' if result.improved else 'the current plan is already best'}.")
    for lv in result.levers:
        b, a = result.before[lv], result.after[lv]
        print(f"  {LEVER_LABELS.get(lv, lv):<45} {money(b):>14} -> {money(a):>14}  ({money(a - b)})")
    print(f"Emergency admissions avoided P50: {out['baseline_admissions_avoided_p50']:,.0f} -> "
          f"{out['optimised_admissions_avoided_p50']:,.0f}; net saving P50: {money(out['baseline_net_saving_p50'])} -> "
          f"{money(out['optimised_net_saving_p50'])}")
    return 0


def register(subparsers) -> None:
    p = subparsers.add_parser("optimise", help="re-allocate spend between levers to do more within the rules")
    p.add_argument("source", metavar="SOURCE", help="'demo', a scenario file, a workbook or scenario:NAME")
    p.add_argument("--objective", choices=["admissions", "net_saving"], default="admissions")
    p.add_argument("--max-change", type=float, default=25.0, help="largest change per lever, %% of today's spend")
    p.add_argument("--lock", action="append", metavar="SCHEME_ID", help="a scheme whose lines must not move")
    p.add_argument("--runs", type=int, default=1000, help="runs for the reported P50s")
    p.add_argument("--search-runs", type=int, default=300, help="runs behind each step of the search")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--area", default=None)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_optimise)
