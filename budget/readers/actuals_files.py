"""Every actuals file a user gives, in any order, read into one ``Actuals``: the one entry point for them.

A file's kind comes from its content, never its name: the actuals workbook (sheets Cover, Spend and Metrics,
``budget/readers/actuals.py``), NHS England's Discharge Ready Date file and the ASCOF client-level measures file
(``budget/readers/national.py``), and the SUS sheet (``budget/readers/sus.py``). The actuals workbook gives the area,
the year, the lines and its own metric months; the national files hold every area, and only the plan's area is read
from them (by its ONS code), so the metrics of one month may come from several files. The area and the year are the
submitted plan's, else the ones given, else the actuals workbook's (the SUS sheet's year after that).

As every reader: each file's limits are checked before any parser, every problem of every file is collected in one
pass with its file, sheet and cell, and any error refuses them all (a ``LoadError``): nothing is half-loaded.
Refused beside each file's own problems: a file of no known shape, a second actuals workbook, a national file
without the plan's area or with no month of its year, a file for another year or area, and two files giving the
same figure for the same month differently. Suppressed figures are said in ``Actuals.notes``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from budget.actuals import Actuals, MetricMonth, month_label, months
from budget.models import LoadError, Plan, Problem, normalise_year
from budget.readers.container import refusal
from budget.readers.grid import Header
from budget.readers.national import (
    ASCOF_NAME,
    DRD_NAME,
    Area,
    Figure,
    Found,
    ascof_sheet,
    drd_sheet,
    read_ascof,
    read_drd,
)
from budget.readers.problems import Collector
from budget.readers.safety import MAX_FILE_BYTES
from budget.readers.sus import read_sus, sus_sheet, sus_year
from budget.readers.tabular import Grids, open_grids
from budget.reference_records import norm

NOT_KNOWN = ("is not an actuals workbook, a Discharge Ready Date file, an ASCOF client-level file or a SUS sheet; "
             "use the actuals workbook (the Monitor page's \"Download the actuals workbook for this plan\", or bcf "
             "template --actuals --plan FILE)")
FileGiven = Path | str | tuple[str, bytes]
WORDS = {"emergency_admissions_65_plus": "emergency admissions of people aged 65+",
         "population_65_plus": "the population aged 65+", "discharge_delay": "the average discharge delay",
         "care_home_admissions_65_plus": "care-home admissions of people aged 65+",
         "discharges": "the number of discharges",
         "care_home_admissions_65_plus_12_months": "care-home admissions of people aged 65+ in the 12 months",
         "care_home_admissions_65_plus_12_months_per_100k": "the 12 months' care-home admissions per 100,000"}
KINDS = {"drd": DRD_NAME + " file", "ascof": ASCOF_NAME + " file", "sus": "SUS sheet"}
WORKBOOK_FIELDS = ("emergency_admissions_65_plus", "population_65_plus", "discharge_delay",
                   "care_home_admissions_65_plus")


@dataclass
class Given:
    """One file as given: its name, bytes and grids, its kind and the grid and header that told it."""

    name: str
    data: bytes
    grids: Grids
    kind: str  # 'actuals', 'drd', 'ascof' or 'sus'
    sheet: str = ""
    header: Header | None = None


def _bytes(item: FileGiven) -> tuple[str, bytes]:
    from budget.files import FileRefused, read_bounded
    from budget.readers.workbook import printable_name

    if isinstance(item, tuple):
        return printable_name(item[0]), item[1]
    p = Path(item)
    try:
        return printable_name(p.name), read_bounded(p, MAX_FILE_BYTES, "file")
    except FileRefused as e:
        raise LoadError([refusal(printable_name(p.name), str(e))]) from None


def _kind(grids: Grids) -> tuple[str, str, Header | None] | None:
    names = {norm(s.name) for s in grids.heads}
    if not grids.is_csv and {"cover", "spend", "metrics"} <= names:
        return "actuals", "", None
    for kind, find in (("drd", drd_sheet), ("ascof", ascof_sheet), ("sus", sus_sheet)):
        got = find(grids)
        if got is not None:
            return kind, got[0], got[1]
    return None


def _open(files: Iterable[FileGiven], problems: list[Problem]) -> list[Given]:
    opened: list[Given] = []
    for item in files:
        try:
            name, data = _bytes(item)
            grids = open_grids(data, name)
        except LoadError as e:
            problems.extend(e.problems)
            continue
        try:
            kind = _kind(grids)
        except Exception:  # anything unforeseen in a file of unknown shape still ends as a sentence
            kind = None
        if kind is None:
            problems.append(refusal(name, NOT_KNOWN))
            grids.close()
            continue
        opened.append(Given(name, data, grids, *kind))
    books = [g for g in opened if g.kind == "actuals"]
    problems.extend(refusal(g.name, f"is a second actuals workbook beside {books[0].name}; give one actuals "
                                    "workbook and the national files") for g in books[1:])
    return opened


def _workbook(given: Given, plan: Plan | None, problems: list[Problem]) -> Actuals | None:
    from budget.readers.actuals import read_actuals_bytes

    checked = given.name if given.name.lower().endswith(".xlsx") else f"{given.name}.xlsx"  # kind from the bytes
    try:
        book = read_actuals_bytes(given.data, name=checked, plan=plan)
    except LoadError as e:
        problems.extend(p.model_copy(update={"file": given.name}) for p in e.problems)
        return None
    return book.model_copy(update={"source_file": given.name})


def _settled(plan: Plan | None, area_code: str | None, year: str | None, book: Actuals | None,
             opened: list[Given], problems: list[Problem]) -> tuple[Area | None, str | None, str]:
    """The area, the year and the area's name the files are read for; a sentence for each that cannot be told."""
    code = (plan.area.code if plan else area_code or (book.area_code if book else "")).strip().upper()
    name = plan.area.name if plan else book.area_name if book and book.area_code.upper() == code else ""
    if plan is None and year:
        year = normalise_year(year)
    year = plan.year if plan else year or (book.year if book else None)
    if year is None:
        year = next((y for g in opened if g.kind == "sus" and (y := sus_year(g.grids, g.sheet, g.header))), None)
    first = next((g.name for g in opened if g.kind != "actuals"), opened[0].name if opened else "actuals")
    if book is not None and plan is None and code and book.area_code.upper() != code:
        problems.append(refusal(book.source_file, f"the actuals are for {book.area_code}, not {code}; use the "
                                                  "actuals workbook for that area"))
    if book is not None and plan is None and year and normalise_year(book.year) != year:
        problems.append(refusal(book.source_file, f"the actuals are for {book.year}, not {year}; use the actuals "
                                                  f"workbook for {year}"))
    if not code:
        problems.append(refusal(first, "the area could not be told: give the submitted plan, or the actuals workbook "
                                       "whose cover names the area by its ONS code"))
    if year is None:
        problems.append(refusal(first, "the financial year could not be told: give the submitted plan, or the "
                                       "actuals workbook whose cover names the year"))
    return (Area(code, f"{name} ({code})" if name else code) if code else None), year, name


