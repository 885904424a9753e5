"""`bcf capacity SOURCE`: intermediate-care demand and capacity for the plan year, month by month.

By discharge pathway and community service. Registered through the ``bcf.commands`` entry point `capacity`.
"""

from __future__ import annotations

import argparse

from scenarios.cli.common import print_json, scenario_and_plan, user_errors


def _cell(v: float) -> str:
    return f"{round(v):,}".replace("-", "−")


def cmd_capacity(args: argparse.Namespace) -> int:
    """Print the plan year's demand, capacity and gaps month by month, as text or one JSON object."""
    from budget.submission import Submission
    from scenarios.capacity import capacity_json, capacity_plan, summary_sentence

    with user_errors():
        scenario, plan = scenario_and_plan(args.source, area=args.area, db=args.db)
        submission: Submission = scenario.submission
        cap = capacity_plan(plan, submission=submission, scenario=scenario)
    if args.json:
        print_json(capacity_json(cap))
        return 0
    profile = "the area's own" if cap.profile_source == "area" else "BCF Planner's default (winter peak)"
    print(f"Intermediate care capacity and demand {cap.year}: {cap.area_name}, {cap.scenario_name}")
    print(f"People a month. Gap = capacity − demand; a negative gap is a shortfall. Seasonal profile: {profile}.")
    width = max(len(m) for m in cap.months)
    for title, flows in (("Hospital discharge (people aged 65+)", cap.discharge),
                         ("Community step-up (people aged 65+)", cap.community)):
        print()
        print(title)
        for key, f in flows.items():
            print(f"  {f.label}")
            print(f"    {'Month':<{width}}  {'Demand':>8}  {'Capacity':>8}  {'Gap':>8}")
            for m, d, c, g in zip(cap.months, f.demand, f.capacity, f.gap, strict=True):
                flag = "  Shortfall" if g <= -0.5 else ""
                print(f"    {m:<{width}}  {_cell(d):>8}  {_cell(c):>8}  {_cell(g):>8}{flag}")
            print(f"    {'Year':<{width}}  {_cell(sum(f.demand)):>8}  {_cell(sum(f.capacity)):>8}  {_cell(sum(f.gap)):>8}")
            print(f"    {summary_sentence(key, f, cap.months)}")
    return 0


def register(subparsers) -> None:
    """Add `bcf capacity` to the `bcf` command's subparsers."""
    p = subparsers.add_parser("capacity", help="intermediate-care demand and capacity by month, pathway and service")
    p.add_argument("source", metavar="SOURCE",
                   help="'demo', a scenario file (.yaml/.json), a workbook (.xlsx) or scenario:NAME")
    p.add_argument("--area", default=None, help="area code, when a workbook holds several areas")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--db", default=None, help="scenario database URL, for SOURCE = scenario:NAME")
    p.set_defaults(func=cmd_capacity)
