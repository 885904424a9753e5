"""What the reports' unit tests share: the demo plan, and one scenario that moves £1m, modelled once a module."""

from __future__ import annotations

import pytest

from budget.demo import demo_plan
from scenarios.schema import Scenario
from scenarios.views import model

MOVE = {"kind": "move", "from": {"lever": "integrated_locality_teams"}, "to": {"lever": "care_home_support"},
        "amount_gbp": 1_000_000}


@pytest.fixture(scope="module")
def plan():
    return demo_plan()


@pytest.fixture(scope="module")
def moved(plan):
    """£1m moved from integrated locality teams to care-home support, 60 runs, seed 5."""
    return model(Scenario(name="Move", changes=(MOVE,)), plan, runs=60, seed=5)
