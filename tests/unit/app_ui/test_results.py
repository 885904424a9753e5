"""The results key: the same inputs give the same key in any session, for any user; any change to the
plan, the scenario (its changes, stance or assumptions), the runs or the seed gives another."""

from __future__ import annotations

import pytest
import streamlit as st

from app_ui import keys, results, session
from scenarios.overrides import AssumptionOverride, EffectOverride
from scenarios.schema import Scenario

SCENARIO = Scenario(name="Current edit")


def key(**change) -> str:
    parts = {"workbook": "abc", "name": "plan.xlsx", "area": "E1", "year": None, "scenario": SCENARIO,
             "lines": None, "runs": 1000, "seed": 1}
    parts.update(change)
    return results.content_key(**parts)


def test_the_same_inputs_give_the_same_key():
    assert key() == key()
    assert key(scenario=SCENARIO.model_copy()) == key()
    assert len(key()) == 64


@pytest.mark.parametrize(
    "change",
    [
        {"workbook": "abd"},
        {"name": "other.xlsx"},
        {"area": "E2"},
        {"year": "2024-25"},
        {"runs": 999},
        {"seed": 2},
        {"scenario": SCENARIO.model_copy(update={"stance": "pilot"})},
        {"scenario": SCENARIO.model_copy(update={"optimism_bias": not SCENARIO.optimism_bias})},
        {"scenario": SCENARIO.model_copy(update={"name": "Another"})},
        {
            "scenario": Scenario.model_validate(
                {
                    "name": "Current edit",
                    "changes": [
                        {
                            "kind": "move",
                            "from": {"lever": "reablement"},
                            "to": {"lever": "falls_prevention"},
                            "amount_gbp": 1000,
                        }
                    ],
                }
            )
        },
        {
            "scenario": SCENARIO.model_copy(
                update={
                    "assumption_overrides": (
                        AssumptionOverride(
                            lever="falls_prevention",
                            effects=(
                                EffectOverride(
                                    outcome="emergency_admissions",
                                    low=0.8,
                                    central=0.9,
                                    high=1.0,
                                    distribution="lognormal",
                                    unit="rate_ratio",
                                    source="local",
                                    grade="judgement",
                                ),
                            ),
                        ),
                    )
                }
            )
        },
    ],
)
def test_any_change_to_an_input_gives_another_key(change):
    assert key(**change) != key()


def test_edited_lines_give_another_key():
    from budget.demo import demo_plan

    lines = demo_plan().lines
    assert key(lines=lines) != key() != key(lines=lines[:-1])
    assert key(lines=lines) == key(lines=tuple(lines))


def test_a_sessions_key_holds_neither_the_session_nor_the_user(fresh):
    anonymous = results.results_key(SCENARIO)
    session.set_viewer("ann@example.org")
    st.session_state[keys.KEY_STORE_BASE] = ("Ann's", 3)
    assert results.results_key(SCENARIO) == anonymous
    session.set_viewer("bob@example.org")
    assert results.results_key(SCENARIO) == anonymous
    assert anonymous == results.content_key("demo", "demo", None, None, SCENARIO, None, 1000, 1)


def test_a_sessions_key_follows_its_runs_seed_and_lines(fresh):
    first = results.results_key(SCENARIO)
    assert results.results_key(SCENARIO, runs=200) != first
    assert results.results_key(SCENARIO, seed=7) != first
    st.session_state[keys.KEY_SEED] = 7
    assert results.results_key(SCENARIO) == results.results_key(SCENARIO, seed=7) != first
    assert results.results_key(SCENARIO, lines=session.current_plan().lines[:1]) != results.results_key(SCENARIO)


def test_every_shared_cache_takes_the_same_content_from_a_session_and_neither_session_nor_user(fresh):
    import json

    args = results.cache_args(json.dumps(SCENARIO.to_json_dict(), sort_keys=True))
    digest, name, data, area, scenario_json, runs, seed, lines_json, year = args
    data_in_session = st.session_state[keys.KEY_BYTES]
    assert digest == session.workbook_digest(data_in_session) and data is data_in_session
    assert (runs, seed, lines_json) == (1000, 1, None) and json.loads(scenario_json)["name"] == "Current edit"
    session.set_viewer("ann@example.org")
    st.session_state[keys.KEY_STORE_BASE] = ("Ann's", 3)
    assert results.cache_args(scenario_json) == args  # another person, the same content: the same arguments
    assert results.cache_args(scenario_json, runs=200)[5] == 200 and results.cache_args(scenario_json, seed=7)[6] == 7
    lines = session.current_plan().lines[:1]
    assert json.loads(results.cache_args(scenario_json, lines=lines)[7]) == [lines[0].model_dump(mode="json")]


def test_the_model_is_given_the_scenario_without_its_submission_and_the_return_with_it(fresh):
    import json

    from budget.submission import Submission

    signed = SCENARIO.model_copy(update={"submission": Submission.model_validate(
        {"sign_off": [{"role": "Chair of the Health and Wellbeing Board", "name": "A. Person"}]})})
    assert json.loads(results._model_json(signed)) == json.loads(results._model_json(SCENARIO))
    assert results._scenario_json(signed) != results._scenario_json(SCENARIO)
