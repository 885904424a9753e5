"""Compare: scenarios side by side, with differences against the plan as submitted."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages import state
from app_pages.markdown import md, table
from scenarios import charts
from scenarios.schema import ScenarioError
from scenarios.views import HEADLINE_OUTCOMES, label

st.title("Compare scenarios")
plan = state.current_plan()
if plan is None or not plan.lines:
    st.error("Open a plan with expenditure lines first (Start page).")
    st.stop()

available = state.scenarios_available()
chosen = st.multiselect("Scenarios", list(available), default=list(available)[:3], key="compare_choice",
                        disabled=state.presenting())
if not chosen:
    st.info("Choose at least one scenario.")
    st.stop()

views = []
with st.spinner("Running the scenarios…"):
    for name in chosen:
        try:
            views.append(state.results_named(name))
        except (ScenarioError, ValueError) as e:
            st.error(f"'{md(name)}' could not be modelled: {md(e)}. Take it out of the comparison, or open it and undo the change "
                     "that cannot be applied to this plan.")
if not views:
    st.stop()
base = views[0]


def fmt(outcome: str, x: float) -> str:
    return f"{'−' if x < 0 else ''}£{abs(x):,.0f}" if outcome.endswith("_gbp") else f"{x:,.0f}"


rows = []
for outcome in HEADLINE_OUTCOMES:
    row = {"Outcome (whole horizon)": label(outcome)}
    for v in views:
        s = v.stat(outcome)
        row[v.scenario_name] = f"{fmt(outcome, s['p50'])} ({fmt(outcome, s['p10'])} to {fmt(outcome, s['p90'])})"
        if v is not base:
            row[f"{v.scenario_name}: change vs {base.scenario_name}"] = fmt(outcome, s["p50"] - base.stat(outcome)["p50"])
    rows.append(row)
row = {"Outcome (whole horizon)": "Chance of a net saving"}
for v in views:
    row[v.scenario_name] = f"{v.headline['probability_net_saving_positive']:.0%}"
rows.append(row)
table(pd.DataFrame(rows).set_index("Outcome (whole horizon)"))
st.caption(f"P50 with P10 to P90 in brackets; changes are differences in P50 against '{md(base.scenario_name)}'. "
           f"{base.runs:,} runs, seed {base.seed}, the same for every scenario.")

outcome = st.selectbox("Chart", list(HEADLINE_OUTCOMES), format_func=label, key="compare_outcome")
st.plotly_chart(charts.compare_bars(views, outcome, large=state.presenting()), width="stretch")
st.plotly_chart(charts.compare_metric(views, "emergency_admissions_65_plus_per_100k", large=state.presenting()),
                width="stretch")
