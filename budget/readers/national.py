"""The national files of a year's metrics, read as published: NHS England's Discharge Ready Date data and ASCOF.

Both hold every area: only the rows of the plan's area (its ONS code, as the plan's cover gives it) are read, so a
problem in another area's row never refuses the file. Headers are found by meaning (``budget.columns.Field``)
under any title rows, notes under a table end it, and suppressed cells (``[c]``, ``*``, ``-``, ``..``) are no
figure: they are said in a note, never read as 0. Each figure found is a ``Figure`` with its month, its
``MetricMonth`` field and its cell, for ``budget/readers/actuals_files.py`` to combine with the other files.

Discharge Ready Date (DRD). NHS England's monthly webfile ("Timeliness of Acute Hospital Discharges",
statistical work area "Discharge Ready Date") gives its local-authority figures on a sheet of its own, "UTLA
Acceptable" (upper-tier local authorities, discharges from trusts submitting acceptable data): a header row under
title rows with "Summary Type", "UTLA Code", "UTLA", "Total Discharges for UTLA from acceptable trusts", "Date of
Discharge is 1+ days after Discharge Ready Date" (a share), "Average days from Discharge Ready Date to date of
discharge (inc 0 day delays)" and "(exc 0 day delays)", among others; one "UTLA Aggregate" row per area beside
rows by provider; the month in a "Period:" label above the table (or on the "Cover Sheet"); "-" where a figure is
suppressed. Confirmed from loaders of the published files; assumed: that the sheet keeps these words (any column
order, any row), that the BCF metric (days per discharge, all discharges) is the average including 0-day delays,
and that where only the average excluding them is given it is that average times the share delayed 1+ days (the
same total of days over all discharges). A sheet with a Month column is read row by row as a time series. Several
sheets with the header: the one whose name says "acceptable", else the first.

ASCOF client level data. The measures file has the columns ``Reporting_Period, LA_Code, LA_Name, Measure,
Description, Group, Numerator, Denominator, Outcome``; the care-home measure is 2C (formerly 2A(2)): long-term
support needs of people aged 65+ met by admission to residential and nursing care homes, per 100,000 aged 65+.
Each period is 12 months, revised each quarter, and counts under 6 are suppressed. A period is read as the 12
months ending with the last month it names ('October 2024 to September 2025', 'Q2 2025-26', a date, or a
financial year for April to March), and kept as the rolling year ending in that month
(``MetricMonth.care_home_admissions_65_plus_12_months`` and its rate), never split into months. Assumed: the
measure is named '2C' or '2A(2)' (or described as admissions of people aged 65 and over to residential and nursing
care), the whole-area row is the one whose Group is blank or a total ('Total', 'All', '65 and over'), and periods
ending outside the plan's year are earlier quarters of the file, not read. The Isles of Scilly's own row is not
added to Cornwall's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from budget.actuals import month_label
from budget.columns import Field
from budget.readers import values as V
from budget.readers.grid import Header, Sheet, cell_name, find_header
from budget.readers.periods import months_between, names_quarter, period_months
from budget.readers.problems import Collector
from budget.readers.tabular import Grids
from budget.reference_records import norm

SUPPRESSED = frozenset({"*", "c", "[c]", "x", "[x]", "z", "[z]", "-", "–", "—", "..", ":", "[u]", "[low]"})
_CODE_LABELS = ("UTLA Code", "LA Code", "LA_Code", "Local Authority Code", "ONS Code", "Org Code",
                "Organisation Code", "Code")
DRD_FIELDS: tuple[Field, ...] = (
    Field("code", _CODE_LABELS, required=True),
    Field("name", ("UTLA", "UTLA Name", "LA Name", "Local Authority", "Local Authority Name", "Org Name",
                   "Organisation Name")),
    Field("summary", ("Summary Type", "Summary", "Level")),
    Field("month", ("Month", "Reporting Period", "Period")),
    Field("delay", ("Average days from Discharge Ready Date to date of discharge (inc 0 day delays)",
                    "Average days from Discharge Ready Date to discharge", "Average discharge delay"),
          patterns=(r"average (number of )?days (from|between) (the )?discharge ready date (and|to) (the )?(date of )?"
                    r"discharge( inc(luding)?( 0| zero)( day)? delays)?",)),
    Field("delay_exc", ("Average days from Discharge Ready Date to date of discharge (exc 0 day delays)",),
          patterns=(r"average .*discharge ready date .*exc(luding)?( 0| zero)( day)? delays",)),
    Field("delayed_share", ("Date of Discharge is 1+ days after Discharge Ready Date",),
          patterns=(r"(% |percentage |proportion )?(of )?(date of )?discharges? (is )?1 (or more )?days? after "
                    r"(the )?discharge ready date",)),
    Field("discharges_acceptable", ("Total Discharges for UTLA from acceptable trusts",),
          patterns=(r"total discharges .*acceptable trusts",)),
    Field("discharges", ("Total Discharges of UTLA patients from provider", "Number of discharges",
                         "Total discharges", "Discharges")),
)
ASCOF_FIELDS: tuple[Field, ...] = (
    Field("period", ("Reporting_Period", "Reporting Period", "Period"), required=True),
    Field("code", _CODE_LABELS, required=True),
    Field("name", ("LA_Name", "LA Name", "Local Authority", "Local Authority Name")),
    Field("measure", ("Measure", "Measure ID", "ASCOF Measure"), required=True),
    Field("description", ("Description", "Measure Description")),
    Field("group", ("Group", "Breakdown", "Disaggregation")),
    Field("numerator", ("Numerator",), required=True),
    Field("denominator", ("Denominator",), required=True),
    Field("outcome", ("Outcome", "Value", "Rate")),
)
CARE_HOME_MEASURES = frozenset({"2c", "2a 2", "2a2", "ascof 2c", "ascof 2a 2"})
MEASURE_CODE = re.compile(r"^(ascof )?\d[a-z]( ?\d)?$")  # '1A', '2C', '2A 2' (2A(2)): a measure named by its code
# the whole area's row, best first: a total, else the whole of the measure's age group (a breakdown is never read)
GROUP_RANK = {**dict.fromkeys(("", "total", "all", "all people", "persons", "total all"), 0),
              **dict.fromkeys(("65", "65 and over", "aged 65 and over", "65 and older", "65 plus",
                               "total 65 and over", "aged 65"), 1)}
DRD_NAME = "Discharge Ready Date"
ASCOF_NAME = "ASCOF client-level"


@dataclass(frozen=True)
class Area:
    """The area whose rows are read: its code and how a sentence names it."""

    code: str
    words: str  # 'Calderdale (E08000033)'


@dataclass(frozen=True)
class Figure:
    """One figure found: the month it is for, the ``MetricMonth`` field it fills, where it was read."""

    month: str
    key: str
    value: float
    sheet: str | None
    cell: str | None


@dataclass
class Found:
    """What one national file gave for the area: its figures, the area's name as the file gives it, and notes."""

    figures: list[Figure] = field(default_factory=list)
    area_name: str = ""
    notes: list[str] = field(default_factory=list)


