"""Money by locality need on the Plan and Optimise pages through Streamlit's AppTest: the words and the table
are the shared function's, before and after a move, and the Optimise page keeps money near need when asked."""

from __future__ import annotations

import pytest

from app_ui.keys import KEY_SCENARIO
from budget.demo import demo_plan
from scenarios.spend import locality_need
from tests.pages import open_page

pytestmark = pytest.mark.usefixtures("private_store")


def _bullets(at) -> list[str]:
    return [line.removeprefix("- ") for m in at.markdown if m.value.startswith("- ") for line in m.value.split("\n")
            if " of the need and " in line]


def test_the_plan_page_shows_each_locality_s_need_beside_its_money_after_a_move():
    at = open_page("plan_page")
    assert any(h.value == "Money by locality need, 2026-27" for h in at.subheader)
    plan = demo_plan()
    assert _bullets(at) == [r.sentence() for r in locality_need(plan)]
    need_table = next(t.value for t in at.table if "Share of need" in t.value.columns)
    assert list(need_table["Locality"]) == [x.name for x in plan.localities]
    # move £500,000 of Riverside's money to Dalehead: the words follow the model's own spend after the move
    at.selectbox(key="move_from").set_value("reablement")
    at.selectbox(key="move_to").set_value("reablement")
    at.number_input(key="move_amount").set_value(500_000.0)
    at.selectbox(key="move_from_loc").set_value("Riverside")
    at.selectbox(key="move_to_loc").set_value("Dalehead")
    next(b for b in at.button if b.label == "Move").click()
    at.run()
    assert not at.exception
    rows = locality_need(plan, at.session_state[KEY_SCENARIO])
    assert _bullets(at) == [r.sentence() for r in rows]
    assert rows[1].spend_share < rows[1].need_share - 0.005  # Riverside now has less money than need


def test_the_optimise_page_keeps_money_near_need_when_asked():
    at = open_page("optimise_page")
    at.number_input(key="opt_near_need").set_value(0.1)
    next(b for b in at.button if b.label == "Find the best allocation").click()
    at.run()
    assert not at.exception and not at.error
    bullets = _bullets(at)
    assert len(bullets) == len(demo_plan().localities)
    for line in bullets:  # "X has 19% of the need and 19% of the money (...)": within 0.1 points, so equal to 1%
        need, money = (int(w.rstrip("%")) for w in line.split() if w.endswith("%"))
        assert abs(need - money) <= 1
