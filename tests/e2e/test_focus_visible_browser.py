"""Focus visible (WCAG 2.4.7): every control the Tab key reaches on the Start and Plan pages looks different
while it has the keyboard focus. Each is photographed with the focus and again once the focus has left it, the
pictures taken of its box and a few pixels round it (where a focus ring is drawn), and the two must differ.

Left out, each for a reason: the grid cells inside a data editor's canvas (glide-data-grid draws its own focus
box on the canvas; the keyboard test follows the focus there), the page's main region (a landmark the skip link
moves to, larger than the window) and the toolbar Streamlit puts above a table (its buttons show a tooltip with
their name beside them, not a ring: docs/accessibility.md)."""

from __future__ import annotations

import pytest

from tests.e2e.browser import TIMEOUT, settle

VIEWPORT = {"width": 1280, "height": 800}
RING_PX = 6  # room round a control for its focus ring
DRAWN_MS = 300  # for a focus ring that fades in or out
MAX_STOPS = 120

FOCUSED = """() => {
    const e = document.activeElement;
    e.scrollIntoView({block: 'center', inline: 'nearest'});
    const r = e.getBoundingClientRect();
    return {tag: e.tagName, name: (e.getAttribute('aria-label') || e.innerText || '').trim().slice(0, 60),
            x: r.x, y: r.y, width: r.width, height: r.height,
            left_out: e === document.body || !!e.closest('canvas') || e.tagName === 'MAIN'
                      || !!e.closest('[data-testid="stElementToolbar"]')};
}"""


def focus_rings(page) -> tuple[list[str], list[str]]:
    """Tab through the page from the top, once round: (controls whose look changes with the focus, those whose
    look does not)."""
    page.mouse.move(0, VIEWPORT["height"] - 1)  # no control under the pointer
    changed, same, seen = [], [], set()
    for _ in range(MAX_STOPS):
        page.keyboard.press("Tab")
        page.wait_for_timeout(DRAWN_MS)
        c = page.evaluate(FOCUSED)
        where = (c["tag"], c["name"], round(c["x"]), round(c["y"]))
        if where in seen:
            break
        seen.add(where)
        if c["left_out"] or not c["width"] or not c["height"]:
            continue
        page.wait_for_timeout(DRAWN_MS)  # scrolled into view
        c = page.evaluate(FOCUSED)
        clip = {"x": max(c["x"] - RING_PX, 0), "y": max(c["y"] - RING_PX, 0),
                "width": c["width"] + 2 * RING_PX, "height": c["height"] + 2 * RING_PX}
        control = page.evaluate_handle("() => document.activeElement")
        with_focus = page.screenshot(clip=clip)
        page.evaluate("(e) => e.blur()", control)
        page.wait_for_timeout(DRAWN_MS)
        without = page.screenshot(clip=clip)
        (changed if with_focus != without else same).append(f"{c['tag']} {c['name']!r}")
        page.evaluate("(e) => e.focus({preventScroll: true})", control)  # Tab on from it
        page.wait_for_timeout(100)
    return changed, same


@pytest.mark.e2e
@pytest.mark.parametrize("title, heading", [("Start", "Start"), ("Plan", "Expenditure lines")])
def test_every_control_the_tab_key_reaches_shows_it_has_the_focus(browser, server_url, title, heading):
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    try:
        page.goto(server_url)
        page.get_by_text("What was read").first.wait_for(timeout=TIMEOUT)
        settle(page)
        if title != "Start":
            page.get_by_role("link", name=title).first.click()
            page.get_by_role("heading", name=heading).first.wait_for(timeout=TIMEOUT)
            settle(page)
        changed, same = focus_rings(page)
        assert not same, f"no visible focus on {same}"
        # the page's own controls were reached, not only the sidebar's
        assert any(name.startswith(("BUTTON 'Open the demo area'", "BUTTON 'Move'")) for name in changed), changed
        assert len(changed) >= 20, changed
    finally:
        context.close()
