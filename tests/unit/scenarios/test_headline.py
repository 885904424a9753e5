"""scenarios.headline: the optimiser's objective from spend, its gradient, and agreement with the Summary."""

from __future__ import annotations

import numpy as np
import pytest

from scenarios.engine import run
from scenarios.headline import headline, objective_weights
from scenarios.inputs import AE, CH, DD, EA, FALLS, HC, prepare
from scenarios.schema import Scenario
from scenarios.spend import build_spend
from scenarios.summary import summarise
from tests.unit.scenarios.small_plans import CARE_HOMES, DISCHARGE, REABLEMENT, line, plan_of
from tests.unit.scenarios.small_plans import FALLS as FALLS_KIND

PLAN = plan_of(line(FALLS_KIND, 120_000, "S1", "Town 1"), line(REABLEMENT, 250_000, "S2", "Town 2"),
               line(CARE_HOMES, 90_000, "S3", "Town 1", new="New"), localities=2)
SCENARIO = Scenario(horizon_years=3, deadweight=0.1)
OUTCOMES = ("emergency_admissions_avoided", "net_saving_gbp")


@pytest.fixture(scope="module")
def model():
    return prepare(SCENARIO, PLAN, runs=20, seed=9), build_spend(PLAN, SCENARIO).spend


def test_objective_weights(model):
    m, _ = model
    w, w_spend = objective_weights(m, "emergency_admissions_avoided")
    assert w_spend == 0.0 and w[EA] == w[FALLS] == 1.0 and w.sum() == 2.0
    w, w_spend = objective_weights(m, "net_saving_gbp")
    assert w_spend == 1.0
    assert (w[EA], w[FALLS], w[AE], w[HC], w[CH], w[DD]) == (m.c_ea, m.c_ea, m.c_ae, m.c_hour, m.c_ch, m.c_dd)


def test_an_unknown_outcome_is_refused(model):
    m, spend = model
    with pytest.raises(ValueError, match="no objective for people_served"):
        headline(m, spend, "people_served")


@pytest.mark.parametrize("outcome", OUTCOMES)
def test_headline_equals_the_summarys_totals(model, outcome):
    m, spend = model
    values, grad = headline(m, spend, outcome)
    assert grad is None and values.shape == (20,)
    summary = summarise(run(SCENARIO, PLAN, runs=20, seed=9))
    assert values == pytest.approx(summary.samples(outcome), rel=1e-9, abs=1e-6)
    assert values.mean() == pytest.approx(summary.stat(outcome).mean, rel=1e-9)


def test_no_spend_avoids_nothing_and_saves_nothing(model):
    m, spend = model
    for outcome in OUTCOMES:
        assert not headline(m, np.zeros_like(spend), outcome)[0].any()


def test_net_saving_of_one_discharge_line_by_hand():
    # tests/unit/scenarios/test_engine.py works out 39.69 delayed days avoided from £58,000 of discharge support
    # in one year (central estimate), priced at £419 a bed day, and no admissions avoided
    plan, scenario = plan_of(line(DISCHARGE, 58_000)), Scenario(horizon_years=1)
    m, spend = prepare(scenario, plan, runs=1, seed=0), build_spend(plan, scenario).spend
    assert headline(m, spend, "emergency_admissions_avoided")[0][0] == 0.0
    assert headline(m, spend, "net_saving_gbp")[0][0] == pytest.approx(39.69 * 419 - 58_000, rel=1e-6)


@pytest.mark.parametrize("outcome", OUTCOMES)
def test_gradient_matches_finite_differences(model, outcome):
    m, spend = model
    values, grad = headline(m, spend, outcome, gradient=True)
    assert np.array_equal(values, headline(m, spend, outcome)[0])
    assert grad.shape == spend.shape
    rng = np.random.default_rng(1)
    level = np.cumsum(spend, axis=0)
    directions = [spend * rng.uniform(-0.1, 0.1, spend.shape)]  # existing spend up or down a little
    directions += [np.where((np.arange(len(spend))[:, None, None, None] == c) & (level > 0),
                            rng.uniform(-1, 1, spend.shape) * 1_000.0, 0.0) for c in range(len(spend))]
    checked = 0
    for d in directions:
        if not d.any():
            continue
        h = 1e-3
        fd = (headline(m, spend + h * d, outcome)[0].mean() - headline(m, spend - h * d, outcome)[0].mean()) / (2 * h)
        assert (grad * d).sum() == pytest.approx(fd, rel=1e-5, abs=1e-9 * abs(values.mean()))
        checked += 1
    assert checked >= 2


def test_a_lever_with_no_modelled_effect_has_no_gradient(model):
    # its spend is left out of the modelled spend the net saving subtracts, and it has no effect
    m, spend = model
    _, grad = headline(m, np.zeros_like(spend), "emergency_admissions_avoided", gradient=True)
    _, grad_net = headline(m, np.zeros_like(spend), "net_saving_gbp", gradient=True)
    unmodelled = ~m.is_modelled
    assert unmodelled.any()
    assert np.all(grad_net[:, :, unmodelled] == 0.0) and np.all(grad[:, :, unmodelled] == 0.0)
