"""`bcf capacity SOURCE`: intermediate-care demand and capacity for the plan year, month by month.

By discharge pathway and community service. Registered through the ``bcf.commands`` entry point `capacity`.
"""

from __future__ import annotations

import argparse

from scenarios.cli.common import add_source_options, print_area_wide, print_json, scenario_and_plan, user_errors


def cmd_capacity(args: argparse.Namespace) -> int:
    """Print the plan year's demand, capacity and gaps month by month, as text or one JSON object."""
    from budget.submission import Submission
    from reports.capacity_text import month_rows, shares_words, summary_sentence
    from scenarios.capacity import capacity_json, capacity_plan

    with user_errors():
        scenario, plan = scenario_and_plan(args.source, area=args.area, db=args.db)
        submission: Submission = scenario.submission
        cap = capacity_plan(plan, submission=submission, scenario=scenario)
    if args.json:
        print_json(capacity_json(cap))
        return 0
    print(f"Intermediate care capacity and demand {cap.year}: {cap.area_name}, {cap.scenario_name}")
    print_area_wide(plan)
    print("People a month. Gap = capacity − demand; a negative gap is a shortfall.")
    print(f"Shares of discharges: {shares_words(cap)} ({cap.shares_line}).")
    print(f"Seasonal profile: {cap.profile_line}.")
    print("Capacity: the people the plan's money serves, as `bcf run` counts them (never more than a lever's "
          "eligible people aged 65+ who could take it up).")
    for sentence in cap.above_cap:
        print(f"  - {sentence}")
    width = max(len(m) for m in cap.months)
    for title, flows in (("Hospital discharge (people aged 65+)", cap.discharge),
                         ("Community step-up (people aged 65+)", cap.community)):
        print()
        print(title)
        for key, f in flows.items():
            print(f"  {f.label}")
            print(f"    {'Month':<{width}}  {'Demand':>8}  {'Capacity':>8}  {'Gap':>8}")
            *months, year = month_rows(cap, f)
            for r in months:
                flag = "  Shortfall" if r["Status"] == "Shortfall" else ""
                print(f"    {r['Month']:<{width}}  {r['Demand']:>8}  {r['Capacity']:>8}  {r['Gap']:>8}{flag}")
            print(f"    {'Year':<{width}}  {year['Demand']:>8}  {year['Capacity']:>8}  {year['Gap']:>8}")
            print(f"    {summary_sentence(key, f, cap.months)}")
    return 0


def register(subparsers) -> None:
    """Add `bcf capacity` to the `bcf` command's subparsers."""
    p = subparsers.add_parser("capacity", help="intermediate-care demand and capacity by month, pathway and service")
    add_source_options(p, model=False)
    p.set_defaults(func=cmd_capacity)
