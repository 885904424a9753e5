"""The Sign-off page through Streamlit's AppTest: a statement and a status typed on it are kept with the
scenario and survive switching pages; a red finding in a condition's evidence draws a warning under
"Met"; signatories' names and dates are kept; a scenario opened elsewhere shows its own answers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app_ui.keys import (
    ASSURANCE_STATEMENT_PREFIX,
    ASSURANCE_STATUS_PREFIX,
    KEY_LINES,
    KEY_RUNS,
    KEY_SCENARIO,
    KEY_SIGNOFF_DRAWN,
    SIGN_OFF_DATE_PREFIX,
    SIGN_OFF_NAME_PREFIX,
)
from budget.demo import demo_plan
from budget.rules import counts_towards_minimum_asc
from budget.submission import Assurance, Submission

ROOT = Path(__file__).resolve().parents[2]
PAGE = "app_pages/signoff_page.py"

pytestmark = pytest.mark.usefixtures("private_store")


def open_signoff(lines=None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.session_state[KEY_RUNS] = 200
    at.run()
    if lines is not None:
        at.session_state[KEY_LINES] = lines
    at.switch_page(PAGE)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def key(at: AppTest, prefix: str, item: object) -> str:
    return f"{prefix}{at.session_state[KEY_SIGNOFF_DRAWN][0]}::{item}"


def test_a_statement_and_a_status_are_kept_with_the_scenario_and_survive_switching_pages():
    at = open_signoff()
    assert at.title[0].value == "National conditions and sign-off"
    assert any(m.value == "**0 of 3 conditions answered; 0 of 4 signatories dated**" for m in at.markdown)
    assert [t.label for t in at.text_area] == [f"Assurance statement for NC{i}" for i in (1, 2, 3)]
    assert at.session_state[KEY_SCENARIO].submission == Submission()  # nothing set until the user sets it
    at.text_area(key=key(at, ASSURANCE_STATEMENT_PREFIX, "NC2")).input("Schemes follow both objectives.")
    at.run()
    at.selectbox(key=key(at, ASSURANCE_STATUS_PREFIX, "NC2")).set_value("Partly met")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state[KEY_SCENARIO].submission.assurance == (
        Assurance(condition="NC2", statement="Schemes follow both objectives.", status="Partly met"),)
    assert any(m.value == "**1 of 3 conditions answered; 0 of 4 signatories dated**" for m in at.markdown)
    # a signatory: the Section 151 officer is the fourth row
    at.text_input(key=key(at, SIGN_OFF_NAME_PREFIX, 3)).input("S Treasurer")
    at.run()
    at.text_input(key=key(at, SIGN_OFF_DATE_PREFIX, 3)).input("20 March")
    at.run()
    assert [e.value for e in at.error] == ["Section 151 officer: '20 March' is not a date between 2000 and 2100; write "
                                           "it as DD/MM/YYYY, e.g. 20/03/2026"]
    assert at.session_state[KEY_SCENARIO].submission.sign_off[0].signed_on is None
    at.text_input(key=key(at, SIGN_OFF_DATE_PREFIX, 3)).input("20/03/2026")
    at.run()
    assert not at.error
    (s151,) = at.session_state[KEY_SCENARIO].submission.sign_off
    assert (s151.role, s151.name, s151.signed_on) == ("Section 151 officer", "S Treasurer", dt.date(2026, 3, 20))
    assert any(m.value == "**1 of 3 conditions answered; 1 of 4 signatories dated**" for m in at.markdown)
    at.switch_page("app_pages/budget_page.py")
    at.run()
    at.switch_page(PAGE)
    at.run()
    assert at.text_area(key=key(at, ASSURANCE_STATEMENT_PREFIX, "NC2")).value == "Schemes follow both objectives."
    assert at.selectbox(key=key(at, ASSURANCE_STATUS_PREFIX, "NC2")).value == "Partly met"
    assert at.text_input(key=key(at, SIGN_OFF_NAME_PREFIX, 3)).value == "S Treasurer"
    assert at.text_input(key=key(at, SIGN_OFF_DATE_PREFIX, 3)).value == "20/03/2026"
    assert len(at.session_state[KEY_SCENARIO].submission.sign_off) == 1


def test_met_with_red_evidence_draws_a_warning_and_keeps_the_users_status():
    lines = [x.model_copy(update={"area_of_spend": "Community Health"}) if counts_towards_minimum_asc(x) else x
             for x in demo_plan().lines]
    at = open_signoff(lines)
    assert any("Minimum NHS contribution to adult social care not met" in m.value for m in at.markdown)
    at.text_area(key=key(at, ASSURANCE_STATEMENT_PREFIX, "NC3")).input("We maintain it.")
    at.run()
    at.selectbox(key=key(at, ASSURANCE_STATUS_PREFIX, "NC3")).set_value("Met")
    at.run()
    assert any("NC3 is marked Met, but its evidence has 1 red finding" in w.value for w in at.warning)
    assert at.session_state[KEY_SCENARIO].submission.assurance_for("NC3").status == "Met"


def test_a_scenario_opened_while_on_the_page_shows_its_own_answers():
    at = open_signoff()
    at.text_area(key=key(at, ASSURANCE_STATEMENT_PREFIX, "NC1")).input("Draft.")
    at.run()
    opened = at.session_state[KEY_SCENARIO].model_copy(update={"submission": Submission(assurance=(
        Assurance(condition="NC1", statement="Agreed by the board.", status="Met"),))})
    at.session_state[KEY_SCENARIO] = opened  # as the scenario bar does when a saved scenario is opened
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.text_area(key=key(at, ASSURANCE_STATEMENT_PREFIX, "NC1")).value == "Agreed by the board."
    assert at.session_state[KEY_SCENARIO].submission == opened.submission


def test_a_plan_naming_no_icb_asks_for_the_icbs_name(monkeypatch):
    from app_ui import session  # noqa: PLC0415
    from app_ui.keys import SIGN_OFF_ORG_PREFIX  # noqa: PLC0415

    plan = demo_plan()
    bare = plan.model_copy(update={"area": plan.area.model_copy(update={"icbs": ()})})
    monkeypatch.setattr(session, "current_plan", lambda: bare)
    at = open_signoff()
    box = at.text_input(key=key(at, SIGN_OFF_ORG_PREFIX, 1))
    assert box.label == "Organisation of the ICB chief executive" and box.value == ""
    box.input("NHS Gamma ICB")
    at.run()
    at.text_input(key=key(at, SIGN_OFF_NAME_PREFIX, 1)).input("G Chief")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    (icb,) = at.session_state[KEY_SCENARIO].submission.sign_off
    assert (icb.role, icb.organisation, icb.name) == ("ICB chief executive", "NHS Gamma ICB", "G Chief")
    # the organisation stays editable once entered
    assert at.text_input(key=key(at, SIGN_OFF_ORG_PREFIX, 1)).value == "NHS Gamma ICB"
