"""A chart's text alternatives, written from the figure's own data: its numbers as a table and a summary in words.

Screen readers read none of plotly's picture, so every chart a page or slide shows carries both
(``app_ui.figures.show``; the board pack's alternative text).
"""

from __future__ import annotations

import html
import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from budget.money import MINUS, MISSING, number

MAX_TABLE_ROWS = 41


def number_text(v: object) -> object:
    """A figure as a chart's table shows it: thousands separated, two places below ten; text unescaped."""
    if isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool):
        v = float(v)
        if not math.isfinite(v):  # a gap in a series
            return MISSING
        return number(v, 0) if abs(v) >= 10 or v == int(v) else number(v, 2)
    return html.unescape(v) if isinstance(v, str) else v


def figure_table(fig: go.Figure) -> pd.DataFrame:
    """The numbers a figure draws, as a text alternative to it.

    One row per point along the x axis (per
    category for bar charts), one column per series; a shaded band gives its lower and upper edges,
    whiskers their low and high ends. Long series (the runs of a cumulative chart) are thinned to at
    most ``MAX_TABLE_ROWS`` evenly spaced rows, the first and last kept.
    """
    columns: dict[str, dict] = {}
    rows: list = []
    value_name = fig.layout.yaxis.title.text or "Value"

    def put(name: str, xs, ys) -> None:
        column = columns.setdefault(html.unescape(name), {})
        for x, y in zip(xs, ys, strict=False):
            x = number_text(x)
            if x not in rows:
                rows.append(x)
            column[x] = number_text(y)

    for t in fig.data:
        horizontal = getattr(t, "orientation", None) == "h"
        xs, ys = (t.y, t.x) if horizontal else (t.x, t.y)
        if xs is None or ys is None:
            continue
        xs, ys = list(xs), list(ys)
        name = t.name or value_name
        if len(xs) == 1 and xs[0] == name:  # one bar per series, named on its axis
            name = value_name
        if t.type == "waterfall":
            ys = list(t.text)
        elif t.type == "bar" and t.base is not None:
            ys = [t.base + y for y in ys]
        if getattr(t, "fill", None) == "toself":  # a band: out along its upper edge, back along its lower
            half = len(xs) // 2
            put(f"{name}: upper edge", xs[:half], ys[:half])
            put(f"{name}: lower edge", xs[half:][::-1], ys[half:][::-1])
            continue
        put(name, xs, ys)
        err = getattr(t, "error_x" if horizontal else "error_y", None)
        if err is not None and err.array is not None:
            minus = err.arrayminus if err.arrayminus is not None else err.array
            put(f"{name}: low end", xs, [y - m for y, m in zip(ys, minus, strict=False)])
            put(f"{name}: high end", xs, [y + p for y, p in zip(ys, err.array, strict=False)])
    if len(rows) > MAX_TABLE_ROWS:
        step = (len(rows) - 1) / (MAX_TABLE_ROWS - 1)
        rows = [rows[round(i * step)] for i in range(MAX_TABLE_ROWS)]
    axis = fig.layout.xaxis.title.text if not any(getattr(t, "orientation", None) == "h" for t in fig.data) else None
    frame = pd.DataFrame({name: [col.get(r, "") for r in rows] for name, col in columns.items()},
                         index=pd.Index(rows, name=axis or ""))
    return frame


def figure_title(fig: go.Figure) -> str:
    """The chart's title without its subtitle, as read on screen."""
    text = fig.layout.title.text or ""
    return html.unescape(text.split("<br>")[0]).strip()


def _money_axis(axis) -> bool:
    return axis.tickprefix == "£" or any("£" in str(t) for t in (axis.ticktext or ()))


def _gap(value: object) -> bool:
    """True for a value plotly leaves out of a series: None or not a finite number."""
    return value is None or (isinstance(value, (float, np.floating)) and not math.isfinite(float(value)))


