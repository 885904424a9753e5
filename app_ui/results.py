"""Model results for the open plan, cached by content, and what is built from them.

``results_for`` runs (or reuses) the model for a scenario on the open workbook; ``results_key`` digests
everything a scenario's results depend on, so a return or a board pack built from them (``built``) is
never served stale or to another session. ``content_key`` is that digest from its parts alone: it never
holds the session or the signed-in user, so two sessions with the same inputs share the cached model
run. What pages build from the results is shared the same way, keyed by the complete content of its inputs
(``cache_args`` gives every shared cache the same arguments from a session): the Excel return's two copies
(``return_copy``), the Impact page's charts with their summaries in words and their numbers (``chart``) and the
Export page's comparison workbook (``comparison_workbook``); and the blank input template by its year
(``input_template``). The board pack and the optimiser's answers stay in the session. Session keys are in
``app_ui.keys``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

import streamlit as st

from app_ui import session
from app_ui.keys import (
    KEY_AREA,
    KEY_BUILT,
    KEY_BYTES,
    KEY_NAME,
    KEY_PACK,
    KEY_RUNS,
    KEY_SEED,
    KEY_YEAR,
    OPTIMISED_PREFIX,
)
from app_ui.markdown import table_parts

# --- model results ------------------------------------------------------------------------------

@st.cache_data(show_spinner=False, max_entries=64)
def _model(digest: str, name: str, data: bytes | None, area: str | None, scenario_json: str, runs: int, seed: int,
           lines_json: str | None = None, year: str | None = None):
    from scenarios.schema import parse_scenario
    from scenarios.views import model

    plan = _plan(digest, name, data, area, lines_json, year)
    return model(parse_scenario(json.loads(scenario_json)), plan, runs=runs, seed=seed)


def _plan(digest: str, name: str, data: bytes | None, area: str | None, lines_json: str | None, year: str | None):
    """The plan a model run reads: the workbook's plan for the area, with the edited lines when given."""
    from budget.models import ExpenditureLine

    result = session.load_workbook(digest, name, data, year)
    plan = next((p for p in result.plans if p.area.code == area), result.plans[0])
    if lines_json is not None:
        plan = plan.model_copy(
            update={"lines": tuple(ExpenditureLine.model_validate(x) for x in json.loads(lines_json))}
        )
    return plan


@st.cache_data(show_spinner=False, max_entries=32)
def _return_copy(kind: str, digest: str, name: str, data: bytes | None, area: str | None, scenario_json: str,
                 runs: int, seed: int, lines_json: str | None = None, year: str | None = None) -> bytes:
    """The Excel return's submission or analysis copy, built once for the same inputs in any session.

    Keyed, like the model results, by the complete content of what it is built from: the workbook, area, year,
    edited lines, the whole scenario with its goals, assurance and sign-off, the runs and the seed.
    """
    from reports.export_files import analysis_copy, submission_copy
    from scenarios.schema import parse_scenario

    scenario = parse_scenario(json.loads(scenario_json))
    view = _model(digest, name, data, area, _model_json(scenario), runs, seed, lines_json, year)
    plan = _plan(digest, name, data, area, lines_json, year)
    if kind == "submission":
        return submission_copy(plan, scenario, view)[0]
    return analysis_copy(plan, scenario, view)


def return_copy(kind: str, scenario, lines=None) -> bytes:
    """The Excel return's "submission" or "analysis" copy of a scenario on the open plan (edited lines when given).

    Shared between sessions by content, as the model results are: the same inputs give the same bytes.
    """
    return _return_copy(kind, *cache_args(_scenario_json(scenario), lines=lines))


def _lines_json(lines) -> str | None:
    return None if lines is None else json.dumps([x.model_dump(mode="json") for x in lines], sort_keys=True)


def _scenario_json(scenario) -> str:
    return json.dumps(scenario.to_json_dict(), sort_keys=True)


def _model_json(scenario) -> str:
    """The scenario as the model reads it: without its submission (goals, assurance, sign-off), which it never reads."""
    from budget.submission import Submission

    return _scenario_json(scenario.model_copy(update={"submission": Submission()}))


