"""`bcf optimise SOURCE`: spend re-allocated between levers (and localities) to do more within the rules.

Usage: `bcf optimise SOURCE [--objective admissions|net_saving] [--max-change PCT] [--per-locality]
[--lever-min LEVER=GBP] [--lever-max LEVER=GBP] [--locality-min NAME=GBP] [--locality-max NAME=GBP]
[--lock SCHEME_ID] [--near-need POINTS] [--json]`. Registered through the ``bcf.commands`` entry point `optimise`.
"""

from __future__ import annotations

import argparse
import difflib
import math

from budget.cli import UserError
from budget.models import Plan
from budget.money import gbp
from budget.reference import LEVER_LABELS, LEVERS
from scenarios.cli.common import checked, print_json, scenario_and_plan, user_errors


def _amount(text: str) -> float:
    """Pounds as people type them ('6000000', '£6,000,000', '6m'), read as workbook amounts are."""
    from budget.readers.values import money

    x = money(text)
    if x is None:
        raise ValueError(text)
    return x


def parse_bounds(mins: list[str] | None, maxes: list[str] | None, flag: str) -> dict[str, tuple[float, float]]:
    """NAME=GBP pairs from --FLAG-min and --FLAG-max into {name: (min, max)}; a missing side is open."""
    out: dict[str, list[float]] = {}
    for side, items in ((0, mins or ()), (1, maxes or ())):
        for item in items:
            name, sep, amount = item.rpartition("=")
            option = f"--{flag}-{'min' if side == 0 else 'max'}"
            if not sep or not name.strip():
                raise UserError(f"{option} expects NAME=AMOUNT, e.g. {option} 'Riverside=6000000'; got '{item}'")
            try:
                value = _amount(amount)
            except ValueError:
                raise UserError(f"{option} {item}: '{amount}' is not an amount in pounds") from None
            out.setdefault(name.strip(), [0.0, math.inf])[side] = value
    return {k: (v[0], v[1]) for k, v in out.items()}


def resolve_locks(plan: Plan, given: list[str] | None) -> tuple[set[str], list[str]]:
    """The plan's scheme IDs for the --lock values, and a note for each matched only by ignoring case.

    A value is matched exactly, else ignoring case; an ID not in the plan is refused naming the nearest ones.
    """
    ids = sorted({x.scheme_id for x in plan.lines})
    by_fold: dict[str, list[str]] = {}
    for i in ids:
        by_fold.setdefault(i.strip().casefold(), []).append(i)
    locked: set[str] = set()
    notes: list[str] = []
    for raw in given or ():
        if raw in ids:
            locked.add(raw)
            continue
        matches = by_fold.get(raw.strip().casefold(), [])
        if len(matches) == 1:
            locked.add(matches[0])
            notes.append(f"--lock {raw} taken as scheme {matches[0]} (scheme IDs are matched ignoring capitals)")
            continue
        if len(matches) > 1:
            raise UserError(f"--lock {raw}: several schemes differ from it only in capitals "
                            f"({', '.join(matches)}); give the one meant exactly")
        near = difflib.get_close_matches(raw.strip().casefold(), list(by_fold), n=5, cutoff=0.5)
        if near:
            hint = "the nearest are " + ", ".join(by_fold[n][0] for n in near)
        else:
            hint = f"its scheme IDs include {', '.join(ids[:8])}{' ...' if len(ids) > 8 else ''}" if ids else \
                "it has no expenditure lines"
        raise UserError(f"--lock {raw}: the plan has no scheme with this ID; {hint}")
    return locked, notes


