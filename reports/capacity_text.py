"""The capacity plan in words: what the Capacity page, `bcf capacity` and the board pack say about it.

Each sentence reads a ``scenarios.capacity.CapacityPlan`` (or one of its flows) and says its numbers: the
pathway shares in use, a month's gap, a pathway's or service's year, the largest shortfall of the year.
"""

from __future__ import annotations

from collections.abc import Sequence

from budget.money import whole
from scenarios.capacity import PATHWAYS, CapacityPlan, Flow, is_shortfall, labels, people


def shares_words(cap: CapacityPlan) -> str:
    """The pathway shares in use, e.g. 'P0 86.4%, P1 8.8%, P2 3.4%, P3 1.3%'."""
    return ", ".join(f"{p} {round(cap.pathway_shares[p] * 100, 2):g}%" for p in PATHWAYS)


def short_name(key: str) -> str:
    """How a sentence names a pathway or service: 'P1', 'urgent community response'."""
    return key if key in PATHWAYS else labels()[key][0].lower() + labels()[key][1:]


def gap_sentence(month: str, key: str, gap: float) -> str:
    """'In Jan 2027 demand for P1 exceeds capacity by 42 people' (or capacity exceeds demand)."""
    n = abs(people(gap))
    key = short_name(key)
    noun = "person" if n == 1 else "people"
    if n == 0:
        return f"In {month} capacity for {key} matches demand"
    if is_shortfall(gap):
        return f"In {month} demand for {key} exceeds capacity by {n:,} {noun}"
    return f"In {month} capacity for {key} exceeds demand by {n:,} {noun}"


def summary_sentence(key: str, flow: Flow, months: Sequence[str]) -> str:
    """A short text summary of one pathway or service over the year.

    Its largest shortfall and how many months fall short, or that capacity covers demand every month.
    """
    gaps = flow.gap
    worst = min(range(12), key=lambda i: gaps[i])
    short = flow.shortfall_months
    year_gap = flow.year_gap
    name = short_name(key)
    total = f" Over the year capacity is {whole(sum(flow.capacity))} and demand {whole(sum(flow.demand))} people."
    # a year can fall short with no month short, each month's gap under half a person
    year = f" The year's shortfall is {whole(-year_gap)} people." if is_shortfall(year_gap) else ""
    if not short:
        return (f"Capacity covers demand for {name} in every month. {gap_sentence(months[worst], key, gaps[worst])}."
                + total + year)
    listed = "every month" if len(short) == 12 else f"{len(short)} of 12 months"
    return (f"{gap_sentence(months[worst], key, gaps[worst])}, the largest shortfall; demand exceeds capacity in "
            f"{listed}." + total + year)


def largest_gap_sentence(cap: CapacityPlan) -> str:
    """The pathway or service whose demand most exceeds its capacity over the year, in a sentence."""
    flows = list(cap.flows().values())
    if not flows:
        return "There is no pathway or service to compare."
    worst = min(flows, key=lambda f: f.year_gap)
    demand, capacity = sum(worst.demand), sum(worst.capacity)
    if not is_shortfall(worst.year_gap):
        return f"Capacity covers demand on every pathway and service over {cap.year}."
    months = len(worst.shortfall_months)
    when = "every month." if months == len(worst.demand) else f"in {months} of {len(worst.demand)} months."
    return (f"Largest shortfall: {worst.label}, {whole(-worst.year_gap)} people short in {cap.year} "
            f"(demand {whole(demand)}, capacity {whole(capacity)}), short {when}")


def month_rows(cap: CapacityPlan, flow: Flow) -> list[dict[str, str]]:
    """One pathway's or service's months as the Capacity page and `bcf capacity` show them, then the year.

    Each row holds the Month, then Demand, Capacity and Gap in whole people and a Status, "Shortfall" or
    "Covered" (``is_shortfall``): the same figures ``summary_sentence`` says.
    """

    def row(month: str, demand: float, capacity: float, gap: float) -> dict[str, str]:
        return {"Month": month, "Demand": whole(demand), "Capacity": whole(capacity), "Gap": whole(gap),
                "Status": "Shortfall" if is_shortfall(gap) else "Covered"}

    rows = [row(m, d, c, g) for m, d, c, g in zip(cap.months, flow.demand, flow.capacity, flow.gap, strict=True)]
    return [*rows, row("Year", sum(flow.demand), sum(flow.capacity), flow.year_gap)]
