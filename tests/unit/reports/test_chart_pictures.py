"""Chart pictures: nothing is drawn without a browser, a failed or late picture is None (so the pack falls back to
native charts), and an answer to another request is never handed on."""

from __future__ import annotations

import base64
import io
import json
import os
import struct

import plotly.graph_objects as go
import pytest

from reports import chart_pictures


def test_no_browser_no_picture(monkeypatch):
    monkeypatch.setattr(chart_pictures, "browser_available", lambda: False)
    monkeypatch.setattr(chart_pictures._RENDERER, "render", lambda *a, **k: pytest.fail("nothing to draw with"))
    assert chart_pictures.render_png(go.Figure()) is None


@pytest.mark.parametrize("error", [chart_pictures.FutureTimeout, RuntimeError("the picture process stopped")])
def test_a_late_or_failed_picture_is_none(monkeypatch, error):
    monkeypatch.setattr(chart_pictures, "browser_available", lambda: True)

    def fail(*a, **k):
        raise error

    monkeypatch.setattr(chart_pictures._RENDERER, "render", fail)
    assert chart_pictures.render_png(go.Figure()) is None


def test_the_picture_is_asked_for_at_the_size_and_scale_given(monkeypatch):
    monkeypatch.setattr(chart_pictures, "browser_available", lambda: True)
    asked = []
    monkeypatch.setattr(chart_pictures._RENDERER, "render", lambda fig, opts, timeout: asked.append((opts, timeout))
                        or b"png")
    assert chart_pictures.render_png(go.Figure(), width=300, height=200, timeout=5, scale=3) == b"png"
    assert asked == [({"format": "png", "width": 300, "height": 200, "scale": 3}, 5)]


class _Process:
    """A stand-in picture process whose answer is given."""

    def __init__(self, answer: dict):
        self.read_end, write_end = os.pipe()
        body = json.dumps(answer).encode()
        os.write(write_end, struct.pack(">I", len(body)) + body)
        os.close(write_end)
        self.stdin = io.BytesIO()
        self.stdout = os.fdopen(self.read_end, "rb")
        self.pid = -1

    def poll(self):
        return None


def _renderer_answering(monkeypatch, answer: dict) -> chart_pictures._Renderer:
    r = chart_pictures._Renderer()
    monkeypatch.setattr(r, "_process", lambda: _Process(answer))
    monkeypatch.setattr(r, "close", lambda: None)
    return r


def test_an_answer_carrying_its_requests_number_is_the_picture(monkeypatch):
    r = _renderer_answering(monkeypatch, {"id": 1, "png": base64.b64encode(b"picture").decode()})
    assert r.render(go.Figure(), {"format": "png"}, timeout=5) == b"picture"


def test_an_answer_to_another_request_is_refused(monkeypatch):
    r = _renderer_answering(monkeypatch, {"id": 7, "png": base64.b64encode(b"someone else's").decode()})
    with pytest.raises(RuntimeError, match="another request"):
        r.render(go.Figure(), {"format": "png"}, timeout=5)


def test_the_workers_error_is_raised(monkeypatch):
    r = _renderer_answering(monkeypatch, {"id": 1, "error": "kaleido failed"})
    with pytest.raises(RuntimeError, match="kaleido failed"):
        r.render(go.Figure(), {"format": "png"}, timeout=5)
