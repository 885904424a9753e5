"""Read allocations, planning-template-shaped plans and the project's input template.

The kind of workbook is found from its content: a sheet whose header names localities makes it
the input template; a sheet of expenditure lines makes it a plan; a sheet of area codes with
funding-stream columns makes it an allocations workbook. Every problem found is reported in one
pass with file, sheet and cell; a line that cannot be read is never silently dropped.
"""

from __future__ import annotations

import gc
import re
from collections import defaultdict
from dataclasses import dataclass, field

from defusedxml import DefusedXmlException
from openpyxl.utils import get_column_letter
from pydantic import ValidationError

from budget.columns import (
    ALLOCATION_ID_FIELDS,
    BASELINE_FIELDS,
    COVER_FIELDS,
    EXPENDITURE_FIELDS,
    INCOME_FIELDS,
    LOCALITY_FIELDS,
    Field,
    is_total_label,
)
from budget.models import (
    Baselines,
    CellRef,
    ExpenditureLine,
    HWBArea,
    IncomeLine,
    LoadError,
    LoadResult,
    Locality,
    Plan,
    Problem,
    normalise_year,
)
from budget.readers import values as V
from budget.readers.grid import Book, Header, Sheet, best_partial_header, cell_name, find_header
from budget.readers.safety import check_container
from budget.reference import DEFAULT_YEAR, Reference, available_years, load_reference, norm

YEAR_IN_TEXT = re.compile(r"(20\d\d)\s*(?:-|/|–|to)\s*(?:20)?(\d\d)(?!\d)")
MAX_PROBLEMS = 500
EXACT_TOTALS = {"total", "totals", "grand total", "sub total", "subtotal", "all localities", "area total", "whole area"}


@dataclass
class Collector:
    file: str
    problems: list[Problem] = field(default_factory=list)

    def error(self, sheet: str | None, cell: str | None, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(severity="error", file=self.file, sheet=sheet, cell=cell, message=message))

    def warn(self, sheet: str | None, cell: str | None, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(severity="warning", file=self.file, sheet=sheet, cell=cell, message=message))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


# ---- entry points -----------------------------------------------------------------------------
def load_bytes(data: bytes, *, name: str, year: str | None = None) -> LoadResult:
    """Read a workbook held in memory (an upload). Raises LoadError with every problem found."""
    name = printable_name(name)
    try:
        return _load(data, name, year)
    except LoadError:
        raise
    except Exception as e:  # anything unforeseen still ends as a sentence, never a traceback
        raise LoadError([Problem(
            severity="error", file=name,
            message=f"the workbook could not be read ({type(e).__name__}); it may be damaged: open it in Excel, "
                    "save it as an Excel Workbook (.xlsx) and try again",
        )]) from None


