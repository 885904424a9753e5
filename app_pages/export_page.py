"""Export: the Excel return, the board pack and a comparison workbook, for the scenario on screen."""

from __future__ import annotations

import io
from importlib.metadata import version

import streamlit as st

from app_pages import state
from app_pages.markdown import md
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
st.caption(f"{md(plan.area.name)} · {plan.year} · scenario: {md(scenario.name)} · {st.session_state[state.KEY_RUNS]:,} runs")

try:
    with st.spinner("Running the model…"):
        view = state.results_for(scenario, lines=state.edited_lines())
except (ScenarioError, ValueError) as e:
    st.error(f"The scenario could not be modelled, so nothing can be exported yet: {md(e)}. Undo the last change on "
             "the Plan page, then come back.")
    st.stop()


def _return() -> bytes:
    from scenarios.returns import return_tables

    return return_bytes(plan, scenario=scenario.name, tables=return_tables(view, scenario.stance))


rkey = state.results_key(scenario, lines=state.edited_lines())

st.subheader("Excel return")
st.write("The plan in the planning template's shape — cover with sign-off, income, expenditure with drop-downs, the "
         "rules checklist linked to its cells, BCF metrics, results by lever, locality and year, and every assumption "
         "with its source.")
st.download_button("Download the Excel return", data=state.built("return", rkey, _return),
                   file_name=f"BCF_return_{plan.year}_{slug}.xlsx", mime=XLSX, type="primary")

st.subheader("Board pack")
st.write("Ten slides for the Health and Wellbeing Board: the ask, the money, the options, impact with uncertainty, "
         "localities, BCF metrics, how sure we are, risks and assumptions, and an appendix.")
available = state.scenarios_available()
option_names = [name for name in available if name != state.EDIT_NAME][:3]


def _option_key(name: str) -> str:
    try:
        return name + state.results_key(available[name])
    except (ScenarioError, ValueError):  # a stored scenario deleted or unreadable since it was listed
        return name + "|unavailable"


pack_key = state.results_key(scenario, lines=state.edited_lines()) + "|" + "|".join(map(_option_key, option_names))
if st.button("Build the board pack"):
    from scenarios.board_pack import board_pack_bytes

    progress = st.progress(0, text="Running the other evidence stance…")
    try:
        other = state.results_for(scenario.model_copy(update={"stance": "pilot" if scenario.stance == "controlled"
                                                              else "controlled"}), lines=state.edited_lines())
        progress.progress(30, text="Running the saved scenarios…")
        options = [view] + [state.results_named(name) for name in option_names]
    except (ScenarioError, ValueError) as e:
        progress.empty()
        st.error(f"The board pack could not be built: {md(e)}. Open the Compare page to see which scenario cannot "
                 "be modelled, then try again.")
    else:
        progress.progress(60, text="Drawing the charts and writing the slides…")
        data, note = board_pack_bytes(plan, view, options=options, other_stance=other)
        st.session_state[state.KEY_PACK] = (pack_key, data, note)
        progress.progress(100, text="Board pack ready.")
saved_pack = st.session_state.get(state.KEY_PACK)
pack = saved_pack[1:] if saved_pack and saved_pack[0] == pack_key else None
if pack and pack[1]:
    st.info(md(pack[1]))
st.download_button("Download the board pack", data=pack[0] if pack else b"", disabled=pack is None,
                   file_name=f"BCF_board_pack_{plan.year}_{slug}.pptx", mime=PPTX,
                   help=None if pack else "Build the board pack first (it is rebuilt after any change).")

st.subheader("Comparison workbook")
chosen = st.multiselect("Scenarios to compare", list(available), default=list(available)[:2], key="export_compare")
if chosen:
    from scenarios.returns import comparison_metadata, comparison_tables

    views = [state.results_named(n) for n in chosen]
    buf = io.BytesIO()
    write_tables_workbook(buf, comparison_tables(views), comparison_metadata(views, version("bcf-planner")))
    st.download_button("Download the comparison workbook", data=buf.getvalue(),
                       file_name=f"BCF_scenarios_{plan.year}_{slug}.xlsx", mime=XLSX)
