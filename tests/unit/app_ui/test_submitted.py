"""app_ui.submitted: "Mark as submitted" for a saved scenario with nothing unsaved, and the records listed."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from app_ui import keys


def page():
    """The scenario bar in the sidebar and the "Submitted records" section, as on the Sign-off page."""
    import streamlit as st

    from app_ui import scenario_bar, session, submitted

    session.init()
    with st.sidebar:
        scenario_bar.render()
    if st.checkbox("Change the seed", key="test_change"):
        session.set_scenario(session.current_scenario().model_copy(update={"seed": 99}))
    submitted.render()


def start() -> AppTest:
    at = AppTest.from_function(page, default_timeout=30)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def mark_button(at: AppTest):
    return at.button(key=keys.SIGNOFF_MARK_SUBMITTED)


def test_an_unsaved_scenario_cannot_be_marked_and_says_why(db):
    at = start()
    assert mark_button(at).disabled
    assert any(i.value.startswith("Save the scenario in the sidebar first") for i in at.info)
    assert "No plan has been marked as submitted yet." in [c.value for c in at.caption]


def test_a_saved_scenario_is_marked_and_listed_and_unsaved_changes_stop_it(db):
    at = start()
    at.text_input(key=keys.KEY_BAR_NAME).input("Final plan").run()
    at.button(key=keys.BAR_SAVE).click().run()
    assert not mark_button(at).disabled
    mark_button(at).click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert [s.value for s in at.success][-1].startswith("Marked version 1 of 'Final plan' as submitted on ")
    (record,) = db.submitted()
    assert (record.name, record.number, record.scenario_version) == ("Final plan", 1, 1)
    assert db.open_submitted("Final plan").scenario.seed == db.open("Final plan").scenario.seed
    frame = at.table[0].value
    assert list(frame["Scenario"]) == ["Final plan"] and list(frame["Submission"].astype(int)) == [1]
    at.checkbox(key="test_change").check().run()  # an edit not yet saved
    assert mark_button(at).disabled
    assert any(i.value.startswith("Save your changes to 'Final plan' first") for i in at.info)
    assert len(db.submitted()) == 1 and db.open_submitted("Final plan").scenario.seed != 99
