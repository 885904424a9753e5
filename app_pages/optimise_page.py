"""Optimise: the best re-allocation between levers and localities within the rules and the user's
limits, the efficient frontier and the assumptions that move the answer most."""

from __future__ import annotations

import hashlib
import math

import pandas as pd
import streamlit as st

from app_ui import figures, keys, results, scenario_bar, session
from app_ui.guards import area_wide_note, modelled, require_lines
from app_ui.markdown import md, table
from app_ui.need_view import need_view
from budget.models import AREA_WIDE
from budget.money import gbp
from budget.reference import LEVER_LABELS, load_reference
from reports import charts
from scenarios.optimise import OBJECTIVES, frontier, optimise, spend_on_locality_lines
from scenarios.outcomes import is_money, report_label
from scenarios.sensitivity import break_even, tornado

MIN, MAX = "Minimum (£ a year)", "Maximum (£ a year)"

st.title("Optimise")
plan = require_lines(session.edit_plan())
area_wide_note(plan)
scenario = session.current_scenario()
runs = session.runs()
st.caption(f"{md(plan.area.name)} · {plan.year} · starting from: {md(scenario.name)}")

ref = load_reference(plan.year)
lever_today: dict[str, float] = {}
for x in plan.lines:
    lv = ref.line_lever(x.scheme_type, x.sub_type)
    if lv != "none":
        lever_today[lv] = lever_today.get(lv, 0.0) + x.amount
locality_today = {k: v for k, v in spend_on_locality_lines(plan).items() if v > 0}


