"""The app in a real browser (Debian's chromium driven by Playwright): open the demo, look at every
page, refuse a bad upload without losing the open workbook, accept a good one, move money between
levers and see the headline change, switch to presentation mode. Screenshots of every page go to a
temporary folder (or $BCF_SCREENSHOTS)."""

from __future__ import annotations

import openpyxl

from budget.demo import demo_plan
from tests.e2e.browser import TIMEOUT, rerun, screenshot, settle


def wait_text(page, text: str) -> None:
    page.get_by_text(text).first.wait_for(timeout=TIMEOUT)


def go(page, title: str, heading: str) -> None:
    page.get_by_role("link", name=title).first.click()
    page.get_by_role("heading", name=heading).first.wait_for(timeout=TIMEOUT)
    page.wait_for_load_state("networkidle")


def test_every_page_of_the_demo(page, server_url, tmp_path):
    page.goto(server_url)
    wait_text(page, "What was read")
    wait_text(page, "Northbrook (illustrative)")
    screenshot(page, "1-start", tmp_path)
    go(page, "Budget", "Northbrook (illustrative): Better Care Fund 2026-27")
    for text in ("The pool by funding stream", "Pooled income", f"£{demo_plan().total_income:,.0f}",
                 "Spend by lever", "BCF rules", "Part of the pool is unallocated"):
        wait_text(page, text)
    screenshot(page, "2-budget", tmp_path)
    go(page, "Plan", "Plan")
    wait_text(page, "Move money")
    screenshot(page, "3-plan", tmp_path)
    go(page, "Impact", "Impact: Current edit")
    wait_text(page, "What the whole pool buys")
    page.locator(".js-plotly-plot").first.wait_for(timeout=TIMEOUT)
    screenshot(page, "4-impact", tmp_path)
    go(page, "Compare", "Compare scenarios")
    page.locator(".js-plotly-plot").first.wait_for(timeout=TIMEOUT)
    screenshot(page, "5-compare", tmp_path)
    go(page, "Assumptions", "Assumptions")
    wait_text(page, "Both stances, side by side")
    screenshot(page, "6-assumptions", tmp_path)
    go(page, "Method", "How the model works")
    screenshot(page, "7-method", tmp_path)
    assert "Traceback" not in page.inner_text("body")


def test_bad_upload_is_refused_and_demo_kept(page, server_url, tmp_path):
    page.goto(server_url)
    wait_text(page, "Northbrook (illustrative)")
    bad = tmp_path / "broken.xlsx"
    bad.write_text("<html>this is a web page saved with the wrong name</html>")
    page.locator('[data-testid="stMainBlockContainer"] input[type="file"]').set_input_files(str(bad))
    wait_text(page, "could not be read")
    wait_text(page, "save it as an Excel Workbook")  # the refusal's point, drawn a moment after it
    body = page.inner_text("body")
    assert "broken.xlsx" in body and "save it as an Excel Workbook (.xlsx)" in body
    assert "Traceback" not in body
    assert "Northbrook (illustrative)" in body
    screenshot(page, "8-bad-upload", tmp_path)


def test_oversized_sheet_is_refused_with_its_sheet_and_cell(page, server_url, tmp_path):
    from budget.readers.safety import MAX_SHEET_ROWS
    from tests.integration.builders import plan_with_many_lines

    huge = tmp_path / "national_dump.xlsx"
    huge.write_bytes(plan_with_many_lines(200_000))
    page.goto(server_url)
    wait_text(page, "Northbrook (illustrative)")
    page.locator('[data-testid="stMainBlockContainer"] input[type="file"]').set_input_files(str(huge))
    wait_text(page, "could not be read")
    # the refusal is drawn first and its points a moment later: wait for the point that names the cell
    wait_text(page, f"cell A{MAX_SHEET_ROWS + 1}")
    body = page.inner_text("body")
    assert f"sheet 'Expenditure', cell A{MAX_SHEET_ROWS + 1}" in body
    assert f"more than {MAX_SHEET_ROWS:,} filled rows" in body and "Delete the unused rows" in body
    assert "Traceback" not in body and "Northbrook (illustrative)" in body
    screenshot(page, "8b-oversized-upload", tmp_path)


def test_good_upload_replaces_demo_and_back(page, server_url, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Better Care Fund allocations 2025-26"])
    ws.append(["HWB Code", "HWB Name", "Minimum NHS Contribution", "Disabled Facilities Grant"])
    ws.append(["E06000001", "Hartlepool", 12_345_678, 1_234_567])
    path = tmp_path / "hartlepool.xlsx"
    wb.save(path)
    page.goto(server_url)
    wait_text(page, "Northbrook (illustrative)")
    page.locator('[data-testid="stMainBlockContainer"] input[type="file"]').set_input_files(str(path))
    wait_text(page, "allocations workbook for")
    wait_text(page, "£13,580,245")  # 12,345,678 + 1,234,567
    assert "Hartlepool" in page.inner_text("body")
    settle(page)  # the upload's reruns finish
    page.get_by_role("button", name="Open the demo area").click()
    wait_text(page, "demo — input template workbook")
    settle(page)
    with rerun(page):
        page.get_by_role("button", name="Open the demo area").click()  # another rerun: the demo stays
    main = page.locator('[data-testid="stMainBlockContainer"]').inner_text()
    assert "Northbrook (illustrative)" in main and "Hartlepool" not in main


def headline(page) -> str:
    metric = page.locator('[data-testid="stMetric"]').first
    metric.wait_for(timeout=TIMEOUT)
    return metric.inner_text()


def test_move_money_changes_the_headline_and_presentation_mode(page, server_url, tmp_path):
    page.goto(server_url)
    wait_text(page, "Northbrook (illustrative)")
    go(page, "Impact", "Impact: Current edit")
    before = headline(page)
    go(page, "Plan", "Plan")
    page.get_by_label("£ a year").fill("2000000")
    page.get_by_role("button", name="Move").click()
    wait_text(page, "Moved £2,000,000 a year")
    screenshot(page, "9-plan-moved", tmp_path)
    go(page, "Impact", "Impact: Current edit")
    settle(page)
    after = headline(page)
    assert after != before, (before, after)
    page.get_by_text("Presentation mode").first.click()
    settle(page)
    page.locator('[data-testid="stMain"] button', has_text="By year").first.click()  # one screen a time
    settle(page)
    page.locator(".js-plotly-plot").first.wait_for(timeout=TIMEOUT)
    assert page.get_by_text("Model settings").count() == 0
    screenshot(page, "10-impact-presentation", tmp_path)
