"""Goals: the three BCF metrics, each with its baseline, the model's forecast for the plan year with the
plan or scenario on screen, a suggested goal (that forecast's P50) the user can change, the chance of
meeting the goal, its quarterly profile and rationale."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_ui import keys, results, session, widget_sync
from app_ui.guards import area_wide_note, modelled, require_lines
from app_ui.markdown import md, table
from budget.models import MAX_COUNT
from budget.money import number as num
from budget.peers import BenchmarkError, benchmark_area
from budget.submission import Baseline, GoalSetting, entry
from scenarios.goals import goal_standings, goals, plan_weights, quarters

plan = require_lines(session.current_plan(), title="Goals")
st.title("Goals for the BCF metrics")
area_wide_note(plan)
scenario = session.current_scenario()
st.caption(f"{md(plan.area.name)} · {plan.year} · scenario: {md(scenario.name)} · {session.runs():,} runs. The "
           "suggested goal is the model's forecast of the metric in the plan year with this scenario (P50); set your "
           "own below. The chance of meeting a goal is the share of runs at or below it.")

view = modelled(lambda: results.results_for(scenario, lines=session.edited_lines()), "The plan could not be modelled: ",
                ". Check its lines on the Plan page.", spinner="Running the model…")

submission = session.submission()
if session.presenting():  # the goals in force as one table, no boxes
    found = goals(view, submission, plan_weights(submission))
    table(pd.DataFrame([{
        "Metric": g.label, "Baseline": f"{num(g.baseline, g.digits)} ({g.baseline_period})",
        f"Forecast {plan.year}, P50 (P10 to P90)": f"{num(g.forecast_p50, g.digits)} ({num(g.forecast_p10, g.digits)} "
                                                   f"to {num(g.forecast_p90, g.digits)})",
        "Goal": f"{num(g.goal, g.digits)} ({'ours' if g.set_by_area else 'suggested'})",
        "Chance of meeting it": f"{g.probability_met:.0%}"} for g in found]).set_index("Metric"))
    table(pd.DataFrame([{"Metric": g.label, **{f"Q{i + 1}": num(q, g.digits) for i, q in enumerate(g.quarterly)}}
                        for g in found]).set_index("Metric"))
    st.stop()
version = widget_sync.version(keys.KEY_GOALS_SHOWN, submission.goals)  # new boxes when other goals arrive
weights = plan_weights(submission)
rows = []
found = goals(view, submission, weights)
try:  # where each goal would put the area among similar areas (the Benchmark page)
    standings = goal_standings(found, benchmark_area(plan.area.code, illustrative=plan.illustrative))
except BenchmarkError:
    standings = {}
for g in found:
    digits = g.digits
    own = submission.goal(g.name) or GoalSetting(metric=g.name)
    st.subheader(md(g.label))
    c1, c2, c3, c4 = st.columns(4)
    c1.metric(f"Baseline, {md(g.baseline_period)}", num(g.baseline, digits), help=f"Source: {md(g.baseline_source)}")
    c2.metric(f"Forecast for {plan.year} (P50)", num(g.forecast_p50, digits),
              help="Today's trend (population growth and the services running today) less the effect of the plan "
                   "and this scenario's changes.")
    c2.caption(f"80% range {num(g.forecast_p10, digits)} to {num(g.forecast_p90, digits)}; {md(g.effect_words)}")
    c3.metric("Suggested goal", num(g.suggested, digits), help="The forecast's P50, rounded.")
    c4.metric("Chance of meeting the goal", f"{g.probability_met:.0%}",
              help="The share of model runs in which the metric is at or below the goal in force.")
    if (standing := standings.get(g.name)) is not None:
        st.caption(md(standing.sentence))
        if standing.warning:
            st.warning(md(standing.warning))
        with st.expander(f"Similar areas' latest figures ({md(standing.period)})"):
            st.markdown(md(f"{g.unit}, lowest first: "
                           + "; ".join(f"{n} {num(v, digits)}" for n, v in standing.peer_values)))
    baseline = None
    if st.toggle(
        "Use our own baseline",
        value=own.baseline is not None,
        key=widget_sync.widget_key(keys.BASELINE_TOGGLE_PREFIX, version, g.name),
    ):
        b1, b2, b3 = st.columns([1, 1, 2])
        start = own.baseline.value if own.baseline else round(g.baseline, digits)  # the area's own, unrounded
        own_value = b1.number_input(f"Baseline ({md(g.unit)})", min_value=0.0, max_value=MAX_COUNT, value=float(start),
                                    step=10.0 ** -digits, format=f"%.{digits}f",
                                    key=widget_sync.widget_key(keys.BASELINE_WIDGET_PREFIX, version, g.name))
        period = b2.text_input("Period it covers", value=g.baseline_period, max_chars=100,
                               key=widget_sync.widget_key(keys.BASELINE_PERIOD_PREFIX, version, g.name))
        source = b3.text_input(
            "Source",
            value=own.baseline.source if own.baseline else "",
            max_chars=300,
            placeholder="e.g. SUS extract, June 2025",
            key=widget_sync.widget_key(keys.BASELINE_SOURCE_PREFIX, version, g.name),
        )
        if source.strip() and period.strip():
            baseline, refused = entry(Baseline, f"{g.label}, our own baseline", value=own_value,
                                      period=period.strip(), source=source.strip())
            for sentence in refused:
                st.error(md(sentence))
            if baseline is None:  # what was there before stays
                baseline = own.baseline
        else:
            st.warning("Name the period and the source of your baseline to use it; until then the "
                       "illustrative baseline is used.")
    value = None
    if st.toggle(
        "Set our own goal",
        value=own.value is not None,
        key=widget_sync.widget_key(keys.GOAL_TOGGLE_PREFIX, version, g.name),
    ):
        value = st.number_input(
            f"Our goal ({md(g.unit)})",
            min_value=0.0,
            max_value=MAX_COUNT,
            value=float(own.value if own.value is not None else round(g.suggested, digits)),
            step=10.0**-digits,
            format=f"%.{digits}f",
            key=widget_sync.widget_key(keys.GOAL_WIDGET_PREFIX, version, g.name),
        )
    else:
        st.markdown(f"Goal: **{num(g.suggested, digits)}**, the suggested goal.")
    rationale = st.text_area("Our rationale", value=own.rationale, max_chars=2000,
                             placeholder="Leave empty to use the suggested rationale below.",
                             key=widget_sync.widget_key(keys.RATIONALE_WIDGET_PREFIX, version, g.name))
    if not rationale.strip():
        st.caption(md(g.rationale))
    setting, refused = entry(GoalSetting, g.label, metric=g.name, value=value, rationale=rationale.strip(),
                             baseline=baseline)
    for sentence in refused:
        st.error(md(sentence))
    setting = setting or own  # a refused entry changes nothing
    if setting != (submission.goal(g.name) or GoalSetting(metric=g.name)):
        submission = submission.with_goal(setting)
    shown = value if value is not None else g.suggested
    rows.append({"Metric": g.label, **{f"Q{i + 1}": num(q, digits)
                                       for i, q in enumerate(quarters(shown, g.profile, weights))}})
if submission != session.submission():
    session.set_goals(submission)
    st.rerun()  # the figures above are drawn from what was set: draw them again with the change

st.subheader("Quarterly profile of your goals")
table(pd.DataFrame(rows).set_index("Metric"))
st.caption("Rates a year are shared over the quarters by the seasonal profile (the Capacity page); the average "
           "delay is the same in every quarter. "
           "Goals, baselines and rationales are kept with the scenario: save it to keep them.")