def cache_args(scenario_json: str, runs: int | None = None, seed: int | None = None, lines=None) -> tuple:
    """The arguments every shared cache takes for a scenario (as JSON) on this session's open plan.

    In the order of ``_model``'s: the workbook's digest, name and bytes, the area, the scenario, the runs and seed
    (this session's when not given), the edited lines (None: as submitted) and the year. Content only: no session,
    no user.
    """
    data = st.session_state[KEY_BYTES]
    return (session.workbook_digest(data), st.session_state[KEY_NAME], data, st.session_state.get(KEY_AREA),
            scenario_json, int(runs or st.session_state[KEY_RUNS]),
            int(st.session_state[KEY_SEED] if seed is None else seed), _lines_json(lines),
            st.session_state.get(KEY_YEAR))


def results_for(scenario, runs: int | None = None, seed: int | None = None, lines=None):
    """The Summary of a scenario on the open plan, or on edited lines when given.

    Cached per workbook, area, lines, scenario, runs and seed.
    """
    return _model(*cache_args(_model_json(scenario), runs, seed, lines))


def _named(name: str) -> tuple:
    """(scenario, lines) of one of session.scenarios_available(): the lines it was built on (None: as submitted)."""
    scenario = session.scenarios_available()[name]
    if name == session.BASE_NAME:
        return scenario, None
    if name == session.EDIT_NAME:
        return scenario, session.edited_lines()
    return scenario, session.stored().get(name, (None, None))[1]


def _listed_as(view, name: str):
    """The results under the name they are listed by.

    The current edit's carry "Current edit" whatever it was saved as, so its column, bar and sheet say the same as
    the choice made (a stored scenario's keep its own name).
    """
    import dataclasses

    if name != session.EDIT_NAME or view.scenario_name == name:
        return view
    return dataclasses.replace(view, scenario_name=name)


def results_named(name: str, runs: int | None = None, seed: int | None = None):
    """Results for one of session.scenarios_available(), with the lines that scenario was built on (``_listed_as``)."""
    scenario, lines = _named(name)
    return _listed_as(results_for(scenario, runs=runs, seed=seed, lines=lines), name)


# --- what pages build from results, shared by content ----------------------------------------------

CHARTS = ("fan_chart", "lever_bars", "locality_bars", "metric_chart", "ecdf_chart", "waterfall_chart")


@dataclass(frozen=True)
class Chart:
    """A chart of ``reports.charts`` with its summary in words and the numbers it draws.

    One object serves every session with the same inputs: it is drawn as it is and copied before any change
    (``app_ui.figures.show``).
    """

    figure: object  # a plotly Figure
    summary: str
    numbers: tuple | None  # the numbers it draws, as ``app_ui.markdown.table_parts`` gives them; None for none


@st.cache_resource(show_spinner=False, max_entries=256)
def _chart(kind: str, options_json: str, digest: str, name: str, data: bytes | None, area: str | None,
           scenario_json: str, runs: int, seed: int, lines_json: str | None = None, year: str | None = None) -> Chart:
    from reports import chart_text, charts

    if kind not in CHARTS:
        raise ValueError(f"no chart '{kind}'")
    view = _model(digest, name, data, area, scenario_json, runs, seed, lines_json, year)
    fig = getattr(charts, kind)(view, **json.loads(options_json))
    frame = chart_text.figure_table(fig)
    return Chart(fig, chart_text.figure_summary(fig), None if frame.empty else table_parts(frame))


def chart(kind: str, scenario, lines=None, **options) -> Chart:
    """The chart ``reports.charts.<kind>`` of a scenario's results on the open plan, with its text alternatives.

    Built once for the same inputs in any session: keyed, like the model results, by the complete content of what
    it is drawn from (``cache_args``) and the chart's own options (outcome, metric, large).
    """
    return _chart(kind, json.dumps(options, sort_keys=True), *cache_args(_model_json(scenario), lines=lines))


@st.cache_data(show_spinner=False, max_entries=32)
def _comparison_workbook(digest: str, name: str, data: bytes | None, area: str | None, year: str | None, runs: int,
                         seed: int, entries_json: str) -> bytes:
    import io
    from importlib.metadata import version

    from budget.export import write_tables_workbook
    from reports.returns import comparison_metadata, comparison_tables

    views = [_listed_as(_model(digest, name, data, area, scenario_json, runs, seed, lines_json, year), listed)
             for listed, scenario_json, lines_json in json.loads(entries_json)]
    buf = io.BytesIO()
    write_tables_workbook(buf, comparison_tables(views), comparison_metadata(views, version("bcf-planner")))
    return buf.getvalue()


