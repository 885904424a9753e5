"""Model results for the open plan, cached by content, and what is built from them in one session.

``results_for`` runs (or reuses) the model for a scenario on the open workbook; ``results_key`` digests
everything a scenario's results depend on, so a return or a board pack built from them (``built``) is
never served stale or to another session. Session keys are in ``app_ui.session``.
"""

from __future__ import annotations

import hashlib
import json

import streamlit as st

from app_ui import session

# --- model results ------------------------------------------------------------------------------

@st.cache_data(show_spinner=False, max_entries=64)
def _model(digest: str, name: str, data: bytes | None, area: str | None, scenario_json: str, runs: int, seed: int,
           lines_json: str | None = None, year: str | None = None):
    from budget.models import ExpenditureLine
    from scenarios.schema import parse_scenario
    from scenarios.views import model

    result = session._load(digest, name, data, year)
    plan = next((p for p in result.plans if p.area.code == area), result.plans[0])
    if lines_json is not None:
        plan = plan.model_copy(update={"lines": tuple(ExpenditureLine.model_validate(x) for x in json.loads(lines_json))})
    return model(parse_scenario(json.loads(scenario_json)), plan, runs=runs, seed=seed)


def _lines_json(lines) -> str | None:
    return None if lines is None else json.dumps([x.model_dump(mode="json") for x in lines], sort_keys=True)


def results_for(scenario, runs: int | None = None, seed: int | None = None, lines=None):
    """The Summary of a scenario on the open plan, or on edited lines when given.

    Cached per workbook, area, lines, scenario, runs and seed.
    """
    from budget.submission import Submission

    data = st.session_state[session.KEY_BYTES]
    runs = int(runs or st.session_state[session.KEY_RUNS])
    seed = int(st.session_state[session.KEY_SEED] if seed is None else seed)
    scenario = scenario.model_copy(update={"submission": Submission()})  # the model never reads it
    return _model(session._digest(data), st.session_state[session.KEY_NAME], data, st.session_state.get(session.KEY_AREA),
                  json.dumps(scenario.to_json_dict(), sort_keys=True), runs, seed, _lines_json(lines),
                  st.session_state.get(session.KEY_YEAR))


def results_named(name: str, runs: int | None = None, seed: int | None = None):
    """Results for one of session.scenarios_available(), with the lines that scenario was built on."""
    scenario = session.scenarios_available()[name]
    if name == session.BASE_NAME:
        lines = None
    elif name == session.EDIT_NAME:
        lines = session.edited_lines()
    elif name.startswith(session.STORE_PREFIX):
        lines = session.stored().get(name, (None, None))[1]
    else:
        lines = st.session_state[session.KEY_SAVED_LINES].get(name)
    return results_for(scenario, runs=runs, seed=seed, lines=lines)


def results_key(scenario, lines=None, runs: int | None = None, seed: int | None = None) -> str:
    """A digest of everything a scenario's results on the open plan depend on.

    The workbook's bytes and name, the area, the edited lines, the whole scenario, the runs and the
    seed. Whatever is built from those results (a return, a board pack) is keyed by it, so no edit or
    other session can be served a stale or foreign copy.
    """
    parts = [session._digest(st.session_state[session.KEY_BYTES]), st.session_state[session.KEY_NAME], st.session_state.get(session.KEY_AREA),
             st.session_state.get(session.KEY_YEAR),
             json.dumps(scenario.to_json_dict(), sort_keys=True), _lines_json(lines),
             int(runs or st.session_state[session.KEY_RUNS]), int(st.session_state[session.KEY_SEED] if seed is None else seed)]
    return hashlib.sha256(json.dumps(parts, default=str).encode("utf-8")).hexdigest()


# --- what is built from results, in this session only --------------------------------------------

def built(kind: str, key: str, build):
    """What ``build()`` returns for ``kind`` (a return, a board pack ...) and ``key``, built once.

    It is kept in this session's own state: never shared with another session, and rebuilt when any
    input changes.
    """
    store = st.session_state.setdefault(session.KEY_BUILT, {})
    slot = f"{kind}:{key}"
    if slot not in store:
        while len(store) >= session.MAX_BUILT:
            store.pop(next(iter(store)))
        store[slot] = build()
    return store[slot]


def keep_board_pack(key: str, data: bytes, note: str | None) -> None:
    """The board pack built last in this session, for the inputs digested in `key`."""
    st.session_state[session.KEY_PACK] = (key, data, note)


def board_pack(key: str) -> tuple[bytes, str | None] | None:
    """(pptx bytes, note) of the board pack built last, when it was built for `key`; else None."""
    saved = st.session_state.get(session.KEY_PACK)
    return saved[1:] if saved and saved[0] == key else None


def keep_optimisation(fingerprint: str, found) -> None:
    """What the Optimise page found for the inputs digested in `fingerprint`."""
    st.session_state[f"{session.OPTIMISED_PREFIX}{fingerprint}"] = found


def optimisation(fingerprint: str):
    """What the Optimise page found for `fingerprint` in this session, or None."""
    return st.session_state.get(f"{session.OPTIMISED_PREFIX}{fingerprint}")
