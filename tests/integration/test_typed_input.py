"""Ordinary typed input on the Goals and Sign-off pages: what the schema refuses is a sentence beside the box,
never a validation error in Streamlit's error box, and what was there before is kept.

Each case below reached the page as an uncaught ``ValidationError`` before the pages built their entries
through ``budget.submission.entry``: a tab in a signatory's name (pasting two Excel cells), a tab in a
baseline's source, U+0085 in a rationale, U+0096 in a statement, U+202E in a name.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app_ui.keys import (
    ASSURANCE_STATEMENT_PREFIX,
    BASELINE_SOURCE_PREFIX,
    BASELINE_TOGGLE_PREFIX,
    GOAL_TOGGLE_PREFIX,
    GOAL_WIDGET_PREFIX,
    KEY_GOALS_SHOWN,
    KEY_RUNS,
    KEY_SCENARIO,
    KEY_SIGNOFF_DRAWN,
    RATIONALE_WIDGET_PREFIX,
    SIGN_OFF_NAME_PREFIX,
)
from app_ui.widget_sync import widget_key
from budget.models import MAX_COUNT
from budget.submission import Submission

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.usefixtures("private_store")
METRIC = "emergency_admissions_65_plus"


def goal_key(at: AppTest, prefix: str, metric: str) -> str:
    """The key of one of the Goals page's boxes for `metric`, at the version the page last drew them with."""
    return widget_key(prefix, at.session_state[KEY_GOALS_SHOWN][0], metric)


def open_page(page: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.session_state[KEY_RUNS] = 200
    at.run()
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def errors(at: AppTest) -> list[str]:
    """The page's error boxes as read on screen (Markdown escapes removed)."""
    return [re.sub(r"\\(.)", r"\1", str(e.value)) for e in at.error]


@pytest.mark.parametrize(("what", "typed", "said"), [
    ("rationale", "Falls service grows\u0085by a third", "rationale: contains a control character (U+0085)"),
    ("source", "SUS\textract", "source: contains a tab"),
])
def test_goals_page_refuses_a_control_character_in_a_sentence_and_keeps_the_goal(what, typed, said):
    at = open_page("app_pages/goals_page.py")
    at.toggle(key=goal_key(at, GOAL_TOGGLE_PREFIX, METRIC)).set_value(True)
    at.run()
    at.number_input(key=goal_key(at, GOAL_WIDGET_PREFIX, METRIC)).set_value(20_000.0)
    at.run()
    kept = at.session_state[KEY_SCENARIO].submission.goal(METRIC)
    assert kept.value == 20_000.0
    if what == "source":
        at.toggle(key=goal_key(at, BASELINE_TOGGLE_PREFIX, METRIC)).set_value(True)
        at.run()
        at.text_input(key=goal_key(at, BASELINE_SOURCE_PREFIX, METRIC)).input(typed)
    else:
        at.text_area(key=goal_key(at, RATIONALE_WIDGET_PREFIX, METRIC)).input(typed)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any(said in e and "It was not changed." in e for e in errors(at)), errors(at)
    assert at.session_state[KEY_SCENARIO].submission.goal(METRIC) == kept  # the refused entry changed nothing
    assert at.title  # the page went on drawing


def test_goals_boxes_are_bounded_to_what_the_schema_takes():
    at = open_page("app_pages/goals_page.py")
    at.toggle(key=goal_key(at, GOAL_TOGGLE_PREFIX, METRIC)).set_value(True)
    at.toggle(key=goal_key(at, BASELINE_TOGGLE_PREFIX, METRIC)).set_value(True)
    at.run()
    for box in at.number_input:
        assert box.max == MAX_COUNT and box.min == 0.0, box.label


@pytest.mark.parametrize(("typed", "said"), [
    ("Jane Smith\tChief executive", "name: contains a tab (pasting two spreadsheet cells gives one)"),
    ("Jane \u202eSmith", "name: contains a character that changes the direction of the text after it (U+202E)"),
])
def test_sign_off_refuses_a_pasted_tab_or_a_direction_override_in_a_sentence(typed, said):
    at = open_page("app_pages/signoff_page.py")
    version = at.session_state[KEY_SIGNOFF_DRAWN][0]
    at.text_input(key=f"{SIGN_OFF_NAME_PREFIX}{version}::0").input(typed)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any(said in e for e in errors(at)), errors(at)
    assert at.session_state[KEY_SCENARIO].submission == Submission()  # nothing was stored


def test_sign_off_refuses_a_control_character_in_a_statement_in_a_sentence():
    at = open_page("app_pages/signoff_page.py")
    version = at.session_state[KEY_SIGNOFF_DRAWN][0]
    at.text_area(key=f"{ASSURANCE_STATEMENT_PREFIX}{version}::NC1").input("Agreed \u0096 jointly")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("assurance statement: contains a control character (U+0096)" in e for e in errors(at)), errors(at)
    assert at.session_state[KEY_SCENARIO].submission.assurance == ()
    # corrected, it is kept
    at.text_area(key=f"{ASSURANCE_STATEMENT_PREFIX}{version}::NC1").input("Agreed jointly")
    at.run()
    assert at.session_state[KEY_SCENARIO].submission.assurance[0].statement == "Agreed jointly"
    assert not at.error