def drd_sheet(grids: Grids) -> tuple[str, Header] | None:
    """The local-authority sheet of a Discharge Ready Date file and its header row; None when the file is not one."""
    found = []
    for sheet in grids.heads:
        header = find_header(sheet, DRD_FIELDS)
        if header is not None and ({"delay", "delay_exc"} & set(header.columns)):
            found.append((sheet.name, header))
    found.sort(key=lambda x: "acceptable" not in norm(x[0]))
    return found[0] if found else None


def ascof_sheet(grids: Grids) -> tuple[str, Header] | None:
    """The grid of an ASCOF client-level measures file and its header row; None when the file is not one."""
    return grids.first_header(ASCOF_FIELDS)


def _where(sheet: Sheet) -> str | None:
    return sheet.name or None


def _number(sheet: Sheet, r: int, c: int | None, what: str, out: Collector) -> tuple[float | None, bool]:
    """(the figure, whether it is suppressed) of one cell; an error at the cell for text or a negative number."""
    if c is None:
        return None, False
    written = sheet.value(r, c)
    if isinstance(written, str) and written.strip().lower() in SUPPRESSED:
        return None, True
    try:
        x = V.number(written, f"the {what}")
    except V.ValueProblem as e:
        out.error(_where(sheet), cell_name(r, c), f"{what}: {e}")
        return None, False
    if x is not None and x < 0:
        out.error(_where(sheet), cell_name(r, c), f"{what}: found {V.text(written)}, expected 0 or more")
        return None, False
    return x, False


