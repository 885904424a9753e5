"""What the Monitor page keeps and works out: the actuals given, and the year so far of a plan against them.

The actuals are kept in the session (``keys.KEY_ACTUALS``) until better ones are given: files that are refused
leave the last good actuals in place, and the refusal is one sentence (``refusal``). Actuals are used only with
a plan of their area and year. The year so far is ``scenarios.track.track``'s JSON object, the one ``bcf track
--json`` prints, built once in the session for the same inputs (``results.built``); the model run it reads is the
app's cached one (``results.results_for``).
"""

from __future__ import annotations

import hashlib

import streamlit as st

from app_ui import results, session
from app_ui.keys import KEY_ACTUALS, KEY_ACTUALS_READ, KEY_SEED
from budget.models import LoadError


def _digest(files: list[tuple[str, bytes]]) -> str:
    h = hashlib.sha256()
    for name, data in files:
        h.update(name.encode("utf-8") + b"\0" + hashlib.sha256(data).digest())
    return h.hexdigest()


def sentence(error: LoadError) -> str:
    """A refusal of the files as one sentence: the first problem, with how many more there are."""
    first = str(error.problems[0]) if error.problems else "the files could not be read"
    more = len(error.problems) - 1
    return first + (f" (and {more} more problem{'s' if more > 1 else ''} in the files)" if more > 0 else "")


def give(files: list[tuple[str, bytes]], plan) -> None:
    """Read the files given (name, bytes) against `plan`; keep their actuals, or the sentence refusing them.

    The same files given again are not read again.
    """
    from budget.readers.actuals_files import read_actuals_uploads

    digest = _digest(files)
    last = st.session_state.get(KEY_ACTUALS_READ)
    if last is not None and last[0] == digest:
        return
    try:
        actuals = read_actuals_uploads(files, plan=plan)
    except LoadError as e:
        st.session_state[KEY_ACTUALS_READ] = (digest, sentence(e))
        return
    st.session_state[KEY_ACTUALS_READ] = (digest, None)
    st.session_state[KEY_ACTUALS] = (actuals, digest)


def use_demo() -> None:
    """Keep the demo area's illustrative actuals."""
    from budget.demo import demo_actuals

    st.session_state[KEY_ACTUALS] = (demo_actuals(), "demo")
    st.session_state[KEY_ACTUALS_READ] = None


def refusal() -> str | None:
    """The sentence refusing the files given last, when they were refused."""
    last = st.session_state.get(KEY_ACTUALS_READ)
    return last[1] if last is not None else None


def kept(plan):
    """The actuals kept, when they are for `plan`'s area and year; else None."""
    held = st.session_state.get(KEY_ACTUALS)
    if held is None or plan is None:
        return None
    actuals = held[0]
    if actuals.area_code.upper() != plan.area.code.upper() or actuals.year != plan.year:
        return None
    return actuals


def kept_elsewhere(plan) -> str | None:
    """A sentence when actuals are kept for another area or year than `plan`'s."""
    held = st.session_state.get(KEY_ACTUALS)
    if held is None or plan is None or kept(plan) is not None:
        return None
    a = held[0]
    return (f"The actuals given earlier are for {a.area_name or a.area_code}, {a.year}, not for {plan.area.name}, "
            f"{plan.year}; give this plan's actuals.")


def is_demo_plan(plan) -> bool:
    """The open plan is the demo area's, whose illustrative actuals can be used."""
    from budget.demo import DEMO_YEAR, demo_plan

    return plan is not None and plan.area.code == demo_plan().area.code and plan.year == DEMO_YEAR


SUBMITTED = "Submitted: "  # the start of a submitted record's name among the plans to follow


def submitted_records(plan) -> dict[str, tuple[str, int]]:
    """The submitted records of `plan`'s area and year the viewer may see, newest first, by the name listed."""
    from app_ui.store_handle import remember_failure, store
    from scenarios.store_records import StoreError, StoreUnavailable

    s = store(show=False)
    if s is None or plan is None:
        return {}
    try:
        records = s.submitted(viewer=session.viewer())
    except StoreUnavailable as e:
        remember_failure(e)
        return {}
    except StoreError:
        return {}
    return {f"{SUBMITTED}{r.name} (submission {r.number}, {r.submitted_at:%d/%m/%Y})": (r.name, r.number)
            for r in records if r.area_code.upper() == plan.area.code.upper() and r.year == plan.year}


def plans_to_follow(plan) -> list[str]:
    """The plans the page can follow: the submitted records of this area and year, then the scenarios available."""
    return [*submitted_records(plan), *session.scenarios_available()]


def plan_to_follow(name: str):
    """(scenario, plan, from the store) for one of ``plans_to_follow``, the scenario's changes written into the lines.

    A submitted record gives the plan as submitted, kept; a scenario gives the open plan (its own lines where it
    has them) with its plan-year changes written in by ``make_plan``.
    """
    if name.startswith(SUBMITTED):
        from app_ui.store_handle import store
        from budget.areas import area_wide_plan

        record_name, number = submitted_records(session.current_plan())[name]
        record = store(show=False).open_submitted(record_name, number, viewer=session.viewer())
        return record.scenario, area_wide_plan(record.plan), True
    scenario = session.scenarios_available()[name]
    plan = session.current_plan()
    if name == session.EDIT_NAME:
        lines = session.edited_lines()
    elif name == session.BASE_NAME:
        lines = None
    else:
        lines = session.stored().get(name, (None, None))[1]
    if lines is not None:
        plan = plan.model_copy(update={"lines": tuple(lines)})
    if scenario.changes:
        from scenarios.make_plan import make_plan

        plan = plan.model_copy(update={"lines": make_plan(plan, scenario).lines})
    return scenario, plan, False


def year_so_far(name: str, actuals, to: str | None, profile: str) -> dict:
    """The year so far of plan `name` against `actuals`: ``Tracking.to_json()``, built once for the same inputs.

    The model run of a scenario on the open plan is the app's cached one; a submitted record's plan is modelled as
    it was kept, with this session's runs and seed.
    """
    from scenarios.schema import reference_scenario
    from scenarios.track import track

    scenario, plan, kept_plan = plan_to_follow(name)
    key = "|".join((name, results.results_key(scenario, plan.lines), st.session_state[KEY_ACTUALS][1], str(to),
                    profile))

    def build() -> dict:
        if kept_plan:
            return track(plan, scenario, actuals, to=to, profile=profile, runs=session.runs(),
                         seed=int(st.session_state[KEY_SEED])).to_json()
        summary = results.results_for(reference_scenario(scenario), lines=plan.lines)
        return track(plan, scenario, actuals, to=to, profile=profile, summary=summary).to_json()

    return results.built("year so far", key, build)
