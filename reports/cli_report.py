"""`bcf report SOURCE --actuals FILE ... (--quarter Q2 | --year-end) --xlsx OUT [--pptx OUT]`: the period's report.

SOURCE is what `bcf track` takes (`demo`, a workbook, a scenario file, `scenario:NAME`, or `submitted:NAME`, the plan
as submitted kept in the store); the actuals are the actuals workbook and any national files, in any order
(``budget.readers.actuals_files``). The year is tracked to the quarter's end (or March, for the year end) and the
report written from that tracking (``reports.year_report``), so its figures are `bcf track --to MONTH --json`'s.
With ``--pptx``, the board pack for the Health and Wellbeing Board too, opening with the year so far.
Registered through the ``bcf.commands`` entry point `report`.
"""

from __future__ import annotations

import argparse
import re

from budget.cli import UserError, check_output_names, write_file
from scenarios.cli.common import add_source_options, check_options, user_errors

QUARTER = re.compile(r"^\s*q?\s*([1-4])\s*$", re.IGNORECASE)


def quarter_number(text: str) -> int:
    """'Q2', 'q2' or '2' -> 2. Raises UserError with a sentence for anything else."""
    m = QUARTER.match(text or "")
    if m is None:
        raise UserError(f"'{text}' is not a quarter; give Q1, Q2, Q3 or Q4")
    return int(m.group(1))


def cmd_report(args: argparse.Namespace) -> int:
    """Track the plan to the period's end and write the report (and the board pack). Returns the exit status."""
    from budget.actuals import months
    from budget.readers.actuals_files import read_actuals_files
    from reports.year_report import quarter_end, year_report_bytes
    from scenarios.cli.track import plan_to_track
    from scenarios.schema import reference_scenario
    from scenarios.track import track
    from scenarios.views import model

    if (args.quarter is None) == (not args.year_end):
        raise UserError("say which report: --quarter Q1 to Q4, or --year-end")
    quarter = quarter_number(args.quarter) if args.quarter is not None else None
    if not args.xlsx and not args.pptx:
        raise UserError("say what to write: --xlsx FILE (the report) and/or --pptx FILE (the board pack)")
    check_output_names((args.xlsx, ".xlsx", "the report is an Excel workbook"),
                       (args.pptx, ".pptx", "the board pack is a PowerPoint file"))
    check_options(runs=args.runs, seed=args.seed)
    with user_errors():
        scenario, plan = plan_to_track(args.source, area=args.area, db=args.db, number=args.number, runs=args.runs,
                                       seed=args.seed)
        actuals = read_actuals_files(args.actuals, plan=plan)
        end = quarter_end(plan.year, quarter) if quarter is not None else months(plan.year)[-1]
        as_submitted = reference_scenario(scenario)  # the changes are in the plan's lines already
        view = model(as_submitted, plan)
        tracking = track(plan, scenario, actuals, to=end, profile=args.profile, summary=view)
        report = year_report_bytes(plan, tracking, submission=scenario.submission,
                                   quarter=quarter) if args.xlsx else b""
    which = f"quarterly report, Q{quarter}" if quarter is not None else "year-end report"
    if args.xlsx:
        write_file(args.xlsx, report)
        print(f"wrote {args.xlsx} ({which}, {plan.area.name}, {plan.year})")
    if args.pptx:
        from reports.export_files import year_board_pack

        data, note = year_board_pack(plan, as_submitted, view, tracking)
        write_file(args.pptx, data)
        print(f"wrote {args.pptx} (board pack with the year so far){': ' + note if note else ''}")
    return 0


def register(subparsers) -> None:
    """Add `bcf report` and its options to the `bcf` command's subparsers."""
    p = subparsers.add_parser("report", help="write the quarterly or year-end report (Excel) from the plan and the "
                                             "actuals")
    add_source_options(p, json=False)
    p.add_argument("--actuals", action="append", required=True, metavar="FILE",
                   help="an actuals file: the actuals workbook, NHS England's Discharge Ready Date file, the ASCOF "
                        "client-level file or the SUS sheet; give --actuals once for each file")
    p.add_argument("--quarter", default=None, metavar="Q", help="the quarterly report to the end of Q1, Q2, Q3 or Q4")
    p.add_argument("--year-end", action="store_true", help="the year-end report, to the end of March")
    p.add_argument("--xlsx", default=None, metavar="OUT", help="the report to write (.xlsx)")
    p.add_argument("--pptx", default=None, metavar="OUT",
                   help="the board pack to write (.pptx), opening with the year so far")
    p.add_argument("--profile", choices=("even", "seasonal"), default="even",
                   help="how the plan's money is spread over the year (default: even)")
    p.add_argument("--number", type=int, default=None,
                   help="which submission of submitted:NAME (default: the latest)")
    p.epilog = "SOURCE may also be submitted:NAME, the plan as submitted kept in the store."
    p.set_defaults(func=cmd_report)
