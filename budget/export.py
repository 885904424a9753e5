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

import io
from pathlib import Path
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.styles import Font

from budget.assurance import checklist_rows, conditions_table, sign_off_rows
from budget.columns import (
    BASELINE_FIELDS,
    EXPENDITURE_FIELDS,
    LOCALITY_FIELDS,
    LOCALITY_FORMATS,
    LOCALITY_ORDER,
    LOCALITY_WIDTHS,
)
from budget.export_parts import (  # the sheet writers both copies share
    Formulas,
    checklist_sheet,
    cover_sheet,
    declare_table,
    expenditure_sheet,
    finish_workbook,
    guidance_sheet,
    income_sheet,
    lists_sheet,
    positioned,
    table_sheet,
)
from budget.models import AREA_WIDE, REFERENCE_NAME, ExpenditureLine, Plan
from budget.need import need_shares, need_weight
from budget.reference import LEVER_LABELS, load_reference
from budget.rules import Finding, check
from budget.submission import Submission
from budget.tables import Table
from budget.template import (
    CALC,
    EXPENDITURE_ORDER,
    MONEY,
    TITLE_FONT,
    field_label,
    put,
    write_notes,
)
from budget.template import header_row as _header
from budget.template import styled as _style

# The submission copy's Expenditure columns, in the planning template's order (bcf.md §1.3 and addendum §2):
# no locality and no lever, which the template does not have.
# the analysis copy's Localities sheet after the input template's columns: what the model uses (not read back)
NEED_COLUMNS = ("Need weight the model uses", "Need weight from", "Share of need")
SUBMISSION_ORDER = ("scheme_id", "scheme_name", "description", "scheme_type", "sub_type", "scheme_type_other",
                    "planned_outputs", "output_unit", "area_of_spend", "area_of_spend_other", "commissioner",
                    "pct_nhs", "pct_la", "provider", "source_of_funding", "amount", "new_existing")
SUBMISSION_COLUMNS = tuple(field_label(EXPENDITURE_FIELDS, k) for k in SUBMISSION_ORDER)
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


# ---- collapsing localities --------------------------------------------------------------------
def _scheme_line_key(x: ExpenditureLine) -> tuple:
    return tuple(getattr(x, k) for k in SUBMISSION_ORDER if k not in ("amount", "planned_outputs"))


def template_plan(plan: Plan) -> Plan:
    """The plan as the planning template holds it.

    Each sub type BCF Planner adds for modelling is written as the template's sub type it names
    (``Reference.template_sub_type``), then there is one line per scheme line (`collapse_localities`).
    """
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


# ---- pieces both copies share -----------------------------------------------------------------
def _not_filled(wb: Workbook, name: str, why: str = "") -> None:
    """A sheet for a section the caller had nothing for, saying so in words (`why`, else the usual sentence)."""
    ws = wb.create_sheet(name)
    ws.column_dimensions["A"].width = 100
    write_notes(ws, [(name, TITLE_FONT), (why or NOT_FILLED[name], Font(bold=True))])


def _begin(plan: Plan, order: tuple[str, ...], findings: tuple[Finding, ...] | None, copy: str):
    """What each copy starts from.

    The year's reference data, the plan with its lines positioned in `order`, the rule findings (run on that plan
    unless given), an empty formula record and a titled workbook.
    """
    ref = load_reference(plan.year)
    plan = positioned(plan, order)
    findings = findings if findings is not None else check(plan, ref)
    wb = Workbook()
    wb.properties.title = f"Better Care Fund {copy} {plan.year}: {plan.area.name}"
    return ref, plan, findings, Formulas(), wb


def _bytes(write, plan: Plan, **kw) -> bytes:
    buf = io.BytesIO()
    write(buf, plan, **kw)
    return buf.getvalue()


