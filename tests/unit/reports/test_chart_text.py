"""reports.chart_text: a chart's numbers as a table and its summary in words, from small figures built here."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest

from reports.chart_text import MAX_TABLE_ROWS, figure_summary, figure_table, figure_title, number_text


@pytest.mark.parametrize("value, text", [
    (1234.4, "1,234"), (-1234.6, "−1,235"), (3.14159, "3.14"), (7.0, "7"), (0.5, "0.50"), (12, "12"),
    ("A &amp; B", "A & B"), (True, True), (None, None),
])
def test_number_text(value, text):
    assert number_text(value) == text


def test_title_without_its_subtitle():
    fig = go.Figure(layout={"title": {"text": "Admissions &amp; falls<br><sup>by year</sup>"}})
    assert figure_title(fig) == "Admissions & falls"
    assert figure_title(go.Figure()) == ""


def line_chart():
    fig = go.Figure(layout={"title": {"text": "Net saving"}, "yaxis": {"title": {"text": "£"}, "tickprefix": "£"},
                            "xaxis": {"title": {"text": "Year"}}})
    fig.add_scatter(x=["2026-27", "2027-28", "2028-29"], y=[-1500.0, 250.0, 12_000.0], name="With plan")
    return fig


def test_a_line_chart_as_a_table():
    t = figure_table(line_chart())
    assert t.index.name == "Year" and list(t.index) == ["2026-27", "2027-28", "2028-29"]
    assert list(t["With plan"]) == ["−1,500", "250", "12,000"]


def test_a_line_chart_in_words_with_money():
    assert figure_summary(line_chart()) == "Net saving. With plan: −£1,500 at 2026-27, £12,000 at 2028-29."


def bars():
    fig = go.Figure(layout={"title": {"text": "By lever"}, "yaxis": {"title": {"text": "Admissions"}}})
    fig.add_bar(x=["Falls", "Reablement", "Telecare"], y=[40.0, 95.5, 3.25], name="P50",
                error_y={"array": [10, 5, 1], "arrayminus": [20, 5, 1]})
    return fig


def test_bars_with_whiskers_as_a_table():
    t = figure_table(bars())
    # whole numbers from ten up (Python's rounding of halves to even: 95.5 -> 96, 90.5 -> 90), two places below
    assert list(t["P50"]) == ["40", "96", "3.25"]
    assert list(t["P50: low end"]) == ["20", "90", "2.25"]
    assert list(t["P50: high end"]) == ["50", "100", "4.25"]


def test_bars_in_words_name_the_highest_and_lowest():
    assert figure_summary(bars()) == ("By lever. P50: highest Reablement, 96 (range 90 to 100); "
                                      "lowest Telecare, 3.25 (range 2.25 to 4.25).")


def test_a_band_gives_its_edges():
    fig = go.Figure()
    fig.add_scatter(x=[1, 2, 3, 3, 2, 1], y=[10, 20, 30, 5, 4, 3], fill="toself", name="P10 to P90")
    t = figure_table(fig)
    assert list(t["P10 to P90: upper edge"]) == ["10", "20", "30"]
    assert list(t["P10 to P90: lower edge"]) == ["3", "4", "5"]
    assert figure_summary(fig) == "P10 to P90: from 5 to 30 at 3."


def test_a_waterfall_names_every_step():
    fig = go.Figure(go.Waterfall(x=["Spend", "Savings", "Net"], y=[-100, 150, 50], text=["−£100", "£150", "£50"]))
    assert figure_summary(fig) == "Steps: Spend −£100; Savings £150; Net £50."
    assert list(figure_table(fig)["Value"]) == ["−£100", "£150", "£50"]


def test_a_single_bar_named_on_its_axis():
    fig = go.Figure(layout={"yaxis": {"title": {"text": "Share"}, "tickformat": ".0%"}})
    fig.add_bar(x=["Chance of a saving"], y=[0.625], name="Chance of a saving")
    assert figure_summary(fig) == "Chance of a saving: 62%."  # 0.625 to no places rounds half to even


def test_horizontal_bars_read_along_their_own_axis():
    fig = go.Figure(layout={"xaxis": {"tickprefix": "£"}})
    fig.add_bar(y=["A", "B"], x=[2_000, -300], orientation="h", name="Net")
    assert figure_summary(fig) == "Net: highest A, £2,000; lowest B, −£300."
    assert figure_table(fig).index.name == ""


def test_long_series_are_thinned_keeping_the_first_and_last():
    fig = go.Figure()
    fig.add_scatter(x=list(range(1001)), y=[float(i) for i in range(1001)], name="Runs")
    t = figure_table(fig)
    assert len(t) == MAX_TABLE_ROWS
    assert t.index[0] == "0" and t.index[-1] == "1,000"


def test_a_gap_in_a_series_does_not_stop_the_table():
    fig = go.Figure()
    fig.add_scatter(x=[1, 2, 3], y=[1.0, float("nan"), 3.0], name="With a gap")
    assert list(figure_table(fig)["With a gap"]) == ["1", "–", "3"]
    assert figure_summary(fig) == "With a gap: 1 at 1, 3 at 3."
