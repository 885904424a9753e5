"""Optimise: the best re-allocation between levers within the rules, the efficient frontier and the
assumptions that move the answer most."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages import state
from budget.reference import LEVER_LABELS
from budget.summary import format_gbp
from scenarios import charts
from scenarios.optimise import break_even, frontier, optimise, tornado

st.title("Optimise")
plan = state.edit_plan()
if plan is None or not plan.lines:
    st.error("Open a plan with expenditure lines first (Start page).")
    st.stop()
scenario = st.session_state[state.KEY_SCENARIO]
st.caption(f"{plan.area.name} · {plan.year} · starting from: {scenario.name}")

with st.form("optimise"):
    c1, c2 = st.columns(2)
    objective = c1.radio("Make the most of", ["admissions", "net_saving"], horizontal=True, key="opt_objective",
                         format_func={"admissions": "Emergency admissions avoided", "net_saving": "Net saving"}.get)
    max_change = c2.slider("Largest change to any lever (% of today's spend)", 0, 100, 25, 5, key="opt_max_change")
    locks = st.multiselect("Schemes that must not change", sorted({x.scheme_id for x in plan.lines}), key="opt_locks")
    go_button = st.form_submit_button("Find the best allocation", type="primary")

key = f"bcf_opt::{state.workbook_key()}::{objective}::{max_change}::{sorted(locks)}::{hash(str(scenario.to_json_dict()))}"
if go_button:
    with st.spinner("Searching for the best allocation, then drawing the frontier…"):
        result = optimise(plan, scenario, objective=objective, max_change=max_change / 100, locked=set(locks))
        points = frontier(plan, scenario, objective=objective, runs=150)
        swings = tornado(plan, scenario, objective="net_saving")
        even = break_even(plan, scenario)
    st.session_state[key] = (result, points, swings, even)
found = st.session_state.get(key)
if not found:
    st.info("Choose what to make the most of and press the button. Locked schemes, Disabled Facilities Grant lines "
            "and lines with no modelled effect stay as they are; spend by funding stream stays within income and the "
            "NHS minimum on social care stays at or above the required figure.")
    st.stop()
result, points, swings, even = found

st.subheader("Recommended changes")
if not result.improved:
    st.success("Within these limits the current plan is already the best the model can find.")
rows = [{"Lever": LEVER_LABELS.get(lv, lv), "Today (£ a year)": format_gbp(result.before[lv]),
         "Recommended": format_gbp(result.after[lv]), "Change": format_gbp(result.after[lv] - result.before[lv])}
        for lv in result.levers]
st.table(pd.DataFrame(rows).set_index("Lever"))
what = "emergency admissions avoided" if objective == "admissions" else "net saving (£)"
st.write(f"Expected {what} over the horizon: {result.baseline_value:,.0f} today → {result.optimised_value:,.0f} "
         "recommended (mean of the same model runs).")
name = st.text_input("Save the recommendation as a scenario", value=f"Optimised for {what.split(' (')[0]}",
                     key="opt_save_name")
if st.button("Save as a new scenario", disabled=not result.improved):
    clean = " ".join(name.split())
    st.session_state[state.KEY_SAVED][clean] = scenario.model_copy(update={"name": clean})
    st.session_state[state.KEY_SAVED_LINES][clean] = result.plan.lines
    st.success(f"Saved '{clean}' for this session: compare it on the Compare page.")

suffix = f"{plan.area.name}, {plan.year} · {scenario.name}"
st.plotly_chart(charts.frontier_chart(points, plan.total_expenditure, result.baseline_value,
                                      result.optimised_value if result.improved else None, suffix,
                                      outcome="emergency_admissions_avoided" if objective == "admissions"
                                      else "net_saving_gbp"), width="stretch")
st.caption("Frontier: for each budget from half to one and a half times today's movable spend, the best allocation "
           "found, with its P10 to P90 range. Budgets above the pool are what-ifs: stream limits are not applied there.")
st.plotly_chart(charts.tornado_chart(swings, suffix), width="stretch")

st.subheader("Break-even: how strong would each lever's effect have to be?")
st.table(pd.DataFrame([{
    "Lever": LEVER_LABELS.get(b.lever, b.lever), "Main effect": b.outcome.replace("_", " "),
    "Rate ratio needed to pay for itself": "never, even removing every such event" if b.rate_ratio is None
    else f"{b.rate_ratio:.2f}",
    "Evidence (P10 / central / P90)": f"{b.low:.2f} / {b.central:.2f} / {b.high:.2f}",
    "Within the evidence?": "yes" if b.within_evidence else "no"} for b in even]).set_index("Lever"))
st.caption("A rate ratio of 0.80 means 20% fewer events among the people served. Each lever's other effects stay at "
           "their central values; the central estimate is used.")
