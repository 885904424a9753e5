"""Capacity: intermediate-care demand and capacity for the plan year, month by month, by hospital discharge
pathway and community service, from the plan as currently edited and the current scenario's changes."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from app_ui import figures, keys, presenting, session, widget_sync
from app_ui.guards import area_wide_note, modelled, require_lines
from app_ui.markdown import md, table
from budget.money import gbp, whole
from budget.reference import LEVER_LABELS
from budget.submission import PATHWAYS, SHARES_TOLERANCE, PathwayShares
from reports.capacity_text import month_rows, shares_words, short_name, summary_sentence
from reports.charts import capacity_figure
from scenarios.capacity import capacity_plan, is_shortfall, pathway_shares, seasonal_weights
from scenarios.spend import line_words

plan = require_lines(session.edit_plan(), title="Capacity and demand")
scenario = session.current_scenario()
submission = session.submission()

st.title("Intermediate care capacity and demand")
area_wide_note(plan)
st.caption(f"{md(plan.area.name)} · {plan.year} · {md(scenario.name)}, with the lines as edited on the Plan page. "
           "People aged 65+, a month" + ("." if session.presenting() else
                                        "; gap = capacity − demand, and a negative gap is a shortfall."))

cap = modelled(lambda: capacity_plan(plan, submission=submission, scenario=scenario),
               "Capacity and demand could not be worked out: ", ". Check the plan's localities and the last change on "
               "the Plan page.")

if session.presenting():  # one flow at a time, for a projector
    flows = {**cap.discharge, **cap.community}
    names = {short_name(key)[0].upper() + short_name(key)[1:]: key for key in flows}
    chosen = names[presenting.screen(list(names), keys.PRESENT_SCREEN_PREFIX + "capacity")]
    figures.show(capacity_figure(cap, chosen, large=True), summary_sentence(chosen, flows[chosen], cap.months),
                 key=f"{keys.CAPACITY_CHART_PREFIX}{chosen}", numbers=None)
    st.stop()

st.markdown("Demand is the plan year's emergency admissions of people aged 65+ split by discharge pathway, and "
            "community step-up referrals per 100,000 aged 65+, shaped by the seasonal profile below. Capacity is "
            "the people the plan's money serves, as the Impact page counts them: each line's planned outputs "
            "where it states people, else its spend ÷ a unit cost, but never more than a lever's eligible people "
            "aged 65+ who could take it up; spread evenly over the year. Moving money on the Plan page moves "
            "capacity.")
st.caption(md(f"Shares of discharges by pathway: {shares_words(cap)}. Source: {cap.shares_line}."))
for sentence in cap.above_cap:  # the Impact page's words on money beyond a lever's eligibility cap
    st.warning(md(sentence))


for title, flows in (("Hospital discharge, by pathway", cap.discharge),
                     ("Community step-up, by service", cap.community)):
    st.header(title)
    for key, f in flows.items():
        figures.show(capacity_figure(cap, key), summary_sentence(key, f, cap.months),
                     key=f"{keys.CAPACITY_CHART_PREFIX}{key}",
                     numbers=pd.DataFrame(month_rows(cap, f)).set_index("Month"),
                     numbers_label=f"The numbers behind this chart: {f.label}")

st.header("Gaps by month")
st.caption("Capacity − demand, people. “Shortfall” marks a month where demand exceeds capacity.")
gaps = pd.DataFrame({short_name(k)[0].upper() + short_name(k)[1:]:
                     [f"{whole(g)} Shortfall" if is_shortfall(g) else whole(g) for g in f.gap]
                     for k, f in cap.flows().items()}, index=pd.Index(cap.months, name="Month"))
table(gaps)

st.header("Shares of discharges by pathway")
own_shares = submission.capacity.pathway_shares
st.markdown("Each pathway's demand is the plan year's emergency admissions of people aged 65+ times its share of "
            "hospital discharges (on P0, only the quarter who need help to get home). "
            + ("These are your own shares." if own_shares is not None else
               "These are the shares NHS England observes across England; give your area's own if you have them."))
st.caption(md(f"In use: {shares_words(cap)}. Source: {cap.shares_line}."))
if session.presenting():
    table(pd.DataFrame({"Share of discharges": [f"{cap.pathway_shares[p] * 100:.1f}%" for p in PATHWAYS]},
                       index=pd.Index(PATHWAYS, name="Pathway")).T)
else:
    share_keys = widget_sync.keys(keys.KEY_CAPACITY_SHARES_SHOWN, keys.CAPACITY_SHARE_PREFIX, own_shares,
                                  ("P0", "P1", "P2", "P3", "source", "period"))  # new boxes for other shares
    published, _, published_line = pathway_shares(None)
    with st.form(keys.CAPACITY_SHARES_FORM):
        cols = st.columns(4)
        boxes = {p: cols[i].number_input(f"{p}, % of discharges", min_value=0.0, max_value=100.0,
                                         value=round(own_shares.share(p) if own_shares else published[p] * 100, 2),
                                         step=0.1, format="%.1f", key=share_keys[p])
                 for i, p in enumerate(PATHWAYS)}
        said = st.columns(2)
        share_source = said[0].text_input("Source of your shares", value=own_shares.source if own_shares else "",
                                          max_chars=200, key=share_keys["source"],
                                          placeholder="e.g. acute trust discharge data, local extract")
        share_period = said[1].text_input("Period they cover", value=own_shares.period if own_shares else "",
                                          max_chars=200, key=share_keys["period"], placeholder="e.g. 2024-25")
        use_shares = st.form_submit_button("Use these shares")
    if use_shares:
        total = sum(boxes.values())
        if abs(total - 100) > SHARES_TOLERANCE:
            st.error(f"The four shares add up to {total:.1f}%; they must add up to 100% "
                     f"({100 - SHARES_TOLERANCE:g}% to {100 + SHARES_TOLERANCE:g}% allows for rounding), because every "
                     "discharge goes home or somewhere on one of the four pathways.")
        else:
            try:
                shares = PathwayShares(**{p: float(v) for p, v in boxes.items()}, source=share_source.strip(),
                                       period=share_period.strip())
            except ValidationError:
                st.error("The source and period must each be one line of text; the shares were not changed.")
            else:
                session.set_submission(submission.model_copy(
                    update={"capacity": submission.capacity.model_copy(update={"pathway_shares": shares})}))
                st.rerun()
    if own_shares is not None and st.button("Go back to the published shares"):
        session.set_submission(submission.model_copy(
            update={"capacity": submission.capacity.model_copy(update={"pathway_shares": None})}))
        st.rerun()
    if own_shares is not None:
        st.caption(md(f"Published shares: {', '.join(f'{p} {published[p] * 100:.1f}%' for p in PATHWAYS)}. "
                      f"Source: {published_line}."))

st.header("Seasonal profile of demand")
shown = submission.capacity.seasonal_profile
st.markdown("Relative weights for each month, April to March: only their shape matters, so the year's demand is "
            "the same whatever they are. " + ("These are your own weights." if shown is not None else
                                              "These are the shape of observed hospital discharges."))
st.caption(md(f"In use: {cap.profile_line}."))
current = list(shown) if shown is not None else list(seasonal_weights(None)[0])
if session.presenting():  # the weights as text, not a form, while presenting
    table(pd.DataFrame({"Weight": [f"{w:.2f}" for w in current]}, index=pd.Index(cap.months, name="Month")).T)
else:
    month_keys = widget_sync.keys(keys.KEY_CAPACITY_SHOWN, keys.CAPACITY_MONTH_PREFIX, shown, range(12))
    with st.form(keys.CAPACITY_FORM):
        boxes = []
        for row in range(3):
            cols = st.columns(4)
            for c in range(4):
                i = row * 4 + c
                boxes.append(cols[c].number_input(cap.months[i], min_value=0.0, max_value=100.0,
                                                  value=float(round(current[i], 3)), step=0.05, format="%.2f",
                                                  key=month_keys[i]))
        use = st.form_submit_button("Use this profile")
    if use:
        if sum(boxes) <= 0:
            st.error("Give at least one month a weight above 0: the profile shares the year's demand between months.")
        else:
            profile = tuple(float(b) for b in boxes)
            session.set_submission(submission.model_copy(
                update={"capacity": submission.capacity.model_copy(update={"seasonal_profile": profile})}))
            st.rerun()
    if shown is not None and st.button("Go back to the default profile"):
        session.set_submission(submission.model_copy(
            update={"capacity": submission.capacity.model_copy(update={"seasonal_profile": None})}))
        st.rerun()
st.caption("The shares and the profile are kept with the scenario: save it to keep them. The submission copy and "
           "the board pack use the same ones.")

st.header("What buys the capacity")
lines = [{"Scheme": line_words(r.scheme_id, r.scheme_name), "Pathway or service": short_name(r.to),
          "Lever": LEVER_LABELS.get(r.lever, r.lever), "Spend": gbp(r.spend), "People a year": whole(r.people),
          "From": r.basis}
         for r in sorted(cap.lines, key=lambda r: (list(cap.flows()).index(r.to), r.scheme_id))]
if lines:
    table(pd.DataFrame(lines).set_index("Scheme"))
else:
    st.info("No line of the plan buys intermediate care as BCF Planner maps scheme types, so capacity is zero.")

with st.expander("Assumptions and their sources"):
    table(pd.DataFrame([{"Figure": a.name, "Value": ", ".join(f"{v:g}" for v in a.value)
                         if isinstance(a.value, list) else f"{a.value:,}", "Unit": a.unit, "Grade": a.grade,
                         "Source": a.source} for a in cap.assumptions]).set_index("Figure"))
