"""What an area added for its submission, read back from the submission copy of the Excel return.

The submission copy (``budget.export.write_submission``) writes the area's ``Submission`` into four
tables; this module reads them back into one:

- Metrics (``budget.submission.GOAL_COLUMNS``): a goal is the area's where "Goal set by" says "The
  area"; the baseline is the area's own (value, period and source) only where "Baseline set by" says
  so, never because its source differs from the shipped one; the rationale is the area's where
  "Rationale by" says so.
- Capacity and demand: the area's seasonal profile, from the row ``PROFILE_ROW`` (written only when the
  area set one), and its pathway shares, from the rows ``SHARE_ROWS`` and their source and period rows
  (likewise); without those rows the shipped profile and shares stand.
- National conditions: each condition's assurance statement and status (a row with neither is no answer).
- Cover: the sign-off table (Role, Organisation, Name, Date signed); rows with no name and no date are
  skipped.

A workbook with none of the Metrics, National conditions and sign-off tables is not a submission copy:
``read_submission`` gives None. A cell that cannot be read (a status not in the list, a date that is not
a date, a negative goal) is a warning naming its sheet and cell, and the rest is read: nothing here
refuses a file.
"""

from __future__ import annotations

import datetime as dt
import math

from pydantic import ValidationError

from budget.metrics import metric_for_label
from budget.readers import values as V
from budget.readers.grid import HEADER_SCAN_ROWS, Book, Sheet, cell_name
from budget.readers.problems import Collector
from budget.reference_records import norm
from budget.submission import (
    ASSURANCE_STATUSES,
    GOAL_METRIC_NAMES,
    PROFILE_MEASURE,
    PROFILE_ROW,
    SET_BY_AREA,
    SHARE_MEASURE,
    SHARE_PERIOD_ROW,
    SHARE_ROWS,
    SHARE_SOURCE_ROW,
    SHARE_TEXT_MEASURE,
    SIGN_OFF_COLUMNS,
    Assurance,
    Baseline,
    CapacitySettings,
    GoalSetting,
    PathwayShares,
    Signatory,
    Submission,
)

GOALS_NEEDED = ("Metric", "Goal", "Goal set by")
CONDITIONS_NEEDED = ("Condition", "Assurance statement", "Status")
CAPACITY_NEEDED = ("Pathway or service", "Measure")
MAX_TABLE_ROWS = 1_000  # rows read under one header: the copy's tables hold a few dozen
_STATUSES = {norm(s): s for s in ASSURANCE_STATUSES}
_AREA = norm(SET_BY_AREA)


def _metric_key(label: str) -> str | None:
    """The template's metric name for a Metrics row's label (the label BCF Planner writes, or the name)."""
    m = metric_for_label(label)
    return m.id if m is not None else None


