"""Chart pictures for the board pack: plotly figures drawn as PNG by kaleido with Debian's chromium.

One process of its own (``reports.picture_worker``) holds the one kaleido browser for this process, behind a
lock; every picture has a time limit, and a picture not back in time stops that process, so nothing it was
drawing reaches a later caller. With no browser, ``render_png`` gives None and the pack uses native charts.
"""

from __future__ import annotations

import atexit
import base64
import json
import os
import select
import shutil
import signal
import struct
import subprocess
import sys
import threading
import time
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import suppress
from pathlib import Path

IMAGE_TIMEOUT_S = 30

_KALEIDO_LOCK = threading.Lock()  # one picture at a time in this process


def browser_available() -> bool:
    """Whether a Chromium the chart pictures can be drawn with is installed."""
    return bool(shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome"))


class _Renderer:
    """One process of its own draws every chart picture (``reports/picture_worker.py``, one kaleido browser).

    Each request carries a number and its answer must carry the same one. A picture not back within its
    time limit is abandoned by killing that process and the browser it started, so nothing it was drawing
    can reach a later caller; the next picture starts a fresh process.
    """

    def __init__(self):
        self._proc: subprocess.Popen | None = None
        self._asked = 0
        atexit.register(self.close)

    def _process(self) -> subprocess.Popen:
        if self._proc is None or self._proc.poll() is not None:
            self._proc = subprocess.Popen([sys.executable, "-m", "reports.picture_worker"], stdin=subprocess.PIPE,
                                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, start_new_session=True,
                                          cwd=str(Path(__file__).resolve().parents[1]))
        return self._proc

    def _read(self, fd: int, n: int, deadline: float) -> bytes:
        out = bytearray()
        while len(out) < n:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                raise FutureTimeout
            chunk = os.read(fd, n - len(out))
            if not chunk:
                raise RuntimeError("the picture process stopped")
            out += chunk
        return bytes(out)

    def render(self, fig, opts: dict, timeout: float) -> bytes:
        """The picture's bytes; raises TimeoutError (after stopping the process) when it takes too long."""
        from reports.picture_worker import frame

        deadline = time.monotonic() + timeout
        self._asked += 1
        asked = self._asked
        try:
            proc = self._process()
            proc.stdin.write(frame({"id": asked, "fig": json.loads(fig.to_json()), "opts": opts}))
            proc.stdin.flush()
            fd = proc.stdout.fileno()
            (n,) = struct.unpack(">I", self._read(fd, 4, deadline))
            answer = json.loads(self._read(fd, n, deadline))
        except BaseException:
            self.close()  # whatever it was drawing goes with it
            raise
        if answer.get("id") != asked:  # never expected: an answer to another request is never handed on
            self.close()
            raise RuntimeError("the picture process answered another request")
        if "error" in answer:
            raise RuntimeError(answer["error"])
        return base64.b64decode(answer["png"])

    def close(self) -> None:
        """Stop the picture process and the browser it started."""
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            with suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGKILL)
            with suppress(Exception):
                proc.wait(timeout=10)
        if proc is not None:
            for stream in (proc.stdin, proc.stdout):
                with suppress(Exception):
                    stream.close()


_RENDERER = _Renderer()


def render_png(fig, width: int = 1200, height: int = 620, timeout: float = IMAGE_TIMEOUT_S,
               scale: float = 1.5) -> bytes | None:
    """A plotly figure as PNG bytes, or None when no browser is available or it takes too long.

    Args:
        fig: the plotly figure.
        width: its width in CSS pixels (the unit of its font sizes).
        height: its height in CSS pixels.
        timeout: seconds to wait before giving up.
        scale: device pixels per CSS pixel in the PNG.
    """
    if not browser_available():
        return None
    with _KALEIDO_LOCK:
        try:
            return _RENDERER.render(fig, dict(format="png", width=width, height=height, scale=scale), timeout)
        except (FutureTimeout, Exception):
            return None
