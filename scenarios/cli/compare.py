"""`bcf compare SOURCE SOURCE ...`: headline P10/P50/P90 of several sources side by side, and each one's
difference in P50 from the first. Registered through the ``bcf.commands`` entry point `compare`."""

from __future__ import annotations

import argparse

from budget.cli import UserError
from scenarios.cli.common import check_options, print_json, scenario_and_plan, user_errors


@user_errors()
def cmd_compare(args: argparse.Namespace) -> int:
    from scenarios.views import HEADLINE_OUTCOMES, label, model

    if len(args.sources) < 2:
        raise UserError("give at least two sources to compare")
    check_options(runs=args.runs, seed=args.seed)
    views = []
    for source in args.sources:
        scenario, plan = scenario_and_plan(source, db=args.db, runs=args.runs, seed=args.seed)
        views.append((source, model(scenario, plan)))
    first = views[0][1]
    out = {"runs": first.runs, "seed": first.seed, "scenarios": []}
    for source, v in views:
        entry = {"source": source, "scenario": v.scenario_name, "outcomes": {}, "difference_vs_first": {},
                 "probability_net_saving_positive": v.headline["probability_net_saving_positive"]}
        for o in HEADLINE_OUTCOMES:
            s = v.stat(o)
            entry["outcomes"][o] = {k: s[k] for k in ("p10", "p50", "p90")}
            entry["difference_vs_first"][o] = {"p50": round(s["p50"] - first.stat(o)["p50"], 2)}
        out["scenarios"].append(entry)
    if args.json:
        print_json(out)
        return 0
    print(f"{first.runs:,} runs, seed {first.seed}; P50 (P10 to P90) over the horizon; difference in P50 against the first")
    for o in HEADLINE_OUTCOMES:
        print(label(o))
        for e in out["scenarios"]:
            s, d = e["outcomes"][o], e["difference_vs_first"][o]["p50"]
            print(f"  {e['scenario'][:40]:<40} {s['p50']:>16,.0f}  ({s['p10']:,.0f} to {s['p90']:,.0f})  {d:+,.0f}")
    return 0


def register(subparsers) -> None:
    p = subparsers.add_parser("compare", help="headline P10/P50/P90 of several sources, and differences from the first")
    p.add_argument("sources", nargs="+", metavar="SOURCE")
    p.add_argument("--runs", type=int, default=None)
    p.add_argument("--seed", type=int, default=None)
    p.add_argument("--json", action="store_true")
    p.add_argument("--db", default=None)
    p.set_defaults(func=cmd_compare)
