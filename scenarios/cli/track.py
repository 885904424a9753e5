"""`bcf track SOURCE --actuals FILE ...`: the year so far, the plan against the actuals.

SOURCE is what `bcf run` takes (`demo`, a workbook, a scenario file, `scenario:NAME`) or `submitted:NAME`, the plan
as submitted kept in the store (its latest record, or `--number N`). A scenario with changes is tracked as the plan
its changes make (``make_plan``), as it would be submitted. The actuals are one or more files, in any order, each
file's kind found from its content (``budget.readers.actuals_files``). Plain text by default: the paragraph in
words (``scenarios.track_text``), spend by funding stream and the metrics by month; ``--json`` prints
``Tracking.to_json()``. Registered through the ``bcf.commands`` entry point `track`.
"""

from __future__ import annotations

import argparse

from scenarios.cli.common import add_source_options, check_options, print_json, user_errors, with_options

SUBMITTED = "submitted:"


def plan_to_track(source: str, *, area: str | None = None, db: str | None = None, number: int | None = None,
                  **options: object):
    """The scenario and the plan to track for a SOURCE, the plan with the scenario's plan-year changes written in."""
    from budget.areas import area_wide_plan

    if source.startswith(SUBMITTED):
        from scenarios.store import Store

        record = Store(db).open_submitted(source[len(SUBMITTED):], number)
        return with_options(record.scenario, **options), area_wide_plan(record.plan)
    if number is not None:
        raise ValueError("--number goes with a SOURCE of submitted:NAME, the plan as submitted")
    from scenarios.cli.common import scenario_and_plan

    scenario, plan = scenario_and_plan(source, area=area, db=db, **options)
    if scenario.changes:
        from scenarios.make_plan import make_plan

        plan = plan.model_copy(update={"lines": make_plan(plan, scenario).lines})
    return scenario, plan


def cmd_track(args: argparse.Namespace) -> int:
    """Track the source's plan against the actuals and print the year so far. Returns the exit status."""
    from budget.readers.actuals_files import read_actuals_files
    from scenarios.track import track
    from scenarios.track_text import text_lines

    check_options(runs=args.runs, seed=args.seed)
    with user_errors():
        scenario, plan = plan_to_track(args.source, area=args.area, db=args.db, number=args.number, runs=args.runs,
                                       seed=args.seed)
        actuals = read_actuals_files(args.actuals, plan=plan)
        tracking = track(plan, scenario, actuals, to=args.to, profile=args.profile)
    out = tracking.to_json()
    if args.json:
        print_json(out)
    else:
        print("\n".join(text_lines(out)))
    return 0


def register(subparsers) -> None:
    """Add `bcf track` and its options to the `bcf` command's subparsers."""
    p = subparsers.add_parser("track", help="the year so far: spend, people served and the BCF metrics against "
                                            "the plan, from the actuals")
    add_source_options(p)
    p.add_argument("--actuals", action="append", required=True, metavar="FILE",
                   help="an actuals file: the actuals workbook, NHS England's Discharge Ready Date file, the "
                        "ASCOF client-level file or the SUS sheet; give --actuals once for each file")
    p.add_argument("--to", default=None, metavar="MONTH",
                   help="the last month to count, as 2026-09 (default: the latest month the actuals give)")
    p.add_argument("--profile", choices=("even", "seasonal"), default="even",
                   help="how the plan's money is spread over the year (default: even)")
    p.add_argument("--number", type=int, default=None,
                   help="which submission of submitted:NAME (default: the latest)")
    p.epilog = "SOURCE may also be submitted:NAME, the plan as submitted kept in the store."
    p.set_defaults(func=cmd_track)
