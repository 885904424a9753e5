"""The Excel return in the planning template's shape, for finance and the BCF team to sign off.

Sheets: Guidance, Cover (with sign-off fields), Income, Expenditure (drop-downs from a hidden Lists
sheet, yellow inputs, grey calculated cells), Checklist (every rule finding, linked to its cells),
then any result tables the caller passes (Metrics, Results, Assumptions …) as typed ``Table``s, so
this package never depends on the model. Totals are formulas *with their values saved*, so pandas
and openpyxl read numbers without Excel recalculating. Text from a plan is always written as text.
The Income and Expenditure sheets use the input template's headers, so the return reads back with
the project's own loader as the same plan.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.hyperlink import Hyperlink

from budget.columns import BASELINE_FIELDS, COVER_FIELDS, EXPENDITURE_FIELDS, INCOME_FIELDS, LOCALITY_FIELDS
from budget.models import CellRef, Plan
from budget.reference import LEVER_LABELS, load_reference
from budget.rules import Finding, check
from budget.template import (
    CALC,
    EXPENDITURE_ORDER,
    EXPENDITURE_WIDTHS,
    INPUT,
    MONEY,
    TITLE_FONT,
    _label,
    put,
    write_notes,
)
from budget.template import header_row as _header
from budget.template import styled as _style

RAG = {"red": PatternFill("solid", fgColor="F4CCCC"), "amber": PatternFill("solid", fgColor="FCE5CD"),
       "green": PatternFill("solid", fgColor="D9EAD3")}
# Every colour in the return, said in words on the Guidance sheet: no meaning is carried by colour alone.
COLOURS_IN_WORDS = (
    "Colours: yellow cells are inputs to fill in; grey cells are calculated for you; the blue row at the top of "
    "each table holds its column headers (repeated on every printed page). On the Checklist the status of "
    "each rule is written in the Status column as Red (a rule is broken: fix it before sign-off), Amber "
    "(something to check) or Green (the rule is met); the cell colour only repeats that word.")
SIGN_OFF = ("Health and Wellbeing Board chair", "ICB chief executive", "Council chief executive",
            "Section 151 officer")


@dataclass(frozen=True)
class Table:
    """A result table for the return: a title, column headers, rows, number formats by column."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple, ...]
    formats: dict[str, str] = field(default_factory=dict)  # column -> Excel number format
    notes: tuple[str, ...] = ()


@dataclass
class _Formulas:
    """Formula cells and the values to save with them, per sheet."""

    values: dict[str, dict[str, float]] = field(default_factory=dict)

    def add(self, ws, ref: str, formula: str, value: float) -> None:
        ws[ref].value = formula
        self.values.setdefault(ws.title, {})[ref] = value


