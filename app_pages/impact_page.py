"""Impact: what the scenario could do, with P10 to P90 ranges, by year, lever and locality."""

from __future__ import annotations

import streamlit as st

from app_ui import session
from app_ui.formatting import chance_of_saving, outcome_short
from app_ui.guards import require_lines
from app_ui.markdown import md
from budget.models import MAX_SEED
from scenarios import charts
from scenarios.schema import ScenarioError
from scenarios.views import HEADLINE_OUTCOMES, label

plan = require_lines(session.current_plan(), title="Impact")
scenario = session.current_scenario()
present = session.presenting()

st.title(f"Impact: {md(scenario.name)}")
st.caption(f"{md(plan.area.name)} · {plan.year} to the end of a {scenario.horizon_years}-year horizon")

if not present:
    with st.expander("Model settings", expanded=False):
        c1, c2, c3 = st.columns(3)
        c1.select_slider("Monte Carlo runs", options=[200, 500, 1000, 2000, 5000, 10000], key=session.KEY_RUNS)
        c2.number_input("Seed", min_value=0, max_value=MAX_SEED, step=1, key=session.KEY_SEED)
        stance = c3.radio("Evidence stance", ["controlled", "pilot"], horizontal=True,
                          index=0 if scenario.stance == "controlled" else 1,
                          format_func={"controlled": "Controlled evidence", "pilot": "Pilot claims"}.get)
        scenario = session.set_stance(stance)

try:
    with st.spinner(f"Running {session.runs():,} Monte Carlo runs…"):
        view = session.results_for(scenario, lines=session.edited_lines())
except (ScenarioError, ValueError) as e:
    st.error(f"The scenario could not be modelled: {md(e)}. Remove the last change on the Plan page.")
    st.stop()

st.caption(f"{view.stance_label} · {view.runs:,} runs · seed {view.seed}. Figures are totals over the horizon: "
           "the middle estimate (P50) with the range in which 80% of runs fall (P10 to P90).")
cols = st.columns(3) + st.columns(3)
for col, outcome in zip(cols, HEADLINE_OUTCOMES, strict=False):
    s = view.stat(outcome)
    col.metric(label(outcome).replace(" (£)", ""), outcome_short(outcome, s["p50"]),
               help=f"P10 {outcome_short(outcome, s['p10'])} to P90 {outcome_short(outcome, s['p90'])}")
    col.caption(f"P10 to P90: {outcome_short(outcome, s['p10'])} to {outcome_short(outcome, s['p90'])}")
cols[-1].metric("Chance of a net saving", chance_of_saving(view),
                help="Share of Monte Carlo runs in which the gross saving exceeds the spend.")

large = present
if present:
    for fig in (charts.fan_chart(view, "emergency_admissions_avoided", large=True),
                charts.metric_chart(view, "emergency_admissions_65_plus_per_100k", large=True),
                charts.waterfall_chart(view, large=True), charts.lever_bars(view, large=True),
                charts.locality_bars(view, large=True), charts.ecdf_chart(view, large=True)):
        st.plotly_chart(fig, width="stretch")
else:
    tabs = st.tabs(["By year", "By lever", "By locality", "BCF metrics", "Net saving", "Waterfall"])
    with tabs[0]:
        outcome = st.selectbox("Outcome", ["emergency_admissions_avoided", "bed_days_saved", "ae_attendances_avoided",
                                           "care_home_admissions_avoided", "home_care_hours_saved", "net_saving_gbp"],
                               format_func=label, key="fan_outcome")
        st.plotly_chart(charts.fan_chart(view, outcome), width="stretch")
    with tabs[1]:
        outcome = st.selectbox("Outcome", ["emergency_admissions_avoided", "net_saving_gbp", "gross_saving_gbp",
                                           "care_home_admissions_avoided", "home_care_hours_saved"],
                               format_func=label, key="lever_outcome")
        st.plotly_chart(charts.lever_bars(view, outcome), width="stretch")
    with tabs[2]:
        outcome = st.selectbox("Outcome", list(view.by_locality), format_func=label, key="locality_outcome")
        st.plotly_chart(charts.locality_bars(view, outcome), width="stretch")
    with tabs[3]:
        for metric in view.headline["metrics"]:
            st.plotly_chart(charts.metric_chart(view, metric), width="stretch")
    with tabs[4]:
        st.plotly_chart(charts.ecdf_chart(view), width="stretch")
    with tabs[5]:
        st.plotly_chart(charts.waterfall_chart(view), width="stretch")
    with st.expander("What drives the net saving"):
        for d in view.headline.get("drivers_of_net_saving", [])[:5]:
            st.markdown(f"- {md(d['label'])} (rank correlation {d['rank_correlation']:+.2f})")
    with st.expander("Notes on these figures"):
        for note in view.headline.get("notes", []):
            st.markdown(f"- {md(note)}")
