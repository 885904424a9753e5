"""A workbook as grids of values, with header rows found by meaning.

Workbooks are streamed read-only: the first rows of every sheet are read to decide what the
workbook is, and only the sheets that matter are then read in full. Merged cells (a title merged
across columns, a scheme name merged down several lines) are filled from their top-left value,
using the merge list in the sheet's XML. Formulas are read as their saved values; a formula with no
saved value reads as blank and is reported by the caller with the cell named.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field

import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import coordinate_to_tuple

from budget import require_defusedxml
from budget.columns import Field, is_total_label
from budget.readers.container import ENTITY_DECLARATIONS, refusal, sheet_list
from budget.readers.safety import scan_sheet
from budget.readers.values import is_blank
from budget.reference_records import norm

require_defusedxml()  # openpyxl is imported now: its own flag says whether it parses through defusedxml

HEADER_SCAN_ROWS = 40


@dataclass
class Sheet:
    """One worksheet's values by row, whether it is hidden, and the cells with no saved value or an error."""

    name: str
    rows: list[tuple]  # values, row 1 first
    hidden: bool = False
    formula_cells: dict[tuple[int, int], str] | None = None  # (row, col) 1-based -> formula, with no saved value
    error_cells: dict[tuple[int, int], str] | None = None  # (row, col) -> Excel error text
    book: Book | None = field(default=None, repr=False)

    def excel_error(self, row: int, col: int) -> str | None:
        """The Excel error a blank-reading cell holds ('#REF!', '#N/A' ...), if any."""
        self.formula_missing(row, col)
        return (self.error_cells or {}).get((row, col))

    def formula_missing(self, row: int, col: int) -> bool:
        """True when the cell holds a formula whose value was never saved (found on first use)."""
        return self.formula(row, col) is not None

    def formula(self, row: int, col: int) -> str | None:
        """The formula a cell holds where its value was never saved ('=SUM(B4:B8)'), else None."""
        if self.formula_cells is None:
            self.formula_cells = {}
            if self.book is not None:
                self.book.mark_formulas_without_values(self)
        return self.formula_cells.get((row, col))

    def value(self, row: int, col: int) -> object:
        """1-based row and column; None outside the used range."""
        if row < 1 or row > len(self.rows):
            return None
        r = self.rows[row - 1]
        return r[col - 1] if 1 <= col <= len(r) else None

    @property
    def is_empty(self) -> bool:
        """True when every cell read is blank."""
        return all(is_blank(v) for r in self.rows for v in r)


def _sheet_paths(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> its XML part, from the workbook's own index."""
    try:
        return dict(sheet_list(zf))
    except Exception:
        return {}


def cell_name(row: int, col: int) -> str:
    """The A1-style name of a 1-based row and column: (12, 4) -> 'D12'."""
    return f"{get_column_letter(col)}{row}"


MERGE_REF = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+[0-9]+):([A-Z]+[0-9]+)"')
HEAD_ROWS = 60
ERROR_STEMS = {"#REF", "#N", "#DIV", "#VALUE", "#NAME", "#NUM", "#NULL", "#SPILL", "#CALC", "#GETTING_DATA"}


