"""What the browser tests share: how long they wait, how they know the app is still, and screenshots.

A browser test waits on something it can see: an element, or the app standing still (no script running,
nothing greyed out as stale, no element waiting for its code, every chart drawn) for a second on end. It never
sleeps for a fixed time.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

TIMEOUT = 120_000  # ms: generous, for a busy two-core machine
STILL_MS = 1_000  # how long the app must stay still to count as settled

# Streamlit greys out the elements of the last run (data-stale) while a script runs, and shows its running
# icon; an element whose code is fetched on first use (a chart, a table) shows a placeholder (stSkeleton) until
# that code arrives; a chart is drawn (its SVG) after its element arrives.
BUSY = """() => !!document.querySelector('[data-stale="true"]')
              || !!document.querySelector('[data-testid="stStatusWidgetRunningIcon"]')
              || !!document.querySelector('[data-testid="stSkeleton"]')
              || [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
                   .some(c => !c.querySelector('.main-svg'))"""
IDLE = f"() => !({BUSY})()"
_STILL = f"""(ms) => {{
    const now = performance.now();
    if (({BUSY})()) {{ window.__bcfStillSince = now; return false; }}
    if (window.__bcfStillSince === undefined) window.__bcfStillSince = now;
    return now - window.__bcfStillSince >= ms;
}}"""


def settle(page, timeout: int = TIMEOUT) -> None:
    """Wait until the app has stood still for STILL_MS on end, watched from now.

    Call it after waiting for what an action shows (a heading, a sentence): a run that is still going, or one
    started by the first, keeps the app busy and restarts the count.
    """
    page.evaluate("() => { window.__bcfStillSince = undefined; }")
    page.wait_for_function(_STILL, arg=STILL_MS, polling=100, timeout=timeout)


# Watches for the first sign of a run (an element greyed out as stale, or the running icon arriving), from the DOM's
# own changes, so that a run too short to be seen by polling is still seen.
_WATCH = """() => {
    window.__bcfRan = false;
    if (window.__bcfWatcher) window.__bcfWatcher.disconnect();
    const icon = '[data-testid="stStatusWidgetRunningIcon"]';
    const running = (r) => r.type === "attributes"
        ? r.target.getAttribute("data-stale") === "true"
        : [...r.addedNodes].some(n => n.nodeType === 1 && (n.matches(icon) || !!n.querySelector(icon)));
    window.__bcfWatcher = new MutationObserver((records) => {
        if (records.some(running)) { window.__bcfRan = true; window.__bcfWatcher.disconnect(); }
    });
    window.__bcfWatcher.observe(document.body,
                                {subtree: true, childList: true, attributes: true, attributeFilter: ["data-stale"]});
}"""


@contextmanager
def rerun(page, timeout: int = TIMEOUT) -> Iterator[None]:
    """Around an action that reruns the app on the same page (a widget changed): after it, wait for the run it started
    to begin, then for the app to stand still.

    settle alone can finish before a busy server has begun the action's run, leaving the test to read the screen as
    it was before the action.
    """
    page.evaluate(_WATCH)
    yield
    page.wait_for_function("() => window.__bcfRan === true", polling=100, timeout=timeout)
    settle(page, timeout)


def screenshot(page, name: str, tmp_path: Path) -> Path:
    """Save a full-page screenshot to tmp_path, and to $BCF_SCREENSHOTS when set (for looking at)."""
    target = Path(os.environ.get("BCF_SCREENSHOTS") or tmp_path)
    target.mkdir(parents=True, exist_ok=True)
    path = target / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
