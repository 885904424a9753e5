"""Compare: scenarios side by side, with differences against the plan as submitted."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_ui import session
from app_ui.formatting import chance_of_saving, outcome_range, outcome_value
from app_ui.guards import require_lines
from app_ui.markdown import md, table
from scenarios import charts
from scenarios.schema import ScenarioError
from scenarios.views import HEADLINE_OUTCOMES, label

st.title("Compare scenarios")
require_lines(session.current_plan())

available = session.scenarios_available()
chosen = st.multiselect("Scenarios", list(available), default=list(available)[:3], key="compare_choice",
                        disabled=session.presenting())
if not chosen:
    st.info("Choose at least one scenario.")
    st.stop()

views = []
with st.spinner("Running the scenarios…"):
    for name in chosen:
        try:
            views.append(session.results_named(name))
        except (ScenarioError, ValueError) as e:
            st.error(f"'{md(name)}' could not be modelled: {md(e)}. Take it out of the comparison, or open it and undo the change "
                     "that cannot be applied to this plan.")
if not views:
    st.stop()
base = views[0]

rows = []
for outcome in HEADLINE_OUTCOMES:
    row = {"Outcome (whole horizon)": label(outcome)}
    for v in views:
        row[v.scenario_name] = outcome_range(v, outcome)
        if v is not base:
            row[f"{v.scenario_name}: change vs {base.scenario_name}"] = outcome_value(
                outcome, v.stat(outcome)["p50"] - base.stat(outcome)["p50"])
    rows.append(row)
row = {"Outcome (whole horizon)": "Chance of a net saving"}
for v in views:
    row[v.scenario_name] = chance_of_saving(v)
rows.append(row)
table(pd.DataFrame(rows).set_index("Outcome (whole horizon)"))
st.caption(f"P50 with P10 to P90 in brackets; changes are differences in P50 against '{md(base.scenario_name)}'. "
           f"{base.runs:,} runs, seed {base.seed}, the same for every scenario.")

outcome = st.selectbox("Chart", list(HEADLINE_OUTCOMES), format_func=label, key="compare_outcome")
st.plotly_chart(charts.compare_bars(views, outcome, large=session.presenting()), width="stretch")
st.plotly_chart(charts.compare_metric(views, "emergency_admissions_65_plus_per_100k", large=session.presenting()),
                width="stretch")
