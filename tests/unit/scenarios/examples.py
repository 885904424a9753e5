"""Scenarios the tests share."""

from __future__ import annotations

from scenarios.schema import Scenario


def mixed_scenario() -> Scenario:
    """A share move, a locality move, an added line, a removed line and a move from year 2."""
    return Scenario.model_validate({"name": "Mixed", "horizon_years": 3, "changes": [
        {"kind": "move", "from": {"lever": "carers"}, "to": {"lever": "reablement"}, "share": 0.5},
        {"kind": "move", "from": {"lever": "integrated_locality_teams", "locality": "Riverside"},
         "to": {"locality": "Southbay"}, "amount_gbp": 200_000},
        {"kind": "add_line", "scheme_id": "NEW1", "lever": "falls_prevention", "amount_gbp": 150_000,
         "locality": "Eastfield"},
        {"kind": "remove_line", "scheme_id": "NB01"},
        {"kind": "move", "from": {"lever": "assistive_technology"}, "to": {"lever": "care_home_support"},
         "amount_gbp": 100_000, "from_year": 2},
    ]})
