"""Read the SUS sheet (``budget/sus_sheet.py``): each month's emergency admissions of people aged 65+ and population.

As the actuals workbook's reader does: the area's code and the year are read from the labels above the table
(label in one cell, value in the next filled one) and must be the plan's when given; the table's columns are found
by meaning; every problem is collected with its sheet and cell. Refused: another area's code, another year, a
month that is not one, outside the year or given twice, a figure that is not a number or is negative, and a
population of zero.
"""

from __future__ import annotations

from budget.actuals import MONTH_COLUMN, month_label
from budget.columns import COVER_FIELDS, Field
from budget.models import normalise_year
from budget.readers import values as V
from budget.readers.grid import Header, Sheet, cell_name
from budget.readers.national import Area, Figure, Found
from budget.readers.periods import period_months
from budget.readers.problems import Collector
from budget.readers.tabular import Grids
from budget.sus_sheet import SUS_COLUMNS

SUS_FIELDS = (MONTH_COLUMN, *(Field(c.key, c.labels, required=c.key == "emergency_admissions_65_plus")
                              for c in SUS_COLUMNS))
_WHAT = {"emergency_admissions_65_plus": "emergency admissions of people aged 65+",
         "population_65_plus": "the population aged 65+"}


def sus_sheet(grids: Grids) -> tuple[str, Header] | None:
    """The grid holding a SUS sheet's months and its header row; None when the file has none."""
    return grids.first_header(SUS_FIELDS)


def _labels(sheet: Sheet, above: int) -> dict[str, tuple[object, str]]:
    """The cover's area code, name and year above the table: field key -> (value, cell)."""
    found: dict[str, tuple[object, str]] = {}
    for r, row in enumerate(sheet.rows[:above - 1], start=1):
        for c, label in enumerate(row, start=1):
            field = next((f for f in COVER_FIELDS if f.key in ("area_code", "area_name", "year")
                          and f.key not in found and isinstance(label, str) and f.matches(label)), None)
            if field is None:
                continue
            c2 = next((k for k in range(c + 1, len(row) + 1) if not V.is_blank(row[k - 1])), None)
            if c2 is not None:
                found[field.key] = (row[c2 - 1], cell_name(r, c2))
            break
    return found


def sus_year(grids: Grids, sheet_name: str, header: Header) -> str | None:
    """The financial year the SUS sheet names above its table, if it names one."""
    written = _labels(grids.full(sheet_name), header.row).get("year")
    try:
        return normalise_year(V.text(written[0])) if written else None
    except ValueError:
        return None


def read_sus(grids: Grids, sheet_name: str, header: Header, area: Area, year: str, year_months: tuple[str, ...],
             out: Collector) -> Found:
    """The area's emergency admissions of people aged 65+ and population aged 65+, month by month."""
    sheet, cols, found = grids.full(sheet_name), header.columns, Found()
    s = sheet.name or None
    cover = _labels(sheet, header.row)
    if "area_code" in cover and V.text(cover["area_code"][0]).upper() != area.code:
        out.error(s, cover["area_code"][1], f"the area code {V.text(cover['area_code'][0])} is another area's: the "
                                            f"figures are for {area.words}; use that area's SUS figures")
    if "year" in cover:
        try:
            written = normalise_year(V.text(cover["year"][0]))
        except ValueError:
            written = None
            out.error(s, cover["year"][1], f"'{V.text(cover['year'][0])}' is not a financial year; give it as "
                                           "2025-26")
        if written and written != year:
            out.error(s, cover["year"][1], f"the SUS figures are for {written} but the plan is for {year}; use the "
                                           f"SUS sheet for {year}")
            return found
    found.area_name = V.text(cover["area_name"][0]) if "area_name" in cover else ""
    seen: dict[str, int] = {}
    for r, _row in out.table_rows(sheet, header.row):
        written = sheet.value(r, cols["month"])
        months = [] if V.is_blank(written) else period_months(written)
        figures = {key: x for key in _WHAT if (x := _figure(sheet, r, cols.get(key), key, out)) is not None}
        if len(set(months)) != 1:
            if figures or not V.is_blank(written):
                out.error(s, cell_name(r, cols["month"]), f"'{V.text(written)}' is not a month; give it as Apr 2025")
            continue
        m = months[0]
        if m not in year_months:
            out.error(s, cell_name(r, cols["month"]), f"{month_label(m)} is outside {year} (April {year[:4]} to "
                                                      f"March 20{year[5:]}); give only that year's months")
            continue
        if m in seen:
            out.error(s, cell_name(r, cols["month"]), f"{month_label(m)} is given twice (rows {seen[m]} and {r}); "
                                                      "give each month once")
            continue
        seen[m] = r
        found.figures.extend(Figure(m, key, x, s, cell_name(r, cols[key])) for key, x in figures.items())
    return found


def _figure(sheet: Sheet, r: int, c: int | None, key: str, out: Collector) -> float | None:
    if c is None:
        return None
    written = sheet.value(r, c)
    try:
        x = V.number(written, "a number")
    except V.ValueProblem as e:
        out.error(sheet.name or None, cell_name(r, c), f"{_WHAT[key]}: {e}")
        return None
    if x is not None and x < 0:
        out.error(sheet.name or None, cell_name(r, c), f"{_WHAT[key]}: found {V.text(written)}, expected 0 or more")
        return None
    if key == "population_65_plus" and x == 0:
        out.error(sheet.name or None, cell_name(r, c), "the population aged 65+ is zero; give the population, or "
                                                       "leave the cell blank")
        return None
    return x
