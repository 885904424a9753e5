"""`bcf export SOURCE [--xlsx FILE] [--analysis FILE] [--pptx FILE] [--as-plan]`: write the return and board pack.

The Excel return's submission copy (in the planning template's shape), its analysis copy
(localities, levers and model results) and, where available, the board pack, in any combination.
With ``--as-plan`` the scenario is first made the plan (``scenarios.make_plan``): its plan-year changes
are written into the lines, so the Expenditure, Checklist and Capacity sheets describe one plan.
Registered through the ``bcf.commands`` entry point `export`.
"""

from __future__ import annotations

import argparse

from budget.cli import UserError, check_output_names, write_file
from scenarios.cli.common import check_options, scenario_and_plan, user_errors


def cmd_export(args: argparse.Namespace) -> int:
    """`bcf export`: model the scenario and write each file asked for.

    The board pack also models the scenario under the other evidence stance, to set beside it. With
    ``--as-plan``, every file is written from the scenario made the plan: the lines with its plan-year
    changes written into them, and only its changes to later years left as changes.

    Raises:
        UserError: no file is asked for, a file name has the wrong suffix, the options or the source
            are not usable, or the board pack is not installed.
    """
    from reports.export_files import analysis_copy, board_pack, other_stance, submission_copy
    from scenarios.views import model

    if not args.xlsx and not args.analysis and not args.pptx:
        raise UserError("say what to write: --xlsx FILE (submission copy), --analysis FILE (analysis copy) and/or "
                        "--pptx FILE (board pack)")
    check_output_names((args.xlsx, ".xlsx", "the submission copy is an Excel workbook"),
                       (args.analysis, ".xlsx", "the analysis copy is an Excel workbook"),
                       (args.pptx, ".pptx", "the board pack is a PowerPoint file"))
    check_options(runs=args.runs, seed=args.seed)
    with user_errors():
        scenario, plan = scenario_and_plan(args.source, area=args.area, runs=args.runs, seed=args.seed)
        if args.as_plan:
            from scenarios.make_plan import make_plan

            made = make_plan(plan, scenario)
            plan = plan.model_copy(update={"lines": made.lines})
            scenario = scenario.model_copy(update={"changes": made.kept})
            print(f"made the scenario the plan: {made.summary()}")
        view = model(scenario, plan)
    if args.xlsx:
        data, note = submission_copy(plan, scenario, view)
        write_file(args.xlsx, data)
        print(f"wrote {args.xlsx} (Excel return, submission copy, {plan.area.name}, {plan.year})")
        if note:
            print(f"note: {note}")
    if args.analysis:
        write_file(args.analysis, analysis_copy(plan, scenario, view))
        print(f"wrote {args.analysis} (Excel return, analysis copy, {plan.area.name}, {plan.year})")
    if args.pptx:
        try:
            import reports.board_pack  # noqa: F401  (python-pptx and the picture worker)
        except ImportError:
            raise UserError("the board pack is not available in this installation") from None
        data, note = board_pack(plan, scenario, view, model(other_stance(scenario), plan))
        write_file(args.pptx, data)
        print(f"wrote {args.pptx} (board pack){': ' + note if note else ''}")
    return 0


def register(subparsers) -> None:
    """Add the `export` command to the `bcf` sub-parsers."""
    p = subparsers.add_parser("export", help="write the Excel return (submission and analysis copies) and/or the "
                                             "board pack")
    p.add_argument("source", metavar="SOURCE", help="'demo', a scenario file or a workbook")
    p.add_argument("--xlsx", help="the return's submission copy to write, in the planning template's shape (.xlsx)")
    p.add_argument("--analysis", help="the return's analysis copy to write: localities, levers, model results (.xlsx)")
    p.add_argument("--pptx", help="board pack to write (.pptx)")
    p.add_argument("--runs", type=int, default=None)
    p.add_argument("--seed", type=int, default=None)
    p.add_argument("--area", default=None, help="area code, when a workbook holds several areas")
    p.add_argument("--as-plan", action="store_true",
                   help="make the scenario the plan first: write its plan-year changes (money moved, lines added or "
                        "removed) into the expenditure lines, so every sheet describes the same plan")
    p.set_defaults(func=cmd_export)
