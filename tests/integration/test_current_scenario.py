"""One current scenario with a visible state (AppTest): the sidebar names the area and year loaded and the
scenario's name, and marks unsaved changes until they are saved; opening another scenario or workbook over
unsaved changes asks first and keeps the work when the user keeps editing; a saved scenario is listed once,
in the sidebar, on the Compare page and among the board pack's options, all read from the one store."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from app_ui import store_handle
from app_ui.keys import (
    BAR_OPEN,
    BAR_OPEN_PICK,
    BAR_SAVE,
    BAR_SAVE_COPY,
    COMPARE_CHOICE,
    CONFIRM_GO,
    CONFIRM_STAY,
    KEY_BAR_NAME,
    KEY_PACK_OPTIONS,
    START_UPLOAD,
    START_YEAR,
)
from scenarios.schema import Scenario
from tests.integration.builders import plan_workbook, save, two_year_plan_workbook
from tests.pages import goal_toggle, goal_value, open_page, statement, submission

pytestmark = pytest.mark.usefixtures("private_store")
EA = "emergency_admissions_65_plus"


def sidebar(at: AppTest) -> str:
    return " ".join(c.value for c in at.sidebar.caption)


def save_as(at: AppTest, name: str, key: str = BAR_SAVE) -> None:
    at.text_input(key=KEY_BAR_NAME).set_value(name)
    at.run()
    at.button(key=key).click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]


def go(at: AppTest, page: str) -> None:
    at.switch_page(f"app_pages/{page}.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]


def edit_statement(at: AppTest, text: str) -> None:
    go(at, "signoff_page")
    statement(at, "NC1").set_value(text)
    at.run()
    assert not at.exception, [e.value for e in at.exception]


def test_the_sidebar_names_the_area_and_year_of_an_uploaded_workbook_at_once():
    at = open_page()
    assert "Northbrook (illustrative) · 2026-27" in sidebar(at)
    at.file_uploader(key=START_UPLOAD).upload("hartlepool.xlsx", save(plan_workbook()))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Hartlepool · 2025-26" in sidebar(at) and "Northbrook" not in sidebar(at)
    assert "(not saved)" in sidebar(at) and "unsaved changes" not in sidebar(at)


def test_the_sidebar_keeps_the_area_and_scenario_on_a_page_that_stops_early():
    at = open_page()
    cover = [("Health and Wellbeing Board", "Testborough"), ("HWB Code", "E06999998"), ("Financial Year", "2025-26")]
    at.file_uploader(key=START_UPLOAD).upload("testborough.xlsx", save(plan_workbook(cover=cover)))
    at.run()
    for page in ("impact_page", "export_page", "goals_page"):  # each stops: the model cannot run on this plan
        at.switch_page(f"app_pages/{page}.py")
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        assert at.warning, page  # it did stop early, saying why
        assert "Testborough · 2025-26" in sidebar(at) and "Scenario: **Current edit** (not saved)" in sidebar(at), page


def test_a_goal_or_a_statement_marks_the_scenario_unsaved_until_it_is_saved():
    at = open_page("goals_page", no_exception=True)
    assert "Scenario: **Current edit** (not saved)" in sidebar(at) and "unsaved changes" not in sidebar(at)
    goal_toggle(at, EA).set_value(True)
    at.run()
    goal_value(at, EA).set_value(24_000.0)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert "unsaved changes" in sidebar(at)
    save_as(at, "Reablement 500k")
    assert "Scenario: **Reablement 500k** (saved version 1)" in sidebar(at) and "unsaved changes" not in sidebar(at)
    edit_statement(at, "Agreed at the board on 3 March.")
    assert "(saved version 1) · **unsaved changes**" in sidebar(at)
    at.button(key=BAR_SAVE).click()
    at.run()
    assert "Scenario: **Reablement 500k** (saved version 2)" in sidebar(at) and "unsaved changes" not in sidebar(at)
    saved = store_handle.store().open("Reablement 500k").scenario.submission
    assert saved.goal(EA).value == pytest.approx(24_000.0)  # the goal and the statement went into this scenario
    assert saved.assurance[0].statement == "Agreed at the board on 3 March."


def test_opening_another_scenario_over_unsaved_changes_asks_first_and_keeps_the_work():
    store_handle.store().save("Colleague's option", Scenario(name="Colleague's option", stance="pilot"))
    at = open_page("plan_page", no_exception=True)
    save_as(at, "Mine")
    edit_statement(at, "Our own words.")
    at.selectbox(key=BAR_OPEN_PICK).set_value("Colleague's option")
    at.button(key=BAR_OPEN).click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    asked = [w.value for w in at.main.warning if "unsaved changes" in w.value]
    assert asked and "Colleague's option" in asked[0] and "**Mine**" in asked[0]
    assert at.session_state["bcf_scenario"].name == "Mine"  # nothing replaced yet
    at.button(key=CONFIRM_STAY).click()
    at.run()
    assert not [w for w in at.main.warning if "unsaved changes" in w.value]
    assert submission(at).assurance[0].statement == "Our own words."  # the work is kept
    assert "Scenario: **Mine** (saved version 1) · **unsaved changes**" in sidebar(at)
    # asked again, and this time opened anyway
    at.button(key=BAR_OPEN).click()
    at.run()
    at.button(key=CONFIRM_GO).click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Scenario: **Colleague's option** (saved version 1)" in sidebar(at) and "unsaved" not in sidebar(at)
    assert at.session_state["bcf_scenario"].stance == "pilot"


def test_uploading_a_workbook_over_unsaved_changes_asks_first():
    at = open_page(no_exception=True)
    edit_statement(at, "Words not yet saved.")
    go(at, "start_page")
    at.file_uploader(key=START_UPLOAD).upload("hartlepool.xlsx", save(plan_workbook()))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("Opening the workbook hartlepool.xlsx" in w.value for w in at.main.warning)
    assert "Northbrook (illustrative)" in sidebar(at)  # not opened yet
    at.button(key=CONFIRM_STAY).click()
    at.run()
    assert "Northbrook (illustrative)" in sidebar(at)
    assert submission(at).assurance[0].statement == "Words not yet saved."
    # the demo button asks too; opening anyway starts afresh
    next(b for b in at.button if b.label == "Open the demo area").click()
    at.run()
    assert any("Opening the demo area" in w.value for w in at.main.warning)
    at.button(key=CONFIRM_GO).click()
    at.run()
    assert submission(at).assurance == () and "unsaved changes" not in sidebar(at)


def test_reading_the_other_year_over_unsaved_changes_asks_first():
    at = open_page(no_exception=True)
    at.file_uploader(key=START_UPLOAD).upload("two years.xlsx", save(two_year_plan_workbook()))
    at.run()
    assert "Hartlepool · 2024-25" in sidebar(at)
    edit_statement(at, "Kept.")
    go(at, "start_page")
    at.selectbox(key=START_YEAR).set_value("2023-24")
    at.run()
    assert any("Reading the workbook's figures for 2023-24" in w.value for w in at.main.warning)
    at.button(key=CONFIRM_STAY).click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key=START_YEAR).value == "2024-25" and "Hartlepool · 2024-25" in sidebar(at)
    assert not any("Reading the workbook" in w.value for w in at.main.warning)
    assert submission(at).assurance[0].statement == "Kept."
    at.selectbox(key=START_YEAR).set_value("2023-24")
    at.run()
    at.button(key=CONFIRM_GO).click()
    at.run()
    assert "Hartlepool · 2023-24" in sidebar(at) and submission(at).assurance == ()


def test_a_saved_scenario_is_listed_once_everywhere_and_the_current_edit_is_named_as_chosen():
    at = open_page("plan_page", no_exception=True)
    at.selectbox(key="move_from").set_value("carers")
    at.number_input(key="move_amount").set_value(200_000.0)
    next(b for b in at.button if b.label == "Move").click()
    at.run()
    save_as(at, "Option A")
    save_as(at, "Option B", BAR_SAVE_COPY)  # the current scenario is now Option B
    assert at.selectbox(key=BAR_OPEN_PICK).options.count("Option A") == 1
    assert at.selectbox(key=BAR_OPEN_PICK).options.count("Option B") == 1

    go(at, "compare_page")
    options = at.multiselect(key=COMPARE_CHOICE).options
    assert options.count("Saved: Option A") == 1
    assert "Saved: Option B" not in options and options.count("Current edit") == 1  # Option B is the current edit
    at.multiselect(key=COMPARE_CHOICE).set_value(["Plan as submitted", "Current edit", "Saved: Option A"])
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    columns = list(at.table[0].value.columns)
    assert "Current edit" in columns and "Option B" not in columns  # the chip and the column say the same
    bars = at.get("plotly_chart")[0].proto.spec
    assert bars.count('"Current edit"') >= 1 and '"Option B"' not in bars

    go(at, "export_page")
    pack = at.multiselect(key=KEY_PACK_OPTIONS).options
    assert pack.count("Saved: Option A") == 1 and "Saved: Option B" not in pack and "Current edit" not in pack
    assert len(pack) == len(set(pack))
