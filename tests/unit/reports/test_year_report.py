"""reports.year_report: the quarterly and year-end reports read back with openpyxl, every figure reconciled with
``track(...).to_json()`` and the income with the plan's own lines."""

from __future__ import annotations

import io

import openpyxl
import pytest

from budget.assurance import sign_off_rows
from budget.demo import demo_actuals, demo_plan
from budget.reference import load_reference
from budget.report_shapes import report_shapes
from budget.submission import Submission
from budget.template import INPUT
from reports.year_report import period_words, quarter_end, year_report_bytes
from scenarios.schema import Scenario
from scenarios.track import track

PLAN = demo_plan()
SHAPES = report_shapes(PLAN.year)
MONEY = ("planned_year", "planned_to_date", "actual_to_date", "variance", "forecast_outturn")


@pytest.fixture(scope="module")
def quarter():
    t = track(PLAN, Scenario(name="Demo", base="demo", runs=60), demo_actuals(), to="2026-09", runs=60)
    return t.to_json(), openpyxl.load_workbook(io.BytesIO(year_report_bytes(PLAN, t, quarter=2,
                                                                            notes=("A note.",))))


@pytest.fixture(scope="module")
def year_end():
    t = track(PLAN, Scenario(name="Demo", base="demo", runs=60), demo_actuals(), to="2027-03", runs=60)
    return t.to_json(), openpyxl.load_workbook(io.BytesIO(year_report_bytes(PLAN, t)))


def _table(wb, sheet: str) -> list[dict]:
    """The rows of a sheet's table as {column key: value}, found under its header row by the shape's labels."""
    shape = SHAPES.sheets[sheet]
    ws = wb[shape.title]
    labels = [c.label for c in shape.columns]
    hr = next(r for r in range(1, 10) if [ws.cell(r, c).value for c in range(1, len(labels) + 1)] == labels)
    rows = []
    for r in range(hr + 1, ws.max_row + 1):
        if all(ws.cell(r, c).value is None for c in range(1, len(labels) + 1)) and ws.cell(r, 1).fill != INPUT:
            if not any(ws.cell(r, c).fill.fgColor.rgb == INPUT.fgColor.rgb for c in range(1, len(labels) + 1)):
                break
        rows.append({c.key: ws.cell(r, i).value for i, c in enumerate(shape.columns, start=1)}
                    | {"_fills": {c.key: ws.cell(r, i).fill.fgColor.rgb for i, c in enumerate(shape.columns, start=1)}})
    return rows


def _words(status: str) -> str:
    return status[:1].upper() + status[1:]


def test_the_quarterly_report_has_the_shapes_sheets_in_order(quarter):
    _, wb = quarter
    assert wb.sheetnames == [SHAPES.sheets[s].title for s in SHAPES.quarterly.sheets]


def test_the_cover_names_the_area_the_period_and_what_to_note(quarter):
    j, wb = quarter
    cells = [v for row in wb["Cover"].iter_rows(values_only=True) for v in row if v is not None]
    assert {"Northbrook (illustrative)", "E06999999", "2026-27", "September 2026",
            "Quarter 2, April to September 2026 (the year to date)"} <= set(cells)
    assert [c for c in cells if str(c).startswith("To note")] == [f"To note: {w}" for w in j["warnings"]] + [
        "To note: A note."]
    assert any("has not been confirmed" in str(c) for c in cells) and not SHAPES.confirmed


def test_each_metric_is_the_trackings_with_empty_yellow_cells_for_the_narrative(quarter):
    j, wb = quarter
    rows = _table(wb, "metrics")
    assert len(rows) == len(j["metrics"]) == 3
    for row, m in zip(rows, j["metrics"].values(), strict=True):
        ytd = m["year_to_date"]
        assert (row["metric"], row["goal_year"], row["goal_to_date"], row["actual_to_date"], row["p10_to_date"],
                row["p90_to_date"], row["status"], row["percentile"], row["months_given"]) == (
            m["label"], m["goal_year"], ytd["goal"], ytd["actual"], ytd["p10"], ytd["p90"], _words(m["status"]),
            m["percentile_in_plan_range"], ytd["months"])
        assert row["status_basis"].lower() == m["status_basis"] and row["rolling_to"] is None
        for key in ("challenges", "achievements", "support_needed"):
            assert row[key] is None and row["_fills"][key] == INPUT.fgColor.rgb


@pytest.mark.parametrize(("sheet", "group"), [("spend_by_stream", "by_stream"), ("spend_by_scheme", "by_scheme")])
def test_spend_by_stream_and_by_scheme_are_the_trackings_and_add_up_to_its_total(quarter, sheet, group):
    j, wb = quarter
    rows = _table(wb, sheet)
    body, total = rows[:-1], rows[-1]
    assert [r["label"] for r in body] == [g["label"] for g in j["spend"][group].values()]
    for row, g in zip(body, j["spend"][group].values(), strict=True):
        assert {k: row[k] for k in MONEY if k in row} == {k: g[k] for k in MONEY if k in row}
        assert row["status"] == _words(g["status"])
    assert total["label"] == "Total" and {k: total[k] for k in MONEY if k in total} == {
        k: j["spend"]["total"][k] for k in MONEY if k in total}
    for k in (k for k in MONEY if k in total):
        assert sum(r[k] for r in body) == pytest.approx(total[k], abs=0.005 * len(body))


