"""The actuals workbook: spend to date by expenditure line and month, people served, and the metrics' months.

Laid out like the plan's own input template (``budget/template.py``: the same colours, header rows and cover), with
sheets Guidance, Cover (the area by name and ONS code, as a plan's cover names it, and the year), Spend (one row
per expenditure line: its scheme ID, name, type, funding stream and locality, then £ spent in each month April to
March, then people served to date) and Metrics (one row per month: the three BCF metrics' figures and the
population aged 65+). Blank, or with a plan's lines named ready for the figures, or filled from ``Actuals``
(the demo's illustrative actuals, and the readers' round-trip tests). ``budget/readers/actuals.py`` reads it.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from budget.actuals import (
    LINE_COLUMNS,
    METRIC_COLUMNS,
    MONTH_COLUMN,
    PEOPLE_SERVED,
    SPEND_TOTAL_LABEL,
    Actuals,
    month_label,
    months,
)
from budget.columns import COVER_FIELDS
from budget.models import Plan, normalise_year
from budget.template import (
    CALC,
    HEADER_ROW,
    INPUT,
    MONEY,
    TITLE_FONT,
    field_label,
    formula,
    header_row,
    put,
    styled,
    write_notes,
)

ACTUALS_TITLE = "BCF Planner actuals workbook"
BLANK_SPEND_ROWS = 200
COUNT = "#,##0"
DECIMAL = "#,##0.0"
LINE_WIDTHS = (10, 34, 38, 30, 32, 18)


def _guidance(ws, year: str, illustrative: bool) -> None:
    ws.column_dimensions["A"].width = 110
    lines = [
        (f"{ACTUALS_TITLE} — {year}", TITLE_FONT),
        ("Fill in the yellow cells; grey cells are filled in for you. Give figures for the months so far and leave "
         "later months blank.", None),
        ("", None),
        ("Sheets", Font(bold=True)),
        ("Cover — the Health and Wellbeing Board area and its ONS code, as on the plan's cover; the code must be the "
         "submitted plan's.", None),
        ("Spend — one row per expenditure line of the submitted plan (scheme ID, scheme type, sub type, source of "
         "funding and locality as in the plan), with the £ spent in each month and the people served to date.", None),
        ("Metrics — one row per month: emergency admissions of people aged 65+ in the month, the population aged "
         "65+, the average discharge delay in days per discharge, and long-term care-home admissions of people "
         "aged 65+ in the month.", None),
        ("", None),
        ("Colours", Font(bold=True)),
    ]
    write_notes(ws, lines)
    r = len(lines) + 1
    styled(put(ws.cell(r, 1), "Yellow: an input cell"), INPUT)
    styled(put(ws.cell(r + 1, 1), "Grey: filled in for you"), CALC)
    if illustrative:
        put(ws.cell(r + 3, 1), "These actuals are ILLUSTRATIVE: every figure is made up to show how the tool "
                               "works, for the illustrative demo area.").font = Font(bold=True, color="C00000")


def _cover(ws, year: str, name: str | None, code: str | None, illustrative: bool) -> None:
    put(ws.cell(1, 1), f"Better Care Fund {year}: actuals cover").font = TITLE_FONT
    put(ws.cell(2, 1), "Yellow cells are inputs.").font = Font(italic=True, color="595959")
    ws.column_dimensions["A"].width = 40
    ws.column_dimensions["B"].width = 60
    rows = [("area_name", name, INPUT), ("area_code", code, INPUT), ("year", year, CALC)]
    if illustrative:
        rows.append(("illustrative", "Yes", CALC))
    for r, (key, value, fill) in enumerate(rows, start=HEADER_ROW + 1):
        put(ws.cell(r, 1), field_label(COVER_FIELDS, key)).font = Font(bold=True)
        styled(put(ws.cell(r, 2), value), fill)


def _spend(ws, year: str, plan: Plan | None, actuals: Actuals | None) -> None:
    put(ws.cell(1, 1), f"Spend {year}").font = TITLE_FONT
    put(ws.cell(2, 1), "One row per expenditure line of the submitted plan; £ spent in each month, and people "
                       "served to date.").font = Font(italic=True, color="595959")
    year_months = months(year)
    labels = ([c.label for c in LINE_COLUMNS] + [month_label(m) for m in year_months]
              + [PEOPLE_SERVED.label, SPEND_TOTAL_LABEL])
    header_row(ws, HEADER_ROW, labels, [*LINE_WIDTHS, *([12] * len(year_months)), 14, 16])
    if actuals is not None:
        rows = [((x.scheme_id, x.scheme_name, x.scheme_type, x.sub_type, x.source_of_funding, x.locality),
                 [x.spend.get(m) for m in year_months], x.people_served) for x in actuals.lines]
    elif plan is not None:
        from budget.reference import load_reference

        ref = load_reference(plan.year)
        rows = [((x.scheme_id, x.scheme_name, x.scheme_type, x.sub_type, _stream(ref, x.source_of_funding),
                  x.locality),
                 [None] * len(year_months), None) for x in plan.lines]
    else:
        rows = [((None,) * len(LINE_COLUMNS), [None] * len(year_months), None)] * BLANK_SPEND_ROWS
    named = plan is not None or actuals is not None
    first_month = len(LINE_COLUMNS) + 1
    for r, (ident, spend, served) in enumerate(rows, start=HEADER_ROW + 1):
        for c, value in enumerate(ident, start=1):
            styled(put(ws.cell(r, c), value or None), CALC if named else INPUT)
        for c, value in enumerate(spend, start=first_month):
            styled(put(ws.cell(r, c), value), INPUT, MONEY)
        styled(put(ws.cell(r, first_month + len(spend)), served), INPUT, COUNT)
        a, b = get_column_letter(first_month), get_column_letter(first_month + len(spend) - 1)
        styled(formula(ws.cell(r, first_month + len(spend) + 1), f"=SUM({a}{r}:{b}{r})"), CALC, MONEY)
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, first_month).coordinate


def _stream(ref, stream: str) -> str:
    return stream[8:] if stream.startswith("unknown:") else ref.stream_name(stream)


def _metrics(ws, year: str, actuals: Actuals | None) -> None:
    put(ws.cell(1, 1), f"Metrics {year}").font = TITLE_FONT
    put(ws.cell(2, 1), "One row per month; leave months not yet known blank.").font = Font(italic=True,
                                                                                           color="595959")
    header_row(ws, HEADER_ROW, [MONTH_COLUMN.label] + [c.label for c in METRIC_COLUMNS], [12, 30, 18, 24, 30])
    given = {m.month: m for m in actuals.metrics} if actuals is not None else {}
    formats = {"emergency_admissions_65_plus": COUNT, "population_65_plus": COUNT, "discharge_delay": DECIMAL,
               "care_home_admissions_65_plus": COUNT}
    for r, month in enumerate(months(year), start=HEADER_ROW + 1):
        styled(put(ws.cell(r, 1), month_label(month)), CALC)
        for c, col in enumerate(METRIC_COLUMNS, start=2):
            value = getattr(given[month], col.key) if month in given else None
            styled(put(ws.cell(r, c), value), INPUT, formats[col.key])
    ws.freeze_panes = "B4"


def write_actuals_workbook(target: Path | str | BinaryIO, *, year: str, plan: Plan | None = None,
                           actuals: Actuals | None = None) -> None:
    """Write the actuals workbook for a year: blank, with `plan`'s lines named, or filled from `actuals`.

    Raises:
        ValueError: `plan` or `actuals` is for another year.
    """
    year = normalise_year(year)
    for what, given in (("plan", plan), ("actuals", actuals)):
        if given is not None and normalise_year(given.year) != year:
            raise ValueError(f"the {what} is for {given.year}, not {year}")
    illustrative = bool((plan and plan.illustrative) or (actuals and actuals.illustrative))
    wb = Workbook()
    wb.properties.title = ACTUALS_TITLE
    wb.properties.subject = f"Better Care Fund actuals {year}"
    _guidance(wb.active, year, illustrative)
    wb.active.title = "Guidance"
    name = actuals.area_name if actuals else plan.area.name if plan else None
    code = actuals.area_code if actuals else plan.area.code if plan else None
    _cover(wb.create_sheet("Cover"), year, name, code, illustrative)
    _spend(wb.create_sheet("Spend"), year, plan, actuals)
    _metrics(wb.create_sheet("Metrics"), year, actuals)
    wb.save(target)


def actuals_workbook_bytes(year: str, *, plan: Plan | None = None, actuals: Actuals | None = None) -> bytes:
    """The actuals workbook as bytes (see ``write_actuals_workbook``)."""
    buf = io.BytesIO()
    write_actuals_workbook(buf, year=year, plan=plan, actuals=actuals)
    return buf.getvalue()
