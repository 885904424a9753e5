"""Money by locality need as the Plan and Optimise pages show it: a sentence, one a locality, and the table.

Everything in it comes from ``scenarios.spend.locality_need`` and ``budget.need``'s words and table, the
same the board pack and ``bcf run --json`` give.
"""

from __future__ import annotations

from dataclasses import dataclass

from budget.need import LocalityNeed, need_summary, need_table, parameters

METHOD_NOTE = ("Need is each locality's people aged 65+, with those aged 85+ counted {age:g} times and {gradient:.0%} "
               "more need a head for every 10 points of the Index of Multiple Deprivation average score; a need "
               "weighting typed on the Localities sheet is used instead where there is one. Spend on the whole area "
               "is shared out by need, as the model shares it. The Method page gives the sources.")


@dataclass(frozen=True)
class NeedView:
    """What a page shows of each locality's need beside its money."""

    summary: str
    sentences: tuple[str, ...]
    rows: list[dict[str, str]]
    note: str


def need_view(rows: tuple[LocalityNeed, ...]) -> NeedView:
    """The summary sentence, a sentence a locality, the table's rows and the note on the method."""
    headers, body = need_table(rows)
    p = parameters()
    return NeedView(summary=need_summary(rows), sentences=tuple(r.sentence() for r in rows),
                    rows=[dict(zip(headers, r, strict=True)) for r in body],
                    note=METHOD_NOTE.format(age=p.age_85_plus_relative_need, gradient=p.gradient_per_10_points))