def test_the_conditions_and_the_sign_off_are_the_plans_with_yellow_cells_to_answer(quarter):
    _, wb = quarter
    conditions = _table(wb, "national_conditions")
    assert [c["code"] for c in conditions] == [c.code for c in load_reference(PLAN.year).national_conditions]
    assert all(c["still_met"] is None and c["_fills"]["still_met"] == INPUT.fgColor.rgb for c in conditions)
    sign_off = _table(wb, "sign_off")
    assert [(r["role"], r["organisation"]) for r in sign_off] == [
        (s.role, s.organisation) for s in sign_off_rows(PLAN, Submission())]
    assert all(r["_fills"]["name"] == r["_fills"]["signed_on"] == INPUT.fgColor.rgb for r in sign_off)


def test_the_year_end_gives_income_beside_actual_expenditure_by_source(year_end):
    j, wb = year_end
    assert wb.sheetnames == [SHAPES.sheets[s].title for s in SHAPES.year_end.sheets]
    rows = _table(wb, "income_and_expenditure")
    body, total = rows[:-1], rows[-1]
    income: dict[str, float] = {}
    for x in PLAN.income:  # the pool's income, added up from the plan's own lines
        income[x.stream] = income.get(x.stream, 0) + x.amount
    by_label = {g["label"]: (k, g) for k, g in j["spend"]["by_stream"].items()}
    for row in body:
        key, g = by_label[row["label"]]
        assert row["income"] == pytest.approx(income[key], abs=0.005)
        assert (row["planned_year"], row["actual_to_date"]) == (g["planned_year"], g["actual_to_date"])
        assert row["unspent"] == pytest.approx(row["income"] - row["actual_to_date"], abs=0.005)
    assert total["income"] == pytest.approx(sum(x.amount for x in PLAN.income), abs=0.01)
    assert total["actual_to_date"] == pytest.approx(j["spend"]["total"]["actual_to_date"], abs=0.01)


def test_the_year_end_gives_the_nhs_minimum_and_outputs_delivered(year_end):
    j, wb = year_end
    m = j["spend"]["nhs_minimum_social_care"]
    [row] = _table(wb, "nhs_minimum")
    assert (row["required"], row["planned_year"], row["actual_to_date"]) == (m["required"], m["planned_year"],
                                                                              m["actual_to_date"])
    assert row["met"] == ("Yes" if m["actual_to_date"] >= m["required"] else "No")
    outputs = _table(wb, "outputs")
    assert [(r["scheme_id"], r["locality"], r["planned_year"], r["delivered_to_date"]) for r in outputs] == [
        (x["scheme_id"], x["locality"] or None, x["planned_year"], x["delivered_to_date"])
        for x in j["outputs"]["by_line"]]


def test_the_shape_decides_the_sheets_and_columns_without_code(quarter):
    t = track(PLAN, Scenario(name="Demo", base="demo", runs=60), demo_actuals(), to="2026-06", runs=60)
    spend = SHAPES.sheets["spend_by_stream"]
    reordered = SHAPES.model_copy(update={
        "quarterly": SHAPES.quarterly.model_copy(update={"sheets": ("spend_by_stream", "cover")}),
        "sheets": {**SHAPES.sheets, "spend_by_stream": spend.model_copy(update={
            "title": "Money", "columns": tuple(reversed(spend.columns[:3]))})}})
    wb = openpyxl.load_workbook(io.BytesIO(year_report_bytes(PLAN, t, quarter=1, shapes=reordered)))
    assert wb.sheetnames == ["Money", "Cover"]
    assert [wb["Money"].cell(3, c).value for c in (1, 2, 3)] == [c.label for c in reversed(spend.columns[:3])]


def test_a_tracking_that_stops_before_the_period_ends_and_a_quarter_that_is_none_are_refused():
    t = track(PLAN, Scenario(name="Demo", base="demo", runs=60), demo_actuals(), to="2026-06", runs=60)
    with pytest.raises(ValueError, match=r"the figures run to Jun 2026, not to the end of the period \(Sep 2026\); "
                                         "track the year to Sep 2026"):
        year_report_bytes(PLAN, t, quarter=2)
    with pytest.raises(ValueError, match="there is no quarter 5; give Q1, Q2, Q3 or Q4"):
        quarter_end(PLAN.year, 5)


def test_periods_in_words():
    assert [quarter_end("2025-26", q) for q in (1, 2, 3, 4)] == ["2025-06", "2025-09", "2025-12", "2026-03"]
    assert period_words("2025-26", 3) == "Quarter 3, April to December 2025 (the year to date)"
    assert period_words("2025-26", None) == "Year end, 2025-26 (April 2025 to March 2026)"


def test_a_name_in_the_plans_sign_off_is_filled_in_for_the_area_to_correct():
    from budget.submission import Signatory

    t = track(PLAN, Scenario(name="Demo", base="demo", runs=60), demo_actuals(), to="2026-06", runs=60)
    role = sign_off_rows(PLAN, Submission())[0]
    submission = Submission(sign_off=(Signatory(role=role.role, organisation=role.organisation, name="A. Chair"),))
    wb = openpyxl.load_workbook(io.BytesIO(year_report_bytes(PLAN, t, quarter=1, submission=submission)))
    first = _table(wb, "sign_off")[0]
    assert (first["role"], first["name"], first["signed_on"]) == (role.role, "A. Chair", None)
