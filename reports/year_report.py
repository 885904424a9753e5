"""The quarterly and year-end reports as Excel workbooks, from the plan as submitted and the year so far.

Every figure is the ``Tracking``'s own, as ``bcf track --json`` gives it (``Tracking.to_json()``), so the reports, the
Monitor page and the command line say the same: each metric's progress against its goal and the plan's modelled
range, spend to date by funding stream and scheme, and at year end the pool's income beside actual expenditure by
source, the NHS minimum on adult social care and outputs delivered; then the national conditions to confirm and the
sign-off, from the scenario's submission. What sheets a report has, in what order and with what columns is the year's
report shape (``budget.report_shapes``, unconfirmed reference data). Yellow cells are the area's to fill in (whether
each condition is still met, each metric's challenges, achievements and support needed, the sign-off dates); grey
cells are calculated; every status is written in words, its colour only repeating it.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from budget.actuals import month_label, months
from budget.assurance import assure, sign_off_rows
from budget.export_parts import RAG, declare_table
from budget.metrics import BY_ID
from budget.models import Plan
from budget.report_shapes import EDITABLE_KEYS, INPUT_KEYS, Kind, ReportShapes, SheetShape, report_shapes
from budget.submission import Submission
from budget.template import CALC, INPUT, MONEY, TITLE_FONT, header_row, put, row_height, styled

QUARTERS = (1, 2, 3, 4)
COUNT = "#,##0"
OUTPUT = "#,##0.0"
RANGE_NOTE = ("The plan's range (P10 to P90) for admissions is the outcomes the plan expected: its modelled effect "
              "with the chance variation of counts of their size. For the discharge delay it is the plan's modelled "
              "effect only, without chance variation from month to month. The percentile is where the actual falls in "
              "it: near 0, better than the plan expected; near 100, worse.")
NARROW_KEYS = frozenset({"goal_year", "goal_to_date", "p10_to_date", "p90_to_date", "rolling_actual", "status",
                         "status_basis", "percentile", "months_given", "code"})
MONEY_KEYS = frozenset({"planned_year", "planned_to_date", "actual_to_date", "variance", "forecast_outturn",
                        "forecast_run_rate", "income", "unspent", "required"})
COLOURS_IN_WORDS = ("Colours: yellow cells are yours to fill in; grey cells are calculated from the plan as submitted "
                    "and the actuals; the blue row at the top of each table holds its column headers. Every status "
                    "is written in words; the colour of its cell only repeats the word (green: on plan or on track; "
                    "amber: to watch; red: off plan or off track).")


@dataclass(frozen=True)
class Rows:
    """A sheet's table: its rows (figure key -> value), a totals row, number formats by key, notes above it."""

    rows: list[dict]
    total: dict | None = None
    formats: dict[str, str] | None = None
    notes: tuple[str, ...] = ()


def quarter_end(year: str, quarter: int) -> str:
    """The last month of a quarter of the financial year: ('2026-27', 2) -> '2026-09'."""
    if quarter not in QUARTERS:
        raise ValueError(f"there is no quarter {quarter}; give Q1, Q2, Q3 or Q4")
    return months(year)[3 * quarter - 1]


def period_words(year: str, quarter: int | None) -> str:
    """'Quarter 2, April to September 2026 (the year to date)' or 'Year end, 2026-27 (April 2026 to March 2027)'."""
    ms = months(year)
    if quarter is None:
        return f"Year end, {year} ({_long(ms[0])} to {_long(ms[-1])})"
    return f"Quarter {quarter}, {_long(ms[0]).split()[0]} to {_long(quarter_end(year, quarter))} (the year to date)"


def _long(month: str) -> str:
    return dt.date(int(month[:4]), int(month[5:]), 1).strftime("%B %Y")


def _status(d: dict) -> dict:
    return {"status": d["status"][:1].upper() + d["status"][1:], "colour": d.get("colour")}


def _money_rows(groups: dict, total: dict) -> Rows:
    rows = [{"key": k, **v, **_status(v)} for k, v in groups.items()]
    return Rows(rows, {"key": "", **total, "label": "Total", **_status(total)})


def _metrics(j: dict) -> Rows:
    rows, formats = [], {}
    for mid, m in j["metrics"].items():
        ytd = m["year_to_date"]
        rolling = m.get("rolling_12_months") or {}
        rows.append({"metric": m["label"], "unit": m["unit"], "goal_year": m["goal_year"], "goal_to_date": ytd["goal"],
                     "actual_to_date": ytd["actual"], "p10_to_date": ytd["p10"], "p90_to_date": ytd["p90"],
                     "rolling_to": _long(rolling["to"]) if rolling else None, "rolling_actual": rolling.get("actual"),
                     "status": _status(m)["status"], "colour": m["colour"],
                     "status_basis": _say_basis(m.get("status_basis")),
                     "percentile": m["percentile_in_plan_range"], "months_given": ytd["months"],
                     "format": "#,##0." + "0" * BY_ID[mid].digits})
    formats = {"percentile": "0.0", "months_given": COUNT}
    return Rows(rows, None, formats, ("Admissions to date are the months' rates added up; the discharge delay to date "
                                      "is the months' average; the latest published 12 months (ASCOF) stand beside "
                                      "the goal for the year. Write each metric's challenges, achievements and support "
                                      "needed in its yellow cells.", RANGE_NOTE))


