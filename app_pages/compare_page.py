"""Compare: scenarios side by side, with differences against the plan as submitted."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_ui import figures, keys, presenting, results, session
from app_ui.formatting import change_text, negligible, outcome_range, value_text
from app_ui.guards import area_wide_note, explain, require_lines
from app_ui.markdown import md, table
from reports import charts
from scenarios.schema import PlanError
from scenarios.views import COMPARE_OUTCOMES, label, paired_views, value_of_changes

VALUE_ROW = "Net present value of the changes against the plan as submitted"

st.title("Compare scenarios")
require_lines(session.current_plan())
area_wide_note(session.current_plan())

available = session.scenarios_available()
# Choosing what to show is not editing, so the choice stays live in presentation mode (a greyed-out
# control would also fall below the 4.5:1 text contrast).
present = session.presenting()
with st.expander("Scenarios shown") if present else st.container():  # folded away on a projector's screen
    chosen = st.multiselect("Scenarios", list(available), default=list(available)[:3], key=keys.COMPARE_CHOICE)
if not chosen:
    st.info("Choose at least one scenario.")
    st.stop()
if session.EDIT_NAME in chosen and not present:
    editing = session.current_scenario().name
    st.caption(f"{session.EDIT_NAME}: the scenario you are editing"
               + (f", '{md(editing)}'" if editing != session.EDIT_NAME else "")
               + (", with unsaved changes." if session.unsaved() else ", as saved."
                  if editing != session.EDIT_NAME else "."))

views = []
with st.spinner("Running the scenarios…"):
    for name in chosen:
        try:
            view = results.results_named(name)
        except PlanError as e:  # the plan itself, so every scenario on it: said once
            st.warning("The scenarios cannot be compared yet: " + md(e) + ".")
            st.stop()
        except ValueError as e:  # said as every page says it, without running the model again
            view = None
            explain(e, f"'{md(name)}' could not be modelled: ", ". Take it out of the comparison, or open it and "
                    "undo the change that cannot be applied to this plan.", stop=False)
        if view is not None:
            views.append(view)
if not views:
    st.stop()
base = views[0]

rows = []
shown = COMPARE_OUTCOMES
differences = {v.scenario_name: paired_views(base, v) for v in views[1:]}
for outcome in shown:
    row = {"Outcome (whole horizon)": label(outcome)}
    for v in views:
        row[v.scenario_name] = outcome_range(v, outcome)
        if v is not base:
            d = differences[v.scenario_name][outcome]
            row[f"{v.scenario_name}: change vs {base.scenario_name}"] = "no change to speak of" if negligible(
                outcome, d) else change_text(outcome, d)
    rows.append(row)
row = {"Outcome (whole horizon)": VALUE_ROW}
for v in views:
    row[v.scenario_name] = value_text(value_of_changes(v)) if v.has_changes else "no changes"
    if v is not base:
        d = value_of_changes(v, base)
        row[f"{v.scenario_name}: change vs {base.scenario_name}"] = ("no change to speak of" if negligible(
            "net_saving_gbp", d) else value_text(d, "better"))
rows.append(row)
if present:  # one screen at a time, for a projector
    chosen = presenting.screen(["Table", "Admissions avoided", "BCF metric"], keys.PRESENT_SCREEN_PREFIX + "compare")
    if chosen == "Table":
        table(pd.DataFrame(rows).set_index("Outcome (whole horizon)"))
    elif chosen == "Admissions avoided":
        figures.show(charts.compare_bars(views, "emergency_admissions_avoided", large=True))
    else:
        figures.show(charts.compare_metric(views, "emergency_admissions_65_plus_per_100k", large=True))
    st.stop()
table(pd.DataFrame(rows).set_index("Outcome (whole horizon)"))
st.caption(f"What each scenario's whole pool buys: P50 with P10 to P90 in brackets. Changes against "
           f"'{md(base.scenario_name)}' are worked out run by run on the same random draws ({base.runs:,} runs, seed "
           f"{base.seed}, the same for every scenario): P50 of the per-run differences with P10 to P90, and the share "
           "of runs in which the scenario does better.")

outcome = st.selectbox("Chart", list(shown), format_func=label, key=keys.COMPARE_OUTCOME)
figures.show(charts.compare_bars(views, outcome))
figures.show(charts.compare_metric(views, "emergency_admissions_65_plus_per_100k"))
