"""The sheet writers both copies of the Excel return share (``budget.export``).

* ``guidance_sheet``, ``cover_sheet``, ``income_sheet``, ``expenditure_sheet``, ``checklist_sheet``: the sheets of
  those names; ``lists_sheet``: the hidden Lists feeding the drop-downs; ``table_sheet``: a sheet for one ``Table``
* ``declare_table``: a block's header row declared as an Excel table's, named for screen readers
* ``Formulas`` and ``finish_workbook``: totals written as formulas with their values saved beside them
* ``positioned``: the plan with each line and income row pointing at its cell in the return

Every colour a sheet uses is said in words (``COLOURS_IN_WORDS``, ``STATUS_WORDS``).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.table import Table as ExcelTable
from openpyxl.worksheet.table import TableStyleInfo

from budget.columns import COVER_FIELDS, EXPENDITURE_FIELDS, INCOME_FIELDS
from budget.models import CellRef, Plan
from budget.reference import LEVER_LABELS, Reference
from budget.rules import Finding
from budget.submission import SIGN_OFF_COLUMNS, Signatory
from budget.tables import Table
from budget.template import (
    CALC,
    EXPENDITURE_WIDTHS,
    INPUT,
    MONEY,
    TITLE_FONT,
    field_label,
    put,
    row_height,
    write_notes,
)
from budget.template import header_row as _header
from budget.template import styled as _style

RAG = {"red": PatternFill("solid", fgColor="F4CCCC"), "amber": PatternFill("solid", fgColor="FCE5CD"),
       "green": PatternFill("solid", fgColor="D9EAD3")}


STATUS_WORDS = {"red": "Red: a rule is broken; fix it before sign-off.", "amber": "Amber: something to check.",
                "green": "Green: the rule is met."}


# Every colour in the return, said in words on the Guidance sheet: no meaning is carried by colour alone.
COLOURS_IN_WORDS = (
    "Colours: yellow cells are inputs to fill in; grey cells are calculated for you; the blue row at the top of "
    "each table holds its column headers (repeated on every printed page, and declared as the table's header "
    "row). On the Checklist the status of each rule is written in the Status column as Red (a rule is broken: "
    "fix it before sign-off), Amber (something to check) or Green (the rule is met); the cell colour only "
    "repeats that word, and each status cell carries a note saying it again.")


_WIDTHS = {**EXPENDITURE_WIDTHS, "scheme_type_other": 30, "area_of_spend_other": 26}


@dataclass
class Formulas:
    """Formula cells and the values to save with them, per sheet (``finish_workbook`` writes the values in)."""

    values: dict[str, dict[str, float]] = field(default_factory=dict)

    def add(self, ws, ref: str, formula: str, value: float) -> None:
        """Write ``formula`` into cell ``ref`` of ``ws`` and keep ``value`` to save beside it."""
        ws[ref].value = formula
        self.values.setdefault(ws.title, {})[ref] = value


def _table_name(ws, used: set[str]) -> str:
    base = re.sub(r"[^A-Za-z0-9_]", "_", ws.title) or "Table"
    name, i = f"T_{base}", 2
    while name in used:
        name, i = f"T_{base}_{i}", i + 1
    used.add(name)
    return name


def declare_table(ws, header: int, ncols: int, last: int) -> None:
    """Declare the block from row ``header`` to row ``last`` an Excel table (header row and data rows).

    The table is named after its sheet, so a screen reader names it; a block with no data row is left as it is.

    Args:
        ws: the worksheet.
        header: the header row's number.
        ncols: how many columns, from A.
        last: the last data row's number.
    """
    if last <= header:
        return  # a table needs a data row
    used = {t for sheet in ws.parent.worksheets for t in sheet.tables}
    t = ExcelTable(displayName=_table_name(ws, used), ref=f"A{header}:{get_column_letter(ncols)}{last}")
    t.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=False, showColumnStripes=False)
    ws.add_table(t)


def guidance_sheet(wb: Workbook, plan: Plan, lines: list[str]) -> None:
    """The Guidance sheet (the workbook's first): ``lines`` (the first as its title), then what every copy says.

    What every copy says: where the scheme types come from, every colour in words and, for the demo, that its
    figures are made up.
    """
    ws = wb.active
    ws.title = "Guidance"
    ws.column_dimensions["A"].width = 100
    text = [(lines[0], TITLE_FONT)] + [(x, None) for x in lines[1:]]
    text += [("Scheme types, sub types and output units follow the working list in the reference data; the official "
              "lists for the year sit on the Better Care Exchange.", None), (COLOURS_IN_WORDS, None)]
    if plan.illustrative:
        text.append(("ILLUSTRATIVE: every figure in this return is made up to show how the tool works.",
                     Font(bold=True, color="C00000")))
    write_notes(ws, text)


def cover_sheet(wb: Workbook, plan: Plan, scenario: str, signatories: tuple[Signatory, ...] | None,
           note: str = "") -> None:
    """The Cover sheet: area, year, scenario, the NHS minimum on social care, and any note.

    Args:
        wb: the workbook.
        plan: the plan.
        scenario: the scenario's name.
        signatories: who signs the plan off, a row each with yellow cells still to fill in; None for no
            sign-off section (the analysis copy).
        note: a sentence about the figures' basis, in a Note row when given.
    """
    ws = wb.create_sheet("Cover")
    put(ws["A1"], f"Better Care Fund {plan.year}: cover").font = TITLE_FONT
    for letter, width in zip("ABCD", (52, 44, 30, 16), strict=True):
        ws.column_dimensions[letter].width = width
    rows = [(field_label(COVER_FIELDS, "area_name"), plan.area.name, None),
            (field_label(COVER_FIELDS, "area_code"), plan.area.code, None),
            (field_label(COVER_FIELDS, "icbs"), "; ".join(plan.area.icbs) or None, None),
            (field_label(COVER_FIELDS, "year"), plan.year, None),
            ("Scenario", scenario, None),
            (field_label(COVER_FIELDS, "minimum_nhs_asc_required"), plan.minimum_nhs_asc_required, MONEY)]
    if note:
        rows.append(("Note", note, None))
    if plan.illustrative:
        rows.append((field_label(COVER_FIELDS, "illustrative"), "Yes", None))
    r = 3
    for r, (label, value, fmt) in enumerate(rows, start=3):
        put(ws.cell(r, 1), label).font = Font(bold=True)
        _style(put(ws.cell(r, 2), value), CALC, fmt)
    if signatories is None:
        return
    r += 2
    put(ws.cell(r, 1), "Sign-off").font = Font(bold=True, size=12)
    put(ws.cell(r + 1, 1), "Each partner organisation's chief executive, the council's section 151 officer and the "
                           "Health and Wellbeing Board chair sign the plan off; empty yellow cells are still to "
                           "fill in.").font = Font(italic=True, color="595959")
    head = r + 2
    _header(ws, head, list(SIGN_OFF_COLUMNS), [52, 44, 30, 16])
    for i, s in enumerate(signatories, start=head + 1):
        _style(put(ws.cell(i, 1), s.role), CALC)
        _style(put(ws.cell(i, 2), s.organisation or None), CALC if s.organisation else INPUT)
        _style(put(ws.cell(i, 3), s.name or None), INPUT)
        _style(put(ws.cell(i, 4), s.signed_on), INPUT, "dd/mm/yyyy")
    declare_table(ws, head, 4, head + len(signatories))


def income_sheet(wb: Workbook, plan: Plan, ref: Reference, formulas: Formulas) -> None:
    """The Income sheet: a row per income line by funding stream, and its total as a formula."""
    ws = wb.create_sheet("Income")
    put(ws["A1"], f"Income {plan.year}").font = TITLE_FONT
    keys = ("stream", "amount", "district", "icb")
    _header(ws, 3, [field_label(INCOME_FIELDS, k) for k in keys], [40, 18, 28, 40])
    r = 3
    for r, inc in enumerate(plan.income, start=4):
        name = ref.stream_name(inc.stream) if not inc.stream.startswith("unknown:") else inc.stream[8:]
        _style(put(ws.cell(r, 1), name), CALC)
        _style(put(ws.cell(r, 2), inc.amount), CALC, MONEY)
        _style(put(ws.cell(r, 3), inc.district), CALC)
        _style(put(ws.cell(r, 4), inc.icb), CALC)
    declare_table(ws, 3, 4, r)
    put(ws.cell(r + 1, 1), "Total").font = Font(bold=True)
    formulas.add(ws, f"B{r + 1}", f"=SUM(B4:B{max(r, 4)})", plan.total_income)
    _style(ws[f"B{r + 1}"], CALC, MONEY)
    ws.freeze_panes = "A4"


def lists_sheet(wb: Workbook, ref: Reference, template_only: bool) -> dict[str, str]:
    """The hidden Lists sheet of the year's vocabularies, which feed the Expenditure drop-downs.

    Args:
        wb: the workbook.
        ref: the year's reference data.
        template_only: leave out the sub types BCF Planner adds for modelling (the submission copy).

    Returns:
        Each Expenditure column's key and the range of its list, e.g. ``Lists!$A$2:$A$40``.
    """
    lists = wb.create_sheet("Lists")
    vocab = {"scheme_type": [st.name for st in ref.scheme_types],
             "sub_type": sorted({s.name for st in ref.scheme_types for s in st.sub_types
                                 if not (template_only and s.submit_as)}),
             "area_of_spend": [t.name for t in ref.areas_of_spend],
             "commissioner": [t.name for t in ref.commissioners],
             "provider": [t.name for t in ref.providers],
             "source_of_funding": [s.name for s in ref.funding_streams],
             "new_existing": ["New", "Existing"]}
    ranges = {}
    for c, (key, items) in enumerate(vocab.items(), start=1):
        put(lists.cell(1, c), f"List: {key.replace('_', ' ')}").font = Font(bold=True)
        for i, item in enumerate(items, start=2):
            put(lists.cell(i, c), item)
        col = get_column_letter(c)
        ranges[key] = f"Lists!${col}$2:${col}${max(len(items) + 1, 2)}"
    lists.sheet_state = "hidden"
    return ranges


def expenditure_sheet(wb: Workbook, plan: Plan, ref: Reference, order: tuple[str, ...], formulas: Formulas,
                 ranges: dict[str, str], note: str, lever: bool) -> None:
    """The Expenditure sheet: a row per line in the columns ``order`` names, the total as a formula.

    Args:
        wb: the workbook.
        plan: the plan, its lines as they are written.
        ref: the year's reference data.
        order: the columns' field keys, in order.
        formulas: where the total's value is kept.
        ranges: the drop-down lists (``lists_sheet``) for the columns that have one.
        note: the sentence under the title.
        lever: add a column with each line's model lever (the analysis copy).
    """
    ws = wb.create_sheet("Expenditure")
    put(ws["A1"], f"Expenditure {plan.year}").font = TITLE_FONT
    put(ws["A2"], note)
    ncols = len(order) + (1 if lever else 0)
    _header(ws, 3, [field_label(EXPENDITURE_FIELDS, k) for k in order] + (["Lever (model)"] if lever else []),
            [_WIDTHS[k] for k in order] + ([30] if lever else []))
    col = {k: i for i, k in enumerate(order, start=1)}
    first, last = 4, max(3 + len(plan.lines), 4)
    for i, x in enumerate(plan.lines):
        r = first + i
        values = {
            "scheme_id": x.scheme_id, "scheme_name": x.scheme_name, "description": x.description or None,
            "scheme_type": x.scheme_type, "sub_type": x.sub_type or None,
            "scheme_type_other": x.scheme_type_other or None, "area_of_spend": x.area_of_spend or None,
            "area_of_spend_other": x.area_of_spend_other or None, "commissioner": x.commissioner,
            "pct_nhs": x.pct_nhs / 100 if x.pct_nhs is not None else None,
            "pct_la": x.pct_la / 100 if x.pct_la is not None else None,
            "provider": x.provider or None,
            "source_of_funding": ref.stream_name(x.source_of_funding) if not x.source_of_funding.startswith(
                "unknown:") else x.source_of_funding[8:],
            "amount": x.amount, "planned_outputs": x.planned_outputs, "output_unit": x.output_unit or None,
            "new_existing": x.new_existing, "locality": x.locality or None}
        for k in order:
            fmt = MONEY if k == "amount" else ("0%" if k in ("pct_nhs", "pct_la") else None)
            _style(put(ws.cell(r, col[k]), values[k]), CALC if k == "output_unit" else INPUT, fmt)
        if lever:
            _style(put(ws.cell(r, ncols), LEVER_LABELS.get(ref.line_lever(x.scheme_type, x.sub_type))), CALC)
    declare_table(ws, 3, ncols, 3 + len(plan.lines))
    total_row = last + 1
    amount_col = get_column_letter(col["amount"])
    put(ws.cell(total_row, 1), "Total").font = Font(bold=True)
    formulas.add(
        ws, f"{amount_col}{total_row}", f"=SUM({amount_col}{first}:{amount_col}{last})", plan.total_expenditure
    )
    _style(ws[f"{amount_col}{total_row}"], CALC, MONEY)
    for key, rng in ranges.items():
        letter = get_column_letter(col[key])
        dv = DataValidation(type="list", formula1=rng, allow_blank=True, errorStyle="warning", showErrorMessage=True,
                            error="Not in the list for this year.")
        ws.add_data_validation(dv)
        dv.add(f"{letter}{first}:{letter}{last}")
    ws.freeze_panes = "C4"
    ws.print_area = f"A1:{get_column_letter(ncols)}{total_row}"
    ws.print_title_rows = "3:3"


def checklist_sheet(wb: Workbook, plan: Plan, findings: tuple[Finding, ...],
               assurance: tuple[tuple[str, str, str], ...] = ()) -> None:
    """The Checklist sheet: every rule finding, red first, linked to its cells.

    Then `assurance` rows (item, status in words, detail) for the national conditions and the sign-off.
    """
    ws = wb.create_sheet("Checklist")
    put(ws["A1"], f"BCF rules checklist {plan.year}").font = TITLE_FONT
    counts = {s: sum(f.severity == s for f in findings) for s in ("red", "amber", "green")}
    put(ws["A2"], f"{counts['red']} red · {counts['amber']} amber · {counts['green']} green")
    _header(ws, 4, ["Status", "Check", "Finding", "Cells"], [14, 44, 90, 40])
    r = 4
    for r, f in enumerate(sorted(findings, key=lambda f: {"red": 0, "amber": 1, "green": 2}[f.severity]), start=5):
        status = _style(put(ws.cell(r, 1), f.severity.capitalize()), RAG[f.severity])
        status.comment = Comment(STATUS_WORDS[f.severity], "BCF Planner")
        put(ws.cell(r, 2), f.title)
        put(ws.cell(r, 3), f.message)
        for c in range(1, 4):
            ws.cell(r, c).alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[r].height = row_height(13 * max(1, -(-len(f.message) // 86)) + 3)
        refs = [c for c in f.cells if c.sheet in ("Expenditure", "Income")]
        if refs:
            first_ref = refs[0]
            c = put(ws.cell(r, 4), ", ".join(f"{x.sheet}!{x.cell}" for x in refs[:6])
                    + (f" and {len(refs) - 6} more" if len(refs) > 6 else ""))
            c.hyperlink = Hyperlink(ref=c.coordinate, location=f"'{first_ref.sheet}'!{first_ref.cell}",
                                    tooltip="Go to the first cell involved")
            c.font = Font(color="005EB8", underline="single")
    first = r + 1
    for r, (item, status, detail) in enumerate(assurance, start=first):  # noqa: B007
        put(ws.cell(r, 1), status).comment = Comment(f"{status}: the area's own answer, in words", "BCF Planner")
        put(ws.cell(r, 2), item)
        put(ws.cell(r, 3), detail)
        for c in range(1, 4):
            ws.cell(r, c).alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[r].height = row_height(13 * max(1, -(-len(detail) // 86)) + 3)
    declare_table(ws, 4, 4, r)
    ws.freeze_panes = "A5"


def finish_workbook(wb: Workbook, formulas: Formulas, target: Path | str | BinaryIO) -> None:
    """Set every sheet to print one page wide, put Lists last, and save with each formula's value beside it."""
    for sheet in wb.worksheets:  # each sheet prints one page wide, landscape, over its used range
        if sheet.title not in ("Lists", "Expenditure"):
            sheet.print_area = sheet.dimensions
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.page_setup.orientation = "landscape"
    wb.move_sheet("Lists", offset=len(wb.sheetnames) - 1 - wb.sheetnames.index("Lists"))
    buf = io.BytesIO()
    wb.save(buf)
    data = _save_formula_values(buf.getvalue(), wb.sheetnames, formulas)
    if isinstance(target, (str, Path)):
        Path(target).write_bytes(data)
    else:
        target.write(data)


def positioned(plan: Plan, order: tuple[str, ...]) -> Plan:
    """The plan with every line and income row pointing at its cell in this return.

    That way the checklist links to the return's own cells.
    """
    col = {k: get_column_letter(i) for i, k in enumerate(order, start=1)}
    lines = tuple(x.model_copy(update={"row": 4 + i, "sheet": "Expenditure",
                                        "cells": {k: f"{c}{4 + i}" for k, c in col.items()}})
                  for i, x in enumerate(plan.lines))
    income = tuple(inc.model_copy(update={"cell": CellRef(sheet="Income", cell=f"B{4 + i}")})
                   for i, inc in enumerate(plan.income))
    return plan.model_copy(update={"lines": lines, "income": income})


def table_sheet(wb: Workbook, name: str, table: Table) -> None:
    """A sheet holding one result table: title, notes, header, grey calculated cells."""
    ws = wb.create_sheet(name[:31])
    put(ws["A1"], table.title).font = TITLE_FONT
    for i, note in enumerate(table.notes, start=2):
        put(ws.cell(i, 1), note).font = Font(italic=True, color="595959")
    hr = 3 + len(table.notes)
    def shown(value: object) -> str:
        return f"£{value:,.2f}" if isinstance(value, float) else str(value)

    widths = [max(12, min(60, max([len(str(col_name))] + [len(shown(row[j])) for row in table.rows[:200]]) + 2))
              for j, col_name in enumerate(table.columns)]
    _header(ws, hr, list(table.columns), widths)
    for i, row in enumerate(table.rows, start=hr + 1):
        for j, value in enumerate(row, start=1):
            fmt = (table.row_formats.get(i - hr - 1) or table.formats.get(table.columns[j - 1])
                   or ("dd/mm/yyyy" if isinstance(value, dt.date) else None))
            cell = _style(put(ws.cell(i, j), value), CALC, fmt)
            cell.alignment = Alignment(vertical="top")
            if isinstance(value, str) and len(value) > widths[j - 1]:  # wrapped, and the row tall enough for it
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                lines = -(-len(value) // max(widths[j - 1] - 4, 1))
                ws.row_dimensions[i].height = row_height(max(ws.row_dimensions[i].height or 15, 13 * lines + 3))
    if len(set(table.columns)) == len(table.columns):
        declare_table(ws, hr, len(table.columns), hr + len(table.rows))
    ws.freeze_panes = f"B{hr + 1}"


def _save_formula_values(data: bytes, sheetnames: list[str], formulas: Formulas) -> bytes:
    """Put each formula's value beside it in the saved file (openpyxl writes formulas without one)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    paths = {f"xl/worksheets/sheet{i}.xml": name for i, name in enumerate(sheetnames, start=1)}
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            name = paths.get(info.filename)
            if name in formulas.values:
                xml = content.decode("utf-8")
                for ref, value in formulas.values[name].items():
                    xml = re.sub(rf'(<c r="{ref}"[^>]*><f>[^<]*</f>)<v\s*/?>(?:</v>)?', rf"\g<1><v>{value!r}</v>", xml)
                content = xml.encode("utf-8")
            dst.writestr(info, content)
    return out.getvalue()