# ---- the submission copy ----------------------------------------------------------------------
def write_submission(target: Path | str | BinaryIO, plan: Plan, *, scenario: str = REFERENCE_NAME,
                     submission: Submission | None = None, metrics: Table | None = None,
                     capacity: Table | None = None, findings: tuple[Finding, ...] | None = None,
                     note: str = "", unfilled: str = "") -> None:
    """Write the submission copy: the plan in the national planning template's shape.

    Args:
        target: a path or a binary file to write the workbook to.
        plan: the plan; written as the template holds it (`template_plan`): the template's sub types,
            lines collapsed over localities.
        scenario: the name of the scenario the figures come from, shown on the Cover.
        submission: what the area adds for its submission: who has signed (each required role nobody
            fills gets an empty named row, ``budget.assurance.sign_off_rows``) and its assurance
            statements for the year's national conditions (the National conditions sheet, and a
            Checklist row for each condition and for the sign-off).
        metrics: the goals for the three BCF metrics; given as None, the section says in words that it
            is not filled in yet.
        capacity: the capacity and demand plan; given as None, the section says so in the same way.
        findings: the rule findings for the Checklist (default: the rules run on the plan as written).
        note: a sentence for the Cover about the figures' basis (e.g. changes modelled but not written).
        unfilled: why the goals and the capacity plan are not filled in, when the caller knows (e.g. the
            model cannot run on this plan yet), in place of the usual sentence on their sheets.
    """
    submission = submission or Submission()
    ref, plan, findings, formulas, wb = _begin(template_plan(plan), SUBMISSION_ORDER, findings, "submission")
    guidance_sheet(wb, plan, [
        f"Better Care Fund {plan.year}: {plan.area.name} — submission copy",
        f"Prepared with BCF Planner. Scenario: {scenario}. This copy follows the national planning template's "
        "sheets and columns so its figures can be pasted into the template. Yellow cells are inputs, grey cells "
        "are calculated (totals are formulas with their values saved).",
        "Sheets: Cover (area, year, scenario and sign-off); Income by funding stream; Expenditure, one line per "
        "scheme × scheme type × source of funding (lines that differed only by locality are added together); "
        "Metrics (the goals for the three BCF metrics); Capacity and demand; National conditions; Checklist of BCF "
        "rules with links to the cells involved. Localities, levers and model results are in the analysis copy."])
    cover_sheet(wb, plan, scenario, sign_off_rows(plan, submission), note)
    income_sheet(wb, plan, ref, formulas)
    ranges = lists_sheet(wb, ref, template_only=True)
    expenditure_sheet(wb, plan, ref, SUBMISSION_ORDER, formulas, ranges,
                 f"Scenario: {scenario}. One row per scheme × scheme type × source of funding.", lever=False)
    conditions = conditions_table(plan, submission)
    for name, table in (("Metrics", metrics), ("Capacity and demand", capacity), ("National conditions", conditions)):
        if table is None:
            _not_filled(wb, name, "" if name == "National conditions" else unfilled)
        else:
            table_sheet(wb, name, table)
    checklist_sheet(wb, plan, findings, checklist_rows(plan, submission))
    finish_workbook(wb, formulas, target)


def submission_bytes(plan: Plan, **kw) -> bytes:
    """The submission copy as bytes (`write_submission`'s keyword arguments)."""
    return _bytes(write_submission, plan, **kw)


# ---- the analysis copy ------------------------------------------------------------------------
def locality_lever_table(plan: Plan) -> Table:
    """Spend and lines by locality and lever (area-wide lines as their own row)."""
    ref = load_reference(plan.year)
    sums: dict[tuple[str, str], list] = {}
    for x in plan.lines:
        key = (x.locality or AREA_WIDE, LEVER_LABELS.get(ref.line_lever(x.scheme_type, x.sub_type), "None"))
        cell = sums.setdefault(key, [0, 0.0])
        cell[0] += 1
        cell[1] += x.amount
    rows = tuple((loc, lever, n, amount) for (loc, lever), (n, amount) in sorted(sums.items()))
    return Table("Spend by locality and lever", ("Locality", "Lever (model)", "Lines", "Spend (£)"), rows,
                 {"Lines": "#,##0", "Spend (£)": MONEY},
                 ("Area-wide lines name no locality: the model shares them between localities by need-weighted "
                  "population aged 65+.",))


