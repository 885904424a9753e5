"""A file of tables as grids of values, whatever form it comes in: an Excel workbook or a CSV file.

National data comes as Excel workbooks (NHS England's Discharge Ready Date webfile) or as CSV (the ASCOF
client-level measures). What a file is comes from its bytes, never its name: a zip container is a workbook and is
checked by ``safety.check_container`` before any parser sees it; an Excel 97-2003 file is refused with what to do;
anything else is read as CSV text (UTF-8, else Windows-1252) within the same limits as a workbook's cells. A CSV
file is one grid with no sheet name, so its problems name the file and the cell as Excel shows it (C12).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from budget.columns import Field
from budget.models import LoadError, Problem
from budget.readers.container import refusal
from budget.readers.grid import Book, Header, Sheet, find_header, open_book
from budget.readers.safety import MAX_FILE_BYTES, MAX_SHEET_COLUMNS, MAX_WORKBOOK_CELLS, OLE2_MAGIC, ZIP_MAGIC

CSV_SHEET = ""  # a CSV file's one grid: problems name the file and the cell, and no sheet


@dataclass
class Grids:
    """A file's grids: the first rows of each for telling what the file is, each in full on demand."""

    name: str
    heads: list[Sheet]
    book: Book | None = None  # None for a CSV file, whose one grid is held whole
    _full: dict[str, Sheet] = field(default_factory=dict)

    @property
    def is_csv(self) -> bool:
        """True for a CSV file: one grid, no sheets."""
        return self.book is None

    def full(self, sheet: str) -> Sheet:
        """Every row of one grid."""
        if self.book is not None:
            return self.book.full(sheet)
        return next(s for s in self.heads if s.name == sheet)

    def first_header(self, fields: tuple[Field, ...]) -> tuple[str, Header] | None:
        """The name of the first grid with a header row naming every required field, and that row; else None."""
        for sheet in self.heads:
            header = find_header(sheet, fields)
            if header is not None:
                return sheet.name, header
        return None

    def close(self) -> None:
        """Close the workbook behind the grids, if any."""
        if self.book is not None:
            self.book.close()


def _as_named(problems: list[Problem], name: str) -> list[Problem]:
    return [p.model_copy(update={"file": name}) for p in problems]


def is_workbook(data: bytes) -> bool:
    """True when the bytes are a zip container, as an .xlsx workbook is."""
    return data[:4] == ZIP_MAGIC


def open_grids(data: bytes, name: str) -> Grids:
    """The file's grids, its kind told from its bytes. Raises LoadError with a sentence for a file not to be read."""
    from budget.readers.safety import check_container

    if not data:
        raise LoadError([refusal(name, "the file is empty (0 bytes); choose the saved file again")])
    if len(data) > MAX_FILE_BYTES:
        raise LoadError([refusal(name, f"the file is {len(data) / 1024 / 1024:,.1f} MB, over the "
                                       f"{MAX_FILE_BYTES / 1024 / 1024:,.0f} MB limit")])
    if data[:8] == OLE2_MAGIC:
        raise LoadError([refusal(name, "this file is an Excel 97-2003 workbook (.xls); open it in Excel and save it "
                                       "as an Excel Workbook (.xlsx)")])
    if not is_workbook(data):
        return Grids(name=name, heads=[_csv_sheet(data, name)])
    checked = name if name.lower().endswith(".xlsx") else f"{name}.xlsx"  # the kind comes from the bytes
    refusals = check_container(data, checked)
    if refusals:
        raise LoadError(_as_named(refusals, name))
    book = open_book(data, name)
    return Grids(name=name, heads=book.heads, book=book)


def _text(data: bytes, name: str) -> str:
    if b"\x00" in data[:65_536]:
        raise LoadError([refusal(name, "the file is neither an Excel workbook (.xlsx) nor a CSV file")])
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise LoadError([refusal(name, "the file is neither an Excel workbook (.xlsx) nor a CSV file in UTF-8 or "
                                   "Windows text")])


def _csv_sheet(data: bytes, name: str) -> Sheet:
    """The CSV file's one grid, within the workbooks' limits on cells and columns."""
    rows: list[tuple] = []
    cells = 0
    try:
        for row in csv.reader(io.StringIO(_text(data, name), newline="")):
            if len(row) > MAX_SHEET_COLUMNS:
                raise LoadError([refusal(name, f"row {len(rows) + 1} has {len(row):,} columns, more than the "
                                               f"{MAX_SHEET_COLUMNS:,} a worksheet can hold")])
            cells += max(len(row), 1)
            if cells > MAX_WORKBOOK_CELLS:
                raise LoadError([refusal(name, f"the file has more than {MAX_WORKBOOK_CELLS:,} cells, more than "
                                               "any national file of every area; give the file as published")])
            rows.append(tuple(None if v.strip() == "" else v.strip() for v in row))
    except csv.Error as e:
        raise LoadError([refusal(name, f"the file could not be read as CSV ({e}); give the file as published, or "
                                       "save it again as CSV or as an Excel Workbook (.xlsx)")]) from None
    return Sheet(name=CSV_SHEET, rows=rows)
