"""Ten people at once on one server, each in their own browser context: each uploads their own
area's plan and runs it; nobody sees another's area or figures. Page times are printed (p50, p95)."""

from __future__ import annotations

import asyncio
import statistics
import time
from concurrent.futures import ThreadPoolExecutor

import openpyxl

from tests.e2e.conftest import CHROMIUM_ARGS
from tests.integration.builders import GOOD_LINES, plan_workbook

AREAS = [(f"E06{100 + i:06d}", f"Testshire {chr(65 + i)}") for i in range(10)]
TIMEOUT = 180_000


def workbook(tmp_path, code: str, name: str, scale: int):
    lines = [[*row[:11], 100_000 * scale, *row[12:]] for row in GOOD_LINES]
    wb: openpyxl.Workbook = plan_workbook(lines, cover=[("Health and Wellbeing Board", name), ("HWB Code", code),
                                                        ("Financial Year", "2025-26")],
                                          income=[["Minimum NHS Contribution", 10_000_000],
                                                  ["Local Authority Better Care Grant", 10_000_000],
                                                  ["Disabled Facilities Grant", 10_000_000]])
    path = tmp_path / f"{name}.xlsx"
    wb.save(path)
    return path


async def one_user(browser, url: str, path, name: str, scale: int, times: list[float]) -> str:
    context = await browser.new_context(viewport={"width": 1280, "height": 800})
    page = await context.new_page()
    try:
        t0 = time.perf_counter()
        await page.goto(url)
        await page.get_by_text("What was read").first.wait_for(timeout=TIMEOUT)
        times.append(time.perf_counter() - t0)
        await page.locator('[data-testid="stMainBlockContainer"] input[type="file"]').set_input_files(str(path))
        t0 = time.perf_counter()
        await page.get_by_text(f"{path.name} — plan workbook").first.wait_for(timeout=TIMEOUT)
        times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        await page.get_by_role("link", name="Budget").first.click()
        await page.get_by_text("Planned expenditure").first.wait_for(timeout=TIMEOUT)
        times.append(time.perf_counter() - t0)
        await page.wait_for_timeout(1000)
        return await page.locator('[data-testid="stMainBlockContainer"]').inner_text()
    finally:
        await context.close()


def test_ten_sessions_at_once_see_only_their_own_area(server_url, chromium_path, tmp_path):
    from playwright.async_api import async_playwright

    paths = [workbook(tmp_path, code, name, i + 1) for i, (code, name) in enumerate(AREAS)]
    times: list[float] = []

    async def main():
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS)
            try:
                return await asyncio.gather(*[one_user(browser, server_url, path, name, i + 1, times)
                                              for i, (path, (_, name)) in enumerate(zip(paths, AREAS, strict=True))])
            finally:
                await browser.close()

    # the sync Playwright used by the other browser tests keeps an event loop on this thread
    with ThreadPoolExecutor(max_workers=1) as pool:
        bodies = pool.submit(lambda: asyncio.run(main())).result(timeout=600)
    for i, ((code, name), body) in enumerate(zip(AREAS, bodies, strict=True)):
        assert name in body and code in body
        assert f"£{sum(100_000 * (i + 1) for _ in GOOD_LINES):,.0f}" in body  # this user's own spend
        others = [n for _, n in AREAS if n != name]
        assert not any(o in body for o in others), f"{name} saw another session's area"
        assert "Traceback" not in body
    times.sort()
    p50 = statistics.median(times)
    p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
    print(f"\n10 concurrent sessions, {len(times)} page loads: p50 {p50:.2f} s, p95 {p95:.2f} s")
