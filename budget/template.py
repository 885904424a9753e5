"""The project's own input template, written from the reference data so it never drifts from it.

Sheets: Guidance, Cover, Income, Expenditure, Localities, Baselines and a hidden Lists sheet
feeding the drop-downs. Yellow cells are inputs, grey cells are filled in for you. Headers use the
first label of each field in ``budget.columns``, which the readers find by meaning. Text from a plan
is always written as text: a scheme called ``=HYPERLINK(...)`` never becomes a formula.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from budget.columns import (
    BASELINE_FIELDS,
    COVER_FIELDS,
    EXPENDITURE_FIELDS,
    INCOME_FIELDS,
    LOCALITY_FIELDS,
    LOCALITY_FORMATS,
    LOCALITY_ORDER,
    LOCALITY_WIDTHS,
)
from budget.models import Plan, normalise_year
from budget.reference import Reference, available_years, load_reference

TEMPLATE_TITLE = "BCF Planner input template"
FIRST_TEMPLATE_YEAR = "2023-24"  # the first year a blank input template is offered for
INPUT = PatternFill("solid", fgColor="FFF2CC")  # yellow: fill in
CALC = PatternFill("solid", fgColor="E7E6E6")  # grey: filled in for you
HEAD = PatternFill("solid", fgColor="005EB8")  # NHS blue
HEAD_FONT = Font(bold=True, color="FFFFFF")
TITLE_FONT = Font(bold=True, size=14, color="005EB8")
THIN = Side(style="thin", color="BFBFBF")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
MONEY = '£#,##0.00;-£#,##0.00;"£0.00"'
BLANK_EXPENDITURE_ROWS = 200
BLANK_LOCALITY_ROWS = 12

EXPENDITURE_ORDER = ("scheme_id", "scheme_name", "description", "scheme_type", "sub_type", "area_of_spend",
                     "commissioner", "pct_nhs", "pct_la", "provider", "source_of_funding", "amount",
                     "planned_outputs", "output_unit", "new_existing", "locality", "scheme_type_other",
                     "area_of_spend_other")
EXPENDITURE_WIDTHS = {"scheme_id": 10, "scheme_name": 34, "description": 40, "scheme_type": 38, "sub_type": 40,
                      "area_of_spend": 18, "commissioner": 14, "pct_nhs": 12, "pct_la": 12, "provider": 26,
                      "source_of_funding": 32, "amount": 16, "planned_outputs": 14, "output_unit": 28,
                      "new_existing": 14, "locality": 18, "scheme_type_other": 30, "area_of_spend_other": 26}
HEADER_ROW = 3  # row 1 title, row 2 note, row 3 header


def field_label(fields, key: str) -> str:
    """The column header a workbook gives the field ``key`` (its label in ``budget.columns``)."""
    return next(f.label for f in fields if f.key == key)


MAX_ROW_HEIGHT = 409  # points: the tallest row Excel allows


def row_height(points: float) -> float:
    """A row height in points, at most Excel's limit (a long statement wraps within it; the cell keeps all of it)."""
    return min(points, MAX_ROW_HEIGHT)


def put(cell: Cell, value: object) -> Cell:
    """Write a value; strings that a spreadsheet would treat as formulas stay literal text."""
    cell.value = value
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        cell.data_type = "s"
    return cell


def formula(cell: Cell, text: str) -> Cell:
    """A formula the template itself defines (never text from a plan)."""
    cell.value = text
    return cell


def _title(ws: Worksheet, title: str, note: str) -> None:
    put(ws.cell(1, 1), title).font = TITLE_FONT
    put(ws.cell(2, 1), note).font = Font(italic=True, color="595959")


def header_row(ws: Worksheet, row: int, labels: list[str], widths: list[int]) -> None:
    """A blue header row with wrapped labels, and the column widths."""
    for c, (label, width) in enumerate(zip(labels, widths, strict=True), start=1):
        cell = put(ws.cell(row, c), label)
        cell.fill, cell.font, cell.border = HEAD, HEAD_FONT, BOX
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions[get_column_letter(c)].width = width
    ws.row_dimensions[row].height = 32
    # Marked as the header row, not only by its colour: repeated at the top of every printed page, and
    # named "ColumnTitle" on its sheet, the name screen readers (JAWS) read column headers from.
    ws.print_title_rows = f"{row}:{row}"
    ws.defined_names["ColumnTitle"] = DefinedName("ColumnTitle", attr_text=f"{quote_sheetname(ws.title)}!$A${row}")


