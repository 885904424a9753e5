"""Read the actuals workbook (``budget/actuals_template.py``) into ``Actuals``, checked against the submitted plan.

As the plan readers do: the container's limits are checked before any parser (``safety.check_container``), the
sheets are found by name and their columns by meaning (``budget.actuals``' column labels), and every problem is
collected in one pass with its file, sheet and cell (``budget.models.Problem``). Any error refuses the whole
workbook (a ``LoadError`` with every problem): nothing is half-loaded. Refused: a cover with no area code or
another area's code than the plan's, a year that is not the plan's, a month column or row outside the year or
given twice, a line given twice, spend for a line not in the submitted plan, spend that is negative or not a
number, and a population of zero.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from budget.actuals import (
    LINE_COLUMNS,
    METRIC_COLUMNS,
    MONTH_COLUMN,
    PEOPLE_SERVED,
    ActualLine,
    Actuals,
    MetricMonth,
    month_label,
    months,
    read_month,
)
from budget.columns import COVER_FIELDS
from budget.models import LoadError, Plan, normalise_year
from budget.readers import values as V
from budget.readers.grid import HEADER_SCAN_ROWS, Book, Sheet, cell_name, open_book
from budget.readers.problems import Collector, refusal
from budget.readers.safety import MAX_FILE_BYTES, check_container
from budget.reference_records import norm

NOT_ACTUALS = ("is not an actuals workbook: it has no {what} sheet; download one for the plan on the Monitor page "
               "(\"Download the actuals workbook for this plan\") or write one with bcf template --actuals --plan FILE "
               "--out FILE, and fill it in")
_COVER_KEYS = ("area_name", "area_code", "year", "illustrative")


def read_actuals(path: Path | str, *, plan: Plan | None = None) -> Actuals:
    """Read an actuals workbook file; with `plan` (the submitted plan), checked against it. Raises LoadError."""
    from budget.files import FileRefused, read_bounded
    from budget.readers.workbook import printable_name

    p = Path(path)
    try:
        data = read_bounded(p, MAX_FILE_BYTES, "workbook")
    except FileRefused as e:
        raise LoadError([refusal(printable_name(p.name), str(e))]) from None
    return read_actuals_bytes(data, name=p.name, plan=plan)


def read_actuals_bytes(data: bytes, *, name: str, plan: Plan | None = None) -> Actuals:
    """Read an actuals workbook held in memory (an upload); see ``read_actuals``."""
    from budget.readers.workbook import printable_name

    name = printable_name(name)
    refusals = check_container(data, name)
    if refusals:
        raise LoadError(refusals)
    book = open_book(data, name)
    try:
        return _read(book, name, plan)
    except LoadError:
        raise
    except Exception as e:  # anything unforeseen still ends as a sentence
        raise LoadError([refusal(name, f"the actuals could not be read ({type(e).__name__}); check the workbook "
                                       "is the actuals workbook, saved as an Excel Workbook (.xlsx)")]) from None
    finally:
        book.close()


def _sheet(book: Book, wanted: str) -> Sheet | None:
    found = next((s.name for s in book.heads if norm(s.name) == norm(wanted)), None)
    return book.full(found) if found is not None else None


def _read(book: Book, name: str, plan: Plan | None) -> Actuals:
    out = Collector(file=name)
    sheets = {w: _sheet(book, w) for w in ("Cover", "Spend", "Metrics")}
    missing = [w for w, s in sheets.items() if s is None]
    if missing:
        raise LoadError([refusal(name, NOT_ACTUALS.format(what=" or ".join(f"'{m}'" for m in missing)))])
    cover = _cover(sheets["Cover"], plan, out)
    year = cover.get("year")
    lines = _spend(sheets["Spend"], year, plan, out)
    metrics = _metrics(sheets["Metrics"], year, out)
    if out.errors:
        raise LoadError(out.errors)
    try:
        return Actuals(area_code=cover["area_code"], area_name=cover.get("area_name", ""), year=year, lines=lines,
                       metrics=metrics, illustrative=cover.get("illustrative", False), source_file=name)
    except ValidationError as e:
        raise LoadError([refusal(name, f"the actuals could not be kept ({e.errors()[0]['msg']})")]) from None


def _cover(sheet: Sheet, plan: Plan | None, out: Collector) -> dict:
    """The cover's area code and name, year and illustrative flag: label in one cell, value in the next filled one."""
    found: dict = {}
    where: dict[str, str] = {}
    for r, row in enumerate(sheet.rows[:HEADER_SCAN_ROWS], start=1):
        for c, label in enumerate(row, start=1):
            field = next((f for f in COVER_FIELDS if f.key in _COVER_KEYS and f.key not in found
                          and f.matches(label)), None)
            if field is None or not isinstance(label, str):
                continue
            c2 = next((k for k in range(c + 1, len(row) + 1) if not V.is_blank(row[k - 1])), None)
            if c2 is not None:
                found[field.key], where[field.key] = row[c2 - 1], cell_name(r, c2)
            break
    s = sheet.name
    code = V.text(found.get("area_code", ""))
    if not code:
        out.error(s, None, "the cover gives no area code; give the Health and Wellbeing Board's ONS code, as on the "
                           "plan's cover")
    elif plan is not None and code.upper() != plan.area.code.upper():
        out.error(s, where["area_code"], f"the area code {code} is another area's: the submitted plan is for "
                                         f"{plan.area.name} ({plan.area.code}); use that area's actuals")
    year = None
    if "year" not in found:
        out.error(s, None, "the cover gives no financial year; give it as 2025-26")
    else:
        try:
            year = normalise_year(V.text(found["year"]))
        except ValueError:
            out.error(s, where["year"], f"'{V.text(found['year'])}' is not a financial year; give it as 2025-26")
    if year and plan is not None and year != plan.year:
        out.error(s, where["year"], f"the actuals are for {year} but the submitted plan is for {plan.year}; use "
                                    f"the actuals workbook for {plan.year}")
        year = None  # the months are not checked against a year already refused
    return {"area_code": code, "area_name": V.text(found.get("area_name", "")), "year": year,
            "illustrative": norm(found.get("illustrative", "")) in ("yes", "true", "y")}


