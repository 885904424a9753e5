"""`bcf run SOURCE`: model a plan or a scenario and print P10/P50/P90 of what it achieves.

SOURCE is `demo`, a scenario file (.yaml, .yml, .json), a workbook (.xlsx) or `scenario:NAME`
(see ``scenarios.cli.sources``). Registered into the `bcf` command through the ``bcf.commands``
entry point `run`.
"""

from __future__ import annotations

import argparse

from budget.cli import money
from budget.reference import LEVER_LABELS
from scenarios.assumptions import STANCES
from scenarios.cli.common import check_options, print_json, scenario_and_plan, user_errors


def cmd_run(args: argparse.Namespace) -> int:
    from scenarios.engine import run
    from scenarios.summary import headline

    check_options(runs=args.runs, seed=args.seed, horizon_years=args.horizon)
    with user_errors():
        scenario, plan = scenario_and_plan(args.source, area=args.area, db=args.db, runs=args.runs, seed=args.seed,
                                           stance=args.stance, horizon_years=args.horizon)
        results = run(scenario, plan)
    out = headline(results)
    if args.json:
        print_json(out)
    else:
        _print_text(out)
    return 0


def _band(s: dict, fmt) -> str:
    return f"{fmt(s['p50']):>14}  ({fmt(s['p10'])} to {fmt(s['p90'])})"


def _count(x: float | None) -> str:
    return "-" if x is None else f"{x:,.0f}"


def _print_text(h: dict) -> None:
    print(f"{h['scenario']}: {h['area']['name']} ({h['area']['code']}), {h['years'][0]} to {h['years'][-1]}")
    print(f"{h['stance_label']}; {h['runs']:,} runs, seed {h['seed']}. P50 (P10 to P90), whole horizon:")
    o = h["outcomes"]
    rows = [
        ("Emergency admissions avoided", o["emergency_admissions_avoided"], _count),
        ("A&E attendances avoided", o["ae_attendances_avoided"], _count),
        ("Bed days saved", o["bed_days_saved"], _count),
        ("Care-home admissions avoided", o["care_home_admissions_avoided"], _count),
        ("Home-care hours saved", o["home_care_hours_saved"], _count),
        ("Gross saving", o["gross_saving_gbp"], money),
        ("  of which cashable", o["cashable_saving_gbp"], money),
        ("Net saving after spend", o["net_saving_gbp"], money),
    ]
    for label, s, fmt in rows:
        print(f"  {label:<32}{_band(s, fmt)}")
    print(f"  Spend on levers with a modelled effect: {money(h['spend_gbp']['modelled_levers'])}; "
          f"with no modelled effect: {money(h['spend_gbp']['no_modelled_effect'])}")
    print(f"  Probability that the net saving is positive: {h['probability_net_saving_positive']:.0%}")
    print(f"By lever, over {len(h['years'])} year(s): spend, gross saving P50, net saving P50")
    for lever, e in h["by_lever"].items():
        if e["modelled"] and e["spend_gbp"]["central"] > 0:
            print(f"  {LEVER_LABELS.get(lever, lever):<44}{money(e['spend_gbp']['central']):>14}"
                  f"{money(e['gross_saving_gbp']['p50']):>14}{money(e['net_saving_gbp']['p50']):>14}")
    for m in h["metrics"].values():
        print(f"{m['label']} (base year {m['base_year']:,.1f}):")
        for y, w, c in zip(m["years"], m["without_scenario"], m["with_scenario"]["p50"], strict=True):
            print(f"  {y}: without {w:>10,.1f}   with {c:>10,.1f}")


def register(subparsers) -> None:
    p = subparsers.add_parser("run", help="model a plan or scenario: people served, activity avoided, savings")
    p.add_argument("source", metavar="SOURCE", help="'demo', a scenario file (.yaml/.json) or a workbook (.xlsx)")
    p.add_argument("--runs", type=int, default=None, help="Monte Carlo runs (default: the scenario's, else 1000)")
    p.add_argument("--seed", type=int, default=None, help="random seed (default: the scenario's, else 1)")
    p.add_argument("--stance", choices=STANCES, default=None,
                   help="evidence stance: controlled evidence (default) or pilot claims")
    p.add_argument("--horizon", type=int, default=None, help="years to model, 1-5 (default: the scenario's, else 5)")
    p.add_argument("--area", default=None, help="area code, when a workbook holds several areas")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--db", default=None, help="scenario database URL, for SOURCE = scenario:NAME")
    p.set_defaults(func=cmd_run)
