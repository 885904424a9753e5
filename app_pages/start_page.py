"""Start: open the demo area or upload allocations, a plan or the input template."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_ui import keys, results, session
from app_ui.guards import require_readable
from app_ui.markdown import md, table
from budget.models import LoadError
from budget.money import counted, gbp
from budget.reference import DEFAULT_YEAR
from budget.template import template_years

st.title("Start")
st.markdown(
    "BCF Planner helps you prepare your area's Better Care Fund plan:\n"
    "- **Check** the pooled budget and every expenditure line against the BCF rules.\n"
    "- **Try changes**, such as moving money between services, and see what they could do to emergency admissions, "
    "hospital bed days and care, with the range of likely results.\n"
    "- **Produce** the submission copy of the planning template and a board pack for your Health and Wellbeing "
    "Board."
)
st.markdown(
    "**Two ways in:** open the demo area, Northbrook (an illustrative area with made-up figures), to look round; "
    "or upload your own workbook: a plan in the national planning template's shape, an allocations spreadsheet, or "
    "the BCF Planner input template (Excel .xlsx only)."
)
st.markdown(
    "**What happens next:** what was read is shown below. Then use the pages on the left in order: Budget to check "
    "the plan, Plan to try changes, Impact and Compare to see what they do, Goals, Capacity and Sign-off for the "
    "rest of the submission, and Export to download the submission copy and the board pack."
)
demo_open = st.session_state.get(keys.KEY_BYTES) is None

left, right = st.columns([2, 1])
with left:
    upload = st.file_uploader("Upload a workbook (.xlsx)", type=["xlsx"], key=keys.START_UPLOAD,
                              help=f"Up to {session.MAX_UPLOAD_MB} MB. Nothing you upload leaves this session.")
    if upload is not None:
        data = upload.getvalue()
        if len(data) > session.MAX_UPLOAD_MB * 1024 * 1024:
            st.error(
                f"{md(upload.name)} is larger than {session.MAX_UPLOAD_MB} MB; save a copy with only the BCF sheets "
                "and upload that."
            )
        else:
            asked = session.pending()
            outcome = session.open_upload(upload.name, data)
            if session.pending() is not None and session.pending() != asked:
                st.rerun()  # unsaved changes: the top of the page asks before the workbook replaces them
            if isinstance(outcome, LoadError) and session.is_last_upload(data):
                st.error(f"{md(upload.name)} could not be read. The workbook you had open is unchanged. "
                         "Fix the points below and upload it again.")
                for p in outcome.problems[:30]:
                    st.markdown(f"- {md(p)}")
with right:
    if demo_open:
        st.info("The demo area, Northbrook (illustrative), is open now: every page works on it.")
    if st.button("Open the demo area", width="stretch", type="primary",
                 help="Opens the demo area afresh, with no changes and no scenarios."):
        if session.unsaved():
            session.ask_first(("demo",))  # the top of the page asks before the demo replaces them
            st.rerun()
        session.open_demo()
        st.success("The demo area is open, with no changes: go to Budget or Plan to look round.")
    year = st.selectbox("Blank input template for", template_years(), index=0)
    st.download_button("Download the input template", data=results.input_template(year or DEFAULT_YEAR),
                       file_name=f"bcf_input_template_{year}.xlsx", width="stretch",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

result = require_readable(session.current(), "The open workbook could not be read: ",
                          ". Upload a corrected workbook above, or open the demo area.")

st.subheader("What was read")
st.write(f"**{md(result.file)}** — {result.kind.replace('-', ' ')} workbook for **{result.year}**, "
         f"{counted(len(result.plans), 'area')}.")
areas = pd.DataFrame([{"Code": p.area.code, "Area": p.area.name, "Income": gbp(p.total_income),
                       "Expenditure": gbp(p.total_expenditure), "Lines": len(p.lines),
                       "Localities": len(p.localities)} for p in result.plans])
table(areas.set_index("Code"))
brought = session.read_from_workbook(result)
if brought:
    st.info(f"{brought}. They are in the current scenario: see the Goals, Capacity and Sign-off pages.")
if len(result.years) > 1:
    if st.session_state.get(keys.START_YEAR) not in result.years:
        st.session_state[keys.START_YEAR] = result.year
    chosen = st.selectbox(f"Year to read (the workbook holds figures for {' and '.join(result.years)})",
                          result.years, key=keys.START_YEAR)
    if chosen != result.year and session.pending() != ("year", chosen):
        if session.unsaved():
            session.ask_first(("year", chosen))  # the top of the page asks before the year replaces them
        else:
            session.choose_year(chosen)
        st.rerun()
if len(result.plans) > 1:
    labels = {p.area.code: f"{p.area.name} ({p.area.code})" for p in result.plans}
    st.selectbox("Area to work on", list(labels), format_func=labels.get, key=keys.KEY_AREA)
if result.warnings:
    st.subheader(counted(len(result.warnings), "warning").capitalize())
    for w in result.warnings:
        st.markdown(f"- {md(w)}")
else:
    st.success("Read with no warnings.")
