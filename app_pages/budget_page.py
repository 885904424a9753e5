"""Budget: what money the area has, stream by stream, and every BCF rule checked."""

from __future__ import annotations

import streamlit as st

from app_ui import keys, presenting, session
from app_ui.formatting import money_columns, percent
from app_ui.guards import require_readable
from app_ui.markdown import md, table
from budget.money import counted, gbp
from budget.plan_frames import pool_by_stream, spend_by
from budget.reference import load_reference
from budget.rules import check

MARKS = {"red": ":red[● Red]", "amber": ":orange[● Amber]", "green": ":green[● Green]"}


def share_table(t):
    shown = money_columns(t, ["Expenditure (£)"])
    shown["Share of spend"] = t["Share of spend"].map(percent)
    return shown.set_index(shown.columns[0])


def spend_table(by: str) -> None:
    """Spend of the open plan by lever, locality or scheme type, with each one's share."""
    st.subheader(f"Spend by {by.lower()}")
    table(share_table(spend_by(plan, by, ref)))


result = require_readable(session.current(), "The workbook could not be read: ",  # only if the demo itself failed
                          ". Go to Start and upload a corrected workbook, or open the demo area.")

plan = session.edit_plan()  # the lines as edited on the Plan page (made the plan there), else the workbook's

ref = load_reference(plan.year)
st.title(f"{md(plan.area.name)}: Better Care Fund {plan.year}")
caption = f"{md(plan.area.code)} · {md(plan.area.kind)}"
if plan.area.icbs:
    caption += " · ICB: " + "; ".join(md(x) for x in plan.area.icbs)
caption += f" · read from {md(result.file)} ({result.kind})"
st.caption(caption)
present = session.presenting()
if present and plan.illustrative:
    st.caption("Illustrative demo area: the figures are made up.")
if session.edited_lines() is not None and not present:
    st.info("These are the expenditure lines as edited on the Plan page (or made the plan there from a scenario), "
            "which the submission copy holds; the workbook's own lines stay the plan as submitted on the Compare "
            "page. Undo the edits on the Plan page to see the workbook's lines here.")
if plan.illustrative and not present:
    st.info("Illustrative demo area: the figures are made up to show how the tool works. It leaves part of "
            "the pool unallocated and one line without planned outputs on purpose, to show how the BCF rules below "
            "report what a plan still needs.")
if not ref.confirmed and not present:
    st.warning(f"Reference data for {plan.year}. {md(ref.status)}")

if present:  # one table at a time, for a projector
    chosen = presenting.screen(["The pool", "Spend by lever", "Spend by locality", "Spend by scheme type"],
                               keys.PRESENT_SCREEN_PREFIX + "budget")
    if chosen != "The pool":
        spend_table(chosen.removeprefix("Spend by ").capitalize())
        st.stop()
c1, c2, c3 = st.columns(3)
c1.metric("Pooled income", gbp(plan.total_income))
c2.metric("Planned expenditure", gbp(plan.total_expenditure))
c3.metric("Unallocated", gbp(plan.total_income - plan.total_expenditure))

st.subheader("The pool by funding stream")
pool = pool_by_stream(plan, ref)
if pool.empty:
    st.write("No income was read.")
else:
    shown = money_columns(pool, ["Income (£)", "Planned spend (£)", "Unallocated (£)"])
    shown["Share of pool"] = pool["Share of pool"].map(percent)
    table(shown.set_index("Funding stream"))
if present:
    st.stop()

if plan.lines:
    left, right = st.columns(2)
    with left:
        spend_table("Lever")
    with right:
        spend_table("Locality")
    spend_table("Scheme type")

st.subheader("BCF rules")
findings = check(plan, ref)
counts = {s: sum(f.severity == s for f in findings) for s in ("red", "amber", "green")}
st.write(f"{counts['red']} red · {counts['amber']} amber · {counts['green']} green")
for f in sorted(findings, key=lambda f: {"red": 0, "amber": 1, "green": 2}[f.severity]):
    cells = ", ".join(md(f"{c.sheet}!{c.cell}") for c in f.cells[:8])
    more = f" and {len(f.cells) - 8} more" if len(f.cells) > 8 else ""
    st.markdown(
        f"{MARKS[f.severity]} **{md(f.title)}** — {md(f.message)}" + (f"  \n  Cells: {cells}{more}" if cells else "")
    )

if result.warnings:
    with st.expander(f"{counted(len(result.warnings), 'warning')} from reading the workbook"):
        for w in result.warnings:
            st.markdown(f"- {md(w)}")
