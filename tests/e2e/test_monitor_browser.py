"""The Monitor page in a real browser: the demo, its actuals workbook uploaded as `bcf demo` writes it, and every
figure the page shows equal to `bcf track demo --actuals FILE --json`; the demo's button gives the same."""

from __future__ import annotations

import json
import re

from budget.money import gbp
from scenarios.track_text import summary_paragraph
from tests.e2e.browser import TIMEOUT, rerun, screenshot, settle
from tests.integration.commands import bcf

MAIN = '[data-testid="stMainBlockContainer"]'


def _cards(page) -> dict[str, str]:
    cards = page.locator(f'{MAIN} [data-testid="stMetric"]')
    out = {}
    for i in range(cards.count()):
        label = cards.nth(i).locator('[data-testid="stMetricLabel"]').inner_text().strip()
        out[label] = cards.nth(i).locator('[data-testid="stMetricValue"]').inner_text().strip()
    return out


def _shown(page, want: dict) -> None:
    t = want["spend"]["total"]
    page.locator(f'{MAIN} [data-testid="stMetric"]').nth(3).wait_for(timeout=TIMEOUT)
    page.locator(f"{MAIN} .js-plotly-plot").first.wait_for(timeout=TIMEOUT)
    settle(page)
    assert _cards(page) == {"Spent to date": gbp(t["actual_to_date"]), "Planned to date": gbp(t["planned_to_date"]),
                            "Variance": gbp(t["variance"]), "Forecast outturn": gbp(t["forecast_outturn"])}
    paragraph = page.locator(f'{MAIN} [data-testid="stMarkdownContainer"]',
                             has_text=re.compile(r"^To the end of")).first
    assert paragraph.inner_text().strip() == summary_paragraph(want)
    for s in want["spend"]["by_stream"].values():
        row = page.locator(f"{MAIN} tr", has_text=s["label"]).first
        cells = [c.strip() for c in row.locator("td, th").all_inner_texts()]
        assert cells[:4] == [s["label"], gbp(s["planned_to_date"]), gbp(s["actual_to_date"]), gbp(s["variance"])]


def test_the_monitor_page_shows_bcf_track_s_figures(page, server_url, tmp_path):
    assert bcf("demo", "--out", str(tmp_path)).returncode == 0
    actuals = tmp_path / "demo_area_actuals.xlsx"
    p = bcf("track", "demo", "--actuals", str(actuals), "--json")  # the app's settings: 1,000 runs, seed 1
    assert p.returncode == 0, p.stderr
    want = json.loads(p.stdout)
    page.goto(server_url)
    page.get_by_text("What was read").first.wait_for(timeout=TIMEOUT)
    settle(page)
    page.get_by_role("link", name="Monitor").first.click()
    page.get_by_role("heading", name="Monitor: the year so far").first.wait_for(timeout=TIMEOUT)
    page.get_by_text("No actuals yet for this plan").first.wait_for(timeout=TIMEOUT)
    page.locator(f'{MAIN} input[type="file"]').set_input_files(str(actuals))
    _shown(page, want)
    screenshot(page, "monitor", tmp_path)
    with rerun(page):
        page.get_by_role("button", name="Use the demo's illustrative actuals").click()
    _shown(page, want)


def test_the_monitor_page_with_actuals_has_no_serious_accessibility_finding(page, server_url):
    import pytest

    pytest.importorskip("axe_playwright_python")
    from axe_playwright_python.sync_playwright import Axe

    page.goto(server_url)
    page.get_by_text("What was read").first.wait_for(timeout=TIMEOUT)
    settle(page)
    page.get_by_role("link", name="Monitor").first.click()
    page.get_by_role("button", name="Use the demo's illustrative actuals").click()
    page.get_by_text("Spent to date").first.wait_for(timeout=TIMEOUT)
    page.locator(".js-plotly-plot").first.wait_for(timeout=TIMEOUT)
    settle(page)
    options = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}
    found = Axe().run(page, context={"exclude": [['[data-testid="stSidebarNav"]']]}, options=options).response
    serious = [(v["id"], n["html"][:160]) for v in found["violations"] if v["impact"] in ("serious", "critical")
               for n in v["nodes"]]
    assert not serious, serious


