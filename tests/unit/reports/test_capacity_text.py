"""The capacity plan in words: a month's gap, a pathway's year with and without a shortfall, the shares in use
and the year's largest shortfall."""

from __future__ import annotations

from reports.capacity_text import (
    gap_sentence,
    largest_gap_sentence,
    shares_words,
    short_name,
    summary_sentence,
)
from scenarios.capacity import CapacityPlan, Flow, labels, month_labels

MONTHS = month_labels("2026-27")


def flow(demand: list[float], capacity: float, label: str = "P1: home-based support") -> Flow:
    return Flow(label=label, demand=tuple(demand), capacity=(capacity,) * 12)


def plan(discharge: dict[str, Flow], community: dict[str, Flow] | None = None,
         shares: dict[str, float] | None = None) -> CapacityPlan:
    return CapacityPlan(area_name="Tiny", scenario_name="Plan", year="2026-27", months=MONTHS, discharge=discharge,
                        community=community or {}, emergency_admissions=0.0, population_65_plus=0.0,
                        profile=(1.0,) * 12, profile_source="shipped", lines=(), assumptions=(),
                        pathway_shares=shares or {})


def test_a_months_gap_says_which_side_is_short_and_counts_one_person_as_a_person():
    assert gap_sentence("Jan 2027", "P1", -42.4) == "In Jan 2027 demand for P1 exceeds capacity by 42 people"
    assert gap_sentence("Jan 2027", "P1", 1.2) == "In Jan 2027 capacity for P1 exceeds demand by 1 person"
    assert gap_sentence("Jan 2027", "P1", 0.4) == "In Jan 2027 capacity for P1 matches demand"
    assert gap_sentence("May 2026", "P2", -1_234.0) == "In May 2026 demand for P2 exceeds capacity by 1,234 people"


def test_a_pathway_is_named_by_its_key_and_a_service_by_its_label_in_lower_case():
    assert short_name("P3") == "P3"
    ucr = labels()["ucr"]
    assert short_name("ucr") == ucr[0].lower() + ucr[1:]
    assert short_name("ucr") != ucr


def test_a_year_with_a_shortfall_names_the_worst_month_the_months_short_and_the_years_shortfall():
    demand = [10.0] * 12
    demand[9] = 30.0  # January
    demand[10] = 14.0  # February
    said = summary_sentence("P1", flow(demand, 12.0), MONTHS)
    assert said == ("In Jan 2027 demand for P1 exceeds capacity by 18 people, the largest shortfall; demand exceeds "
                    "capacity in 2 of 12 months. Over the year capacity is 144 and demand 144 people.")
    short_all_year = summary_sentence("P1", flow([20.0] * 12, 10.0), MONTHS)
    assert "demand exceeds capacity in every month" in short_all_year
    assert short_all_year.endswith(" The year's shortfall is 120 people.")


def test_a_year_without_a_shortfall_says_capacity_covers_demand_and_the_closest_month():
    demand = [5.0] * 12
    demand[3] = 9.0  # July: the smallest margin
    said = summary_sentence("P1", flow(demand, 10.0), MONTHS)
    assert said == ("Capacity covers demand for P1 in every month. In Jul 2026 capacity for P1 exceeds demand by "
                    "1 person. Over the year capacity is 120 and demand 64 people.")
    assert "shortfall" not in said


def test_the_shares_in_use_are_per_cent_to_two_places_at_most():
    cap = plan({}, shares={"P0": 0.864, "P1": 0.088, "P2": 0.034, "P3": 0.014})
    assert shares_words(cap) == "P0 86.4%, P1 8.8%, P2 3.4%, P3 1.4%"
    cap = plan({}, shares={"P0": 0.5, "P1": 0.45, "P2": 0.04, "P3": 0.01})
    assert shares_words(cap) == "P0 50%, P1 45%, P2 4%, P3 1%"


def test_the_largest_shortfall_is_the_flow_furthest_below_demand_over_the_year():
    small = flow([11.0] * 12, 10.0, "P0: simple")  # 12 short
    big = [10.0] * 12
    big[0] = 100.0
    large = flow(big, 12.0, "P2: bed-based")  # 66 short over the year, short in one month
    cap = plan({"P0": small, "P2": large})
    assert largest_gap_sentence(cap) == ("Largest shortfall: P2: bed-based, 66 people short in 2026-27 (demand 210, "
                                         "capacity 144), short in 1 of 12 months.")
    every = plan({"P0": flow([20.0] * 12, 10.0, "P0: simple")})
    assert largest_gap_sentence(every).endswith("short every month.")


def test_no_shortfall_and_no_flows_are_said_plainly():
    assert largest_gap_sentence(plan({"P1": flow([5.0] * 12, 10.0)})) == (
        "Capacity covers demand on every pathway and service over 2026-27.")
    assert largest_gap_sentence(plan({})) == "There is no pathway or service to compare."
