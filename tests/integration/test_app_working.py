"""Work in progress survives a reload (AppTest): a new session opened at the same address picks up the open
workbook, the scenario's changes, its goals and statements, the model settings and whether it is saved; for the
user who did the work only, and never from a token that is not theirs."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from app_ui import working
from app_ui.keys import (
    KEY_BAR_NAME,
    KEY_BYTES,
    KEY_LINES,
    KEY_NAME,
    KEY_RUNS,
    KEY_SCENARIO,
    KEY_STORE_BASE,
    KEY_USER,
    KEY_WORK_TOKEN,
    START_UPLOAD,
)
from tests.integration.builders import plan_workbook, save
from tests.pages import open_page, statement

pytestmark = pytest.mark.usefixtures("private_store")


def sidebar(at: AppTest) -> str:
    return " ".join(c.value for c in at.sidebar.caption)


def ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def move(at: AppTest, amount: float = 200_000.0) -> None:
    at.selectbox(key="move_from").set_value("carers")
    at.number_input(key="move_amount").set_value(amount)
    next(b for b in at.button if b.label == "Move").click()
    ok(at.run())


def reload(at: AppTest, page: str = "plan_page", user: str | None = None) -> AppTest:
    """A new session at the address `at`'s browser shows (its token), as a reload opens it."""
    again = AppTest.from_file(str(at._script_path), default_timeout=120)
    again.session_state[KEY_RUNS] = 200
    if user:
        again.session_state[KEY_USER] = user
    again.query_params[working.TOKEN_PARAM] = at.session_state[KEY_WORK_TOKEN]
    ok(again.run())
    again.said = [t.value for t in again.toast]  # on the first page drawn
    if page != "start_page":
        again.switch_page(f"app_pages/{page}.py")
        ok(again.run())
    return again


def test_a_reload_picks_up_the_changes_the_statements_and_the_settings_unsaved():
    at = open_page("plan_page", no_exception=True)
    token = at.session_state[KEY_WORK_TOKEN]
    assert working.TOKEN.fullmatch(token)
    move(at)
    at.switch_page("app_pages/signoff_page.py")
    ok(at.run())
    statement(at, "NC1").set_value("Agreed by the ICB and the council on 3 March.")
    ok(at.run())
    again = reload(at)
    assert again.session_state[KEY_WORK_TOKEN] != token  # the work taken over under the new session's own token
    assert again.session_state[KEY_SCENARIO] == at.session_state[KEY_SCENARIO]
    assert reload(again).session_state[KEY_SCENARIO] == at.session_state[KEY_SCENARIO]  # and a reload of that
    assert len(again.session_state[KEY_SCENARIO].changes) == 1
    assert again.session_state[KEY_SCENARIO].submission.assurance == at.session_state[KEY_SCENARIO].submission.assurance
    assert "unsaved changes" in sidebar(again)
    assert len(again.said) == 1 and again.said[0].startswith("Picked up where you left off (")
    assert any(b.label == "Remove" for b in again.button)  # the Plan page lists the change
    assert not again.toast  # said once only


def test_a_reload_picks_up_an_uploaded_workbook_and_a_saved_scenario_as_saved():
    at = open_page(no_exception=True)
    data = save(plan_workbook())
    at.file_uploader(key=START_UPLOAD).upload("hartlepool.xlsx", data)
    ok(at.run())
    at.switch_page("app_pages/plan_page.py")
    ok(at.run())
    move(at, 100_000.0)
    at.text_input(key=KEY_BAR_NAME).set_value("Option A")
    ok(at.run())
    at.button(key="bar_save").click()
    ok(at.run())
    assert "unsaved changes" not in sidebar(at)
    again = reload(at, "budget_page")
    assert (again.session_state[KEY_NAME], again.session_state[KEY_BYTES]) == ("hartlepool.xlsx", data)
    assert again.session_state[KEY_STORE_BASE] == at.session_state[KEY_STORE_BASE] == ("Option A", 1)
    assert again.session_state[KEY_LINES] == at.session_state[KEY_LINES]
    assert "Hartlepool · 2025-26" in sidebar(again) and "Option A" in sidebar(again)
    assert "unsaved changes" not in sidebar(again)


def test_a_fresh_session_with_nothing_changed_keeps_nothing_and_a_bad_token_is_replaced():
    at = open_page("plan_page", no_exception=True)
    again = reload(at)  # nothing was changed, so nothing was kept: a new token, the demo as new
    assert again.session_state[KEY_WORK_TOKEN] != at.session_state[KEY_WORK_TOKEN]
    assert not again.said and again.session_state[KEY_SCENARIO].changes == ()
    forged = AppTest.from_file(str(at._script_path), default_timeout=120)
    forged.query_params[working.TOKEN_PARAM] = "../../etc/passwd"
    ok(forged.run())
    assert working.TOKEN.fullmatch(forged.session_state[KEY_WORK_TOKEN])


def test_work_is_picked_up_only_by_the_user_who_did_it():
    ann = open_page("plan_page", user="ann@council.gov.uk", no_exception=True)
    move(ann)
    bob = reload(ann, user="bob@nhs.net")  # bob opens ann's address
    assert bob.session_state[KEY_SCENARIO].changes == () and not bob.said
    assert bob.session_state[KEY_WORK_TOKEN] != ann.session_state[KEY_WORK_TOKEN]
    move(bob, 50_000.0)  # bob's work goes under his own token: ann's is not written over
    back = reload(ann, user="ann@council.gov.uk")
    assert back.session_state[KEY_SCENARIO] == ann.session_state[KEY_SCENARIO]
    assert back.session_state[KEY_SCENARIO].changes[0].amount_gbp == 200_000.0


def test_a_duplicated_tab_and_the_tab_it_came_from_each_keep_their_own_work():
    def amounts(at: AppTest) -> list[float]:
        return [c.amount_gbp for c in at.session_state[KEY_SCENARIO].changes]

    first = open_page("plan_page", no_exception=True)
    move(first, 100_000.0)
    second = reload(first)  # the same address opened in a second tab: it takes the work over
    assert amounts(second) == [100_000.0]
    move(second, 50_000.0)
    move(first, 70_000.0)  # the first tab, still open, goes on with its own work
    assert amounts(reload(first)) == [100_000.0, 70_000.0]
    assert amounts(reload(second)) == [100_000.0, 50_000.0]
