"""The main flow with the keyboard alone (WCAG 2.1.1): Tab to a page link and press Enter, Tab to the
amount, type it, Tab to Move and press Enter, then compare and download the Excel return the same
way. The test only reads where the focus is, as a sighted keyboard user sees the focus ring; it
never clicks."""

from __future__ import annotations

import openpyxl
import pytest

from tests.e2e.test_accessibility import settle

TIMEOUT = 120_000
MAX_TABS = 150  # a hang guard: every control of a page is reached in fewer presses than this


def tab_to(page, test: str, what: str) -> None:
    """Press Tab until the focused element passes ``test`` (a JavaScript function of the element)."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate(f"(({test}))(document.activeElement)"):
            return
    pytest.fail(f"{what} was not reached with {MAX_TABS} presses of Tab")


def shown_as(tag: str, name: str) -> str:
    """The element's last line of text is ``name`` (an icon's name may come first)."""
    return f"el => el.tagName === {tag!r} && (el.innerText || '').trim().split('\\n').pop().trim() === {name!r}"


def link(title: str) -> str:
    return shown_as("A", title)


def button(name: str) -> str:
    return shown_as("BUTTON", name)


def labelled(name: str) -> str:
    return (f"el => el.tagName === 'INPUT' && (el.getAttribute('aria-label') === {name!r} || "
            f"[...(el.labels || [])].some(l => l.innerText.trim().startsWith({name!r})))")


def go(page, title: str, heading: str) -> None:
    tab_to(page, link(title), f"the link to {title}")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name=heading).first.wait_for(timeout=TIMEOUT)
    settle(page)


@pytest.mark.e2e
def test_move_money_compare_and_export_with_the_keyboard_alone(browser, server_url, tmp_path):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True)
    page = context.new_page()
    try:
        page.goto(server_url)
        page.get_by_text("What was read").first.wait_for(timeout=TIMEOUT)
        settle(page)

        go(page, "Plan", "Plan")
        tab_to(page, labelled("£ a year"), "the amount to move")
        page.keyboard.press("ControlOrMeta+A")
        page.keyboard.type("2000000")
        tab_to(page, button("Move"), "the Move button")
        page.keyboard.press("Enter")
        page.get_by_text("Moved £2,000,000 a year").first.wait_for(timeout=TIMEOUT)

        go(page, "Compare", "Compare scenarios")
        page.locator(".js-plotly-plot").first.wait_for(timeout=TIMEOUT)
        assert "Current edit" in page.locator('[data-testid="stMainBlockContainer"]').inner_text()

        go(page, "Export", "Export")
        tab_to(page, button("Download the Excel return (submission copy)"), "the download button")
        with page.expect_download(timeout=TIMEOUT) as info:
            page.keyboard.press("Enter")
        path = tmp_path / "return.xlsx"
        info.value.save_as(path)
        cover = {r[0]: r[1] for r in openpyxl.load_workbook(path)["Cover"].iter_rows(values_only=True) if r and r[0]}
        assert cover["Scenario"] == "Current edit"
    finally:
        context.close()
