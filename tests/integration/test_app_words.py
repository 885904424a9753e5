"""Words for people on the pages: changes as more or fewer, a Start page that starts, a Move form that keeps
its choices, and a submission copy free of the project's internal phrases."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest

from app_ui.keys import KEY_SCENARIO, MOVE_AMOUNT, MOVE_FROM, MOVE_FROM_LOCALITY, MOVE_TO, SPEND_YEAR
from budget.demo import demo_plan
from scenarios.schema import Scenario
from tests.pages import everything_rendered, open_page

# a scenario that cuts money: a line removed and money moved to a lever with less effect
CUT = Scenario(name="Cut", changes=(
    {"kind": "remove_line", "scheme_id": "NB01"},
    {"kind": "move", "from": {"lever": "integrated_locality_teams"}, "to": {"lever": "home_adaptations"},
     "amount_gbp": 1_000_000},
))
# a figure straight after "avoided" or "saved" with a minus sign, and a net saving below zero written as one
MISREAD = re.compile(r"(avoided|saved)\)?:?\s*[−-]\s*£?\d|Net saving after spend[^\n]{0,30}−£", re.I)
INTERNAL = ("Unconfirmed copy", "not been read", "no URL recorded", "bcf capacity", ">moved", ".md ", "§")


def _texts(at) -> list[str]:
    return [text for _, text in everything_rendered(at)]


def test_impact_and_compare_say_a_cut_as_more_or_fewer():
    at = open_page("plan_page", runs=100)
    at.session_state[KEY_SCENARIO] = CUT
    at.run()
    at.switch_page("app_pages/impact_page.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    tiles = {m.label: m.value for m in at.metric}
    assert "Emergency admissions (65+)" in tiles
    assert any(re.fullmatch(r"[\d,]+ (more|fewer)", v) or v == "no change" for v in tiles.values())
    texts = _texts(at)
    assert not [t for t in texts if MISREAD.search(t)], [t for t in texts if MISREAD.search(t)]
    assert any(re.search(r"P10 to P90: from [\d,]+ (more|fewer) ", t) for t in texts)  # a change tile's caption
    at.switch_page("app_pages/compare_page.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    texts = _texts(at)
    assert not [t for t in texts if MISREAD.search(t)], [t for t in texts if MISREAD.search(t)]
    # what the changes are worth is their net present value, P50 with its range; the whole pool's net saving
    # (most of the pool buys statutory services with no cash return) is not set beside it to be misread
    assert any(re.match(r"P50 −?£[\d,.]+[mk]? \(P10 −?£[\d,.]+[mk]? to P90 −?£[\d,.]+[mk]?\); pays back in \d+% "
                        r"of runs", t) for t in texts)
    assert not any("Net saving after spend" in t for t in texts)


def test_start_page_says_what_the_tool_does_the_two_ways_in_and_what_next():
    at = open_page("start_page", runs=50, no_exception=True)
    words = " ".join(_texts(at))
    for said in ("Check", "Try changes", "Produce", "Two ways in", "open the demo area", "upload your own workbook",
                 "What happens next"):
        assert said in words, said
    assert "is open now" in words  # the demo is open before anything is clicked, and the page says so
    assert not at.warning and "Read with no warnings." in [s.value for s in at.success]
    at.button[0].click()  # "Open the demo area"
    at.run()
    assert any("The demo area is open" in s.value for s in at.success)


def test_move_form_keeps_the_last_choices_after_a_move_and_after_leaving_the_page():
    at = open_page("plan_page", runs=50)
    at.selectbox(key=MOVE_FROM).set_value("care_home_support")
    at.selectbox(key=MOVE_TO).set_value("integrated_locality_teams")
    at.selectbox(key=MOVE_FROM_LOCALITY).set_value("Any")
    at.number_input(key=MOVE_AMOUNT).set_value(100_000.0)
    at.button[0].click()
    at.run()
    assert not at.exception and any("Moved £100,000" in s.value for s in at.success)
    chosen = ("care_home_support", "integrated_locality_teams", 100_000.0)
    assert (at.selectbox(key=MOVE_FROM).value, at.selectbox(key=MOVE_TO).value,
            at.number_input(key=MOVE_AMOUNT).value) == chosen
    at.switch_page("app_pages/budget_page.py")
    at.run()
    at.switch_page("app_pages/plan_page.py")
    at.run()
    assert (at.selectbox(key=MOVE_FROM).value, at.selectbox(key=MOVE_TO).value,
            at.number_input(key=MOVE_AMOUNT).value) == chosen


def test_plan_page_years_are_financial_years_and_tables_have_no_row_numbers():
    at = open_page("plan_page", runs=50, no_exception=True)
    year = at.selectbox(key=SPEND_YEAR)
    assert year.label == "Financial year" and year.options[:2] == ["2026-27", "2027-28"]
    assert all(t.proto.hide_index for t in at.table if "Lever" in t.value.columns)


def test_submission_copy_has_none_of_the_internal_phrases():
    from reports.export_files import submission_copy  # noqa: PLC0415
    from scenarios.views import model  # noqa: PLC0415

    plan = demo_plan()
    view = model(CUT, plan, runs=50, seed=1)
    data, note = submission_copy(plan, CUT, view)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    found = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                for text in (c.value, c.comment.text if c.comment else None):
                    if isinstance(text, str):
                        found += [(ws.title, c.coordinate, p) for p in INTERNAL if p.lower() in text.lower()]
    found += [("note", "", p) for p in INTERNAL if note and p.lower() in note.lower()]
    assert not found, found


def test_no_page_shows_the_internal_phrases():
    from tests.pages import PAGES  # noqa: PLC0415

    at = open_page("plan_page", runs=50)
    at.session_state[KEY_SCENARIO] = CUT
    at.run()
    found = []
    for page in PAGES:
        at.switch_page(f"app_pages/{page}.py")
        at.run()
        found += [(page, p, t[:120]) for t in _texts(at) for p in (*INTERNAL, "Year of the horizon")
                  if p.lower() in t.lower()]
    assert not found, found


@pytest.mark.parametrize("page, names", [
    ("plan_page", ["Expenditure lines, one row per line: edit them here"]),
    ("optimise_page", ["Limits by lever: the least and most to spend a year",
                       "Limits by locality: the least and most to spend a year"]),
])
def test_every_editable_grid_has_a_name_and_never_shows_none_for_an_empty_cell(page, names):
    at = open_page(page, runs=100, no_exception=True)
    grids = []

    def walk(node):
        for child in getattr(node, "children", {}).values():
            if getattr(child, "type", None) == "dataframe" and child.proto.editing_mode:
                grids.append(child.proto)
            walk(child)

    walk(at._tree)
    assert [g.alt for g in grids] == names  # what a screen reader announces for the grid and its toolbar
    assert all(g.HasField("placeholder") and g.placeholder != "None" for g in grids)
