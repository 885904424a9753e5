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
    assert percentile_words(0) == "better than every outcome the plan expected"
    assert percentile_words(100) == "worse than every outcome the plan expected"
    # never more than the percentile gives
    assert percentile_words(62.6) == "worse than 62% of the outcomes the plan expected"
    assert percentile_words(11.2) == "better than 88% of the outcomes the plan expected"
    assert percentile_words(99.9) == "worse than 99% of the outcomes the plan expected"
    assert percentile_words(0.2) == "better than 99% of the outcomes the plan expected"
    assert percentile_words(99.9, short=True) == "worse than 99% of outcomes expected"
    assert percentile_words(0.0, chance=False, short=True) == "better than every model run"
    assert percentile_words(50) == "worse than 50% of the outcomes the plan expected"
    # a range of the plan's effect only: the model's runs
    assert percentile_words(0, chance=False) == "better than every one of the model's runs"
    assert percentile_words(100, chance=False) == "worse than every one of the model's runs"
    assert percentile_words(42.4, chance=False) == "better than 57% of the model's runs"


def test_where_the_year_so_far_stands_against_the_range():
    from scenarios.track_text import standing_words

    def m(actual, p, chance=True):
        return {"year_to_date": {"actual": actual, "p10": 10.0, "p90": 20.0}, "percentile_in_plan_range": p,
                "band_includes_chance": chance}

    assert standing_words(m(15.0, 55.0)) == (
        "within the range the plan expected: worse than 55% of the outcomes it expected")
    assert standing_words(m(9.0, 3.0)) == (
        "better than the range the plan expected: better than 97% of the outcomes it expected")
    assert standing_words(m(25.0, 100.0)) == (
        "worse than the range the plan expected: worse than every outcome it expected")
    assert standing_words(m(20.0, 90.0)).startswith("within")  # P90 itself is within the range
    assert standing_words(m(25.0, 100.0, chance=False)) == (
        "worse than the plan's modelled range: worse than every one of the model's runs")
    assert standing_words(m(15.0, 55.0), short=True) == "Within it: worse than 55% of outcomes expected"
    assert standing_words(m(9.0, 3.0, chance=False), short=True) == "Better than it: better than 97% of model runs"
    assert standing_words({**m(None, None), "year_to_date": {"actual": None, "p10": None, "p90": None}}) == ""


def test_the_demo_s_words_follow_its_ranges(j):
    """The admissions' ranges hold chance; the delay's is the plan's effect only, and the words say which."""
    from scenarios.track_text import EFFECT_ONLY, metric_sentence

    admissions, delay = j["metrics"]["emergency_admissions_65_plus"], j["metrics"]["discharge_delay"]
    assert admissions["band_includes_chance"] and not delay["band_includes_chance"]
    y = admissions["year_to_date"]
    side = "within" if y["p10"] <= y["actual"] <= y["p90"] else "worse than" if y["actual"] > y["p90"] else "better"
    words = metric_sentence("emergency_admissions_65_plus", admissions)
    assert f"the year so far is {side} the range the plan expected" in words and EFFECT_ONLY not in words
    assert ("worse than every" in words) == (round(admissions["percentile_in_plan_range"]) >= 100)
    assert metric_sentence("discharge_delay", delay).endswith(EFFECT_ONLY)
    lines = text_lines(j)
    assert f"  {EFFECT_ONLY}" in lines and any("the range the plan expected" in x for x in lines)


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
        "it is within the range the plan expected: worse than 60% of the outcomes it expected.")


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
