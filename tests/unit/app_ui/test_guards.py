"""The one guard every page runs the model through: a failure a user can cause becomes one sentence with its
reason escaped, and the page stops there unless it can go on."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def page():
    """A page that runs three things through the guard, chosen in the session."""
    import streamlit as st

    from app_ui.guards import modelled
    from scenarios.schema import ScenarioError

    def fail(kind: str):
        def run():
            if kind == "scenario":
                raise ScenarioError("no reablement line in [Area](https://x.example)", "a second reason")
            if kind == "value":
                raise ValueError("the maximum change must be between 0% and 100%")
            return 42
        return run

    kind = st.session_state.get("kind", "none")
    refused = ("These limits cannot be used: ", ".") if st.session_state.get("limits") else None
    got = modelled(fail(kind), "Could not be modelled: ", ". Undo it.", stop=st.session_state.get("stop", True),
                   refused=refused, spinner="Working…")
    st.write(f"went on with {got}")


def run(**state) -> AppTest:
    at = AppTest.from_function(page, default_timeout=30)
    for k, v in state.items():
        at.session_state[k] = v
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_a_run_that_works_returns_its_result():
    at = run()
    assert not at.error
    assert [m.value for m in at.markdown] == ["went on with 42"]


def test_a_scenario_that_cannot_be_modelled_says_why_and_stops_the_page():
    at = run(kind="scenario")
    assert [e.value for e in at.error] == [
        "Could not be modelled: no reablement line in \\[Area\\](https\\:\u200b//x.example); a second reason. Undo it."]
    assert not at.markdown  # nothing after the guard was drawn


def test_without_stop_the_page_goes_on_with_none():
    at = run(kind="value", stop=False)
    assert [e.value for e in at.error] == [
        "Could not be modelled: the maximum change must be between 0% and 100%. Undo it."]
    assert [m.value for m in at.markdown] == ["went on with None"]


def test_a_refused_input_is_said_apart_from_a_scenario_that_cannot_be_modelled():
    assert [e.value for e in run(kind="value", limits=True).error] == [
        "These limits cannot be used: the maximum change must be between 0% and 100%."]
    scenario = run(kind="scenario", limits=True).error[0].value
    assert scenario.startswith("Could not be modelled: no reablement line") and scenario.endswith(
        "example) a second reason. Undo it.")


def test_a_plan_the_model_cannot_run_on_is_a_warning_without_advice_about_changes():
    def plan_page():
        import streamlit as st

        from app_ui.guards import modelled
        from scenarios.schema import PlanError

        def run():
            raise PlanError("Testborough: the plan has no localities with population figures")

        got = modelled(run, "Could not be modelled: ", ". Undo the last change.", stop=False)
        st.write(f"went on with {got}")

    at = AppTest.from_function(plan_page, default_timeout=30)
    at.run()
    assert not at.error
    (said,) = [w.value for w in at.warning]
    assert said.startswith("Could not be modelled: Testborough") and "no localities" in said
    assert "Undo" not in said  # the plan, not a change, is what cannot be modelled
    assert at.markdown[-1].value == "went on with None"


def explained_page():
    """A page that catches each kind of failure itself and has it said by ``explain``, then goes on."""
    import streamlit as st

    from app_ui.guards import explain
    from scenarios.schema import PlanError, ScenarioError

    for e in (ScenarioError("no reablement line in [Area](https://x.example)", "a second reason"),
              ValueError("the maximum change must be between 0% and 100%"),
              PlanError("Testborough: the plan has no localities with population figures")):
        explain(e, "Could not be modelled: ", ". Undo it.", stop=False)
    st.write("went on")


def test_an_error_already_caught_is_said_as_the_guard_says_it():
    at = AppTest.from_function(explained_page, default_timeout=30)
    at.run()
    assert not at.exception
    guarded = run(kind="scenario").error[0].value, run(kind="value", stop=False).error[0].value
    assert tuple(e.value for e in at.error) == guarded  # the same sentences as through ``modelled``
    (said,) = [w.value for w in at.warning]
    assert said.startswith("Could not be modelled: Testborough") and "Undo" not in said
    assert at.markdown[-1].value == "went on"


def note_page():
    """A page that says how the plan chosen in the session is modelled."""
    import streamlit as st

    from app_ui.guards import area_wide_note
    from budget.areas import area_wide_plan
    from budget.demo import demo_plan
    from budget.models import Baselines, HWBArea

    plan = demo_plan()
    if st.session_state.get("which") == "national":
        plan = area_wide_plan(plan.model_copy(update={"area": HWBArea(code="E08000012", name="Liverpool"),
                                                      "localities": (), "baselines": Baselines()}))
    area_wide_note(None if st.session_state.get("which") == "none" else plan)
    st.write("went on")


def test_a_plan_modelled_as_one_area_wide_locality_is_said_once_and_others_not_at_all():
    def draw(which: str) -> AppTest:
        at = AppTest.from_function(note_page, default_timeout=30)
        at.session_state["which"] = which
        at.run()
        assert not at.exception and [m.value for m in at.markdown] == ["went on"]
        return at

    (info,) = draw("national").info
    assert "area-wide locality\\: Liverpool, 508,961 people" in info.value  # ONS mid-2024
    assert "falls admissions at 2,792.3 per 100,000" in info.value and "(bcf template)." in info.value
    assert not draw("demo").info and not draw("none").info
