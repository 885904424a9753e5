"""Expenditure lines: one parser per field, run in order over each row of an expenditure sheet.

Every problem in a row is reported (not just the first); a line with an error is not added.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter
from pydantic import ValidationError

from budget.models import ExpenditureLine, HWBArea
from budget.readers import values as V
from budget.readers.detect import pick_year_column
from budget.readers.grid import Header, Sheet, cell_name, is_totals_row, leading_labels
from budget.readers.problems import (
    NA_AMOUNTS,
    Collector,
    TotalCheck,
    excel_error,
    formula_unsaved,
    na_amount,
    not_hwb_code,
)
from budget.reference import Reference
from budget.reference_records import norm

AREA_WIDE_WORDS = frozenset({"area wide", "all", "all localities", "whole area"})  # read as no locality
YEAR_COLUMNS = ("amount", "planned_outputs")  # fields whose column may repeat, once per year


@dataclass
class Row:
    """One row being read: its values by field, where each stands, and what is read so far."""

    sheet: Sheet
    r: int
    values: dict[str, object]
    columns: dict[str, int]  # field key -> 1-based column
    letters: dict[str, str]  # field key -> column letter
    year: str
    ref: Reference
    locality_names: set[str]
    area_names: dict[str, str]
    out: Collector
    parsed: dict[str, object] = field(default_factory=dict)
    scheme_type_match: object = None

    def raw(self, key: str) -> object:
        """The row's value for field `key` as read (None when the sheet has no such column)."""
        return self.values.get(key)

    def cell(self, key: str) -> str:
        """The cell holding field `key` ('F12'), or the row number alone when the sheet has no such column."""
        return f"{self.letters[key]}{self.r}" if key in self.letters else str(self.r)

    def error(self, key: str, message: str) -> None:
        """Collect an error at the cell of field `key`."""
        self.out.error(self.sheet.name, self.cell(key), message)

    def warn(self, key: str, message: str) -> None:
        """Collect a warning at the cell of field `key`."""
        self.out.warn(self.sheet.name, self.cell(key), message)

    def optional_text(self, key: str) -> str:
        """Field `key` as text, '' when blank."""
        return "" if V.is_blank(self.raw(key)) else V.text(self.raw(key))

    def required_text(self, key: str, what: str) -> str:
        """Field `key` as text; an error naming `what` when it is blank."""
        v = V.text(self.raw(key))
        if not v or V.is_blank(self.raw(key)):
            self.error(key, f"{what} is blank; every expenditure line needs one")
        return v

    def term(self, key: str, matcher, what: str) -> str:
        """A value from a reference list, kept as written (with a warning) when it is not on the list."""
        raw = self.raw(key)
        if V.is_blank(raw):
            return ""
        m = matcher(raw)
        if m is None:
            self.warn(key, f"{what} '{V.text(raw)[:60]}' is not in the reference list; kept as written")
            return V.text(raw)
        return m.name

    def percent(self, key: str) -> float | None:
        """Field `key` as a percentage, 0 to 100; None when blank, or (with an error) when not one."""
        try:
            x = V.percent(self.raw(key))
        except V.ValueProblem as e:
            self.error(key, str(e))
            return None
        if x is not None and not 0 <= x <= 100:
            self.error(key, f"found {x:g}%, expected a percentage between 0% and 100%")
            return None
        return x


# ---- one parser per field, in the order their problems are reported -----------------------------
def _scheme_id(row: Row) -> str:
    return row.required_text("scheme_id", "the Scheme ID")


def _scheme_name(row: Row) -> str:
    name = row.required_text("scheme_name", "the Scheme Name")
    if len(name) > 500:
        row.warn("scheme_name", "the scheme name is over 500 characters and was shortened")
        name = name[:500]
    return name


def _scheme_type(row: Row) -> str:
    written = row.required_text("scheme_type", "the Scheme Type")
    m = row.ref.match_scheme_type(written) if written else None
    row.scheme_type_match = m
    if written and m is None:
        row.warn("scheme_type", f"scheme type '{written[:80]}' is not in the {row.year} list; the line is kept "
                                "with no modelled effect")
        return written
    if m is None:
        return written
    if m.kind == "renamed":
        row.warn("scheme_type", m.note)
    return m.name


