"""The capacity plan in words: a month's gap, a pathway's year with and without a shortfall, the shares in use
and the year's largest shortfall."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from reports.capacity_text import (
    gap_sentence,
    largest_gap_sentence,
    month_rows,
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


def _n(text: str) -> int:
    return int(text.replace("−", "-").replace(",", ""))


people_a_month = st.lists(st.floats(0, 400, allow_nan=False) | st.sampled_from([0.0, 0.5, 1.5, 2.5]),
                          min_size=12, max_size=12)


@settings(max_examples=300, deadline=None)
@given(demand=people_a_month, capacity=people_a_month)
def test_the_sentence_the_month_table_the_slide_and_the_chart_say_the_same_shortfalls(demand, capacity):
    """One rule (``is_shortfall``) for every view: the summary read before the Capacity page's chart, the table
    of the numbers behind it (and `bcf capacity`'s), the board pack's row and the chart's hatched months."""
    from reports import board_pack_content, charts

    f = Flow(label="P1: home-based support", demand=tuple(demand), capacity=tuple(capacity))
    cap = plan({"P1": f})
    *months, year = month_rows(cap, f)
    said = summary_sentence("P1", f, MONTHS)
    short = [r for r in months if r["Status"] == "Shortfall"]
    assert [r["Month"] for r in short] == [MONTHS[i] for i in f.shortfall_months]
    assert all((_n(r["Gap"]) < 0) == (r["Status"] == "Shortfall") for r in [*months, year])  # as written
    assert f" Over the year capacity is {year['Capacity']} and demand {year['Demand']} people." in said
    assert (f" The year's shortfall is {year['Gap'].lstrip('−')} people." in said) == (year["Status"] == "Shortfall")
    if short:
        worst = re.match(r"In (\w+ \d{4}) demand for P1 exceeds capacity by ([\d,]+) (?:person|people), the largest "
                         r"shortfall; demand exceeds capacity in (every month|(\d+) of 12 months)\.", said)
        assert worst, said
        row = next(r for r in months if r["Month"] == worst[1])
        assert row["Status"] == "Shortfall" and _n(row["Gap"]) == -_n(worst[2]) == min(_n(r["Gap"]) for r in months)
        assert (len(short) == 12) if worst[3] == "every month" else int(worst[4]) == len(short)
    else:
        assert said.startswith("Capacity covers demand for P1 in every month.") and "largest shortfall" not in said
    assert board_pack_content.capacity_rows(cap) == [[f.label, year["Demand"], year["Capacity"], year["Gap"]]]
    fig = charts.capacity_figure(cap, "P1")
    hatched = [x for t in fig.data if t.name == "Shortfall (hatched bar)" for x in t.x]
    assert hatched == [r["Month"] for r in short]


def test_a_month_short_by_half_a_person_reads_0_and_is_no_shortfall():
    # capacity 10, demand 10.5: the gap is written 0 (a half to the even whole person), so nothing says "short"
    f = flow([10.5] + [5.0] * 11, 10.0)
    cap = plan({"P1": f})
    first = month_rows(cap, f)[0]
    assert (first["Gap"], first["Status"]) == ("0", "Covered")
    assert f.shortfall_months == ()
    said = summary_sentence("P1", f, MONTHS)
    assert said.startswith("Capacity covers demand for P1 in every month. In Apr 2026 capacity for P1 matches demand.")
    # 10.5001 is written −1 and is a shortfall of 1 person
    g = flow([10.5001] + [5.0] * 11, 10.0)
    assert month_rows(plan({"P1": g}), g)[0]["Status"] == "Shortfall" and g.shortfall_months == (0,)
    assert "exceeds capacity by 1 person, the largest shortfall" in summary_sentence("P1", g, MONTHS)


def test_a_year_short_with_no_month_short_says_the_years_shortfall():
    # each month 0.4 of a person short (written 0), the year 4.8 (written 5)
    f = flow([10.4] * 12, 10.0)
    said = summary_sentence("P1", f, MONTHS)
    assert said.startswith("Capacity covers demand for P1 in every month.")
    assert said.endswith(" The year's shortfall is 5 people.")
    assert month_rows(plan({"P1": f}), f)[-1] == {"Month": "Year", "Demand": "125", "Capacity": "120", "Gap": "−5",
                                                  "Status": "Shortfall"}
    # and a year short by 0.4 of a person says no shortfall of 0 people
    g = flow([10.0] * 11 + [10.4], 10.0)
    assert "The year's shortfall" not in summary_sentence("P1", g, MONTHS)
