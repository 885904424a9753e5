"""The year so far as plotly figures, for the Monitor page (and any report of the year so far).

Each figure is drawn from the JSON object of ``scenarios.track.Tracking.to_json()`` (what ``bcf track --json``
prints), so the chart, its table and the command agree figure for figure. The style is ``reports.charts``'.
"""

from __future__ import annotations

import plotly.graph_objects as go

from budget.actuals import month_label
from budget.metrics import BY_ID
from reports.charts import BLUE, DARK, GREY, LIGHT, ORANGE
from reports.charts import _layout as layout
from scenarios.track_status import COLOURS

SOURCE = "Source: the actuals given and the plan as submitted; the range and goals from the BCF Planner impact model."


def _subtitle(j: dict) -> str:
    words = f"{j['area']['name']} · {j['year']} · to {month_label(j['to'])}" if j["to"] else \
        f"{j['area']['name']} · {j['year']} · no month yet"
    return words + (" · illustrative actuals" if j["illustrative"] else "")


def _cumulative(values) -> list[float]:
    out, total = [], 0.0
    for v in values:
        total += v
        out.append(total)
    return out


def spend_figure(j: dict, large: bool = False) -> go.Figure:
    """Cumulative spend by month: the plan for the year, the actuals to date and the forecast to March."""
    s = j["spend"]["monthly"]
    labels = [month_label(m) for m in s["months"]]
    planned = _cumulative(s["planned"])
    actual = _cumulative(s["actual"])
    n = len(actual)
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=labels, y=planned, name="Planned (cumulative)", mode="lines+markers",
                             line=dict(color=GREY, width=3, dash="dash"), marker=dict(symbol="square", size=7)))
    if n:
        rest = [actual[-1] + planned[k] - planned[n - 1] for k in range(n - 1, 12)]
        rate = actual[-1] / n
        run = [actual[-1] + rate * (k - n + 1) for k in range(n - 1, 12)]
        fig.add_trace(go.Scatter(x=labels[n - 1:], y=rest, name="Forecast: the rest of the year to plan",
                                 mode="lines", line=dict(color=BLUE, width=2, dash="dot")))
        fig.add_trace(go.Scatter(x=labels[n - 1:], y=run, name="Forecast: at the run rate so far",
                                 mode="lines", line=dict(color=ORANGE, width=2, dash="longdash")))
        fig.add_trace(go.Scatter(x=labels[:n], y=actual, name="Spent (cumulative)", mode="lines+markers",
                                 line=dict(color=DARK, width=3), marker=dict(symbol="circle", size=8)))
    fig = layout(fig, "Spend to date against the plan", _subtitle(j), "£, cumulative", money=True, large=large,
                 height=460, bottom=150, source=SOURCE)
    fig.update_layout(legend=dict(orientation="h", yanchor="top", y=-0.18, xanchor="left", x=0))
    return fig


def metric_figure(j: dict, metric_id: str, large: bool = False) -> go.Figure:
    """One BCF metric by month: the plan's P10 to P90 range, the goal and the actuals."""
    m = j["metrics"][metric_id]
    band = ("The range the plan expected, P10 to P90" if m.get("band_includes_chance")
            else "The plan's modelled range (its effect only), P10 to P90")
    labels = [month_label(x) for x in m["months"]]
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=labels + labels[::-1], y=m["band"]["p90"] + m["band"]["p10"][::-1], fill="toself",
                             fillcolor=LIGHT, mode="lines", line=dict(width=0), name=band,
                             hoverinfo="skip"))
    fig.add_trace(go.Scatter(x=labels, y=m["goal"], name="Goal", mode="lines",
                             line=dict(color=GREY, width=3, dash="dash")))
    given = [(x, v) for x, v in zip(labels, m["actual"], strict=True) if v is not None]
    if given:
        fig.add_trace(go.Scatter(x=[x for x, _ in given], y=[v for _, v in given], name="Actual", mode="lines+markers",
                                 line=dict(color=DARK, width=3), marker=dict(symbol="circle", size=9)))
    metric = BY_ID[metric_id]
    axis = "Days per discharge" if metric.per == "discharge" else "Per 100,000 aged 65+ a month"
    title = metric.label.split(",")[0] if metric.per == "discharge" else metric.label.replace(", per 100,000 aged 65+",
                                                                                                "")
    fig = layout(fig, f"{title}: {m['status']}", _subtitle(j), axis, large=large, height=400, bottom=110,
                 source=SOURCE)
    fig.update_layout(legend=dict(orientation="h", yanchor="top", y=-0.16, xanchor="left", x=0))
    return fig


def outputs_summary(j: dict) -> str:
    """The outputs figure in words: each unit's outputs delivered to date as a share of those planned to date."""
    parts = [f"{unit} {100 * u['delivered_to_date'] / u['planned_to_date']:.0f}% ({u['status']})"
             for unit, u in j["outputs"]["by_unit"].items() if u["planned_to_date"]]
    return "Outputs delivered to date as a share of those planned to date (100% is on plan): " + "; ".join(parts) + "."


def outputs_figure(j: dict, large: bool = False) -> go.Figure:
    """Outputs delivered to date as a share of those planned to date, by unit (100% is on plan)."""
    units = j["outputs"]["by_unit"]
    names = list(units)
    share = [100 * u["delivered_to_date"] / u["planned_to_date"] if u["planned_to_date"] else 0.0
             for u in units.values()]
    colours = [COLOURS[u["colour"]] for u in units.values()]
    fig = go.Figure(go.Bar(x=share, y=names, orientation="h", marker_color=colours, name="Delivered to date",
                           text=[f"{v:.0f}%" for v in share], textposition="outside", cliponaxis=False))
    fig.add_vline(x=100, line=dict(color=GREY, width=2, dash="dash"))
    fig = layout(fig, "Outputs delivered against the plan to date", _subtitle(j), "", large=large,
                 height=max(320, 150 + 48 * len(names)), bottom=110, source=SOURCE)
    fig.update_xaxes(title="Delivered to date, % of planned to date (100% is on plan)", ticksuffix="%",
                     rangemode="tozero")
    fig.update_yaxes(autorange="reversed", tickformat="")
    fig.update_layout(showlegend=False, margin_l=260)
    return fig
