"""What "on track" means: the thresholds of scenarios/track_status.py, at and either side of each edge."""

from __future__ import annotations

import pytest

from scenarios.track_status import (
    BEHIND_GOAL,
    NO_DATA,
    OFF_TRACK,
    ON_PLAN,
    ON_TRACK,
    WELL_OFF_PLAN,
    meanings,
    metric_status,
    money_status,
)


@pytest.mark.parametrize(("actual", "words", "colour"), [
    (100.0, "on plan", "green"),
    (100 * (1 + ON_PLAN), "on plan", "green"),
    (100 * (1 - ON_PLAN), "on plan", "green"),
    (100 * (1 + ON_PLAN) + 0.01, "over plan", "amber"),
    (100 * (1 - ON_PLAN) - 0.01, "under plan", "amber"),
    (100 * (1 + WELL_OFF_PLAN), "over plan", "amber"),
    (100 * (1 + WELL_OFF_PLAN) + 0.01, "well over plan", "red"),
    (100 * (1 - WELL_OFF_PLAN) - 0.01, "well under plan", "red"),
    (0.0, "well under plan", "red"),
])
def test_money_status_follows_the_table(actual, words, colour):
    s = money_status(100.0, actual)
    assert (s.words, s.colour) == (words, colour)


def test_nothing_planned_to_date():
    assert money_status(0.0, 0.0).words == "on plan"
    assert money_status(0.0, 5.0).colour == "red"


def test_metric_status_lower_is_better():
    assert metric_status(None, 10, 12).words == NO_DATA
    assert metric_status(9.5, 10, 12).words == ON_TRACK
    assert metric_status(10, 10, 12).words == ON_TRACK
    assert metric_status(11, 10, 12).words == BEHIND_GOAL
    assert metric_status(12, 10, 12).words == BEHIND_GOAL
    assert metric_status(12.01, 10, 12).words == OFF_TRACK
    assert metric_status(12.01, 10, 12).colour == "red"


def test_the_meanings_say_the_thresholds_in_use():
    money, metric, band = meanings()
    assert f"{ON_PLAN:.0%}" in money and f"{WELL_OFF_PLAN:.0%}" in money
    for status in (ON_TRACK, BEHIND_GOAL, OFF_TRACK, NO_DATA):
        assert status in metric
    # what the range holds: chance for the admissions, the plan's effect only for the discharge delay
    assert "admissions" in band and "chance variation" in band and "discharge delay" in band
    assert "effect only" in band


def test_the_latest_months_worse_than_goal_are_the_last_two_given_each_above_its_goal():
    from scenarios.track_status import LATEST_MONTHS, latest_worse_than_goal

    assert LATEST_MONTHS == 2
    goal = [1.3] * 12
    assert latest_worse_than_goal([1.2, 1.4, 1.5] + [None] * 9, goal) == [1, 2]
    assert latest_worse_than_goal([1.4, 1.5, 1.3] + [None] * 9, goal) == []  # the last at its goal
    assert latest_worse_than_goal([1.4, None, 1.5] + [None] * 9, goal) == [0, 2]  # the months given, not the calendar
    assert latest_worse_than_goal([1.5] + [None] * 11, goal) == []  # one month given
    assert latest_worse_than_goal([None] * 12, goal) == []
    assert latest_worse_than_goal([40.0, 50.0, 49.0] + [None] * 9, [45.0, 48.0, 48.5] + [45.0] * 9) == [1, 2]