def test_the_reports_download_from_the_monitor_page(page, server_url, tmp_path):
    import io

    import openpyxl
    from pptx import Presentation

    from budget.demo import demo_actuals, demo_plan
    from scenarios.schema import Scenario
    from scenarios.track import track

    want = track(demo_plan(), Scenario(), demo_actuals(), to="2026-09", runs=1000, seed=1).to_json()
    page.goto(server_url)
    page.get_by_text("What was read").first.wait_for(timeout=TIMEOUT)
    settle(page)
    page.get_by_role("link", name="Monitor").first.click()
    page.get_by_role("button", name="Use the demo's illustrative actuals").click()
    page.get_by_role("button", name="Download the Q2 report").wait_for(timeout=TIMEOUT)
    settle(page)
    page.get_by_text("The year-end report needs the actuals to Mar 2027: they reach Sep 2026.").wait_for(
        timeout=TIMEOUT)
    with page.expect_download(timeout=TIMEOUT) as got:
        page.get_by_role("button", name="Download the Q2 report").click()
    assert got.value.suggested_filename == "Northbrook (illustrative) 2026-27 Q2 report.xlsx"
    wb = openpyxl.load_workbook(io.BytesIO(got.value.path().read_bytes()))
    total = next(r for r in wb["Spend by funding stream"].iter_rows(values_only=True) if r[0] == "Total")
    assert list(total[1:6]) == [want["spend"]["total"][k] for k in ("planned_year", "planned_to_date",
                                                                    "actual_to_date", "variance", "forecast_outturn")]
    page.get_by_role("button", name="Build the board pack").click()
    button = page.get_by_role("button", name="Download the board pack")
    page.wait_for_function("() => [...document.querySelectorAll('button')].some(b => "
                           "b.innerText.includes('Download the board pack') && !b.disabled)", timeout=TIMEOUT)
    settle(page)
    button.scroll_into_view_if_needed()
    page.mouse.move(1, 1)  # no tooltip over the buttons
    settle(page)
    screenshot(page, "monitor_reports", tmp_path)
    with page.expect_download(timeout=TIMEOUT) as got:
        button.click()
    assert got.value.suggested_filename == "Northbrook (illustrative) 2026-27 board pack, year so far to Sep 2026.pptx"
    slides = list(Presentation(io.BytesIO(got.value.path().read_bytes())).slides)
    assert slides[1].shapes.title.text.startswith("Year so far")


def test_the_actuals_workbook_downloaded_for_the_plan_filled_in_and_given_back_shows_its_spend(page, server_url,
                                                                                                tmp_path):
    """What a BCF lead does each month: download the workbook naming the plan's lines, type the months' spend, give
    it back; the page shows that spend, as `bcf track` reads the same file."""
    import openpyxl

    from budget.actuals import month_label, months
    from budget.demo import demo_plan
    from budget.template import HEADER_ROW

    plan = demo_plan()
    page.goto(server_url)
    page.get_by_text("What was read").first.wait_for(timeout=TIMEOUT)
    settle(page)
    page.get_by_role("link", name="Monitor").first.click()
    page.get_by_text("No actuals yet for this plan").first.wait_for(timeout=TIMEOUT)
    settle(page)
    with page.expect_download(timeout=TIMEOUT) as got:
        page.get_by_role("button", name="Download the actuals workbook for this plan").click()
    assert got.value.suggested_filename == "Northbrook (illustrative) 2026-27 actuals.xlsx"
    path = tmp_path / got.value.suggested_filename
    got.value.save_as(path)
    wb = openpyxl.load_workbook(path)
    ws = wb["Spend"]
    assert [ws.cell(HEADER_ROW + i, 1).value for i in range(1, len(plan.lines) + 1)] == [x.scheme_id
                                                                                       for x in plan.lines]
    header = [c.value for c in ws[HEADER_ROW]]
    april, may = (header.index(month_label(m)) + 1 for m in months(plan.year)[:2])
    for i, line in enumerate(plan.lines, start=1):  # April and May at a twelfth of each line's year, to the pound
        ws.cell(HEADER_ROW + i, april).value = ws.cell(HEADER_ROW + i, may).value = round(line.amount / 12)
    wb.save(path)
    spent = 2 * sum(round(x.amount / 12) for x in plan.lines)
    p = bcf("track", "demo", "--actuals", str(path), "--json")
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["spend"]["total"]["actual_to_date"] == spent
    page.locator(f'{MAIN} input[type="file"]').set_input_files(str(path))
    page.locator(f'{MAIN} [data-testid="stMetric"]').nth(3).wait_for(timeout=TIMEOUT)
    settle(page)
    assert _cards(page)["Spent to date"] == gbp(spent)
    screenshot(page, "monitor_own_actuals", tmp_path)