def write_notes(ws: Worksheet, lines: list[tuple[str, Font | None]]) -> None:
    """Paragraphs down column A from row 1, wrapped, each row tall enough for its text."""
    for r, (text, font) in enumerate(lines, start=1):
        cell = put(ws.cell(r, 1), text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[r].height = row_height(15 * max(1, -(-len(text) // 110)) + 3)
        if font:
            cell.font = font


def styled(cell: Cell, fill: PatternFill, fmt: str | None = None) -> Cell:
    """A cell filled (yellow input or grey calculated), boxed and, where given, number-formatted."""
    cell.fill, cell.border = fill, BOX
    if fmt:
        cell.number_format = fmt
    return cell


def _lists(wb: Workbook, ref: Reference, plan: Plan | None) -> dict[str, str]:
    """The hidden Lists sheet; returns list name -> absolute range for data validation."""
    ws = wb.create_sheet("Lists")
    columns = {
        "scheme_type": ("List: scheme types", [st.name for st in ref.scheme_types]),
        "sub_type": ("List: sub types", sorted({s.name for st in ref.scheme_types for s in st.sub_types})),
        "area_of_spend": ("List: areas of spend", [t.name for t in ref.areas_of_spend]),
        "commissioner": ("List: commissioners", [t.name for t in ref.commissioners]),
        "provider": ("List: providers", [t.name for t in ref.providers]),
        "source_of_funding": ("List: funding streams", [s.name for s in ref.funding_streams]),
        "new_existing": ("List: new or existing", ["New", "Existing"]),
        "locality": ("List: localities", [x.name for x in plan.localities] if plan and plan.localities else []),
    }
    ranges = {}
    for c, (key, (head, items)) in enumerate(columns.items(), start=1):
        put(ws.cell(1, c), head).font = Font(bold=True)
        for r, item in enumerate(items, start=2):
            put(ws.cell(r, c), item)
        col = get_column_letter(c)
        last = max(len(items) + 1, 2) if key != "locality" else 2 + BLANK_LOCALITY_ROWS + max(len(items), 0)
        ranges[key] = f"Lists!${col}$2:${col}${last}"
        ws.column_dimensions[col].width = 40
    # scheme type -> output unit look-up, for the grey Units column
    base = len(columns) + 2
    put(ws.cell(1, base), "Look-up: scheme type").font = Font(bold=True)
    put(ws.cell(1, base + 1), "Look-up: output unit").font = Font(bold=True)
    for r, st in enumerate(ref.scheme_types, start=2):
        put(ws.cell(r, base), st.name)
        put(ws.cell(r, base + 1), st.output_unit)
    ws.sheet_state = "hidden"
    return ranges


def _guidance(ws: Worksheet, ref: Reference, plan: Plan | None) -> None:
    ws.column_dimensions["A"].width = 110
    lines = [
        (TEMPLATE_TITLE + f" — {ref.year}", TITLE_FONT),
        (
            "Fill in the yellow cells; grey cells are filled in for you. Drop-down lists come from the BCF reference "
            f"data for {ref.year}; a value typed outside the list is accepted with a warning when the workbook is "
            "read.",
            None,
        ),
        ("", None),
        ("Sheets", Font(bold=True)),
        (
            "Cover — the Health and Wellbeing Board area, its ONS code (E06, E08, E09 or E10 and six digits), "
            "the ICB(s) and the required minimum NHS contribution to adult social care.",
            None,
        ),
        (
            "Income — one row per funding stream in the pool. In a two-tier (county) area show the Disabled Facilities "
            "Grant by district.",
            None,
        ),
        (
            "Expenditure — one row per scheme × scheme type × source of funding, as in the national planning template, "
            "plus the locality it serves (leave blank for area-wide schemes).",
            None,
        ),
        (
            "Localities — the places the model works with: population, people aged 65+ and 85+, the Index of Multiple "
            "Deprivation average score (0 to 100), from which each locality's need is worked out, emergency admissions "
            "of people aged 65+ in a year, and, only to override the worked-out need, a need weighting (1 = England's "
            "need per person aged 65+).",
            None,
        ),
        (
            "Baselines — local rates per 100,000 where you have them; blank cells use the sourced national defaults.",
            None,
        ),
        ("", None),
        ("Reference data", Font(bold=True)),
        (f"Status for {ref.year}: {ref.status}", None),
        (
            "Scheme types, sub types and output units are a working list: the official lists sit on the Better Care "
            "Exchange and were not available to check. Correct them in the reference data files if yours differ.",
            None,
        ),
        ("", None),
        ("Colours", Font(bold=True)),
    ]
    write_notes(ws, lines)
    r = len(lines) + 1
    styled(put(ws.cell(r, 1), "Yellow: an input cell"), INPUT)
    styled(put(ws.cell(r + 1, 1), "Grey: filled in for you"), CALC)
    if plan is not None and plan.illustrative:
        cell = put(ws.cell(r + 3, 1), "This workbook is an ILLUSTRATIVE demo area: every figure is made up to show how "
                                      "the tool works. Its ONS code is not a real area's.")
        cell.font = Font(bold=True, color="C00000")


def write_input_template(target: Path | str | BinaryIO, *, year: str, plan: Plan | None = None) -> None:
    """Write the input template for a planning year, blank or filled with a plan."""
    year = normalise_year(year)
    if plan is not None and plan.year != year:
        raise ValueError(f"the plan is for {plan.year}, not {year}")
    ref = load_reference(year)
    wb = Workbook()
    wb.properties.title = TEMPLATE_TITLE
    wb.properties.subject = f"Better Care Fund plan {year}"
    _guidance(wb.active, ref, plan)
    wb.active.title = "Guidance"

    # Cover
    ws = wb.create_sheet("Cover")
    _title(ws, f"Better Care Fund {year}: cover", "Yellow cells are inputs.")
    ws.column_dimensions["A"].width = 52
    ws.column_dimensions["B"].width = 60
    cover: list[tuple[str, object, PatternFill, str | None]] = [
        ("area_name", plan.area.name if plan else None, INPUT, None),
        ("area_code", plan.area.code if plan else None, INPUT, None),
        ("icbs", "; ".join(plan.area.icbs) if plan and plan.area.icbs else None, INPUT, None),
        ("year", year, CALC, None),
        ("minimum_nhs_asc_required", plan.minimum_nhs_asc_required if plan else None, INPUT, MONEY),
    ]
    if plan is not None and plan.illustrative:
        cover.append(("illustrative", "Yes", CALC, None))
    for r, (key, value, fill, fmt) in enumerate(cover, start=HEADER_ROW + 1):
        put(ws.cell(r, 1), field_label(COVER_FIELDS, key)).font = Font(bold=True)
        styled(put(ws.cell(r, 2), value), fill, fmt)

    lists = _lists(wb, ref, plan)

    # Income
    ws = wb.create_sheet("Income", 2)
    _title(ws, f"Income {year}", "One row per funding stream; DFG by district in two-tier areas.")
    keys = ("stream", "amount", "district", "icb")
    header_row(ws, HEADER_ROW, [field_label(INCOME_FIELDS, k) for k in keys], [40, 18, 28, 40])
    rows = ([(ref.stream_name(i.stream) if not i.stream.startswith("unknown:") else i.stream[8:], i.amount,
              i.district, i.icb) for i in plan.income] if plan is not None
            else [(s.name, None, None, None) for s in ref.funding_streams])
    r = HEADER_ROW
    for r, (stream, amount, district, icb) in enumerate(rows, start=HEADER_ROW + 1):
        styled(put(ws.cell(r, 1), stream), INPUT)
        styled(put(ws.cell(r, 2), amount), INPUT, MONEY)
        styled(put(ws.cell(r, 3), district), INPUT)
        styled(put(ws.cell(r, 4), icb), INPUT)
    total = r + 1
    put(ws.cell(total, 1), "Total").font = Font(bold=True)
    styled(formula(ws.cell(total, 2), f"=SUM(B{HEADER_ROW + 1}:B{max(r, HEADER_ROW + 1)})"), CALC, MONEY)
    dv = DataValidation(type="list", formula1=f"{lists['source_of_funding']}", allow_blank=True,
                        errorStyle="warning", error="Not a funding stream for this year", showErrorMessage=True)
    ws.add_data_validation(dv)
    dv.add(f"A{HEADER_ROW + 1}:A{max(r, HEADER_ROW + 1) + 10}")
    ws.freeze_panes = f"A{HEADER_ROW + 1}"

    # Expenditure
    ws = wb.create_sheet("Expenditure", 3)
    _title(ws, f"Expenditure {year}", "One row per scheme × scheme type × source of funding. Yellow cells are inputs.")
    header_row(ws, HEADER_ROW, [field_label(EXPENDITURE_FIELDS, k) for k in EXPENDITURE_ORDER],
            [EXPENDITURE_WIDTHS[k] for k in EXPENDITURE_ORDER])
    col = {k: i for i, k in enumerate(EXPENDITURE_ORDER, start=1)}
    lines = plan.lines if plan is not None else ()
    n_rows = max(len(lines), BLANK_EXPENDITURE_ROWS if plan is None else len(lines))
    first = HEADER_ROW + 1
    last = first + max(n_rows, 1) - 1
    for i in range(n_rows):
        r = first + i
        x = lines[i] if i < len(lines) else None
        vals = {k: None for k in EXPENDITURE_ORDER}
        if x is not None:
            vals.update(
                scheme_id=x.scheme_id,
                scheme_name=x.scheme_name,
                description=x.description or None,
                scheme_type=x.scheme_type,
                sub_type=x.sub_type or None,
                area_of_spend=x.area_of_spend or None,
                commissioner=x.commissioner,
                provider=x.provider or None,
                pct_nhs=x.pct_nhs / 100 if x.pct_nhs is not None else None,
                pct_la=x.pct_la / 100 if x.pct_la is not None else None,
                source_of_funding=(
                    ref.stream_name(x.source_of_funding)
                    if not x.source_of_funding.startswith("unknown:")
                    else x.source_of_funding[8:]
                ),
                amount=x.amount,
                planned_outputs=x.planned_outputs,
                output_unit=x.output_unit or None,
                new_existing=x.new_existing,
                locality=x.locality or None,
                scheme_type_other=x.scheme_type_other or None,
                area_of_spend_other=x.area_of_spend_other or None,
            )
        for k in EXPENDITURE_ORDER:
            cell = put(ws.cell(r, col[k]), vals[k])
            if k == "output_unit":
                styled(cell, CALC)
            elif k == "amount":
                styled(cell, INPUT, MONEY)
            elif k in ("pct_nhs", "pct_la"):
                styled(cell, INPUT, "0%")
            else:
                styled(cell, INPUT)
    total = last + 1
    put(ws.cell(total, col["scheme_id"]), "Total").font = Font(bold=True)
    amount_col = get_column_letter(col["amount"])
    styled(formula(ws.cell(total, col["amount"]), f"=SUM({amount_col}{first}:{amount_col}{last})"), CALC, MONEY)
    for key in ("scheme_type", "sub_type", "area_of_spend", "commissioner", "provider", "source_of_funding",
                "new_existing", "locality"):
        letter = get_column_letter(col[key])
        dv = DataValidation(type="list", formula1=f"{lists[key]}", allow_blank=True, errorStyle="warning",
                            error="Not in the list for this year; it will be read with a warning.",
                            showErrorMessage=True)
        ws.add_data_validation(dv)
        dv.add(f"{letter}{first}:{letter}{last}")
    dv = DataValidation(type="decimal", operator="between", formula1="0", formula2="1000000000", allow_blank=True,
                        showErrorMessage=True, error="Enter an amount in pounds between 0 and 1,000,000,000")
    ws.add_data_validation(dv)
    dv.add(f"{amount_col}{first}:{amount_col}{last}")
    ws.freeze_panes = ws.cell(first, col["description"]).coordinate
    ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(EXPENDITURE_ORDER))}{last}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1

    # Localities
    ws = wb.create_sheet("Localities", 4)
    _title(ws, "Localities", "The places the model works with. Their need is worked out from people aged 65+ and "
           "85+ and the deprivation score (Index of Multiple Deprivation average score, 0 to 100); a need weighting "
           "typed here is used instead (1 = England's need per person aged 65+).")
    header_row(ws, HEADER_ROW, [field_label(LOCALITY_FIELDS, k) for k in LOCALITY_ORDER], list(LOCALITY_WIDTHS))
    locs = plan.localities if plan is not None else ()
    for i in range(max(len(locs), BLANK_LOCALITY_ROWS if plan is None else len(locs))):
        r = HEADER_ROW + 1 + i
        x = locs[i] if i < len(locs) else None
        for c, k in enumerate(LOCALITY_ORDER, start=1):
            styled(put(ws.cell(r, c), getattr(x, k) if x else None), INPUT, LOCALITY_FORMATS.get(k))
    ws.freeze_panes = f"A{HEADER_ROW + 1}"

    # Baselines
    ws = wb.create_sheet("Baselines", 5)
    _title(ws, "Local baselines", "Leave blank to use the sourced national defaults.")
    ws.column_dimensions["A"].width = 60
    ws.column_dimensions["B"].width = 18
    b = plan.baselines if plan is not None else None
    for r, f in enumerate(BASELINE_FIELDS, start=HEADER_ROW + 1):
        put(ws.cell(r, 1), f.label).font = Font(bold=True)
        styled(put(ws.cell(r, 2), getattr(b, f.key) if b else None), INPUT, "#,##0.0")

    for sheet in wb.worksheets:  # print each sheet one page wide, landscape where it is wide
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
    wb.move_sheet("Lists", offset=len(wb.sheetnames))
    if isinstance(target, (str, Path)):
        wb.save(str(target))
    else:
        wb.save(target)


def input_template_bytes(year: str, plan: Plan | None = None) -> bytes:
    """The input template for `year` as .xlsx bytes, filled in from `plan` when one is given."""
    buf = io.BytesIO()
    write_input_template(buf, year=year, plan=plan)
    return buf.getvalue()


def template_years() -> tuple[str, ...]:
    """The years a blank input template is offered for, latest first.

    Every year with reference data (``budget.reference.available_years``) from ``FIRST_TEMPLATE_YEAR`` on;
    earlier years' data is kept so older workbooks read.
    """
    return tuple(y for y in reversed(available_years()) if y >= FIRST_TEMPLATE_YEAR)