def printable_name(name: str) -> str:
    """A file name fit to show: bytes that were not UTF-8 (kept by the file system as surrogates) become '�'."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def load_workbook(path, *, year: str | None = None) -> LoadResult:
    """Read a workbook file. Only a regular file of at most MAX_FILE_BYTES is read: a device, a named
    pipe, a socket or a folder is refused with a sentence before any byte is read."""
    from pathlib import Path

    from budget.files import FileRefused, read_bounded
    from budget.readers.safety import MAX_FILE_BYTES

    p = Path(path)
    try:
        data = read_bounded(p, MAX_FILE_BYTES, "workbook")
    except FileRefused as e:
        message = str(e)
        if "limit" in message:
            message = message.rstrip(".") + "; save a copy with only the BCF sheets."
        raise LoadError([Problem(severity="error", file=printable_name(p.name), message=message)]) from None
    return load_bytes(data, name=p.name, year=year)


# ---- the pass ---------------------------------------------------------------------------------
def _load(data: bytes, name: str, year_hint: str | None) -> LoadResult:
    refusals = check_container(data, name)
    if refusals:
        raise LoadError(refusals)
    try:
        book = Book(data)
    except Exception as e:
        if not (isinstance(e, DefusedXmlException) or isinstance(e.__cause__, DefusedXmlException)):
            raise LoadError([Problem(severity="error", file=name,
                                     message="the workbook is damaged and could not be opened; save it again from "
                                             "Excel as an Excel Workbook (.xlsx)")]) from None
        raise LoadError([Problem(severity="error", file=name,
                                 message="the workbook could not be read safely: it contains XML entity declarations, "
                                         "which ordinary Excel files never have (a possible 'billion laughs' attack)")]) from None
    collecting = gc.isenabled()
    gc.disable()  # a large sheet makes many small objects and no cycles: collection would only slow the read
    try:
        return _read_book(book, name, year_hint)
    finally:
        if collecting:
            gc.enable()
        book.close()


def _read_book(book: Book, name: str, year_hint: str | None) -> LoadResult:
    out = Collector(file=name)
    heads = book.heads
    if not heads or all(s.is_empty for s in heads):
        raise LoadError([Problem(severity="error", file=name,
                                 message="the workbook is empty: every sheet is blank. Expected an allocations table, "
                                         "or Cover, Income and Expenditure sheets.")])
    ordered = [s for s in heads if not s.hidden] + [s for s in heads if s.hidden]

    def full(found):
        return None if found is None else (book.full(found[0].name), found[1])

    exp_sheets = [(s, h) for s in ordered if (h := find_header(s, EXPENDITURE_FIELDS))]
    loc = next(((s, h) for s in ordered if (h := find_header(s, LOCALITY_FIELDS))), None)
    used = {s.name for s, _ in exp_sheets} | ({loc[0].name} if loc else set())
    inc = next(((s, h) for s in ordered if s.name not in used and (h := find_header(s, INCOME_FIELDS))), None)

    year = _find_year(ordered, year_hint, out)
    ref = load_reference(year)

    if exp_sheets:
        kind = "input-template" if loc else "plan"
        plans = _read_plan(book, ordered, [full(x) for x in exp_sheets], full(inc), full(loc), year, ref, out)
    else:
        alloc = [(book.full(s.name), h, streams) for s in ordered
                 if (h := find_header(s, ALLOCATION_ID_FIELDS)) and (streams := _stream_columns(h, ref))]
        if alloc:
            kind = "allocations"
            plans = _read_allocations(alloc, year, ref, out)
        elif inc is not None and _cover(ordered, set(), out).get("area_code"):
            kind = "plan"
            plans = _read_plan(book, ordered, [], full(inc), full(loc), year, ref, out)
        else:
            raise LoadError([_not_bcf(name, ordered)])

    read_from = _sheets_used(plans)
    for s in ordered:
        if s.hidden and s.name in read_from:
            out.warn(s.name, None, "this sheet is hidden in the workbook but was read")
    if out.errors:
        raise LoadError(out.problems)
    if not plans:
        raise LoadError([Problem(severity="error", file=name, message="no Health and Wellbeing Board area could be read")])
    return LoadResult(file=name, kind=kind, year=year, plans=tuple(plans), problems=tuple(out.problems))


def _sheets_used(plans: list[Plan]) -> set[str]:
    return {x.sheet for p in plans for x in p.lines if x.sheet}


def _not_bcf(name: str, sheets: list[Sheet]) -> Problem:
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
    return Problem(severity="error", file=name, message=msg)


# ---- year and cover ---------------------------------------------------------------------------
def _years_in(text_value: object) -> list[str]:
    found = []
    for m in YEAR_IN_TEXT.finditer(str(text_value)):
        try:
            found.append(normalise_year(m.group(0)))
        except ValueError:
            continue
    return found


def _find_year(sheets: list[Sheet], hint: str | None, out: Collector) -> str:
    cover = _cover(sheets, set(), None)
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
                    for y in _years_in(v):
                        counts[y] += 1
    if counts:
        y = max(sorted(counts), key=lambda k: counts[k])
        return _checked_year(y, out)
    if hint:
        try:
            return _checked_year(normalise_year(hint), out)
        except ValueError:
            out.error(None, None, f"'{hint}' is not a financial year such as 2025-26")
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


def _cover(sheets: list[Sheet], skip_rows_from: set[tuple[str, int]], out: Collector | None,
           fields: tuple[Field, ...] = COVER_FIELDS) -> dict[str, tuple[object, str, str]]:
    """Label/value pairs: a label cell and the next filled cell to its right (or 'Label: value')."""
    found: dict[str, tuple[object, str, str]] = {}
    cover_first = sorted(sheets, key=lambda s: (norm(s.name) not in ("cover", "cover sheet", "baselines"), s.hidden))
    for s in cover_first:
        for r in range(1, min(40, len(s.rows)) + 1):
            row = s.rows[r - 1]
            for c in range(1, min(12, len(row)) + 1):
                v = row[c - 1]
                if not isinstance(v, str) or len(v) > 120:
                    continue
                label, value, vcol = v, None, None
                if ":" in v and not any(f.matches(v) for f in fields):
                    label, _, rest = v.partition(":")
                    if rest.strip():
                        value, vcol = rest.strip(), c
                for f in fields:
                    if f.key in found or not f.matches(label):
                        continue
                    if value is None:
                        for c2 in range(c + 1, min(c + 7, len(row) + 1)):
                            if not V.is_blank(row[c2 - 1]) or f.key == "illustrative" and row[c2 - 1] is not None:
                                value, vcol = row[c2 - 1], c2
                                break
                    if value is not None:
                        found[f.key] = (value, s.name, cell_name(r, vcol))
                    break
    return found


# ---- allocations ------------------------------------------------------------------------------
_STRIP = re.compile(r"\b(20\d\d( \d\d(\d\d)?)?|gbp|allocations?|amount|planned|final|value|of which)\b")


def _stream_of_header(label: str, ref: Reference):
    key = _STRIP.sub(" ", norm(label))
    key = " ".join(key.split())
    return ref.match_stream(key) if key else None


def _stream_columns(header: Header, ref: Reference) -> dict[int, object]:
    used = set(header.columns.values())
    out = {}
    for col, label in header.labels.items():
        if col in used:
            continue
        m = _stream_of_header(label, ref)
        if m is not None:
            out[col] = m
    return out


def _read_allocations(tables, year: str, ref: Reference, out: Collector) -> list[Plan]:
    areas: dict[str, dict] = {}
    order: list[str] = []
    for sheet, header, streams in tables:
        for col, m in streams.items():
            if m.kind in ("renamed", "folded"):
                out.warn(sheet.name, cell_name(header.row, col), m.note)
        ccode, cname = header.columns["area_code"], header.columns["area_name"]
        cicb = header.columns.get("icb")
        casc = header.columns.get("minimum_nhs_asc_required")
        for r in range(header.row + 1, len(sheet.rows) + 1):
            row = sheet.rows[r - 1]
            if all(V.is_blank(v) for v in row):
                continue
            code_raw, name_raw = sheet.value(r, ccode), sheet.value(r, cname)
            if is_total_label(code_raw) or is_total_label(name_raw) or norm(name_raw) == "england" \
                    or norm(code_raw) in ("england", "e92000001"):
                out.warn(sheet.name, cell_name(r, cname), f"row {r} looks like a totals row and was not added")
                continue
            code = V.text(code_raw).upper()
            if not code:
                if any(not V.is_blank(sheet.value(r, c)) for c in streams):
                    out.error(sheet.name, cell_name(r, ccode), "the HWB code is blank on a row with amounts; expected "
                                                               "a code such as E06000001")
                else:
                    out.warn(sheet.name, cell_name(r, cname), f"row {r} has no HWB code or amounts and was skipped")
                continue
            try:
                area = HWBArea(code=code, name=V.text(name_raw) or code)
            except ValidationError:
                out.error(sheet.name, cell_name(r, ccode), f"'{code}' is not a Health and Wellbeing Board area code: "
                                                           "expected E06, E08, E09 or E10 followed by six digits")
                continue
            icb = V.text(sheet.value(r, cicb)) if cicb else ""
            entry = areas.get(code)
            if entry is None:
                entry = {"area": area, "icbs": [], "income": [], "asc": None}
                areas[code] = entry
                order.append(code)
            elif not icb:
                out.warn(sheet.name, cell_name(r, ccode), f"{code} appears more than once; the amounts were added together")
            if icb and icb not in entry["icbs"]:
                entry["icbs"].append(icb)
            for col, m in streams.items():
                try:
                    amount = V.money(sheet.value(r, col))
                except V.ValueProblem as e:
                    out.error(sheet.name, cell_name(r, col), str(e))
                    continue
                if amount is None:
                    if sheet.formula_missing(r, col):
                        out.error(sheet.name, cell_name(r, col), "holds a formula with no saved value; open the "
                                                                 "workbook in Excel, let it calculate, save and retry")
                    continue
                entry["income"].append(IncomeLine(stream=m.name, amount=amount, label=header.labels[col],
                                                  icb=icb or None, cell=CellRef(sheet=sheet.name, cell=cell_name(r, col))))
            if casc:
                try:
                    asc = V.money(sheet.value(r, casc))
                except V.ValueProblem as e:
                    out.error(sheet.name, cell_name(r, casc), str(e))
                    asc = None
                if asc is not None:
                    entry["asc"] = (entry["asc"] or 0.0) + asc
    plans = []
    for code in order:
        e = areas[code]
        area = e["area"].model_copy(update={"icbs": tuple(e["icbs"])}) if e["icbs"] else e["area"]
        plans.append(Plan(area=area, year=year, income=tuple(e["income"]), minimum_nhs_asc_required=e["asc"]))
    if not plans and not out.errors:
        sheet = tables[0][0]
        out.error(sheet.name, None, "the allocations table has a header but no area rows")
    return plans


# ---- plans ------------------------------------------------------------------------------------
def _pick_column(sheet: Sheet, header: Header, key: str, year: str, out: Collector) -> int | None:
    col = header.columns.get(key)
    if col is None:
        return None
    candidates = [col, *header.duplicates.get(key, [])]
    if len(candidates) == 1:
        return col
    for c in candidates:
        if year in _years_in(header.labels.get(c, "")):
            return c
    out.warn(sheet.name, cell_name(header.row, col),
             f"{len(candidates)} columns could hold '{key.replace('_', ' ')}'; read column {cell_name(header.row, col)[:-len(str(header.row))]} "
             f"('{header.labels.get(col)}')")
    return col


def _read_plan(book: Book, sheets, exp_sheets, inc, loc, year: str, ref: Reference, out: Collector) -> list[Plan]:
    header_rows = {(s.name, h.row) for s, h in exp_sheets}
    cover = _cover(sheets, header_rows, out)
    baselines_raw = _cover(sheets, header_rows, out, BASELINE_FIELDS)

    localities: list[Locality] = []
    if loc:
        localities = _read_localities(loc[0], loc[1], out)
    locality_names = {norm(x.name) for x in localities}

    lines_by_area: dict[str | None, list[ExpenditureLine]] = defaultdict(list)
    area_names: dict[str, str] = {}
    for sheet, header in exp_sheets:
        before = sum(len(v) for v in lines_by_area.values())
        errors_before = len(out.errors)
        _read_lines(sheet, header, year, ref, locality_names, lines_by_area, area_names, out)
        if sum(len(v) for v in lines_by_area.values()) == before and len(out.errors) == errors_before:
            out.warn(sheet.name, None, "the sheet has an expenditure header but no expenditure lines")

    income_by_area: dict[str | None, list[IncomeLine]] = defaultdict(list)
    if inc:
        _read_income(inc[0], inc[1], ref, income_by_area, area_names, out)
    else:
        fallback = next((s for s in sheets if "income" in norm(s.name) and s.name not in {x.name for x, _ in exp_sheets}), None)
        if fallback is not None:
            _read_income_pairs(book.full(fallback.name), ref, income_by_area, out)
        else:
            out.warn(None, None, "no income sheet found (a sheet with Funding Stream and Amount columns); the pool "
                                 "has no income")

    baselines = _read_baselines(baselines_raw, out)
    asc = _cover_money(cover, "minimum_nhs_asc_required", out)
    illustrative = norm(V.text(cover["illustrative"][0])) in ("yes", "true", "y", "1") if "illustrative" in cover else False

    keys = set(lines_by_area) | set(income_by_area)
    plans: list[Plan] = []
    if keys <= {None}:
        area = _cover_area(cover, out)
        if area is None:
            return []
        plans.append(Plan(area=area, year=year, income=tuple(income_by_area.get(None, ())),
                          lines=tuple(lines_by_area.get(None, ())), localities=tuple(localities),
                          baselines=baselines, minimum_nhs_asc_required=asc, illustrative=illustrative))
    else:
        if None in keys:
            out.warn(None, None, "some lines or income rows have no area code and were not assigned to an area")
        for code in sorted(k for k in keys if k is not None):
            try:
                area = HWBArea(code=code, name=area_names.get(code) or code)
            except ValidationError:
                continue  # reported where it was read
            plans.append(Plan(area=area, year=year, income=tuple(income_by_area.get(code, ())),
                              lines=tuple(lines_by_area.get(code, ()))))
    return plans


def _cover_area(cover: dict, out: Collector) -> HWBArea | None:
    if "area_code" not in cover:
        out.error("Cover", None, "no Health and Wellbeing Board code found: expected a 'HWB Code' label with a code "
                                 "such as E06000001 beside it (usually on the Cover sheet)")
        return None
    raw, sheet, cell = cover["area_code"]
    name = V.text(cover["area_name"][0]) if "area_name" in cover else ""
    icbs = ()
    if "icbs" in cover:
        icbs = tuple(x.strip() for x in re.split(r"[;\n]", V.text(cover["icbs"][0])) if x.strip())
    try:
        return HWBArea(code=V.text(raw), name=name or V.text(raw), icbs=icbs)
    except ValidationError:
        out.error(sheet, cell, f"'{V.text(raw)}' is not a Health and Wellbeing Board area code: expected E06, E08, "
                               "E09 or E10 followed by six digits")
        return None


def _cover_money(cover: dict, key: str, out: Collector) -> float | None:
    if key not in cover:
        return None
    raw, sheet, cell = cover[key]
    try:
        return V.money(raw)
    except V.ValueProblem as e:
        out.error(sheet, cell, str(e))
        return None


def _read_baselines(raw: dict, out: Collector) -> Baselines:
    vals = {}
    for key, (v, sheet, cell) in raw.items():
        try:
            x = V.number(v)
        except V.ValueProblem as e:
            out.error(sheet, cell, str(e))
            continue
        if x is not None and x < 0:
            out.error(sheet, cell, f"found {x:,}, expected a rate of 0 or more")
            continue
        vals[key] = x
    return Baselines(**vals)


def _is_total_row(row: tuple, header: Header, needed: tuple[str, ...] = ()) -> bool:
    """A totals row: a 'Total'-like label among its first cells and, where given, a needed field blank
    (so a scheme called 'Total Care at Home' with a type and a source is still a line)."""
    text_cells = [v for v in row[:8] if isinstance(v, str) and v.strip()]
    if not any(is_total_label(v) for v in text_cells[:3]):
        return False
    for key in needed:
        c = header.columns.get(key)
        if c is not None and (c > len(row) or V.is_blank(row[c - 1])):
            return True
    return not needed


def _read_lines(sheet: Sheet, header: Header, year: str, ref: Reference, locality_names: set[str],
                lines_by_area: dict, area_names: dict, out: Collector) -> None:
    cols = dict(header.columns)
    for key in ("amount", "planned_outputs"):
        c = _pick_column(sheet, header, key, year, out)
        if c is not None:
            cols[key] = c
    for key, extra in header.duplicates.items():
        if key not in ("amount", "planned_outputs"):
            out.warn(sheet.name, cell_name(header.row, extra[0]),
                     f"the header '{header.labels.get(extra[0])}' repeats an earlier column's meaning; the first was read")

    letters = {k: get_column_letter(c) for k, c in cols.items()}
    width = max(cols.values())
    current: dict[str, object] = {}

    def get(r: int, key: str) -> object:  # the value of a field in the row being read (r names it for the reader)
        return current.get(key)

    def where(r: int, key: str) -> str:
        return f"{letters[key]}{r}" if key in letters else str(r)

    running = 0.0
    seen: dict[tuple, int] = {}
    for r in range(header.row + 1, len(sheet.rows) + 1):
        row = sheet.rows[r - 1]
        filled = [v for v in row if v is not None and not V.is_blank(v)]
        if not filled:
            continue
        padded = row if len(row) >= width else row + (None,) * (width - len(row))
        current = {k: padded[c - 1] for k, c in cols.items()}
        if _is_total_row(row, header, ("scheme_type", "source_of_funding")):
            out.warn(sheet.name, cell_name(r, 1), f"row {r} looks like a totals row and was not added")
            try:
                stated = V.money(get(r, "amount"))
            except V.ValueProblem:
                stated = None
            if stated is not None and abs(stated - running) > 1.0:
                out.warn(sheet.name, where(r, "amount"),
                         f"the totals row says £{stated:,.2f} but the lines above it add up to £{running:,.2f}")
            running = 0.0
            continue
        if len(filled) == 1 and isinstance(filled[0], str):
            text_value = V.text(filled[0])
            out.warn(sheet.name, cell_name(r, 1), f"row {r} holds only a note ('{text_value[:60]}') and was skipped")
            continue
        errors_before = len(out.errors)

        def required_text(key: str, what: str, r: int = r) -> str:
            v = V.text(get(r, key))
            if not v or V.is_blank(get(r, key)):
                out.error(sheet.name, where(r, key), f"{what} is blank; every expenditure line needs one")
            return v

        scheme_id = required_text("scheme_id", "the Scheme ID")
        scheme_name = required_text("scheme_name", "the Scheme Name")
        if len(scheme_name) > 500:
            out.warn(sheet.name, where(r, "scheme_name"), "the scheme name is over 500 characters and was shortened")
            scheme_name = scheme_name[:500]

        st_text = required_text("scheme_type", "the Scheme Type")
        st_match = ref.match_scheme_type(st_text) if st_text else None
        scheme_type = st_text
        if st_text and st_match is None:
            out.warn(sheet.name, where(r, "scheme_type"),
                     f"scheme type '{st_text[:80]}' is not in the {year} list; the line is kept with no modelled effect")
        elif st_match is not None:
            scheme_type = st_match.name
            if st_match.kind == "renamed":
                out.warn(sheet.name, where(r, "scheme_type"), st_match.note)

        sub_text = V.text(get(r, "sub_type")) if not V.is_blank(get(r, "sub_type")) else ""
        sub_type = sub_text
        if sub_text and st_match is not None:
            sm = ref.match_sub_type(scheme_type, sub_text)
            if sm is None:
                out.warn(sheet.name, where(r, "sub_type"),
                         f"sub type '{sub_text[:80]}' is not listed under '{scheme_type[:60]}' for {year}; kept as written")
            else:
                sub_type = sm.name

        area_of_spend = _term(ref.match_area_of_spend, get(r, "area_of_spend"), "area of spend", sheet, where(r, "area_of_spend"), out)
        commissioner = None
        cm_raw = get(r, "commissioner")
        if not V.is_blank(cm_raw):
            m = ref.match_commissioner(cm_raw)
            if m is None:
                out.warn(sheet.name, where(r, "commissioner"), f"commissioner '{V.text(cm_raw)}' is not LA, NHS or Joint; left blank")
            else:
                commissioner = m.name
        pct_nhs = _pct(get(r, "pct_nhs"), sheet, where(r, "pct_nhs"), out)
        pct_la = _pct(get(r, "pct_la"), sheet, where(r, "pct_la"), out)
        provider = _term(ref.match_provider, get(r, "provider"), "provider", sheet, where(r, "provider"), out)

        src_text = required_text("source_of_funding", "the Source of Funding")
        source = ""
        if src_text:
            m = ref.match_stream(src_text)
            if m is None:
                source = f"unknown:{src_text}"
                out.warn(sheet.name, where(r, "source_of_funding"),
                         f"source of funding '{src_text[:80]}' is not a {year} funding stream "
                         f"({', '.join(s.name for s in ref.funding_streams)}); the line is kept but matched to no income")
            else:
                source = m.name
                if m.kind in ("renamed", "folded"):
                    out.warn(sheet.name, where(r, "source_of_funding"), m.note)

        amount = None
        try:
            amount = V.money(get(r, "amount"))
        except V.ValueProblem as e:
            out.error(sheet.name, where(r, "amount"), str(e))
        else:
            if amount is None:
                c = cols["amount"]
                if sheet.formula_missing(r, c):
                    out.error(sheet.name, where(r, "amount"), "the expenditure cell holds a formula with no saved value; "
                                                              "open the workbook in Excel, let it calculate, save and retry")
                elif sheet.excel_error(r, c):
                    out.error(sheet.name, where(r, "amount"), f"the expenditure cell holds the Excel error "
                                                              f"{sheet.excel_error(r, c)}; correct it and save again")
                else:
                    out.error(sheet.name, where(r, "amount"), "the expenditure is blank; expected an amount in pounds "
                                                              "(enter 0 for a line with no spend)")

        outputs = None
        try:
            outputs = V.number(get(r, "planned_outputs"), "a number of planned outputs")
        except V.ValueProblem as e:
            out.warn(sheet.name, where(r, "planned_outputs"), f"{e}; planned outputs left blank")
        if outputs is not None and outputs < 0:
            out.warn(sheet.name, where(r, "planned_outputs"), "planned outputs are negative; left blank")
            outputs = None
        unit = V.text(get(r, "output_unit"))
        if not unit and st_match is not None:
            st_ref = ref.scheme_type(scheme_type)
            unit = st_ref.output_unit if st_ref else ""

        new_existing = None
        ne = norm(get(r, "new_existing"))
        if ne:
            if ne.startswith("new"):
                new_existing = "New"
            elif ne.startswith("exist"):
                new_existing = "Existing"
            else:
                out.warn(sheet.name, where(r, "new_existing"), f"'{V.text(get(r, 'new_existing'))}' is not New or Existing; left blank")

        locality = V.text(get(r, "locality")) if not V.is_blank(get(r, "locality")) else ""
        if norm(locality) in ("area wide", "all", "all localities", "whole area"):
            locality = ""
        if locality and locality_names and norm(locality) not in locality_names:
            out.warn(sheet.name, where(r, "locality"), f"locality '{locality}' is not on the Localities sheet")

        area_code = None
        if "area_code" in cols:
            raw = V.text(get(r, "area_code")).upper()
            try:
                area_code = HWBArea(code=raw, name=raw).code
                if "area_name" in cols and V.text(get(r, "area_name")):
                    area_names.setdefault(area_code, V.text(get(r, "area_name")))
            except ValidationError:
                out.error(sheet.name, where(r, "area_code"),
                          f"'{raw}' is not a Health and Wellbeing Board area code: expected E06, E08, E09 or E10 "
                          "followed by six digits")

        if len(out.errors) > errors_before or amount is None:
            continue
        key = (area_code, scheme_id, scheme_type, sub_type, source, locality)
        if key in seen:
            out.warn(sheet.name, where(r, "scheme_id"),
                     f"scheme {scheme_id} repeats row {seen[key]} (same scheme type, sub type, source and locality); "
                     "both lines were added — check it is not entered twice")
        seen.setdefault(key, r)
        try:
            line = ExpenditureLine(
                scheme_id=scheme_id, scheme_name=scheme_name,
                description=V.text(get(r, "description"))[:2000] if not V.is_blank(get(r, "description")) else "",
                scheme_type=scheme_type, sub_type=sub_type, area_of_spend=area_of_spend,
                commissioner=commissioner, pct_nhs=pct_nhs, pct_la=pct_la, provider=provider,
                source_of_funding=source, amount=amount, planned_outputs=outputs, output_unit=unit,
                new_existing=new_existing, locality=locality, row=r, sheet=sheet.name,
                cells={k: f"{letter}{r}" for k, letter in letters.items()},
            )
        except ValidationError as e:
            out.error(sheet.name, cell_name(r, 1), f"row {r} could not be read: {e.errors()[0]['msg']}")
            continue
        running += amount
        lines_by_area[area_code].append(line)


def _term(matcher, raw, what: str, sheet: Sheet, cell: str, out: Collector) -> str:
    if V.is_blank(raw):
        return ""
    m = matcher(raw)
    if m is None:
        out.warn(sheet.name, cell, f"{what} '{V.text(raw)[:60]}' is not in the reference list; kept as written")
        return V.text(raw)
    return m.name


def _pct(raw, sheet: Sheet, cell: str, out: Collector) -> float | None:
    try:
        x = V.percent(raw)
    except V.ValueProblem as e:
        out.error(sheet.name, cell, str(e))
        return None
    if x is not None and not 0 <= x <= 100:
        out.error(sheet.name, cell, f"found {x:g}%, expected a percentage between 0% and 100%")
        return None
    return x


def _read_income(sheet: Sheet, header: Header, ref: Reference, income_by_area: dict, area_names: dict,
                 out: Collector) -> None:
    cols = header.columns
    ccode = None
    for c, label in header.labels.items():
        if c not in cols.values() and any(f.matches(label) for f in ALLOCATION_ID_FIELDS if f.key == "area_code"):
            ccode = c
    running = 0.0
    for r in range(header.row + 1, len(sheet.rows) + 1):
        row = sheet.rows[r - 1]
        if all(V.is_blank(v) for v in row):
            continue
        label = sheet.value(r, cols["stream"])
        if ref.match_stream(label) is None and (is_total_label(label) or _is_total_row(row, header)):
            try:
                stated = V.money(sheet.value(r, cols["amount"]))
            except V.ValueProblem:
                stated = None
            out.warn(sheet.name, cell_name(r, cols["stream"]), f"row {r} looks like a totals row and was not added")
            if stated is not None and abs(stated - running) > 1.0:
                out.warn(sheet.name, cell_name(r, cols["amount"]),
                         f"the totals row says £{stated:,.2f} but the income above it adds up to £{running:,.2f}")
            continue
        if V.is_blank(label):
            if not V.is_blank(sheet.value(r, cols["amount"])):
                out.error(sheet.name, cell_name(r, cols["stream"]), "an amount has no funding stream beside it")
            continue
        try:
            amount = V.money(sheet.value(r, cols["amount"]))
        except V.ValueProblem as e:
            out.error(sheet.name, cell_name(r, cols["amount"]), str(e))
            continue
        if amount is None:
            if sheet.formula_missing(r, cols["amount"]):
                out.error(sheet.name, cell_name(r, cols["amount"]), "holds a formula with no saved value; open the "
                                                                     "workbook in Excel, let it calculate, save and retry")
            continue
        m = ref.match_stream(label)
        if m is None:
            stream = f"unknown:{V.text(label)}"
            out.warn(sheet.name, cell_name(r, cols["stream"]),
                     f"funding stream '{V.text(label)[:80]}' is not a {ref.year} stream; kept as written")
        else:
            stream = m.name
            if m.kind in ("renamed", "folded"):
                out.warn(sheet.name, cell_name(r, cols["stream"]), m.note)
        district = V.text(sheet.value(r, cols["district"])) if "district" in cols else ""
        icb = V.text(sheet.value(r, cols["icb"])) if "icb" in cols else ""
        code = None
        if ccode:
            raw = V.text(sheet.value(r, ccode)).upper()
            try:
                code = HWBArea(code=raw, name=raw).code
            except ValidationError:
                out.error(sheet.name, cell_name(r, ccode), f"'{raw}' is not a Health and Wellbeing Board area code")
                continue
        running += amount
        income_by_area[code].append(IncomeLine(stream=stream, amount=amount, label=V.text(label),
                                               district=district or None, icb=icb or None,
                                               cell=CellRef(sheet=sheet.name, cell=cell_name(r, cols["amount"]))))


def _read_income_pairs(sheet: Sheet, ref: Reference, income_by_area: dict, out: Collector) -> None:
    """An income sheet without a header: a stream name and an amount to its right."""
    for r in range(1, len(sheet.rows) + 1):
        row = sheet.rows[r - 1]
        for c, v in enumerate(row, start=1):
            if not isinstance(v, str):
                continue
            m = ref.match_stream(v)
            if m is None:
                continue
            for c2 in range(c + 1, len(row) + 1):
                if V.is_blank(row[c2 - 1]):
                    continue
                try:
                    amount = V.money(row[c2 - 1])
                except V.ValueProblem as e:
                    out.error(sheet.name, cell_name(r, c2), str(e))
                    break
                if amount is not None:
                    income_by_area[None].append(IncomeLine(stream=m.name, amount=amount, label=V.text(v),
                                                           cell=CellRef(sheet=sheet.name, cell=cell_name(r, c2))))
                break
            break


def _read_localities(sheet: Sheet, header: Header, out: Collector) -> list[Locality]:
    cols = header.columns
    result: list[Locality] = []
    for r in range(header.row + 1, len(sheet.rows) + 1):
        row = sheet.rows[r - 1]
        if all(V.is_blank(v) for v in row):
            continue
        if norm(sheet.value(r, cols["name"])) in EXACT_TOTALS:
            out.warn(sheet.name, cell_name(r, 1), f"row {r} looks like a totals row and was not added")
            continue
        name = V.text(sheet.value(r, cols["name"]))
        if not name:
            out.error(sheet.name, cell_name(r, cols["name"]), "a locality row has no name")
            continue
        vals: dict[str, object] = {"name": name}
        ok = True
        for key in ("population", "population_65_plus", "emergency_admissions_65_plus", "need_weight"):
            if key not in cols:
                continue
            try:
                x = V.number(sheet.value(r, cols[key]))
            except V.ValueProblem as e:
                out.error(sheet.name, cell_name(r, cols[key]), str(e))
                ok = False
                continue
            if x is None:
                if key in ("population", "population_65_plus"):
                    out.error(sheet.name, cell_name(r, cols[key]), f"{key.replace('_', ' ')} is blank for {name}")
                    ok = False
                continue
            if x < 0:
                out.error(sheet.name, cell_name(r, cols[key]), f"found {x:,}, expected 0 or more")
                ok = False
                continue
            vals[key] = int(round(x)) if key.startswith("population") else x
        if "district_code" in cols and V.text(sheet.value(r, cols["district_code"])):
            vals["district_code"] = V.text(sheet.value(r, cols["district_code"]))
        if vals.get("need_weight") == 0:
            out.error(sheet.name, cell_name(r, cols["need_weight"]), "need weighting must be above 0")
            ok = False
        if not ok:
            continue
        try:
            result.append(Locality(**vals))
        except ValidationError as e:
            out.error(sheet.name, cell_name(r, cols["name"]), e.errors()[0]["msg"].removeprefix("Value error, "))
    return result
