"""Export: the Excel return, the board pack and a comparison workbook, for the scenario on screen."""

from __future__ import annotations

import io
from importlib.metadata import version

import streamlit as st

from app_pages import state
from budget.export import return_bytes, write_tables_workbook
from scenarios.schema import ScenarioError

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"

st.title("Export")
plan = state.edit_plan()
if plan is None or not plan.lines:
    st.error("Open a plan with expenditure lines first (Start page): the return and the pack need its lines.")
    st.stop()
scenario = st.session_state[state.KEY_SCENARIO]
slug = "".join(ch if ch.isalnum() else "_" for ch in plan.area.name).strip("_")[:40]
st.caption(f"{plan.area.name} · {plan.year} · scenario: {scenario.name} · {st.session_state[state.KEY_RUNS]:,} runs")

try:
    with st.spinner("Running the model…"):
        view = state.results_for(scenario, lines=state.edited_lines())
except (ScenarioError, ValueError) as e:
    st.error(f"The scenario could not be modelled, so nothing can be exported yet: {e}. Undo the last change on "
             "the Plan page, then come back.")
    st.stop()


@st.cache_data(show_spinner=False, max_entries=8)
def _return(_plan_key: str, _view_key: str, _plan, _view, stance: str, name: str) -> bytes:
    from scenarios.returns import return_tables

    return return_bytes(_plan, scenario=name, tables=return_tables(_view, stance))


key = state.workbook_key()
vkey = f"{hash(state._lines_json(state.edited_lines()))}|{view.scenario_name}|{view.runs}|{view.seed}|{view.stance_label}|{hash(str(view.headline['outcomes']))}"

st.subheader("Excel return")
st.write("The plan in the planning template's shape — cover with sign-off, income, expenditure with drop-downs, the "
         "rules checklist linked to its cells, BCF metrics, results by lever, locality and year, and every assumption "
         "with its source.")
st.download_button("Download the Excel return", data=_return(key, vkey, plan, view, scenario.stance, scenario.name),
                   file_name=f"BCF_return_{plan.year}_{slug}.xlsx", mime=XLSX, type="primary")

st.subheader("Board pack")
st.write("Ten slides for the Health and Wellbeing Board: the ask, the money, the options, impact with uncertainty, "
         "localities, BCF metrics, how sure we are, risks and assumptions, and an appendix.")
pack_key = f"bcf_pack::{key}::{vkey}"
if st.button("Build the board pack"):
    from scenarios.board_pack import board_pack_bytes

    progress = st.progress(0, text="Running the other evidence stance…")
    other = state.results_for(scenario.model_copy(update={"stance": "pilot" if scenario.stance == "controlled"
                                                          else "controlled"}), lines=state.edited_lines())
    progress.progress(30, text="Running the saved scenarios…")
    options = [view] + [state.results_named(name) for name in state.scenarios_available()
                        if name != state.EDIT_NAME][:3]
    progress.progress(60, text="Drawing the charts and writing the slides…")
    data, note = board_pack_bytes(plan, view, options=options, other_stance=other)
    st.session_state[pack_key] = (data, note)
    progress.progress(100, text="Board pack ready.")
built = st.session_state.get(pack_key)
if built and built[1]:
    st.info(built[1])
st.download_button("Download the board pack", data=built[0] if built else b"", disabled=built is None,
                   file_name=f"BCF_board_pack_{plan.year}_{slug}.pptx", mime=PPTX,
                   help=None if built else "Build the board pack first.")

st.subheader("Comparison workbook")
available = state.scenarios_available()
chosen = st.multiselect("Scenarios to compare", list(available), default=list(available)[:2], key="export_compare")
if chosen:
    from scenarios.returns import comparison_metadata, comparison_tables

    views = [state.results_named(n) for n in chosen]
    buf = io.BytesIO()
    write_tables_workbook(buf, comparison_tables(views), comparison_metadata(views, version("bcf-planner")))
    st.download_button("Download the comparison workbook", data=buf.getvalue(),
                       file_name=f"BCF_scenarios_{plan.year}_{slug}.xlsx", mime=XLSX)
