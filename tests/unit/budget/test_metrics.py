"""The register of the three BCF metrics: one record per metric holding every spelling of it."""

from __future__ import annotations

import dataclasses

import pytest

from budget import metrics as bm
from budget.reference import load_reference
from budget.submission import GOAL_METRIC_NAMES, GoalSetting


def test_three_metrics_in_the_template_order():
    assert bm.METRIC_IDS == ("emergency_admissions_65_plus", "discharge_delay", "care_home_admissions_65_plus")
    assert GOAL_METRIC_NAMES == bm.METRIC_IDS
    assert [m.key for m in bm.METRICS] == ["emergency_admissions_65_plus_per_100k", "discharge_delay_days",
                                           "care_home_admissions_65_plus_per_100k"]
    assert bm.BY_ID["discharge_delay"] is bm.BY_KEY["discharge_delay_days"]


def test_each_metric_says_how_it_is_written():
    delay = bm.BY_ID["discharge_delay"]
    assert (delay.digits, delay.per, delay.profile, delay.axis) == (2, "discharge", "repeat", "Days per discharge")
    for m in (bm.BY_ID["emergency_admissions_65_plus"], bm.BY_ID["care_home_admissions_65_plus"]):
        assert (m.digits, m.per, m.profile, m.axis) == (1, "100k_65_plus", "split", "Rate per 100,000 aged 65+")
    assert all(m.label and m.definition and m.source and m.words for m in bm.METRICS)


def test_the_register_names_the_metrics_of_the_planning_year():
    ids = {m.id for m in load_reference("2025-26").metrics}
    assert set(bm.METRIC_IDS) <= ids


@pytest.mark.parametrize(("label", "expected"), [
    ("discharge_delay", "discharge_delay"),
    ("Emergency admissions, people aged 65+, per 100,000 aged 65+", "emergency_admissions_65_plus"),
    ("Average discharge delay, days per discharge (acute adult patients)", "discharge_delay"),
    ("Long-term care-home admissions, people aged 65+, per 100,000 aged 65+", "care_home_admissions_65_plus"),
    ("Carehome admissions", "care_home_admissions_65_plus"),
    ("Emergency admissions to care homes", "care_home_admissions_65_plus"),  # care homes are read first
    ("Falls", None),
])
def test_a_workbook_label_is_read_as_its_metric(label, expected):
    m = bm.metric_for_label(label)
    assert (m.id if m else None) == expected


def test_a_label_is_read_against_the_register_given():
    extra = dataclasses.replace(bm.BY_ID["discharge_delay"], id="falls_65_plus", key="falls_65_plus_per_100k",
                                words=("falls",), read_rank=3)
    assert bm.metric_for_label("Falls admissions", (*bm.METRICS, extra)) is extra
    assert bm.metric_for_label("falls_65_plus", (*bm.METRICS, extra)) is extra


def test_a_goal_names_a_metric_of_the_register():
    assert GoalSetting(metric="discharge_delay", value=1.5).metric == "discharge_delay"
    with pytest.raises(ValueError):
        GoalSetting(metric="discharge_delay_days", value=1.5)
