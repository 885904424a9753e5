"""A submission copy uploaded on the Start page brings the area's entries into the app: the Start page
says what was read, and the Goals and Sign-off pages show them (AppTest)."""

from __future__ import annotations

import pytest

from tests.integration.builders import with_localities
from tests.integration.submissions import area_submission, copy_of
from tests.pages import (
    goal_toggle,
    goal_value,
    open_page,
    rationale,
    signatory_names,
    statement,
    status,
    submission,
)

pytestmark = pytest.mark.usefixtures("private_store")


@pytest.fixture(scope="module")
def uploaded():
    from budget.demo import demo_plan
    from budget.models import REFERENCE_NAME
    from scenarios.schema import Scenario
    from scenarios.views import model

    plan = demo_plan()
    view = model(Scenario(name=REFERENCE_NAME), plan, runs=200, seed=3)
    return plan, with_localities(copy_of(plan, view, area_submission(plan)), plan)


def test_an_uploaded_copy_starts_the_scenario_with_its_entries(uploaded):
    plan, data = uploaded
    expected = area_submission(plan)
    at = open_page()
    assert submission(at).goals == ()  # the demo area: nothing set
    at.file_uploader(key="start_upload").upload("copy.xlsx", data)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("Read from the workbook: 2 goals, 3 assurance statements, 2 signatories" in i.value for i in at.info)
    assert submission(at) == expected

    at.switch_page("app_pages/goals_page.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    ea = "emergency_admissions_65_plus"
    assert goal_toggle(at, ea).value is True
    assert goal_value(at, ea).value == pytest.approx(1800.5)
    assert rationale(at, ea).value == expected.goal(ea).rationale
    assert "Baseline, 2024-25" in [m.label for m in at.metric]  # the area's own care-home baseline
    assert submission(at) == expected  # showing them changed nothing (no rounding)

    at.switch_page("app_pages/signoff_page.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    for answer in expected.assurance:
        assert statement(at, answer.condition).value == answer.statement
        assert status(at, answer.condition).value == answer.status
    assert signatory_names(at) == ["A. Chair", "", "", "B. Officer"]
    assert any("3 of 3 conditions answered; 2 of 4 signatories dated" in m.value for m in at.markdown)
