"""The `bcf` command line (also `python -m budget`).

Commands from this package: load, check, template, demo. Other packages add commands through the
``bcf.commands`` entry-point group (a callable taking the argparse sub-parsers object), so that
``budget`` never imports them. Every failure a user can cause ends as ``error: ...`` lines on stderr
with exit code 2; never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from importlib import import_module
from pathlib import Path
from typing import NamedTuple

from budget.models import LoadError, LoadResult
from budget.money import counted, gbp


class UserError(Exception):
    """A failure the user can fix; printed as one `error:` line per message, exit code 2."""

    def __init__(self, *messages: str):
        """Keep the messages to print, or the single message 'failed' when none is given."""
        self.messages = tuple(messages) or ("failed",)
        super().__init__("; ".join(self.messages))


def check_output_names(*asked: tuple[str | None, str, str]) -> None:
    """Refuse, before any work, a file asked for whose name does not end as its kind needs.

    Each of `asked` is (the name given or None, the suffix it needs, what the file is: "the board pack is a
    PowerPoint file"); the suffix is compared without regard to case.
    """
    for path, suffix, what in asked:
        if path and Path(path).suffix.lower() != suffix:
            raise UserError(f"{path}: {what}; give a name ending {suffix}")


def write_file(path: Path | str, data: bytes) -> None:
    """Write a command's output `data` to `path`, making its folder first."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_bytes(data)


money = gbp  # the commands write money with budget.money.gbp, imported from here as `money`


def print_json(obj: object) -> None:
    """Write obj to stdout as one indented JSON object, non-ASCII characters kept: strict JSON.

    A value that is not a finite number is refused (a `UserError`), never written as NaN or Infinity.
    """
    try:
        text = json.dumps(obj, indent=2, sort_keys=False, ensure_ascii=False, allow_nan=False)
    except ValueError:
        raise UserError("the results hold a value that is not a finite number, so no JSON was written; "
                        "please report it with the file used") from None
    sys.stdout.write(text + "\n")


def load_source(source: str, year: str | None = None) -> LoadResult:
    """Read a workbook path, or the embedded demo area when source is 'demo'."""
    from budget.readers.source import SourceError, read_source

    try:
        return read_source(source, year)
    except SourceError as e:
        raise UserError(str(e)) from None


# ---- load ---------------------------------------------------------------------------------------
def load_to_json(result: LoadResult) -> dict:
    """The JSON `bcf load --json` prints for a load result.

    Each area's code, name, ICBs, income by stream (rounded to pence), total income and expenditure and
    counts of lines and localities, with the file's kind, years, totals and the reader's warnings.
    """
    areas = []
    for plan in result.plans:
        areas.append({
            "code": plan.area.code,
            "name": plan.area.name,
            "icbs": list(plan.area.icbs),
            "income": {k: round(v, 2) for k, v in plan.income_by_stream().items()},
            "total_income": plan.total_income,
            "total_expenditure": plan.total_expenditure,
            "lines": len(plan.lines),
            "localities": len(plan.localities),
        })
    return {
        "file": result.file,
        "kind": result.kind,
        "year": result.year,
        "years": list(result.years),
        "areas": areas,
        "total_income": result.total_income,
        "total_expenditure": result.total_expenditure,
        "warnings": [{"sheet": w.sheet, "cell": w.cell, "message": w.message} for w in result.warnings],
        "submission": None if result.submission is None else result.submission.model_dump(mode="json"),
    }


def cmd_load(args: argparse.Namespace) -> int:
    """`bcf load`: read a workbook (or the demo area) and say what was read.

    Prints the file's kind and year, each area's income by stream and expenditure (up to --limit areas),
    the totals and any warnings; or, with --json, the object from `load_to_json`.

    Returns:
        0.
    """
    result = load_source(args.file, args.year)
    if args.json:
        print_json(load_to_json(result))
        return 0
    from budget.reference import load_reference

    ref = load_reference(result.year)
    print(f"{result.file}: {result.kind} workbook for {result.year}, {counted(len(result.plans), 'area')}")
    if len(result.years) > 1:
        others = " or ".join(y for y in result.years if y != result.year)
        print(f"  the workbook holds figures for {', '.join(result.years)}; read {result.year} "
              f"(--year {others} for the other)")
    for plan in result.plans[: args.limit]:
        print(f"  {plan.area.code} {plan.area.name}: income {gbp(plan.total_income)}, "
              f"expenditure {gbp(plan.total_expenditure)} on {counted(len(plan.lines), 'line')}")
        for stream, amount in plan.income_by_stream().items():
            print(f"      {ref.stream_name(stream):<40} {gbp(amount):>16}")
    if len(result.plans) > args.limit:
        print(f"  ... and {counted(len(result.plans) - args.limit, 'more area')}")
    print(f"Total income {gbp(result.total_income)}; total expenditure {gbp(result.total_expenditure)}")
    if result.submission is not None:
        from budget.submission import read_back_words

        print(f"Submission copy: read {read_back_words(result.submission)}")
    for w in result.warnings:
        print(f"warning: {w}")
    return 0


# ---- check --------------------------------------------------------------------------------------
def cmd_check(args: argparse.Namespace) -> int:
    """`bcf check`: check each plan read against the BCF rules and print the findings.

    Text output lists each area's findings with their severity, title and cells (six at most); --json prints
    them per area (with each rule's id) with counts of red, amber and green findings and the reader's warnings.

    Returns:
        1 if any finding is red, else 0.
    """
    from budget.rules import check

    result = load_source(args.file, args.year)
    out = []
    any_red = False
    for plan in result.plans:
        findings = check(plan)
        any_red = any_red or any(f.severity == "red" for f in findings)
        out.append((plan, findings))
    if args.json:
        print_json({
            "file": result.file,
            "year": result.year,
            "areas": [
                {"code": plan.area.code, "name": plan.area.name,
                 "findings": [f.to_json() for f in findings]}
                for plan, findings in out
            ],
            "red": sum(f.severity == "red" for _, fs in out for f in fs),
            "amber": sum(f.severity == "amber" for _, fs in out for f in fs),
            "green": sum(f.severity == "green" for _, fs in out for f in fs),
            "warnings": [{"sheet": w.sheet, "cell": w.cell, "message": w.message} for w in result.warnings],
        })
    else:
        marks = {"red": "RED  ", "amber": "AMBER", "green": "GREEN"}
        for plan, findings in out:
            print(f"{plan.area.code} {plan.area.name} ({result.year})")
            for f in findings:
                cells = ", ".join(f"{c.sheet}!{c.cell}" for c in f.cells[:6])
                more = f" (+{len(f.cells) - 6} more)" if len(f.cells) > 6 else ""
                print(f"  {marks[f.severity]} {f.title} — {f.message}" + (f" [{cells}{more}]" if cells else ""))
    return 1 if any_red else 0


# ---- template / demo ----------------------------------------------------------------------------
def cmd_template(args: argparse.Namespace) -> int:
    """`bcf template`: write a blank workbook for --year: the input template, the actuals workbook or the SUS sheet.

    With --actuals, the actuals workbook; with --sus, the SUS sheet of emergency admissions of people aged 65+. With
    --plan (a workbook or 'demo', and --area CODE when it holds several areas) as well, the actuals workbook names
    that plan's area and expenditure lines, ready for the months' figures, and the SUS sheet names its area; the
    year is the plan's.

    Raises:
        UserError: the year is not valid or has no reference data, --out does not end .xlsx, both --actuals and
            --sus are given, --plan is given without either, or the plan cannot be read or chosen.
    """
    from budget.models import normalise_year
    from budget.reference import DEFAULT_YEAR, available_years
    from budget.template import write_input_template

    plan = _template_plan(args)
    try:
        year = normalise_year(args.year or (plan.year if plan is not None else DEFAULT_YEAR))
    except ValueError as e:
        raise UserError(str(e)) from None
    if plan is not None and year != plan.year:
        raise UserError(f"{args.plan}: the plan is for {plan.year}, not {year}; leave out --year to use the plan's")
    if year not in available_years():
        raise UserError(f"no reference data for {year}; choose one of {', '.join(available_years())}")
    out = Path(args.out)
    if out.suffix.lower() != ".xlsx":
        raise UserError(f"{args.out}: the template is an Excel workbook; give a name ending .xlsx")
    if getattr(args, "sus", False) and getattr(args, "actuals", False):
        raise UserError("say which blank to write: --actuals (the actuals workbook) or --sus (the SUS sheet), not both")
    out.parent.mkdir(parents=True, exist_ok=True)
    if getattr(args, "sus", False):
        from budget.sus_sheet import write_sus_sheet

        named = {} if plan is None else {"area_name": plan.area.name, "area_code": plan.area.code}
        write_sus_sheet(out, year=year, **named)
        print(f"wrote {out} (BCF Planner SUS sheet of emergency admissions of people aged 65+, {year}"
              + (f", for {plan.area.name})" if plan else ")"))
        return 0
    if getattr(args, "actuals", False):
        from budget.actuals_template import write_actuals_workbook

        write_actuals_workbook(out, year=year, plan=plan)
        print(f"wrote {out} (BCF Planner actuals workbook, {year}"
              + (f", for {plan.area.name}: {counted(len(plan.lines), 'expenditure line')} named)" if plan else ")"))
        return 0
    write_input_template(out, year=year)
    print(f"wrote {out} (BCF Planner input template, {year})")
    return 0


def _template_plan(args: argparse.Namespace):
    """The plan named by `bcf template --plan FILE [--area CODE]` in its actuals workbook or SUS sheet.

    None without --plan.
    """
    if not getattr(args, "plan", None):
        if getattr(args, "area", None):
            raise UserError("--area chooses an area of the workbook given with --plan; give --plan as well")
        return None
    if not (getattr(args, "actuals", False) or getattr(args, "sus", False)):
        raise UserError("--plan names a plan's area and lines in the actuals workbook or the SUS sheet; "
                        "give --actuals or --sus with it")
    try:
        return load_source(args.plan).one_plan(args.area)
    except ValueError as e:
        raise UserError(f"{args.plan}: {e}") from None


def cmd_demo(args: argparse.Namespace) -> int:
    """`bcf demo`: write the demo area's files into the --out folder (made if missing) and list them."""
    from budget.demo import write_demo

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for path in write_demo(out):
        print(f"wrote {path}")
    return 0


# ---- entry point --------------------------------------------------------------------------------
# Commands that other packages add, in the order `bcf --help` lists them (an entry point is named after
# the command it registers); any others follow, by name.
LISTED_COMMANDS = ("export", "optimise", "run", "scenarios", "compare", "goals", "capacity", "assurance",
                   "track", "report", "benchmark", "db", "serve")
DISTRIBUTION = "bcf-planner"  # the distribution that installs `bcf` and registers its own commands


def _listing_order(ep) -> tuple[int, str]:
    return (LISTED_COMMANDS.index(ep.name) if ep.name in LISTED_COMMANDS else len(LISTED_COMMANDS), ep.name)


def _all_commands() -> list[_Registered]:
    """Every command registered in ``bcf.commands`` by any installed distribution, in the order help lists them."""
    from importlib.metadata import entry_points

    return [_Registered(ep.name, ep.load) for ep in sorted(entry_points(group="bcf.commands"), key=_listing_order)]


class _Registered(NamedTuple):
    """A command registered in the ``bcf.commands`` group: its name and how to load its register function."""

    name: str
    load: Callable[[], Callable]


def _target(value: str) -> Callable[[], Callable]:
    """The loader of an entry point's value, 'package.module:function'."""
    module, _, attribute = value.partition(":")

    def load() -> Callable:
        return getattr(import_module(module.strip()), attribute.strip())

    return load


def _entry_points_file(path: str, group: str) -> dict[str, str]:
    """The entries of one group in an ``entry_points.txt`` file: name -> 'module:attribute'."""
    out: dict[str, str] = {}
    section = None
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line.startswith("[") and line.endswith("]"):
                section = line[1:-1].strip()
            elif section == group and "=" in line and not line.startswith(("#", ";")):
                name, _, value = line.partition("=")
                out[name.strip()] = value.strip()
    return out


def _own_command(command: str | None) -> list[_Registered]:
    """The entry point of `command` when BCF Planner's own distribution registers it, else [].

    Read from the distribution's own record (``entry_points.txt`` in its ``.dist-info`` folder, the first on
    ``sys.path``, as ``importlib.metadata`` finds it) without importing ``importlib.metadata``, which would
    be a tenth of a command's start-up; where no such folder is found, through ``importlib.metadata``.
    """
    if command is None:
        return []
    prefix = DISTRIBUTION.replace("-", "_") + "-"
    for folder in sys.path:
        try:
            with os.scandir(folder or ".") as entries:
                infos = sorted(e.path for e in entries if e.name.startswith(prefix) and e.name.endswith(".dist-info"))
        except OSError:
            continue
        for info in infos:
            try:
                own = _entry_points_file(os.path.join(info, "entry_points.txt"), "bcf.commands")
            except OSError:
                continue
            return [_Registered(command, _target(own[command]))] if command in own else []
    from importlib.metadata import PackageNotFoundError, distribution

    try:
        found = distribution(DISTRIBUTION).entry_points.select(group="bcf.commands", name=command)
    except PackageNotFoundError:  # run from a source tree that was never installed
        return []
    return [_Registered(ep.name, ep.load) for ep in found]


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The `bcf` argument parser: this package's commands, then those registered in ``bcf.commands``.

    Registered commands come in the order of LISTED_COMMANDS, then by name; an entry point that fails to
    import (a partly installed optional package) is left out. With `command` naming one of them, only its
    module is imported (a command starts without importing every other); with `command` naming one of this
    package's commands, none is; otherwise (help, or a name that is no command) every one is.
    """
    parser = argparse.ArgumentParser(
        prog="bcf", description="BCF Planner: read, check and model Better Care Fund plans."
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("load", help="read a workbook (or 'demo') and show what was read")
    p.add_argument("file", help="an .xlsx workbook, or 'demo'")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--year", help="financial year to read: one year of a two-year (2023-25) plan, or the year to "
                                  "assume when the workbook does not say (e.g. 2024-25)")
    p.add_argument("--limit", type=int, default=20, help="areas to list in the text output")
    p.set_defaults(func=cmd_load)

    p = sub.add_parser("check", help="check a plan against the BCF rules; exit 1 if any finding is red")
    p.add_argument("file", help="an .xlsx workbook, or 'demo'")
    p.add_argument("--json", action="store_true")
    p.add_argument("--year", help="financial year to read (one year of a two-year plan)")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("template", help="write the blank BCF Planner input template")
    p.add_argument("--year", default=None, help="planning year, e.g. 2025-26 (default: current cycle)")
    p.add_argument("--out", required=True, help="file to write (.xlsx)")
    p.add_argument("--actuals", action="store_true", help="the blank actuals workbook instead: spend, people served "
                                                           "and the metrics, month by month")
    p.add_argument("--sus", action="store_true", help="the blank SUS sheet instead: emergency admissions of people "
                                                       "aged 65+ and the population aged 65+, month by month, for the "
                                                       "ICB's analyst to fill from SUS")
    p.add_argument("--plan", default=None, metavar="FILE",
                   help="with --actuals or --sus: a plan (an .xlsx workbook, or 'demo') whose area, and expenditure "
                        "lines, the workbook names ready for the figures; the year is the plan's")
    p.add_argument("--area", default=None, help="with --plan: the area code, when the workbook holds several areas")
    p.set_defaults(func=cmd_template)

    p = sub.add_parser("demo", help="write the illustrative demo area's workbook and its illustrative actuals")
    p.add_argument("--out", required=True, help="folder to write into")
    p.set_defaults(func=cmd_demo)

    if command in sub.choices:
        registered = []
    else:
        registered = _own_command(command) or _all_commands()
        if any(ep.name == command for ep in registered):
            registered = [ep for ep in registered if ep.name == command]
    for ep in registered:
        try:
            register = ep.load()
        except ImportError:  # a partly installed optional package: its commands are simply absent
            continue
        register(sub)
    return parser


def read_command(argv: list[str] | None = None) -> argparse.Namespace | int:
    """Build the parser for argv's command (importing that command's module) and read argv.

    Returns the arguments, or the exit code when there is nothing to run (help printed: 0; no command, or a usage
    error printed by argparse: 2).
    """
    argv = sys.argv[1:] if argv is None else list(argv)
    if "numpy" not in sys.modules:
        # no command does linear algebra on large matrices: the thread pool OpenBLAS starts when NumPy is first
        # imported would only slow the start (a person's own setting is kept)
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    parser = build_parser(argv[0] if argv and not argv[0].startswith("-") else None)
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:  # argparse prints its own usage message
        return int(e.code or 0) if e.code in (0, None) else 2
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    return args


def run_command(args: argparse.Namespace) -> int:
    """Run a command read by `read_command` and return its exit code (errors as `error:` lines, see `main`)."""
    try:
        return int(args.func(args) or 0)
    except UserError as e:
        for m in e.messages:
            sys.stderr.write(f"error: {m}\n")
        return 2
    except LoadError as e:
        errors = [p for p in e.problems if p.severity == "error"] or list(e.problems)
        for p in errors:
            sys.stderr.write(f"error: {p}\n")
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("error: interrupted\n")
        return 2
    except BrokenPipeError:
        return 0
    except Exception as e:  # the last line of defence: a sentence, never a traceback
        sys.stderr.write(f"error: unexpected failure ({type(e).__name__}: {e}); please report it with the file used\n")
        return 2


def main(argv: list[str] | None = None) -> int:
    """Run the `bcf` command line on argv (default: sys.argv) and return the exit code.

    0 on success (and on a broken pipe), 1 when `bcf check` finds a red finding, 2 on a usage error, a
    `UserError`, a `LoadError`, an interrupt or any unexpected failure, each reported as ``error:`` lines
    on stderr rather than a traceback. `bcf template` without --year uses DEFAULT_YEAR (or its plan's year). The
    `bcf` process itself starts through `budget.console.main`, which runs the same two steps.
    """
    args = read_command(argv)
    return args if isinstance(args, int) else run_command(args)


if __name__ == "__main__":
    sys.exit(main())
