"""The Budget page in a real browser: the demo area shows, a bad upload is refused in plain words
without losing the open workbook, and a good upload replaces it."""

from __future__ import annotations

import openpyxl

from tests.e2e.conftest import screenshot

TIMEOUT = 60_000


def wait_for_title(page, text: str) -> None:
    page.get_by_role("heading", name=text).first.wait_for(timeout=TIMEOUT)


def test_demo_page_shows_pool_and_rules(page, server_url, tmp_path):
    page.goto(server_url)
    wait_for_title(page, "Northbrook")
    from budget.demo import demo_plan

    pool = f"£{demo_plan().total_income:,.0f}"
    for text in ("The pool by funding stream", "Pooled income", pool, "Spend by lever", "BCF rules",
                 "Part of the pool is unallocated"):
        page.get_by_text(text).first.wait_for(timeout=TIMEOUT)
    page.wait_for_load_state("networkidle")
    body = page.inner_text("body")
    assert "2026-27" in body
    assert "Traceback" not in body
    shot = screenshot(page, "budget-demo", tmp_path)
    assert shot.stat().st_size > 10_000


def test_bad_upload_is_refused_and_demo_kept(page, server_url, tmp_path):
    page.goto(server_url)
    wait_for_title(page, "Northbrook")
    bad = tmp_path / "broken.xlsx"
    bad.write_text("<html>this is a web page saved with the wrong name</html>")
    page.locator('input[type="file"]').set_input_files(str(bad))
    page.get_by_text("could not be read").first.wait_for(timeout=TIMEOUT)
    body = page.inner_text("body")
    assert "broken.xlsx" in body
    assert "Traceback" not in body
    assert "Northbrook" in page.inner_text("h1")
    screenshot(page, "budget-bad-upload", tmp_path)


def test_good_upload_replaces_demo(page, server_url, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Better Care Fund allocations 2025-26"])
    ws.append(["HWB Code", "HWB Name", "Minimum NHS Contribution", "Disabled Facilities Grant"])
    ws.append(["E06000001", "Hartlepool", 12_345_678, 1_234_567])
    path = tmp_path / "hartlepool.xlsx"
    wb.save(path)
    page.goto(server_url)
    wait_for_title(page, "Northbrook")
    page.locator('input[type="file"]').set_input_files(str(path))
    wait_for_title(page, "Hartlepool")
    body = page.inner_text("body")
    assert "£13,580,245" in body  # 12,345,678 + 1,234,567
    screenshot(page, "budget-upload", tmp_path)
    # going back to the demo sticks, although the uploaded file is still in the uploader
    page.get_by_role("button", name="Open the demo area").click()
    wait_for_title(page, "Northbrook")
    page.get_by_role("button", name="Open the demo area").click()  # another rerun
    page.wait_for_timeout(1500)
    assert "Northbrook" in page.inner_text("h1")
