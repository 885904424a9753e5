"""What kind of workbook this is, which sheets hold what, and which financial year it is for.

The kind is found from content: a sheet whose header names localities makes it the input template;
a sheet of expenditure lines makes it a plan; a sheet of area codes with funding-stream columns makes
it an allocations workbook.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter

from budget.columns import ALLOCATION_ID_FIELDS, EXPENDITURE_FIELDS, INCOME_FIELDS, LOCALITY_FIELDS
from budget.models import LoadError, Problem, financial_year, normalise_year
from budget.readers import values as V
from budget.readers.allocations import stream_columns
from budget.readers.cover import cover_pairs
from budget.readers.grid import Book, Header, Sheet, best_partial_header, cell_name, find_header
from budget.readers.problems import Collector, refusal
from budget.reference import DEFAULT_YEAR, Reference, available_years, load_reference

YEAR_IN_TEXT = re.compile(r"(20\d\d)\s*(?:-|/|–|to)\s*(?:20)?(\d\d)(?!\d)")

Found = tuple[Sheet, Header]


@dataclass
class Layout:
    """The sheets to read, as full sheets, and what they were taken for."""

    kind: str  # "plan", "input-template" or "allocations"
    year: str  # the year read
    ref: Reference
    sheets: list[Sheet]  # the first rows of every sheet, visible sheets first
    expenditure: list[Found] = field(default_factory=list)
    income: Found | None = None
    localities: Found | None = None
    allocations: list[tuple[Sheet, Header, dict]] = field(default_factory=list)  # with each table's stream columns
    years: tuple[str, ...] = ()  # every year the workbook holds figures for (two for a 2023-25 plan)


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

    held = sorted({y for _, h in exp_sheets for c in year_columns(h, "amount") for y in years_in(h.labels.get(c, ""))})
    year, years = find_year(ordered, year_hint, out, tuple(held))
    ref = load_reference(year)

    if exp_sheets:
        return Layout(kind="input-template" if loc else "plan", year=year, ref=ref, sheets=ordered,
                      expenditure=[full(x) for x in exp_sheets], income=full(inc), localities=full(loc), years=years)
    alloc = [(book.full(s.name), h, streams) for s in ordered
             if (h := find_header(s, ALLOCATION_ID_FIELDS)) and (streams := stream_columns(h, ref))]
    if alloc:
        return Layout(kind="allocations", year=year, ref=ref, sheets=ordered, allocations=alloc, years=years)
    if inc is not None and cover_pairs(ordered).get("area_code"):
        return Layout(kind="plan", year=year, ref=ref, sheets=ordered, income=full(inc), localities=full(loc),
                      years=years)
    raise LoadError([not_bcf(name, ordered)])


def not_bcf(name: str, sheets: list[Sheet]) -> Problem:
    """The refusal for a workbook that is neither a plan nor an allocations table.

    It names, for each of the first sheets with a partial expenditure header, the required columns missing.
    """
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


def two_years(text_value: object) -> tuple[str, ...]:
    """The two financial years of a two-year plan written as one span, or () for anything else.

    Spans are written as '2023-25', '2023/25' or '2023 to 2025'.
    """
    m = YEAR_IN_TEXT.search(str(text_value))
    if m is None:
        return ()
    start, end = int(m.group(1)), int(m.group(2))
    if (start + 2) % 100 != end:
        return ()
    return financial_year(start), financial_year(start + 1)


def year_columns(header: Header, key: str) -> list[int]:
    """Every column of the header with the meaning `key` (an amount for each year), first found first."""
    col = header.columns.get(key)
    return [] if col is None else [col, *header.duplicates.get(key, [])]


def pick_year_column(sheet: Sheet, header: Header, key: str, year: str, years: tuple[str, ...],
                     out: Collector) -> int | None:
    """Of several columns with one meaning (an amount for each year), the one to read for `year`.

    That is the one headed with `year`; else, with one column for each of the workbook's years and none headed
    with a year, the one in the year's place; else the first, with a warning.
    """
    candidates = year_columns(header, key)
    if len(candidates) <= 1:
        return candidates[0] if candidates else None
    for c in candidates:
        if year in years_in(header.labels.get(c, "")):
            return c
    if len(candidates) == len(years) and year in years and not any(years_in(header.labels.get(c, ""))
                                                                  for c in candidates):
        return candidates[years.index(year)]
    col = candidates[0]
    out.warn(sheet.name, cell_name(header.row, col),
             f"{len(candidates)} columns could hold '{key.replace('_', ' ')}'; read column {get_column_letter(col)} "
             f"('{header.labels.get(col)}')")
    return col


def find_year(sheets: list[Sheet], hint: str | None, out: Collector,
              held: tuple[str, ...] = ()) -> tuple[str, tuple[str, ...]]:
    """The year to read and every year the workbook holds.

    A two-year plan (a span such as '2023-25' on
    the cover, or amount columns headed with two years) is read for the hint when it is one of its years,
    else for its later year, with a warning naming the other. Otherwise: the cover's year; else the year
    written most often in the first rows; else the hint; else the default.
    """
    cover = cover_pairs(sheets)
    if cover.get("year") is not None:
        raw, sheet, cell = cover["year"]
        span = two_years(V.text(raw))
        if span:
            return choose_year(span, hint, out, sheet, cell), span
        try:
            y = normalise_year(V.text(raw))
        except ValueError:
            out.error(sheet, cell, f"found '{V.text(raw)}', expected a financial year such as 2025-26")
            return hint and _checked_year(hint, out) or DEFAULT_YEAR, ()
        return _checked_year(y, out, sheet, cell), (y,)
    if len(held) >= 2:
        return choose_year(held, hint, out), held
    y = _year_from_text(sheets, hint, out)
    return y, (y,)


def choose_year(years: tuple[str, ...], hint: str | None, out: Collector, sheet: str | None = None,
                cell: str | None = None) -> str:
    """One year of a workbook that holds several: the hint when it is one of them, else the last."""
    listed = ", ".join(years[:-1]) + f" and {years[-1]}"
    if hint:
        try:
            wanted = normalise_year(hint)
        except ValueError as e:
            out.error(None, None, str(e))
            return years[-1]
        if wanted in years:
            return _checked_year(wanted, out, sheet, cell)
        out.error(
            sheet,
            cell,
            f"the workbook holds figures for {listed}; {wanted} was asked for but is not one of them: "
            f"choose {' or '.join(years)}",
        )
        return years[-1]
    others = " or ".join(y for y in years[:-1])
    out.warn(sheet, cell, f"the workbook holds figures for {listed}; {years[-1]} was read. To read "
                          f"{others}, choose it on the Start page or when loading (bcf load FILE --year {years[0]})")
    return _checked_year(years[-1], out, sheet, cell)


def _year_from_text(sheets: list[Sheet], hint: str | None, out: Collector) -> str:
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
