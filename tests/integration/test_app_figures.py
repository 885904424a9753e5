"""The Plan page and the Export page's board pack show the figures of scenarios.spend: spend by lever
and locality after the scenario's changes."""

from __future__ import annotations

import pytest

from app_ui.keys import KEY_SCENARIO
from tests.pages import open_page

pytestmark = pytest.mark.usefixtures("private_store")


@pytest.mark.parametrize("year", [0, 1])
def test_plan_page_spend_by_lever_is_the_scenarios_spend(year):
    from app_ui.markdown import md
    from budget.demo import demo_plan
    from budget.money import gbp
    from budget.reference import LEVER_LABELS
    from scenarios.spend import spend_by_lever, spend_by_locality
    from tests.unit.scenarios.examples import mixed_scenario

    scenario = mixed_scenario()  # a share, a locality move, an added and a removed line, a move from year 2
    at = open_page("plan_page")
    at.session_state[KEY_SCENARIO] = scenario
    at.run()
    at.selectbox(key="spend_year").set_value(year)
    at.run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    plan = demo_plan()
    after, before = spend_by_lever(plan, scenario, year), spend_by_lever(plan)
    shown = next(t.value for t in at.table if "Lever" in t.value.columns).set_index("Lever")
    assert list(shown.index) == [md(LEVER_LABELS[lv]) for lv in after] + ["Total"]
    for lever, value in after.items():
        row = shown.loc[md(LEVER_LABELS[lever])]
        assert row["After the changes"] == gbp(value)
        assert row["Before the changes"] == gbp(before[lever])
    removed = sum(x.amount for x in plan.lines if x.scheme_id == "NB01")
    assert shown.loc["Total", "After the changes"] == gbp(plan.total_expenditure + 150_000 - removed)
    assert shown.loc[md(LEVER_LABELS["assistive_technology"]), "Change"] == ("–" if year == 0 else "−£100,000")
    places = next(t.value for t in at.table if "Locality" in t.value.columns).set_index("Locality")
    for name, value in spend_by_locality(plan, scenario, year).items():
        assert places.loc[md(name), "After the changes"] == gbp(value)


def test_export_page_pack_draws_the_scenarios_spend_by_lever():
    import io

    from pptx import Presentation

    from app_ui.keys import KEY_PACK
    from budget.demo import demo_plan
    from scenarios.schema import Scenario
    from tests.integration.slides import ONE_MILLION_MOVED, expected_levers, lever_chart_values

    scenario = Scenario.model_validate(ONE_MILLION_MOVED)
    at = open_page("export_page")
    at.session_state[KEY_SCENARIO] = scenario
    at.run()
    next(b for b in at.button if b.label == "Build the board pack").click()
    at.run()
    assert not at.exception
    data = at.session_state[KEY_PACK][1]
    shown = lever_chart_values(list(Presentation(io.BytesIO(data)).slides))
    assert shown == pytest.approx(expected_levers(demo_plan(), scenario))
    assert shown != pytest.approx(expected_levers(demo_plan()))
