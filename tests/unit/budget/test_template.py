"""The input template as a person opens it: sheets, colours, drop-downs, and text that stays text."""

from __future__ import annotations

import io

import openpyxl
import pytest

from budget.demo import demo_plan
from budget.reference import DEFAULT_YEAR, available_years, load_reference
from budget.template import FIRST_TEMPLATE_YEAR, INPUT, input_template_bytes, template_years


def open_wb(data: bytes, **kw):
    return openpyxl.load_workbook(io.BytesIO(data), **kw)


@pytest.mark.parametrize("year", ["2023-24", "2025-26", "2026-27"])
def test_blank_template_has_every_sheet_and_the_years_streams(year):
    wb = open_wb(input_template_bytes(year))
    assert wb.sheetnames == ["Guidance", "Cover", "Income", "Expenditure", "Localities", "Baselines", "Lists"]
    assert wb["Lists"].sheet_state == "hidden"
    streams = [c.value for c in wb["Income"]["A"][3:] if c.value and c.value != "Total"]
    assert streams == [s.name for s in load_reference(year).funding_streams]
    assert wb["Cover"]["B7"].value == year
    assert year in wb["Guidance"]["A1"].value


def test_drop_downs_come_from_the_lists_sheet():
    wb = open_wb(input_template_bytes("2025-26"))
    ws = wb["Expenditure"]
    header = {c.value: c.column_letter for c in ws[3]}
    validations = ws.data_validations.dataValidation
    by_column = {}
    for dv in validations:
        for rng in dv.sqref.ranges:
            by_column[rng.coord.split(":")[0].rstrip("0123456789")] = dv
    scheme_type = by_column[header["Scheme Type"]]
    assert scheme_type.type == "list" and scheme_type.formula1.startswith("Lists!")
    lists = wb["Lists"]
    col = scheme_type.formula1.split("!")[1].split(":")[0].strip("$").rstrip("0123456789").strip("$")
    names = [c.value for c in lists[col][1:] if c.value]
    assert names == [st.name for st in load_reference("2025-26").scheme_types]
    for label in ("Source of Funding", "Area of Spend", "Commissioner", "Provider", "New/Existing Scheme"):
        assert by_column[header[label]].type == "list"
    assert by_column[header["Expenditure (£)"]].type == "decimal"


def test_input_cells_are_yellow_and_header_is_frozen():
    wb = open_wb(input_template_bytes("2025-26"))
    ws = wb["Expenditure"]
    assert ws["B4"].fill.fgColor.rgb.endswith(INPUT.fgColor.rgb[-6:])
    assert ws.freeze_panes == "C4"
    assert ws["L4"].number_format.startswith("£")


def test_text_that_looks_like_a_formula_stays_text():
    plan = demo_plan()
    evil = '=HYPERLINK("http://example.invalid","click")'
    first = plan.lines[0].model_copy(update={"scheme_name": evil, "description": "+1+1", "provider": "@SUM(A1)"})
    plan = plan.model_copy(update={"lines": (first, *plan.lines[1:])})
    wb = open_wb(input_template_bytes(plan.year, plan))
    ws = wb["Expenditure"]
    assert ws["B4"].value == evil and ws["B4"].data_type == "s"
    assert ws["C4"].value == "+1+1" and ws["C4"].data_type == "s"
    # the saved XML holds it as a string, not a formula
    import zipfile

    xml = zipfile.ZipFile(io.BytesIO(input_template_bytes(plan.year, plan))).read("xl/worksheets/sheet4.xml")
    assert b"<f>HYPERLINK" not in xml


def test_template_refuses_a_plan_for_another_year():
    with pytest.raises(ValueError, match="2026-27"):
        input_template_bytes("2025-26", demo_plan())

def test_a_blank_template_is_offered_for_every_year_from_the_first_template_year_latest_first():
    years = template_years()
    assert years == tuple(sorted((y for y in available_years() if y >= FIRST_TEMPLATE_YEAR), reverse=True))
    assert years[0] == max(available_years()) and DEFAULT_YEAR in years
    assert "2022-23" in available_years() and "2022-23" not in years  # kept so older workbooks read


def test_the_localities_sheet_round_trips_people_aged_85_plus_scores_and_typed_weights():
    from budget.readers.workbook import load_bytes

    plan = demo_plan()
    typed = plan.localities[2].model_copy(update={"need_weight": 0.8})
    plan = plan.model_copy(update={"localities": (*plan.localities[:2], typed, *plan.localities[3:])})
    read = load_bytes(input_template_bytes(plan.year, plan), name="t.xlsx").plans[0]
    assert read.localities == plan.localities
    ws = openpyxl.load_workbook(io.BytesIO(input_template_bytes(plan.year)))["Localities"]
    headers = [c.value for c in next(ws.iter_rows(min_row=1, max_row=20)) if c.value]
    labels = {c.value for row in ws.iter_rows(max_row=20) for c in row if c.value}
    assert {"Population aged 85+", "Deprivation score (IMD average score)",
            "Need weighting (leave blank to compute)"} <= labels, headers
