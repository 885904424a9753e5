"""Presentation mode on a projector's 1280×720 screen: no sidebar, larger type, ranges in the text's own colour, a bar
that steps through the board's pages, and each chart whole on the screen, one at a time."""

from __future__ import annotations

from app_ui.presenting import PRESENTED
from tests.e2e.browser import TIMEOUT, rerun, screenshot, settle

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
        page.get_by_text(f"Budget · 1 of {len(PRESENTED)}").wait_for(timeout=TIMEOUT)
        settle(page)
        page.get_by_role("link", name="Impact ▶").click()
        page.get_by_text(f"Impact · 2 of {len(PRESENTED)}").wait_for(timeout=TIMEOUT)
        settle(page)
        size = float(page.evaluate(root))
        assert size >= normal_size * 1.15, (size, normal_size)  # larger type, everywhere
        caption = page.locator(f'{MAIN} [data-testid="stCaptionContainer"]').first
        assert caption.evaluate("e => getComputedStyle(e).opacity") == "1"  # not faint grey
        for name in ("By year", "BCF metric", "Waterfall", "By lever", "By locality"):
            with rerun(page):
                page.locator(f"{MAIN} button", has_text=name).first.click()
            assert page.locator(f'{MAIN} [data-testid="stPlotlyChart"]').count() == 1, name  # one chart a screen
            assert chart_fits(page), name
            screenshot(page, f"presenting_impact_{name.replace(' ', '_')}", tmp_path)
        page.get_by_role("link", name="Compare ▶").click()
        page.get_by_text(f"Compare · 3 of {len(PRESENTED)}").wait_for(timeout=TIMEOUT)
        settle(page)
        with rerun(page):
            page.locator(f"{MAIN} button", has_text="Admissions avoided").first.click()
        assert chart_fits(page)
        page.get_by_role("button", name="Leave presentation mode").click()
        page.locator('[data-testid="stSidebar"]').wait_for(state="visible", timeout=TIMEOUT)
        settle(page)
        assert page.locator(f'{MAIN} [data-testid="stPlotlyChart"]').count() >= 2  # every chart again, editing
    finally:
        context.close()


def test_the_monitor_page_presents_each_chart_whole_one_at_a_time(browser, server_url, tmp_path):
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT})
    page = context.new_page()
    try:
        page.goto(server_url)
        page.get_by_text("What was read").first.wait_for(timeout=TIMEOUT)
        settle(page)
        page.get_by_role("link", name="Monitor").first.click()
        page.get_by_role("button", name="Use the demo's illustrative actuals").click()
        page.get_by_text("Spent to date").first.wait_for(timeout=TIMEOUT)
        settle(page)
        page.get_by_text("Presentation mode").first.click()
        page.get_by_text(f"Monitor · {len(PRESENTED)} of {len(PRESENTED)}").wait_for(timeout=TIMEOUT)
        settle(page)
        assert not page.locator('[data-testid="stSidebar"]').is_visible()
        assert page.locator(f'{MAIN} [data-testid="stFileUploader"]').count() == 0  # no controls for the board
        assert page.locator(f'{MAIN} [data-testid="stDownloadButton"]').count() == 0
        cards = page.locator(f'{MAIN} [data-testid="stMetric"]')
        assert cards.count() == 4
        last = cards.nth(3).bounding_box()
        assert last is not None and last["y"] + last["height"] <= HEIGHT  # the words and the totals on one screen
        screenshot(page, "presenting_monitor_In_words", tmp_path)
        picker = page.locator(f'{MAIN} [data-testid="stSelectbox"]').first
        picker.click()
        names = [n.strip() for n in page.get_by_role("option").all_inner_texts()]
        page.keyboard.press("Escape")
        assert names[:3] == ["In words", "Spend", "By funding stream"] and len(names) == 7, names
        for name in names[1:]:
            picker.click()
            with rerun(page):
                page.get_by_role("option", name=name, exact=True).click()
            charts = page.locator(f'{MAIN} [data-testid="stPlotlyChart"]').count()
            assert charts == (0 if name == "By funding stream" else 1), name  # one chart a screen
            if charts:
                assert chart_fits(page), name
            else:
                box = page.locator(f'{MAIN} [data-testid="stTable"]').first.bounding_box()
                assert box is not None and box["y"] + box["height"] <= HEIGHT, name
            screenshot(page, f"presenting_monitor_{name.replace(' ', '_')}", tmp_path)
    finally:
        context.close()
