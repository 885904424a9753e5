"""Export: the Excel return (submission copy and analysis copy), the board pack and a comparison workbook,
for the scenario on screen."""

from __future__ import annotations

import streamlit as st

from app_ui import keys, results, session
from app_ui.guards import area_wide_note, modelled, require_lines
from app_ui.markdown import md
from reports.export_files import board_pack, other_stance, submission_copy
from scenarios.schema import PlanError, ScenarioError

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"

st.title("Export")
plan = require_lines(session.edit_plan(), "Open a plan with expenditure lines first (Start page): the return and "
                                          "the pack need its lines.")
area_wide_note(plan)
scenario = session.current_scenario()
slug = "".join(ch if ch.isalnum() else "_" for ch in plan.area.name).strip("_")[:40]
st.caption(f"{md(plan.area.name)} · {plan.year} · scenario: {md(scenario.name)} · {session.runs():,} runs")

why: list[str] = []


def _run():
    try:
        return results.results_for(scenario, lines=session.edited_lines())
    except PlanError as e:  # the plan itself: the submission copy is still the plan, without the model's parts
        why.append(str(e))
        raise


view = modelled(_run, "The submission copy below holds the plan, its income, national conditions and sign-off; the "
                      "goals, the capacity plan, the analysis copy and the board pack need the impact model, which "
                      "cannot run on this plan yet: ",
                ". Undo the last change on the Plan page, then come back.", spinner="Running the model…",
                stop=False)
if view is None and not why:  # a change that cannot be applied: nothing is exported until it is undone
    st.stop()


def _submission() -> bytes:
    return submission_copy(plan, scenario, view, why=" ".join(why))[0]


rkey = results.results_key(scenario, lines=session.edited_lines())

st.subheader("Excel return")
st.write("Two workbooks. The **submission copy** is in the national planning template's shape, ready to paste into "
         "it: cover with every signatory, income, expenditure with the template's columns (lines that differ only "
         "by locality added together), the goals for the three BCF metrics, capacity and demand, national "
         "conditions and the rules checklist linked to its cells. The **analysis copy** keeps what the model sees: "
         "lines with their locality and lever, localities, baselines, spend by locality and lever, BCF metric "
         "ranges, results by lever, locality and year, and every assumption with its source.")
if scenario.changes:
    from reports.returns import unwritten_changes

    st.info(unwritten_changes(scenario))
    if any(c.from_year == 1 for c in scenario.changes) and not session.presenting():
        st.page_link("app_pages/plan_page.py", label="Make this the plan, on the Plan page", icon=":material/tune:")
left, right = st.columns(2)
submission_data = (results.return_copy("submission", scenario, session.edited_lines()) if view is not None
                   else results.built("submission", rkey, _submission))  # without the model: this session's own
left.download_button("Download the Excel return (submission copy)", data=submission_data,
                     file_name=f"BCF_return_{plan.year}_{slug}.xlsx", mime=XLSX, type="primary")
if view is None:
    right.download_button("Download the analysis copy", data=b"", disabled=True,
                          file_name=f"BCF_analysis_{plan.year}_{slug}.xlsx", mime=XLSX,
                          help="The analysis copy holds the model's results, which need the model to run on this plan.")
    st.stop()
right.download_button("Download the analysis copy",
                      data=results.return_copy("analysis", scenario, session.edited_lines()),
                      file_name=f"BCF_analysis_{plan.year}_{slug}.xlsx", mime=XLSX)

st.subheader("Board pack")
st.write("Slides for the Health and Wellbeing Board, every one with a real title, text of 18 pt or more and a table "
         "beside each chart picture. First the plan year: the ask, the money (income, spend, and whether the spend "
         "is more than the pool's income), the options, the goals for the BCF metrics, capacity and demand, the "
         "national conditions and sign-off. Then beyond the plan year, if the spend continues: the options over the "
         "horizon, impact with uncertainty, localities, the BCF metrics, how sure we are, whether the changes pay back "
         "(when there are changes); then risks and assumptions, and an appendix.")
available = session.scenarios_available()
option_names = st.multiselect(
    "Other options to set beside it in the pack (up to 3)", [n for n in available if n != session.EDIT_NAME],
    default=[], max_selections=3, key=keys.KEY_PACK_OPTIONS,
    help="The pack shows the scenario on screen; choose the plan as submitted or saved scenarios to compare with "
         "it. None are added unless you choose them.")


def _option_key(name: str) -> str:
    try:
        return name + results.results_key(available[name])
    except (ScenarioError, ValueError):  # a stored scenario deleted or unreadable since it was listed
        return name + "|unavailable"


pack_key = results.results_key(scenario, lines=session.edited_lines()) + "|" + "|".join(map(_option_key, option_names))
if st.button("Build the board pack"):
    progress = st.progress(0, text="Running the other evidence stance…")
    other = modelled(lambda: results.results_for(other_stance(scenario), lines=session.edited_lines()),
                     "The board pack could not be built: ", ". Undo the last change on the Plan page, then try again.",
                     stop=False)
    if other is None:
        progress.empty()
    else:
        options, left_out = [view], []
        for i, name in enumerate(option_names):
            progress.progress(30 + 30 * i // max(len(option_names), 1), text=f"Running option {i + 1} of "
                                                                             f"{len(option_names)}…")
            try:
                options.append(results.results_named(name))
            except (ScenarioError, ValueError, KeyError) as e:  # one option that cannot be modelled is left out
                left_out.append(f"'{name}' was left out: it cannot be modelled on this plan ({e}).")
        progress.progress(60, text="Drawing the charts and writing the slides…")
        data, note = board_pack(plan, scenario, view, other, options=options)
        results.keep_board_pack(pack_key, data, " ".join([*left_out, note] if note else left_out))
        progress.progress(100, text="Board pack ready.")
pack = results.board_pack(pack_key)
if pack and pack[1]:
    st.info(md(pack[1]))
st.download_button("Download the board pack", data=pack[0] if pack else b"", disabled=pack is None,
                   file_name=f"BCF_board_pack_{plan.year}_{slug}.pptx", mime=PPTX,
                   help=None if pack else "Build the board pack first (it is rebuilt after any change).")

st.subheader("Comparison workbook")
chosen = st.multiselect(
    "Scenarios to compare", list(available), default=[session.EDIT_NAME], key=keys.KEY_EXPORT_COMPARE
)
if chosen:
    st.download_button("Download the comparison workbook", data=results.comparison_workbook(chosen),
                       file_name=f"BCF_scenarios_{plan.year}_{slug}.xlsx", mime=XLSX)