def _text(value: object) -> str:
    """A cell's text exactly as written (a number as it reads, without a trailing '.0'); '' for blank."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value)) if abs(value) < 1e15 else f"{value:g}"
    return value if isinstance(value, str) else str(value)


def _reason(e: ValidationError) -> str:
    return "; ".join(err["msg"].removeprefix("Value error, ") for err in e.errors()[:3])


class _Table:
    """One table of the copy: its sheet, header row and the column of each label."""

    def __init__(self, sheet: Sheet, row: int, columns: dict[str, int]):
        self.sheet, self.row, self.columns = sheet, row, columns

    def col(self, label: str) -> int | None:
        return self.columns.get(norm(label))

    def get(self, r: int, label: str) -> object:
        c = self.col(label)
        return None if c is None else self.sheet.value(r, c)

    def cell(self, r: int, label: str) -> str:
        c = self.col(label)
        return cell_name(r, c) if c is not None else cell_name(r, 1)

    def body(self, key: str):
        """The rows under the header up to the first whose `key` cell is blank."""
        for r in range(self.row + 1, min(len(self.sheet.rows), self.row + MAX_TABLE_ROWS) + 1):
            if _text(self.get(r, key)).strip() == "":
                return
            yield r


def _header(sheet: Sheet, needed: tuple[str, ...]) -> _Table | None:
    want = {norm(x) for x in needed}
    for r in range(1, min(HEADER_SCAN_ROWS, len(sheet.rows)) + 1):
        columns: dict[str, int] = {}
        for c, v in enumerate(sheet.rows[r - 1], start=1):
            if isinstance(v, str) and v.strip():
                columns.setdefault(norm(v), c)
        if want <= set(columns):
            return _Table(sheet, r, columns)
    return None


def _find(book: Book, name: str, needed: tuple[str, ...]) -> _Table | None:
    """The table with the `needed` headers on the sheet `name`, else on the first other sheet that has it."""
    named = [s for s in book.heads if norm(s.name) == norm(name)]
    for head in named + [s for s in book.heads if s not in named]:
        if _header(head, needed) is not None:
            return _header(book.full(head.name), needed)
    return None


def read_submission(book: Book, out: Collector) -> Submission | None:
    """The area's goals, seasonal profile, assurance and sign-off from a submission copy.

    Args:
        book: the open workbook.
        out: where warnings go, each naming its sheet and cell.

    Returns:
        The ``Submission``, or None when the workbook has none of the submission copy's Metrics, National
        conditions and sign-off tables.
    """
    metrics = _find(book, "Metrics", GOALS_NEEDED)
    conditions = _find(book, "National conditions", CONDITIONS_NEEDED)
    sign_off = _find(book, "Cover", SIGN_OFF_COLUMNS)
    if metrics is None and conditions is None and sign_off is None:
        return None
    capacity = _find(book, "Capacity and demand", CAPACITY_NEEDED)
    return Submission(
        goals=_goals(metrics, out) if metrics else (),
        capacity=_capacity(capacity, out) if capacity else CapacitySettings(),
        assurance=_assurance(conditions, out) if conditions else (),
        sign_off=_sign_off(sign_off, out) if sign_off else (),
    )


# ---- goals ----------------------------------------------------------------------------------------
def _by_area(t: _Table, r: int, label: str) -> bool:
    return norm(_text(t.get(r, label))) == _AREA


def _figure(t: _Table, r: int, label: str, what: str, out: Collector) -> float | None:
    """A goal or baseline figure, 0 or more; a warning and None when it is not one."""
    raw = t.get(r, label)
    try:
        x = V.number(raw, what)
    except V.ValueProblem as e:
        out.warn(t.sheet.name, t.cell(r, label), f"{e}; it was not read")
        return None
    if x is None:
        out.warn(t.sheet.name, t.cell(r, label), f"empty, although the row says the area set the "
                                                  f"{what.removeprefix('a ')}; not read")
    elif not math.isfinite(x) or x < 0 or x > 1e9:
        out.warn(t.sheet.name, t.cell(r, label),
                 f"found {V.text(raw)}, expected {what} of 0 or more (at most 1,000,000,000); not read")
        return None
    return x


def _goals(t: _Table, out: Collector) -> tuple[GoalSetting, ...]:
    found: dict[str, GoalSetting] = {}
    for r in t.body("Metric"):
        label = _text(t.get(r, "Metric"))
        metric = _metric_key(label)
        own_goal, own_base, own_why = (_by_area(t, r, "Goal set by"), _by_area(t, r, "Baseline set by"),
                                       _by_area(t, r, "Rationale by"))
        if not (own_goal or own_base or own_why):
            continue
        where = t.cell(r, "Metric")
        if metric is None:
            out.warn(t.sheet.name, where, f"'{V.text(label)[:60]}' is not one of the three BCF metrics; the area's "
                                          "goal on this row was not read")
            continue
        if metric in found:
            out.warn(t.sheet.name, where, f"a second row for {V.text(label)[:60]}; only the first was read")
            continue
        value = _figure(t, r, "Goal", "a goal", out) if own_goal else None
        baseline = None
        if own_base:
            base = _figure(t, r, "Baseline", "a baseline", out)
            period, source = _text(t.get(r, "Baseline period")), _text(t.get(r, "Baseline source"))
            if base is not None:
                try:
                    baseline = Baseline(value=base, period=period, source=source)
                except ValidationError as e:
                    out.warn(t.sheet.name, t.cell(r, "Baseline source"),
                             f"the area's own baseline needs its period and source ({_reason(e)}); it was not read")
        rationale = _text(t.get(r, "Rationale")) if own_why else ""
        try:
            setting = GoalSetting(metric=metric, value=value, rationale=rationale, baseline=baseline)
        except ValidationError as e:
            out.warn(t.sheet.name, t.cell(r, "Rationale"), f"the rationale could not be read ({_reason(e)})")
            setting = GoalSetting(metric=metric, value=value, baseline=baseline)
        if setting != GoalSetting(metric=metric):
            found[metric] = setting
    return tuple(found[m] for m in GOAL_METRIC_NAMES if m in found)


# ---- the seasonal profile and the pathway shares ------------------------------------------------
def _capacity(t: _Table, out: Collector) -> CapacitySettings:
    return CapacitySettings(seasonal_profile=_profile(t, out), pathway_shares=_shares(t, out))


def _profile(t: _Table, out: Collector) -> tuple[float, ...] | None:
    first = (t.col("Measure") or 2) + 1
    for r in t.body("Pathway or service"):
        if norm(_text(t.get(r, "Pathway or service"))) != norm(PROFILE_ROW):
            continue
        if norm(_text(t.get(r, "Measure"))) != norm(PROFILE_MEASURE):
            continue
        weights = []
        for c in range(first, first + 12):
            raw = t.sheet.value(r, c)
            try:
                x = V.number(raw, "a monthly weight between 0 and 100")
            except V.ValueProblem as e:
                out.warn(t.sheet.name, cell_name(r, c), f"{e}; the area's seasonal profile was not read")
                return None
            if x is None or not 0 <= x <= 100:
                shown = "nothing" if x is None else V.text(raw)
                out.warn(t.sheet.name, cell_name(r, c), f"found {shown}, expected a monthly weight between 0 and 100; "
                                                        "the area's seasonal profile was not read")
                return None
            weights.append(x)
        try:
            return CapacitySettings(seasonal_profile=tuple(weights)).seasonal_profile
        except ValidationError as e:
            out.warn(t.sheet.name, cell_name(r, first), f"{_reason(e)}; the area's seasonal profile was not read")
            return None
    return None


def _shares(t: _Table, out: Collector) -> PathwayShares | None:
    """The area's own pathway shares (per cent in the Year column), with their source and period, or None."""
    rows = {norm(label): p for p, label in SHARE_ROWS.items()}
    found: dict[str, float] = {}
    said = {"source": "", "period": ""}
    year = t.col("Year")
    first = None
    for r in t.body("Pathway or service"):
        label, measure = norm(_text(t.get(r, "Pathway or service"))), norm(_text(t.get(r, "Measure")))
        if label in rows and measure == norm(SHARE_MEASURE):
            first = first or r
            raw = t.get(r, "Year")
            try:
                x = V.number(raw, "a percentage between 0 and 100")
            except V.ValueProblem as e:
                out.warn(t.sheet.name, t.cell(r, "Year"), f"{e}; the area's pathway shares were not read")
                return None
            if x is None:
                out.warn(t.sheet.name, t.cell(r, "Year"), "found nothing, expected a percentage between 0 and 100; "
                                                          "the area's pathway shares were not read")
                return None
            found[rows[label]] = x
        elif measure == norm(SHARE_TEXT_MEASURE) and label in (norm(SHARE_SOURCE_ROW), norm(SHARE_PERIOD_ROW)):
            said["source" if label == norm(SHARE_SOURCE_ROW) else "period"] = _text(t.get(r, "Year")).strip()
    if not found:
        return None
    missing = [p for p in SHARE_ROWS if p not in found]
    where = cell_name(first, year or 1)
    if missing:
        out.warn(t.sheet.name, where, f"no row for {', '.join(missing)}; the area's pathway shares were not read")
        return None
    try:
        return PathwayShares(**found, **said)
    except ValidationError as e:
        out.warn(t.sheet.name, where, f"{_reason(e)}; the area's pathway shares were not read")
        return None


