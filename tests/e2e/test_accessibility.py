"""axe-core (bundled by axe-playwright-python) on every page of the demo, in the normal view and in
presentation mode: no serious or critical violation of the WCAG 2.0, 2.1 and 2.2 A and AA rules in
the app's own content.

Streamlit's own page navigation (``stSidebarNav``) is checked apart and only reported: its markup
(``<ul>`` holding section headers and separators beside the ``<li>`` items) belongs to Streamlit,
not to this project, and is not patched here. docs/accessibility.md lists it as known."""

from __future__ import annotations

import collections

import pytest

from app_ui.presenting import PRESENTED
from tests.e2e.browser import TIMEOUT, settle

PAGES = [("Start", "Start"), ("Budget", "Better Care Fund"), ("Plan", "Plan"), ("Impact", "Impact"),
         ("Compare", "Compare scenarios"), ("Goals", "Goals for the BCF metrics"),
         ("Capacity", "Intermediate care capacity and demand"), ("Sign-off", "National conditions and sign-off"),
         ("Optimise", "Optimise"), ("Export", "Export"), ("Monitor", "Monitor: the year so far"),
         ("Assumptions", "Assumptions"), ("Method", "How the model works")]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING = ("serious", "critical")
NAVIGATION = '[data-testid="stSidebarNav"]'



def go(page, title: str, heading: str) -> None:
    page.get_by_role("link", name=title).first.click()
    page.get_by_role("heading", name=heading).first.wait_for(timeout=TIMEOUT)
    settle(page)


def demo_actuals(page) -> None:
    """The demo's illustrative actuals given on the Monitor page, so that it shows the year so far."""
    go(page, "Monitor", "Monitor: the year so far")
    page.get_by_role("button", name="Use the demo's illustrative actuals").click()
    page.get_by_text("Spent to date").first.wait_for(timeout=TIMEOUT)
    settle(page)


def blocking(response: dict) -> list[tuple[str, str, str, str]]:
    """(rule, impact, element, what axe says) for every serious or critical finding."""
    found = []
    for v in response["violations"]:
        if v["impact"] in BLOCKING:
            for node in v["nodes"]:
                why = next((c["message"] for c in node.get("any", []) + node.get("all", []) if c.get("message")), "")
                found.append((v["id"], v["impact"], node["html"][:160], why[:200]))
    return found


def audit(page, navigation: bool = True) -> tuple[list, list]:
    """Findings in the project's own content, and findings inside Streamlit's navigation (when it is shown)."""
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}}
    ours = Axe().run(page, context={"exclude": [[NAVIGATION]]}, options=options).response
    if not navigation:
        return blocking(ours), []
    nav = page.evaluate("([context, options]) => axe.run(context, options)",
                        [{"include": [[NAVIGATION]]}, options])
    return blocking(ours), blocking(nav)


@pytest.mark.e2e
@pytest.mark.parametrize("presenting", [False, True], ids=["normal", "presentation"])
def test_no_serious_or_critical_violation_on_any_page(page, server_url, presenting):
    pytest.importorskip("axe_playwright_python")
    page.goto(server_url)
    page.get_by_text("What was read").first.wait_for(timeout=TIMEOUT)
    settle(page)
    demo_actuals(page)  # the Monitor page with the year so far to show, in both modes
    go(page, "Start", "Start")
    if presenting:
        page.get_by_text("Presentation mode").first.click()
        settle(page)
    failures: list[str] = []
    navigation = collections.Counter()
    # presenting, the sidebar is hidden and the presentation bar steps through the board's pages
    for title, heading in [x for x in PAGES if x[0] in PRESENTED] if presenting else PAGES:
        if presenting:
            page.get_by_role("link", name=f"{title} ▶").first.click()
            page.get_by_role("heading", name=heading).first.wait_for(timeout=TIMEOUT)
            settle(page)
        else:
            go(page, title, heading)
        if title == "Impact" and presenting:  # one screen at a time: a chart's screen
            page.locator('[data-testid="stMain"] button', has_text="By year").first.click()
            settle(page)
        if title == "Monitor" and presenting:  # one screen at a time: a chart's screen
            page.locator('[data-testid="stMain"] [data-testid="stSelectbox"]').first.click()
            page.get_by_role("option", name="Spend", exact=True).click()
            settle(page)
        if title in ("Impact", "Monitor"):
            page.locator(".js-plotly-plot").first.wait_for(timeout=TIMEOUT)
        ours, nav = audit(page, navigation=not presenting)
        failures += [f"{title}: {rule} ({impact}) {html}: {why}" for rule, impact, html, why in ours]
        navigation.update(rule for rule, *_ in nav)
    # Streamlit's navigation, reported apart (see the module docstring)
    print(f"Streamlit navigation, serious or critical findings over {len(PAGES)} pages: {dict(navigation)}")
    assert not failures, f"{len(failures)} serious or critical accessibility violations:\n" + "\n".join(failures)
