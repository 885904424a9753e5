"""app_ui.figures: a chart shown with its summary in words before it and its numbers in an expander after it."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from app_ui.markdown import md


def page():
    """A page showing one small bar chart through ``figures.show``, as the session asks."""
    import pandas as pd
    import plotly.graph_objects as go
    import streamlit as st

    from app_ui import figures

    fig = go.Figure(layout={"title": {"text": "By [area](https://x.example)"}})
    if not st.session_state.get("empty"):
        fig.add_bar(x=["North", "South"], y=[120.0, 80.0], name="Admissions")
    numbers = pd.DataFrame({"Own": ["*x*"]}) if st.session_state.get("own_numbers") else None
    figures.show(fig, summary=st.session_state.get("summary"), key="c1", numbers=numbers,
                 numbers_label=st.session_state.get("label", figures.NUMBERS_LABEL))


def run(**state) -> AppTest:
    at = AppTest.from_function(page, default_timeout=30)
    for k, v in state.items():
        at.session_state[k] = v
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_the_summary_from_the_figure_comes_first_escaped_then_chart_then_numbers():
    at = run()
    expected = "By [area](https://x.example). Admissions: highest North, 120; lowest South, 80."
    assert [m.value for m in at.markdown] == [md(expected)]
    assert len(at.get("plotly_chart")) == 1
    assert [e.label for e in at.expander] == ["The numbers behind this chart"]
    shown = at.table[0].value
    assert list(shown.iloc[:, 0]) == ["120", "80"] and list(shown.index) == ["North", "South"]


def test_a_pages_own_summary_is_escaped_and_cut():
    at = run(summary="Beds fall short in **January**")
    assert [m.value for m in at.markdown] == [r"Beds fall short in \*\*January\*\*"]
    at = run(summary="x" * 3000)
    assert at.markdown[0].value == "x" * 1999 + "…"


def test_a_pages_own_numbers_and_label():
    at = run(own_numbers=True, label="Admissions by area")
    assert [e.label for e in at.expander] == ["Admissions by area"]
    assert list(at.table[0].value["Own"]) == [r"\*x\*"]


def test_an_empty_chart_has_no_table_and_an_empty_summary_is_not_shown():
    at = run(empty=True, summary="")
    assert len(at.markdown) == 0 and len(at.expander) == 0
    assert len(at.get("plotly_chart")) == 1
