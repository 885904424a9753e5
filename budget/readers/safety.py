"""Checks made before any spreadsheet parser sees an uploaded file.

Only ``.xlsx`` is accepted. The container is inspected through the zip central directory alone
(size, member count, declared uncompressed sizes, compression ratios, macros) so that a zip bomb or
a renamed web page is refused with a sentence, never parsed.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from budget.models import Problem
from budget.readers.container import ENTITY_DECLARATIONS, refusal, sheet_list

MAX_FILE_BYTES = 20 * 1024 * 1024  # the upload limit, for the app and Streamlit's maxUploadSize too
MAX_MEMBERS = 1_000
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 200
RATIO_CHECK_ABOVE_BYTES = 1024 * 1024
# A plan holds tens to hundreds of lines per area; even a national file of every area is far below
# this. Larger sheets are refused before parsing, so no upload can tie up the server for long.
MAX_SHEET_ROWS = 50_000
# The readers hold each sheet as a grid running from A1 to its last used cell, so a sheet costs its last
# used row times its last used column however few cells it fills: three cells at A1, XFD1 and A1048576
# would make a grid of 17 billion cells. A BCF plan is tens to hundreds of lines by a few dozen columns
# and an allocations table about 150 rows by under 20; the largest sheet the row limit lets through
# (50,000 lines of a 14-column plan) is 700,000 cells. A sheet whose used area passes MAX_SHEET_CELLS,
# whose written cells pass it, or a workbook whose sheets together pass MAX_WORKBOOK_CELLS is refused
# before any grid is built: each cell costs about 50 bytes while read, so no upload grows the server by
# more than a few hundred MB. Formatted empty cells count, as they do in Excel's own used range
# (Ctrl+End), so deleting the unused rows and columns always brings a sheet back within the limit.
MAX_SHEET_CELLS = 2_000_000
MAX_WORKBOOK_CELLS = 4_000_000
MAX_SHEET_COLUMNS = 16_384  # column XFD, the last Excel has; references past it are not Excel's
# Cells written other than as Excel writes them (no position, attributes reordered, prefixed tags) are
# checked one tag at a time, which is slower; past this many such tags in one workbook it is refused.
MAX_IRREGULAR_TAGS = 300_000
MAX_TAG_BYTES = 1 << 16
CHUNK_BYTES = 1 << 20
_ROW_CLOSE = re.compile(rb"</(?:[A-Za-z_][\w.-]*:)?row>")
_ROW_NUMBER = re.compile(rb'\br\s*=\s*["\'](\d+)')
_WHITESPACE = bytes.maketrans(b"\t\n\r", b"   ")
_TAG = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?(row|c)(?=[\s/>])'
                  rb'((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|\'[^\']*\'))*)\s*(/?)(>?)')
_ATTR_R = re.compile(rb'(?:^|\s)r\s*=\s*(?:"([^"]*)"|\'([^\']*)\')')
_REF = re.compile(rb"\s*([A-Za-z]*)\s*([0-9]*)\s*")
_DIMENSION = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?dimension\s+ref\s*=\s*["\']([^"\']*)["\']')

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"

_SUFFIX_ADVICE = {
    ".xls": "is an Excel 97-2003 workbook (.xls); open it in Excel and save it as an Excel Workbook (.xlsx)",
    ".xlsm": "is a macro-enabled workbook (.xlsm), which is refused for safety; save it as an Excel Workbook "
    "(.xlsx) without macros",
    ".xlsb": "is a binary workbook (.xlsb); open it in Excel and save it as an Excel Workbook (.xlsx)",
    ".csv": "is a CSV file; open it in Excel and save it as an Excel Workbook (.xlsx)",
    ".ods": "is an OpenDocument spreadsheet (.ods); save it as an Excel Workbook (.xlsx)",
    ".xltx": "is an Excel template (.xltx); save it as an Excel Workbook (.xlsx)",
    ".numbers": "is a Numbers file; export it as an Excel Workbook (.xlsx)",
}


def check_container(data: bytes, name: str) -> list[Problem]:
    """Every reason this file must not be opened as a workbook (empty list: safe to parse)."""
    suffix = PurePath(name).suffix.lower()
    if suffix != ".xlsx" and name != "demo":
        advice = _SUFFIX_ADVICE.get(suffix)
        if advice:
            return [refusal(name, f"this file {advice}.")]
        return [refusal(name, f"'{suffix or 'no extension'}' files are not read; give an Excel Workbook (.xlsx).")]
    if len(data) == 0:
        return [refusal(name, "the file is empty (0 bytes); choose the saved workbook again.")]
    if len(data) > MAX_FILE_BYTES:
        return [
            refusal(
                name,
                f"the file is {len(data) / 1024 / 1024:,.1f} MB, over the {MAX_FILE_BYTES // 1024 // 1024} MB "
                "limit; remove unused sheets or save a copy with only the BCF sheets.",
            )
        ]
    if data[:8] == OLE2_MAGIC:
        return [refusal(name, "this is not an .xlsx workbook: it is either password-protected (encrypted) or an old "
                              ".xls file renamed; remove the password or save it as an Excel Workbook (.xlsx).")]
    if data[:4] != ZIP_MAGIC:
        head = data[:512].lstrip().lower()
        if head.startswith((b"<!doctype html", b"<html", b"<?xml", b"<table")):
            what = "a web page or XML file"
        elif b"," in head or b"\t" in head:
            what = "a text (CSV) file"
        else:
            what = "not an Excel workbook"
        return [refusal(name, f"this file is {what} with an .xlsx name; open it in Excel and save it as an Excel "
                              "Workbook (.xlsx).")]
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return [refusal(name, "the workbook is damaged or incomplete (it may have been cut short while copying); "
                              "save it again from Excel and retry.")]
    problems: list[Problem] = []
    if len(infos) > MAX_MEMBERS:
        problems.append(refusal(name, f"the workbook holds {len(infos):,} parts, over the limit of {MAX_MEMBERS:,}; "
                                      "it is not an ordinary BCF workbook."))
        return problems
    names = {i.filename for i in infos}
    total = 0
    for info in infos:
        total += info.file_size
        if (info.file_size > RATIO_CHECK_ABOVE_BYTES and info.compress_size > 0
                and info.file_size / info.compress_size > MAX_RATIO):
            problems.append(
                refusal(
                    name,
                    f"part '{info.filename}' would expand {info.file_size / info.compress_size:,.0f} "
                    "times when opened (a 'zip bomb'); the file was not opened.",
                )
            )
            return problems
    if total > MAX_UNCOMPRESSED_BYTES:
        problems.append(
            refusal(
                name,
                f"the workbook would expand to {total / 1024 / 1024:,.0f} MB when opened, over the "
                f"{MAX_UNCOMPRESSED_BYTES // 1024 // 1024} MB limit; the file was not opened.",
            )
        )
        return problems
    if "xl/workbook.xml" not in names:
        if "EncryptionInfo" in names or "EncryptedPackage" in names:
            problems.append(refusal(name, "the workbook is password-protected; remove the password and save again."))
        elif "content.xml" in names:
            problems.append(refusal(name, "this is an OpenDocument spreadsheet renamed .xlsx; save it as an Excel "
                                          "Workbook (.xlsx)."))
        else:
            problems.append(refusal(name, "this zip file is not an Excel workbook (no xl/workbook.xml inside)."))
        return problems
    for info in infos:  # ordinary workbooks never declare XML entities ('billion laughs' and friends)
        if info.filename.endswith((".xml", ".rels")) and info.file_size:
            with zf.open(info) as fh:
                head = fh.read(4096)
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                problems.append(refusal(name, ENTITY_DECLARATIONS))
                return problems
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        problems.append(refusal(name, "the workbook contains macros, which are refused for safety; save it as an Excel "
                                      "Workbook (.xlsx) without macros."))
        return problems
    problems.extend(_check_sheets(zf, infos, name))
    return problems


def column_number(letters: bytes) -> int:
    """The 1-based number of a column written in letters: b'A' -> 1, b'AA' -> 27."""
    n = 0
    for ch in letters.upper():
        n = n * 26 + ch - 64
    return n


def _column_letters(n: int) -> str:
    out = ""
    while n > 0:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out or "A"


@dataclass
class SheetScan:
    """What one streaming pass over a worksheet part finds, before any parser sees it.

    ``rows`` and ``cols`` are the last row and column holding a cell (formatted empty cells included):
    the grid a reader builds runs from A1 to there. ``dimension`` is what the sheet claims of itself in
    its ``<dimension>`` element; it is kept for messages only and never trusted, since it can say
    anything. A cell written without its position takes the column after the previous cell of its row
    (and a row without its number the row after the last one seen), counted generously so that the
    extent is never under-estimated.
    """

    budget: int = MAX_SHEET_CELLS
    rows: int = 0
    cols: int = 0
    cells: int = 0  # cell tags written, formatted empty cells included
    filled_rows: int = 0
    dimension: tuple[int, int] | None = None  # (last row, last column) the sheet claims
    over_rows: int | None = None  # number of the first filled row past MAX_SHEET_ROWS (0: unnumbered)
    over_cell: tuple[int, int] | None = None  # (row, column) of the cell that took the sheet past a limit
    over_reason: str = ""  # "area", "cells" or "column"
    irregular: int = 0  # tags checked one at a time
    refused: str = ""  # a sentence when the part is not written as any spreadsheet program writes sheets
    _row: int = 0  # the row being read
    _row_max: int = 0  # the highest row number met, for rows written without one
    _col: int = 0  # the highest column met in the row being read

    @property
    def area(self) -> int:
        """Rows times columns: the cells of the grid a reader would build."""
        return self.rows * self.cols

    @property
    def stopped(self) -> bool:
        """True once a limit is passed or the part is refused: the scan reads no further."""
        return self.over_rows is not None or self.over_cell is not None or bool(self.refused)

    def _cell(self, row: int, col: int) -> None:
        self.cells += 1
        if row > self.rows:
            self.rows = row
        if col > self.cols:
            self.cols = col
        if self.over_cell is None:
            if col > MAX_SHEET_COLUMNS:
                self.over_cell, self.over_reason = (row, col), "column"
            elif self.rows * self.cols > self.budget:
                self.over_cell, self.over_reason = (row, col), "area"
            elif self.cells > MAX_SHEET_CELLS:
                self.over_cell, self.over_reason = (row, col), "cells"

    def feed(self, part: bytes, irregular_left: int) -> None:
        """Scan one piece of the part that ends between tags."""
        self._count_rows(part)
        if self.stopped:
            return
        if self.dimension is None and b"dimension" in part:
            m = _DIMENSION.search(part)
            if m:
                last = m.group(1).split(b":")[-1]
                ref = _REF.fullmatch(last)
                if ref:
                    self.dimension = (int(ref.group(2) or 0), column_number(ref.group(1)))
        p = part.translate(_WHITESPACE)
        found = _canonical_positions(p)
        if found is None:
            self._slow(p, irregular_left)
        else:
            self._fast(*found)

    def _fast(self, rows, cols, row_tags, last_is_cell: bool) -> None:
        """Count a piece whose cells and rows are all written as Excel writes them.

        That is `<c r="B7"`, `<row r="7"`, one position each: positions are read for all cells at once.
        """
        if len(rows):
            n = len(rows)
            top_row, top_col = int(rows.max()), int(cols.max())
            if (top_col > MAX_SHEET_COLUMNS or max(top_row, self.rows) * max(top_col, self.cols) > self.budget
                    or self.cells + n > MAX_SHEET_CELLS):
                for r, c in zip(rows.tolist(), cols.tolist(), strict=True):  # the first cell past a limit, in order
                    self._cell(r, c)
                    if self.over_cell is not None:
                        break
                return
            self.cells += n
            self.rows, self.cols = max(self.rows, top_row), max(self.cols, top_col)
            self._row_max = max(self._row_max, top_row)
        if len(row_tags):
            self._row = int(row_tags[-1])
            self._row_max = max(self._row_max, int(row_tags.max()))
        if last_is_cell:  # the last row goes on into the next piece
            self._col = int(cols[-1]) if len(row_tags) else max(self._col, int(cols[-1]))
        elif len(row_tags):
            self._col = 0

    def _slow(self, p: bytes, irregular_left: int) -> None:
        """Tag by tag: positions left out, attributes in another order, prefixed tags, odd quoting."""
        for m in _TAG.finditer(p):
            self.irregular += 1
            if self.irregular > irregular_left:
                self.refused = ("the sheet is not written the way Excel writes sheets (cells without their "
                                "positions) and is too large to check")
                return
            name, attrs, closed = m.group(1), m.group(2), m.group(4)
            if not closed:  # attributes that could not be read: take every position written up to the next tag
                end = p.find(b"<", m.end())
                attrs = p[m.start() + 1:end if end >= 0 else len(p)]
            refs = [a or b for a, b in _ATTR_R.findall(attrs)]
            if name == b"row":
                numbers = [int(x) for r in refs if (x := r.strip()).isdigit()]
                self._row = max(numbers) if numbers else self._row_max + 1
                self._row_max = max(self._row_max, self._row)
                self._col = 0
                continue
            row = col = 0
            for r in refs:  # several positions (only in a damaged file): the furthest counts
                ref = _REF.fullmatch(r)
                if ref:
                    col = max(col, column_number(ref.group(1)) if ref.group(1) else 0)
                    row = max(row, int(ref.group(2)) if ref.group(2) else 0)
            col = col or self._col + 1
            row = row or max(self._row, 1)
            self._col = max(self._col, col)
            self._row_max = max(self._row_max, row)
            self._cell(row, col)
            if self.over_cell is not None:
                return

    def _count_rows(self, part: bytes) -> None:
        """Filled rows (with a closing tag; an empty row is written self-closed) against MAX_SHEET_ROWS."""
        closes = [m.end() for m in _ROW_CLOSE.finditer(part)] if b":row>" in part else None
        filled = part.count(b"</row>") if closes is None else len(closes)
        if self.filled_rows + filled > MAX_SHEET_ROWS:
            need = MAX_SHEET_ROWS - self.filled_rows
            if closes is None:
                pos = -1
                for _ in range(need + 1):
                    pos = part.find(b"</row>", pos + 1)
            else:
                pos = closes[need]
            opening = max(part.rfind(b"<row", 0, pos), part.rfind(b":row ", 0, pos))
            number = _ROW_NUMBER.search(part, opening, part.find(b">", opening) + 1) if opening >= 0 else None
            self.over_rows = int(number.group(1)) if number else 0
        self.filled_rows += filled


_SPACE, _LT, _GT, _SLASH, _QUOTE, _EQ, _COLON = (ord(c) for c in ' <>/"=:')


def _number(window, width):
    """The decimal numbers starting each row of `window` (bytes as integers), `width` digits each."""
    import numpy as np

    width = np.asarray(width)
    k = np.arange(window.shape[1])
    scale = np.where(k < width[:, None], 10 ** np.clip(width[:, None] - 1 - k, 0, None), 0)
    return ((window.astype(np.int64) - 48) * scale).sum(axis=1)


def _canonical_positions(p: bytes):
    """The positions in a piece whose every cell and row tag is written as Excel writes them, else None.

    Returns (cell rows, cell columns, row numbers, whether the piece ends inside a row). Vectorised: a
    million cells take milliseconds.
    """
    import numpy as np

    a = np.frombuffer(p + b"\0" * 16, dtype=np.uint8)
    body = a[:-16]
    lt = np.flatnonzero(body == _LT)
    n1, n2 = a[lt + 1], a[lt + 2]
    ends = (n2 == _SPACE) | (n2 == _GT) | (n2 == _SLASH)
    cell = lt[(n1 == ord("c")) & ends]
    canon = cell[(a[cell + 2] == _SPACE) & (a[cell + 3] == ord("r")) & (a[cell + 4] == _EQ) & (a[cell + 5] == _QUOTE)]
    if len(canon) != len(cell):
        return None
    n4 = a[lt + 4]
    row = lt[(n1 == ord("r")) & (n2 == ord("o")) & (a[lt + 3] == ord("w"))
             & ((n4 == _SPACE) | (n4 == _GT) | (n4 == _SLASH))]
    if not np.array_equal(row, row[(a[row + 4] == _SPACE) & (a[row + 5] == ord("r")) & (a[row + 6] == _EQ)
                                   & (a[row + 7] == _QUOTE)]):
        return None
    # every ' r=' or ' r ' in the piece must be the position of one of those tags: no second position hides
    # anywhere, in any quoting
    sp_r = np.flatnonzero((body[:-1] == _SPACE) & (body[1:] == ord("r")))
    after = a[sp_r + 2]
    if int(((after == _EQ) | (after == _SPACE)).sum()) != len(cell) + len(row):
        return None
    colon = np.flatnonzero(body == _COLON)  # a prefixed cell or row tag (<x:c, <x:row) is read one at a time
    if len(colon):
        c1, c2 = a[colon + 1], a[colon + 2]
        if (((c1 == ord("c")) & ((c2 == _SPACE) | (c2 == _GT) | (c2 == _SLASH)))
                | ((c1 == ord("r")) & (c2 == ord("o")))).any():
            return None
    k = np.arange(11)
    win = a[(canon + 6)[:, None] + k]
    upper = win & 0xDF
    alpha = (upper >= 65) & (upper <= 90)
    letters = np.argmin(alpha, axis=1)  # leading letters: 1 to 3
    if len(canon) and (letters.min() < 1 or letters.max() > 3):
        return None
    rows = np.zeros(len(canon), dtype=np.int64)
    cols = np.zeros(len(canon), dtype=np.int64)
    for n in (1, 2, 3):
        sel = np.flatnonzero(letters == n)
        if not len(sel):
            continue
        digits = win[sel, n:n + 8]
        isdigit = (digits >= 48) & (digits <= 57)
        width = np.argmin(isdigit, axis=1)
        if width.min() < 1 or (digits[np.arange(len(sel)), width] != _QUOTE).any():
            return None
        rows[sel] = _number(digits, width)
        col = np.zeros(len(sel), dtype=np.int64)
        for i in range(n):
            col = col * 26 + (upper[sel, i].astype(np.int64) - 64)
        cols[sel] = col
    row_tags = np.zeros(0, dtype=np.int64)
    if len(row):
        digits = a[(row + 8)[:, None] + np.arange(9)]
        isdigit = (digits >= 48) & (digits <= 57)
        width = np.argmin(isdigit, axis=1)
        if width.min() < 1 or width.max() > 7 or (digits[np.arange(len(row)), width] != _QUOTE).any():
            return None
        row_tags = _number(digits, width)
    last_is_cell = bool(len(canon)) and (not len(row) or canon[-1] > row[-1])
    return rows, cols, row_tags, last_is_cell


def scan_sheet(fh, budget: int = MAX_SHEET_CELLS, irregular_left: int = MAX_IRREGULAR_TAGS) -> SheetScan:
    """Stream a worksheet part (a binary file object) in 1 MB pieces cut between tags.

    The scan stops at the first limit passed.
    """
    scan = SheetScan(budget=budget)
    carry = b""
    while not scan.stopped:
        chunk = fh.read(CHUNK_BYTES)
        buf = carry + chunk
        if not chunk:
            if buf:
                scan.feed(buf, irregular_left)
            break
        cut = buf.rfind(b"<")
        if cut < 0 or buf.find(b">", cut) >= 0:  # no tag, or the last tag complete: text follows it
            part, carry = buf, b""
        else:
            part, carry = buf[:cut], buf[cut:]
            if len(carry) > MAX_TAG_BYTES:
                scan.refused = "the sheet holds an XML tag over 64 KB long, which Excel never writes"
                break
        scan.feed(part, irregular_left)
    return scan


def _check_sheets(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], name: str) -> list[Problem]:
    """Row, cell and used-area limits for every part that may be read as a sheet, in one streaming pass each."""
    try:
        listed = sheet_list(zf)
    except Exception:
        listed = None
    members = {i.filename: i for i in infos}
    parts = [i.filename for i in infos if i.filename.startswith("xl/worksheets/") and i.filename.endswith(".xml")]
    for _, part in listed or []:
        if part in members and part not in parts:
            parts.append(part)
    names: dict[str, str] = {}
    uses: dict[str, int] = {}
    for sheet, part in listed or []:
        names.setdefault(part, sheet)
        uses[part] = uses.get(part, 0) + 1
    if listed is None:  # the index is unreadable here: every part may be read, and as many times as it names sheets
        head = zf.read("xl/workbook.xml")[:MAX_UNCOMPRESSED_BYTES]
        times = max(1, len(re.findall(rb"<(?:[A-Za-z_][\w.-]*:)?sheet[\s/>]", head)))
        uses = {part: times for part in parts}
    used = 0
    irregular = 0
    for part in parts:
        sheet = names.get(part, part)
        times = max(1, uses.get(part, 1))
        budget = min(MAX_SHEET_CELLS, (MAX_WORKBOOK_CELLS - used) // times)
        with zf.open(members[part]) as fh:
            scan = scan_sheet(fh, budget, MAX_IRREGULAR_TAGS - irregular)
        irregular += scan.irregular
        used += scan.area * times
        if scan.over_rows is not None:
            over = scan.over_rows
            return [Problem(
                severity="error", file=name, sheet=sheet, cell=f"A{over}" if over else None,
                message=f"the sheet has more than {MAX_SHEET_ROWS:,} filled rows"
                        + (f" (row {over:,} is beyond the limit)" if over else "")
                        + "; a BCF plan or allocations table is far smaller. Delete the unused rows (or copy only "
                          "the BCF table into a new workbook), save and try again.")]
        if scan.refused:
            return [Problem(severity="error", file=name, sheet=sheet,
                            message=f"{scan.refused}; open it in Excel, save it as an Excel Workbook (.xlsx) and "
                                    "try again.")]
        if scan.over_cell is not None:
            row, col = scan.over_cell
            cell = f"{_column_letters(col)}{row}"
            if scan.over_reason == "column":
                what = f"cell {cell} lies past column XFD, the last column Excel has"
            elif scan.over_reason == "cells":
                what = f"the sheet holds more than {MAX_SHEET_CELLS:,} cells"
            else:
                reach = f"{scan.rows:,} rows by {scan.cols:,} columns"
                if budget < MAX_SHEET_CELLS:
                    what = (f"with cell {cell} the workbook's sheets together run to more than "
                            f"{MAX_WORKBOOK_CELLS:,} cells (this sheet alone to {reach})")
                else:
                    what = (f"cell {cell} makes the sheet's used area {reach}, over the limit of "
                            f"{MAX_SHEET_CELLS:,} cells")
            return [Problem(
                severity="error", file=name, sheet=sheet, cell=cell,
                message=f"{what}; a BCF plan or allocations table is far smaller. Delete the unused rows and "
                        "columns (or copy only the BCF table into a new workbook), save and try again.")]
    return []
