"""Unit tests of budget/submission.py: the Submission's own behaviour, entry() and refusal() sentences,
pathway shares and the seasonal profile, and read_back_words."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from budget.submission import (
    GOAL_METRIC_NAMES,
    PATHWAYS,
    SHARES_TOLERANCE,
    Assurance,
    Baseline,
    CapacitySettings,
    GoalSetting,
    PathwayShares,
    Signatory,
    Submission,
    entry,
    read_back_words,
    refusal,
)


def test_an_empty_submission_reads_back_as_nothing():
    assert read_back_words(Submission()) == "0 goals, 0 assurance statements, 0 signatories"


def test_read_back_words_counts_and_names_what_the_area_set():
    s = Submission(goals=(GoalSetting(metric=GOAL_METRIC_NAMES[0]),),
                   assurance=(Assurance(condition="NC1"), Assurance(condition="NC2")),
                   sign_off=(Signatory(role="HWB chair"),),
                   capacity=CapacitySettings(seasonal_profile=(1,) * 12,
                                             pathway_shares=PathwayShares(P0=85, P1=10, P2=3, P3=2)))
    assert read_back_words(s) == ("1 goal, 2 assurance statements, 1 signatory, the area's seasonal profile, "
                                  "the area's pathway shares")


def test_with_goal_replaces_and_keeps_register_order():
    a, b, c = GOAL_METRIC_NAMES
    s = Submission().with_goal(GoalSetting(metric=c, value=3)).with_goal(GoalSetting(metric=a, value=1))
    s = s.with_goal(GoalSetting(metric=c, value=4))
    assert [(g.metric, g.value) for g in s.goals] == [(a, 1), (c, 4)]
    assert s.goal(c).value == 4 and s.goal(b) is None


def test_with_assurance_replaces_the_answer_to_its_condition():
    s = Submission().with_assurance(Assurance(condition="NC1", status="Met"))
    s = s.with_assurance(Assurance(condition="NC2")).with_assurance(Assurance(condition="NC1", status="Not met"))
    assert [(a.condition, a.status) for a in s.assurance] == [("NC2", "Not answered"), ("NC1", "Not met")]
    assert s.assurance_for("NC1").status == "Not met" and s.assurance_for("NC9") is None


def test_one_goal_and_one_answer_each():
    m = GOAL_METRIC_NAMES[0]
    with pytest.raises(ValidationError, match=f"more than one goal for {m}"):
        Submission(goals=(GoalSetting(metric=m), GoalSetting(metric=m)))
    with pytest.raises(ValidationError, match="more than one assurance for NC1"):
        Submission(assurance=(Assurance(condition="NC1"), Assurance(condition="NC1")))


@given(st.lists(st.integers(min_value=0, max_value=100), min_size=3, max_size=3))
def test_pathway_shares_must_add_up_to_a_hundred(three):
    p0 = 100 - sum(three)
    if 0 <= p0 <= 100:
        shares = PathwayShares(P0=p0, P1=three[0], P2=three[1], P3=three[2])
        assert sum(shares.share(p) for p in PATHWAYS) == 100
    else:
        with pytest.raises(ValidationError):
            PathwayShares(P0=p0, P1=three[0], P2=three[1], P3=three[2])


def test_pathway_shares_allow_rounding_and_say_the_total():
    PathwayShares(P0=86.4, P1=8.8, P2=3.4, P3=1.3 + SHARES_TOLERANCE - 0.1)
    with pytest.raises(ValidationError, match="pathway_shares add up to 99%; the four shares must add up to 100% "
                                              r"\(99.5% to 100.5% allows for rounding\)"):
        PathwayShares(P0=86, P1=9, P2=3, P3=1)


def test_seasonal_profile_needs_twelve_months_with_one_above_zero():
    assert CapacitySettings(seasonal_profile=(0,) * 11 + (5,)).seasonal_profile[-1] == 5
    with pytest.raises(ValidationError, match="needs 12 monthly weights, April to March, not 11"):
        CapacitySettings(seasonal_profile=(1,) * 11)
    with pytest.raises(ValidationError, match="needs at least one month above 0"):
        CapacitySettings(seasonal_profile=(0,) * 12)


def test_sign_off_dates_between_2000_and_2100():
    assert Signatory(role="Chair", signed_on=dt.date(2026, 3, 31)).signed_on == dt.date(2026, 3, 31)
    made, said = entry(Signatory, "HWB chair", role="HWB chair", signed_on=dt.date(1999, 12, 31))
    assert made is None
    assert said == ["HWB chair, date signed: a date between 2000 and 2100. It was not changed."]


def test_entry_builds_the_model_when_every_box_is_good():
    made, said = entry(Baseline, "Own baseline", value=1234.5, period="2024-25", source="SUS extract")
    assert said == [] and made == Baseline(value=1234.5, period="2024-25", source="SUS extract")


def test_entry_says_one_sentence_per_box_refused():
    made, said = entry(Baseline, "Own baseline", value=-1, period="", source="")
    assert made is None and len(said) == 3
    assert all(x.startswith("Own baseline, ") and x.endswith(". It was not changed.") for x in said)
    assert [x.split(":")[0] for x in said] == ["Own baseline, baseline", "Own baseline, period it covers",
                                              "Own baseline, source"]


def test_refusal_words_the_field_by_model_then_by_name():
    err = {"loc": ("value",), "msg": "Value error, too big", "type": "value_error"}
    assert refusal("Goals", err, "GoalSetting") == "Goals, goal: too big. It was not changed."
    assert refusal("Goals", err, "Baseline") == "Goals, baseline: too big. It was not changed."
    other = {"loc": ("rows", 0, "own_thing"), "msg": "bad", "type": "x"}
    assert refusal("Box", other) == "Box, own thing: bad. It was not changed."
    long = {"loc": ("statement",), "msg": "ignored", "type": "string_too_long", "ctx": {"max_length": 10000}}
    assert refusal("NC1", long, "Assurance") == ("NC1, assurance statement: is longer than 10,000 characters; "
                                                 "shorten it. It was not changed.")


def test_an_assurance_status_outside_the_list_is_refused():
    made, said = entry(Assurance, "NC2", condition="NC2", status="Done")
    assert made is None and said[0].startswith("NC2, status: ")