def write_return(target: Path | str | BinaryIO, plan: Plan, *, scenario: str = "Plan as submitted",
                 tables: dict[str, Table] | None = None, findings: tuple[Finding, ...] | None = None) -> None:
    ref = load_reference(plan.year)
    plan = _positioned(plan)
    findings = findings if findings is not None else check(plan, ref)
    formulas = _Formulas()
    wb = Workbook()
    wb.properties.title = f"Better Care Fund return {plan.year}: {plan.area.name}"

    ws = wb.active
    ws.title = "Guidance"
    ws.column_dimensions["A"].width = 110
    text = [
        (f"Better Care Fund {plan.year}: {plan.area.name} — return prepared with BCF Planner", TITLE_FONT),
        (f"Scenario: {scenario}. Yellow cells are inputs, grey cells are calculated (totals are formulas with "
         "their values saved).", None),
        ("Sheets: Cover (area, year, scenario and sign-off); Income by funding stream; Expenditure, one line per "
         "scheme × scheme type × source of funding; Checklist of BCF rules with links to the cells involved; "
         + "; ".join(t.title for t in (tables or {}).values()) + ".", None),
        ("Scheme types, sub types and output units follow the working list in the reference data; the official "
         "lists for the year sit on the Better Care Exchange.", None),
        (COLOURS_IN_WORDS, None),
    ]
    if plan.illustrative:
        text.append(("ILLUSTRATIVE: every figure in this return is made up to show how the tool works.",
                     Font(bold=True, color="C00000")))
    write_notes(ws, text)

    # Cover
    ws = wb.create_sheet("Cover")
    put(ws["A1"], f"Better Care Fund {plan.year}: cover").font = TITLE_FONT
    ws.column_dimensions["A"].width = 52
    ws.column_dimensions["B"].width = 60
    rows = [(_label(COVER_FIELDS, "area_name"), plan.area.name, CALC, None),
            (_label(COVER_FIELDS, "area_code"), plan.area.code, CALC, None),
            (_label(COVER_FIELDS, "icbs"), "; ".join(plan.area.icbs) or None, CALC, None),
            (_label(COVER_FIELDS, "year"), plan.year, CALC, None),
            ("Scenario", scenario, CALC, None),
            (_label(COVER_FIELDS, "minimum_nhs_asc_required"), plan.minimum_nhs_asc_required, CALC, MONEY)]
    if plan.illustrative:
        rows.append((_label(COVER_FIELDS, "illustrative"), "Yes", CALC, None))
    r = 3
    for r, (label, value, fill, fmt) in enumerate(rows, start=3):
        put(ws.cell(r, 1), label).font = Font(bold=True)
        _style(put(ws.cell(r, 2), value), fill, fmt)
    r += 2
    put(ws.cell(r, 1), "Sign-off").font = Font(bold=True, size=12)
    put(ws.cell(r, 2), "Name, and date signed").font = Font(bold=True)
    for i, role in enumerate(SIGN_OFF, start=1):
        put(ws.cell(r + i, 1), role)
        _style(ws.cell(r + i, 2), INPUT)

    # Income
    ws = wb.create_sheet("Income")
    put(ws["A1"], f"Income {plan.year}").font = TITLE_FONT
    keys = ("stream", "amount", "district", "icb")
    _header(ws, 3, [_label(INCOME_FIELDS, k) for k in keys], [40, 18, 28, 40])
    r = 3
    for r, inc in enumerate(plan.income, start=4):
        name = ref.stream_name(inc.stream) if not inc.stream.startswith("unknown:") else inc.stream[8:]
        _style(put(ws.cell(r, 1), name), CALC)
        _style(put(ws.cell(r, 2), inc.amount), CALC, MONEY)
        _style(put(ws.cell(r, 3), inc.district), CALC)
        _style(put(ws.cell(r, 4), inc.icb), CALC)
    put(ws.cell(r + 1, 1), "Total").font = Font(bold=True)
    formulas.add(ws, f"B{r + 1}", f"=SUM(B4:B{max(r, 4)})", plan.total_income)
    _style(ws[f"B{r + 1}"], CALC, MONEY)
    ws.freeze_panes = "A4"

    # Lists (hidden) for the drop-downs
    lists = wb.create_sheet("Lists")
    vocab = {"scheme_type": [st.name for st in ref.scheme_types],
             "sub_type": sorted({s.name for st in ref.scheme_types for s in st.sub_types}),
             "area_of_spend": [t.name for t in ref.areas_of_spend],
             "commissioner": [t.name for t in ref.commissioners],
             "provider": [t.name for t in ref.providers],
             "source_of_funding": [s.name for s in ref.funding_streams],
             "new_existing": ["New", "Existing"]}
    ranges = {}
    for c, (key, items) in enumerate(vocab.items(), start=1):
        put(lists.cell(1, c), f"List: {key.replace('_', ' ')}")
        for i, item in enumerate(items, start=2):
            put(lists.cell(i, c), item)
        col = get_column_letter(c)
        ranges[key] = f"Lists!${col}$2:${col}${max(len(items) + 1, 2)}"
    lists.sheet_state = "hidden"

    # Expenditure
    ws = wb.create_sheet("Expenditure")
    put(ws["A1"], f"Expenditure {plan.year}").font = TITLE_FONT
    put(ws["A2"], f"Scenario: {scenario}. One row per scheme × scheme type × source of funding.")
    _header(ws, 3, [_label(EXPENDITURE_FIELDS, k) for k in EXPENDITURE_ORDER] + ["Lever (model)"],
            [EXPENDITURE_WIDTHS[k] for k in EXPENDITURE_ORDER] + [30])
    col = {k: i for i, k in enumerate(EXPENDITURE_ORDER, start=1)}
    first, last = 4, max(3 + len(plan.lines), 4)
    for i, x in enumerate(plan.lines):
        r = first + i
        values = {
            "scheme_id": x.scheme_id, "scheme_name": x.scheme_name, "description": x.description or None,
            "scheme_type": x.scheme_type, "sub_type": x.sub_type or None, "area_of_spend": x.area_of_spend or None,
            "commissioner": x.commissioner,
            "pct_nhs": x.pct_nhs / 100 if x.pct_nhs is not None else None,
            "pct_la": x.pct_la / 100 if x.pct_la is not None else None,
            "provider": x.provider or None,
            "source_of_funding": ref.stream_name(x.source_of_funding) if not x.source_of_funding.startswith(
                "unknown:") else x.source_of_funding[8:],
            "amount": x.amount, "planned_outputs": x.planned_outputs, "output_unit": x.output_unit or None,
            "new_existing": x.new_existing, "locality": x.locality or None}
        for k in EXPENDITURE_ORDER:
            fmt = MONEY if k == "amount" else ("0%" if k in ("pct_nhs", "pct_la") else None)
            _style(put(ws.cell(r, col[k]), values[k]), CALC if k == "output_unit" else INPUT, fmt)
        _style(put(ws.cell(r, len(EXPENDITURE_ORDER) + 1), LEVER_LABELS.get(ref.line_lever(x.scheme_type, x.sub_type))),
               CALC)
    total_row = last + 1
    amount_col = get_column_letter(col["amount"])
    put(ws.cell(total_row, 1), "Total").font = Font(bold=True)
    formulas.add(ws, f"{amount_col}{total_row}", f"=SUM({amount_col}{first}:{amount_col}{last})", plan.total_expenditure)
    _style(ws[f"{amount_col}{total_row}"], CALC, MONEY)
    for key, rng in ranges.items():
        letter = get_column_letter(col[key])
        dv = DataValidation(type="list", formula1=rng, allow_blank=True, errorStyle="warning", showErrorMessage=True,
                            error="Not in the list for this year.")
        ws.add_data_validation(dv)
        dv.add(f"{letter}{first}:{letter}{last}")
    ws.freeze_panes = "C4"
    ws.auto_filter.ref = f"A3:{get_column_letter(len(EXPENDITURE_ORDER) + 1)}{last}"
    ws.print_area = f"A1:{get_column_letter(len(EXPENDITURE_ORDER) + 1)}{total_row}"
    ws.print_title_rows = "3:3"

    # Localities and baselines, so the return reads back as the whole plan
    if plan.localities:
        ws = wb.create_sheet("Localities")
        put(ws["A1"], "Localities").font = TITLE_FONT
        lkeys = ("name", "population", "population_65_plus", "emergency_admissions_65_plus", "need_weight",
                 "district_code")
        _header(ws, 3, [_label(LOCALITY_FIELDS, k) for k in lkeys], [26, 16, 18, 24, 16, 16])
        for r, x in enumerate(plan.localities, start=4):
            for c, k in enumerate(lkeys, start=1):
                _style(put(ws.cell(r, c), getattr(x, k)), CALC, "#,##0" if c in (2, 3, 4) else None)
    ws = wb.create_sheet("Baselines")
    put(ws["A1"], "Local baselines").font = TITLE_FONT
    ws.column_dimensions["A"].width = 60
    for r, f in enumerate(BASELINE_FIELDS, start=3):
        put(ws.cell(r, 1), f.label).font = Font(bold=True)
        _style(put(ws.cell(r, 2), getattr(plan.baselines, f.key)), CALC, "#,##0.0")

    # Checklist
    ws = wb.create_sheet("Checklist")
    put(ws["A1"], f"BCF rules checklist {plan.year}").font = TITLE_FONT
    counts = {s: sum(f.severity == s for f in findings) for s in ("red", "amber", "green")}
    put(ws["A2"], f"{counts['red']} red · {counts['amber']} amber · {counts['green']} green")
    _header(ws, 4, ["Status", "Check", "Finding", "Cells"], [10, 44, 90, 40])
    for r, f in enumerate(sorted(findings, key=lambda f: {"red": 0, "amber": 1, "green": 2}[f.severity]), start=5):
        _style(put(ws.cell(r, 1), f.severity.capitalize()), RAG[f.severity])
        put(ws.cell(r, 2), f.title)
        cell = put(ws.cell(r, 3), f.message)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        refs = [c for c in f.cells if c.sheet in ("Expenditure", "Income")]
        if refs:
            first_ref = refs[0]
            c = put(ws.cell(r, 4), ", ".join(f"{x.sheet}!{x.cell}" for x in refs[:6])
                    + (f" and {len(refs) - 6} more" if len(refs) > 6 else ""))
            c.hyperlink = Hyperlink(ref=c.coordinate, location=f"'{first_ref.sheet}'!{first_ref.cell}",
                                    tooltip="Go to the first cell involved")
            c.font = Font(color="005EB8", underline="single")
    ws.freeze_panes = "A5"

    # Result tables
    for name, table in (tables or {}).items():
        _table_sheet(wb, name, table)

    for sheet in wb.worksheets:  # each sheet prints one page wide, landscape, over its used range
        if sheet.title not in ("Lists", "Expenditure"):
            sheet.print_area = sheet.dimensions
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.page_setup.orientation = "landscape"
    wb.move_sheet("Lists", offset=len(wb.sheetnames))
    buf = io.BytesIO()
    wb.save(buf)
    data = _save_formula_values(buf.getvalue(), wb.sheetnames, formulas)
    if isinstance(target, (str, Path)):
        Path(target).write_bytes(data)
    else:
        target.write(data)