def _sub_type(row: Row) -> str:
    written = row.optional_text("sub_type")
    if not written or row.scheme_type_match is None:
        return written
    scheme_type = row.parsed["scheme_type"]
    m = row.ref.match_sub_type(scheme_type, written)
    if m is None:
        row.warn("sub_type", f"sub type '{written[:80]}' is not listed under '{scheme_type[:60]}' for {row.year}; "
                             "kept as written")
        return written
    return m.name


def _scheme_type_other(row: Row) -> str:
    return row.optional_text("scheme_type_other")[:500]


def _area_of_spend_other(row: Row) -> str:
    return row.optional_text("area_of_spend_other")[:500]


def _area_of_spend(row: Row) -> str:
    return row.term("area_of_spend", row.ref.match_area_of_spend, "area of spend")


def _commissioner(row: Row) -> str | None:
    raw = row.raw("commissioner")
    if V.is_blank(raw):
        return None
    m = row.ref.match_commissioner(raw)
    if m is None:
        row.warn("commissioner", f"commissioner '{V.text(raw)}' is not LA, NHS or Joint; left blank")
        return None
    return m.name


def _pct_nhs(row: Row) -> float | None:
    return row.percent("pct_nhs")


def _pct_la(row: Row) -> float | None:
    return row.percent("pct_la")


def _provider(row: Row) -> str:
    return row.term("provider", row.ref.match_provider, "provider")


def _source_of_funding(row: Row) -> str:
    written = row.required_text("source_of_funding", "the Source of Funding")
    if not written:
        return ""
    m = row.ref.match_stream(written)
    if m is None:
        streams = ", ".join(s.name for s in row.ref.funding_streams)
        row.warn("source_of_funding", f"source of funding '{written[:80]}' is not a {row.year} funding stream "
                                      f"({streams}); the line is kept but matched to no income")
        return f"unknown:{written}"
    if m.kind in ("renamed", "folded"):
        row.warn("source_of_funding", m.note)
    return m.name


def _amount(row: Row) -> float | None:
    raw = row.raw("amount")
    if isinstance(raw, str) and raw.strip().lower() in NA_AMOUNTS:
        row.warn("amount", na_amount("the expenditure", raw.strip()))
        return 0.0
    try:
        amount = V.money(row.raw("amount"))
    except V.ValueProblem as e:
        row.error("amount", str(e))
        return None
    if amount is None:
        r, c = row.r, row.columns["amount"]
        if row.sheet.formula_missing(r, c):
            row.error("amount", formula_unsaved("the expenditure cell"))
        elif row.sheet.excel_error(r, c):
            row.error("amount", excel_error("the expenditure cell", row.sheet.excel_error(r, c)))
        else:
            row.error("amount", "the expenditure is blank; expected an amount in pounds (enter 0 for a line with "
                                "no spend)")
    return amount


def _planned_outputs(row: Row) -> float | None:
    try:
        outputs = V.number(row.raw("planned_outputs"), "a number of planned outputs")
    except V.ValueProblem as e:
        row.warn("planned_outputs", f"{e}; planned outputs left blank")
        return None
    if outputs is not None and outputs < 0:
        row.warn("planned_outputs", "planned outputs are negative; left blank")
        return None
    return outputs


def _output_unit(row: Row) -> str:
    unit = V.text(row.raw("output_unit"))
    if not unit and row.scheme_type_match is not None:
        known = row.ref.scheme_type(row.parsed["scheme_type"])
        unit = known.output_unit if known else ""
    return unit


def _new_existing(row: Row) -> str | None:
    written = norm(row.raw("new_existing"))
    if not written:
        return None
    if written.startswith("new"):
        return "New"
    if written.startswith("exist"):
        return "Existing"
    row.warn("new_existing", f"'{V.text(row.raw('new_existing'))}' is not New or Existing; left blank")
    return None


def _locality(row: Row) -> str:
    locality = row.optional_text("locality")
    if norm(locality) in AREA_WIDE_WORDS:
        return ""
    if locality and row.locality_names and norm(locality) not in row.locality_names:
        row.warn("locality", f"locality '{locality}' is not on the Localities sheet")
    return locality


def _area_code(row: Row) -> str | None:
    if "area_code" not in row.values:
        return None
    raw = V.text(row.raw("area_code")).upper()
    try:
        code = HWBArea(code=raw, name=raw).code
    except ValidationError:
        row.error("area_code", not_hwb_code(raw))
        return None
    if "area_name" in row.values and V.text(row.raw("area_name")):
        row.area_names.setdefault(code, V.text(row.raw("area_name")))
    return code


