"""The actuals workbook as a person opens it: laid out like the input template, blank, named or filled."""

from __future__ import annotations

import io

import openpyxl
import pytest

from budget.actuals import LINE_COLUMNS, METRIC_COLUMNS, PEOPLE_SERVED, months
from budget.actuals_template import BLANK_SPEND_ROWS, actuals_workbook_bytes
from budget.demo import demo_plan
from budget.reference import load_reference
from budget.template import CALC, HEADER_ROW, INPUT, input_template_bytes


def open_wb(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))


def test_a_blank_workbook_has_the_cover_spend_and_metrics_sheets_for_the_year():
    wb = open_wb(actuals_workbook_bytes("2025/26"))
    assert wb.sheetnames == ["Guidance", "Cover", "Spend", "Metrics"]
    assert "2025-26" in wb["Guidance"]["A1"].value
    spend = wb["Spend"]
    head = [c.value for c in spend[HEADER_ROW]]
    assert head[:len(LINE_COLUMNS)] == [c.label for c in LINE_COLUMNS]
    assert head[len(LINE_COLUMNS):len(LINE_COLUMNS) + 12] == [
        "Apr 2025", "May 2025", "Jun 2025", "Jul 2025", "Aug 2025", "Sep 2025", "Oct 2025", "Nov 2025", "Dec 2025",
        "Jan 2026", "Feb 2026", "Mar 2026"]
    assert head[len(LINE_COLUMNS) + 12] == PEOPLE_SERVED.label
    assert spend.max_row == HEADER_ROW + BLANK_SPEND_ROWS
    assert spend.cell(HEADER_ROW + 1, 1).fill.fgColor.rgb == INPUT.fgColor.rgb
    assert spend.cell(HEADER_ROW + 1, 20).value == "=SUM(G4:R4)"  # the row's spend to date, for the reader of it
    metrics = wb["Metrics"]
    assert [c.value for c in metrics[HEADER_ROW]] == ["Month"] + [c.label for c in METRIC_COLUMNS]
    assert [metrics.cell(r, 1).value for r in range(HEADER_ROW + 1, HEADER_ROW + 13)] == [
        f"{n} {y}" for n, y in zip(("Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb",
                                    "Mar"), ["2025"] * 9 + ["2026"] * 3, strict=True)]


def test_the_cover_names_the_area_by_code_where_the_plans_cover_does():
    plan_cover = open_wb(input_template_bytes("2026-27", demo_plan()))["Cover"]
    cover = open_wb(actuals_workbook_bytes("2026-27", plan=demo_plan()))["Cover"]
    for r in (HEADER_ROW + 1, HEADER_ROW + 2):  # area name, then its ONS code
        assert (cover.cell(r, 1).value, cover.cell(r, 2).value) == (plan_cover.cell(r, 1).value,
                                                                    plan_cover.cell(r, 2).value)
    assert cover["B5"].value == "E06999999" and cover["B6"].value == "2026-27"
    assert cover["B6"].fill.fgColor.rgb == CALC.fgColor.rgb


def test_with_a_plan_every_line_is_named_ready_for_its_figures():
    plan = demo_plan()
    ref = load_reference(plan.year)
    spend = open_wb(actuals_workbook_bytes(plan.year, plan=plan))["Spend"]
    rows = [[c.value for c in row][:6] for row in spend.iter_rows(min_row=HEADER_ROW + 1)]
    assert rows == [[x.scheme_id, x.scheme_name, x.scheme_type, x.sub_type or None,
                     ref.stream_name(x.source_of_funding), x.locality or None] for x in plan.lines]
    figures = spend.iter_rows(min_row=HEADER_ROW + 1, min_col=7, max_col=19)
    assert all(c.value is None for row in figures for c in row)


def test_a_plan_or_actuals_of_another_year_is_refused():
    with pytest.raises(ValueError, match="the plan is for 2026-27, not 2025-26"):
        actuals_workbook_bytes("2025-26", plan=demo_plan())


def test_illustrative_actuals_say_so_inside():
    from budget.demo import demo_actuals

    wb = open_wb(actuals_workbook_bytes("2026-27", actuals=demo_actuals()))
    assert any("ILLUSTRATIVE" in str(c.value) for c in wb["Guidance"]["A"])
    assert [(wb["Cover"].cell(r, 1).value, wb["Cover"].cell(r, 2).value) for r in (7,)] == [("Illustrative", "Yes")]
    assert len(months("2026-27")) == 12