def _positioned(plan: Plan) -> Plan:
    """The plan with every line and income row pointing at its cell in this return, so the
    checklist links to the return's own cells."""
    col = {k: get_column_letter(i) for i, k in enumerate(EXPENDITURE_ORDER, start=1)}
    lines = tuple(x.model_copy(update={"row": 4 + i, "sheet": "Expenditure",
                                        "cells": {k: f"{c}{4 + i}" for k, c in col.items()}})
                  for i, x in enumerate(plan.lines))
    income = tuple(inc.model_copy(update={"cell": CellRef(sheet="Income", cell=f"B{4 + i}")})
                   for i, inc in enumerate(plan.income))
    return plan.model_copy(update={"lines": lines, "income": income})


def _table_sheet(wb: Workbook, name: str, table: Table) -> None:
    """A sheet holding one result table: title, notes, header, grey calculated cells."""
    ws = wb.create_sheet(name[:31])
    put(ws["A1"], table.title).font = TITLE_FONT
    for i, note in enumerate(table.notes, start=2):
        put(ws.cell(i, 1), note).font = Font(italic=True, color="595959")
    hr = 3 + len(table.notes)
    widths = [max(12, min(60, max([len(str(col_name))] + [len(str(row[j])) for row in table.rows[:200]]) + 2))
              for j, col_name in enumerate(table.columns)]
    _header(ws, hr, list(table.columns), widths)
    for i, row in enumerate(table.rows, start=hr + 1):
        for j, value in enumerate(row, start=1):
            _style(put(ws.cell(i, j), value), CALC, table.formats.get(table.columns[j - 1]))
    ws.freeze_panes = f"B{hr + 1}"


def return_bytes(plan: Plan, **kw) -> bytes:
    buf = io.BytesIO()
    write_return(buf, plan, **kw)
    return buf.getvalue()


def _save_formula_values(data: bytes, sheetnames: list[str], formulas: _Formulas) -> bytes:
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


def write_tables_workbook(target: Path | str | BinaryIO, tables: dict[str, Table], metadata: dict[str, str]) -> None:
    """A workbook of result tables, one sheet each, and a Metadata sheet (versions, seed, runs, date)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Metadata"
    put(ws["A1"], "About this workbook").font = TITLE_FONT
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 90
    rows = {**metadata, "Colours": "Grey cells are calculated figures; the blue row at the top of each table holds its "
                                  "column headers (repeated on every printed page)."}
    for r, (k, v) in enumerate(rows.items(), start=3):
        put(ws.cell(r, 1), k).font = Font(bold=True)
        put(ws.cell(r, 2), v)
    for name, table in tables.items():
        _table_sheet(wb, name, table)
    if isinstance(target, (str, Path)):
        wb.save(str(target))
    else:
        wb.save(target)
