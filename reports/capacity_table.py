"""The capacity plan as the Excel submission copy's Capacity and demand sheet (``budget.tables.Table``)."""

from __future__ import annotations

from budget.submission import (
    PROFILE_MEASURE,
    PROFILE_ROW,
    SHARE_MEASURE,
    SHARE_PERIOD_ROW,
    SHARE_ROWS,
    SHARE_SOURCE_ROW,
    SHARE_TEXT_MEASURE,
)
from budget.tables import Table
from reports.capacity_text import shares_words
from scenarios.capacity import PATHWAYS, CapacityPlan


def capacity_table(cap: CapacityPlan) -> Table:
    """One sheet's table for the Excel submission copy.

    A row per pathway or service and measure (Demand, Capacity, Gap), twelve month columns and the
    year's total, in people; where the area set its own seasonal profile, a row holds its weights as it
    gave them (``budget.submission.PROFILE_ROW``), and where it set its own pathway shares, a row per
    pathway holds its per cent in the Year column (``SHARE_ROWS``), then their source and period, which
    ``budget.readers.submission`` reads back.

    Returns:
        budget.tables.Table.
    """
    rows = []
    for f in cap.flows().values():
        for measure, values in (("Demand", f.demand), ("Capacity", f.capacity), ("Gap", f.gap)):
            rows.append((f.label, measure, *[round(v, 1) for v in values], round(sum(values), 1)))
    row_formats = {}
    if cap.area_profile is not None:
        row_formats[len(rows)] = "General"  # the weights as given, not rounded to whole people
        rows.append((PROFILE_ROW, PROFILE_MEASURE, *cap.area_profile, sum(cap.area_profile)))
    own = cap.area_shares
    if own is not None:  # as the area gave them, read back by budget.readers.submission
        blank = (None,) * 12
        for p in PATHWAYS:
            row_formats[len(rows)] = "General"
            rows.append((SHARE_ROWS[p], SHARE_MEASURE, *blank, own.share(p)))
        for label, text in ((SHARE_SOURCE_ROW, own.source), (SHARE_PERIOD_ROW, own.period)):
            if text:
                row_formats[len(rows)] = "@"
                rows.append((label, SHARE_TEXT_MEASURE, *blank, text))
    columns = ("Pathway or service", "Measure", *cap.months, "Year")
    fmt = '#,##0;"−"#,##0'  # the minus sign the app uses; no colour carries meaning
    return Table(row_formats=row_formats,
        title=f"Intermediate care capacity and demand {cap.year}: {cap.area_name}",
        columns=columns, rows=tuple(rows), formats={c: fmt for c in (*cap.months, "Year")},
        notes=("People a month. Gap = capacity − demand: negative is a shortfall.",
               "Demand: emergency admissions of people aged 65+ by discharge pathway, and community step-up "
               "referrals per 100,000 aged 65+; capacity: the people each line's money serves as the impact model "
               "counts them (planned outputs, else spend ÷ unit cost, within each lever's eligibility cap), "
               "spread evenly over the year.",
               f"Shares of discharges by pathway: {shares_words(cap)} ({cap.shares_line}).",
               f"Seasonal profile: {cap.profile_line}."))