def _say_basis(basis: str | None) -> str | None:
    return None if basis is None else basis[:1].upper() + basis[1:]


def _conditions(plan: Plan, submission: Submission, question: str) -> Rows:
    rows = [{"code": c.condition.code, "title": c.condition.title, "text": c.condition.text,
             "statement": c.statement, "status_at_plan": c.status} for c in assure(plan, submission)]
    return Rows(rows, notes=(f"{question} Answer Yes or No for each condition and, where not, say why and what is "
                             "being done.",))


def _income(plan: Plan, j: dict) -> Rows:
    from budget.reference import load_reference

    ref = load_reference(plan.year)
    income: dict[str, float] = {}
    for x in plan.income:
        income[x.stream] = income.get(x.stream, 0.0) + x.amount
    spend = j["spend"]["by_stream"]
    zero = dict.fromkeys(("planned_year", "planned_to_date", "actual_to_date", "variance", "forecast_outturn"), 0.0)
    rows = []
    for key in [*income, *(k for k in spend if k not in income)]:
        got = spend.get(key, {**zero, "label": ref.stream_name(key)})
        inc = round(income.get(key, 0.0), 2)
        rows.append({**got, "key": key, "income": inc, "unspent": round(inc - got["actual_to_date"], 2)})
    total = {k: round(sum(r[k] for r in rows), 2) for k in ("income", *zero, "unspent")}
    return Rows(rows, {**total, "key": "", "label": "Total"},
                notes=("Income is the pool's income in the plan as submitted; expenditure is what the actuals report "
                       "spent in the year.",))


def _minimum(j: dict) -> Rows:
    m = j["spend"]["nhs_minimum_social_care"]
    required = m.get("required")
    met = "Not set in the plan" if required is None else "Yes" if m["actual_to_date"] >= required - 0.005 else "No"
    return Rows([{**m, "met": met, "colour": None if required is None else "green" if met == "Yes" else "red"}],
                notes=("The spend on lines that count towards the minimum NHS contribution to adult social care.",))


def _outputs(j: dict) -> Rows:
    rows = [{**x, **_status(x)} for x in j["outputs"]["by_line"]]
    return Rows(rows, formats={"planned_year": OUTPUT, "planned_to_date": OUTPUT, "delivered_to_date": OUTPUT},
                notes=("People served (or other outputs) delivered against the plan's outputs for each line; a blank "
                       "is a line that reported none.",))


def _sign_off(plan: Plan, submission: Submission) -> Rows:
    rows = [{"role": s.role, "organisation": s.organisation, "name": s.name} for s in sign_off_rows(plan, submission)]
    return Rows(rows, notes=("Each partner signs this report off; the names are those in the plan's sign-off.",))


def _rows(sheet: str, plan: Plan, submission: Submission, j: dict, question: str) -> Rows:
    if sheet == "national_conditions":
        return _conditions(plan, submission, question)
    if sheet == "metrics":
        return _metrics(j)
    if sheet == "spend_by_stream":
        return _money_rows(j["spend"]["by_stream"], j["spend"]["total"])
    if sheet == "spend_by_scheme":
        return _money_rows(j["spend"]["by_scheme"], j["spend"]["total"])
    if sheet == "income_and_expenditure":
        return _income(plan, j)
    if sheet == "nhs_minimum":
        return _minimum(j)
    if sheet == "outputs":
        return _outputs(j)
    return _sign_off(plan, submission)


