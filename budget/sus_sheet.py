"""The SUS sheet: emergency admissions of people aged 65+ and the population aged 65+, month by month.

No public series gives an area's emergency admissions of people aged 65+ by month, so the ICB's analyst fills
this sheet from the Secondary Uses Service (SUS) for the Health and Wellbeing Board's residents: one sheet,
"SUS", naming the area by its ONS code and the financial year, then one row per month April to March with the
admissions in the month and the population aged 65+ (the rate's denominator). ``bcf template --sus`` writes it
blank; ``budget/readers/sus.py`` reads it, beside the actuals workbook, through
``budget/readers/actuals_files.py``. Its columns are the actuals workbook's Metrics columns of the same name.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.styles import Font

from budget.actuals import METRIC_COLUMNS, MONTH_COLUMN, MetricMonth, month_label, months
from budget.columns import COVER_FIELDS
from budget.columns import Field as Column
from budget.models import normalise_year
from budget.template import CALC, INPUT, TITLE_FONT, field_label, header_row, put, styled

SUS_TITLE = "BCF Planner SUS sheet"
SUS_SHEET = "SUS"
SUS_COLUMNS: tuple[Column, ...] = tuple(c for c in METRIC_COLUMNS
                                        if c.key in ("emergency_admissions_65_plus", "population_65_plus"))
COVER_ROW = 4  # the area's name, its code and the year, one a row from here
TABLE_ROW = 8  # the header row of the months' table


def write_sus_sheet(target: Path | str | BinaryIO, *, year: str, area_name: str | None = None,
                    area_code: str | None = None, rows: tuple[MetricMonth, ...] = ()) -> None:
    """Write the SUS sheet for a year: blank, or with the area named and months filled from `rows`."""
    year = normalise_year(year)
    wb = Workbook()
    wb.properties.title = SUS_TITLE
    wb.properties.subject = f"Better Care Fund emergency admissions 65+ {year}"
    ws = wb.active
    ws.title = SUS_SHEET
    put(ws.cell(1, 1), f"Better Care Fund {year}: emergency admissions of people aged 65+ (SUS)").font = TITLE_FONT
    put(ws.cell(2, 1), "For the ICB's analyst: from SUS, emergency admissions of the area's residents aged 65+ in each "
                       "month, and the population aged 65+. Fill in the yellow cells; leave later months "
                       "blank.").font = Font(italic=True, color="595959")
    for r, (key, value, fill) in enumerate((("area_name", area_name, INPUT), ("area_code", area_code, INPUT),
                                            ("year", year, CALC)), start=COVER_ROW):
        put(ws.cell(r, 1), field_label(COVER_FIELDS, key)).font = Font(bold=True)
        styled(put(ws.cell(r, 2), value), fill)
    header_row(ws, TABLE_ROW, [MONTH_COLUMN.label] + [c.label for c in SUS_COLUMNS], [30, 34, 22])
    given = {m.month: m for m in rows}
    for r, month in enumerate(months(year), start=TABLE_ROW + 1):
        styled(put(ws.cell(r, 1), month_label(month)), CALC)
        for c, col in enumerate(SUS_COLUMNS, start=2):
            styled(put(ws.cell(r, c), getattr(given[month], col.key) if month in given else None), INPUT, "#,##0")
    ws.freeze_panes = ws.cell(TABLE_ROW + 1, 2).coordinate
    wb.save(target)


def sus_sheet_bytes(year: str, **kwargs) -> bytes:
    """The SUS sheet as bytes (see ``write_sus_sheet``)."""
    buf = io.BytesIO()
    write_sus_sheet(buf, year=year, **kwargs)
    return buf.getvalue()
