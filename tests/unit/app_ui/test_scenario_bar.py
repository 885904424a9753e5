"""app_ui.scenario_bar: save, save as copy, conflicts, open and history, in a tiny page run through AppTest."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from app_ui import keys
from scenarios.schema import Scenario


def page():
    """A page that has only the scenario bar, in the sidebar as on every page."""
    import streamlit as st

    from app_ui import scenario_bar, session

    session.init()
    with st.sidebar:
        scenario_bar.render()
        state = st.container()
    scenario_bar.draw_state(state)  # as app.py draws it, after the page


def scenario_caption(at: AppTest) -> str:
    """The sidebar's line on the current scenario: its name and whether and as what it is saved."""
    return next(c.value for c in at.caption if c.value.startswith("Scenario: "))


def start() -> AppTest:
    at = AppTest.from_function(page, default_timeout=30)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_an_unsaved_scenario_says_so(db):
    at = start()
    assert scenario_caption(at).startswith("Scenario: **") and scenario_caption(at).endswith(" (not saved)")
    assert [e.label for e in at.expander] == ["Save, open and share scenarios"]


def test_saving_without_a_name_asks_for_one(db):
    at = start()
    at.button(key=keys.BAR_SAVE).click().run()
    assert [w.value for w in at.warning] == ["Type a name for the scenario, then save it."]
    assert db.list() == []


def test_save_then_save_again_makes_version_2(db):
    at = start()
    at.text_input(key=keys.KEY_BAR_NAME).input("North  [plan]").run()
    at.button(key=keys.BAR_SAVE).click().run()
    assert [s.value for s in at.success] == [r"Saved 'North \[plan\]' as version 1."]
    assert scenario_caption(at) == r"Scenario: **North \[plan\]** (saved version 1)"
    at.button(key=keys.BAR_SAVE).click().run()
    assert [s.value for s in at.success] == [r"Saved 'North \[plan\]' as version 2."]
    assert [v.version for v in db.versions("North [plan]")] == [2, 1]


def test_a_save_over_someone_elses_newer_version_is_refused_with_their_name(db):
    at = start()
    at.text_input(key=keys.KEY_BAR_NAME).input("Shared one").run()
    at.button(key=keys.BAR_SAVE).click().run()
    db.save("Shared one", Scenario(runs=50), base_version=1, author="bob")
    at.button(key=keys.BAR_SAVE).click().run()
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and errors[0].startswith("'Shared one' was saved as version 2 by bob at ")
    assert "your changes were not saved" in errors[0]


def test_save_as_copy_refuses_a_name_that_exists(db):
    db.save("Taken", Scenario())
    at = start()
    at.text_input(key=keys.KEY_BAR_NAME).input("Taken").run()
    at.button(key=keys.BAR_SAVE_COPY).click().run()
    assert [e.value for e in at.error] == ["a scenario called 'Taken' already exists; choose another name"]


def test_open_makes_the_saved_scenario_current_and_history_lists_versions(db):
    db.save("Saved elsewhere", Scenario(runs=77))
    db.save("Saved elsewhere", Scenario(runs=78), base_version=1, author="bob")
    at = start()
    assert at.selectbox(key=keys.BAR_OPEN_PICK).value == "Saved elsewhere"
    at.button(key=keys.BAR_OPEN).click().run()
    assert [s.value for s in at.success] == ["Opened 'Saved elsewhere' version 2."]
    assert at.session_state[keys.KEY_STORE_BASE] == ("Saved elsewhere", 2)
    assert scenario_caption(at) == "Scenario: **Saved elsewhere** (saved version 2)"
    at.toggle(key=keys.BAR_SHOW_HISTORY).set_value(True).run()
    lines = [m.value for m in at.markdown if m.value.startswith("**v")]
    assert len(lines) == 2 and lines[0].startswith("**v2** · ") and lines[0].endswith("bob — changed scenario.runs")
    assert lines[1].endswith("ann — created")
    assert any(c.value.startswith("The store keeps the latest 50 versions of each scenario") for c in at.caption)


def test_presenting_shows_only_the_name(db):
    at = AppTest.from_function(page, default_timeout=30)
    at.session_state[keys.KEY_PRESENT] = True
    at.run()
    assert not at.exception and len(at.expander) == 0
    assert scenario_caption(at).endswith("(not saved)")
