"""Impact: what the scenario could do, with P10 to P90 ranges, by year, lever and locality."""

from __future__ import annotations

import streamlit as st

from app_ui import figures, keys, presenting, results, session
from app_ui.formatting import change_caption, outcome_short, percent
from app_ui.guards import area_wide_note, modelled, require_lines
from app_ui.markdown import md
from budget.models import MAX_SEED
from reports.change_words import change_words
from scenarios.assumptions import STANCES, stance_label
from scenarios.outcomes import BY_LEVER_OUTCOMES, BY_YEAR_OUTCOMES, change_title
from scenarios.summary import NOTES, OPTIMISM_BIAS_LABEL, optimism_bias_help, optimism_bias_text
from scenarios.views import CHANGE_OUTCOMES, POOL_OUTCOMES, label, short_label, value_of_changes

plan = require_lines(session.current_plan(), title="Impact")
scenario = session.current_scenario()
present = session.presenting()

st.title(f"Impact: {md(scenario.name)}")
st.caption(f"{md(plan.area.name)} · {plan.year} to the end of a {scenario.horizon_years}-year horizon")
area_wide_note(plan)

if not present:
    with st.expander("Model settings", expanded=False):
        c1, c2, c3 = st.columns(3)
        c1.select_slider("Monte Carlo runs", options=[200, 500, 1000, 2000, 5000, 10000], key=keys.KEY_RUNS)
        c2.number_input("Seed", min_value=0, max_value=MAX_SEED, step=1, key=keys.KEY_SEED)
        stance = c3.radio("Evidence stance", list(STANCES), horizontal=True,
                          index=0 if scenario.stance == "controlled" else 1,
                          format_func=stance_label)
        scenario = session.set_stance(stance)
        bias = c3.checkbox(OPTIMISM_BIAS_LABEL, value=scenario.optimism_bias, help=md(optimism_bias_help()))
        scenario = session.set_optimism_bias(bias)

view = modelled(lambda: results.results_for(scenario, lines=session.edited_lines()),
                "The scenario could not be modelled: ", ". Remove the last change on the Plan page.",
                spinner=f"Running {session.runs():,} Monte Carlo runs…")


def shared(kind: str, **options) -> results.Chart:
    """A chart of these results, built once for every session with the same plan, scenario, runs and seed."""
    return results.chart(kind, scenario, lines=session.edited_lines(), **options)


SCREENS = ["Changes", "Whole pool", "By year", "BCF metric", "Waterfall", "By lever", "By locality", "Value"]


def settings_caption() -> None:
    st.caption(f"{view.stance_label} · {md(optimism_bias_text(view.settings.optimism_bias))} · {view.runs:,} runs · "
               f"seed {view.seed}. Figures are totals over the horizon: "
               "the middle estimate (P50) with the range in which 80% of runs fall (P10 to P90).")


def what_it_changes() -> None:
    st.subheader("What this scenario changes")
    if not view.has_changes:
        st.info("This is the plan as submitted, so there is nothing to measure against it. Make changes on the Plan "
                "page to see what they change; what the whole pool buys is below.")
        return
    st.caption("Against the plan as submitted, run by run on the same random draws: services that carry on "
               "unchanged cancel out, so only new, expanded, cut or moved money counts.")
    cols = [c for _ in range(0, len(CHANGE_OUTCOMES), 3) for c in st.columns(3)]
    for col, outcome in zip(cols, CHANGE_OUTCOMES, strict=False):
        c = view.change(outcome)
        col.metric(change_title(outcome), change_words(outcome, c["p50"], noun=False),
                   help=f"Change in {label(outcome).lower()}, scenario minus the plan as submitted, whole horizon")
        col.caption(change_caption(outcome, c))
    npv = value_of_changes(view)
    spend = view.spend_change_gbp
    st.markdown(
        f"Spend in {view.years[0]} against the plan as submitted: **{change_words('spend_gbp', spend)}**. "
        "Net present value of "
        f"the changes (benefits less spend, {percent(view.settings.discount_rate)} a year): "
        f"**P50 {outcome_short('net_saving_gbp', npv.p50)}**, "
        f"P10 {outcome_short('net_saving_gbp', npv.p10)} "
        f"to P90 {outcome_short('net_saving_gbp', npv.p90)}; the changes pay back in {npv.probability_better:.0%} "
        "of runs."
    )


