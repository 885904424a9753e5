"""Widgets kept in step with what the scenario holds: a page's own change keeps what the user typed; a value
that arrives from elsewhere (a scenario opened) starts the widgets afresh from it."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from app_ui.widget_sync import widget_key


def page():
    """A box showing a value kept in the session, as the Goals and Sign-off pages keep theirs."""
    import streamlit as st

    from app_ui import widget_sync

    stored = st.session_state.setdefault("stored", "as opened")
    version = widget_sync.version("drawn", stored)
    typed = st.text_input("Box", value=stored, key=widget_sync.widget_key("box::", version, "one"))
    if typed != stored:
        st.session_state["stored"] = typed
        widget_sync.drawn("drawn", typed)


@pytest.fixture
def at() -> AppTest:
    app = AppTest.from_function(page, default_timeout=30)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def box(app: AppTest):
    return app.text_input(key=widget_key("box::", app.session_state["drawn"][0], "one"))


def test_widget_key_puts_the_version_between_the_prefix_and_the_item():
    assert (
        widget_key("goal_value::", 3, "emergency_admissions_65_plus") == "goal_value::3::emergency_admissions_65_plus"
    )
    assert widget_key("capacity_month::", 0, 11) == "capacity_month::0::11"


def test_the_first_drawing_is_version_0_and_shows_the_stored_value(at):
    assert at.session_state["drawn"] == (0, "as opened")
    assert box(at).value == "as opened"


def test_what_the_user_types_is_kept_and_the_widget_stays(at):
    box(at).input("typed")
    at.run()
    at.run()
    assert at.session_state["stored"] == "typed"
    assert at.session_state["drawn"] == (0, "typed")  # recorded by drawn(): no new version
    assert box(at).value == "typed"


def test_a_value_from_elsewhere_starts_the_widget_afresh(at):
    box(at).input("typed")
    at.run()
    at.session_state["stored"] = "another scenario"  # as the scenario bar does when it opens one
    at.run()
    assert at.session_state["drawn"] == (1, "another scenario")
    assert box(at).value == "another scenario"
    assert at.session_state["stored"] == "another scenario"  # the old box did not write its text back


def test_none_is_a_value_like_any_other(at):
    """A default (None) and then an area's own value are two different values: the boxes start afresh."""
    at.session_state["stored"] = None
    at.run()
    first = at.session_state["drawn"]
    at.session_state["stored"] = "own"
    at.run()
    assert at.session_state["drawn"] == (first[0] + 1, "own")
