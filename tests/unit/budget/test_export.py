"""Unit tests of budget/export.py: localities collapsed, both copies of the return and how they read back."""

from __future__ import annotations

import io
from collections import defaultdict

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from budget.demo import demo_plan
from budget.export import (
    NOT_FILLED,
    SUBMISSION_COLUMNS,
    SUBMISSION_SHEETS,
    analysis_bytes,
    collapse_localities,
    locality_lever_table,
    submission_bytes,
    template_plan,
    write_tables_workbook,
)
from budget.models import AREA_WIDE
from budget.readers.workbook import load_bytes
from budget.tables import Table

PLAN = demo_plan()


def _small(n_lines: int = 12):
    return PLAN.model_copy(update={"lines": PLAN.lines[:n_lines]})


def test_collapse_localities_sums_amounts_and_outputs_per_scheme_line():
    collapsed = collapse_localities(PLAN)
    expected_amount: dict = defaultdict(float)
    expected_outputs: dict = defaultdict(float)
    for x in PLAN.lines:
        key = (x.scheme_id, x.scheme_type, x.sub_type, x.source_of_funding)
        expected_amount[key] += x.amount
        expected_outputs[key] += x.planned_outputs or 0
    got = {(x.scheme_id, x.scheme_type, x.sub_type, x.source_of_funding): x for x in collapsed.lines}
    assert set(got) == set(expected_amount)
    for key, x in got.items():
        assert x.amount == pytest.approx(expected_amount[key])
        assert (x.planned_outputs or 0) == pytest.approx(expected_outputs[key])
        assert x.locality == "" and x.row is None and x.cells == {}
    assert collapsed.localities == () and collapsed.income == PLAN.income


def test_collapse_localities_keeps_first_appearance_order_and_blank_outputs():
    a = PLAN.lines[0]
    b = next(x for x in PLAN.lines if x.scheme_id != a.scheme_id)
    lines = (a.model_copy(update={"locality": "X", "planned_outputs": None}), b,
             a.model_copy(update={"locality": "Y", "planned_outputs": None}))
    out = collapse_localities(PLAN.model_copy(update={"lines": lines}))
    assert [x.scheme_id for x in out.lines] == [a.scheme_id, b.scheme_id]
    assert out.lines[0].amount == 2 * a.amount and out.lines[0].planned_outputs is None


@settings(max_examples=20, deadline=None)
@given(st.lists(st.sampled_from(["North", "South", ""]), min_size=1, max_size=6),
       st.lists(st.integers(min_value=0, max_value=10**6), min_size=6, max_size=6))
def test_collapse_localities_keeps_the_total(localities, amounts):
    base = PLAN.lines[0]
    lines = tuple(base.model_copy(update={"locality": loc, "amount": float(a)})
                  for loc, a in zip(localities, amounts[:len(localities)], strict=True))
    out = collapse_localities(PLAN.model_copy(update={"lines": lines}))
    assert len(out.lines) == 1
    assert out.lines[0].amount == sum(x.amount for x in lines)


def test_template_plan_collapses_and_keeps_the_total():
    t = template_plan(PLAN)
    assert sum(x.amount for x in t.lines) == pytest.approx(sum(x.amount for x in PLAN.lines))
    assert all(x.locality == "" for x in t.lines)
    assert len(t.lines) < len(PLAN.lines)


def test_locality_lever_table_counts_every_line_and_pound():
    plan = PLAN.model_copy(update={"lines": (*PLAN.lines[:5], PLAN.lines[0].model_copy(update={"locality": ""}))})
    t = locality_lever_table(plan)
    assert t.columns == ("Locality", "Lever (model)", "Lines", "Spend (£)")
    assert sum(r[2] for r in t.rows) == 6
    assert sum(r[3] for r in t.rows) == pytest.approx(sum(x.amount for x in plan.lines))
    assert AREA_WIDE in {r[0] for r in t.rows}
    assert [r[:2] for r in t.rows] == sorted(r[:2] for r in t.rows)


def _book(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data), data_only=True)


