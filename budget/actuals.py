"""Actuals: what was spent and delivered, and how the metrics moved, month by month through a plan's year.

``Actuals`` is what the actuals workbook (``budget/actuals_template.py`` writes it, ``budget/readers/actuals.py``
reads it) holds: the area by its ONS code as a plan's cover names it, the financial year, spend to date on each
expenditure line by month with the people it served, and each month's figures for the three BCF metrics (from the
workbook, or from the national files ``budget/readers/actuals_files.py`` reads beside it: NHS England's Discharge
Ready Date data, the ASCOF client-level file's rolling 12 months, the ICB analyst's SUS sheet). Months
are written ``YYYY-MM`` inside the model and ``Apr 2025`` in a workbook; a year runs April to March.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from pydantic import Field, model_validator

from budget.columns import Field as Column
from budget.models import CellText, Count, Days, Frozen, Money, Name, Rate100k, Text, normalise_year, year_start

MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
Month = Annotated[str, Field(pattern=r"^20\d\d-(0[1-9]|1[0-2])$")]
PositiveCount = Annotated[float, Field(gt=0, le=1_000_000_000)]

# the Spend sheet's columns that name an expenditure line, in the order the workbook gives them
LINE_COLUMNS: tuple[Column, ...] = (
    Column("scheme_id", ("Scheme ID", "Scheme Id", "Scheme reference", "Scheme ref"), required=True),
    Column("scheme_name", ("Scheme Name", "Scheme")),
    Column("scheme_type", ("Scheme Type", "Service type")),
    Column("sub_type", ("Sub Type", "Sub-type", "Scheme sub type")),
    Column("source_of_funding", ("Source of Funding", "Funding stream", "Funding source")),
    Column("locality", ("Locality", "Place")),
)
PEOPLE_SERVED = Column("people_served", ("People served to date", "Outputs delivered to date", "People served"))
SPEND_TOTAL_LABEL = "Spend to date (£)"  # a formula the workbook adds up for the reader of it; never read back
MONTH_COLUMN = Column("month", ("Month",), required=True)
# the Metrics sheet's columns after Month: each month's figures for the three BCF metrics and the population
METRIC_COLUMNS: tuple[Column, ...] = (
    Column("emergency_admissions_65_plus", ("Emergency admissions, people aged 65+ (number in the month)",
                                            "Emergency admissions 65+", "Emergency admissions")),
    Column("population_65_plus", ("Population aged 65+", "Population 65+", "Population")),
    Column("discharge_delay", ("Average discharge delay (days per discharge)", "Average discharge delay",
                               "Discharge delay")),
    Column("care_home_admissions_65_plus", ("Long-term care-home admissions, people aged 65+ (number in the month)",
                                            "Care-home admissions 65+", "Care home admissions")),
)


def months(year: str) -> tuple[str, ...]:
    """The twelve months of a financial year, April first: '2025-26' -> ('2025-04', ..., '2026-03')."""
    start = year_start(year)
    return tuple(f"{start + (m < 4)}-{m:02d}" for m in (*range(4, 13), *range(1, 4)))


def month_label(month: str) -> str:
    """'2025-04' -> 'Apr 2025', as a workbook writes a month."""
    return f"{MONTH_NAMES[int(month[5:]) - 1]} {month[:4]}"


_MONTH_TEXT = re.compile(r"^([a-z]{3,9})\.?[\s\-/]*(20\d\d)$")
_MONTH_NUMERIC = re.compile(r"^(20\d\d)[\-/](\d{1,2})(?:[\-/]\d{1,2})?$|^(\d{1,2})[\-/](20\d\d)$")


def read_month(value: object) -> str | None:
    """A month as a workbook may write it ('Apr 2025', 'April 2025', '2025-04', 04/2025, a date) -> '2025-04'.

    None when it is not a month.
    """
    if isinstance(value, dt.datetime | dt.date):
        return f"{value.year}-{value.month:02d}"
    s = " ".join(str(value).split()).lower()
    m = _MONTH_TEXT.match(s)
    if m:
        names = [n.lower() for n in MONTH_NAMES]
        word = m.group(1)[:3]
        return f"{m.group(2)}-{names.index(word) + 1:02d}" if word in names else None
    m = _MONTH_NUMERIC.match(s)
    if m:
        year, month = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        return f"{year}-{int(month):02d}" if 1 <= int(month) <= 12 else None
    return None


class ActualLine(Frozen):
    """Spend to date on one expenditure line, month by month, and the people it served to date."""

    scheme_id: Annotated[Name, Field(min_length=1)]
    scheme_name: Name = ""
    scheme_type: Name = ""
    sub_type: Name = ""
    source_of_funding: Name = ""  # as the workbook names the funding stream
    locality: Name = ""  # blank = area-wide
    spend: dict[Month, Money] = {}  # month -> £ spent in that month (months left blank are not listed)
    people_served: Count | None = None

    @property
    def spent(self) -> float:
        """Spend to date: every month given, added up."""
        return sum(self.spend.values())


class MetricMonth(Frozen):
    """One month's figures for the three BCF metrics, each None where not yet known."""

    month: Month
    emergency_admissions_65_plus: Count | None = None  # admissions of people aged 65+ in the month
    population_65_plus: PositiveCount | None = None  # the denominator of both rates per 100,000
    discharge_delay: Days | None = None  # average days from discharge ready date to discharge
    care_home_admissions_65_plus: Count | None = None  # long-term admissions of people aged 65+ in the month
    # from NHS England's Discharge Ready Date data: the discharges the month's average delay is taken over
    discharges: Count | None = None
    # from the ASCOF client-level file (measure 2C): long-term care-home admissions of people aged 65+ in the 12
    # months ending with this month, and the published rate per 100,000 aged 65+ for those 12 months. A rolling
    # year, revised each quarter: never split into months, and never the same figure as the month's own count.
    care_home_admissions_65_plus_12_months: Count | None = None
    care_home_admissions_65_plus_12_months_per_100k: Rate100k | None = None


class Actuals(Frozen):
    """An area's actuals for one financial year, as the actuals workbook holds them."""

    area_code: Annotated[CellText, Field(min_length=1)]
    area_name: CellText = ""
    year: Name
    lines: tuple[ActualLine, ...] = ()
    metrics: tuple[MetricMonth, ...] = ()
    illustrative: bool = False
    source_file: Name = ""
    notes: tuple[Text, ...] = ()  # what a reader of the figures should know: a suppressed count, a revised file

    @model_validator(mode="after")
    def _within_the_year(self) -> Actuals:
        year = normalise_year(self.year)
        inside = set(months(year))
        for x in self.lines:
            if not set(x.spend) <= inside:
                raise ValueError(f"spend on {x.scheme_id} is for a month outside {year}")
        seen = [m.month for m in self.metrics]
        if not set(seen) <= inside or len(set(seen)) != len(seen):
            raise ValueError(f"the metrics' months must each be a month of {year}, once")
        return self

    @property
    def spent(self) -> float:
        """Spend to date on every line."""
        return sum(x.spent for x in self.lines)
