"""Every chart of the app and the board pack, normal and large: all text at least 4.5:1 against the
white plot (WCAG 1.4.3), and lines told apart by their dash and marker shape as well as by colour
(WCAG 1.4.1). axe-core cannot read text drawn inside plotly's SVG, so the figures are checked here."""

from __future__ import annotations

import html
import re
from types import SimpleNamespace

import pytest

from budget.demo import demo_plan
from budget.money import whole
from reports import chart_text, charts
from scenarios.schema import Scenario
from scenarios.views import model

MOVE = {"kind": "move", "from": {"lever": "integrated_locality_teams"}, "to": {"lever": "care_home_support"},
        "amount_gbp": 1_000_000}
NAMED = {"red": "#FF0000", "white": "#FFFFFF", "black": "#000000"}


def luminance(colour: str) -> float:
    colour = NAMED.get(colour, colour).lstrip("#")
    channels = [int(colour[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str = "#FFFFFF") -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def text_colours(fig) -> list[tuple[str, str]]:
    """(where, colour) of every text colour set on the figure."""
    layout = fig.layout
    found = [("font", layout.font.color), ("title", layout.title.font.color), ("legend", layout.legend.font.color)]
    for axis in ("xaxis", "yaxis"):
        ax = getattr(layout, axis)
        found += [(f"{axis} ticks", ax.tickfont.color), (f"{axis} title", ax.title.font.color)]
    found += [(f"annotation {a.text!r}", a.font.color) for a in layout.annotations]
    found += [(f"trace {t.name!r} text", t.textfont.color) for t in fig.data if hasattr(t, "textfont")]
    return [(where, c) for where, c in found if isinstance(c, str)]


@pytest.fixture(scope="module")
def figures():
    plan = demo_plan()
    plain = model(Scenario(name="Plan as submitted"), plan, runs=200, seed=3)
    moved = model(Scenario(name="Move £1m", changes=(MOVE,)), plan, runs=200, seed=3)
    points = [SimpleNamespace(total_spend=x * 1e6, p10=x * 80.0, p50=x * 100.0, p90=x * 120.0) for x in range(5, 15)]
    swings = [SimpleNamespace(lever="care_home_support", outcome="emergency_admissions", central_value=1e6,
                              low_value=0.8e6, high_value=1.3e6)]
    out = {}
    for large in (False, True):
        for view in (plain, moved):
            out |= {
                (f"fan {view.scenario_name}", large): charts.fan_chart(view, large=large),
                (f"waterfall {view.scenario_name}", large): charts.waterfall_chart(view, large=large),
                (f"levers {view.scenario_name}", large): charts.lever_bars(view, large=large),
                (f"localities {view.scenario_name}", large): charts.locality_bars(view, large=large),
                (f"metric {view.scenario_name}", large): charts.metric_chart(
                    view, "emergency_admissions_65_plus_per_100k", large=large),
                (f"ecdf {view.scenario_name}", large): charts.ecdf_chart(view, large=large),
            }
        views = [plain, moved, plain, moved, plain, moved]
        out[("compare bars", large)] = charts.compare_bars(views, "emergency_admissions_avoided", large=large)
        out[("compare metric", large)] = charts.compare_metric(views, "emergency_admissions_65_plus_per_100k",
                                                               large=large)
        out[("frontier", large)] = charts.frontier_chart(points, 1e7, 900.0, 1100.0, "Demo", large=large, pool=1.2e7)
        out[("tornado", large)] = charts.tornado_chart(swings, "Demo", large=large)
    return out


def test_all_chart_text_reaches_4_5_to_1(figures):
    low = [f"{name} (large={large}) {where}: {colour} is {contrast(colour):.2f}:1"
           for (name, large), fig in figures.items() for where, colour in text_colours(fig)
           if contrast(colour) < 4.5]
    assert not low, "\n".join(low)


@pytest.mark.parametrize("name", ["metric Move £1m", "compare metric"])
def test_lines_differ_in_dash_and_marker_not_only_colour(figures, name):
    for large in (False, True):
        lines = [t for t in figures[(name, large)].data if t.type == "scatter" and t.fill != "toself"]
        assert len(lines) >= 4
        looks = {(t.line.dash or "solid", t.marker.symbol) for t in lines}
        assert len(looks) == len(lines), [(t.name, t.line.dash, t.marker.symbol) for t in lines]
        assert all("markers" in (t.mode or "") for t in lines)


def test_tornado_ends_differ_by_pattern_not_only_colour(figures):
    low, high = figures[("tornado", False)].data
    assert (low.marker.pattern.shape or "") != (high.marker.pattern.shape or "")


def test_every_chart_has_its_numbers_as_a_table(figures):
    """The text alternative shown under each chart in the app: a table of what it draws."""
    for key, fig in figures.items():
        frame = chart_text.figure_table(fig)
        assert not frame.empty and frame.shape[0] <= chart_text.MAX_TABLE_ROWS, key
        assert all(isinstance(c, str) and c for c in frame.columns), key


def test_the_fan_chart_table_holds_the_p10_p50_and_p90_of_each_year():
    view = model(Scenario(name="Plan as submitted"), demo_plan(), runs=200, seed=3)
    frame = chart_text.figure_table(charts.fan_chart(view))
    assert list(frame.index) == list(view.years)
    for year in view.years:
        s = view.by_year[year]["emergency_admissions_avoided"]
        row = frame.loc[year]
        assert row["P50 (median)"] == chart_text.number_text(s.p50)
        assert row["P10 to P90: upper edge"] == chart_text.number_text(s.p90)
        assert row["P10 to P90: lower edge"] == chart_text.number_text(s.p10)


def test_lines_bars_and_markers_reach_3_to_1(figures):
    """Graphical objects that carry meaning are 3:1 or more against white (WCAG 1.4.11); the shaded
    80% bands are the exception, their edges being given in the table under each chart."""
    low = []
    for key, fig in figures.items():
        for t in fig.data:
            if getattr(t, "fill", None) == "toself":
                continue
            colours = [
                getattr(getattr(t, "line", None), "color", None),
                getattr(getattr(t, "marker", None), "color", None),
            ]
            low += [(key, t.name, c) for c in colours if isinstance(c, str) and contrast(c) < 3]
    assert not low, low
    assert all(contrast(c) >= 3 for c in charts.PALETTE)


FIGURE = re.compile(r"(?<![\w.,])[−-]?£?\d(?:[\d,]*\d)?(?:\.\d+)?%?")


def figure_value(token: str) -> float:
    """A figure as written in a summary or a table ('−£1,234', '45%', '0.25') as a number."""
    share = token.endswith("%")
    value = float(token.rstrip("%").replace("£", "").replace(",", "").replace("−", "-"))
    return value / 100 if share else value


def test_figure_value_reads_what_the_summaries_write():
    assert figure_value("−£1,234,567") == -1_234_567
    assert figure_value("45%") == pytest.approx(0.45)
    assert [figure_value(t) for t in FIGURE.findall("P10 to P90: from −584 to 1,724 at 2030-31.")] == [-584, 1724,
                                                                                                      2030, 31]


def test_every_chart_has_a_summary_in_words_whose_figures_are_those_of_its_table(figures):
    """The summary read before each chart names what it shows (its title) and gives key figures, every one
    of them a figure of "The numbers behind this chart" (the same data: nothing to disagree)."""
    for key, fig in figures.items():
        summary = chart_text.figure_summary(fig)
        title = chart_text.figure_title(fig)
        assert title and summary.startswith(title), key
        words = summary[len(title):]
        for t in fig.data:  # series names ('Move £1m') are names, not figures
            words = words.replace(html.unescape(t.name or ""), "") if t.name else words
        said = FIGURE.findall(words)
        assert len(said) >= 2, (key, summary)
        frame = chart_text.figure_table(fig)
        cells = [str(v) for v in frame.index] + [str(v) for v in frame.to_numpy().ravel()]
        shown = [figure_value(t) for c in cells for t in FIGURE.findall(c)]
        for token in said:
            # a share is said as a whole percentage and the table gives it to two places: each rounds by up
            # to half a point; every other figure is written as the table writes it
            allowed = 0.0101 if token.endswith("%") else 0.0
            value = figure_value(token)
            assert any(abs(value - v) <= allowed for v in shown), (key, token, summary)


def test_the_fan_chart_summary_gives_the_p50_of_the_first_and_last_year_and_the_last_years_range():
    view = model(Scenario(name="Plan as submitted"), demo_plan(), runs=200, seed=3)
    summary = chart_text.figure_summary(charts.fan_chart(view))
    first, last = view.by_year[view.years[0]]["emergency_admissions_avoided"], \
        view.by_year[view.years[-1]]["emergency_admissions_avoided"]
    assert f"P50 (median): {whole(first.p50)} at {view.years[0]}, {whole(last.p50)} at {view.years[-1]}." in summary
    assert f"P10 to P90: from {whole(last.p10)} to {whole(last.p90)} at {view.years[-1]}." in summary


def test_money_in_a_summary_is_in_pounds_with_the_minus_sign():
    points = [SimpleNamespace(total_spend=x * 1e6, p10=-x * 120.0, p50=-x * 100.0, p90=-x * 80.0) for x in range(5, 8)]
    summary = chart_text.figure_summary(charts.frontier_chart(points, 6e6, -600.0, None, "x", outcome="net_saving_gbp"))
    assert "Current plan (P50): −£600 at £6,000,000." in summary
    assert "Best achievable (P50): −£500 at £5,000,000, −£700 at £7,000,000." in summary
    assert "-" not in summary.replace("2025-26", "")