def what_the_pool_buys() -> None:
    st.subheader("What the whole pool buys")
    if present:  # the screen holds the cards alone; the context is said on the page, not on the projector
        st.caption("The plan's schemes against no BCF-funded schemes, whole horizon: P50, and P10 to P90 below it.")
    else:
        st.caption("The plan's schemes against no BCF-funded schemes: context for the plan as submitted. Spend per "
                   "outcome divides the spend on the levers that produce that outcome by the outcome.")
    cols = [c for _ in range(0, len(POOL_OUTCOMES), 3) for c in st.columns(3)]
    cost = view.cost_per_outcome
    for col, outcome in zip(cols, POOL_OUTCOMES, strict=False):
        s = view.stat(outcome)
        col.metric(short_label(outcome), outcome_short(outcome, s["p50"]),
                   help=f"{label(outcome)}, whole horizon: P10 {outcome_short(outcome, s['p10'])} to P90 "
                        f"{outcome_short(outcome, s['p90'])}")
        per = cost[outcome].p50 if outcome in cost else None
        col.caption(f"P10 to P90: {outcome_short(outcome, s['p10'])} to {outcome_short(outcome, s['p90'])}"
                    + (f"; {outcome_short('spend_gbp', per)} each" if per else ""))
    pool = view.appraisal_pool
    if present:
        return
    st.caption(
        f"Present value of the benefits ({percent(pool.discount_rate)} a year, "
        f"{view.settings.price_year} prices, mean): NHS "
        f"{outcome_short('spend_gbp', pool.nhs_benefits.mean)} (admissions, bed days, A&E; capacity "
        f"freed rather than cash), council {outcome_short('spend_gbp', pool.council_benefits.mean)} "
        "(home care and care-home placements not bought). Much of the pool funds statutory duties (Care Act "
        "reablement and carers' support, the Disabled Facilities Grant), whose value is not only in activity "
        "avoided."
    )


if present:  # one screen at a time, for a projector
    names = [n for n in SCREENS if view.has_changes or n not in ("Changes", "Value")]
    chosen = presenting.screen(names, keys.PRESENT_SCREEN_PREFIX + "impact")
    if chosen == "Changes":
        what_it_changes()
    elif chosen == "Whole pool":
        what_the_pool_buys()
    else:
        kind, options = {"By year": ("fan_chart", {"outcome": "emergency_admissions_avoided"}),
                         "BCF metric": ("metric_chart", {"metric": "emergency_admissions_65_plus_per_100k"}),
                         "Waterfall": ("waterfall_chart", {}),
                         "By lever": ("lever_bars", {}),
                         "By locality": ("locality_bars", {}),
                         "Value": ("ecdf_chart", {})}[chosen]
        figures.show_chart(shared(kind, large=True, **options))
    st.stop()

settings_caption()
if view.warnings:
    with st.expander(f"Checks on the plan's figures ({len(view.warnings)})"):
        for w in view.warnings:
            st.warning(md(w))
what_it_changes()
what_the_pool_buys()

tabs = st.tabs(["By year", "By lever", "By locality", "BCF metrics", "Value of the changes", "Waterfall"])
with tabs[0]:
    outcome = st.selectbox("Outcome", list(BY_YEAR_OUTCOMES),
                           format_func=label, key=keys.FAN_OUTCOME)
    figures.show_chart(shared("fan_chart", outcome=outcome))
with tabs[1]:
    outcome = st.selectbox("Outcome", list(BY_LEVER_OUTCOMES),
                           format_func=label, key=keys.LEVER_OUTCOME)
    figures.show_chart(shared("lever_bars", outcome=outcome))
with tabs[2]:
    outcome = st.selectbox("Outcome", list(view.by_locality), format_func=label, key=keys.LOCALITY_OUTCOME)
    figures.show_chart(shared("locality_bars", outcome=outcome))
with tabs[3]:
    for metric in view.metrics:
        figures.show_chart(shared("metric_chart", metric=metric))
with tabs[4]:
    if view.has_changes:
        figures.show_chart(shared("ecdf_chart"))
    else:
        st.info("The plan as submitted has no changes to value. Make changes on the Plan page.")
with tabs[5]:
    figures.show_chart(shared("waterfall_chart"))
with st.expander("What drives the value of the pool's benefits"):
    for d in view.drivers[:5]:
        st.markdown(f"- {md(d.label)} (rank correlation {d.correlation:+.2f})")
with st.expander("Notes on these figures"):
    for note in NOTES:
        st.markdown(f"- {md(note)}")
