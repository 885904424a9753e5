"""The Excel return's analysis copy read back as finance would read it: openpyxl, pandas and the project's own
loader (the submission copy: test_submission_copy.py)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings

from budget.demo import demo_plan
from budget.export import return_bytes
from budget.readers import load_bytes
from budget.tables import Table
from reports.returns import return_tables
from scenarios.schema import Scenario
from scenarios.views import model
from tests.integration.plans import comparable, plans


@pytest.fixture(scope="module")
def demo_return():
    plan = demo_plan()
    view = model(Scenario(name="Board option A"), plan, runs=500, seed=7)
    return plan, view, return_bytes(plan, scenario="Board option A", tables=return_tables(view, "controlled"))


def test_sheets_and_cover(demo_return):
    plan, _, data = demo_return
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["Guidance", "Cover", "Income", "Expenditure", "Localities", "Baselines",
                             "By locality and lever", "Checklist", "Metrics", "Results", "Assumptions", "Lists"]
    assert wb["Lists"].sheet_state == "hidden"
    cover = {r[0].value: r[1].value for r in wb["Cover"].iter_rows(min_row=3) if r[0].value}
    assert cover["Scenario"] == "Board option A" and cover["HWB Code"] == plan.area.code
    assert "Section 151 officer" not in cover  # sign-off is on the submission copy
    headers = [c.value for c in wb["Expenditure"][3]]
    assert "Locality" in headers and headers[-1] == "Lever (model)"


def test_spend_by_locality_and_lever_adds_up_to_the_lines(demo_return):
    plan, _, data = demo_return
    df = pd.read_excel(io.BytesIO(data), sheet_name="By locality and lever", header=3, engine="openpyxl")
    assert df["Spend (£)"].sum() == pytest.approx(plan.total_expenditure)
    assert df["Lines"].sum() == len(plan.lines)
    for name in [x.name for x in plan.localities] + ["Area-wide"]:
        own = sum(x.amount for x in plan.lines if (x.locality or "Area-wide") == name)
        assert df[df["Locality"] == name]["Spend (£)"].sum() == pytest.approx(own)


def test_totals_are_formulas_with_saved_values(demo_return):
    plan, _, data = demo_return
    formulas = openpyxl.load_workbook(io.BytesIO(data))
    values = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    ws_f, ws_v = formulas["Expenditure"], values["Expenditure"]
    total_row = 4 + len(plan.lines)
    assert ws_f[f"L{total_row}"].value.startswith("=SUM(")
    assert ws_v[f"L{total_row}"].value == pytest.approx(sum(x.amount for x in plan.lines))
    income_total = values["Income"][f"B{4 + len(plan.income)}"].value
    assert income_total == pytest.approx(sum(i.amount for i in plan.income))
    df = pd.read_excel(io.BytesIO(data), sheet_name="Expenditure", header=2, engine="openpyxl")
    assert df["Expenditure (£)"].iloc[-1] == pytest.approx(plan.total_expenditure)


def test_drop_downs_and_colours(demo_return):
    _, _, data = demo_return
    ws = openpyxl.load_workbook(io.BytesIO(data))["Expenditure"]
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert len(lists) >= 6 and all(dv.formula1.startswith("Lists!") for dv in lists)
    assert ws["B4"].fill.fgColor.rgb.endswith("FFF2CC")  # yellow input
    assert ws["N4"].fill.fgColor.rgb.endswith("E7E6E6")  # grey calculated (units)
    assert ws.freeze_panes == "C4" and ws.print_area
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert all(book[n].print_area for n in ("Cover", "Income", "Checklist", "Results", "Metrics", "Assumptions"))


def test_results_equal_the_engine(demo_return):
    _, view, data = demo_return
    df = pd.read_excel(io.BytesIO(data), sheet_name="Results", header=4, engine="openpyxl")
    whole = df[(df["View"] == "Whole horizon") & df["Outcome"].str.startswith("Net saving")].iloc[0]
    s = view.stat("net_saving_gbp")
    assert (whole["P10"], whole["P50"], whole["P90"]) == pytest.approx((s["p10"], s["p50"], s["p90"]))
    metrics = pd.read_excel(io.BytesIO(data), sheet_name="Metrics", header=3, engine="openpyxl")
    m = view.metrics["emergency_admissions_65_plus_per_100k"]
    first = metrics[metrics["Metric"] == m.label].iloc[0]
    assert first["With the scenario: P50"] == pytest.approx(m.with_scenario.p50[0])
    assert first["With today's services (observed trend)"] == pytest.approx(m.with_todays_services[0])
    assert first["Without the pool: P50"] == pytest.approx(m.without_pool.p50[0])


def test_checklist_links_to_cells_of_the_return(demo_return):
    plan, _, data = demo_return
    wb = openpyxl.load_workbook(io.BytesIO(data))
    rows = list(wb["Checklist"].iter_rows(min_row=5, values_only=False))
    outputs = next(r for r in rows if r[1].value == "Planned outputs missing")
    target = outputs[3].hyperlink.location
    sheet, cell = target.split("!")
    assert sheet == "'Expenditure'"
    line_row = int(cell[1:])
    assert wb["Expenditure"][f"A{line_row}"].value == "NB32"  # the line without outputs


def test_return_reads_back_as_the_same_plan(demo_return):
    plan, _, data = demo_return
    (back,) = load_bytes(data, name="return.xlsx").plans
    assert comparable(back) == comparable(plan)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans())
def test_property_random_plans_round_trip_through_the_return(plan):
    (back,) = load_bytes(return_bytes(plan), name="return.xlsx").plans
    assert comparable(back) == comparable(plan)


def test_text_never_becomes_a_formula():
    plan = demo_plan()
    evil = '=HYPERLINK("http://example.invalid","open me")'
    first = plan.lines[0].model_copy(update={"scheme_name": evil, "description": "@SUM(1+1)"})
    plan = plan.model_copy(update={"lines": (first, *plan.lines[1:])})
    data = return_bytes(plan, tables={"Notes": Table("Notes", ("Note",), (("=1+1",),))})
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb["Expenditure"]["B4"].value == evil and wb["Expenditure"]["B4"].data_type == "s"
    assert wb["Notes"]["A4"].value == "=1+1" and wb["Notes"]["A4"].data_type == "s"
    xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet4.xml")
    assert b"<f>HYPERLINK" not in xml


def test_bcf_export_command(tmp_path):
    out = tmp_path / "return.xlsx"
    p = subprocess.run([sys.executable, "-m", "budget", "export", "demo", "--analysis", str(out), "--runs", "300"],
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    wb = openpyxl.load_workbook(out, data_only=True)
    assert "Results" in wb.sheetnames
    run = json.loads(subprocess.run([sys.executable, "-m", "budget", "run", "demo", "--json", "--runs", "300"],
                                    capture_output=True, text=True, timeout=120).stdout)
    df = pd.read_excel(out, sheet_name="Results", header=4, engine="openpyxl")
    whole = df[(df["View"] == "Whole horizon") & df["Outcome"].str.startswith("Emergency admissions")].iloc[0]
    assert whole["P50"] == pytest.approx(run["outcomes"]["emergency_admissions_avoided"]["p50"], abs=0.1)
    bad = subprocess.run([sys.executable, "-m", "budget", "export", "demo"], capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and bad.stderr.startswith("error: ")


def test_comparison_workbook_has_every_view_and_its_metadata(tmp_path):
    from budget.export import write_tables_workbook
    from reports.returns import comparison_metadata, comparison_tables
    from scenarios.views import paired_views

    plan = demo_plan()
    a = model(Scenario(name="A"), plan, runs=300, seed=2)
    b = model(Scenario(name="B", stance="pilot"), plan, runs=300, seed=2)
    path = tmp_path / "cmp.xlsx"
    write_tables_workbook(path, comparison_tables([a, b]), comparison_metadata([a, b], "0.1.0"))
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Metadata", "Headline", "By lever", "Metrics"]
    meta = {r[0].value: r[1].value for r in wb["Metadata"].iter_rows(min_row=3) if r[0].value}
    assert meta["Seed"] == "2" and meta["Monte Carlo runs"] == "300" and meta["Scenarios"] == "A; B"
    assert "Grey cells are calculated" in meta["Colours"]  # colours said in words
    assert wb["Headline"].defined_names["ColumnTitle"].attr_text.startswith("'Headline'!$A$")
    df = pd.read_excel(path, sheet_name="Headline", header=3, engine="openpyxl")
    row = df[df["Outcome (whole horizon)"].str.startswith("Net saving")].iloc[0]
    paired = paired_views(a, b)["net_saving_gbp"]
    assert row["B vs A: change P50"] == pytest.approx(paired.p50)
    assert row["B vs A: chance better"] == pytest.approx(paired.probability_better)


def test_colours_are_explained_in_words_and_header_rows_are_marked(demo_return):
    """No meaning carried by colour alone (WCAG 1.4.1): the Guidance sheet says what every colour means,
    each Checklist status is a word, and every table's header row is marked for printing and for
    screen readers, not only coloured."""
    _, _, data = demo_return
    wb = openpyxl.load_workbook(io.BytesIO(data))
    guidance = " ".join(str(c.value) for c in wb["Guidance"]["A"] if c.value)
    for words in ("yellow cells are inputs", "grey cells are calculated", "column headers", "Red (", "Amber (",
                  "Green ("):
        assert words in guidance
    statuses = {r[0] for r in wb["Checklist"].iter_rows(min_row=5, values_only=True) if r[0]}
    assert statuses and statuses <= {"Red", "Amber", "Green"}
    for name in ("Income", "Expenditure", "Localities", "By locality and lever", "Checklist", "Metrics", "Results",
                 "Assumptions"):
        ws = wb[name]
        row = int(ws.print_title_rows.split(":")[0].strip("$"))
        assert ws.cell(row, 1).font.bold and ws.cell(row, 1).value, name
        assert ws.defined_names["ColumnTitle"].attr_text == f"'{name}'!$A${row}", name