def _description(row: Row) -> str:
    return row.optional_text("description")[:2000]


PARSERS: tuple[tuple[str, Callable[[Row], object]], ...] = (
    ("scheme_id", _scheme_id),
    ("scheme_name", _scheme_name),
    ("scheme_type", _scheme_type),
    ("sub_type", _sub_type),
    ("scheme_type_other", _scheme_type_other),
    ("area_of_spend", _area_of_spend),
    ("area_of_spend_other", _area_of_spend_other),
    ("commissioner", _commissioner),
    ("pct_nhs", _pct_nhs),
    ("pct_la", _pct_la),
    ("provider", _provider),
    ("source_of_funding", _source_of_funding),
    ("amount", _amount),
    ("planned_outputs", _planned_outputs),
    ("output_unit", _output_unit),
    ("new_existing", _new_existing),
    ("locality", _locality),
    ("area_code", _area_code),
    ("description", _description),
)


# ---- the sheet --------------------------------------------------------------------------------
def _columns(sheet: Sheet, header: Header, year: str, years: tuple[str, ...], out: Collector) -> dict[str, int]:
    cols = dict(header.columns)
    for key in YEAR_COLUMNS:
        c = pick_year_column(sheet, header, key, year, years, out)
        if c is not None:
            cols[key] = c
    for key, extra in header.duplicates.items():
        if key not in YEAR_COLUMNS:
            out.warn(
                sheet.name,
                cell_name(header.row, extra[0]),
                f"the header '{header.labels.get(extra[0])}' repeats an earlier column's meaning; the first was read",
            )
    return cols


def read_lines(sheet: Sheet, header: Header, year: str, ref: Reference, locality_names: set[str],
               lines_by_area: dict, area_names: dict, out: Collector, years: tuple[str, ...] = ()) -> None:
    """Add the sheet's expenditure lines to `lines_by_area`.

    Lines are keyed by area code (None for a single-area plan); the amount and planned outputs are read for
    `year` where the sheet has a column for each of `years`.
    """
    cols = _columns(sheet, header, year, years, out)
    letters = {k: get_column_letter(c) for k, c in cols.items()}
    width = max(cols.values())
    running = 0.0
    seen: dict[tuple, int] = {}
    for r, row in out.table_rows(sheet, header.row):
        filled = [v for v in row if v is not None and not V.is_blank(v)]
        padded = row if len(row) >= width else row + (None,) * (width - len(row))
        values = {k: padded[c - 1] for k, c in cols.items()}
        if is_totals_row(leading_labels(row), needed=(values["scheme_type"], values["source_of_funding"])):
            out.totals_row(sheet, r, 1, (TotalCheck(cols["amount"], running, "the lines above it add up to"),))
            running = 0.0
            continue
        if len(filled) == 1 and isinstance(filled[0], str):
            out.warn(sheet.name, cell_name(r, 1), f"row {r} holds only a note ('{V.text(filled[0])[:60]}') and was "
                                                  "skipped")
            continue
        errors_before = len(out.errors)
        line = Row(sheet, r, values, cols, letters, year, ref, locality_names, area_names, out)
        for key, parse in PARSERS:
            line.parsed[key] = parse(line)
        got = line.parsed
        if len(out.errors) > errors_before or got["amount"] is None:
            continue
        key = (got["area_code"], got["scheme_id"], got["scheme_type"], got["sub_type"], got["source_of_funding"],
               got["locality"])
        if key in seen:
            line.warn("scheme_id", f"scheme {got['scheme_id']} repeats row {seen[key]} (same scheme type, sub type, "
                                   "source and locality); both lines were added — check it is not entered twice")
        seen.setdefault(key, r)
        fields = {k: v for k, v in got.items() if k != "area_code"}
        try:
            expenditure = ExpenditureLine(**fields, row=r, sheet=sheet.name,
                                          cells={k: f"{letter}{r}" for k, letter in letters.items()})
        except ValidationError as e:
            out.error(sheet.name, cell_name(r, 1), f"row {r} could not be read: {e.errors()[0]['msg']}")
            continue
        running += got["amount"]
        lines_by_area[got["area_code"]].append(expenditure)
