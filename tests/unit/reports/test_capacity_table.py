"""The Capacity and demand sheet of the submission copy: its rows add up to the capacity plan, and the area's own
profile and pathway shares are written as it gave them, for the reader to find again."""

from __future__ import annotations

import pytest

from budget.demo import demo_plan
from budget.submission import (
    PROFILE_ROW,
    SHARE_PERIOD_ROW,
    SHARE_ROWS,
    SHARE_SOURCE_ROW,
    CapacitySettings,
    PathwayShares,
    Submission,
)
from reports.capacity_table import capacity_table
from scenarios.capacity import PATHWAYS, SERVICES, capacity_plan

PROFILE = (1, 1, 1, 1, 1, 1, 1, 1, 3, 3, 1, 1)


def test_a_row_per_flow_and_measure_with_twelve_months_and_the_year():
    cap = capacity_plan(demo_plan())
    t = capacity_table(cap)
    assert t.columns == ("Pathway or service", "Measure", *cap.months, "Year")
    assert len(t.rows) == 3 * (len(PATHWAYS) + len(SERVICES))  # the shipped profile and shares: no rows of them
    assert t.row_formats == {}
    assert [r[1] for r in t.rows[:3]] == ["Demand", "Capacity", "Gap"]
    by = {(r[0], r[1]): r for r in t.rows}
    for f in cap.flows().values():
        demand, capacity, gap = by[(f.label, "Demand")], by[(f.label, "Capacity")], by[(f.label, "Gap")]
        assert demand[-1] == pytest.approx(round(sum(f.demand), 1))
        assert capacity[-1] == pytest.approx(round(sum(f.capacity), 1))
        for m in range(2, 14):
            assert gap[m] == pytest.approx(capacity[m] - demand[m], abs=0.11)
    assert "Intermediate care capacity and demand 2026-27" in t.title
    assert any(n.startswith("Shares of discharges by pathway: P0 ") and cap.shares_line in n for n in t.notes)
    assert f"Seasonal profile: {cap.profile_line}." in t.notes


def test_the_areas_own_profile_and_shares_are_written_as_it_gave_them():
    own = PathwayShares(P0=50, P1=45, P2=4, P3=1, source="Trust extract", period="2024-25")
    sub = Submission(capacity=CapacitySettings(seasonal_profile=PROFILE, pathway_shares=own))
    t = capacity_table(capacity_plan(demo_plan(), submission=sub))
    flows = 3 * (len(PATHWAYS) + len(SERVICES))
    assert t.rows[flows] == (PROFILE_ROW, "Weight", *PROFILE, sum(PROFILE))
    assert [r[0] for r in t.rows[flows + 1:]] == [*(SHARE_ROWS[p] for p in PATHWAYS), SHARE_SOURCE_ROW,
                                                  SHARE_PERIOD_ROW]
    assert [r[-1] for r in t.rows[flows + 1:]] == [50, 45, 4, 1, "Trust extract", "2024-25"]
    assert t.row_formats == {flows: "General", **{flows + 1 + i: "General" for i in range(4)},
                             flows + 5: "@", flows + 6: "@"}
