"""budget.readers.tabular: a file's grids, its kind told from its bytes, within the workbooks' limits."""

from __future__ import annotations

import io

import openpyxl
import pytest

from budget.models import LoadError
from budget.readers.safety import MAX_SHEET_COLUMNS, OLE2_MAGIC
from budget.readers.tabular import CSV_SHEET, open_grids


def _xlsx() -> bytes:
    wb = openpyxl.Workbook()
    wb.active.title = "Data"
    wb.active["B2"] = "hello"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_a_csv_file_is_one_grid_with_blanks_as_none_and_quoted_commas_kept():
    grids = open_grids(b'LA_Code,LA_Name\r\nE08000033,"Calderdale, West Yorkshire"\r\n,\r\n', "x.csv")
    assert grids.is_csv and [s.name for s in grids.heads] == [CSV_SHEET]
    assert grids.full(CSV_SHEET).rows == [("LA_Code", "LA_Name"), ("E08000033", "Calderdale, West Yorkshire"),
                                          (None, None)]


def test_windows_text_is_read_when_it_is_not_utf8():
    grids = open_grids("Name\nSt Helens £\n".encode("cp1252"), "x.csv")
    assert grids.full(CSV_SHEET).rows[1] == ("St Helens £",)


def test_a_workbook_is_told_by_its_bytes_whatever_its_name():
    grids = open_grids(_xlsx(), "published.csv")
    try:
        assert not grids.is_csv and grids.full("Data").value(2, 2) == "hello"
    finally:
        grids.close()


@pytest.mark.parametrize(("data", "words"), [
    (b"", "the file is empty"),
    (OLE2_MAGIC + b"\0" * 100, "Excel 97-2003 workbook (.xls)"),
    (b"\x89PNG\r\n\x1a\n\0\0\0", "neither an Excel workbook (.xlsx) nor a CSV file"),
    (b"," * (MAX_SHEET_COLUMNS + 1), f"more than the {MAX_SHEET_COLUMNS:,} a worksheet can hold"),
    (b"PK\x03\x04 not really a zip", "x.dat"),
])
def test_a_file_that_cannot_be_read_is_refused_with_one_sentence_naming_it(data, words):
    with pytest.raises(LoadError) as e:
        open_grids(data, "x.dat")
    assert len(e.value.problems) == 1 and e.value.problems[0].file == "x.dat" and words in str(e.value)


def test_the_first_grid_naming_the_fields_is_found_with_its_header_row():
    from budget.columns import Field

    wb = openpyxl.Workbook()
    wb.active.title = "Notes"
    wb.active["A1"] = "Month"  # names the month but not the required count
    for name in ("Table", "Later"):
        ws = wb.create_sheet(name)
        ws.append(["About this table"])
        ws.append(["Month", "Count"])
    buf = io.BytesIO()
    wb.save(buf)
    grids = open_grids(buf.getvalue(), "x.xlsx")
    fields = (Field("month", ("Month",)), Field("count", ("Count",), required=True))
    name, header = grids.first_header(fields)
    assert name == "Table" and header.row == 2 and header.columns == {"month": 1, "count": 2}
    assert grids.first_header((Field("other", ("Other",), required=True),)) is None
