"""The capacity plan in words: what the Capacity page, `bcf capacity` and the board pack say about it.

Each sentence reads a ``scenarios.capacity.CapacityPlan`` (or one of its flows) and says its numbers: the
pathway shares in use, a month's gap, a pathway's or service's year, the largest shortfall of the year.
"""

from __future__ import annotations

from collections.abc import Sequence

from budget.money import whole
from scenarios.capacity import PATHWAYS, CapacityPlan, Flow, labels


def shares_words(cap: CapacityPlan) -> str:
    """The pathway shares in use, e.g. 'P0 86.4%, P1 8.8%, P2 3.4%, P3 1.3%'."""
    return ", ".join(f"{p} {round(cap.pathway_shares[p] * 100, 2):g}%" for p in PATHWAYS)


def short_name(key: str) -> str:
    """How a sentence names a pathway or service: 'P1', 'urgent community response'."""
    return key if key in PATHWAYS else labels()[key][0].lower() + labels()[key][1:]


def gap_sentence(month: str, key: str, gap: float) -> str:
    """'In Jan 2027 demand for P1 exceeds capacity by 42 people' (or capacity exceeds demand)."""
    n = round(abs(gap))
    key = short_name(key)
    people = "person" if n == 1 else "people"
    if n == 0:
        return f"In {month} capacity for {key} matches demand"
    if gap < 0:
        return f"In {month} demand for {key} exceeds capacity by {n:,} {people}"
    return f"In {month} capacity for {key} exceeds demand by {n:,} {people}"


def summary_sentence(key: str, flow: Flow, months: Sequence[str]) -> str:
    """A short text summary of one pathway or service over the year.

    Its largest shortfall and how many months fall short, or that capacity covers demand every month.
    """
    gaps = flow.gap
    worst = min(range(12), key=lambda i: gaps[i])
    short = flow.shortfall_months
    year_gap = sum(gaps)
    name = short_name(key)
    total = f" Over the year capacity is {round(sum(flow.capacity)):,} and demand {round(sum(flow.demand)):,} people."
    if not short:
        return (
            f"Capacity covers demand for {name} in every month. {gap_sentence(months[worst], key, gaps[worst])}."
            + total
        )
    listed = "every month" if len(short) == 12 else f"{len(short)} of 12 months"
    return (f"{gap_sentence(months[worst], key, gaps[worst])}, the largest shortfall; demand exceeds capacity in "
            f"{listed}." + total + (f" The year's shortfall is {round(-year_gap):,} people." if year_gap < 0 else ""))


def largest_gap_sentence(cap: CapacityPlan) -> str:
    """The pathway or service whose demand most exceeds its capacity over the year, in a sentence."""
    flows = list(cap.flows().values())
    if not flows:
        return "There is no pathway or service to compare."
    worst = min(flows, key=lambda f: sum(f.capacity) - sum(f.demand))
    demand, capacity = sum(worst.demand), sum(worst.capacity)
    short = round(demand - capacity)
    if short <= 0:
        return f"Capacity covers demand on every pathway and service over {cap.year}."
    months = sum(c - d <= -0.5 for c, d in zip(worst.capacity, worst.demand, strict=True))
    return (f"Largest shortfall: {worst.label}, {whole(short)} people short in {cap.year} (demand {whole(demand)}, "
            f"capacity {whole(capacity)}), short " + ("every month." if months == len(worst.demand) else
                                                       f"in {months} of {len(worst.demand)} months."))
