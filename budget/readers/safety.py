"""Checks made before any spreadsheet parser sees an uploaded file.

Only ``.xlsx`` is accepted. The container is inspected through the zip central directory alone
(size, member count, declared uncompressed sizes, compression ratios, macros) so that a zip bomb or
a renamed web page is refused with a sentence, never parsed.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import PurePath

from budget.models import Problem

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_MEMBERS = 1_000
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 200
RATIO_CHECK_ABOVE_BYTES = 1024 * 1024
# A plan holds tens to hundreds of lines per area; even a national file of every area is far below
# this. Larger sheets are refused before parsing, so no upload can tie up the server for long.
MAX_SHEET_ROWS = 50_000
_ROW_CLOSE = re.compile(rb"</(?:\w+:)?row>")
_ROW_NUMBER = re.compile(rb'\br="(\d+)"')

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"

_SUFFIX_ADVICE = {
    ".xls": "is an Excel 97-2003 workbook (.xls); open it in Excel and save it as an Excel Workbook (.xlsx)",
    ".xlsm": "is a macro-enabled workbook (.xlsm), which is refused for safety; save it as an Excel Workbook (.xlsx) without macros",
    ".xlsb": "is a binary workbook (.xlsb); open it in Excel and save it as an Excel Workbook (.xlsx)",
    ".csv": "is a CSV file; open it in Excel and save it as an Excel Workbook (.xlsx)",
    ".ods": "is an OpenDocument spreadsheet (.ods); save it as an Excel Workbook (.xlsx)",
    ".xltx": "is an Excel template (.xltx); save it as an Excel Workbook (.xlsx)",
    ".numbers": "is a Numbers file; export it as an Excel Workbook (.xlsx)",
}


def _err(name: str, message: str) -> Problem:
    return Problem(severity="error", file=name, message=message)


def check_container(data: bytes, name: str) -> list[Problem]:
    """Every reason this file must not be opened as a workbook (empty list: safe to parse)."""
    suffix = PurePath(name).suffix.lower()
    if suffix != ".xlsx" and name != "demo":
        advice = _SUFFIX_ADVICE.get(suffix)
        if advice:
            return [_err(name, f"this file {advice}.")]
        return [_err(name, f"'{suffix or 'no extension'}' files are not read; give an Excel Workbook (.xlsx).")]
    if len(data) == 0:
        return [_err(name, "the file is empty (0 bytes); choose the saved workbook again.")]
    if len(data) > MAX_FILE_BYTES:
        return [_err(name, f"the file is {len(data) / 1024 / 1024:,.1f} MB, over the {MAX_FILE_BYTES // 1024 // 1024} MB "
                           "limit; remove unused sheets or save a copy with only the BCF sheets.")]
    if data[:8] == OLE2_MAGIC:
        return [_err(name, "this is not an .xlsx workbook: it is either password-protected (encrypted) or an old "
                           ".xls file renamed; remove the password or save it as an Excel Workbook (.xlsx).")]
    if data[:4] != ZIP_MAGIC:
        head = data[:512].lstrip().lower()
        if head.startswith((b"<!doctype html", b"<html", b"<?xml", b"<table")):
            what = "a web page or XML file"
        elif b"," in head or b"\t" in head:
            what = "a text (CSV) file"
        else:
            what = "not an Excel workbook"
        return [_err(name, f"this file is {what} with an .xlsx name; open it in Excel and save it as an Excel "
                           "Workbook (.xlsx).")]
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return [_err(name, "the workbook is damaged or incomplete (it may have been cut short while copying); "
                           "save it again from Excel and retry.")]
    problems: list[Problem] = []
    if len(infos) > MAX_MEMBERS:
        problems.append(_err(name, f"the workbook holds {len(infos):,} parts, over the limit of {MAX_MEMBERS:,}; "
                                   "it is not an ordinary BCF workbook."))
        return problems
    names = {i.filename for i in infos}
    total = 0
    for info in infos:
        total += info.file_size
        if (info.file_size > RATIO_CHECK_ABOVE_BYTES and info.compress_size > 0
                and info.file_size / info.compress_size > MAX_RATIO):
            problems.append(_err(name, f"part '{info.filename}' would expand {info.file_size / info.compress_size:,.0f} "
                                       "times when opened (a 'zip bomb'); the file was not opened."))
            return problems
    if total > MAX_UNCOMPRESSED_BYTES:
        problems.append(_err(name, f"the workbook would expand to {total / 1024 / 1024:,.0f} MB when opened, over the "
                                   f"{MAX_UNCOMPRESSED_BYTES // 1024 // 1024} MB limit; the file was not opened."))
        return problems
    if "xl/workbook.xml" not in names:
        if "EncryptionInfo" in names or "EncryptedPackage" in names:
            problems.append(_err(name, "the workbook is password-protected; remove the password and save again."))
        elif "content.xml" in names:
            problems.append(_err(name, "this is an OpenDocument spreadsheet renamed .xlsx; save it as an Excel "
                                       "Workbook (.xlsx)."))
        else:
            problems.append(_err(name, "this zip file is not an Excel workbook (no xl/workbook.xml inside)."))
        return problems
    for info in infos:  # ordinary workbooks never declare XML entities ('billion laughs' and friends)
        if info.filename.endswith((".xml", ".rels")) and info.file_size:
            with zf.open(info) as fh:
                head = fh.read(4096)
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                problems.append(_err(name, "the workbook could not be read safely: it contains XML entity "
                                           "declarations, which ordinary Excel files never have (a possible "
                                           "'billion laughs' attack)"))
                return problems
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        problems.append(_err(name, "the workbook contains macros, which are refused for safety; save it as an Excel "
                                   "Workbook (.xlsx) without macros."))
        return problems
    sheet_names = None
    for info in infos:
        if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
            continue
        over = _row_beyond_limit(zf, info)
        if over is None:
            continue
        if sheet_names is None:
            from budget.readers.grid import _sheet_paths

            sheet_names = {part: sheet for sheet, part in _sheet_paths(zf).items()}
        sheet = sheet_names.get(info.filename, info.filename)
        cell = f"A{over}" if over else None
        problems.append(Problem(
            severity="error", file=name, sheet=sheet, cell=cell,
            message=f"the sheet has more than {MAX_SHEET_ROWS:,} filled rows"
                    + (f" (row {over:,} is beyond the limit)" if over else "")
                    + "; a BCF plan or allocations table is far smaller. Delete the unused rows (or copy only the "
                      "BCF table into a new workbook), save and try again."))
    return problems


def _row_beyond_limit(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> int | None:
    """The row number of the first filled row past MAX_SHEET_ROWS in a worksheet part (0 when its number
    is not written), or None when the sheet is within the limit. A filled row is one with a closing tag
    (an empty row is written self-closed). Streams the part and stops at the limit."""
    count = 0
    carry = b""
    with zf.open(info) as fh:
        while True:
            chunk = fh.read(1 << 20)
            if not chunk:
                return None
            buf = carry + chunk
            cut = buf.rfind(b"<")
            if cut <= 0 or len(buf) - cut > 1 << 16:  # no tag start, or an absurdly long tag: count what is here
                cut = len(buf)
            part, carry = buf[:cut], buf[cut:]
            closes = [m.end() for m in _ROW_CLOSE.finditer(part)] if b":row>" in part else None
            filled = part.count(b"</row>") if closes is None else len(closes)
            if count + filled > MAX_SHEET_ROWS:
                need = MAX_SHEET_ROWS - count
                if closes is None:
                    pos = -1
                    for _ in range(need + 1):
                        pos = part.find(b"</row>", pos + 1)
                else:
                    pos = closes[need]
                opening = max(part.rfind(b"<row", 0, pos), part.rfind(b":row ", 0, pos))
                number = _ROW_NUMBER.search(part, opening, part.find(b">", opening) + 1) if opening >= 0 else None
                return int(number.group(1)) if number else 0
            count += filled

