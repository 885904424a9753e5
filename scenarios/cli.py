"""`bcf run SOURCE`: model a plan or a scenario and print P10/P50/P90 of what it achieves.

SOURCE is `demo`, a scenario file (.yaml, .yml, .json) or a workbook (.xlsx). Registered into the
`bcf` command through the ``bcf.commands`` entry point.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from budget.cli import UserError, load_source, money
from budget.models import Plan
from budget.reference import LEVER_LABELS
from scenarios.assumptions import STANCES
from scenarios.cli_args import checked, print_json, with_options
from scenarios.schema import Scenario, ScenarioError, is_scenario_file, load_scenario

MAX_BASE_CHAIN = 20  # saved scenarios followed from one to the plan it builds on


def demo_plan() -> Plan:
    from budget.demo import demo_plan as build

    return build()


def resolve_plan(scenario: Scenario, base_dir: Path | None = None, area: str | None = None,
                 db: str | None = None) -> Plan:
    """The plan a scenario builds on: the demo area, one area of a workbook, or the plan saved with a
    stored scenario (base 'scenario:NAME')."""
    if scenario.base.startswith("scenario:"):
        saved_plan, scenario = _follow_saved_bases(scenario, db)
        if saved_plan is not None:
            return saved_plan
    if scenario.base == "demo":
        return demo_plan()
    path = Path(scenario.base)
    if base_dir is not None and not path.is_absolute():
        path = base_dir / path
    result = load_source(str(path))
    code = area or scenario.area
    plans = [p for p in result.plans if p.lines or p.localities]
    if code:
        plans = [p for p in result.plans if p.area.code == code.strip().upper()]
        if not plans:
            codes = ", ".join(p.area.code for p in result.plans[:10])
            raise UserError(f"{path}: no area {code} in this workbook (areas: {codes}{' ...' if len(result.plans) > 10 else ''})")
    if not plans:
        raise UserError(f"{path}: the workbook holds no plan with expenditure lines or localities")
    if len(plans) > 1:
        codes = ", ".join(p.area.code for p in plans[:10])
        raise UserError(f"{path}: the workbook holds {len(plans)} areas ({codes}{' ...' if len(plans) > 10 else ''}); "
                        "choose one with --area CODE")
    return plans[0]


def _follow_saved_bases(scenario: Scenario, db: str | None) -> tuple[Plan | None, Scenario]:
    """Follow 'scenario:NAME' bases through the store to the first saved plan, or to the first scenario
    based on a workbook or the demo area. A scenario based (through others) on itself, or a chain
    longer than MAX_BASE_CHAIN, is refused with a sentence naming the chain."""
    from scenarios.store import Store, StoreError

    chain: list[str] = []
    try:
        store = Store(db)
        while scenario.base.startswith("scenario:"):
            name = scenario.base[len("scenario:"):]
            if name in chain:
                raise UserError(_chain_text(chain + [name]) + ": a scenario cannot be built on itself; save one of "
                                "them again from a workbook or the demo area")
            if len(chain) >= MAX_BASE_CHAIN:
                raise UserError(f"scenario '{chain[0]}' is based on a chain of more than {MAX_BASE_CHAIN} saved scenarios "
                                f"('{chain[0]}', '{chain[1]}' ... '{chain[-1]}', '{name}'), deeper than BCF Planner "
                                "follows; save it again from the plan it should build on")
            chain.append(name)
            saved = store.open(name)
            if saved.base_plan is not None:
                return saved.base_plan, saved.scenario
            scenario = saved.scenario
    except StoreError as e:
        raise UserError(str(e)) from None
    return None, scenario


def _chain_text(names: list[str]) -> str:
    text = f"scenario '{names[0]}' is based on '{names[1]}'"
    return text + "".join(f", which is based on '{n}'" for n in names[2:])


def scenario_for_source(source: str, db: str | None = None) -> tuple[Scenario, Path | None]:
    if source.startswith("scenario:"):
        from scenarios.store import Store, StoreError

        try:
            saved = Store(db).open(source[len("scenario:"):])
        except StoreError as e:
            raise UserError(str(e)) from None
        # based on the stored scenario itself, whose saved plan (or own base) resolve_plan follows
        return saved.scenario.model_copy(update={"base": source}), None
    if source == "demo":
        return Scenario(name="Demo area plan as submitted", base="demo"), None
    path = Path(source)
    if not path.exists():
        raise UserError(f"{source}: no such file")
    if path.is_dir():
        raise UserError(f"{source}: is a folder; give a scenario file (.yaml/.json) or a workbook (.xlsx)")
    if is_scenario_file(path):
        return load_scenario(path), path.resolve().parent
    return Scenario(name=f"{path.stem} as submitted", base=str(path)), None


def cmd_run(args: argparse.Namespace) -> int:
    from scenarios.engine import run
    from scenarios.summary import headline

    for field, value in (("runs", args.runs), ("seed", args.seed), ("horizon_years", args.horizon)):
        checked(field, value)  # before any file is read: a bad option is the first thing said
    try:
        scenario, base_dir = scenario_for_source(args.source, getattr(args, "db", None))
        scenario = with_options(scenario, runs=args.runs, seed=args.seed, stance=args.stance, horizon_years=args.horizon)
        plan = resolve_plan(scenario, base_dir, args.area, getattr(args, "db", None))
        results = run(scenario, plan)
    except ScenarioError as e:
        raise UserError(*e.messages) from None
    except ValueError as e:
        raise UserError(str(e)) from None
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
