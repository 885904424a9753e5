"""Problems found while reading a workbook: the collector, and every message used in more than one place.

Each message is written here once, with the hint that tells the reader what to do about it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from budget.models import Problem, not_hwb_code
from budget.money import gbp_pence
from budget.readers import values as V
from budget.readers.grid import Sheet, cell_name

MAX_PROBLEMS = 500
NA_AMOUNTS = frozenset({"na", "n/a", "n a", "-", "–", "—"})  # an amount cell saying there is no figure

__all__ = [
    "ENTITY_DECLARATIONS", "MAX_PROBLEMS", "NA_AMOUNTS", "Collector", "excel_error", "formula_unsaved", "na_amount",
    "not_hwb_code", "note_ends_table", "refusal", "totals_disagree", "totals_row",
]

ENTITY_DECLARATIONS = ("the workbook could not be read safely: it contains XML entity declarations, which ordinary "
                       "Excel files never have (a possible 'billion laughs' attack)")


def refusal(name: str, message: str) -> Problem:
    """An error about the file as a whole (no sheet or cell)."""
    return Problem(severity="error", file=name, message=message)


def formula_unsaved(what: str = "the cell") -> str:
    """The message for a formula with no saved value, with what to do about it."""
    return (f"{what} holds a formula with no saved value; open the workbook in Excel, let it calculate, save "
            "and retry")


def excel_error(what: str, error: str) -> str:
    """The message for a cell holding an Excel error such as '#REF!'."""
    return f"{what} holds the Excel error {error}; correct it and save again"


def note_ends_table(r: int, note: str, rows_below: int) -> str:
    """A note or source under a table: the table ends above it."""
    below = f"; {rows_below} filled row(s) below it were not read" if rows_below else ""
    return f"row {r} is a note ('{note[:60]}'): the table is read as ending above it{below}"


def na_amount(what: str, written: str) -> str:
    """The message for an amount written as no figure ('n/a', '-'), which is counted as £0."""
    return f"{what} is '{written}' (no figure): counted as £0"


def totals_row(r: int) -> str:
    """The message for row `r`, a totals row left out of the table."""
    return f"row {r} looks like a totals row and was not added"


def totals_disagree(stated: float, running: float, above: str) -> str:
    """`above` says what was added up: 'the lines above it add up to'."""
    return f"the totals row says {gbp_pence(stated)} but {above} {gbp_pence(running)}"


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

    def note_row(self, sheet: Sheet, r: int, note: str) -> None:
        """A note under a table, which ends it: warned, with how many filled rows below were left unread."""
        below = sum(1 for row in sheet.rows[r:] if not all(V.is_blank(v) for v in row))
        self.warn(sheet.name, cell_name(r, 1), note_ends_table(r, note, below))

    def totals_row(self, sheet: str, cell: str, r: int, stated: object = None, running: float = 0.0,
                   amount_cell: str | None = None, above: str = "") -> None:
        """A totals row left out; where it states an amount that differs from the running sum, that too."""
        self.warn(sheet, cell, totals_row(r))
        try:
            amount = V.money(stated)
        except V.ValueProblem:
            amount = None
        if amount is not None and abs(amount - running) > 1.0:
            self.warn(sheet, amount_cell, totals_disagree(amount, running, above))

    @property
    def errors(self) -> list[Problem]:
        """The problems collected so far that are errors."""
        return [p for p in self.problems if p.severity == "error"]
