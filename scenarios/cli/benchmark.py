"""`bcf benchmark AREA`: a Health and Wellbeing Board beside its similar areas and England.

AREA is an HWB's ONS code or name ("Did you mean …?" for a near miss). The similar areas and the measures
are ``budget.peers``'s; with ``--allocations FILE`` (an allocations workbook for all HWBs) the pool and
each funding stream per person aged 65+ are measures too. Registered into the `bcf` command through the
``bcf.commands`` entry point `benchmark`.
"""

from __future__ import annotations

import argparse

from budget.cli import UserError
from scenarios.cli.common import print_json, user_errors


def _allocations(path: str):
    from budget.models import LoadError
    from budget.readers.source import SourceError, read_source

    try:
        result = read_source(path)
    except SourceError as e:
        raise UserError(str(e)) from None
    except LoadError:
        raise
    if result.kind != "allocations":
        raise UserError(f"{path}: not an allocations workbook (one row per area, one column per funding stream)")
    return result.plans


def _figure(x: float | None, unit: str) -> str:
    if x is None:
        return "–"
    if unit.startswith("£"):
        return f"£{x:,.2f}"
    return f"{x:,.1f}"


def _ordinal(n: int) -> str:
    end = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{end}"


def _print_text(b: dict) -> None:
    a = b["area"]
    print(f"{a['name']} ({a['code']}) beside its {len(b['peers'])} most similar Health and Wellbeing Boards")
    if a.get("illustrative"):
        print(a["sentence"])
    print("Similar areas, nearest first: " + ", ".join(f"{p['name']} ({p['distance']:.2f})" for p in b["peers"]))
    print("Chosen by: " + "; ".join(f"{f['label']} (weight {f['weight']:g})" for f in b["features"]) + ".")
    for m in b["measures"].values():
        unit = m["unit"]
        rank = "" if m["rank"] is None else f"; {_ordinal(m['rank'])} highest of {m['of']} in England"
        print(f"{m['label']} ({unit}, {m['period']}): {_figure(m['value'], unit)}; similar areas' median "
              f"{_figure(m['peer_median'], unit)}; England's median {_figure(m['england_quartiles'][1], unit)}{rank}")
        if m["caution"]:
            print(f"  {m['caution']}.")
    print("Sources: "
          + "; ".join(s["source"] for s in b["sources"].values()) + ".")


def cmd_benchmark(args: argparse.Namespace) -> int:
    """Print AREA beside its similar areas and England, as text or (--json) one JSON object."""
    from budget.peers import benchmark

    plans = _allocations(args.allocations) if args.allocations else None
    with user_errors():
        out = benchmark(args.area, plans)
    if args.json:
        print_json(out)
    else:
        _print_text(out)
    return 0


def register(subparsers) -> None:
    """Add `bcf benchmark` to the `bcf` command's subparsers."""
    p = subparsers.add_parser("benchmark", help="an area beside its similar areas and England: population, "
                                                "deprivation, care-home admissions, money per head")
    p.add_argument("area", help="a Health and Wellbeing Board's ONS code or name, e.g. E06000001 or Hartlepool")
    p.add_argument("--allocations", metavar="FILE", default=None,
                   help="an allocations workbook for all areas: adds the pool and each stream per person aged 65+")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=cmd_benchmark)
