"""Benchmark: the plan's area beside its similar areas and England, measure by measure.

A dot plot with quartiles and its table side by side, a sentence a measure, then the similar areas with their
distances and the features and weights they were chosen by. Every figure is ``budget.peers.benchmark_area``'s,
put into words and rows by ``reports.benchmark``.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_ui import figures, session
from app_ui.markdown import md, table
from budget.peers import BenchmarkError, benchmark_area
from reports import benchmark as words

st.title("Where the area stands")
plan = session.current_plan()
if plan is None:
    st.info("Open a plan on the Start page to see its area beside similar areas.")
    st.stop()
try:
    b = benchmark_area(plan.area.code, illustrative=plan.illustrative)
except BenchmarkError as e:
    st.info(md(f"{e}."))
    st.stop()

st.caption(md(f"{words.area_label(b)} beside its {len(b['peers'])} most similar Health and Wellbeing Boards and "
              "England, from published figures: population by age, deprivation and care-home admissions."))
if b["area"]["illustrative"]:
    st.warning(md(b["area"]["sentence"]))

chart, numbers = st.columns([3, 2])
rows = pd.DataFrame(words.measure_rows(b), columns=words.headers(b)).set_index(words.HEADERS[0])
with chart:
    figures.show(words.benchmark_figure(b), summary=words.figure_summary(b), numbers=rows,
                 numbers_label="The figures of the chart")
with numbers:
    st.subheader(md(f"The figures: {words.area_label(b)}"))
    table(rows)
    st.caption(words.HOW_READ)

st.subheader("In words")
for sentence in words.sentences(b):
    st.markdown(md(sentence))

st.subheader("The similar areas")
st.markdown(md(words.peers_sentence(b)))
left, right = st.columns(2)
with left:
    table(pd.DataFrame(words.peer_rows(b), columns=["Similar area", "ONS code", "Distance"]))
with right:
    table(pd.DataFrame(words.feature_rows(b), columns=["Chosen by", "Weight", "Source"]))
st.caption("Distance: the Euclidean distance between the areas' features, each standardised over every Health and "
           "Wellbeing Board (less the mean, over the standard deviation) and weighted; 0 would be identical. "
           "Quartiles use the inclusive method; a rank of 1 is the highest in England.")
with st.expander("Sources and licences"):
    for s in b["sources"].values():
        st.markdown(md(f"- {s['title']}: {s['source']} ({s['period']}). {s['licence']}. {s['attribution']}"))
