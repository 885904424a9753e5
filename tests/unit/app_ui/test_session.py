"""The session's state through its functions: the open workbook, the scenario being edited, the lines as
edited, what is unsaved, what is said once, and the scenarios this session can show."""

from __future__ import annotations

import pytest
import streamlit as st

from app_ui import keys, session
from budget.models import LoadError, LoadResult
from budget.submission import Assurance, GoalSetting, Submission
from scenarios.schema import Scenario

pytestmark = pytest.mark.usefixtures("fresh")  # a new session on the demo area, with no shared store (conftest)


def test_a_new_session_opens_the_demo_with_an_empty_edit():
    assert session.current_scenario() == Scenario(name=session.EDIT_NAME)
    assert session.runs() == 1000 and st.session_state[keys.KEY_SEED] == 1
    assert not session.presenting() and session.viewer() is None
    assert isinstance(session.current(), LoadResult)
    assert session.current_plan().illustrative  # the demo area
    assert session.edited_lines() is None and session.edit_plan() == session.current_plan()


def test_init_keeps_what_is_already_set():
    st.session_state[keys.KEY_RUNS] = 200
    session.init()
    assert session.runs() == 200


def test_a_workbook_is_read_once_for_its_content():
    data = b"not a workbook"
    digest = session.workbook_digest(data)
    assert digest == session.workbook_digest(bytes(data)) != session.workbook_digest(b"other")
    assert session.workbook_digest(None) == "demo"
    first = session.load_workbook(digest, "bad.xlsx", data)
    assert isinstance(first, LoadError) and first.problems


def test_an_upload_that_does_not_read_keeps_the_open_workbook():
    plan = session.current_plan()
    outcome = session.open_upload("bad.xlsx", b"not a workbook")
    assert isinstance(outcome, LoadError)
    assert session.is_last_upload(b"not a workbook") and not session.is_last_upload(b"other")
    assert session.current_plan() == plan


def test_opening_the_demo_starts_the_scenarios_afresh():
    session.set_scenario(Scenario(name=session.EDIT_NAME, stance="pilot"))
    st.session_state[keys.KEY_STORE_BASE] = ("Mine", 1)
    version = st.session_state[keys.KEY_EDIT_VERSION]
    session.open_demo()
    assert session.current_scenario() == Scenario(name=session.EDIT_NAME)
    assert keys.KEY_STORE_BASE not in st.session_state  # a new scenario, not a version of the one saved before
    assert not session.unsaved()
    assert st.session_state[keys.KEY_EDIT_VERSION] == version + 1  # the line editor starts afresh


def test_any_change_to_the_scenario_or_its_lines_is_unsaved_until_marked_clean():
    assert not session.unsaved()
    session.set_goals(Submission(goals=(GoalSetting(metric="emergency_admissions_65_plus", value=1.0),)))
    assert session.unsaved()
    session.mark_clean()
    assert not session.unsaved()
    session.set_edited_lines(session.current_plan().lines[:1])
    assert session.unsaved()
    session.set_edited_lines(None)
    assert not session.unsaved()  # back as it was saved


def test_an_upload_over_unsaved_changes_waits_to_be_confirmed():
    from budget.demo import demo_workbook_bytes

    session.set_stance("pilot")
    data = demo_workbook_bytes()
    session.open_upload("mine.xlsx", data)
    assert session.pending() == ("workbook", "mine.xlsx", data)
    assert session.current_scenario().stance == "pilot" and st.session_state[keys.KEY_NAME] == "demo"
    assert session.drop_pending() is not None and session.pending() is None


def test_stance_and_optimism_bias_are_kept_with_the_scenario():
    assert session.set_stance("pilot").stance == "pilot"
    assert session.current_scenario().stance == "pilot"
    bias = not session.current_scenario().optimism_bias
    assert session.set_optimism_bias(bias).optimism_bias is bias
    assert session.current_scenario().optimism_bias is bias


def test_the_plan_as_submitted_is_the_scenario_without_its_changes():
    scenario = Scenario.model_validate({"name": session.EDIT_NAME, "stance": "pilot", "changes": [
        {"kind": "move", "from": {"lever": "reablement"}, "to": {"lever": "falls_prevention"}, "amount_gbp": 1000}]})
    session.set_scenario(scenario)
    base = session.base_scenario()
    assert base.name == session.BASE_NAME and base.changes == () and base.stance == "pilot"


def test_edited_lines_make_the_edit_plan():
    plan = session.current_plan()
    lines = plan.lines[:2]
    session.set_edited_lines(lines)
    assert session.edit_plan().lines == tuple(lines)
    assert session.current_plan().lines == plan.lines  # the workbook's own lines stay the plan as submitted


def test_the_line_editor_gets_a_new_key_when_restarted():
    first = session.line_editor_key()
    assert first.startswith(keys.LINES_EDITOR_PREFIX)
    session.restart_line_editor()
    assert session.line_editor_key() != first
    assert session.line_editor_changes() == {}


def test_an_edit_error_is_said_once():
    session.note_edit_error("no")
    assert session.take_edit_error() == "no"
    assert session.take_edit_error() is None


def test_answers_are_kept_with_the_scenario_and_recorded_as_drawn():
    goals = Submission(goals=(GoalSetting(metric="emergency_admissions_65_plus", value=1.0),))
    session.set_goals(goals)
    assert session.submission() == goals
    assert st.session_state[keys.KEY_GOALS_SHOWN] == (0, goals.goals)
    answers = goals.with_assurance(Assurance(condition="NC1", statement="Agreed.", status="Met"))
    session.set_signoff(answers)
    assert session.submission() == answers
    assert st.session_state[keys.KEY_SIGNOFF_DRAWN] == (0, session.signoff_shown(answers))
    assert session.signoff_shown(answers) == (answers.assurance, answers.sign_off)


def test_scenarios_available_lists_the_base_and_the_edit_and_nothing_saved_in_the_session_alone():
    available = session.scenarios_available()
    assert list(available) == [session.BASE_NAME, session.EDIT_NAME]
    assert "Saved: Other" not in available and len(available) == 2
    assert len(session.stored()) == 0  # no store: no stored scenarios, and no error


def test_the_workbook_key_names_workbook_area_and_year():
    before = session.workbook_key()
    st.session_state[keys.KEY_AREA] = "E99"
    assert session.workbook_key() != before
