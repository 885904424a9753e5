"""`bcf compare SOURCE SOURCE ...`: headline P10/P50/P90 of several sources side by side.

Each source's difference from the first is computed run by run on the same random draws (P10/P50/P90 and mean
of the per-run differences, and the chance that it is better). Registered through the ``bcf.commands`` entry
point `compare`.
"""

from __future__ import annotations

import argparse

from budget.cli import UserError
from scenarios.cli.common import add_source_options, check_options, print_json, scenario_and_plan, user_errors


@user_errors()
def cmd_compare(args: argparse.Namespace) -> int:
    """Model every source on the same runs and seed and print the headline outcomes and what the changes are worth.

    Each source is shown with its P50 (P10 to P90) and, after the first, its paired difference from the
    first and the chance that it is better; with ``--json``, one JSON object. Returns the exit status.
    """
    from scenarios.cli.summary_json import change_json, digits_for, stat_json
    from scenarios.views import COMPARE_OUTCOMES, label, model, paired_views, value_of_changes

    if len(args.sources) < 2:
        raise UserError("give at least two sources to compare")
    check_options(runs=args.runs, seed=args.seed)
    views = []
    for source in args.sources:
        scenario, plan = scenario_and_plan(source, db=args.db, runs=args.runs, seed=args.seed)
        views.append((source, model(scenario, plan)))
    first = views[0][1]
    out = {"runs": first.runs, "seed": first.seed, "scenarios": []}
    shown = COMPARE_OUTCOMES
    for source, v in views:
        entry = {"source": source, "scenario": v.scenario_name, "outcomes": {}, "difference_vs_first": {},
                 "probability_net_saving_positive": round(v.probability_net_saving_positive, 4)}
        diff = paired_views(first, v)
        for o in shown:
            s = v.stat(o)
            rounded = stat_json(s, digits_for(o))
            entry["outcomes"][o] = {k: rounded[k] for k in ("p10", "p50", "p90")}
            d = change_json(diff[o], 2)
            entry["difference_vs_first"][o] = {k: d[k] for k in ("p10", "p50", "p90", "mean", "probability_better")}
        keys = ("p10", "p50", "p90", "mean", "probability_better")
        value = change_json(value_of_changes(v), 0)
        entry["net_present_value_of_changes_gbp"] = {k: value[k] for k in keys}
        value = change_json(value_of_changes(v, first), 0)
        entry["difference_vs_first"]["net_present_value_of_changes_gbp"] = {k: value[k] for k in keys}
        out["scenarios"].append(entry)
    if args.json:
        print_json(out)
        return 0
    print(f"{first.runs:,} runs, seed {first.seed}, the same draws for every source. P50 (P10 to P90) over the "
          "horizon; then the difference from the first, run by run: P50 (P10 to P90), chance it is better")
    for o in shown:
        print(label(o))
        for e in out["scenarios"]:
            s, d = e["outcomes"][o], e["difference_vs_first"][o]
            change = "" if e is out["scenarios"][0] else (
                f"  {d['p50']:+,.0f} ({d['p10']:+,.0f} to {d['p90']:+,.0f}), {d['probability_better']:.0%} better")
            print(f"  {e['scenario'][:40]:<40} {s['p50']:>16,.0f}  ({s['p10']:,.0f} to {s['p90']:,.0f}){change}")
    print("Net present value of the changes against the plan as submitted (£)")
    for e in out["scenarios"]:
        s, d = e["net_present_value_of_changes_gbp"], e["difference_vs_first"]["net_present_value_of_changes_gbp"]
        change = "" if e is out["scenarios"][0] else (
            f"  {d['p50']:+,.0f} ({d['p10']:+,.0f} to {d['p90']:+,.0f}), {d['probability_better']:.0%} better")
        print(f"  {e['scenario'][:40]:<40} {s['p50']:>16,.0f}  ({s['p10']:,.0f} to {s['p90']:,.0f}){change}")
    return 0


def register(subparsers) -> None:
    """Add `bcf compare` and its options to the `bcf` command's subparsers."""
    p = subparsers.add_parser(
        "compare", help="headline P10/P50/P90 of several sources, and paired differences from the first"
    )
    add_source_options(p, many=True, area=False)
    p.set_defaults(func=cmd_compare)