def _labelled_month(grids: Grids, first: Sheet) -> list[str]:
    """The months a 'Period:' label names, on the sheet itself first and then on the file's other sheets."""
    for sheet in (first, *(s for s in grids.heads if s.name != first.name)):
        for row in sheet.rows[:30]:
            for c, v in enumerate(row):
                if isinstance(v, str) and norm(v) in ("period", "reporting period", "month"):
                    value = next((x for x in row[c + 1:] if not V.is_blank(x)), None)
                    got = period_months(value)
                    if got:
                        return got
    return []


def read_drd(grids: Grids, sheet_name: str, header: Header, area: Area, year_months: tuple[str, ...],
             out: Collector) -> Found:
    """The area's average discharge delay and discharges, month by month, from a Discharge Ready Date file."""
    sheet, cols, found = grids.full(sheet_name), header.columns, Found()
    labelled = _labelled_month(grids, sheet) if "month" not in cols else []
    if "month" not in cols and len(set(labelled)) != 1:
        out.error(_where(sheet), None, "the file gives no month: there is no 'Period:' naming one month above the "
                                       "table and no Month column; give the monthly file as published")
        return found
    seen: dict[str, int] = {}
    outside: list[str] = []
    for r, _row in out.table_rows(sheet, header.row):
        if "summary" in cols and not {"aggregate", "total"} & set(norm(sheet.value(r, cols["summary"])).split()):
            continue  # a row by provider: the area's own row is its aggregate
        if V.text(sheet.value(r, cols["code"])).upper() != area.code:
            continue
        found.area_name = found.area_name or (V.text(sheet.value(r, cols["name"])) if "name" in cols else "")
        if "month" in cols:
            months = period_months(sheet.value(r, cols["month"]))
            if len(set(months)) != 1:
                out.error(_where(sheet), cell_name(r, cols["month"]), f"'{V.text(sheet.value(r, cols['month']))}' "
                                                                      "is not one month; give it as Apr 2025")
                continue
            month = months[0]
        else:
            month = labelled[0]
        if month not in year_months:
            outside.append(month)
            continue
        if month in seen:
            out.error(_where(sheet), cell_name(r, cols["code"]), f"{area.words} is given twice for "
                                                                 f"{month_label(month)} (rows {seen[month]} and {r}); "
                                                                 "give the file as published")
            continue
        seen[month] = r
        _drd_row(sheet, r, cols, month, area, found, out)
    if not seen and not outside and not out.errors:
        out.error(_where(sheet), None, f"the file has no row for {area.words}: the national file holds no figures "
                                       "for the plan's area; check the plan's area code, or give that area's file")
    elif not seen and not out.errors:
        out.error(_where(sheet), None, f"the file is for {month_label(outside[0])}, outside the plan's year "
                                       f"({month_label(year_months[0])} to {month_label(year_months[-1])}); give "
                                       "that year's files")
    return found


def _drd_row(sheet: Sheet, r: int, cols: dict[str, int], month: str, area: Area, found: Found,
             out: Collector) -> None:
    delay, hidden = _number(sheet, r, cols.get("delay"), "the average discharge delay", out)
    c = cols.get("delay")
    if "delay" not in cols:
        exc, hidden_exc = _number(sheet, r, cols.get("delay_exc"), "the average delay excluding 0-day delays", out)
        share, hidden_share = _number(sheet, r, cols.get("delayed_share"), "the share delayed 1+ days", out)
        hidden, c = hidden_exc or hidden_share, cols["delay_exc"]
        if exc is not None and share is not None:
            delay = exc * (share / 100 if share > 1 else share)
    key = "discharges_acceptable" if "discharges_acceptable" in cols else "discharges"
    discharges, hidden_discharges = _number(sheet, r, cols.get(key), "the number of discharges", out)
    if delay is not None:
        found.figures.append(Figure(month, "discharge_delay", delay, _where(sheet), cell_name(r, c)))
    elif hidden:
        found.notes.append(f"The average discharge delay for {area.words} in {month_label(month)} is suppressed in "
                           f"the Discharge Ready Date file ({cell_name(r, c)}).")
    if discharges is not None:
        found.figures.append(Figure(month, "discharges", discharges, _where(sheet), cell_name(r, cols[key])))


