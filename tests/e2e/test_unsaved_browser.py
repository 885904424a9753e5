"""The current scenario's state in a real browser, as a BCF lead meets it: save a scenario, set a goal, see
"unsaved changes" in the sidebar, try to open another saved scenario, be asked first, keep editing and find
the goal still there."""

from __future__ import annotations

import re

from tests.e2e.browser import TIMEOUT, settle


def sidebar(page) -> str:
    return page.locator('[data-testid="stSidebar"]').inner_text()


def name_box(page):
    return page.locator('[data-testid="stSidebar"]').get_by_label("Name", exact=True)


def open_bar(page) -> None:
    """Open the sidebar's "Save, open and share scenarios" when it is closed (a new page draws it closed)."""
    if not name_box(page).is_visible():
        page.get_by_text("Save, open and share scenarios").first.click()
        name_box(page).wait_for(timeout=TIMEOUT)


def save(page, name: str, button: str) -> None:
    open_bar(page)
    name_box(page).fill(name)
    name_box(page).press("Enter")
    settle(page)
    page.get_by_role("button", name=button, exact=True).click()
    page.get_by_text(f"Saved '{name}'").first.wait_for(timeout=TIMEOUT)
    settle(page)


def test_save_edit_a_goal_see_unsaved_switch_and_be_asked(page, server_url):
    page.goto(server_url)
    page.get_by_text("What was read").first.wait_for(timeout=TIMEOUT)
    settle(page)
    assert "Northbrook (illustrative) · 2026-27" in sidebar(page)
    save(page, "Option to open", "Save")
    save(page, "Another option", "Save as copy")  # listed before the first, so the test picks it from the list
    assert "Another option" in sidebar(page) and "unsaved changes" not in sidebar(page)

    page.get_by_role("link", name="Goals").first.click()
    page.get_by_text("Set our own goal").first.wait_for(timeout=TIMEOUT)
    settle(page)
    page.get_by_text("Set our own goal").first.click()
    page.locator('[data-testid="stSidebar"]').get_by_text("unsaved changes").wait_for(timeout=TIMEOUT)
    settle(page)

    open_bar(page)
    picker = page.locator('[data-testid="stSidebar"]').get_by_role("combobox", name="Open a saved scenario")
    if picker.input_value() != "Option to open":
        picker.click()
        picker.fill("Option to open")
        page.get_by_role("option", name="Option to open").click()
        settle(page)
    assert picker.input_value() == "Option to open"
    page.locator('[data-testid="stSidebar"] button[kind]').filter(has_text=re.compile(r"^Open$")).click()
    page.get_by_role("button", name="Keep editing").wait_for(timeout=TIMEOUT)
    main = page.locator('[data-testid="stMainBlockContainer"]')
    assert "replaces the scenario you are editing, Another option, which has unsaved changes" in main.inner_text()
    assert page.get_by_role("button", name="Open anyway").is_visible()

    page.get_by_role("button", name="Keep editing").click()
    page.get_by_role("button", name="Keep editing").wait_for(state="detached", timeout=TIMEOUT)
    settle(page)
    assert "Another option" in sidebar(page) and "unsaved changes" in sidebar(page)  # the work is kept
    assert page.get_by_role("switch", name="Set our own goal").first.is_checked()


def test_a_reload_keeps_the_work_in_progress(page, server_url):
    """Reloading the page (or opening its address again) picks up a change not yet saved."""
    from tests.e2e.browser import rerun

    page.goto(server_url)
    page.get_by_text("What was read").first.wait_for(timeout=TIMEOUT)
    settle(page)
    page.get_by_role("link", name="Plan").first.click()
    move = page.get_by_role("button", name="Move", exact=True)
    move.wait_for(timeout=TIMEOUT)
    settle(page)
    with rerun(page):
        move.click()
    page.get_by_role("button", name="Remove").wait_for(timeout=TIMEOUT)
    assert re.search(r"[?&]w=[A-Za-z0-9_-]{32}$", page.url), page.url
    assert "unsaved changes" in sidebar(page)
    page.reload()
    page.get_by_text("Picked up where you left off").first.wait_for(timeout=TIMEOUT)
    page.get_by_role("button", name="Remove").wait_for(timeout=TIMEOUT)
    settle(page)
    assert "unsaved changes" in sidebar(page)
    page.get_by_role("link", name="Impact").first.click()  # a page change keeps the address's token
    page.get_by_text("What this scenario changes").first.wait_for(timeout=TIMEOUT)
    settle(page)
    assert re.search(r"[?&]w=[A-Za-z0-9_-]{32}$", page.url), page.url
