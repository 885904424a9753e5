"""The Compare page with a scenario that cannot be applied to the plan: it is named in one sentence, with what to
do, and the other scenarios are still compared."""

from __future__ import annotations

from app_ui.keys import KEY_SCENARIO
from scenarios.schema import Scenario
from tests.pages import open_page

TOO_MUCH = {"kind": "move", "from": {"lever": "integrated_locality_teams"}, "to": {"lever": "care_home_support"},
            "amount_gbp": 900_000_000}  # far more than the lever holds


def test_a_scenario_that_cannot_be_applied_is_named_and_the_rest_compared(monkeypatch):
    from app_ui import results

    asked: list[str] = []
    real = results.results_named

    def counted(name):
        asked.append(name)
        return real(name)

    monkeypatch.setattr(results, "results_named", counted)
    at = open_page("start_page", runs=50, no_exception=True)
    current = at.session_state[KEY_SCENARIO]
    at.session_state[KEY_SCENARIO] = current.model_copy(
        update={"changes": Scenario(name="x", changes=(TOO_MUCH,)).changes})
    at.switch_page("app_pages/compare_page.py")
    asked.clear()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    (said,) = [e.value for e in at.error]
    assert said.startswith("'Current edit' could not be modelled: ")
    assert said.endswith("Take it out of the comparison, or open it and undo the change that cannot be applied to "
                         "this plan.")
    assert "integrated" in said.lower() or "£" in said  # the reason itself, not only the page's words
    assert asked.count("Current edit") == 1  # said from the error caught, not by running the model again
    frame = at.table[0].value
    assert list(frame.columns) == ["Plan as submitted"]  # the scenario that could be modelled, compared alone
