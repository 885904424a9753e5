"""The shape of the quarterly and year-end reports, per year, read from ``reference_data/returns/YEAR.yaml``.

The national templates for these returns are not public in what we hold, so their shape is reference data, marked
unconfirmed, and changes without code: which sheets each report has and in what order, each sheet's title, and each
table's columns (which figure, under what heading). ``reports/year_report.py`` fills them in. A column's key names a
figure the report knows (``COLUMN_KEYS``); the keys whose cells the area fills in are ``INPUT_KEYS``, and those it may
complete or correct (a signatory's name, from the plan's sign-off) ``EDITABLE_KEYS``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import model_validator

from budget.models import normalise_year
from budget.package_yaml import load_yaml
from budget.reference_records import FrozenRecord

_PACKAGE = Path(__file__).resolve().parent  # the budget package's folder: its data files are beside it

SheetId = Literal["cover", "national_conditions", "metrics", "spend_by_stream", "spend_by_scheme",
                  "income_and_expenditure", "nhs_minimum", "outputs", "sign_off"]
MONEY_COLUMNS = ("planned_year", "planned_to_date", "actual_to_date", "variance", "forecast_outturn")
COLUMN_KEYS: dict[str, tuple[str, ...]] = {
    "cover": (),
    "national_conditions": ("code", "title", "text", "statement", "status_at_plan", "still_met", "comment"),
    "metrics": ("metric", "unit", "goal_year", "goal_to_date", "actual_to_date", "p10_to_date", "p90_to_date",
                "rolling_to", "rolling_actual", "status", "status_basis", "percentile", "months_given", "challenges",
                "achievements", "support_needed"),
    "spend_by_stream": ("key", "label", *MONEY_COLUMNS, "forecast_run_rate", "status"),
    "spend_by_scheme": ("key", "label", *MONEY_COLUMNS, "forecast_run_rate", "status"),
    "income_and_expenditure": ("key", "label", "income", *MONEY_COLUMNS, "unspent"),
    "nhs_minimum": ("required", *MONEY_COLUMNS, "met"),
    "outputs": ("scheme_id", "scheme_name", "locality", "unit", "planned_year", "planned_to_date",
                "delivered_to_date", "status"),
    "sign_off": ("role", "organisation", "name", "signed_on"),
}
INPUT_KEYS = frozenset({"still_met", "comment", "challenges", "achievements", "support_needed", "signed_on"})
EDITABLE_KEYS = frozenset({"name"})  # filled in from the plan where it has one, for the area to complete or correct
Kind = Literal["quarterly", "year_end"]


class Column(FrozenRecord):
    """One column of a report's table: the figure it holds and its heading."""

    key: str
    label: str


class SheetShape(FrozenRecord):
    """One sheet's title and its table's columns, in order."""

    title: str
    columns: tuple[Column, ...] = ()


class ReportShape(FrozenRecord):
    """One report: its title and its sheets, in order."""

    title: str
    sheets: tuple[SheetId, ...]


class ReportShapes(FrozenRecord):
    """A year's quarterly and year-end reports."""

    year: str
    confirmed: bool
    source: str
    condition_question: str
    quarterly: ReportShape
    year_end: ReportShape
    sheets: dict[SheetId, SheetShape]

    @model_validator(mode="after")
    def _known(self) -> ReportShapes:
        for report in (self.quarterly, self.year_end):
            missing = [s for s in report.sheets if s not in self.sheets]
            if missing:
                raise ValueError(f"the {report.title} lists sheets with no shape: {', '.join(missing)}")
        for sid, sheet in self.sheets.items():
            unknown = [c.key for c in sheet.columns if c.key not in COLUMN_KEYS[sid]]
            if unknown:
                raise ValueError(f"the {sid} sheet has columns no report fills: {', '.join(unknown)}")
        return self

    def report(self, kind: Kind) -> ReportShape:
        """The quarterly or the year-end report."""
        return self.quarterly if kind == "quarterly" else self.year_end


def report_years() -> tuple[str, ...]:
    """The financial years with a report shape shipped, in order."""
    folder = _PACKAGE / "reference_data" / "returns"
    return tuple(sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml")))


@cache
def report_shapes(year: str) -> ReportShapes:
    """The year's report shapes. Raises ValueError with a sentence when the year has none."""
    y = normalise_year(year)
    if y not in report_years():
        raise ValueError(f"there is no quarterly or year-end report shape for {y}; reports can be written for "
                         f"{', '.join(report_years())}")
    text = (_PACKAGE / "reference_data" / "returns" / f"{y}.yaml").read_text(encoding="utf-8")
    return ReportShapes.model_validate(load_yaml(text))