def write_analysis(target: Path | str | BinaryIO, plan: Plan, *, scenario: str = REFERENCE_NAME,
                   tables: dict[str, Table] | None = None, findings: tuple[Finding, ...] | None = None) -> None:
    """Write the analysis copy: the plan as the model sees it, and the model's result tables.

    Sheets: Guidance, Cover, Income, Expenditure (with Locality and Lever columns), Localities,
    Baselines, By locality and lever, Checklist, then `tables` in order, and the hidden Lists. It reads
    back with the project's loader as the same plan.
    """
    ref, plan, findings, formulas, wb = _begin(plan, EXPENDITURE_ORDER, findings, "analysis")
    guidance_sheet(wb, plan, [
        f"Better Care Fund {plan.year}: {plan.area.name} — analysis copy",
        f"Prepared with BCF Planner. Scenario: {scenario}. This copy holds what the model sees: each line with "
        "its locality and lever, the localities and baselines, and the model's results. The copy to submit is the "
        "submission copy.",
        "Sheets: Cover; Income by funding stream; Expenditure with Locality and Lever; Localities; Baselines; "
        "By locality and lever; Checklist of BCF rules with links to the cells involved; "
        + "; ".join(t.title for t in (tables or {}).values()) + "."])
    cover_sheet(wb, plan, scenario, None)
    income_sheet(wb, plan, ref, formulas)
    ranges = lists_sheet(wb, ref, template_only=False)
    expenditure_sheet(wb, plan, ref, EXPENDITURE_ORDER, formulas, ranges,
                 f"Scenario: {scenario}. One row per scheme × scheme type × source of funding × locality.",
                 lever=True)
    if plan.localities:
        ws = wb.create_sheet("Localities")
        put(ws["A1"], "Localities").font = TITLE_FONT
        labels = [field_label(LOCALITY_FIELDS, k) for k in LOCALITY_ORDER] + list(NEED_COLUMNS)
        _header(ws, 3, labels, list(LOCALITY_WIDTHS) + [22, 18, 16])
        shares = need_shares(plan.localities)
        for r, (x, share) in enumerate(zip(plan.localities, shares, strict=True), start=4):
            for c, k in enumerate(LOCALITY_ORDER, start=1):
                _style(put(ws.cell(r, c), getattr(x, k)), CALC, LOCALITY_FORMATS.get(k))
            weight, source = need_weight(x)
            for c, (v, fmt) in enumerate(((weight, "0.000"), (source, None), (share, "0.0%")),
                                         start=len(LOCALITY_ORDER) + 1):
                _style(put(ws.cell(r, c), v), CALC, fmt)
        declare_table(ws, 3, len(labels), 3 + len(plan.localities))
        ws.freeze_panes = "A4"
    ws = wb.create_sheet("Baselines")
    put(ws["A1"], "Local baselines").font = TITLE_FONT
    ws.column_dimensions["A"].width = 60
    for r, f in enumerate(BASELINE_FIELDS, start=3):
        put(ws.cell(r, 1), f.label).font = Font(bold=True)
        _style(put(ws.cell(r, 2), getattr(plan.baselines, f.key)), CALC, "#,##0.0")
    table_sheet(wb, "By locality and lever", locality_lever_table(plan))
    checklist_sheet(wb, plan, findings)
    for name, table in (tables or {}).items():
        table_sheet(wb, name, table)
    finish_workbook(wb, formulas, target)


def analysis_bytes(plan: Plan, **kw) -> bytes:
    """The analysis copy as bytes (`write_analysis`'s keyword arguments)."""
    return _bytes(write_analysis, plan, **kw)


write_return = write_analysis  # the return before it had two copies
return_bytes = analysis_bytes


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
        table_sheet(wb, name, table)
    if isinstance(target, (str, Path)):
        wb.save(str(target))
    else:
        wb.save(target)