def _said(value: object, axis=None) -> str:
    """A figure in a summary, written as the chart's table writes it.

    With £ on a money axis, and as a percentage on an axis of shares.
    """
    if axis is not None and (axis.tickformat or "").endswith("%") and isinstance(value, (int, float)):
        return f"{value:.0%}"
    text = number_text(value)
    if (
        axis is None
        or not _money_axis(axis)
        or not isinstance(text, str)
        or not text[:1].isdigit()
        and text[:1] != MINUS
    ):
        return str(text)
    return f"{MINUS}£{text[1:]}" if text[:1] == MINUS else f"£{text}"


def figure_summary(fig: go.Figure) -> str:
    """A short description in words of what a figure shows, with its key figures.

    The text a person who cannot see the chart reads first (WCAG 1.1.1).
    It is written from the figure's own data, the same numbers :func:`figure_table` puts in "The numbers
    behind this chart": the title, then for each series its first and last point (a line over years), its
    highest and lowest bar (bars by category), its value (a single bar or marker), or its edges at the last
    point (a shaded band); a waterfall names every step. Works for any plotly figure of scatter, bar and
    waterfall traces, so a new chart needs no summary of its own.

    Args:
        fig: a plotly figure.

    Returns:
        One paragraph of plain text (not Markdown: escape it before showing it in Markdown).
    """
    parts: list[str] = []
    title = figure_title(fig)
    if title:
        parts.append(title.rstrip(".") + ".")
    axis_name = html.unescape(fig.layout.yaxis.title.text or "")
    for t in fig.data:
        horizontal = getattr(t, "orientation", None) == "h"
        xs, ys = (t.y, t.x) if horizontal else (t.x, t.y)
        if xs is None or ys is None or not len(xs):
            continue
        xs, ys = list(xs), list(ys)
        money = fig.layout.xaxis if horizontal else fig.layout.yaxis  # the axis of the values
        at = fig.layout.yaxis if horizontal else fig.layout.xaxis  # the axis of the points
        name = html.unescape(t.name or axis_name or "Value")
        if t.type == "waterfall":
            parts.append("Steps: " + "; ".join(f"{html.unescape(str(x))} {v}" for x, v in zip(xs, t.text, strict=False))
                         + ".")
            continue
        if t.type == "bar" and t.base is not None:
            ys = [t.base + y for y in ys]
        if getattr(t, "fill", None) == "toself":
            half = len(xs) // 2
            parts.append(f"{name}: from {_said(ys[half], money)} to {_said(ys[half - 1], money)} at "
                         f"{_said(xs[half - 1], at)}.")
            continue
        err = getattr(t, "error_x" if horizontal else "error_y", None)
        ranges = [""] * len(ys)  # the whiskers of each bar, where it has them
        if err is not None and err.array is not None:
            minus = err.arrayminus if err.arrayminus is not None else err.array
            ranges = [f" (range {_said(y - m, money)} to {_said(y + p, money)})"
                      for y, m, p in zip(ys, minus, err.array, strict=False)]
        drawn = [i for i, y in enumerate(ys) if not _gap(y)]  # a gap in a series is not a point
        if not drawn:
            continue
        xs, ys, ranges = [xs[i] for i in drawn], [ys[i] for i in drawn], [ranges[i] for i in drawn]

        if len(xs) == 1:
            where = "" if html.unescape(str(xs[0])) == name else f" at {_said(xs[0], at)}"
            parts.append(f"{name}: {_said(ys[0], money)}{where}{ranges[0]}.")
        elif t.type == "bar":
            hi = max(range(len(ys)), key=lambda i: ys[i])
            lo = min(range(len(ys)), key=lambda i: ys[i])
            parts.append(f"{name}: highest {html.unescape(str(xs[hi]))}, {_said(ys[hi], money)}{ranges[hi]}; "
                         f"lowest {html.unescape(str(xs[lo]))}, {_said(ys[lo], money)}{ranges[lo]}.")
        else:
            parts.append(f"{name}: {_said(ys[0], money)} at {_said(xs[0], at)}, "
                         f"{_said(ys[-1], money)} at {_said(xs[-1], at)}.")
    return " ".join(parts)
