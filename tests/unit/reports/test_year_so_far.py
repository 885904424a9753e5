"""reports.year_so_far: the "Year so far" slides' words and tables, every figure the Tracking's JSON as written."""

from __future__ import annotations

import pytest

from budget.demo import demo_actuals, demo_plan
from budget.money import gbp, number
from reports import year_so_far as so_far
from scenarios.schema import Scenario
from scenarios.track import track
from scenarios.track_text import summary_paragraph


@pytest.fixture(scope="module")
def j():
    return track(demo_plan(), Scenario(name="Demo", base="demo", runs=60), demo_actuals(), to="2026-09",
                 runs=60).to_json()


def test_the_subtitle_says_how_far_the_year_has_gone(j):
    assert so_far.subtitle(j) == "to the end of Sep 2026 (6 of 12 months)"
    assert so_far.subtitle({**j, "to": None}) == "no month of 2026-27 reported yet"


def test_the_bullets_are_the_paragraphs_money_sentences_each_whole(j):
    bullets = so_far.overview_bullets(j)
    assert " ".join(bullets) == summary_paragraph({**j, "metrics": {}})
    assert bullets[0].startswith("To the end of Sep 2026") and all(b.endswith(".") for b in bullets)
    assert not any("per 100,000" in b for b in bullets)  # the metrics have their own slide


def test_the_spend_rows_are_each_streams_figures_then_the_total(j):
    rows = so_far.spend_rows(j)
    streams = [*j["spend"]["by_stream"].values(), {**j["spend"]["total"], "label": "Total"}]
    assert len(rows) == len(streams) and rows[-1][0] == "Total"
    for row, s in zip(rows, streams, strict=True):
        assert row == [s["label"], gbp(s["planned_to_date"]), gbp(s["actual_to_date"]), gbp(s["variance"]),
                       gbp(s["forecast_outturn"]), s["status"][:1].upper() + s["status"][1:]]
    assert len(rows[0]) == len(so_far.SPEND_HEADER)


def test_the_metric_rows_are_each_metrics_year_to_date(j):
    rows = so_far.metric_rows(j)
    for row, (mid, m) in zip(rows, j["metrics"].items(), strict=True):
        y = m["year_to_date"]
        d = {"emergency_admissions_65_plus": 1, "discharge_delay": 2, "care_home_admissions_65_plus": 1}[mid]
        assert row[:4] == [m["label"], number(y["goal"], d), number(y["actual"], d),
                           f"{number(y['p10'], d)} to {number(y['p90'], d)}"]
        assert row[4].lower() == m["status"]
    assert len(rows[0]) == len(so_far.METRIC_HEADER)


def test_a_metric_with_no_month_yet_says_so():
    empty = {"year_to_date": {"actual": None, "goal": None, "p10": None, "p90": None, "months": 0},
             "status": "no data yet", "label": "Discharge delay", "percentile_in_plan_range": None}
    assert so_far.metric_rows({"metrics": {"discharge_delay": empty}}) == [
        ["Discharge delay", "", "No data yet", "", "No data yet", ""]]


def test_a_metric_tracked_on_its_rolling_year_shows_that_year_against_the_goal_for_the_year():
    m = {"label": "Care-home admissions", "status": "on track", "status_basis": "rolling 12 months",
         "percentile_in_plan_range": 4.0, "band_includes_chance": True,
         "year_to_date": {"actual": None, "goal": 280.0, "p10": None, "p90": None, "months": 0},
         "rolling_12_months": {"to": "2026-06", "actual": 512.34, "goal": 560.0, "p10": 540.0, "p90": 580.0}}
    assert so_far.metric_rows({"metrics": {"care_home_admissions_65_plus": m}}) == [[
        "Care-home admissions", "560.0", "512.3 (12 months to Jun 2026)", "540.0 to 580.0", "On track",
        "Better than it: better than 96% of outcomes expected"]]


def test_the_metrics_table_keeps_each_figure_on_one_line_and_fits_one_slide_with_its_notes(j):
    """A five-digit goal or actual (12,180.8 admissions per 100,000) on one line of its column, and the table with the
    sentences under it on one slide, as the board pack's layout estimates them (reports.slide_layout)."""
    from reports.slide_layout import BODY_BOTTOM, CELL_MARGIN, bullets_height, lines_needed, row_heights, table_pages

    rows, widths = so_far.metric_rows(j), so_far.WIDTHS
    assert max(len(r[1]) for r in rows) >= len("12,180.8")
    for row in rows:
        for cell, width in zip(row[1:3], widths[1:3], strict=True):
            assert lines_needed(cell, width - 2 * CELL_MARGIN) == 1, cell
    room = BODY_BOTTOM - 1.6  # Deck.table_slides' top
    assert len(table_pages(so_far.METRIC_HEADER, rows, widths, room)) == 1
    notes = bullets_height(so_far.metric_notes(j), sum(widths)) + 0.1
    assert sum(row_heights(so_far.METRIC_HEADER, rows, widths)) + notes <= room
    assert sum(widths) <= 12.43  # no wider than a subtitle: inside the slide's right margin