# ---- assurance ------------------------------------------------------------------------------------
def _assurance(t: _Table, out: Collector) -> tuple[Assurance, ...]:
    found: dict[str, Assurance] = {}
    for r in t.body("Condition"):
        code = _text(t.get(r, "Condition")).strip()
        statement = _text(t.get(r, "Assurance statement"))
        written = _text(t.get(r, "Status")).strip()
        status = _STATUSES.get(norm(written)) if written else "Not answered"
        if status is None:
            out.warn(t.sheet.name, t.cell(r, "Status"),
                     f"status '{V.text(written)[:60]}' is not one of {', '.join(ASSURANCE_STATUSES)}; read as "
                     "Not answered")
            status = "Not answered"
        if not statement and status == "Not answered":
            continue
        if code in found:
            out.warn(t.sheet.name, t.cell(r, "Condition"), f"a second row for {code[:60]}; only the first was read")
            continue
        try:
            found[code] = Assurance(condition=code, statement=statement, status=status)
        except ValidationError as e:
            out.warn(t.sheet.name, t.cell(r, "Assurance statement"),
                     f"the assurance for {V.text(code)[:60]} could not be read ({_reason(e)})")
    return tuple(found.values())


# ---- sign-off -------------------------------------------------------------------------------------
def _date(t: _Table, r: int, out: Collector) -> dt.date | None:
    label = SIGN_OFF_COLUMNS[3]
    raw = t.get(r, label)
    day = None
    try:
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None
        if isinstance(raw, dt.datetime):
            day = raw.date()
        elif isinstance(raw, dt.date):
            day = raw
        elif isinstance(raw, (int, float)) and not isinstance(raw, bool) and 36_526 <= raw <= 73_415:
            day = dt.date(1899, 12, 30) + dt.timedelta(days=int(raw))  # an Excel serial date, 2000 to 2100
        elif isinstance(raw, str):
            from budget.assurance import read_date

            day = read_date(raw)
        if day is None or not dt.date(2000, 1, 1) <= day <= dt.date(2100, 12, 31):
            raise ValueError(f"'{V.text(raw)[:40]}' is not a date between 2000 and 2100; write it as DD/MM/YYYY")
    except ValueError as e:
        out.warn(t.sheet.name, t.cell(r, label), f"{e}; the date was not read")
        return None
    return day


def _sign_off(t: _Table, out: Collector) -> tuple[Signatory, ...]:
    role_l, org_l, name_l, _ = SIGN_OFF_COLUMNS
    rows = []
    for r in t.body(role_l):
        name = _text(t.get(r, name_l))
        signed_on = _date(t, r, out)
        if not name.strip() and signed_on is None:
            continue
        try:
            rows.append(Signatory(role=_text(t.get(r, role_l)), organisation=_text(t.get(r, org_l)),
                                  name=name, signed_on=signed_on))
        except ValidationError as e:
            out.warn(t.sheet.name, t.cell(r, name_l), f"the signatory could not be read ({_reason(e)})")
    return tuple(rows)
