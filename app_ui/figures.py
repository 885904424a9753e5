"""Charts on a page with their text alternatives, for people who cannot see the drawing.

Screen readers read none of plotly's picture, so a summary in words comes before the chart, and the
numbers it draws as a table in an expander after it.

Every chart on every page goes through :func:`show`::

    from app_ui import figures
    figures.show(charts.fan_chart(view))                # summary written from the chart's own data
    figures.show(fig, summary="Beds fall short in January and February.")  # or a page's own sentence
    figures.show_chart(results.chart("fan_chart", scenario, outcome=...))  # one built for every session
"""

from __future__ import annotations

import streamlit as st

from app_ui import session
from app_ui.markdown import md, table_parts
from app_ui.presenting import CHART_HEIGHT
from reports import chart_text

SUMMARY_LIMIT = 2000  # characters of a summary shown; a longer one is cut with an ellipsis
NUMBERS_LABEL = "The numbers behind this chart"


def show(fig, summary: str | None = None, *, key: str | None = None, numbers=None,
         numbers_label: str = NUMBERS_LABEL) -> None:
    """A chart across the page with its text alternatives.

    Shows, in reading order: a short summary in words of what the chart shows with its key figures, the
    chart, then an expander holding the figures it draws as a table.

    Args:
        fig: a plotly figure (from :mod:`reports.charts` or a page's own).
        summary: the summary as plain text (escaped here, so a name from a file shows as written). Leave it
            out to have it written from the figure's own data by :func:`reports.chart_text.figure_summary`,
            so that it always agrees with the chart and its table; give one where a page can say it better
            from the same figures.
        key: the chart's element key, where a page draws charts that could otherwise be alike.
        numbers: the table in the expander, where a page has a fuller one than the figure's own data (a
            pandas DataFrame of the same figures); left out, :func:`reports.chart_text.figure_table` gives it.
        numbers_label: the expander's label, written by the page (the default: "The numbers behind this
            chart").
    """
    text = chart_text.figure_summary(fig) if summary is None else summary
    frame = chart_text.figure_table(fig) if numbers is None else numbers
    _draw(fig, text, None if frame.empty else table_parts(frame), key, numbers_label)


def show_chart(chart, *, key: str | None = None) -> None:
    """A chart shared between sessions (``app_ui.results.chart``), drawn as :func:`show` draws any chart.

    Its summary in words and its numbers were written, and escaped, from the figure's own data when it was built,
    once for every session.
    """
    _draw(chart.figure, chart.summary, chart.numbers, key, NUMBERS_LABEL)


def _draw(fig, text: str, numbers: tuple | None, key: str | None, numbers_label: str) -> None:
    """The summary, the chart and the expander with the numbers (``markdown.table_parts``, None for none)."""
    present = session.presenting()
    if present:  # the chart alone fills a 720 px screen under the presentation bar: a copy, the figure may be shared
        fig = type(fig)(fig)
        fig.update_layout(height=CHART_HEIGHT, margin_t=80)
    if text and not present:
        st.markdown(md(text, limit=SUMMARY_LIMIT))
    st.plotly_chart(fig, width="stretch", key=key)
    if numbers is not None or (text and present):
        with st.expander(numbers_label):
            if text and present:  # the summary in words, below the chart while presenting
                st.markdown(md(text, limit=SUMMARY_LIMIT))
            if numbers is not None:
                st.table(numbers[0], hide_index=numbers[1])
