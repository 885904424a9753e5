"""The year so far in words: the paragraph `bcf track` prints and the Monitor page shows, from the JSON's figures."""

from __future__ import annotations

import pytest

from budget.demo import demo_actuals, demo_plan
from budget.money import gbp
from scenarios.track import track
from scenarios.track_text import ILLUSTRATIVE, percentile_words, summary_paragraph, text_lines


@pytest.fixture(scope="module")
def j():
    return track(demo_plan(), None, demo_actuals(), runs=60).to_json()


def test_the_paragraph_says_the_json_s_figures(j):
    words = summary_paragraph(j)
    t = j["spend"]["total"]
    for figure in ("actual_to_date", "planned_to_date", "forecast_outturn", "planned_year", "forecast_run_rate"):
        assert gbp(t[figure]) in words
    assert words.startswith("To the end of Sep 2026 (6 of the 12 months of 2026-27)")
    assert gbp(j["spend"]["nhs_minimum_social_care"]["required"]) in words
    for m in j["metrics"].values():
        assert m["status"] in words
    assert words.endswith(ILLUSTRATIVE)
    assert "\n" not in words and "Traceback" not in words


def test_no_month_yet(j):
    empty = {**j, "to": None, "illustrative": False}
    assert summary_paragraph(empty) == ("The actuals give no month yet, so nothing is compared with the plan for "
                                        "2026-27.")


def test_percentile_words():
    assert percentile_words(0) == "better than every one of the model's runs"
    assert percentile_words(100) == "worse than every one of the model's runs"
    assert percentile_words(42.4) == "at the 42nd percentile of the model's runs (worse than 42% of them)"
    assert percentile_words(11).startswith("at the 11th")


def test_the_text_lists_every_stream_and_the_total(j):
    lines = text_lines(j)
    for s in j["spend"]["by_stream"].values():
        assert any(x.startswith(s["label"][:39]) for x in lines)
    total = next(x for x in lines if x.startswith("Total"))
    assert gbp(j["spend"]["total"]["actual_to_date"]) in total


def test_the_text_gives_the_nhs_minimum_and_the_dfg(j):
    lines = text_lines(j)
    nhs = next(x for x in lines if x.startswith("NHS minimum on adult social care"))
    assert gbp(j["spend"]["nhs_minimum_social_care"]["required"]) in nhs
    dfg = next(x for x in lines if x.startswith("Disabled Facilities Grant:"))
    assert gbp(j["spend"]["dfg"]["actual_to_date"]) in dfg


def test_a_metric_followed_on_a_rolling_year_says_so(j):
    m = {**j["metrics"]["care_home_admissions_65_plus"], "status": "behind goal", "status_basis": "rolling 12 months",
         "percentile_in_plan_range": 60.0,
         "rolling_12_months": {"to": "2026-06", "actual": 600.0, "goal": 560.0, "p10": 550.0, "p90": 610.0}}
    from scenarios.track_text import metric_sentence

    assert metric_sentence("care_home_admissions_65_plus", m) == (
        "Long-term admissions to residential and nursing care homes: behind goal over the 12 months to Jun 2026, "
        "600.0 per 100,000 aged 65+ against a goal of 560.0 for the year (the 12 months partly fall before 2026-27); "
        "it is at the 60th percentile of the model's runs (worse than 60% of them).")


def test_lines_away_from_plan_largest_variance_first(j):
    from scenarios.track_text import lines_away

    lines = [dict(x) for x in j["spend"]["by_line"]]
    lines[3] = {**lines[3], "variance": 5_000.0, "colour": "amber", "status": "over plan"}
    lines[7] = {**lines[7], "variance": -9_000.0, "colour": "red", "status": "well under plan"}
    k = {**j, "spend": {**j["spend"], "by_line": lines}}
    away = lines_away(k)
    assert [x["variance"] for x in away][:2] == [-9_000.0, 5_000.0]
    assert all(x["colour"] != "green" for x in away)
    assert len(lines_away(k, limit=1)) == 1
    assert any(x.startswith("Lines furthest from their plan") for x in text_lines(k))