def _care_home_rank(sheet: Sheet, r: int, cols: dict[str, int]) -> int | None:
    """The row's rank as the area's care-home admissions 65+ (``GROUP_RANK``); None for any other measure or group.

    A measure named by its code is told by the code alone; only where the cell is no code is its description read.
    """
    measure = norm(sheet.value(r, cols["measure"]))
    if measure not in CARE_HOME_MEASURES:
        words = norm(sheet.value(r, cols["description"])) if "description" in cols else ""
        if MEASURE_CODE.match(measure) or not (
                "65" in words and ("residential" in words or "care home" in words) and "admission" in words):
            return None
    return GROUP_RANK.get(norm(sheet.value(r, cols["group"])) if "group" in cols else "")


def read_ascof(grids: Grids, sheet_name: str, header: Header, area: Area, year_months: tuple[str, ...],
               out: Collector) -> Found:
    """The area's care-home admissions of people aged 65+ over each rolling 12 months ending in the plan's year."""
    sheet, cols, found = grids.full(sheet_name), header.columns, Found()
    best: dict[str, list[tuple[int, int]]] = {}  # period's last month -> [(rank, row)], the best rank only
    for r, _row in out.table_rows(sheet, header.row):
        if V.text(sheet.value(r, cols["code"])).upper() != area.code:
            continue
        rank = _care_home_rank(sheet, r, cols)
        if rank is None:
            continue
        found.area_name = found.area_name or (V.text(sheet.value(r, cols["name"])) if "name" in cols else "")
        written = sheet.value(r, cols["period"])
        months = period_months(written)
        if not months or (len(set(months)) > 1 and not names_quarter(written)
                          and months_between(min(months), max(months)) != 12):
            out.error(_where(sheet), cell_name(r, cols["period"]), f"the reporting period '{V.text(written)}' is not "
                                                                   "12 months; give the file as published")
            continue
        end = max(months)
        kept = best.setdefault(end, [])
        if not kept or rank < kept[0][0]:
            best[end] = [(rank, r)]
        elif rank == kept[0][0]:
            kept.append((rank, r))
    ends = sorted(best)
    for end in (e for e in ends if e in year_months):
        rows = [r for _, r in best[end]]
        if len(rows) > 1:
            out.error(_where(sheet), cell_name(rows[1], cols["period"]), f"the 12 months to {month_label(end)} are "
                                                                         f"given twice for {area.words} (rows "
                                                                         f"{rows[0]} and {rows[1]}); give the file "
                                                                         "as published")
            continue
        _ascof_row(sheet, rows[0], cols, end, area, found, out)
    seen = [e for e in ends if e in year_months]
    if not ends and not out.errors:
        out.error(_where(sheet), None, f"the file has no care-home admissions (ASCOF 2C) for {area.words}: the "
                                       "national file holds no figures for the plan's area; check the plan's area "
                                       "code, or give the file with that measure")
    elif not seen and not out.errors:
        out.error(_where(sheet), None, f"the file's periods for {area.words} end {month_label(min(ends))} to "
                                       f"{month_label(max(ends))}, none in the plan's year "
                                       f"({month_label(year_months[0])} to {month_label(year_months[-1])}); give "
                                       "that year's file")
    return found


def _ascof_row(sheet: Sheet, r: int, cols: dict[str, int], end: str, area: Area, found: Found, out: Collector) -> None:
    count, hidden = _number(sheet, r, cols["numerator"], "the number of care-home admissions", out)
    rate, _ = _number(sheet, r, cols.get("outcome"), "the rate per 100,000", out)
    population, _ = _number(sheet, r, cols["denominator"], "the population aged 65+", out)
    if rate is None and count is not None and population:
        rate = count / population * 100_000
    if count is None and hidden:
        found.notes.append(f"Care-home admissions of people aged 65+ in {area.words} in the 12 months to "
                           f"{month_label(end)} are suppressed in the ASCOF file (fewer than 6).")
    if count is not None:
        found.figures.append(Figure(end, "care_home_admissions_65_plus_12_months", count, _where(sheet),
                                    cell_name(r, cols["numerator"])))
    if rate is not None and count is not None:
        found.figures.append(Figure(end, "care_home_admissions_65_plus_12_months_per_100k", rate, _where(sheet),
                                    cell_name(r, cols.get("outcome", cols["numerator"]))))
