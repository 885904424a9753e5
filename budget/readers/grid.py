"""A workbook as grids of values, with header rows found by meaning.

Small workbooks are opened in full so merged cells can be filled from their top-left value (a
title merged across columns, a scheme name merged down several lines); large ones are streamed
read-only. Formulas are read as their saved values; a formula with no saved value reads as blank
and is reported by the caller with the cell named.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import openpyxl
from openpyxl.utils import get_column_letter

from budget.columns import Field
from budget.readers.values import is_blank

FULL_LOAD_BELOW_BYTES = 3 * 1024 * 1024
HEADER_SCAN_ROWS = 40


@dataclass
class Sheet:
    name: str
    rows: list[tuple]  # values, row 1 first
    hidden: bool = False
    formula_cells: set[tuple[int, int]] = field(default_factory=set)  # (row, col) 1-based, no saved value

    def value(self, row: int, col: int) -> object:
        """1-based row and column; None outside the used range."""
        if row < 1 or row > len(self.rows):
            return None
        r = self.rows[row - 1]
        return r[col - 1] if 1 <= col <= len(r) else None

    @property
    def is_empty(self) -> bool:
        return all(is_blank(v) for r in self.rows for v in r)


def cell_name(row: int, col: int) -> str:
    return f"{get_column_letter(col)}{row}"


def read_sheets(data: bytes) -> list[Sheet]:
    full = len(data) < FULL_LOAD_BELOW_BYTES
    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=not full, data_only=True)
    sheets: list[Sheet] = []
    try:
        for ws in wb.worksheets:
            rows = [tuple(r) for r in ws.iter_rows(values_only=True)]
            hidden = getattr(ws, "sheet_state", "visible") != "visible"
            if full and ws.merged_cells.ranges:
                rows = [list(r) for r in rows]
                for rng in ws.merged_cells.ranges:
                    top = rows[rng.min_row - 1][rng.min_col - 1] if rng.min_row - 1 < len(rows) else None
                    for r in range(rng.min_row, min(rng.max_row, len(rows)) + 1):
                        row = rows[r - 1]
                        for c in range(rng.min_col, rng.max_col + 1):
                            if c - 1 < len(row) and row[c - 1] is None:
                                row[c - 1] = top
                rows = [tuple(r) for r in rows]
            sheets.append(Sheet(name=ws.title, rows=rows, hidden=hidden))
    finally:
        wb.close()
    if full:
        _mark_formulas_without_values(data, sheets)
    return sheets


def _mark_formulas_without_values(data: bytes, sheets: list[Sheet]) -> None:
    """Find formula cells whose saved value is missing, so messages can say so."""
    blanks_exist = any(v is None for s in sheets for r in s.rows for v in r)
    if not blanks_exist:
        return
    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        for sheet, ws in zip(sheets, wb.worksheets, strict=False):
            for r_idx, row in enumerate(ws.iter_rows(values_only=True), start=1):
                for c_idx, v in enumerate(row, start=1):
                    if isinstance(v, str) and v.startswith("=") and sheet.value(r_idx, c_idx) is None:
                        sheet.formula_cells.add((r_idx, c_idx))
    finally:
        wb.close()


@dataclass(frozen=True)
class Header:
    row: int  # 1-based
    columns: dict[str, int]  # field key -> 1-based column
    labels: dict[int, str]  # 1-based column -> header text, every non-blank header cell
    duplicates: dict[str, list[int]]  # field key -> further columns with the same meaning
    score: int


def match_header_row(values: tuple, fields: tuple[Field, ...]) -> tuple[dict[str, int], dict[str, list[int]], dict[int, str]]:
    columns: dict[str, int] = {}
    dups: dict[str, list[int]] = {}
    labels: dict[int, str] = {}
    for c, v in enumerate(values, start=1):
        if is_blank(v) or not isinstance(v, str):
            continue
        labels[c] = " ".join(v.split())
        for f in fields:
            if f.matches(v):
                if f.key in columns:
                    dups.setdefault(f.key, []).append(c)
                else:
                    columns[f.key] = c
                break
    return columns, dups, labels


def find_header(sheet: Sheet, fields: tuple[Field, ...], extra_required: int = 0,
                scan: int = HEADER_SCAN_ROWS) -> Header | None:
    """The row in the first `scan` rows that names every required field and the most fields."""
    required = {f.key for f in fields if f.required}
    best: Header | None = None
    for r in range(1, min(scan, len(sheet.rows)) + 1):
        columns, dups, labels = match_header_row(sheet.rows[r - 1], fields)
        if not required <= set(columns):
            continue
        score = len(columns)
        if best is None or score > best.score:
            best = Header(row=r, columns=columns, labels=labels, duplicates=dups, score=score)
    return best


def best_partial_header(sheet: Sheet, fields: tuple[Field, ...], scan: int = HEADER_SCAN_ROWS) -> tuple[int, set[str]]:
    """Row and keys of the row matching most fields, for explaining what is missing."""
    best_row, best_keys = 0, set()
    for r in range(1, min(scan, len(sheet.rows)) + 1):
        columns, _, _ = match_header_row(sheet.rows[r - 1], fields)
        if len(columns) > len(best_keys):
            best_row, best_keys = r, set(columns)
    return best_row, best_keys
