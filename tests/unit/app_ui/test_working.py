"""app_ui.working: the work in progress as kept in the store and picked up again, in a session of its own."""

from __future__ import annotations

import datetime as dt

import pytest
import streamlit as st

from app_ui import session, working
from app_ui.keys import (
    KEY_BYTES,
    KEY_CLEAN,
    KEY_LINES,
    KEY_NAME,
    KEY_RUNS,
    KEY_SCENARIO,
    KEY_SEED,
    KEY_STORE_BASE,
    KEY_WORK_KEPT,
    KEY_WORK_TOKEN,
)
from budget.demo import demo_plan
from scenarios.schema import Scenario

MOVE = {"kind": "move", "from": {"lever": "carers"}, "to": {"lever": "reablement"}, "amount_gbp": 100_000}


def _edit() -> None:
    plan = demo_plan()
    st.session_state[KEY_SCENARIO] = Scenario(name=session.EDIT_NAME, changes=(MOVE,), stance="pilot")
    st.session_state[KEY_LINES] = tuple(x.model_copy(update={"amount": x.amount + 1}) for x in plan.lines[:3]) + (
        plan.lines[3:])
    st.session_state[KEY_RUNS] = 2000
    st.session_state[KEY_SEED] = 7
    st.session_state[KEY_STORE_BASE] = ("Option A", 3)


def _work() -> tuple:
    s = st.session_state
    return tuple(s.get(k) for k in (KEY_NAME, KEY_BYTES, KEY_SCENARIO, KEY_LINES, KEY_RUNS, KEY_SEED, KEY_CLEAN,
                                    KEY_STORE_BASE))


def test_new_tokens_are_secrets_of_the_shape_the_address_is_checked_for():
    tokens = {working._new_token() for _ in range(50)}
    assert len(tokens) == 50 and all(working.TOKEN.fullmatch(t) for t in tokens)
    assert not working.TOKEN.fullmatch("../../etc/passwd") and not working.TOKEN.fullmatch("a" * 31)


def test_the_time_picked_up_is_said_in_england_s_time():
    summer = dt.datetime(2026, 7, 1, 9, 5, tzinfo=dt.UTC)
    winter = dt.datetime(2026, 12, 7, 9, 5, tzinfo=dt.UTC)
    assert working.picked_up_words(summer) == "Picked up where you left off (10:05 on 1 July)."
    assert working.picked_up_words(winter) == "Picked up where you left off (09:05 on 7 December)."


def test_work_kept_is_picked_up_whole_in_a_new_session(fresh, db, monkeypatch):
    from app_ui import store_handle

    monkeypatch.setattr(store_handle, "store", lambda show=True: db)  # the fixture's store, as the app opens it
    _edit()
    st.session_state[KEY_WORK_TOKEN] = token = working._new_token()
    working._keep()
    before = _work()
    assert st.session_state[KEY_WORK_KEPT] == working._snapshot()
    st.session_state.clear()
    session.init()
    assert _work() != before
    when = working._pick_up(token, move_to=working._new_token())
    assert when is not None and abs(when - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=5)
    assert _work() == before
    assert session.unsaved()  # the clean copy came back too: the change is still unsaved


BAD_BASE = ('{"name": "demo", "area": null, "year": null, "runs": 500, "seed": 3, "lines": null, '
            '"scenario": {"name": "Current edit"}, "clean": {"scenario": {"name": "Current edit"}, "lines": null}, '
            '"store_base": ["Option A", "not a number"]}')


@pytest.mark.parametrize("state", ["not json", "{}", '{"name": "demo"}', BAD_BASE])
def test_work_kept_that_does_not_read_leaves_the_session_as_it_was(fresh, db, monkeypatch, state):
    from app_ui import store_handle

    monkeypatch.setattr(store_handle, "store", lambda show=True: db)
    token = working._new_token()
    assert db.keep_working(token, "", state, "demo", None)
    before = _work()
    assert working._pick_up(token, move_to=working._new_token()) is None
    assert _work() == before


def test_a_workbook_whose_bytes_do_not_match_their_digest_is_not_picked_up(fresh, db, monkeypatch):
    from app_ui import store_handle

    monkeypatch.setattr(store_handle, "store", lambda show=True: db)
    _edit()
    token = working._new_token()
    assert db.keep_working(token, "", working.state_json(), "0" * 64, b"changed on the way")
    st.session_state.clear()
    session.init()
    before = _work()
    assert working._pick_up(token, move_to=working._new_token()) is None and _work() == before
