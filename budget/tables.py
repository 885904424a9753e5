"""A table of figures for a sheet of the Excel return, made by whoever computes the figures.

The model's results, the goals, the capacity plan and the national conditions reach the workbook
writers (``budget.export``) as ``Table``s, so the writers depend on no model.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Table:
    """A result table for the return: a title, column headers, rows, number formats by column."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple, ...]
    formats: dict[str, str] = field(default_factory=dict)  # column -> Excel number format
    notes: tuple[str, ...] = ()
    row_formats: dict[int, str] = field(default_factory=dict)  # row index -> a format for the whole row