def cmd_optimise(args: argparse.Namespace) -> int:
    """Optimise the source's spend and print the allocation before and after and the headline outcomes.

    The options are checked first; locked schemes and £ bounds by lever and locality limit what may
    move. With ``--json``, one JSON object that also holds each lever's break-even effect. Returns the
    exit status.
    """
    from scenarios.cli.summary_json import locality_need_json
    from scenarios.optimise import optimise
    from scenarios.sensitivity import break_even
    from scenarios.views import model

    if not 0 <= args.max_change <= 100:
        raise UserError("--max-change is a percentage between 0 and 100")
    if args.near_need is not None and not 0 <= args.near_need <= 100:
        raise UserError("--near-need is a number of percentage points between 0 and 100")
    checked("runs", args.runs)
    checked("runs", args.search_runs, "--search-runs")
    checked("seed", args.seed)
    lever_bounds = parse_bounds(args.lever_min, args.lever_max, "lever")
    unknown = sorted(set(lever_bounds) - set(LEVERS))
    if unknown:
        raise UserError(f"'{unknown[0]}' is not a lever; use one of {', '.join(LEVERS)}")
    locality_bounds = parse_bounds(args.locality_min, args.locality_max, "locality")
    with user_errors():
        scenario, plan = scenario_and_plan(args.source, area=args.area)
        locked, lock_notes = resolve_locks(plan, args.lock)
        result = optimise(plan, scenario, objective=args.objective, max_change=args.max_change / 100,
                          locked=locked, bounds=lever_bounds, locality_bounds=locality_bounds,
                          per_locality=args.per_locality, runs=args.runs, search_runs=args.search_runs,
                          seed=args.seed, need_distance=None if args.near_need is None else args.near_need / 100)
        before = model(scenario, plan, runs=args.runs, seed=args.seed)
        after = model(scenario, result.plan, runs=args.runs, seed=args.seed)
    by_locality: dict[str, dict[str, dict[str, float]]] = {}
    if result.per_locality:
        for cell in result.cells:
            by_locality.setdefault(cell.locality, {})[cell.lever] = {
                "before": round(result.cell_before[cell], 2), "after": round(result.cell_after[cell], 2)}
    out = {
        "objective": args.objective,
        "max_change_pct": args.max_change,
        "per_locality": result.per_locality,
        "runs": args.runs,
        "search_runs": args.search_runs,
        "seed": args.seed,
        "locked": sorted(locked),
        "improved": result.improved,
        "near_need_points": args.near_need,
        "moved_to_need": result.moved_to_need,
        "locality_need": {"before": locality_need_json(result.need_before),
                          "after": locality_need_json(result.need_after)},
        "baseline_total_spend": round(plan.total_expenditure, 2),
        "optimised_total_spend": round(result.plan.total_expenditure, 2),
        "baseline_admissions_avoided_p50": before.stat("emergency_admissions_avoided")["p50"],
        "optimised_admissions_avoided_p50": after.stat("emergency_admissions_avoided")["p50"],
        "baseline_net_saving_p50": before.stat("net_saving_gbp")["p50"],
        "optimised_net_saving_p50": after.stat("net_saving_gbp")["p50"],
        "allocation": {
            lv: {"before": round(result.before[lv], 2), "after": round(result.after[lv], 2)} for lv in result.levers
        },
        "allocation_by_locality": by_locality,
        "spend_by_locality": {
            name: {"before": round(b, 2), "after": round(result.locality_after[name], 2)}
            for name, b in result.locality_before.items()
        },
        "break_even": {
            b.lever: {
                "outcome": b.outcome,
                "rate_ratio": None if b.rate_ratio is None else round(b.rate_ratio, 4),
                "evidence": [b.low, b.central, b.high],
                "within_evidence": b.within_evidence,
            }
            for b in break_even(plan, scenario)
        },
    }
    if args.json:
        print_json(out)
        return 0
    for note in lock_notes:
        print(note)
    where = "lever and locality" if result.per_locality else "lever"
    found = "a better allocation was found" if result.improved else "the current plan is already best"
    if result.moved_to_need:
        found = "today's plan is further from need than allowed, so this is the best plan found that is not"
    near = "" if args.near_need is None else f"; each locality's share of the money within {args.near_need:g} points " \
        "of its share of the need"
    print(f"Objective: {args.objective.replace('_', ' ')}; spend per {where} within ±{args.max_change:g}% of today's "
          f"movable spend{near}; {found}.")
    for lv in result.levers:
        b, a = result.before[lv], result.after[lv]
        print(f"  {LEVER_LABELS.get(lv, lv):<45} {gbp(b):>14} -> {gbp(a):>14}  ({gbp(a - b)})")
    if result.per_locality:
        print("Spend by locality (all lines):")
        for name, b in result.locality_before.items():
            a = result.locality_after[name]
            print(f"  {name:<45} {gbp(b):>14} -> {gbp(a):>14}  ({gbp(a - b)})")
    if len(result.need_after) > 1:
        print("Money by locality need, after:")
        for row in result.need_after:
            print(f"  {row.sentence()}")
    print(f"Emergency admissions avoided P50: {out['baseline_admissions_avoided_p50']:,.0f} -> "
          f"{out['optimised_admissions_avoided_p50']:,.0f}; net saving P50: {gbp(out['baseline_net_saving_p50'])} -> "
          f"{gbp(out['optimised_net_saving_p50'])}")
    return 0


def register(subparsers) -> None:
    """Add `bcf optimise` and its options to the `bcf` command's subparsers."""
    p = subparsers.add_parser(
        "optimise", help="re-allocate spend between levers and localities to do more within the rules"
    )
    p.add_argument("source", metavar="SOURCE", help="'demo', a scenario file, a workbook or scenario:NAME")
    p.add_argument("--objective", choices=["admissions", "net_saving"], default="admissions")
    p.add_argument(
        "--max-change", type=float, default=25.0, help="largest change per lever and locality, %% of today's spend"
    )
    p.add_argument("--per-locality", action=argparse.BooleanOptionalAction, default=True,
                   help="choose spend per lever in each locality (default), or per lever only")
    p.add_argument("--lever-min", action="append", metavar="LEVER=GBP", help="least spend a year on a lever")
    p.add_argument("--lever-max", action="append", metavar="LEVER=GBP", help="most spend a year on a lever")
    p.add_argument("--locality-min", action="append", metavar="NAME=GBP",
                   help="least spend a year on a locality's lines ('Area-wide' for lines with no locality)")
    p.add_argument(
        "--locality-max", action="append", metavar="NAME=GBP", help="most spend a year on a locality's lines"
    )
    p.add_argument("--lock", action="append", metavar="SCHEME_ID", help="a scheme whose lines must not move")
    p.add_argument("--near-need", type=float, default=None, metavar="POINTS",
                   help="keep each locality's share of the money within this many percentage points of its share "
                        "of the need")
    p.add_argument("--runs", type=int, default=1000, help="runs for the reported figures")
    p.add_argument("--search-runs", type=int, default=300, help="runs behind each step of the search")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--area", default=None)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_optimise)
