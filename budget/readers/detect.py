"""What kind of workbook this is, which sheets hold what, and which financial year it is for.

The kind is found from content: a sheet whose header names localities makes it the input template;
a sheet of expenditure lines makes it a plan; a sheet of area codes with funding-stream columns makes
it an allocations workbook.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from budget.columns import ALLOCATION_ID_FIELDS, EXPENDITURE_FIELDS, INCOME_FIELDS, LOCALITY_FIELDS
from budget.models import LoadError, Problem, normalise_year
from budget.readers import values as V
from budget.readers.allocations import stream_columns
from budget.readers.cover import cover_pairs
from budget.readers.grid import Book, Header, Sheet, best_partial_header, find_header
from budget.readers.problems import Collector, refusal
from budget.reference import DEFAULT_YEAR, Reference, available_years, load_reference

YEAR_IN_TEXT = re.compile(r"(20\d\d)\s*(?:-|/|–|to)\s*(?:20)?(\d\d)(?!\d)")

Found = tuple[Sheet, Header]


@dataclass
class Layout:
    """The sheets to read, as full sheets, and what they were taken for."""

    kind: str  # "plan", "input-template" or "allocations"
    year: str
    ref: Reference
    sheets: list[Sheet]  # the first rows of every sheet, visible sheets first
    expenditure: list[Found] = field(default_factory=list)
    income: Found | None = None
    localities: Found | None = None
    allocations: list[tuple[Sheet, Header, dict]] = field(default_factory=list)  # with each table's stream columns


def detect(book: Book, name: str, year_hint: str | None, out: Collector) -> Layout:
    """Decide what the workbook is; raises LoadError when it is empty or not a BCF workbook."""
    heads = book.heads
    if not heads or all(s.is_empty for s in heads):
        raise LoadError([refusal(name, "the workbook is empty: every sheet is blank. Expected an allocations table, "
                                       "or Cover, Income and Expenditure sheets.")])
    ordered = [s for s in heads if not s.hidden] + [s for s in heads if s.hidden]

    def full(found: Found | None) -> Found | None:
        return None if found is None else (book.full(found[0].name), found[1])

    exp_sheets = [(s, h) for s in ordered if (h := find_header(s, EXPENDITURE_FIELDS))]
    loc = next(((s, h) for s in ordered if (h := find_header(s, LOCALITY_FIELDS))), None)
    used = {s.name for s, _ in exp_sheets} | ({loc[0].name} if loc else set())
    inc = next(((s, h) for s in ordered if s.name not in used and (h := find_header(s, INCOME_FIELDS))), None)

    year = find_year(ordered, year_hint, out)
    ref = load_reference(year)

    if exp_sheets:
        return Layout(kind="input-template" if loc else "plan", year=year, ref=ref, sheets=ordered,
                      expenditure=[full(x) for x in exp_sheets], income=full(inc), localities=full(loc))
    alloc = [(book.full(s.name), h, streams) for s in ordered
             if (h := find_header(s, ALLOCATION_ID_FIELDS)) and (streams := stream_columns(h, ref))]
    if alloc:
        return Layout(kind="allocations", year=year, ref=ref, sheets=ordered, allocations=alloc)
    if inc is not None and cover_pairs(ordered).get("area_code"):
        return Layout(kind="plan", year=year, ref=ref, sheets=ordered, income=full(inc), localities=full(loc))
    raise LoadError([not_bcf(name, ordered)])


def not_bcf(name: str, sheets: list[Sheet]) -> Problem:
    hints = []
    for s in sheets[:6]:
        row, keys = best_partial_header(s, EXPENDITURE_FIELDS)
        if len(keys) >= 2:
            missing = [f.label for f in EXPENDITURE_FIELDS if f.required and f.key not in keys]
            hints.append(f"sheet '{s.name}' row {row} looks like an expenditure header but lacks {', '.join(missing)}")
    msg = ("not a BCF workbook: found no sheet of expenditure lines (columns such as Scheme ID, Scheme Name, Scheme "
           "Type, Source of Funding, Expenditure) and no allocations table (HWB code and name with funding-stream "
           "columns such as Minimum NHS Contribution or Disabled Facilities Grant)")
    if hints:
        msg += "; " + "; ".join(hints)
    return refusal(name, msg)


# ---- the financial year -----------------------------------------------------------------------
def years_in(text_value: object) -> list[str]:
    """Every financial year written in a text ('2025-26', '2025/2026', '2025 to 26'), normalised."""
    found = []
    for m in YEAR_IN_TEXT.finditer(str(text_value)):
        try:
            found.append(normalise_year(m.group(0)))
        except ValueError:
            continue
    return found


def find_year(sheets: list[Sheet], hint: str | None, out: Collector) -> str:
    """The cover's year; else the year written most often in the first rows; else the hint; else the default."""
    cover = cover_pairs(sheets)
    if cover.get("year") is not None:
        raw, sheet, cell = cover["year"]
        try:
            y = normalise_year(V.text(raw))
        except ValueError:
            out.error(sheet, cell, f"found '{V.text(raw)}', expected a financial year such as 2025-26")
            return hint and _checked_year(hint, out) or DEFAULT_YEAR
        return _checked_year(y, out, sheet, cell)
    counts: dict[str, int] = defaultdict(int)
    for s in sheets:
        for r in s.rows[:40]:
            for v in r:
                if isinstance(v, str) and len(v) < 300:
                    for y in years_in(v):
                        counts[y] += 1
    if counts:
        y = max(sorted(counts), key=lambda k: counts[k])
        return _checked_year(y, out)
    if hint:
        try:
            return _checked_year(normalise_year(hint), out)
        except ValueError as e:
            out.error(None, None, str(e))
            return DEFAULT_YEAR
    out.warn(None, None, f"no financial year found in the workbook; read as {DEFAULT_YEAR} (put the year on the "
                         "Cover sheet or in the headers, e.g. 'Expenditure 2025-26')")
    return DEFAULT_YEAR


def _checked_year(y: str, out: Collector, sheet: str | None = None, cell: str | None = None) -> str:
    if y not in available_years():
        out.error(sheet, cell, f"the financial year {y} is not supported; years with reference data are "
                               f"{', '.join(available_years())}")
        return DEFAULT_YEAR
    return y