def _read(given: Given, area: Area, year: str, problems: list[Problem]) -> Found:
    out = Collector(file=given.name)
    year_months = months(year)
    try:
        if given.kind == "drd":
            found = read_drd(given.grids, given.sheet, given.header, area, year_months, out)
        elif given.kind == "ascof":
            found = read_ascof(given.grids, given.sheet, given.header, area, year_months, out)
        else:
            found = read_sus(given.grids, given.sheet, given.header, area, year, year_months, out)
    except Exception as e:  # anything unforeseen still ends as a sentence
        out.error(None, None, f"the {KINDS[given.kind]} could not be read ({type(e).__name__}); give the file as "
                              "published, or use the actuals workbook (the Monitor page's \"Download the "
                              "actuals workbook for this plan\", or bcf template --actuals --plan FILE)")
        found = Found()
    problems.extend(out.errors)
    return found


def _say(x: float) -> str:
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.4g}" if abs(x) < 1000 else f"{x:,.1f}"


def _combine(figures: list[tuple[str, Figure]], problems: list[Problem]) -> tuple[MetricMonth, ...]:
    """One MetricMonth a month; a figure two files give differently for the same month is refused at the later one.

    The actuals workbook's figures come first, then each file's in the order given.
    """
    kept: dict[tuple[str, str], tuple[float, str]] = {}
    for name, f in figures:
        k = (f.month, f.key)
        where = ", ".join([name] + ([f"sheet '{f.sheet}'"] if f.sheet else []) + ([f"cell {f.cell}"] if f.cell else []))
        if k not in kept:
            kept[k] = (f.value, where)
        elif abs(kept[k][0] - f.value) > 1e-9 * max(1.0, abs(f.value)):
            problems.append(Problem(severity="error", file=name, sheet=f.sheet, cell=f.cell, message=(
                f"gives {WORDS[f.key]} for {month_label(f.month)} as {_say(f.value)}, but {kept[k][1]} gives "
                f"{_say(kept[k][0])}; give each month's figure in one file, or the same figure in both")))
    by_month: dict[str, dict[str, float]] = {}
    for (month, key), (value, _) in kept.items():
        by_month.setdefault(month, {})[key] = value
    return tuple(MetricMonth(month=m, **by_month[m]) for m in sorted(by_month))


