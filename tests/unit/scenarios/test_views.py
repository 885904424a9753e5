"""scenarios.views: one way to model and summarise a scenario, and paired differences between two Summaries."""

from __future__ import annotations

import numpy as np
import pytest

from scenarios.engine import run
from scenarios.outcomes import OUTCOME_LABELS, OUTCOMES
from scenarios.schema import Scenario
from scenarios.summary import summarise
from scenarios.views import label, model, paired_views
from tests.unit.scenarios.small_plans import FALLS, REABLEMENT, line, plan_of

PLAN = plan_of(line(FALLS, 100_000, "S1"), line(REABLEMENT, 200_000, "S2"))
BASE = Scenario(horizon_years=2, runs=20, seed=3)
MORE = Scenario(horizon_years=2, runs=20, seed=3, deadweight=0.3)


@pytest.fixture(scope="module")
def pair():
    return model(BASE, PLAN), model(MORE, PLAN)


def test_model_is_run_then_summarise(pair):
    a, _ = pair
    direct = summarise(run(BASE, PLAN))
    assert (a.runs, a.seed) == (20, 3)
    assert np.array_equal(a.run_totals, direct.run_totals)


def test_runs_and_seed_can_be_given():
    s = model(BASE, PLAN, runs=6, seed=9)
    assert (s.runs, s.seed, s.run_totals.shape[0]) == (6, 9, 6)


def test_paired_views_are_the_run_by_run_differences(pair):
    a, b = pair
    views = paired_views(a, b)
    assert set(views) == set(OUTCOMES)
    d = b.samples("emergency_admissions_avoided") - a.samples("emergency_admissions_avoided")
    v = views["emergency_admissions_avoided"]
    assert v.mean == pytest.approx(d.mean()) and v.central == pytest.approx(d[0])
    assert v.p10 <= v.p50 <= v.p90
    # a deadweight of 30% takes effect away in every run, so fewer admissions are avoided in every run
    assert np.all(d < 0) and v.probability_better == 0.0


def test_a_summary_against_itself_changes_nothing(pair):
    a, _ = pair
    for change in paired_views(a, a).values():
        assert (change.p10, change.p50, change.p90, change.mean, change.central) == (0, 0, 0, 0, 0)
        assert change.probability_better == 0.0


def test_paired_views_refuse_different_runs_or_seeds(pair):
    a, _ = pair
    other = model(BASE, PLAN, runs=20, seed=4)
    with pytest.raises(ValueError, match="paired differences need the same number of runs and the same seed"):
        paired_views(a, other)


def test_label_is_the_registers():
    for o in OUTCOMES:
        assert label(o) == OUTCOME_LABELS[o]