def comparison_workbook(names: list[str]) -> bytes:
    """The comparison workbook of the scenarios named (as ``results_named`` gives them), as .xlsx bytes.

    Built once for the same inputs in any session: the open plan, each scenario with the lines it was built on,
    the runs and the seed.
    """
    entries = []
    for n in names:
        scenario, lines = _named(n)
        args = cache_args(_model_json(scenario), lines=lines)
        entries.append((n, args[4], args[7]))
    digest, name, data, area, _, runs, seed, _, year = cache_args("")
    return _comparison_workbook(digest, name, data, area, year, runs, seed, json.dumps(entries))


@st.cache_data(show_spinner=False, max_entries=8)
def input_template(year: str) -> bytes:
    """The blank input template for ``year`` (a financial year such as 2026-27), built once for every session."""
    from budget.template import input_template_bytes

    return input_template_bytes(year)


def results_key(scenario, lines=None, runs: int | None = None, seed: int | None = None) -> str:
    """A digest of everything a scenario's results on the open plan depend on (``content_key``).

    The open workbook's bytes and name, the area and year, the edited lines, the whole scenario, the runs
    and the seed (this session's runs and seed when not given). Whatever is built from those results (a
    return, a board pack) is keyed by it, so no edit or other session can be served a stale or foreign copy.
    """
    return content_key(
        session.workbook_digest(st.session_state[KEY_BYTES]),
        st.session_state[KEY_NAME],
        st.session_state.get(KEY_AREA),
        st.session_state.get(KEY_YEAR),
        scenario,
        lines,
        int(runs or st.session_state[KEY_RUNS]),
        int(st.session_state[KEY_SEED] if seed is None else seed),
    )


def content_key(workbook: str, name: str, area: str | None, year: str | None, scenario, lines, runs: int,
                seed: int) -> str:
    """A digest of a model run's inputs, the same for the same inputs in any session.

    Args:
        workbook: the workbook's content digest (``session.workbook_digest``).
        name: the workbook's file name.
        area: the area code chosen (None: the first area).
        year: the year read from a workbook that holds two (None: the reader's choice).
        scenario: the scenario (``scenarios.schema.Scenario``): its changes, stance, assumption overrides,
            settings and submission all count.
        lines: the edited expenditure lines, or None for the lines as submitted.
        runs: Monte Carlo runs.
        seed: the random seed.

    Returns:
        A SHA-256 hex digest.
    """
    parts = [workbook, name, area, year, _scenario_json(scenario), _lines_json(lines), int(runs), int(seed)]
    return hashlib.sha256(json.dumps(parts, default=str).encode("utf-8")).hexdigest()


# --- what is built from results, in this session only --------------------------------------------

def built(kind: str, key: str, build):
    """What ``build()`` returns for ``kind`` (a return, a board pack ...) and ``key``, built once.

    It is kept in this session's own state: never shared with another session, and rebuilt when any
    input changes.
    """
    store = st.session_state.setdefault(KEY_BUILT, {})
    slot = f"{kind}:{key}"
    if slot not in store:
        while len(store) >= session.MAX_BUILT:
            store.pop(next(iter(store)))
        store[slot] = build()
    return store[slot]


def keep_board_pack(key: str, data: bytes, note: str | None) -> None:
    """The board pack built last in this session, for the inputs digested in `key`."""
    st.session_state[KEY_PACK] = (key, data, note)


def board_pack(key: str) -> tuple[bytes, str | None] | None:
    """(pptx bytes, note) of the board pack built last, when it was built for `key`; else None."""
    saved = st.session_state.get(KEY_PACK)
    return saved[1:] if saved and saved[0] == key else None


def keep_optimisation(fingerprint: str, found) -> None:
    """What the Optimise page found for the inputs digested in `fingerprint`."""
    st.session_state[f"{OPTIMISED_PREFIX}{fingerprint}"] = found


def optimisation(fingerprint: str):
    """What the Optimise page found for `fingerprint` in this session, or None."""
    return st.session_state.get(f"{OPTIMISED_PREFIX}{fingerprint}")
