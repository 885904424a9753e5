"""Charts on a page, each followed by the numbers it draws as a table: the text alternative for people
who cannot see the drawing (screen readers read none of plotly's picture)."""

from __future__ import annotations

import streamlit as st

from app_ui.markdown import table
from scenarios.charts import figure_table


def show(fig) -> None:
    """The chart across the page, then "The numbers behind this chart" in an expander."""
    st.plotly_chart(fig, width="stretch")
    frame = figure_table(fig)
    if not frame.empty:
        with st.expander("The numbers behind this chart"):
            table(frame)
