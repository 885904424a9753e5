"""The one register of the three BCF metrics an area sets goals for.

Each ``Metric`` holds every spelling of one metric: its id (the planning template's name, used in goal
files, scenario YAML and the submission copy), its key in the Summary and ``bcf run --json``, its label,
unit, decimal places, definition and source, the words that name it in a workbook's label, and how the
model forecasts it (the effect outcome it counts, the denominator and the baseline figure). The goals
(``budget.submission``), the submission copy's reader, the model's trajectories, the goals, the charts and
the command line all take them from ``METRICS``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

from budget.reference import norm

Per = Literal["100k_65_plus", "discharge"]
Profile = Literal["split", "repeat"]


@dataclass(frozen=True)
class Metric:
    """One BCF metric and every name it goes by.

    Attributes:
        id: the planning template's name ('discharge_delay'): goal files, scenario YAML, the submission copy.
        key: its key in the Summary's metrics and ``bcf run --json`` ('discharge_delay_days').
        label: its label on pages, charts, the Excel return and the board pack.
        unit: what its goal is measured in, in words.
        axis: the axis title of its chart.
        digits: decimal places a reader needs.
        definition: what it measures, as the planning guidance words it.
        source: where its definition comes from.
        words: words that name it in a workbook label (after ``budget.reference.norm``).
        read_rank: which metric a label naming several is read as (lowest first: care-home admissions are
            admissions too).
        counts: the effect outcome whose events it counts (``scenarios.outcomes.EFFECT_OUTCOMES``).
        per: its denominator: per 100,000 people aged 65+, or per discharge.
        baseline: the assumption library's baseline figure for it.
        profile: its quarterly profile: 'split' (a rate a year shared over the quarters) or 'repeat'
            (an average, the same in every quarter).
    """

    id: str
    key: str
    label: str
    unit: str
    axis: str
    digits: int
    definition: str
    source: str
    words: tuple[str, ...]
    read_rank: int
    counts: str
    per: Per
    baseline: str
    profile: Profile


METRICS: tuple[Metric, ...] = (
    Metric(
        id="emergency_admissions_65_plus", key="emergency_admissions_65_plus_per_100k",
        label="Emergency admissions, people aged 65+, per 100,000 aged 65+",
        unit="emergency admissions a year per 100,000 aged 65+", axis="Rate per 100,000 aged 65+", digits=1,
        definition="Emergency admissions, people aged 65+",
        # definition: the working one in the reference notes (bcf.md 4.3a)
        source="Theme confirmed (unplanned hospital admissions); the definition is a working one",
        words=("emergency admission",), read_rank=1, counts="emergency_admissions", per="100k_65_plus",
        baseline="emergency_admissions", profile="split"),
    Metric(
        id="discharge_delay", key="discharge_delay_days",
        label="Average discharge delay, days per discharge (acute adult patients)",
        unit="days from discharge ready date to discharge, per discharge (acute adult patients)",
        axis="Days per discharge", digits=2,
        definition="Average length of discharge delay, acute adult patients (Discharge Ready Date to discharge)",
        source="Theme confirmed (delayed discharges); exact formula unconfirmed",  # bcf.md 4.3b
        words=("discharge",), read_rank=2, counts="delayed_discharge_days", per="discharge",
        baseline="mean_discharge_delay_days", profile="repeat"),
    Metric(
        id="care_home_admissions_65_plus", key="care_home_admissions_65_plus_per_100k",
        label="Long-term care-home admissions, people aged 65+, per 100,000 aged 65+",
        unit="long-term care-home admissions a year per 100,000 aged 65+", axis="Rate per 100,000 aged 65+",
        digits=1, definition="Long-term admissions to residential and nursing care homes, people aged 65+",
        source="Theme confirmed; ASCOF 2A definition assumed",  # bcf.md 4.3c
        words=("care home", "carehome"), read_rank=0, counts="care_home_admissions", per="100k_65_plus",
        baseline="care_home_admissions", profile="split"),
)
METRIC_IDS: tuple[str, ...] = tuple(m.id for m in METRICS)
BY_ID: Mapping[str, Metric] = MappingProxyType({m.id: m for m in METRICS})
BY_KEY: Mapping[str, Metric] = MappingProxyType({m.key: m for m in METRICS})


def metric_for_label(label: str, metrics: tuple[Metric, ...] = METRICS) -> Metric | None:
    """The metric a workbook label names: its id exactly, else the words it contains; None for neither."""
    n = norm(label)
    for m in metrics:
        if n == norm(m.id):
            return m
    for m in sorted(metrics, key=lambda m: m.read_rank):
        if any(w in n for w in m.words):
            return m
    return None
