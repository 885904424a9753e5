"""Ordinary typed input on the Goals and Sign-off pages: what the schema refuses is a sentence beside the box,
never a validation error in Streamlit's error box, and what was there before is kept.

Each case below reached the page as an uncaught ``ValidationError`` before the pages built their entries
through ``budget.submission.entry``: a tab in a signatory's name (pasting two Excel cells), a tab in a
baseline's source, U+0085 in a rationale, U+0096 in a statement, U+202E in a name.
"""

from __future__ import annotations

import pytest

from budget.models import MAX_COUNT
from budget.submission import Submission
from tests.pages import (
    baseline_source,
    baseline_toggle,
    errors,
    goal_toggle,
    goal_value,
    open_page,
    rationale,
    signatory_name,
    statement,
    submission,
)

pytestmark = pytest.mark.usefixtures("private_store")
METRIC = "emergency_admissions_65_plus"


@pytest.mark.parametrize(("what", "typed", "said"), [
    ("rationale", "Falls service grows\u0085by a third", "rationale: contains a control character (U+0085)"),
    ("source", "SUS\textract", "source: contains a tab"),
])
def test_goals_page_refuses_a_control_character_in_a_sentence_and_keeps_the_goal(what, typed, said):
    at = open_page("goals_page", timeout=180, no_exception=True)
    goal_toggle(at, METRIC).set_value(True)
    at.run()
    goal_value(at, METRIC).set_value(20_000.0)
    at.run()
    kept = submission(at).goal(METRIC)
    assert kept.value == 20_000.0
    if what == "source":
        baseline_toggle(at, METRIC).set_value(True)
        at.run()
        baseline_source(at, METRIC).input(typed)
    else:
        rationale(at, METRIC).input(typed)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any(said in e and "It was not changed." in e for e in errors(at)), errors(at)
    assert submission(at).goal(METRIC) == kept  # the refused entry changed nothing
    assert at.title  # the page went on drawing


def test_goals_boxes_are_bounded_to_what_the_schema_takes():
    at = open_page("goals_page", timeout=180, no_exception=True)
    goal_toggle(at, METRIC).set_value(True)
    baseline_toggle(at, METRIC).set_value(True)
    at.run()
    for box in at.number_input:
        assert box.max == MAX_COUNT and box.min == 0.0, box.label


@pytest.mark.parametrize(("typed", "said"), [
    ("Jane Smith\tChief executive", "name: contains a tab (pasting two spreadsheet cells gives one)"),
    ("Jane \u202eSmith", "name: contains a character that changes the direction of the text after it (U+202E)"),
])
def test_sign_off_refuses_a_pasted_tab_or_a_direction_override_in_a_sentence(typed, said):
    at = open_page("signoff_page", timeout=180, no_exception=True)
    signatory_name(at, 0).input(typed)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any(said in e for e in errors(at)), errors(at)
    assert submission(at) == Submission()  # nothing was stored


def test_sign_off_refuses_a_control_character_in_a_statement_in_a_sentence():
    at = open_page("signoff_page", timeout=180, no_exception=True)
    statement(at, "NC1").input("Agreed \u0096 jointly")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("assurance statement: contains a control character (U+0096)" in e for e in errors(at)), errors(at)
    assert submission(at).assurance == ()
    # corrected, it is kept
    statement(at, "NC1").input("Agreed jointly")
    at.run()
    assert submission(at).assurance[0].statement == "Agreed jointly"
    assert not at.error
