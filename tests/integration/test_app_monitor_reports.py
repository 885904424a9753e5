"""The Monitor page's downloads through AppTest: the quarterly report, the year-end report and the board pack, read
back with openpyxl and python-pptx, their figures equal to the Tracking the page draws and to `bcf track`'s."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest

from app_ui import keys
from budget.actuals import months
from budget.demo import demo_actuals, demo_plan
from budget.money import gbp
from budget.report_shapes import report_shapes
from scenarios.schema import Scenario
from scenarios.track import track
from tests.pages import errors, open_page

pytestmark = pytest.mark.usefixtures("private_store")
RUNS = 200
PLAN = demo_plan()
SHAPES = report_shapes(PLAN.year)
STEM = "Northbrook (illustrative) 2026-27"


def _with(actuals=None):
    at = open_page("monitor_page", runs=RUNS, no_exception=True)
    if actuals is None:
        at.button(key=keys.MONITOR_DEMO).click().run()
    else:
        at.session_state[keys.KEY_ACTUALS] = (actuals, "a whole year")
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _buttons(at) -> dict[str, object]:
    return {b.proto.label: b.proto for b in at.get("download_button")}


def _served(downloads, name: str) -> bytes:
    found = [d for n, d in downloads if n == name]
    assert found, (name, [n for n, _ in downloads])
    return found[-1]


def _spend_rows(data: bytes) -> dict[str, list]:
    """The report's spend by funding stream: each row's figures by its stream's label."""
    wb = openpyxl.load_workbook(io.BytesIO(data))
    shape = SHAPES.sheets["spend_by_stream"]
    ws = wb[shape.title]
    labels = [c.label for c in shape.columns]
    hr = next(r for r in range(1, 10) if [ws.cell(r, c).value for c in range(1, len(labels) + 1)] == labels)
    return {ws.cell(r, 1).value: [ws.cell(r, c).value for c in range(2, 7)] for r in range(hr + 1, ws.max_row + 1)
            if ws.cell(r, 1).value}


def _money(j: dict) -> dict[str, list]:
    s = j["spend"]
    return {g["label"]: [g[k] for k in ("planned_year", "planned_to_date", "actual_to_date", "variance",
                                        "forecast_outturn")]
            for g in [*s["by_stream"].values(), {**s["total"], "label": "Total"}]}


def test_the_q2_report_is_the_pages_tracking_and_bcf_tracks(downloads):
    at = _with()
    buttons = _buttons(at)
    assert not buttons["Download the Q2 report"].disabled
    assert buttons["Download the year-end report"].disabled and buttons["Download the board pack"].disabled
    quarter = at.selectbox(key=f"{keys.MONITOR_QUARTER_PREFIX}2026-09")
    assert quarter.options == ["Q1, April to Jun 2026", "Q2, April to Sep 2026"] and quarter.value == 2
    assert "The year-end report needs the actuals to Mar 2027: they reach Sep 2026." in [
        re.sub(r"\\(.)", r"\1", c.value) for c in at.caption]
    want = track(PLAN, Scenario(), demo_actuals(), to="2026-09", runs=RUNS, seed=1).to_json()
    got = _spend_rows(_served(downloads, f"{STEM} Q2 report.xlsx"))
    assert got == _money(want)
    cards = {m.label: m.value for m in at.metric}  # what the page shows is the same Tracking's
    assert cards["Spent to date"] == gbp(got["Total"][2]) and cards["Forecast outturn"] == gbp(got["Total"][4])


def test_a_month_that_closes_no_quarter_offers_the_latest_complete_one(downloads):
    at = _with()
    at.selectbox(key=keys.MONITOR_TO).set_value("2026-05").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key=f"{keys.MONITOR_QUARTER_PREFIX}2026-05").value == 2
    at.selectbox(key=keys.MONITOR_TO).set_value("2026-06").run()
    quarter = at.selectbox(key=f"{keys.MONITOR_QUARTER_PREFIX}2026-06")
    assert quarter.value == 1  # June closes the first quarter
    want = track(PLAN, Scenario(), demo_actuals(), to="2026-06", runs=RUNS, seed=1).to_json()
    assert _spend_rows(_served(downloads, f"{STEM} Q1 report.xlsx")) == _money(want)
    quarter.set_value(2).run()
    want = track(PLAN, Scenario(), demo_actuals(), to="2026-09", runs=RUNS, seed=1).to_json()
    assert _spend_rows(_served(downloads, f"{STEM} Q2 report.xlsx")) == _money(want)


