"""The main flow with the keyboard alone (WCAG 2.1.1): Tab to a page link and press Enter, Tab to the
amount, type it, Tab to Move and press Enter, then compare and download the Excel return the same
way; upload a workbook, edit a line in the Plan page's line editor with the arrow keys (the focus staying
in the grid) and type its amount back, and save the scenario in the scenario bar. The tests only read where
the focus is, as a sighted keyboard user sees the focus ring; they never click."""

from __future__ import annotations

import re
from contextlib import contextmanager
from pathlib import Path

import openpyxl
import pytest

from tests.e2e.browser import TIMEOUT, rerun, settle

MAX_TABS = 150  # a hang guard: every control of a page is reached in fewer presses than this


def tab_to(page, test: str, what: str, key: str = "Tab") -> None:
    """Press Tab (or ``key``, such as Shift+Tab) until the focused element passes ``test`` (a JavaScript
    function of the element)."""
    for _ in range(MAX_TABS):
        page.keyboard.press(key)
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


ROOT = Path(__file__).resolve().parents[2]
EDITOR = ("el => el.tagName === 'CANVAS' && "
          "Number(el.querySelector('table[role=grid]')?.getAttribute('aria-rowcount')) > 50")  # the line editor


@contextmanager
def app_page(browser, server_url: str, **context_options):
    """A fresh browser context on the app's Start page, once the demo has been read and the page is still."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, **context_options)
    page = context.new_page()
    try:
        page.goto(server_url)
        page.get_by_text("What was read").first.wait_for(timeout=TIMEOUT)
        settle(page)
        yield page
    finally:
        context.close()


def focus_on(page, cell: str) -> None:
    """Wait until the line editor's focused cell is ``cell`` (glide-cell-COLUMN-ROW; the grid moves the focus
    after the key event)."""
    page.wait_for_function(f"() => document.activeElement.id === {cell!r}", timeout=10_000)


def total_spend(page) -> float:
    """The Total row of the Plan page's spend by locality, after the changes (its last column), in £."""
    text = page.locator('[data-testid="stMainBlockContainer"]').inner_text()
    found = re.findall(r"Total\s+£([\d,]+)\s+\S+\s+£([\d,]+)", text)
    assert found, "no Total row on the Plan page"
    return float(found[-1][1].replace(",", ""))


TYPING_DELAY_MS = 80  # between keys, as a person types: the grid's cell editor loses digits typed all at once


def edit_amount(page, row: int, old: float, new: float) -> None:
    """With the focus on line ``row``'s amount in the line editor: Enter, type ``new`` over ``old``, Enter."""
    page.keyboard.press("Enter")  # opens the cell's editor on its amount
    editing = "() => document.activeElement.classList.contains('gdg-input') && document.activeElement.value === "
    page.wait_for_function(f"{editing}{f'{old:.0f}'!r}", timeout=10_000)
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type(f"{new:.0f}", delay=TYPING_DELAY_MS)
    page.wait_for_function(f"{editing}{f'{new:.0f}'!r}", timeout=10_000)
    page.keyboard.press("Enter")  # commits it; the grid moves to the line below
    focus_on(page, f"glide-cell-6-{row + 1}")