def limits_frame(first: str, today: dict[str, float], labels: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame({first: [labels.get(k, k) for k in today], "Today (£ a year)": list(today.values()),
                         MIN: [None] * len(today), MAX: [None] * len(today)}).astype({MIN: "float", MAX: "float"})


def limits_config(first: str) -> dict:
    money = {"format": "£%,.0f", "min_value": 0, "max_value": 1_000_000_000, "step": 1000}
    return {first: st.column_config.TextColumn(disabled=True),
            "Today (£ a year)": st.column_config.NumberColumn("Today", format="£%,.0f", disabled=True),
            MIN: st.column_config.NumberColumn("Minimum", help="Least spend a year, £", **money),
            MAX: st.column_config.NumberColumn("Maximum", help="Most spend a year, £", **money)}


def read_limits(frame: pd.DataFrame, names: list[str]) -> dict[str, tuple[float, float]]:
    """{key: (min, max)} for the rows with a limit; a blank side is open."""
    out = {}
    for key, (_, row) in zip(names, frame.iterrows(), strict=True):
        lo, hi = row[MIN], row[MAX]
        if pd.isna(lo) and pd.isna(hi):
            continue
        out[key] = (0.0 if pd.isna(lo) else float(lo), math.inf if pd.isna(hi) else float(hi))
    return out


with st.form(keys.OPTIMISE_FORM):
    c1, c2 = st.columns(2)
    objective = c1.radio("Make the most of", list(OBJECTIVES), horizontal=True, key=keys.OPT_OBJECTIVE,
                         format_func={"admissions": "Emergency admissions avoided", "net_saving": "Net saving"}.get)
    max_change = c2.slider("Largest change to any lever in any locality (% of today's spend)", 0, 100, 25, 5,
                           key=keys.OPT_MAX_CHANGE)
    per_locality = c1.checkbox("Choose spend per locality as well as per lever", value=True, key=keys.OPT_PER_LOCALITY,
                               help="Money can then move between localities too: each locality's highest-risk "
                                    "people are served first, so where the next pound goes matters.")
    near_need = c2.number_input(
        "Keep each locality's share of the money within this many points of its share of the need (blank: no limit)",
        min_value=0.0, max_value=100.0, value=None, step=1.0, format="%.1f", key=keys.OPT_NEAR_NEED,
        help="Need is people aged 65+ weighted by age and deprivation, as the Plan page shows it. Where today's plan "
             "is further from need than this, the answer is the best plan found that is not, even if it achieves "
             "less.")
    locks = st.multiselect(
        "Schemes that must not change", sorted({x.scheme_id for x in plan.lines}), key=keys.OPT_LOCKS
    )
    st.markdown("**Limits** (optional): the least and most to spend a year on each lever and in each locality, "
                "counting every line there, locked ones too. A cell left empty sets no limit.")
    lever_frame = st.data_editor(
        limits_frame("Lever", lever_today, LEVER_LABELS),
        key=keys.OPT_LEVER_LIMITS,
        hide_index=True,
        num_rows="fixed",
        width="stretch",
        column_config=limits_config("Lever"),
        placeholder="no limit",
        alt="Limits by lever: the least and most to spend a year",
    )
    locality_frame = st.data_editor(limits_frame("Locality", locality_today, {}), key=keys.OPT_LOCALITY_LIMITS,
                                    hide_index=True, num_rows="fixed", width="stretch",
                                    column_config=limits_config("Locality"), placeholder="no limit",
                                    alt="Limits by locality: the least and most to spend a year")
    go_button = st.form_submit_button("Find the best allocation", type="primary")

lever_bounds = read_limits(lever_frame, list(lever_today))
locality_bounds = read_limits(locality_frame, list(locality_today))
fingerprint = hashlib.sha256(repr((
    session.workbook_key(), objective, max_change, per_locality, near_need, sorted(locks), sorted(lever_bounds.items()),
    sorted(locality_bounds.items()), runs, [(x.scheme_id, x.locality, x.amount) for x in plan.lines],
    scenario.to_json_dict())).encode()).hexdigest()
if go_button:
    def search():
        """The best allocation, the frontier, the tornado and the break-even effects for these inputs."""
        return (
            optimise(
                plan,
                scenario,
                objective=objective,
                max_change=max_change / 100,
                locked=set(locks),
                bounds=lever_bounds,
                locality_bounds=locality_bounds,
                per_locality=per_locality,
                runs=runs,
                need_distance=None if near_need is None else near_need / 100,
            ),
            frontier(plan, scenario, objective=objective, runs=runs),
            tornado(plan, scenario, objective="net_saving"),
            break_even(plan, scenario),
        )

    results.keep_optimisation(fingerprint, modelled(
        search, "", spinner="Searching for the best allocation, then drawing the frontier…",
        refused=("These limits cannot be used: ", ".")))
found = results.optimisation(fingerprint)
if not found:
    st.info("Choose what to make the most of and press the button. Locked schemes, Disabled Facilities Grant lines "
            "and lines with no modelled effect stay as they are; spend by funding stream stays within income and the "
            "NHS minimum on social care stays at or above the required figure.")
    st.stop()
result, points, swings, even = found

st.subheader("Recommended changes")
if not result.improved:
    st.success("Within these limits the current plan is already the best the model can find.")
elif result.moved_to_need:
    st.warning(f"Today's plan puts some localities' money further from their need than "
               f"{result.need_distance * 100:g} points, so this is the best plan found that keeps within it, even "
               "where it achieves less than today's.")
rows = [{"Lever": LEVER_LABELS.get(lv, lv), "Today (£ a year)": gbp(result.before[lv]),
         "Recommended": gbp(result.after[lv]), "Change": gbp(result.after[lv] - result.before[lv])}
        for lv in result.levers]
table(pd.DataFrame(rows).set_index("Lever"))
st.caption("Movable spend only: locked schemes, Disabled Facilities Grant lines and lines with no modelled effect "
           "are not counted here.")
if result.per_locality:
    st.markdown("**By locality** (all spend on each locality's own lines; area-wide lines are shared out by need)")
    table(pd.DataFrame([{
        "Locality": name, "Today (£ a year)": gbp(before), "Recommended": gbp(result.locality_after[name]),
        "Change": gbp(result.locality_after[name] - before)}
        for name, before in result.locality_before.items() if before or result.locality_after[name]]
    ).set_index("Locality"))
    names = [n for n in result.locality_before if any(c.locality == n for c in result.cells)]
    grid = pd.DataFrame(
        [[gbp(result.cell_after[c] - result.cell_before[c]) if c in result.cell_after else ""
          for c in (next((c for c in result.cells if c.lever == lv and c.locality == n), None) for n in names)]
         for lv in result.levers],
        index=pd.Index([LEVER_LABELS.get(lv, lv) for lv in result.levers], name="Change (£ a year)"), columns=names)
    st.markdown("**Change by lever and locality** (£ a year)")
    table(grid.replace({None: ""}))
    if AREA_WIDE in names:
        st.caption("Area-wide: lines with no locality, which reach every locality in proportion to its "
                   "need-weighted population aged 65+.")
if len(result.need_after) > 1:
    need = need_view(result.need_after)
    st.markdown("**Money by locality need, recommended**")
    st.markdown("\n".join(f"- {md(x)}" for x in need.sentences))
    st.caption(md(need.note))
objective_outcome = OBJECTIVES[objective]
what = report_label(objective_outcome).lower()
fmt = gbp if is_money(objective_outcome) else "{:,.0f}".format
st.write(f"Expected {what} over the horizon: {fmt(result.baseline_value)} today → "
         f"{fmt(result.optimised_value)} recommended (mean of the same {runs:,} model runs).")
name = st.text_input("Save the recommendation as a scenario", value=f"Optimised for {what.split(' (')[0]}",
                     key=keys.OPT_SAVE_NAME)
if st.button("Save as a new scenario", disabled=not result.improved):
    clean = " ".join(name.split())
    if not clean:
        st.warning("Type a name for the recommendation, then save it.")
    else:
        version, why = scenario_bar.save_other(clean, scenario, result.plan)
        if version is not None:
            st.success(f"Saved '{md(clean)}' in the scenario store: open it from the sidebar, or compare it on the "
                       "Compare page. The scenario you are editing is unchanged.")
        else:
            st.error(f"'{md(clean)}' was not saved: {md(why)}.")

suffix = f"{plan.area.name}, {plan.year} · {scenario.name}"
figures.show(charts.frontier_chart(points, plan.total_expenditure, result.baseline_p50,
                                   result.optimised_p50 if result.improved else None, suffix,
                                   outcome=objective_outcome, pool=plan.total_income))
st.caption(f"Frontier: for total spend from half to one and a half times the pool ({gbp(plan.total_income)}), "
           f"the best allocation found{' by lever and locality' if per_locality else ' by lever'}, with its P10 to "
           f"P90 range over {runs:,} runs. Disabled Facilities Grant lines and lines with no modelled effect stay as "
           "they are; the rest share the budget. Budgets other than the pool are what-ifs: stream limits and your "
           "limits are not applied to them.")
figures.show(charts.tornado_chart(swings, suffix))

st.subheader("Break-even: how strong would each lever's effect have to be?")
table(pd.DataFrame([{
    "Lever": LEVER_LABELS.get(b.lever, b.lever), "Main effect": charts.EFFECT_NAMES.get(b.outcome, b.outcome),
    "Rate ratio needed to pay for itself": "never, even removing every such event" if b.rate_ratio is None
    else f"{b.rate_ratio:.2f}",
    "Evidence (P10 / central / P90)": f"{b.low:.2f} / {b.central:.2f} / {b.high:.2f}",
    "Within the evidence?": "yes" if b.within_evidence else "no"} for b in even]).set_index("Lever"))
st.caption("A rate ratio of 0.80 means 20% fewer events among the people served. Each lever's other effects stay at "
           "their central values; the central estimate is used.")
