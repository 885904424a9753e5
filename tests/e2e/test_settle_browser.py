"""The browser tests' waits: settle and rerun wait for what a person would wait for before reading the screen."""

from __future__ import annotations

import time

from tests.e2e.browser import TIMEOUT, rerun, settle

MAIN = '[data-testid="stMain"]'
DELAY_S = 3.0  # longer than settle's second of stillness


def test_settle_waits_for_a_chart_whose_code_is_still_loading(page, server_url):
    """A chart's code is fetched the first time a page shows one (a placeholder stands in meanwhile); on a busy
    server that can take longer than settle's second of stillness, and the chart must still be there after it."""

    fetched = []

    def slowly(route):
        fetched.append(route.request.url)
        time.sleep(DELAY_S)
        route.continue_()

    page.route("**/PlotlyChart*.js", slowly)
    page.goto(server_url)
    page.get_by_text("What was read").first.wait_for(timeout=TIMEOUT)
    settle(page)
    page.get_by_text("Presentation mode").first.click()
    page.get_by_role("button", name="Leave presentation mode").wait_for(timeout=TIMEOUT)
    settle(page)
    for step, name in enumerate(("Budget", "Impact"), start=1):
        page.get_by_role("link", name=f"{name} ▶").click()
        page.get_by_text(f"{name} · {step} of ").wait_for(timeout=TIMEOUT)
        settle(page)
    assert page.locator(f'{MAIN} [data-testid="stPlotlyChart"]').count() == 0  # the pool's cards: no chart yet
    assert not fetched  # the chart code is first needed below, so its delay is what settle must wait through
    with rerun(page):
        page.locator(f"{MAIN} button", has_text="By year").first.click()
    charts = page.locator(f'{MAIN} [data-testid="stPlotlyChart"]')
    assert fetched and charts.count() == 1
    assert charts.first.locator(".main-svg").count() >= 1  # drawn, not only placed
