"""Presentation mode on a projector's 1280×720 screen: no sidebar, larger type, ranges in the text's own colour, a bar
that steps through the board's pages, and each chart whole on the screen, one at a time."""

from __future__ import annotations

from tests.e2e.browser import TIMEOUT, screenshot, settle

WIDTH, HEIGHT = 1280, 720
MAIN = '[data-testid="stMain"]'


def chart_fits(page) -> bool:
    """Whether the one chart on the page is whole within the screen."""
    box = page.locator(f'{MAIN} [data-testid="stPlotlyChart"]').first.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= HEIGHT


def test_presenting_shows_one_chart_at_a_time_whole_on_a_1280_by_720_screen(browser, server_url, tmp_path):
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT})
    page = context.new_page()
    try:
        page.goto(server_url)
        page.get_by_text("What was read").first.wait_for(timeout=TIMEOUT)
        settle(page)
        root = "() => parseFloat(getComputedStyle(document.documentElement).fontSize)"  # what rem sizes are made of
        normal_size = float(page.evaluate(root))
        page.get_by_text("Presentation mode").first.click()
        page.get_by_role("button", name="Leave presentation mode").wait_for(timeout=TIMEOUT)
        settle(page)
        assert not page.locator('[data-testid="stSidebar"]').is_visible()
        # the bar leads to the board's first page, then on through them
        page.get_by_role("link", name="Budget ▶").click()
        page.get_by_text("Budget · 1 of 6").wait_for(timeout=TIMEOUT)
        settle(page)
        page.get_by_role("link", name="Impact ▶").click()
        page.get_by_text("Impact · 2 of 6").wait_for(timeout=TIMEOUT)
        settle(page)
        size = float(page.evaluate(root))
        assert size >= normal_size * 1.15, (size, normal_size)  # larger type, everywhere
        caption = page.locator(f'{MAIN} [data-testid="stCaptionContainer"]').first
        assert caption.evaluate("e => getComputedStyle(e).opacity") == "1"  # not faint grey
        for name in ("By year", "BCF metric", "Waterfall", "By lever", "By locality"):
            page.locator(f"{MAIN} button", has_text=name).first.click()
            settle(page)
            assert page.locator(f'{MAIN} [data-testid="stPlotlyChart"]').count() == 1, name  # one chart a screen
            assert chart_fits(page), name
            screenshot(page, f"presenting_impact_{name.replace(' ', '_')}", tmp_path)
        page.get_by_role("link", name="Compare ▶").click()
        page.get_by_text("Compare · 3 of 6").wait_for(timeout=TIMEOUT)
        settle(page)
        page.locator(f"{MAIN} button", has_text="Admissions avoided").first.click()
        settle(page)
        assert chart_fits(page)
        page.get_by_role("button", name="Leave presentation mode").click()
        page.locator('[data-testid="stSidebar"]').wait_for(state="visible", timeout=TIMEOUT)
        settle(page)
        assert page.locator(f'{MAIN} [data-testid="stPlotlyChart"]').count() >= 2  # every chart again, editing
    finally:
        context.close()
