"""The Excel return in two copies, for finance, the BCF team and the analysts.

The **submission copy** (`write_submission`) is in the national planning template's shape, so a BCF
lead can paste it into the template: Guidance, Cover (area, year, scenario and every signatory),
Income, Expenditure (the template's columns only: lines that differ only by locality are one line),
Metrics (the three goals), Capacity and demand, National conditions, Checklist, and a hidden Lists
sheet feeding the drop-downs. The **analysis copy** (`write_analysis`) keeps what the model sees:
lines with their locality and lever, localities, baselines, spend by locality and lever, the rule
checklist and the result tables the caller passes (Metrics, Results, Assumptions …).

Tables the model makes come in as typed ``Table``s, so this package never depends on the model.
Totals are formulas *with their values saved*, so pandas and openpyxl read numbers without Excel
recalculating. Text from a plan is always written as text. Both copies read back with the
project's own loader: the analysis copy as the same plan, the submission copy as the same plan with
its localities collapsed. Every table's header row is declared (an Excel table, repeated on every
printed page, named for screen readers) and every colour is also said in words.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Sequence
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

from budget.columns import BASELINE_FIELDS, COVER_FIELDS, EXPENDITURE_FIELDS, INCOME_FIELDS, LOCALITY_FIELDS
from budget.models import CellRef, ExpenditureLine, Plan
from budget.reference import LEVER_LABELS, Reference, load_reference, norm
from budget.rules import Finding, check
from budget.submission import Signatory
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
STATUS_WORDS = {"red": "Red: a rule is broken; fix it before sign-off.", "amber": "Amber: something to check.",
                "green": "Green: the rule is met."}
# Every colour in the return, said in words on the Guidance sheet: no meaning is carried by colour alone.
COLOURS_IN_WORDS = (
    "Colours: yellow cells are inputs to fill in; grey cells are calculated for you; the blue row at the top of "
    "each table holds its column headers (repeated on every printed page, and declared as the table's header "
    "row). On the Checklist the status of each rule is written in the Status column as Red (a rule is broken: "
    "fix it before sign-off), Amber (something to check) or Green (the rule is met); the cell colour only "
    "repeats that word, and each status cell carries a note saying it again.")
# The submission copy's Expenditure columns, in the planning template's order (bcf.md §1.3 and addendum §2):
# no locality and no lever, which the template does not have.
SUBMISSION_ORDER = ("scheme_id", "scheme_name", "description", "scheme_type", "sub_type", "scheme_type_other",
                    "planned_outputs", "output_unit", "area_of_spend", "area_of_spend_other", "commissioner",
                    "pct_nhs", "pct_la", "provider", "source_of_funding", "amount", "new_existing")
SUBMISSION_COLUMNS = tuple(_label(EXPENDITURE_FIELDS, k) for k in SUBMISSION_ORDER)
_WIDTHS = {**EXPENDITURE_WIDTHS, "scheme_type_other": 30, "area_of_spend_other": 26}
SUBMISSION_SHEETS = ("Guidance", "Cover", "Income", "Expenditure", "Metrics", "Capacity and demand",
                     "National conditions", "Checklist", "Lists")
NOT_FILLED = {
    "Metrics": "The goals for the three BCF metrics are not filled in yet: set them on the Goals page "
               "(or with bcf goals), then export again.",
    "Capacity and demand": "The intermediate care capacity and demand plan is not filled in yet: this section "
                           "of the submission still has to be completed.",
    "National conditions": "The assurance statements for the national conditions are not filled in yet: this "
                           "section of the submission still has to be completed.",
}


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


# ---- collapsing localities --------------------------------------------------------------------
def _scheme_line_key(x: ExpenditureLine) -> tuple:
    return tuple(getattr(x, k) for k in SUBMISSION_ORDER if k not in ("amount", "planned_outputs"))


def template_plan(plan: Plan) -> Plan:
    """The plan as the planning template holds it: each sub type BCF Planner adds for modelling written
    as the template's sub type it names (``Reference.template_sub_type``), then one line per scheme line
    (`collapse_localities`)."""
    ref = load_reference(plan.year)
    lines = tuple(x.model_copy(update={"sub_type": ref.template_sub_type(x.scheme_type, x.sub_type)})
                  if x.sub_type else x for x in plan.lines)
    return collapse_localities(plan.model_copy(update={"lines": lines}))


def collapse_localities(plan: Plan) -> Plan:
    """The plan with one line per scheme line, as the planning template has it.

    Lines that differ only by locality (same scheme id, name, description, type, sub type, area of
    spend, commissioner and splits, provider, source of funding, unit and new/existing) become one
    line with no locality, their amounts and planned outputs summed (outputs stay blank when no line
    had any). The lines keep the order of each scheme line's first appearance; income, cover and
    totals are unchanged, and the plan keeps no localities.
    """
    groups: dict[tuple, list[ExpenditureLine]] = {}
    for x in plan.lines:
        groups.setdefault(_scheme_line_key(x), []).append(x)
    lines = []
    for group in groups.values():
        outputs = [x.planned_outputs for x in group if x.planned_outputs is not None]
        lines.append(group[0].model_copy(update={
            "amount": sum(x.amount for x in group), "locality": "",
            "planned_outputs": sum(outputs) if outputs else None, "row": None, "sheet": None, "cells": {}}))
    return plan.model_copy(update={"lines": tuple(lines), "localities": ()})


# ---- sign-off ---------------------------------------------------------------------------------
def _plan_icbs(plan: Plan) -> list[str]:
    names: dict[str, str] = {}
    for name in [i.icb for i in plan.income if i.icb and i.icb.strip()] or list(plan.area.icbs):
        names.setdefault(norm(name), " ".join(name.split()))
    return list(names.values())


def signatory_rows(plan: Plan, signatories: Sequence[Signatory]) -> tuple[Signatory, ...]:
    """The signatories to write, with an empty named row for each required role nobody fills.

    Required: the Health and Wellbeing Board chair; the chief executive of every partner organisation
    (each ICB on the plan's income lines or cover, else one ICB row; the council); the council's
    section 151 officer. A given signatory fills the required row with its role and organisation, or
    the only required row with its role; the rest are written after the required rows.
    """
    council = f"{plan.area.name} council"
    required = [Signatory(role="Health and Wellbeing Board chair",
                          organisation=f"{plan.area.name} Health and Wellbeing Board")]
    required += [Signatory(role="ICB chief executive", organisation=icb) for icb in _plan_icbs(plan)] or [
        Signatory(role="ICB chief executive")]
    required += [Signatory(role="Council chief executive", organisation=council),
                 Signatory(role="Section 151 officer", organisation=council)]
    rows: list[Signatory] = list(required)
    filled: set[int] = set()
    extra = []
    for s in signatories:
        same = [i for i, r in enumerate(rows) if i not in filled and norm(r.role) == norm(s.role)]
        exact = [i for i in same if norm(rows[i].organisation) == norm(s.organisation)]
        only = len(same) == 1 and sum(norm(r.role) == norm(s.role) for r in required) == 1
        hit = exact[0] if exact else same[0] if only else None
        if hit is None:
            extra.append(s)
            continue
        filled.add(hit)
        rows[hit] = rows[hit].model_copy(update={"name": s.name, "signed_on": s.signed_on,
                                                 "organisation": rows[hit].organisation or s.organisation})
    return tuple(rows) + tuple(extra)


# ---- pieces both copies share -----------------------------------------------------------------
def _table_name(ws, used: set[str]) -> str:
    base = re.sub(r"[^A-Za-z0-9_]", "_", ws.title) or "Table"
    name, i = f"T_{base}", 2
    while name in used:
        name, i = f"T_{base}_{i}", i + 1
    used.add(name)
    return name


def _declare(ws, header: int, ncols: int, last: int) -> None:
    """Declare the block from `header` to `last` an Excel table (header row and data rows)."""
    if last <= header:
        return  # a table needs a data row
    used = {t for sheet in ws.parent.worksheets for t in sheet.tables}
    t = ExcelTable(displayName=_table_name(ws, used), ref=f"A{header}:{get_column_letter(ncols)}{last}")
    t.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=False, showColumnStripes=False)
    ws.add_table(t)


def _guidance(wb: Workbook, plan: Plan, lines: list[str]) -> None:
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


def _cover(wb: Workbook, plan: Plan, scenario: str, signatories: tuple[Signatory, ...] | None) -> None:
    ws = wb.create_sheet("Cover")
    put(ws["A1"], f"Better Care Fund {plan.year}: cover").font = TITLE_FONT
    for letter, width in zip("ABCD", (52, 44, 30, 16), strict=True):
        ws.column_dimensions[letter].width = width
    rows = [(_label(COVER_FIELDS, "area_name"), plan.area.name, None),
            (_label(COVER_FIELDS, "area_code"), plan.area.code, None),
            (_label(COVER_FIELDS, "icbs"), "; ".join(plan.area.icbs) or None, None),
            (_label(COVER_FIELDS, "year"), plan.year, None),
            ("Scenario", scenario, None),
            (_label(COVER_FIELDS, "minimum_nhs_asc_required"), plan.minimum_nhs_asc_required, MONEY)]
    if plan.illustrative:
        rows.append((_label(COVER_FIELDS, "illustrative"), "Yes", None))
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
    _header(ws, head, ["Role", "Organisation", "Name", "Date signed"], [52, 44, 30, 16])
    for i, s in enumerate(signatories, start=head + 1):
        _style(put(ws.cell(i, 1), s.role), CALC)
        _style(put(ws.cell(i, 2), s.organisation or None), CALC if s.organisation else INPUT)
        _style(put(ws.cell(i, 3), s.name or None), INPUT)
        _style(put(ws.cell(i, 4), s.signed_on), INPUT, "dd/mm/yyyy")
    _declare(ws, head, 4, head + len(signatories))


def _income(wb: Workbook, plan: Plan, ref: Reference, formulas: _Formulas) -> None:
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
    _declare(ws, 3, 4, r)
    put(ws.cell(r + 1, 1), "Total").font = Font(bold=True)
    formulas.add(ws, f"B{r + 1}", f"=SUM(B4:B{max(r, 4)})", plan.total_income)
    _style(ws[f"B{r + 1}"], CALC, MONEY)
    ws.freeze_panes = "A4"


def _lists(wb: Workbook, ref: Reference, template_only: bool) -> dict[str, str]:
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


def _expenditure(wb: Workbook, plan: Plan, ref: Reference, order: tuple[str, ...], formulas: _Formulas,
                 ranges: dict[str, str], note: str, lever: bool) -> None:
    ws = wb.create_sheet("Expenditure")
    put(ws["A1"], f"Expenditure {plan.year}").font = TITLE_FONT
    put(ws["A2"], note)
    ncols = len(order) + (1 if lever else 0)
    _header(ws, 3, [_label(EXPENDITURE_FIELDS, k) for k in order] + (["Lever (model)"] if lever else []),
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
    _declare(ws, 3, ncols, 3 + len(plan.lines))
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
    ws.print_area = f"A1:{get_column_letter(ncols)}{total_row}"
    ws.print_title_rows = "3:3"


def _checklist(wb: Workbook, plan: Plan, findings: tuple[Finding, ...]) -> None:
    ws = wb.create_sheet("Checklist")
    put(ws["A1"], f"BCF rules checklist {plan.year}").font = TITLE_FONT
    counts = {s: sum(f.severity == s for f in findings) for s in ("red", "amber", "green")}
    put(ws["A2"], f"{counts['red']} red · {counts['amber']} amber · {counts['green']} green")
    _header(ws, 4, ["Status", "Check", "Finding", "Cells"], [10, 44, 90, 40])
    r = 4
    for r, f in enumerate(sorted(findings, key=lambda f: {"red": 0, "amber": 1, "green": 2}[f.severity]), start=5):
        status = _style(put(ws.cell(r, 1), f.severity.capitalize()), RAG[f.severity])
        status.comment = Comment(STATUS_WORDS[f.severity], "BCF Planner")
        put(ws.cell(r, 2), f.title)
        cell = put(ws.cell(r, 3), f.message)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[r].height = 13 * max(1, -(-len(f.message) // 86)) + 3
        refs = [c for c in f.cells if c.sheet in ("Expenditure", "Income")]
        if refs:
            first_ref = refs[0]
            c = put(ws.cell(r, 4), ", ".join(f"{x.sheet}!{x.cell}" for x in refs[:6])
                    + (f" and {len(refs) - 6} more" if len(refs) > 6 else ""))
            c.hyperlink = Hyperlink(ref=c.coordinate, location=f"'{first_ref.sheet}'!{first_ref.cell}",
                                    tooltip="Go to the first cell involved")
            c.font = Font(color="005EB8", underline="single")
    _declare(ws, 4, 4, r)
    ws.freeze_panes = "A5"


def _not_filled(wb: Workbook, name: str) -> None:
    """A sheet for a section the caller had nothing for, saying so in words."""
    ws = wb.create_sheet(name)
    ws.column_dimensions["A"].width = 100
    write_notes(ws, [(name, TITLE_FONT), (NOT_FILLED[name], Font(bold=True))])


def _finish(wb: Workbook, formulas: _Formulas, target: Path | str | BinaryIO) -> None:
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


# ---- the submission copy ----------------------------------------------------------------------
def write_submission(target: Path | str | BinaryIO, plan: Plan, *, scenario: str = "Plan as submitted",
                     signatories: Sequence[Signatory] = (), metrics: Table | None = None,
                     capacity: Table | None = None, conditions: Table | None = None,
                     findings: tuple[Finding, ...] | None = None) -> None:
    """Write the submission copy: the plan in the national planning template's shape.

    Args:
        target: a path or a binary file to write the workbook to.
        plan: the plan; written as the template holds it (`template_plan`): the template's sub types,
            lines collapsed over localities.
        scenario: the name of the scenario the figures come from, shown on the Cover.
        signatories: who has signed (e.g. ``Submission.sign_off``); each required role nobody fills
            gets an empty named row (`signatory_rows`).
        metrics: the goals for the three BCF metrics; capacity: the capacity and demand plan;
            conditions: the national conditions with their assurance statements. A section given as
            None says in words that it is not filled in yet.
        findings: the rule findings for the Checklist (default: the rules run on the plan as written).
    """
    ref = load_reference(plan.year)
    plan = _positioned(template_plan(plan), SUBMISSION_ORDER)
    findings = findings if findings is not None else check(plan, ref)
    formulas = _Formulas()
    wb = Workbook()
    wb.properties.title = f"Better Care Fund submission {plan.year}: {plan.area.name}"
    _guidance(wb, plan, [
        f"Better Care Fund {plan.year}: {plan.area.name} — submission copy",
        f"Prepared with BCF Planner. Scenario: {scenario}. This copy follows the national planning template's "
        "sheets and columns so its figures can be pasted into the template. Yellow cells are inputs, grey cells "
        "are calculated (totals are formulas with their values saved).",
        "Sheets: Cover (area, year, scenario and sign-off); Income by funding stream; Expenditure, one line per "
        "scheme × scheme type × source of funding (lines that differed only by locality are added together); "
        "Metrics (the goals for the three BCF metrics); Capacity and demand; National conditions; Checklist of BCF "
        "rules with links to the cells involved. Localities, levers and model results are in the analysis copy."])
    _cover(wb, plan, scenario, signatory_rows(plan, signatories))
    _income(wb, plan, ref, formulas)
    ranges = _lists(wb, ref, template_only=True)
    _expenditure(wb, plan, ref, SUBMISSION_ORDER, formulas, ranges,
                 f"Scenario: {scenario}. One row per scheme × scheme type × source of funding.", lever=False)
    for name, table in (("Metrics", metrics), ("Capacity and demand", capacity), ("National conditions", conditions)):
        if table is None:
            _not_filled(wb, name)
        else:
            _table_sheet(wb, name, table)
    _checklist(wb, plan, findings)
    _finish(wb, formulas, target)


def submission_bytes(plan: Plan, **kw) -> bytes:
    """The submission copy as bytes (`write_submission`'s keyword arguments)."""
    buf = io.BytesIO()
    write_submission(buf, plan, **kw)
    return buf.getvalue()


# ---- the analysis copy ------------------------------------------------------------------------
def locality_lever_table(plan: Plan) -> Table:
    """Spend and lines by locality and lever (area-wide lines as their own row)."""
    ref = load_reference(plan.year)
    sums: dict[tuple[str, str], list] = {}
    for x in plan.lines:
        key = (x.locality or "Area-wide", LEVER_LABELS.get(ref.line_lever(x.scheme_type, x.sub_type), "None"))
        cell = sums.setdefault(key, [0, 0.0])
        cell[0] += 1
        cell[1] += x.amount
    rows = tuple((loc, lever, n, amount) for (loc, lever), (n, amount) in sorted(sums.items()))
    return Table("Spend by locality and lever", ("Locality", "Lever (model)", "Lines", "Spend (£)"), rows,
                 {"Lines": "#,##0", "Spend (£)": MONEY},
                 ("Area-wide lines name no locality: the model shares them between localities by need-weighted "
                  "population aged 65+.",))


def write_analysis(target: Path | str | BinaryIO, plan: Plan, *, scenario: str = "Plan as submitted",
                   tables: dict[str, Table] | None = None, findings: tuple[Finding, ...] | None = None) -> None:
    """Write the analysis copy: the plan as the model sees it, and the model's result tables.

    Sheets: Guidance, Cover, Income, Expenditure (with Locality and Lever columns), Localities,
    Baselines, By locality and lever, Checklist, then `tables` in order, and the hidden Lists. It reads
    back with the project's loader as the same plan.
    """
    ref = load_reference(plan.year)
    plan = _positioned(plan, EXPENDITURE_ORDER)
    findings = findings if findings is not None else check(plan, ref)
    formulas = _Formulas()
    wb = Workbook()
    wb.properties.title = f"Better Care Fund analysis {plan.year}: {plan.area.name}"
    _guidance(wb, plan, [
        f"Better Care Fund {plan.year}: {plan.area.name} — analysis copy",
        f"Prepared with BCF Planner. Scenario: {scenario}. This copy holds what the model sees: each line with "
        "its locality and lever, the localities and baselines, and the model's results. The copy to submit is the "
        "submission copy.",
        "Sheets: Cover; Income by funding stream; Expenditure with Locality and Lever; Localities; Baselines; "
        "By locality and lever; Checklist of BCF rules with links to the cells involved; "
        + "; ".join(t.title for t in (tables or {}).values()) + "."])
    _cover(wb, plan, scenario, None)
    _income(wb, plan, ref, formulas)
    ranges = _lists(wb, ref, template_only=False)
    _expenditure(wb, plan, ref, EXPENDITURE_ORDER, formulas, ranges,
                 f"Scenario: {scenario}. One row per scheme × scheme type × source of funding × locality.",
                 lever=True)
    if plan.localities:
        ws = wb.create_sheet("Localities")
        put(ws["A1"], "Localities").font = TITLE_FONT
        lkeys = ("name", "population", "population_65_plus", "emergency_admissions_65_plus", "need_weight",
                 "district_code")
        _header(ws, 3, [_label(LOCALITY_FIELDS, k) for k in lkeys], [26, 16, 18, 24, 16, 16])
        for r, x in enumerate(plan.localities, start=4):
            for c, k in enumerate(lkeys, start=1):
                _style(put(ws.cell(r, c), getattr(x, k)), CALC, "#,##0" if c in (2, 3, 4) else None)
        _declare(ws, 3, len(lkeys), 3 + len(plan.localities))
        ws.freeze_panes = "A4"
    ws = wb.create_sheet("Baselines")
    put(ws["A1"], "Local baselines").font = TITLE_FONT
    ws.column_dimensions["A"].width = 60
    for r, f in enumerate(BASELINE_FIELDS, start=3):
        put(ws.cell(r, 1), f.label).font = Font(bold=True)
        _style(put(ws.cell(r, 2), getattr(plan.baselines, f.key)), CALC, "#,##0.0")
    _table_sheet(wb, "By locality and lever", locality_lever_table(plan))
    _checklist(wb, plan, findings)
    for name, table in (tables or {}).items():
        _table_sheet(wb, name, table)
    _finish(wb, formulas, target)


def analysis_bytes(plan: Plan, **kw) -> bytes:
    """The analysis copy as bytes (`write_analysis`'s keyword arguments)."""
    buf = io.BytesIO()
    write_analysis(buf, plan, **kw)
    return buf.getvalue()


write_return = write_analysis  # the return before it had two copies
return_bytes = analysis_bytes


def _positioned(plan: Plan, order: tuple[str, ...]) -> Plan:
    """The plan with every line and income row pointing at its cell in this return, so the
    checklist links to the return's own cells."""
    col = {k: get_column_letter(i) for i, k in enumerate(order, start=1)}
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
    def shown(value: object) -> str:
        return f"£{value:,.2f}" if isinstance(value, float) else str(value)

    widths = [max(12, min(60, max([len(str(col_name))] + [len(shown(row[j])) for row in table.rows[:200]]) + 2))
              for j, col_name in enumerate(table.columns)]
    _header(ws, hr, list(table.columns), widths)
    for i, row in enumerate(table.rows, start=hr + 1):
        for j, value in enumerate(row, start=1):
            fmt = table.formats.get(table.columns[j - 1]) or ("dd/mm/yyyy" if isinstance(value, dt.date) else None)
            cell = _style(put(ws.cell(i, j), value), CALC, fmt)
            cell.alignment = Alignment(vertical="top")
            if isinstance(value, str) and len(value) > widths[j - 1]:  # wrapped, and the row tall enough for it
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                lines = -(-len(value) // max(widths[j - 1] - 4, 1))
                ws.row_dimensions[i].height = max(ws.row_dimensions[i].height or 15, 13 * lines + 3)
    if len(set(table.columns)) == len(table.columns):
        _declare(ws, hr, len(table.columns), hr + len(table.rows))
    ws.freeze_panes = f"B{hr + 1}"


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
