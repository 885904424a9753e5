"""Capacity: intermediate-care demand and capacity for the plan year, month by month, by hospital discharge
pathway and community service, from the plan as currently edited and the current scenario's changes."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_ui import session
from app_ui.guards import require_lines
from app_ui.markdown import md, table
from budget.money import gbp, whole
from budget.submission import CapacitySettings
from scenarios.capacity import (
    capacity_figure,
    capacity_plan,
    seasonal_weights,
    short_name,
    summary_sentence,
)
from scenarios.schema import ScenarioError

plan = require_lines(session.edit_plan(), title="Capacity and demand")
scenario = session.current_scenario()
submission = session.submission()

st.title("Intermediate care capacity and demand")
st.caption(f"{md(plan.area.name)} · {plan.year} · {md(scenario.name)}, with the lines as edited on the Plan page. "
           "People aged 65+, a month; gap = capacity − demand, and a negative gap is a shortfall.")

try:
    cap = capacity_plan(plan, submission=submission, scenario=scenario)
except (ScenarioError, ValueError) as e:
    st.error(f"Capacity and demand could not be worked out: {md(e)}. Check the plan's localities and the last "
             "change on the Plan page.")
    st.stop()

st.markdown("Demand is the plan year's emergency admissions of people aged 65+ split by discharge pathway, and "
            "community step-up referrals per 100,000 aged 65+, shaped by the seasonal profile below. Capacity is "
            "what each line's money buys: its planned outputs where it states people, else its spend ÷ a unit "
            "cost, spread evenly over the year. Moving money on the Plan page moves capacity.")


def month_rows(f) -> pd.DataFrame:
    rows = [{"Month": m, "Demand": whole(d), "Capacity": whole(c), "Gap": whole(g),
             "Status": "Shortfall" if g <= -0.5 else "Covered"}
            for m, d, c, g in zip(cap.months, f.demand, f.capacity, f.gap, strict=True)]
    rows.append({"Month": "Year", "Demand": whole(sum(f.demand)), "Capacity": whole(sum(f.capacity)),
                 "Gap": whole(sum(f.gap)), "Status": "Shortfall" if sum(f.gap) <= -0.5 else "Covered"})
    return pd.DataFrame(rows).set_index("Month")


for title, flows in (("Hospital discharge, by pathway", cap.discharge),
                     ("Community step-up, by service", cap.community)):
    st.header(title)
    for key, f in flows.items():
        st.markdown(md(summary_sentence(key, f, cap.months)))  # the chart in words, read before it
        st.plotly_chart(capacity_figure(cap, key, large=session.presenting()), width="stretch", key=f"capacity_chart_{key}")
        with st.expander(f"The numbers behind this chart: {f.label}"):
            table(month_rows(f))

st.header("Gaps by month")
st.caption("Capacity − demand, people. “Shortfall” marks a month where demand exceeds capacity.")
gaps = pd.DataFrame({short_name(k)[0].upper() + short_name(k)[1:]: [f"{whole(g)} Shortfall" if g <= -0.5 else whole(g)
                                                                 for g in f.gap]
                     for k, f in cap.flows().items()}, index=pd.Index(cap.months, name="Month"))
table(gaps)

st.header("Seasonal profile of demand")
shown = submission.capacity.seasonal_profile
st.markdown("Relative weights for each month, April to March: only their shape matters, so the year's demand is "
            "the same whatever they are. " + ("These are your own weights." if shown is not None else
                                              "These are BCF Planner's default weights, peaking in winter."))
current = list(shown) if shown is not None else list(seasonal_weights(None)[0])
if session.presenting():  # the weights as text, not a form, while presenting
    table(pd.DataFrame({"Weight": [f"{w:.2f}" for w in current]}, index=pd.Index(cap.months, name="Month")).T)
else:
    keys = session.capacity_profile_keys(shown)
    with st.form(session.CAPACITY_FORM):
        boxes = []
        for row in range(3):
            cols = st.columns(4)
            for c in range(4):
                i = row * 4 + c
                boxes.append(cols[c].number_input(cap.months[i], min_value=0.0, max_value=100.0,
                                                  value=float(round(current[i], 3)), step=0.05, format="%.2f",
                                                  key=keys[i]))
        use = st.form_submit_button("Use this profile")
    if use:
        if sum(boxes) <= 0:
            st.error("Give at least one month a weight above 0: the profile shares the year's demand between months.")
        else:
            profile = tuple(float(b) for b in boxes)
            session.set_submission(submission.model_copy(
                update={"capacity": CapacitySettings(seasonal_profile=profile)}))
            st.rerun()
    if shown is not None and st.button("Go back to the default profile"):
        session.set_submission(submission.model_copy(update={"capacity": CapacitySettings()}))
        st.rerun()
st.caption("The profile is kept with the scenario: save it to keep it. `bcf capacity` reads the same profile.")

st.header("What buys the capacity")
lines = [{"Scheme": f"{r.scheme_id} {r.scheme_name}".strip(), "Pathway or service": short_name(r.to),
          "Spend": gbp(r.spend), "People a year": whole(r.people), "From": r.basis}
         for r in sorted(cap.lines, key=lambda r: (list(cap.flows()).index(r.to), r.scheme_id))]
if lines:
    table(pd.DataFrame(lines).set_index("Scheme"))
else:
    st.info("No line of the plan buys intermediate care as BCF Planner maps scheme types, so capacity is zero.")

with st.expander("Assumptions and their sources"):
    table(pd.DataFrame([{"Figure": a.name, "Value": ", ".join(f"{v:g}" for v in a.value)
                         if isinstance(a.value, list) else f"{a.value:,}", "Unit": a.unit, "Grade": a.grade,
                         "Source": a.source} for a in cap.assumptions]).set_index("Figure"))
