"""A plan in the national template's shape, uploaded in a real browser: for an area the tool knows, it is modelled as
one area-wide locality and the Impact page says so; for one it does not, the submission copy still downloads, with
its goals and capacity sheets saying why they are empty."""

from __future__ import annotations

import io

import openpyxl

from budget.readers import load_bytes
from tests.e2e.browser import TIMEOUT, screenshot, settle
from tests.integration.builders import plan_workbook, save

MAIN = '[data-testid="stMainBlockContainer"]'


def upload(page, path) -> None:
    page.locator(f'{MAIN} input[type="file"]').set_input_files(str(path))
    page.get_by_text("What was read").first.wait_for(timeout=TIMEOUT)
    settle(page)


def go(page, title: str, heading: str) -> None:
    page.get_by_role("link", name=title).first.click()
    page.get_by_role("heading", name=heading).first.wait_for(timeout=TIMEOUT)
    settle(page)


def test_a_national_template_plan_is_modelled_or_still_exported(page, server_url, tmp_path):
    page.goto(server_url)
    page.get_by_text("What was read").first.wait_for(timeout=TIMEOUT)
    settle(page)
    # an area the tool knows: one area-wide locality from its published population, said on the page
    known = tmp_path / "hartlepool.xlsx"
    known.write_bytes(save(plan_workbook()))
    upload(page, known)
    go(page, "Impact", "Impact")
    note = page.locator('[data-testid="stAlertContentInfo"]', has_text="modelled as one area-wide locality")
    note.first.wait_for(timeout=TIMEOUT)
    page.locator('[data-testid="stMetric"]').nth(2).wait_for(timeout=TIMEOUT)  # the model ran: its cards are drawn
    settle(page)
    screenshot(page, "national-plan-impact", tmp_path)
    # an area it does not know: every page that needs no model works, and the return downloads
    unknown = tmp_path / "testborough.xlsx"
    data = save(plan_workbook(cover=[("Health and Wellbeing Board", "Testborough"), ("HWB Code", "E06999998"),
                                     ("Financial Year", "2025-26")]))
    unknown.write_bytes(data)
    go(page, "Start", "Start")
    upload(page, unknown)
    go(page, "Budget", "Testborough")
    assert page.locator('[data-testid="stAlertContentError"]').count() == 0
    go(page, "Export", "Export")
    button = page.get_by_role("button", name="Download the Excel return")
    button.wait_for(timeout=TIMEOUT)
    with page.expect_download(timeout=TIMEOUT) as info:
        button.click()
    path = tmp_path / "return.xlsx"
    info.value.save_as(path)
    screenshot(page, "national-plan-export", tmp_path)
    (plan,) = load_bytes(data, name="testborough.xlsx").plans
    (back,) = load_bytes(path.read_bytes(), name="return.xlsx").plans
    assert sorted((x.scheme_id, x.amount) for x in back.lines) == sorted((x.scheme_id, x.amount) for x in plan.lines)
    wb = openpyxl.load_workbook(io.BytesIO(path.read_bytes()))
    metrics = " ".join(str(v) for row in wb["Metrics"].iter_rows(values_only=True) for v in row if v)
    assert "cannot run on this plan yet" in metrics