def _cover(ws, plan: Plan, j: dict, title: str, period: str, confirmed: bool, notes: tuple[str, ...]) -> None:
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width = 34, 90
    put(ws.cell(1, 1), f"Better Care Fund {plan.year}: {title.lower()}").font = TITLE_FONT
    facts = [("Health and Wellbeing Board", plan.area.name), ("HWB Code", plan.area.code),
             ("Financial Year", plan.year), ("Report", period),
             ("Figures to the end of", _long(j["to"]) if j["to"] else "No month reported yet"),
             ("Plan", j["scenario"]), ("Prepared on", dt.date.today().strftime("%d %B %Y").lstrip("0"))]
    if j["illustrative"]:
        facts.append(("Illustrative", "Yes: every figure is made up to show how the tool works."))
    for r, (label, value) in enumerate(facts, start=3):
        put(ws.cell(r, 1), label).font = Font(bold=True)
        styled(put(ws.cell(r, 2), value), CALC)
    text = [COLOURS_IN_WORDS]
    if not confirmed:
        text.append("This report's layout is BCF Planner's own: the national template for it has not been confirmed, "
                    "so copy the figures into the national template where one is issued.")
    text += [f"To note: {n}" for n in notes]
    for r, line in enumerate(text, start=len(facts) + 4):
        cell = put(ws.cell(r, 1), line)
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=2)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[r].height = 15 * max(1, -(-len(line) // 120)) + 3


def _format(key: str, row: dict, formats: dict[str, str]) -> str | None:
    if key in formats:
        return formats[key]
    if key in MONEY_KEYS:
        return row.get("format") or MONEY
    if key in ("goal_year", "goal_to_date", "actual_to_date", "p10_to_date", "p90_to_date", "rolling_actual"):
        return row.get("format")
    return None


def _height(texts: list[str], widths: list[int]) -> float:
    """Points tall enough for the longest wrapped text of a row."""
    lines = max((-(-len(t) // max(w - 3, 1)) for t, w in zip(texts, widths, strict=True) if t), default=1)
    return row_height(13 * max(lines, 1) + 4)


def _table(ws, shape: SheetShape, heading: str, table: Rows) -> None:
    put(ws.cell(1, 1), heading).font = TITLE_FONT
    for i, note in enumerate(table.notes, start=2):
        put(ws.cell(i, 1), note).font = Font(italic=True, color="595959")
    hr = 3 + len(table.notes)
    keys = [c.key for c in shape.columns]
    wide = ("title", "label", "metric", "scheme_name", "comment", "challenges", "achievements", "support_needed")
    widths = [16 if k in MONEY_KEYS else 34 if k in wide else 14 if k in NARROW_KEYS else 20 for k in keys]
    header_row(ws, hr, [c.label for c in shape.columns], widths)
    ws.row_dimensions[hr].height = _height([c.label for c in shape.columns], widths)
    ws.print_title_rows = f"{hr}:{hr}"
    rows = [*table.rows, *([table.total] if table.total else [])]
    formats = table.formats or {}
    narrative = any(k in INPUT_KEYS and k != "signed_on" for k in keys)
    for r, row in enumerate(rows, start=hr + 1):
        texts = [row.get(k) if isinstance(row.get(k), str) else "" for k in keys]
        ws.row_dimensions[r].height = max(_height(texts, widths), 60 if narrative and row is not table.total else 0)
        for c, key in enumerate(keys, start=1):
            cell = put(ws.cell(r, c), None if key in INPUT_KEYS else row.get(key))
            styled(cell, INPUT if key in INPUT_KEYS | EDITABLE_KEYS else CALC, _format(key, row, formats))
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if key == "status" and row.get("colour") in RAG:
                cell.fill = RAG[row["colour"]]
            if row is table.total:
                cell.font = Font(bold=True)
    declare_table(ws, hr, len(keys), hr + len(rows))
    ws.freeze_panes = ws.cell(hr + 1, 2).coordinate


def year_report_bytes(plan: Plan, tracking, *, submission: Submission | None = None, quarter: int | None = None,
                      notes: tuple[str, ...] = (), shapes: ReportShapes | None = None) -> bytes:
    """The quarterly report (`quarter` 1 to 4) or, with no quarter, the year-end report, as .xlsx bytes.

    Args:
        plan: the plan as submitted, the one tracked.
        tracking: ``scenarios.track.track(...)`` of the plan to the quarter's end (or the year's).
        submission: the scenario's submission (national conditions' statuses, sign-off names).
        quarter: 1 to 4 for a quarterly report; None for the year-end report.
        notes: what the reader should know beside the tracking's warnings (the actuals' notes).
        shapes: the reports' shapes (default: the year's, ``budget.report_shapes.report_shapes``).

    Raises:
        ValueError: with a sentence, when the year has no report shape or the tracking does not reach the
            period's end.
    """
    shapes = shapes or report_shapes(plan.year)
    kind: Kind = "quarterly" if quarter is not None else "year_end"
    end = quarter_end(plan.year, quarter) if quarter is not None else months(plan.year)[-1]
    j = tracking.to_json()
    if j["to"] != end:
        raise ValueError(f"the figures run to {month_label(j['to']) if j['to'] else 'no month'}, not to the end of the "
                         f"period ({month_label(end)}); track the year to {month_label(end)}")
    submission = submission or Submission()
    report = shapes.report(kind)
    period = period_words(plan.year, quarter)
    wb = Workbook()
    wb.properties.title = f"Better Care Fund {plan.year} {report.title.lower()}: {plan.area.name}"
    for i, sheet in enumerate(report.sheets):
        shape = shapes.sheets[sheet]
        ws = wb.active if i == 0 else wb.create_sheet()
        ws.title = shape.title[:31]
        if sheet == "cover":
            _cover(ws, plan, j, report.title, period, shapes.confirmed, (*j["warnings"], *notes))
        else:
            _table(ws, shape, f"{shape.title}: {plan.area.name}, {period}",
                   _rows(sheet, plan, submission, j, shapes.condition_question))
    for ws in wb.worksheets:  # printed as the return is: landscape, each sheet one page wide
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.page_setup.orientation = "landscape"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


__all__ = ["COLOURS_IN_WORDS", "period_words", "quarter_end", "year_report_bytes"]
