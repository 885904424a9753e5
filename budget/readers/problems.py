"""Problems found while reading a workbook: the collector, and every message used in more than one place.

Each message is written here once, with the hint that tells the reader what to do about it. The refusal of a
file as a whole and the entity-declaration message are written in `container.py`, which the checks made before
any parser read too, and are offered here beside the rest.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from openpyxl.utils.cell import column_index_from_string

from budget.models import Problem, not_hwb_code
from budget.money import counted, gbp_pence, verb
from budget.readers import values as V
from budget.readers.container import ENTITY_DECLARATIONS, refusal
from budget.readers.grid import Sheet, cell_name, note_text

MAX_PROBLEMS = 500
NA_AMOUNTS = frozenset({"na", "n/a", "n a", "-", "–", "—"})  # an amount cell saying there is no figure

__all__ = [
    "ENTITY_DECLARATIONS", "MAX_PROBLEMS", "NA_AMOUNTS", "Collector", "excel_error", "formula_unsaved", "na_amount",
    "TotalCheck", "not_hwb_code", "note_ends_table", "refusal", "sum_formula_value", "totals_disagree", "totals_row",
]


def formula_unsaved(what: str = "the cell") -> str:
    """The message for a formula with no saved value, with what to do about it."""
    return (f"{what} holds a formula with no saved value; open the workbook in Excel, let it calculate, save "
            "and retry")


def excel_error(what: str, error: str) -> str:
    """The message for a cell holding an Excel error such as '#REF!'."""
    return f"{what} holds the Excel error {error}; correct it and save again"


def note_ends_table(r: int, note: str, rows_below: int) -> str:
    """A note or source under a table: the table ends above it."""
    below = (f"; {counted(rows_below, 'filled row')} below it {verb(rows_below, 'was', 'were')} not read"
             if rows_below else "")
    return f"row {r} is a note ('{note[:60]}'): the table is read as ending above it{below}"


def na_amount(what: str, written: str) -> str:
    """The message for an amount written as no figure ('n/a', '-'), which is counted as £0."""
    return f"{what} is '{written}' (no figure): counted as £0"


def totals_row(r: int) -> str:
    """The message for row `r`, a totals row left out of the table with nothing to check it against."""
    return f"row {r} looks like a totals row and was not added"


def totals_disagree(stated: str, running: str, above: str) -> str:
    """`stated` and `running` as written ('£999.00'); `above` says what was added up: 'the lines above it add up to'."""
    return f"the totals row says {stated} but {above} {running}"


def _count(x: float) -> str:
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.2f}"


@dataclass(frozen=True)
class TotalCheck:
    """One column of a totals row to check: what the rows above it add up to there, and how to say it."""

    col: int  # 1-based
    running: float
    above: str  # 'the lines above it add up to'
    money: bool = True  # pounds; else a count (people, admissions)


SUM_FORMULA = re.compile(r"^=\s*SUM\(\s*\$?([A-Z]{1,3})\$?(\d{1,7})\s*:\s*\$?([A-Z]{1,3})\$?(\d{1,7})\s*\)\s*$",
                         re.IGNORECASE)
MAX_SUM_CELLS = 100_000  # a SUM over more cells than this is not evaluated


def sum_formula_value(sheet: Sheet, row: int, col: int, money: bool = True) -> float | None:
    """The value of a cell's unsaved formula when it is a plain SUM over one range of this sheet, else None.

    A template written by a program (the project's own, before Excel has calculated it) holds totals
    as '=SUM(L4:L112)' with no saved value; the sum of the range's cells as read is what Excel would
    show. None where the formula is anything else, the range holds the cell itself, or a cell in the range
    is unreadable or has no saved value either.
    """
    m = SUM_FORMULA.match(sheet.formula(row, col) or "")
    if m is None:
        return None
    c1, r1, c2, r2 = (
        column_index_from_string(m[1].upper()),
        int(m[2]),
        column_index_from_string(m[3].upper()),
        int(m[4]),
    )
    (r1, r2), (c1, c2) = sorted((r1, r2)), sorted((c1, c2))
    if (r2 - r1 + 1) * (c2 - c1 + 1) > MAX_SUM_CELLS or (r1 <= row <= r2 and c1 <= col <= c2):
        return None
    total = 0.0
    for r in range(r1, min(r2, len(sheet.rows)) + 1):
        for c in range(c1, c2 + 1):
            v = sheet.value(r, c)
            if V.is_blank(v):
                if v is None and sheet.formula_missing(r, c):
                    return None
                continue
            try:
                x = V.money(v) if money else V.number(v)
            except V.ValueProblem:
                return None
            total += x or 0.0
    return total


@dataclass
class Collector:
    """Every problem found in one pass over a workbook, each with its file, sheet and cell."""

    file: str
    problems: list[Problem] = field(default_factory=list)

    def error(self, sheet: str | None, cell: str | None, message: str) -> None:
        """Collect an error at `sheet` and `cell` (either may be None for the whole file or sheet)."""
        self._add("error", sheet, cell, message)

    def warn(self, sheet: str | None, cell: str | None, message: str) -> None:
        """Collect a warning at `sheet` and `cell` (either may be None for the whole file or sheet)."""
        self._add("warning", sheet, cell, message)

    def _add(self, severity: str, sheet: str | None, cell: str | None, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(severity=severity, file=self.file, sheet=sheet, cell=cell, message=message))

    def table_rows(self, sheet: Sheet, header_row: int) -> Iterator[tuple[int, tuple]]:
        """The filled rows of the table under `header_row`, as (row number, cells).

        Blank rows are skipped; a note or source under the table ('Note: …', 'Source: …') ends it and is
        warned with how many filled rows below it were left unread.
        """
        for r in range(header_row + 1, len(sheet.rows) + 1):
            row = sheet.rows[r - 1]
            if all(V.is_blank(v) for v in row):
                continue
            note = note_text(row)
            if note is not None:
                self.note_row(sheet, r, note)
                return
            yield r, row

    def note_row(self, sheet: Sheet, r: int, note: str) -> None:
        """A note under a table, which ends it: warned, with how many filled rows below were left unread."""
        below = sum(1 for row in sheet.rows[r:] if not all(V.is_blank(v) for v in row))
        self.warn(sheet.name, cell_name(r, 1), note_ends_table(r, note, below))

    def totals_row(self, sheet: Sheet, r: int, label_col: int, checks: tuple[TotalCheck, ...] = ()) -> None:
        """A totals row, left out of the table.

        It is recognised quietly where every figure it states that can be read agrees (to £1, or to 1 for
        counts) with the rows above it; each figure that disagrees is a warning at its cell. A totals row
        with no figure to check (none stated, or none readable) is a warning that it was left out.
        """
        checked = 0
        for check in checks:
            written = sheet.value(r, check.col)
            try:
                stated = V.money(written) if check.money else V.number(written)
            except V.ValueProblem:
                stated = None
            if stated is None and V.is_blank(written):
                stated = sum_formula_value(sheet, r, check.col, check.money)
            if stated is None:
                continue
            checked += 1
            if abs(stated - check.running) > 1.0:
                say = gbp_pence if check.money else _count
                self.warn(sheet.name, cell_name(r, check.col),
                          f"{totals_row(r)}; {totals_disagree(say(stated), say(check.running), check.above)}")
        if not checked:
            self.warn(sheet.name, cell_name(r, label_col), totals_row(r))

    @property
    def errors(self) -> list[Problem]:
        """The problems collected so far that are errors."""
        return [p for p in self.problems if p.severity == "error"]
