"""`bcf run SOURCE`: model a plan or a scenario and print P10/P50/P90 of what it achieves.

SOURCE is `demo`, a scenario file (.yaml, .yml, .json), a workbook (.xlsx) or `scenario:NAME`
(see ``scenarios.cli.sources``). Registered into the `bcf` command through the ``bcf.commands``
entry point `run`.
"""

from __future__ import annotations

import argparse

from budget.cli import money
from budget.metrics import BY_KEY
from budget.money import whole
from scenarios.assumptions import STANCES
from scenarios.cli.common import add_source_options, check_options, print_json, scenario_and_plan, user_errors
from scenarios.outcomes import CHANGE_OUTCOMES, RUN_TEXT_OUTCOMES, report_label


def cmd_run(args: argparse.Namespace) -> int:
    """Model the source and print its summary.

    The text shows what the scenario changes against the plan as submitted, what the whole pool buys
    and at what cost per outcome, the appraisal, checks on the plan's figures and the BCF metrics by
    year; with ``--json``, the Summary as one JSON object, with ``area_wide_locality`` saying how a plan with no
    localities was modelled as one (None for a plan with its own) and ``locality_need`` each locality's share of
    the need beside its share of the plan year's money. Returns the exit status.
    """
    from scenarios.cli.summary_json import locality_need_json, summary_json
    from scenarios.spend import locality_need
    from scenarios.views import model

    check_options(runs=args.runs, seed=args.seed, horizon_years=args.horizon)
    with user_errors():
        scenario, plan = scenario_and_plan(args.source, area=args.area, db=args.db, runs=args.runs, seed=args.seed,
                                           stance=args.stance, horizon_years=args.horizon)
        summary = model(scenario, plan)
    from budget.areas import area_wide

    out = summary_json(summary)
    whole = area_wide(plan)
    # a plan with no localities, modelled as one with its area's published population: how, and how to add them
    out["area_wide_locality"] = whole.as_json() if whole is not None else None
    # each locality's share of the need beside its share of the plan year's money
    out["locality_need"] = locality_need_json(locality_need(plan, scenario))
    if args.json:
        print_json(out)
    else:
        _print_text(out)
    return 0


def _band(s: dict, fmt) -> str:
    return f"{fmt(s['p50']):>14}  ({fmt(s['p10'])} to {fmt(s['p90'])})"


def _count(x: float | None) -> str:
    return "–" if x is None else whole(x)


def _print_text(h: dict) -> None:
    from scenarios.summary import optimism_bias_text

    print(f"{h['scenario']}: {h['area']['name']} ({h['area']['code']}), {h['years'][0]} to {h['years'][-1]}")
    if h["area_wide_locality"] is not None:
        print(h["area_wide_locality"]["sentence"])
    print(
        f"{h['stance_label']}, {optimism_bias_text(h['settings']['optimism_bias'])}; {h['runs']:,} runs, "
        f"seed {h['seed']}. P50 (P10 to P90), whole horizon."
    )
    if len(h["locality_need"]) > 1:
        print(f"Money by locality need, {h['years'][0]}:")
        for row in h["locality_need"]:
            print(f"  {row['sentence']}")
    c = h["change_vs_plan"]
    if h["settings"]["changes"]:
        print(f"What this scenario changes, against the {c['reference'].lower()} (run by run, same draws):")
        width = max(len(report_label(k)) for k in CHANGE_OUTCOMES)
        for key in CHANGE_OUTCOMES:
            d = c["outcomes"][key]
            print(f"  {report_label(key):<{width}}{_band(d, _count)}  better in {d['probability_better']:.0%} of runs")
        npv = c["net_present_value_gbp"]
        print(f"  Change in spend, {h['years'][0]}: {money(c['spend_change_gbp'])}; net present value of the changes "
              f"P50 {money(npv['p50'])} (P10 {money(npv['p10'])} to P90 {money(npv['p90'])}), paying back in "
              f"{npv['probability_better']:.0%} of runs")
    else:
        print("The plan as submitted: no changes to measure against it.")
    o = h["outcomes"]
    cost = h["cost_per_outcome_gbp"]
    print("What the whole pool buys (its modelled schemes against no BCF-funded schemes), with spend per outcome (P50: "
          "the spend on the levers that produce it):")
    width = max(len(report_label(k)) for k in RUN_TEXT_OUTCOMES)  # the figures in one column
    for key in RUN_TEXT_OUTCOMES:
        per = cost.get(key, {}).get("p50")
        print(f"  {report_label(key):<{width}}{_band(o[key], _count)}" + (f"  {money(per)} each" if per else ""))
    print(f"  Spend on levers with a modelled effect: {money(h['spend_gbp']['modelled_levers'])}; "
          f"with no modelled effect: {money(h['spend_gbp']['no_modelled_effect'])}")
    a = h["appraisal"]["pool"]
    print(f"  Present value of the benefits ({a['discount_rate']:.1%} a year, {h['appraisal']['price_year']} prices, "
          f"mean): NHS {money(a['nhs_benefits_gbp']['mean'])}, council {money(a['council_benefits_gbp']['mean'])}")
    print("  Much of the pool funds statutory duties (Care Act reablement and carers' support, the Disabled "
          "Facilities Grant); its value is not only in activity avoided.")
    if h["warnings"]:
        print("Checks on the plan's figures:")
        for w in h["warnings"]:
            print(f"  - {w}")
    for key, m in h["metrics"].items():
        d = BY_KEY[key].digits
        print(f"{m['label']} (base year {m['base_year']:,.{d}f}), P50:")
        for i, y in enumerate(m["years"]):
            print(f"  {y}: today's services {m['with_todays_services'][i]:>10,.{d}f}   without the pool "
                  f"{m['without_pool']['p50'][i]:>10,.{d}f}   with the plan {m['with_plan']['p50'][i]:>10,.{d}f}   "
                  f"with the scenario {m['with_scenario']['p50'][i]:>10,.{d}f}")


def register(subparsers) -> None:
    """Add `bcf run` and its options to the `bcf` command's subparsers."""
    p = subparsers.add_parser("run", help="model a plan or scenario: people served, activity avoided, savings")
    add_source_options(p)
    p.add_argument("--stance", choices=STANCES, default=None,
                   help="evidence stance: controlled evidence (default) or pilot claims")
    p.add_argument("--horizon", type=int, default=None, help="years to model, 1-5 (default: the scenario's, else 5)")
    p.set_defaults(func=cmd_run)