def _header(sheet: Sheet, first: str) -> int | None:
    """The row (1-based) whose cells name the table's first column."""
    field = next(f for f in (*LINE_COLUMNS, MONTH_COLUMN) if f.key == first)
    for r, row in enumerate(sheet.rows[:HEADER_SCAN_ROWS], start=1):
        if any(field.matches(v) for v in row if isinstance(v, str)):
            return r
    return None


def _month_columns(sheet: Sheet, r: int, year: str | None, out: Collector) -> dict[int, str]:
    inside = set(months(year)) if year else None
    cols: dict[int, str] = {}
    for c, v in enumerate(sheet.rows[r - 1], start=1):
        m = read_month(v) if not V.is_blank(v) else None
        if m is None:
            continue
        if inside is not None and m not in inside:
            out.error(sheet.name, cell_name(r, c), f"the column {month_label(m)} is a month outside {year} (April "
                                                   f"{year[:4]} to March 20{year[5:]}); give only that year's months")
        elif m in cols.values():
            out.error(sheet.name, cell_name(r, c), f"the column {month_label(m)} is given twice; give each month once")
        else:
            cols[c] = m
    return cols


def _plan_keys(plan: Plan) -> set[tuple[str, ...]]:
    from budget.reference import load_reference

    ref = load_reference(plan.year)
    keys = set()
    for x in plan.lines:
        stream = x.source_of_funding
        names = {stream[8:]} if stream.startswith("unknown:") else {stream, ref.stream_name(stream)}
        keys |= {(norm(x.scheme_id), norm(x.scheme_type), norm(x.sub_type), norm(n), norm(x.locality)) for n in names}
    return keys


