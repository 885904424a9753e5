"""Assumptions: every figure the model uses, with its source and evidence grade, and how much the
answer rests on the evidence stance."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_ui import keys, results, session
from app_ui.formatting import outcome_range, percent
from app_ui.guards import area_wide_note, modelled
from app_ui.markdown import md, table
from budget.reference import LEVER_LABELS
from scenarios.assumptions import STANCES, assumption_table, in_words, load_assumptions, stance_label
from scenarios.sourced import GRADE_LABELS
from scenarios.summary import OPTIMISM_BIAS_LABEL, optimism_bias_help, optimism_bias_text
from scenarios.views import HEADLINE_OUTCOMES, label

st.title("Assumptions")
scenario = session.current_scenario()
stances = {s: stance_label(s) for s in STANCES}
STANCE_HELP = ("Controlled evidence uses trials and matched-control evaluations; pilot claims use the uncontrolled "
               "before-and-after figures of case studies, to show how much a case rests on them.")
if session.presenting():  # the settings as text: a greyed-out control would fall below 4.5:1 contrast
    st.markdown(f"Evidence stance for the current scenario: **{stances[scenario.stance]}**. {STANCE_HELP}")
    st.markdown(f"Optimism bias: **{md(optimism_bias_text(scenario.optimism_bias))}**. {md(optimism_bias_help())}")
else:
    stance = st.radio("Evidence stance for the current scenario", list(stances), format_func=stances.get,
                      index=list(stances).index(scenario.stance), horizontal=True, help=STANCE_HELP)
    scenario = session.set_stance(stance)
    bias = st.checkbox(OPTIMISM_BIAS_LABEL, value=scenario.optimism_bias, help=md(optimism_bias_help()))
    scenario = session.set_optimism_bias(bias)
stance = scenario.stance

plan = session.current_plan()
if plan is not None and plan.lines:
    st.subheader("Both stances, side by side")
    area_wide_note(plan)
    views = modelled(lambda: {s: results.results_for(scenario.model_copy(update={"stance": s}),
                                                     lines=session.edited_lines()) for s in stances},
                     "The scenario could not be modelled: ", ". Undo the last change on the Plan or Assumptions page.",
                     spinner="Running both stances…", stop=False)
    if views is not None:
        rows = [{"Outcome (whole horizon)": label(o), **{stances[s]: outcome_range(v, o) for s, v in views.items()}}
                for o in HEADLINE_OUTCOMES]
        table(pd.DataFrame(rows).set_index("Outcome (whole horizon)"))

st.subheader("Change an effect range for this scenario")
library = load_assumptions(stance)
if session.presenting():
    st.caption("Hidden in presentation mode.")
else:
    with st.form(keys.OVERRIDE_FORM):
        levers = [lv for lv in library.effects if library.effects[lv]]
        c1, c2 = st.columns(2)
        lever = c1.selectbox("Lever", levers, format_func=lambda x: LEVER_LABELS.get(x, x), key=keys.OVERRIDE_LEVER)
        outcomes = list(library.effects.get(lever, {}))
        outcome = c2.selectbox(
            "Outcome", outcomes, format_func=in_words, key=keys.OVERRIDE_OUTCOME
        )
        current = library.effect(lever, outcome)
        c3, c4, c5 = st.columns(3)
        low = c3.number_input("Low (P10), rate ratio", value=float(current.low), format="%.3f", key=keys.OVERRIDE_LOW)
        central = c4.number_input("Central", value=float(current.central), format="%.3f", key=keys.OVERRIDE_CENTRAL)
        high = c5.number_input("High (P90)", value=float(current.high), format="%.3f", key=keys.OVERRIDE_HIGH)
        reason = st.text_input("Why (recorded as the source)", key=keys.OVERRIDE_REASON,
                               placeholder="e.g. local evaluation of our falls service, 2025")
        applied = st.form_submit_button("Use this range in the current scenario")
    if applied:
        from scenarios.overrides import AssumptionOverride, EffectOverride

        try:
            override = AssumptionOverride(lever=lever, effects=(EffectOverride(
                outcome=outcome, low=low, central=central, high=high, distribution=current.distribution,
                unit=current.unit, source=reason.strip() or "Set by the user in BCF Planner", grade="judgement"),))
        except ValueError as e:
            st.error(f"That range cannot be used: {md(str(e).splitlines()[-1])}. Low must not exceed central, nor "
                     "central high; rate ratios must be above 0.")
        else:
            kept = tuple(o for o in scenario.assumption_overrides if o.lever != lever)
            scenario = scenario.model_copy(update={"assumption_overrides": (*kept, override)})
            session.set_scenario(scenario)
            st.success(f"{LEVER_LABELS.get(lever, lever)}: {in_words(outcome)} now {low:g} to {high:g} "
                       f"(central {central:g}) in '{md(scenario.name)}'. The Impact page uses it.")
    if scenario.assumption_overrides:
        st.write("Ranges changed in this scenario: " + "; ".join(
            f"{LEVER_LABELS.get(o.lever, o.lever)} ({', '.join(in_words(e.outcome) for e in o.effects)})"
            for o in scenario.assumption_overrides))
        if st.button("Go back to the library's ranges"):
            session.set_scenario(scenario.model_copy(update={"assumption_overrides": ()}))
            st.rerun()

st.subheader(f"The assumption library ({stances[stance].lower()})")
library_frame = pd.DataFrame(assumption_table(library))
shown = library_frame.rename(
    columns={
        "lever_label": "Lever",
        "parameter": "Parameter",
        "low": "Low (P10)",
        "central": "Central",
        "high": "High (P90)",
        "unit": "Unit",
        "grade_label": "Evidence grade",
        "source": "Source",
        "distribution": "Distribution",
    }
)
lever_filter = st.multiselect("Show levers", sorted(shown["Lever"].unique()), key=keys.ASSUMPTION_LEVERS)
if lever_filter:
    shown = shown[shown["Lever"].isin(lever_filter)]
st.dataframe(shown[["Lever", "Parameter", "Low (P10)", "Central", "High (P90)", "Unit", "Distribution",
                    "Evidence grade", "Source"]], hide_index=True, width="stretch", height=520)
st.subheader("Optimism bias")
st.markdown(
    f"The current scenario: **{md(optimism_bias_text(scenario.optimism_bias))}**. HM Treasury's Green Book asks "
    "every appraisal to adjust for optimism bias; its published percentages are for capital costs and "
    "works durations, so the share of each effect removed here, by the grade of the evidence behind it, is "
    "a judgement."
)
bias_rows = [{"Evidence grade": GRADE_LABELS[g], "Share of the effect removed": percent(f.value, 0),
              "Why": " ".join(f.source.split())}
             for g, f in sorted(library.unit_costs.optimism_bias.items(), key=lambda kv: kv[1].value)]
table(pd.DataFrame(bias_rows).set_index("Evidence grade"))
st.caption("Every figure comes from the assumption library shipped with the tool, each with its source and "
           "grade. Ranges are 80% intervals: the model draws each parameter between its "
           "low and high values in 80% of runs.")
