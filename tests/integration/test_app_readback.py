"""A submission copy uploaded on the Start page brings the area's entries into the app: the Start page
says what was read, and the Goals and Sign-off pages show them (AppTest)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app_ui.keys import (
    ASSURANCE_STATEMENT_PREFIX,
    ASSURANCE_STATUS_PREFIX,
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
from tests.integration.test_submission_readback import area_submission, copy_of, with_localities

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.usefixtures("private_store")


def goal_key(at: AppTest, prefix: str, metric: str) -> str:
    """The key of one of the Goals page's boxes for `metric`, at the version the page last drew them with."""
    return widget_key(prefix, at.session_state[KEY_GOALS_SHOWN][0], metric)


@pytest.fixture(scope="module")
def uploaded():
    from budget.demo import demo_plan
    from scenarios.schema import Scenario
    from scenarios.views import model

    plan = demo_plan()
    view = model(Scenario(name="Plan as submitted"), plan, runs=200, seed=3)
    return plan, with_localities(copy_of(plan, view, area_submission(plan)), plan)


def test_an_uploaded_copy_starts_the_scenario_with_its_entries(uploaded):
    plan, data = uploaded
    expected = area_submission(plan)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.session_state[KEY_RUNS] = 200
    at.run()
    assert at.session_state[KEY_SCENARIO].submission.goals == ()  # the demo area: nothing set
    at.file_uploader(key="start_upload").upload("copy.xlsx", data)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("Read from the workbook: 2 goals, 3 assurance statements, 2 signatories" in i.value for i in at.info)
    assert at.session_state[KEY_SCENARIO].submission == expected

    at.switch_page("app_pages/goals_page.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    ea = "emergency_admissions_65_plus"
    assert at.toggle(key=goal_key(at, GOAL_TOGGLE_PREFIX, ea)).value is True
    assert at.number_input(key=goal_key(at, GOAL_WIDGET_PREFIX, ea)).value == pytest.approx(1800.5)
    assert at.text_area(key=goal_key(at, RATIONALE_WIDGET_PREFIX, ea)).value == expected.goal(ea).rationale
    assert "Baseline, 2024-25" in [m.label for m in at.metric]  # the area's own care-home baseline
    assert at.session_state[KEY_SCENARIO].submission == expected  # showing them changed nothing (no rounding)

    at.switch_page("app_pages/signoff_page.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    version = at.session_state[KEY_SIGNOFF_DRAWN][0]
    for answer in expected.assurance:
        assert at.text_area(key=f"{ASSURANCE_STATEMENT_PREFIX}{version}::{answer.condition}").value == answer.statement
        assert at.selectbox(key=f"{ASSURANCE_STATUS_PREFIX}{version}::{answer.condition}").value == answer.status
    names = [t.value for t in at.text_input if t.key and t.key.startswith(f"{SIGN_OFF_NAME_PREFIX}{version}::")]
    assert names == ["A. Chair", "", "", "B. Officer"]
    assert any("3 of 3 conditions answered; 2 of 4 signatories dated" in m.value for m in at.markdown)