def _whole_year():
    """The demo's actuals with each line's September spend repeated to March, and each metric's September month."""
    a = demo_actuals()
    rest = months(PLAN.year)[6:]
    lines = tuple(x.model_copy(update={"spend": {**x.spend, **dict.fromkeys(rest, x.spend.get("2026-09", 0.0))}})
                  for x in a.lines)
    september = [r for r in a.metrics if r.month == "2026-09"]
    metrics = (*a.metrics, *(r.model_copy(update={"month": m}) for m in rest for r in september))
    return a.model_copy(update={"lines": lines, "metrics": metrics})


def test_the_year_end_report_once_the_actuals_reach_march(downloads):
    actuals = _whole_year()
    at = _with(actuals)
    buttons = _buttons(at)
    assert not buttons["Download the year-end report"].disabled
    assert not buttons["Download the Q4 report"].disabled  # March closes the fourth quarter
    want = track(PLAN, Scenario(), actuals, to="2027-03", runs=RUNS, seed=1).to_json()
    wb = openpyxl.load_workbook(io.BytesIO(_served(downloads, f"{STEM} year-end report.xlsx")))
    assert wb.sheetnames == [SHAPES.sheets[s].title for s in SHAPES.year_end.sheets]
    ws = wb[SHAPES.sheets["nhs_minimum"].title]
    figures = [v for row in ws.iter_rows(values_only=True) for v in row if isinstance(v, (int, float))]
    m = want["spend"]["nhs_minimum_social_care"]
    assert m["actual_to_date"] in figures and m["required"] in figures


def test_the_board_pack_opens_with_the_pages_year_so_far(downloads):
    from pptx import Presentation

    from reports.year_so_far import spend_rows

    at = _with()
    at.selectbox(key=keys.MONITOR_TO).set_value("2026-08").run()  # a month that closes no quarter
    at.button(key=keys.MONITOR_BUILD_PACK).click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert not errors(at)
    assert not _buttons(at)["Download the board pack"].disabled
    data = _served(downloads, f"{STEM} board pack, year so far to Aug 2026.pptx")
    slides = list(Presentation(io.BytesIO(data)).slides)
    titles = [s.shapes.title.text for s in slides if s.shapes.title is not None]
    assert any(t.startswith("Year so far") for t in titles[1:3]), titles[:4]
    cells = [[c.text for c in r.cells] for s in slides for sh in s.shapes if sh.has_table for r in sh.table.rows]
    want = track(PLAN, Scenario(), demo_actuals(), to="2026-08", runs=RUNS, seed=1).to_json()
    for row in spend_rows(want):
        assert row in cells, row
    assert {m.label: m.value for m in at.metric}["Spent to date"] == gbp(want["spend"]["total"]["actual_to_date"])


def test_a_board_pack_that_fails_is_one_sentence(monkeypatch, downloads):
    from reports import export_files

    def broken(*args, **kwargs):
        raise OSError("no room left on the disk")

    monkeypatch.setattr(export_files, "year_board_pack", broken)
    at = _with()
    at.button(key=keys.MONITOR_BUILD_PACK).click().run()
    assert not at.exception, [e.value for e in at.exception]
    (said,) = errors(at)
    assert re.fullmatch(r"The board pack could not be built \(no room left on the disk\); try again, or use bcf "
                        r"report --pptx\.", said), said
    assert _buttons(at)["Download the board pack"].disabled


def test_the_workbooks_to_fill_in_are_offered_before_any_actuals_and_not_on_a_board_s_screen():
    at = open_page("monitor_page", runs=RUNS, no_exception=True)
    offered = {"Download the actuals workbook for this plan", "Download the SUS sheet for the ICB's analyst"}
    assert offered <= set(_buttons(at))
    assert not any("bcf " in m.value for m in at.caption)  # no command line for a web user to run
    at.session_state[keys.KEY_PRESENT] = True
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not offered & set(_buttons(at))