def test_submission_copy_sheets_columns_and_sections_not_filled():
    data = submission_bytes(_small())
    wb = _book(data)
    assert tuple(wb.sheetnames) == SUBMISSION_SHEETS
    assert wb["Lists"].sheet_state == "hidden"
    header = next(r for r in wb["Expenditure"].iter_rows(values_only=True) if r and r[0] == SUBMISSION_COLUMNS[0])
    assert tuple(header[:len(SUBMISSION_COLUMNS)]) == SUBMISSION_COLUMNS
    for name in ("Metrics", "Capacity and demand"):  # the conditions come from the year's reference data
        assert wb[name]["A2"].value == NOT_FILLED[name]
    assert wb["National conditions"]["A2"].value != NOT_FILLED["National conditions"]
    assert "ILLUSTRATIVE" in " ".join(str(c.value) for c in wb["Guidance"]["A"] if c.value)


def test_submission_copy_reads_back_as_the_plan_with_localities_collapsed():
    plan = _small()
    back = load_bytes(submission_bytes(plan), name="sub.xlsx")
    (read,) = back.plans
    expected = template_plan(plan)
    assert read.area.code == plan.area.code and read.year == plan.year
    assert [(x.scheme_id, x.source_of_funding, x.amount) for x in read.lines] == [
        (x.scheme_id, x.source_of_funding, x.amount) for x in expected.lines]


def test_analysis_copy_reads_back_as_the_same_lines_with_localities():
    plan = _small()
    back = load_bytes(analysis_bytes(plan, tables={"Extra": Table("Extra", ("A",), ((1,),))}), name="an.xlsx")
    (read,) = back.plans
    assert [(x.scheme_id, x.locality, x.amount) for x in read.lines] == [
        (x.scheme_id, x.locality, x.amount) for x in plan.lines]
    assert [x.name for x in read.localities] == [x.name for x in plan.localities]
    assert _book(analysis_bytes(plan, tables={"Extra": Table("Extra", ("A",), ((1,),))})).sheetnames[-2:] == [
        "Extra", "Lists"]


def test_expenditure_total_formula_has_its_value_saved():
    plan = _small(4)
    wb = _book(submission_bytes(plan))
    total = sum(x.amount for x in template_plan(plan).lines)
    values = [c for row in wb["Expenditure"].iter_rows(values_only=True) for c in row if isinstance(c, float)]
    assert any(v == pytest.approx(total) for v in values)


def test_write_tables_workbook(tmp_path):
    path = tmp_path / "t.xlsx"
    write_tables_workbook(path, {"Results": Table("Results", ("Outcome", "P50"), (("Admissions", 12.5),))},
                          {"Seed": "42"})
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Metadata", "Results"]
    assert (wb["Metadata"]["A3"].value, wb["Metadata"]["B3"].value) == ("Seed", "42")
    assert wb["Metadata"]["A4"].value == "Colours"
    assert wb["Results"]["A1"].value == "Results"


def test_the_analysis_copy_carries_each_locality_s_people_deprivation_and_need():
    from budget.need import need_shares, need_weight

    plan = demo_plan()
    riverside = plan.localities[1].model_copy(update={"need_weight": 1.3})  # one weight typed, the rest computed
    plan = plan.model_copy(update={"localities": (plan.localities[0], riverside, *plan.localities[2:])})
    data = analysis_bytes(plan)
    read = load_bytes(data, name="an.xlsx").plans[0]
    assert read.localities == plan.localities  # the typed weight read back as typed, the others blank
    ws = _book(data)["Localities"]
    header = [c.value for c in ws[3]]
    col = {h: i for i, h in enumerate(header)}
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=4, max_row=3 + len(plan.localities))]
    for row, x, share in zip(rows, plan.localities, need_shares(plan.localities), strict=True):
        assert row[col["Population aged 85+"]] == x.population_85_plus
        assert row[col["Deprivation score (IMD average score)"]] == x.deprivation_score
        weight, source = need_weight(x)
        assert row[col["Need weight the model uses"]] == pytest.approx(weight, rel=1e-14)  # Excel keeps 15 digits
        assert row[col["Need weight from"]] == source
        assert row[col["Share of need"]] == pytest.approx(share)
    assert rows[1][col["Need weight from"]] == "typed" and rows[0][col["Need weight from"]] == "computed"
