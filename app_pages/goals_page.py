"""Goals: the three BCF metrics, each with its baseline, the plan's modelled effect in the plan year and
a suggested goal the user can change, with its quarterly profile and rationale."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_ui import session
from app_ui.guards import require_lines
from app_ui.markdown import md, table
from budget.money import number as num
from scenarios.goals import goals, quarters
from scenarios.schema import ScenarioError

plan = require_lines(session.current_plan(), title="Goals")
st.title("Goals for the BCF metrics")
st.caption(f"{md(plan.area.name)} · {plan.year} · the plan as submitted · {session.runs():,} runs. The suggested "
           "goal is the baseline less the plan's modelled effect (P50); set your own below.")

reference = session.current_scenario().model_copy(update={"changes": (), "name": "Plan as submitted"})
try:
    with st.spinner("Running the model…"):
        view = session.results_for(reference, lines=session.edited_lines())
except (ScenarioError, ValueError) as e:
    st.error(f"The plan could not be modelled: {md(e)}. Check its lines on the Plan page.")
    st.stop()

rows = []
for g in goals(view):
    digits = g.digits
    st.subheader(md(g.label))
    c1, c2, c3 = st.columns(3)
    c1.metric(f"Baseline, {g.baseline_period}", num(g.baseline, digits), help=f"Source: {g.baseline_source}")
    c2.metric(f"Plan's effect in {plan.year} (P50)", num(g.effect_p50, digits),
              help="How much the plan's schemes lower the rate against today's trend; positive is lower.")
    c2.caption(f"80% range {num(g.effect_p10, digits)} to {num(g.effect_p90, digits)}")
    c3.metric("Suggested goal", num(g.goal, digits))
    saved = session.goal(g.name)
    value = st.number_input(f"Your goal ({g.unit})", value=float(saved.get("goal", round(g.goal, digits))),
                            step=10.0 ** -digits, format=f"%.{digits}f", key=session.GOAL_WIDGET_PREFIX + g.name)
    rationale = st.text_area("Rationale", value=saved.get("rationale", g.rationale), max_chars=2000,
                             key=session.RATIONALE_WIDGET_PREFIX + g.name)
    session.set_goal(g.name, value, rationale)
    rows.append({"Metric": g.label, **{f"Q{i + 1}": num(q, digits) for i, q in enumerate(quarters(value, g.profile))}})

st.subheader("Quarterly profile of your goals")
table(pd.DataFrame(rows).set_index("Metric"))
st.caption("Rates a year are split evenly over the quarters; the average delay is the same in every quarter.")