@pytest.mark.e2e
def test_edit_a_line_in_the_line_editor_with_the_keyboard_alone(browser, server_url):
    with app_page(browser, server_url) as page:

        # the line editor: Tab into the grid, arrow keys to the second line's amount, Enter, type, Enter
        go(page, "Plan", "Plan")
        before = total_spend(page)
        tab_to(page, EDITOR, "the line editor")
        page.keyboard.press("ArrowDown")
        focus_on(page, "glide-cell-0-1")  # the second line's first column
        for _ in range(6):
            page.keyboard.press("ArrowRight")
        focus_on(page, "glide-cell-6-1")  # Expenditure (£)
        amount = float(page.evaluate("() => document.activeElement.innerText").replace(",", "").replace("£", ""))
        new = (amount // 1000 + 100) * 1000  # £100,000 or so more, in the column's steps of £1,000
        edit_amount(page, 1, amount, new)
        page.get_by_text(f"£{before + new - amount:,.0f}").first.wait_for(timeout=TIMEOUT)  # the edit's rerun
        settle(page)
        assert total_spend(page) == before + new - amount
        # the focus stays in the grid, on the line below, after the edit's rerun (WCAG 2.4.3 Focus order)
        assert page.evaluate("() => document.activeElement.id") == "glide-cell-6-2"

        # back up a line and type the old amount back: the plan's total is as it was, to the pound
        page.keyboard.press("ArrowUp")
        focus_on(page, "glide-cell-6-1")
        with rerun(page):
            edit_amount(page, 1, new, amount)
        assert total_spend(page) == before
        assert page.evaluate("() => document.activeElement.id") == "glide-cell-6-2"


@pytest.mark.e2e
def test_move_money_compare_and_export_with_the_keyboard_alone(browser, server_url, tmp_path):
    with app_page(browser, server_url, accept_downloads=True) as page:

        go(page, "Plan", "Plan")
        tab_to(page, labelled("£ a year"), "the amount to move")
        page.keyboard.press("ControlOrMeta+A")
        page.keyboard.type("2000000")
        tab_to(page, button("Move"), "the Move button")
        page.keyboard.press("Enter")
        page.get_by_text("Moved £2,000,000 a year").first.wait_for(timeout=TIMEOUT)
        settle(page)

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


@pytest.mark.e2e
def test_save_a_scenario_with_the_keyboard_alone(browser, server_url):
    with app_page(browser, server_url) as page:

        # the scenario bar, in the sidebar before the page: open it, name the scenario, save
        tab_to(page, "el => el.tagName === 'SUMMARY' && el.innerText.includes('Save, open and share')",
               "the scenario bar")
        page.keyboard.press("Enter")
        tab_to(page, labelled("Name"), "the scenario's name")
        page.keyboard.type("Keyboard edit")
        page.keyboard.press("Tab")  # the very next stop is Save (a button disabled until the name is sent is skipped)
        assert page.evaluate(f"({button('Save')})(document.activeElement)")
        page.keyboard.press("Enter")
        page.get_by_text("Saved 'Keyboard edit' as version 1.").first.wait_for(timeout=TIMEOUT)
        settle(page)  # the save's run has finished: no control the next steps reach is drawn afresh under them
        sidebar = page.locator('[data-testid="stSidebar"]').inner_text()
        assert "Keyboard edit (saved version 1)" in sidebar


@pytest.mark.e2e
def test_upload_a_workbook_with_the_keyboard_alone(browser, server_url):
    from playwright.sync_api import expect

    with app_page(browser, server_url) as page:
        # Playwright catches the browser's file chooser only once it has asked the browser to, which it does, without
        # waiting, when the page's first "filechooser" listener is added: added by expect_file_chooser just before
        # Enter, the request could arrive after the chooser (the page had opened it: input.click() was called every
        # time), so it is added now, long before
        page.on("filechooser", lambda chooser: None)
        settle(page)
        # upload on the Start page: the file input's button is reached with Tab and opens the browser's file
        # chooser with Enter
        workbook_upload = f"el => ({button('Upload')})(el) && !!el.closest('[data-testid=\"stMain\"]')"
        tab_to(page, workbook_upload, "the Upload button of the workbook chooser (not the scenario bar's)")
        focused = page.locator(":focus")
        expect(focused).to_be_enabled(timeout=TIMEOUT)
        expect(focused).to_have_text(re.compile(r"Upload\s*$"), timeout=TIMEOUT)
        with page.expect_file_chooser(timeout=TIMEOUT) as chooser:
            page.keyboard.press("Enter")
        chooser.value.set_files(str(ROOT / "templates" / "demo_area.xlsx"))
        page.get_by_text("demo_area.xlsx — input template workbook").first.wait_for(timeout=TIMEOUT)
