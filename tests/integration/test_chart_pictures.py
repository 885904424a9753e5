"""A chart picture goes back only to the caller that asked for it, even after another picture was
abandoned at its time limit (the board pack's pictures are drawn by one browser for the whole process)."""

from __future__ import annotations

import io

import plotly.graph_objects as go
import pytest
from PIL import Image

from reports import chart_pictures

pytestmark = pytest.mark.skipif(not chart_pictures.browser_available(),
                                reason="no chromium here: the pack falls back to native charts (tested elsewhere)")


def big_figure() -> go.Figure:
    n = 40_000
    return go.Figure(go.Scatter(x=list(range(n)), y=[(i * 7919) % 1000 for i in range(n)], mode="markers"),
                     layout={"title": "abandoned"})


def small_figure(i: int) -> go.Figure:
    return go.Figure(go.Bar(x=["a", "b"], y=[1, i + 2]), layout={"title": f"wanted {i}"})


def test_a_picture_abandoned_at_its_time_limit_never_reaches_the_next_caller():
    for trial in range(4):
        abandoned = chart_pictures.render_png(big_figure(), width=1200, height=620, scale=1.0, timeout=0.05)
        assert abandoned is None  # it really was abandoned (far too little time to draw 40,000 points)
        png = chart_pictures.render_png(small_figure(trial), width=320, height=240, scale=1.0, timeout=60)
        assert png is not None, f"trial {trial}: the next picture was not drawn"
        assert Image.open(io.BytesIO(png)).size == (320, 240), f"trial {trial}: another caller's picture came back"


def test_pictures_in_a_row_each_come_back_at_their_own_size():
    sizes = [(300, 200), (410, 260), (500, 300)]
    got = [chart_pictures.render_png(small_figure(i), width=w, height=h, scale=1.0, timeout=60)
           for i, (w, h) in enumerate(sizes)]
    assert [Image.open(io.BytesIO(p)).size for p in got] == sizes
