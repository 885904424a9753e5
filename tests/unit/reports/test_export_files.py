"""The export files as bytes: the Excel return's two copies for a scenario on a plan, their note, and the
other evidence stance the board pack sets beside the scenario."""

from __future__ import annotations

import io

import openpyxl
import pytest

from budget.demo import demo_plan
from reports.export_files import analysis_copy, other_stance, submission_copy
from reports.returns import unwritten_changes
from scenarios.schema import Scenario
from scenarios.views import model

MOVED = Scenario.model_validate({"name": "Moved", "changes": [
    {"kind": "move", "from": {"lever": "reablement"}, "to": {"lever": "falls_prevention"}, "amount_gbp": 10_000}]})


@pytest.fixture(scope="module")
def plan():
    return demo_plan()


def test_other_stance_swaps_the_evidence_stance_and_keeps_the_rest():
    assert other_stance(MOVED).stance == "pilot"
    assert other_stance(other_stance(MOVED)) == MOVED
    assert other_stance(MOVED).changes == MOVED.changes


def test_the_submission_copy_is_a_workbook_named_for_the_scenario_with_a_note_on_its_changes(plan):
    data, note = submission_copy(plan, MOVED, model(MOVED, plan, runs=20, seed=1))
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert "Expenditure" in book.sheetnames
    assert note == unwritten_changes(MOVED)
    plain = Scenario(name="Plan as submitted")
    assert submission_copy(plan, plain, model(plain, plan, runs=20, seed=1))[1] is None  # no changes, no note


def cells(data: bytes) -> dict[str, list[tuple]]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in book.worksheets}


def test_the_analysis_copy_holds_the_results_of_the_summary_given(plan):
    view = model(MOVED, plan, runs=20, seed=1)
    first = cells(analysis_copy(plan, MOVED, view))
    assert len(first) > 3
    assert cells(analysis_copy(plan, MOVED, view)) == first  # the same inputs, the same cells
    pilot = other_stance(MOVED)
    assert cells(analysis_copy(plan, pilot, model(pilot, plan, runs=20, seed=1))) != first


def test_the_year_board_pack_opens_with_the_year_so_far_of_its_tracking(plan):
    from pptx import Presentation

    from budget.demo import demo_actuals
    from reports.export_files import year_board_pack
    from reports.year_so_far import metric_rows, spend_rows
    from scenarios.track import track

    scenario = Scenario(name="Plan as submitted")
    view = model(scenario, plan, runs=40, seed=3)
    tracking = track(plan, scenario, demo_actuals(), to="2026-07", summary=view)
    data, _ = year_board_pack(plan, scenario, view, tracking)
    slides = list(Presentation(io.BytesIO(data)).slides)
    assert slides[1].shapes.title.text.startswith("Year so far")
    cells = [[c.text for c in r.cells] for s in slides[1:5] for sh in s.shapes if sh.has_table for r in sh.table.rows]
    j = tracking.to_json()
    assert j["to"] == "2026-07"
    for row in [*spend_rows(j), *metric_rows(j)]:
        assert row in cells, row
