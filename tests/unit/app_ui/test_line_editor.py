"""The Plan page's line editor: every change made in it applied to the lines it started on, once; it is drawn
afresh only when it would no longer show what the lines hold."""

from __future__ import annotations

import pytest
import streamlit
from hypothesis import given, settings
from hypothesis import strategies as st

from app_ui import session
from app_ui.line_editor import NOT_MODELLED, edited, line_rows, start, started_on
from budget.demo import demo_plan
from budget.edits import EditError, apply_line_edits
from budget.reference import load_reference

PLAN = demo_plan()
REF = load_reference(PLAN.year)
LOCALITIES = tuple(x.name for x in PLAN.localities)
START = PLAN.lines
AMOUNT = "Expenditure (£)"


def test_an_amount_typed_keeps_the_editor_and_changes_that_line_alone():
    out = edited(START, {1: {AMOUNT: START[1].amount + 100_000}}, REF, LOCALITIES)
    assert not out.afresh
    assert out.lines[1].amount == START[1].amount + 100_000
    assert out.lines[:1] + out.lines[2:] == START[:1] + START[2:]


def test_a_value_typed_back_undoes_its_edit_exactly():
    out = edited(START, {1: {AMOUNT: START[1].amount, "Planned outputs": START[1].planned_outputs}}, REF, LOCALITIES)
    assert out.lines == START and not out.afresh


def test_a_new_scheme_type_that_changes_the_lever_draws_the_editor_afresh():
    row = 0
    assert line_rows(START, REF)[row]["Lever"] != NOT_MODELLED
    out = edited(START, {row: {"Scheme type": "Carers Services"}}, REF, LOCALITIES)
    assert out.afresh  # the Lever column and the cleared sub type must be shown
    assert out.lines[row].scheme_type == "Carers Services" and out.lines[row].sub_type == ""


def test_a_change_refused_is_an_edit_error_and_nothing_is_applied():
    with pytest.raises(EditError, match="£0 or more"):
        edited(START, {0: {AMOUNT: 5.0}, 1: {AMOUNT: -1.0}}, REF, LOCALITIES)


def test_the_rows_are_what_the_editor_shows():
    rows = line_rows(START, REF)
    assert len(rows) == len(START)
    assert [r[AMOUNT] for r in rows] == [x.amount for x in START]
    assert {r["Source of funding"] for r in rows} <= {s.name for s in REF.funding_streams}


amounts = st.integers(0, 5_000_000).map(float)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, len(START) - 1), amounts), min_size=1, max_size=8))
def test_every_change_made_in_the_editor_applied_at_once_is_each_applied_in_turn(typed):
    """The editor holds the last value typed in each cell; the lines from all of them at once are the lines from
    each edit in turn, and typing every old amount back gives the lines it started on."""
    held: dict[int, dict] = {}
    in_turn = START
    for row, value in typed:
        held.setdefault(row, {})[AMOUNT] = value
        in_turn = apply_line_edits(in_turn, {row: {AMOUNT: value}}, REF, LOCALITIES)
        out = edited(START, held, REF, LOCALITIES)
        assert out.lines == in_turn and not out.afresh
    back = {row: {AMOUNT: START[row].amount} for row in held}
    assert edited(START, back, REF, LOCALITIES).lines == START


# ---- the editor kept across its own edits, in a session ----------------------------------------------------------

def _editor_edits(changes: dict) -> None:
    """What Streamlit holds for the line editor drawn now: every change made in it since it started."""
    streamlit.session_state[session.line_editor_key()] = {"edited_rows": changes, "added_rows": [], "deleted_rows": []}


def _commit() -> None:
    """What the page's on-change callback does with the editor's changes."""
    session.set_edited_lines(edited(started_on(), session.line_editor_changes(), REF, LOCALITIES).lines)


@pytest.mark.usefixtures("fresh")
def test_the_line_editor_is_kept_across_its_own_edits_and_each_is_applied_once():
    submitted = session.current_plan().lines
    first = start(submitted, REF, LOCALITIES)
    key = session.line_editor_key()
    amount = submitted[1].amount
    for typed in (amount + 100_000, amount + 250_000):  # the same cell edited twice: the second value stands
        _editor_edits({1: {"Expenditure (£)": typed}})
        _commit()
        assert start(session.edited_lines(), REF, LOCALITIES) == first == submitted
        assert session.line_editor_key() == key  # the same editor: the focus stays in it
        assert session.edit_plan().total_expenditure == pytest.approx(sum(x.amount for x in submitted) - amount
                                                                      + typed)
    # a page that runs again applies nothing twice
    assert start(session.edited_lines(), REF, LOCALITIES) == submitted
    assert session.edited_lines()[1].amount == amount + 250_000
    # the amount typed back: the edit is undone, exactly
    _editor_edits({1: {"Expenditure (£)": amount}})
    _commit()
    assert session.edit_plan().lines == submitted and session.line_editor_key() == key


@pytest.mark.usefixtures("fresh")
def test_the_line_editor_starts_afresh_when_the_lines_changed_elsewhere():
    submitted = session.current_plan().lines
    start(submitted, REF, LOCALITIES)
    _editor_edits({0: {"Expenditure (£)": submitted[0].amount + 1_000}})
    _commit()
    made = session.edited_lines()
    key = session.line_editor_key()
    # the editor forgotten while another page was open (Streamlit drops a widget's state it did not draw)
    del streamlit.session_state[key]
    assert start(made, REF, LOCALITIES) == made  # started on the lines as they are now
    assert session.line_editor_key() != key and session.line_editor_changes() == {}
    # the lines replaced elsewhere (a saved scenario opened) while the editor held an edit
    key = session.line_editor_key()
    _editor_edits({2: {"Planned outputs": 5.0}})
    other = submitted[:3] + submitted[4:]
    assert start(other, REF, LOCALITIES) == other and session.line_editor_key() != key