class Book:
    """An open workbook: the first rows of every sheet for detection, full sheets on demand.

    Sheets are read by calamine (compiled, an order of magnitude faster than openpyxl on large
    sheets); openpyxl is the fallback when calamine cannot read a file, and is used on demand to
    tell a formula with no saved value from a blank cell.
    """

    def __init__(self, data: bytes):
        """Open the workbook `data` (.xlsx bytes) and read the first HEAD_ROWS rows of every sheet."""
        self._data = data
        self._zip = zipfile.ZipFile(io.BytesIO(data))
        self._paths = _sheet_paths(self._zip)
        self._grids: dict[str, list[tuple]] = {}
        self._full: dict[str, Sheet] = {}
        self._wb = None
        try:
            from python_calamine import CalamineWorkbook

            cal = CalamineWorkbook.from_filelike(io.BytesIO(data))
            names = [(m.name, not str(m.visible).endswith(".Visible")) for m in cal.sheets_metadata]
            for name, _ in names:
                grid = cal.get_sheet_by_name(name).to_python(skip_empty_area=False)
                self._grids[name] = [tuple(None if v == "" else v for v in row) for row in grid]
        except Exception:
            self._grids = {}
            self._wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            names = [(ws.title, getattr(ws, "sheet_state", "visible") != "visible") for ws in self._wb.worksheets]
        self.heads: list[Sheet] = []
        for name, hidden in names:
            if self._grids:
                rows = self._grids[name][:HEAD_ROWS]
            else:
                rows = self._openpyxl_rows(name, HEAD_ROWS)
            sheet = Sheet(name=name, rows=list(rows), hidden=hidden)
            self._fill_merged(name, sheet)
            self.heads.append(sheet)

    def _extent(self, ws) -> tuple[int, int]:
        """(last row, last column) holding a cell, from the sheet's cells themselves.

        openpyxl would otherwise pad every row to the sheet's own <dimension> claim, which can say anything.
        """
        with self._zip.open(ws._worksheet_path) as fh:
            scan = scan_sheet(fh)
        return scan.rows, scan.cols

    def _openpyxl_rows(self, name: str, limit: int | None = None) -> list[tuple]:
        ws = self._wb[name]
        rows, cols = self._extent(ws)
        if limit is not None:
            rows = min(rows, limit)
        if rows < 1 or cols < 1:
            return []
        return [tuple(r) for r in ws.iter_rows(min_row=1, max_row=rows, min_col=1, max_col=cols, values_only=True)]

    def close(self) -> None:
        """Close the workbook and its zip container."""
        if self._wb is not None:
            self._wb.close()
        self._zip.close()

    def _merges(self, name: str) -> list[tuple[int, int, int, int]]:
        path = self._paths.get(name)
        if not path:
            return []
        try:
            xml = self._zip.read(path)
        except KeyError:
            return []
        out = []
        for a, b in MERGE_REF.findall(xml):
            c1, r1 = coordinate_to_tuple(a.decode())[::-1]
            c2, r2 = coordinate_to_tuple(b.decode())[::-1]
            out.append((r1, c1, r2, c2))
        return out

    def _fill_merged(self, name: str, sheet: Sheet) -> None:
        merges = self._merges(name)
        if not merges:
            return
        rows = [list(r) for r in sheet.rows]
        for r1, c1, r2, c2 in merges:
            if r1 - 1 >= len(rows) or c1 - 1 >= len(rows[r1 - 1]):
                continue
            top = rows[r1 - 1][c1 - 1]
            for r in range(r1, min(r2, len(rows)) + 1):
                row = rows[r - 1]
                for c in range(c1, min(c2, len(row)) + 1):
                    if row[c - 1] is None:
                        row[c - 1] = top
        sheet.rows = [tuple(r) for r in rows]

    def full(self, name: str) -> Sheet:
        """Every row of a sheet (merged cells filled from their top-left value)."""
        if name in self._full:
            return self._full[name]
        head = next(s for s in self.heads if s.name == name)
        if len(head.rows) < HEAD_ROWS:
            sheet = head
        else:
            rows = self._grids.get(name)
            if rows is None:
                rows = self._openpyxl_rows(name)
            sheet = Sheet(name=name, rows=list(rows), hidden=head.hidden)
            self._fill_merged(name, sheet)
        sheet.book = self
        self._full[name] = sheet
        return sheet

    def mark_formulas_without_values(self, sheet: Sheet) -> None:
        """Find formula cells whose saved value is missing, so messages can say so."""
        assert sheet.formula_cells is not None
        sheet.error_cells = {}
        rows = len(sheet.rows)
        cols = max((len(r) for r in sheet.rows), default=0)
        if rows < 1 or cols < 1:
            return
        wb = openpyxl.load_workbook(io.BytesIO(self._data), read_only=True, data_only=False)
        try:
            ws = wb[sheet.name]
            # bounded by the grid already read: openpyxl would otherwise pad to the sheet's <dimension> claim
            for r_idx, row in enumerate(ws.iter_rows(min_row=1, max_row=rows, min_col=1, max_col=cols,
                                                     values_only=True), start=1):
                for c_idx, v in enumerate(row, start=1):
                    if isinstance(v, str) and sheet.value(r_idx, c_idx) is None:
                        if v.startswith("="):
                            sheet.formula_cells[(r_idx, c_idx)] = v
                        elif v.startswith("#") and v.rstrip("!?/0A").upper() in ERROR_STEMS:
                            sheet.error_cells[(r_idx, c_idx)] = v
        finally:
            wb.close()


DAMAGED = "the workbook is damaged and could not be opened; save it again from Excel as an Excel Workbook (.xlsx)"


def open_book(data: bytes, name: str) -> Book:
    """The workbook in `data`, its container already checked by ``safety.check_container``.

    A workbook that cannot be opened is refused with a LoadError naming `name` in one sentence: XML entity
    declarations said as such, anything else as a damaged workbook.
    """
    from defusedxml import DefusedXmlException

    from budget.models import LoadError

    try:
        return Book(data)
    except Exception as e:
        if isinstance(e, DefusedXmlException) or isinstance(e.__cause__, DefusedXmlException):
            raise LoadError([refusal(name, ENTITY_DECLARATIONS)]) from None
        raise LoadError([refusal(name, DAMAGED)]) from None


@dataclass(frozen=True)
class Header:
    """A header row found in a sheet: which column holds each field, every label, and the match's score."""

    row: int  # 1-based
    columns: dict[str, int]  # field key -> 1-based column
    labels: dict[int, str]  # 1-based column -> header text, every non-blank header cell
    duplicates: dict[str, list[int]]  # field key -> further columns with the same meaning
    score: int


def match_header_row(
    values: tuple, fields: tuple[Field, ...]
) -> tuple[dict[str, int], dict[str, list[int]], dict[int, str]]:
    """Match one row's cells against `fields`.

    Returns:
        The column of each field found (its first column), further columns with the same meaning, and
        every text cell's label by column.
    """
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


def leading_labels(row: tuple) -> list[str]:
    """The first three text cells among a row's first eight: where a row's label stands."""
    return [v for v in row[:8] if isinstance(v, str) and v.strip()][:3]


NOTE = re.compile(r"^\s*(notes?|sources?|footnotes?)(\s*\d+)?\s*[:.\-–—]", re.IGNORECASE)


def note_text(row: tuple) -> str | None:
    """The text of a note or source under a table ('Note: …', 'Source: …', 'Notes 1. …'), or None.

    It is the row's first filled cell among its first eight, when it starts that way; None for any other row.
    """
    for v in row[:8]:
        if v is None or is_blank(v):
            continue
        return " ".join(v.split()) if isinstance(v, str) and NOTE.match(v) else None
    return None


def is_totals_row(labels, *, also: frozenset[str] = frozenset(), whole: bool = False, needed=None) -> bool:
    """True for a totals row.

    One of its `labels` reads as a total ('Total', 'Grand total', 'Sub-total', 'England
    total', or a name in `also`; with `whole`, the label must be nothing but a total, so that a name
    such as 'Total North' stays a name) and, where the row's `needed` values are given, one of them is
    blank (so a scheme called 'Total Care at Home' with a type and a source is still a line).
    """
    if not any(is_total_label(v, whole) or (also and norm(v) in also) for v in labels):
        return False
    return needed is None or any(is_blank(v) for v in needed)