def _spend(sheet: Sheet, year: str | None, plan: Plan | None, out: Collector) -> tuple[ActualLine, ...]:
    s = sheet.name
    r0 = _header(sheet, "scheme_id")
    if r0 is None:
        out.error(s, None, "no header row naming a Scheme ID column was found; use the actuals workbook's Spend sheet")
        return ()
    head = sheet.rows[r0 - 1]
    cols = {f.key: c for f in (*LINE_COLUMNS, PEOPLE_SERVED)
            for c, v in enumerate(head, start=1) if isinstance(v, str) and f.matches(v)}
    month_cols = _month_columns(sheet, r0, year, out)
    in_plan = _plan_keys(plan) if plan is not None else None
    seen: dict[tuple[str, ...], int] = {}
    lines = []
    for r, _row in out.table_rows(sheet, r0):
        ident = {k: V.text(sheet.value(r, cols[k])) if k in cols else "" for k in (f.key for f in LINE_COLUMNS)}
        spend: dict[str, float] = {}
        for c, m in month_cols.items():
            try:
                x = V.money(sheet.value(r, c))
            except V.ValueProblem as e:
                out.error(s, cell_name(r, c), f"spend for {month_label(m)}: {e}")
                continue
            if x is not None:
                spend[m] = x
        served = _count(sheet, r, cols.get("people_served"), "people served", out)
        if not ident["scheme_id"]:
            if spend or served is not None:
                out.error(s, cell_name(r, cols.get("scheme_id", 1)), "this row has figures but no scheme ID; give "
                                                                     "the scheme ID of the plan's line")
            continue
        key = tuple(norm(ident[f.key]) for f in LINE_COLUMNS if f.key != "scheme_name")
        if key in seen:
            out.error(s, cell_name(r, cols["scheme_id"]), f"row {r} repeats the line in row {seen[key]} (scheme "
                                                          f"{ident['scheme_id']}); give each line once")
            continue
        seen[key] = r
        if in_plan is not None and key not in in_plan:
            words = ", ".join(ident[f.key] for f in LINE_COLUMNS if f.key != "scheme_id" and ident[f.key])
            out.error(s, cell_name(r, cols["scheme_id"]), f"spend for scheme {ident['scheme_id']}"
                      + (f" ({words})" if words else "") + " is not a line of the submitted plan; give only the "
                      "plan's lines, with the scheme type, sub type, funding stream and locality as in the plan")
            continue
        lines.append(ActualLine(**ident, spend=spend, people_served=served))
    return tuple(lines)


def _count(sheet: Sheet, r: int, c: int | None, what: str, out: Collector) -> float | None:
    if c is None:
        return None
    try:
        x = V.number(sheet.value(r, c), f"the number of {what}")
    except V.ValueProblem as e:
        out.error(sheet.name, cell_name(r, c), f"{what}: {e}")
        return None
    if x is not None and x < 0:
        out.error(sheet.name, cell_name(r, c), f"{what}: found {V.text(sheet.value(r, c))}, expected 0 or more")
        return None
    return x


def _metrics(sheet: Sheet, year: str | None, out: Collector) -> tuple[MetricMonth, ...]:
    s = sheet.name
    r0 = _header(sheet, "month")
    if r0 is None:
        out.error(s, None, "no header row naming a Month column was found; use the actuals workbook's Metrics sheet")
        return ()
    head = sheet.rows[r0 - 1]
    month_col = next(c for c, v in enumerate(head, start=1) if isinstance(v, str) and MONTH_COLUMN.matches(v))
    cols = {f.key: c for f in METRIC_COLUMNS
            for c, v in enumerate(head, start=1) if isinstance(v, str) and f.matches(v)}
    inside = set(months(year)) if year else None
    seen: dict[str, int] = {}
    rows = []
    for r, _row in out.table_rows(sheet, r0):
        written = sheet.value(r, month_col)
        m = None if V.is_blank(written) else read_month(written)
        figures = {}
        for key, c in cols.items():
            x = _count(sheet, r, c, next(f.label for f in METRIC_COLUMNS if f.key == key).split(" (")[0].lower(),
                       out)
            if key == "population_65_plus" and x == 0:
                out.error(s, cell_name(r, c), "the population aged 65+ is zero; give the population, or leave the "
                                              "cell blank")
                x = None
            if x is not None:
                figures[key] = x
        if m is None:
            if figures or not V.is_blank(written):
                out.error(s, cell_name(r, month_col), f"'{V.text(written)}' is not a month; give it as Apr 2025")
            continue
        if inside is not None and m not in inside:
            out.error(s, cell_name(r, month_col), f"{month_label(m)} is outside {year} (April {year[:4]} to March "
                                                  f"20{year[5:]}); give only that year's months")
            continue
        if m in seen:
            out.error(s, cell_name(r, month_col), f"{month_label(m)} is given twice (rows {seen[m]} and {r}); give "
                                                  "each month once")
            continue
        seen[m] = r
        if figures:
            rows.append(MetricMonth(month=m, **figures))
    return tuple(rows)
