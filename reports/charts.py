"""Plotly figures of model results, shared by the app and the board pack.

Every chart names the area, year, scenario and evidence stance in its title and its source under
it; money is in £ with thousands separators; financial years read as 2025-26.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio

from budget.metrics import BY_KEY
from budget.money import gbp, gbp_millions, number
from budget.reference import LEVER_LABELS
from scenarios.capacity import CapacityPlan
from scenarios.outcomes import EFFECT_LABELS, is_money
from scenarios.views import Summary, label

BLUE = "#005EB8"
DARK = "#003087"
LIGHT = "rgba(0, 94, 184, 0.18)"
GREY = "#768692"  # lines and rules only (3.8:1 on white, enough for graphics, not for text)
TEXT_GREY = "#425563"  # secondary text: 7.8:1 on white
TEXT = "#212B32"
GREEN = "#007F3B"
RED = "#DA291C"
# Series told apart without colour too: each line has its own dash and marker shape.
DASHES = ["solid", "dashdot", "longdash", "dot", "longdashdot"]
SYMBOLS = ["circle", "diamond", "triangle-up", "square", "x", "star", "hexagon", "cross"]
# Scenario colours: Okabe and Ito's colour-blind-safe hues, darkened where needed so that every one
# reaches 3:1 against white (WCAG 1.4.11); the first three stay apart for red-green colour blindness.
ORANGE = "#D55E00"
PALETTE = ["#005EB8", ORANGE, "#009E73", "#CC79A7", "#330072", "#425563", "#8A6D00", "#7C2855"]
SOURCE = "Source: BCF Planner impact model. Assumptions, sources and evidence grades: Assumptions page."


def plain(text: object) -> str:
    """Text from a file or a user, shown literally by plotly.

    Plotly reads a subset of HTML in titles, labels,
    legend entries and hover text (``<a href>`` among it), so a locality called ``<a href="…">`` would
    otherwise be a live link; entities are decoded back to the characters on screen.
    """
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _plain_traces(fig: go.Figure) -> None:
    """Trace names and category labels (locality, scenario and lever names) made literal."""
    for trace in fig.data:
        if isinstance(getattr(trace, "name", None), str):
            trace.name = plain(trace.name)
        for axis in ("x", "y"):
            values = getattr(trace, axis, None)
            if values is not None and len(values) and any(isinstance(v, str) for v in values):
                setattr(trace, axis, [plain(v) if isinstance(v, str) else v for v in values])


TEMPLATE = "simple_white"
# Figures made after this take the template as they are built, which is several times quicker than
# setting it on each figure afterwards (plotly then checks and copies the whole template again).
pio.templates.default = TEMPLATE


def _layout(fig: go.Figure, title: str, subtitle: str, y_title: str, money: bool = False, height: int = 420,
            large: bool = False, bottom: int = 80, source: str = SOURCE) -> go.Figure:
    size = 18 if large else 13
    subtitle = plain(subtitle)
    _plain_traces(fig)
    if fig.layout.template.layout.plot_bgcolor != pio.templates[TEMPLATE].layout.plot_bgcolor:
        fig.update_layout(template=TEMPLATE)  # a figure made while another default was set
    fig.update_layout(
        height=height, margin=dict(l=90, r=30, t=110, b=bottom),
        title=dict(text=f"{title}<br><sup>{subtitle}</sup>", x=0, font=dict(size=size + 5, color=DARK)),
        font=dict(family="Arial, Helvetica, sans-serif", size=size, color=TEXT),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="right", x=1),
        yaxis_title=dict(text=y_title if len(y_title) <= 32 else y_title.split(" (")[0][:32], standoff=8),
    )
    if money:
        fig.update_yaxes(tickprefix="£", tickformat=",.0f")
    else:
        fig.update_yaxes(tickformat=",")
    fig.add_annotation(text=plain(source), xref="paper", yref="paper", x=0, y=0, yshift=-bottom + 4, showarrow=False,
                       font=dict(size=size - 3, color=TEXT_GREY), xanchor="left", yanchor="bottom")
    return fig


def _money(outcome: str) -> bool:
    return is_money(outcome)


EFFECT_NAMES = EFFECT_LABELS


def gbp_ticks(lo: float, hi: float, target: int = 6) -> tuple[list[float], list[str]]:
    """Round tick values across [lo, hi] and their labels as money.

    The sign comes first (−£130m); labels are in £m when the values run to millions.
    """
    if not hi > lo:
        hi, lo = lo + 1.0, lo - 1.0
    raw = (hi - lo) / target
    mag = 10 ** np.floor(np.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    vals = [float(v) for v in np.arange(np.ceil(lo / step) * step, hi + step / 2, step)]
    millions = max(abs(lo), abs(hi)) >= 1e6
    places = 0 if not millions or step >= 1e6 else 1

    def text(v: float) -> str:
        return gbp_millions(v, places) if millions else gbp(v)

    return vals, [text(v) for v in vals]


def fan_chart(view: Summary, outcome: str = "emergency_admissions_avoided", large: bool = False) -> go.Figure:
    """An outcome by year: P50 line and the 80% range shaded (P10 to P90)."""
    years = list(view.by_year)
    stats = [view.by_year[y][outcome] for y in years]
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=years + years[::-1], y=[s.p90 for s in stats] + [s.p10 for s in stats][::-1],
                             fill="toself", fillcolor=LIGHT, line=dict(width=0), name="P10 to P90",
                             mode="lines", hoverinfo="skip"))
    fig.add_trace(go.Scatter(x=years, y=[s.p50 for s in stats], mode="lines+markers", name="P50 (median)",
                             line=dict(color=BLUE, width=3)))
    fig.add_hline(y=0, line=dict(color=GREY, width=1))
    return _layout(fig, f"{label(outcome)} by year", view.title_suffix, label(outcome), _money(outcome), large=large)


def waterfall_chart(view: Summary, metric: str = "emergency_admissions", large: bool = False) -> go.Figure:
    """The central run's waterfall for one metric: base year, each change, the scenario's count."""
    steps = view.waterfall[metric]
    measure = ["absolute" if s.kind == "level" and i == 0 else ("total" if s.kind == "level" else "relative")
               for i, s in enumerate(steps)]
    fig = go.Figure(go.Waterfall(
        x=[s.label for s in steps], y=[s.value if m != "total" else 0 for s, m in zip(steps, measure, strict=True)],
        measure=measure, connector=dict(line=dict(color=GREY)), increasing=dict(marker_color=RED),
        decreasing=dict(marker_color=GREEN), totals=dict(marker_color=BLUE),
        text=[("+" if round(s.value) > 0 else "") + number(s.value) if m == "relative" else number(s.value)
              for s, m in zip(steps, measure, strict=True)],
        textposition="outside"))
    last_year = view.years[-1]
    fig.update_xaxes(tickangle=-30)
    return _layout(fig, f"Emergency admissions of people aged 65+: from the base year to {last_year}",
                   f"{view.title_suffix} · central estimate", "Emergency admissions a year", height=560, large=large,
                   bottom=190)


def lever_bars(view: Summary, outcome: str = "emergency_admissions_avoided", large: bool = False) -> go.Figure:
    """An outcome by lever over the horizon (modelled levers): P50 bars with P10-P90 whiskers."""
    by = {k: v.outcomes[outcome] for k, v in view.by_lever.items() if v.modelled}
    names = [LEVER_LABELS.get(k, k) for k in by]
    fig = go.Figure(go.Bar(
        x=names, y=[s.p50 for s in by.values()], marker_color=BLUE, name="P50",
        error_y=dict(type="data", symmetric=False, array=[s.p90 - s.p50 for s in by.values()],
                     arrayminus=[s.p50 - s.p10 for s in by.values()], color=DARK)))
    fig.update_xaxes(tickangle=-25)
    return _layout(
        fig,
        f"{label(outcome)} by lever, whole horizon",
        view.title_suffix + " · bars P50, whiskers P10 to P90",
        label(outcome),
        _money(outcome),
        large=large,
        height=520,
        bottom=170,
    )


def locality_bars(view: Summary, outcome: str = "emergency_admissions_avoided", large: bool = False) -> go.Figure:
    """An outcome by locality over the horizon: P50 bars with P10-P90 whiskers."""
    by = view.by_locality[outcome]
    fig = go.Figure(go.Bar(
        x=list(by), y=[s.p50 for s in by.values()], marker_color=BLUE,
        error_y=dict(type="data", symmetric=False, array=[s.p90 - s.p50 for s in by.values()],
                     arrayminus=[s.p50 - s.p10 for s in by.values()], color=DARK)))
    return _layout(
        fig,
        f"{label(outcome)} by locality, whole horizon",
        view.title_suffix + " · bars P50, whiskers P10 to P90",
        label(outcome),
        _money(outcome),
        large=large,
    )


def _metric_axis(metric: str) -> str:
    return BY_KEY[metric].axis


def metric_chart(view: Summary, metric: str, large: bool = False) -> go.Figure:
    """A BCF metric by year as four lines.

    With today's services (the observed trend, which already contains them), without the pool (above it), with the
    plan as submitted and with the scenario (P50, the scenario's 80% range shaded).
    """
    m = view.metrics[metric]
    years = list(m.years)
    w = m.with_scenario
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=years + years[::-1], y=list(w.p90) + list(w.p10)[::-1], fill="toself", fillcolor=LIGHT,
                             mode="lines", line=dict(width=0), name="With the scenario, P10 to P90", hoverinfo="skip"))
    fig.add_trace(go.Scatter(x=years, y=list(m.without_pool.p50), name="Without the pool (P50)", mode="lines+markers",
                             line=dict(color=RED, width=3, dash="dot"), marker=dict(symbol="triangle-up", size=9)))
    fig.add_trace(go.Scatter(x=years, y=list(m.with_todays_services), name="With today's services (observed trend)",
                             mode="lines+markers", line=dict(color=GREY, width=3, dash="dash"),
                             marker=dict(symbol="square", size=8)))
    if view.has_changes:
        fig.add_trace(go.Scatter(x=years, y=list(m.with_plan.p50), name="With the plan as submitted (P50)",
                                 mode="lines+markers", line=dict(color=DARK, width=2, dash="dashdot"),
                                 marker=dict(symbol="diamond", size=9)))
    fig.add_trace(go.Scatter(x=years, y=list(w.p50), name="With the scenario (P50)" if view.has_changes else
                             "With the plan (P50)", mode="lines+markers", line=dict(color=BLUE, width=3),
                             marker=dict(symbol="circle", size=8)))
    fig = _layout(fig, m.label, f"{view.title_suffix} · BCF metric trajectory", _metric_axis(metric),
                  large=large, height=500, bottom=170)
    # five lines: the legend goes under the plot, clear of the title
    fig.update_layout(legend=dict(orientation="h", yanchor="top", y=-0.2, xanchor="left", x=0))
    return fig


def ecdf_chart(view: Summary, large: bool = False) -> go.Figure:
    """The spread of the net present value of the scenario's changes over runs."""
    xs = sorted(view.change_npv_samples)
    n = len(xs)
    ys = [(i + 1) / n for i in range(n)]
    p_positive = sum(x > 0 for x in xs) / n if n else 0.0
    fig = go.Figure(go.Scatter(x=xs, y=ys, mode="lines", line=dict(color=BLUE, width=3, shape="hv"),
                               name="Share of runs at or below"))
    fig.add_vline(x=0, line=dict(color=RED, width=2, dash="dot"), annotation_text="break-even",
                  annotation_position="top left")
    ticks, labels = gbp_ticks(min(xs, default=-1.0), max(xs, default=1.0))
    fig.update_xaxes(tickvals=ticks, ticktext=labels,
                     title="Net present value of the changes against the plan as submitted")
    fig = _layout(fig, f"Are the changes worth it? They pay back in {p_positive:.0%} of {n:,} runs",
                  view.title_suffix, "Share of runs", large=large, bottom=120)
    fig.update_yaxes(tickformat=".0%")
    return fig


def compare_bars(views: list[Summary], outcome: str, large: bool = False) -> go.Figure:
    """An outcome for several scenarios side by side: P50 bars with P10-P90 whiskers."""
    fig = go.Figure()
    for i, v in enumerate(views):
        s = v.stat(outcome)
        fig.add_trace(go.Bar(x=[v.scenario_name], y=[s.p50], name=v.scenario_name,
                             marker_color=PALETTE[i % len(PALETTE)],
                             error_y=dict(type="data", symmetric=False, array=[s.p90 - s.p50],
                                          arrayminus=[s.p50 - s.p10], color=DARK)))
    first = views[0] if views else None
    sub = f"{first.area_name}, {first.plan_year} · bars P50, whiskers P10 to P90" if first else ""
    return _layout(fig, f"{label(outcome)}: scenarios compared", sub, label(outcome), _money(outcome), large=large)


def compare_metric(views: list[Summary], metric: str, large: bool = False) -> go.Figure:
    """A BCF metric by year with today's services and with each scenario (P50), on one chart."""
    fig = go.Figure()
    if not views:
        return fig
    m0 = views[0].metrics[metric]
    fig.add_trace(go.Scatter(x=list(m0.years), y=list(m0.with_todays_services),
                             name="With today's services (observed trend)", mode="lines+markers",
                             line=dict(color=GREY, width=3, dash="dash"), marker=dict(symbol="square-open", size=8)))
    for i, v in enumerate(views):
        m = v.metrics[metric]
        fig.add_trace(go.Scatter(x=list(m.years), y=list(m.with_scenario.p50), name=f"{v.scenario_name} (P50)",
                                 mode="lines+markers", marker=dict(symbol=SYMBOLS[i % len(SYMBOLS)], size=9),
                                 line=dict(color=PALETTE[i % len(PALETTE)], width=3, dash=DASHES[i % len(DASHES)])))
    return _layout(fig, m0.label, f"{views[0].area_name}, {views[0].plan_year} · scenarios compared",
                   _metric_axis(metric), large=large)


def frontier_chart(points, current_total: float, current_value: float, optimum_value: float | None, title_suffix: str,
                   outcome: str = "emergency_admissions_avoided", large: bool = False,
                   pool: float | None = None) -> go.Figure:
    """The efficient frontier: the best achievable P50 by budget with its P10-P90 band.

    Today's plan and the optimised plan
    (both at today's budget) marked with their P50s; the pool marked with a dotted line.
    """
    xs = [p.total_spend for p in points]
    fig = go.Figure()
    if pool:
        fig.add_vline(x=pool, line=dict(color=GREY, width=1, dash="dot"), annotation_text="the pool",
                      annotation_position="top left", annotation_font=dict(color=TEXT_GREY, size=12))
    fig.add_trace(go.Scatter(x=xs + xs[::-1], y=[p.p90 for p in points] + [p.p10 for p in points][::-1],
                             fill="toself", fillcolor=LIGHT, mode="lines", line=dict(width=0), name="P10 to P90",
                             hoverinfo="skip"))
    fig.add_trace(go.Scatter(x=xs, y=[p.p50 for p in points], mode="lines+markers", name="Best achievable (P50)",
                             line=dict(color=BLUE, width=3)))
    fig.add_trace(go.Scatter(x=[current_total], y=[current_value], mode="markers", name="Current plan (P50)",
                             marker=dict(color=RED, size=14, symbol="x")))
    if optimum_value is not None:
        fig.add_trace(go.Scatter(x=[current_total], y=[optimum_value], mode="markers", name="Optimised plan (P50)",
                                 marker=dict(color=GREEN, size=14, symbol="star", line=dict(color="white", width=1))))
    fig.add_hline(y=0, line=dict(color=GREY, width=1))
    vals, texts = gbp_ticks(min(xs), max(xs))
    fig.update_xaxes(tickvals=vals, ticktext=texts, title="Total planned spend a year")
    _layout(fig, f"Efficient frontier: {label(outcome).lower()} by budget", title_suffix, label(outcome),
            _money(outcome), large=large, bottom=110)
    if _money(outcome):
        ys = [p.p10 for p in points] + [p.p90 for p in points] + [current_value]
        vals, texts = gbp_ticks(min(ys), max(ys))
        fig.update_yaxes(tickprefix="", tickvals=vals, ticktext=texts)
    return fig


def tornado_chart(swings, title_suffix: str, outcome: str = "net_saving_gbp", large: bool = False) -> go.Figure:
    """The assumptions that move the headline most: the swing from each one's low to high end."""
    names = [f"{LEVER_LABELS.get(s.lever, s.lever)}: {EFFECT_NAMES.get(s.outcome, s.outcome)}" for s in swings][::-1]
    centre = swings[0].central_value if swings else 0.0
    fig = go.Figure()
    fig.add_trace(go.Bar(y=names, x=[s.low_value - centre for s in swings][::-1], base=centre, orientation="h",
                         name="Effect at its low (P10) end", marker_color=BLUE))
    fig.add_trace(go.Bar(y=names, x=[s.high_value - centre for s in swings][::-1], base=centre, orientation="h",
                         name="Effect at its high (P90) end", marker_color=ORANGE,
                         marker_pattern_shape="/"))
    fig.update_layout(barmode="overlay")
    if _money(outcome) and swings:
        ends = [v for s in swings for v in (s.low_value, s.high_value)]
        vals, texts = gbp_ticks(min(ends), max(ends))
        fig.update_xaxes(tickvals=vals, ticktext=texts, title=label(outcome))
    else:
        fig.update_xaxes(tickformat=",.0f", title=label(outcome))
    return _layout(fig, "Which assumptions move the answer most", title_suffix + " · central estimate", "",
                   large=large, height=520, bottom=110)


def capacity_figure(cap: CapacityPlan, key: str, large: bool = False):
    """One pathway's or service's demand (a line) and capacity (bars) by month.

    Each month where demand exceeds capacity is marked with a hatched bar and a labelled cross giving
    the shortfall in people, so that the gap reads without colour.

    Returns:
        plotly.graph_objects.Figure.
    """
    f = cap.flows()[key]
    months = list(cap.months)
    short = set(f.shortfall_months)
    fig = go.Figure()
    fig.add_trace(go.Bar(x=months, y=list(f.capacity), name="Capacity",
                         marker=dict(color=LIGHT, line=dict(color=BLUE, width=1.5),
                                     pattern=dict(shape=["/" if i in short else "" for i in range(12)],
                                                  fgcolor=BLUE, size=8))))
    fig.add_trace(go.Scatter(x=months, y=list(f.demand), name="Demand", mode="lines+markers",
                             line=dict(color=DARK, width=3), marker=dict(symbol="circle", size=7)))
    if short:
        idx = sorted(short)
        fig.add_trace(go.Scatter(
            x=[months[i] for i in idx], y=[f.demand[i] for i in idx], name="Shortfall (hatched bar)",
            mode="markers+text", marker=dict(symbol="x", size=11, color=ORANGE, line=dict(width=1)),
            text=[f"−{round(-f.gap[i]):,}" for i in idx], textposition="top center",
            textfont=dict(color=TEXT), hovertemplate="%{x}: shortfall %{text} people<extra></extra>"))
    subtitle = f"{cap.area_name} · {cap.year} · {cap.scenario_name}"
    fig = _layout(fig, f"{f.label}: demand and capacity by month", subtitle, "People a month",
                         large=large, height=400)
    fig.layout.annotations[-1].text = ("Source: BCF Planner capacity and demand. Assumptions, sources and grades: "
                                       "Capacity page, under the tables.")
    top = max([*f.demand, *f.capacity, 1.0])
    fig.update_yaxes(range=[0, top * 1.18], rangemode="tozero")
    fig.update_xaxes(title_text="Month")
    return fig