def read_actuals_files(files: Iterable[FileGiven], *, plan: Plan | None = None, area_code: str | None = None,
                       year: str | None = None) -> Actuals:
    """Read the actuals workbook and national files given (paths, or (name, bytes) uploads) into one Actuals.

    With `plan` (the submitted plan), the area and year are its own and the workbook is checked against it; without
    it, `area_code` and `year` where given, else the actuals workbook's. Raises LoadError with every problem found.
    """
    problems: list[Problem] = []
    opened = _open(files, problems)
    try:
        if not opened and not problems:
            raise LoadError([refusal("actuals", "no file was given; give the actuals workbook (bcf template "
                                                "--actuals) and any national files")])
        books = [g for g in opened if g.kind == "actuals"]
        book = _workbook(books[0], plan, problems) if books else None
        area, year, name = _settled(plan, area_code, year, book, opened, problems)
        if area is None or year is None:
            raise LoadError(problems)
        figures: list[tuple[str, Figure]] = []
        if book is not None:
            figures += [(book.source_file, Figure(m.month, key, getattr(m, key), "Metrics", None))
                        for m in book.metrics for key in WORKBOOK_FIELDS if getattr(m, key) is not None]
        notes: list[str] = []
        for g in opened:
            if g.kind != "actuals":
                found = _read(g, area, year, problems)
                figures += [(g.name, f) for f in found.figures]
                notes += found.notes
                name = name or found.area_name
        metrics = _combine(figures, problems)
        if problems:
            raise LoadError(problems)
        try:
            return Actuals(area_code=area.code, area_name=name, year=year, lines=book.lines if book else (),
                           metrics=metrics, illustrative=bool(book and book.illustrative),
                           source_file=", ".join(g.name for g in opened)[:1000], notes=tuple(notes))
        except ValidationError as e:
            raise LoadError([refusal(opened[0].name, f"the actuals could not be kept ({e.errors()[0]['msg']})")]) \
                from None
    finally:
        for g in opened:
            g.grids.close()


def read_actuals_uploads(files: Iterable[tuple[str, bytes]], plan: Plan | None = None) -> Actuals:
    """The actuals in files held in memory (uploads), each (name, bytes); see ``read_actuals_files``."""
    return read_actuals_files(files, plan=plan)
