"""Unit tests of budget/readers/container.py: the workbook's own sheet index and the refusal of a whole file."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest
from defusedxml import EntitiesForbidden

from budget.readers.container import ENTITY_DECLARATIONS, refusal, sheet_list


def _zip(wb: openpyxl.Workbook) -> zipfile.ZipFile:
    buf = io.BytesIO()
    wb.save(buf)
    return zipfile.ZipFile(io.BytesIO(buf.getvalue()))


def test_refusal_is_an_error_about_the_whole_file():
    p = refusal("plan.xlsx", "too big")
    assert (p.severity, p.file, p.sheet, p.cell, p.message) == ("error", "plan.xlsx", None, None, "too big")


def test_entity_declarations_message_says_why():
    assert "XML entity declarations" in ENTITY_DECLARATIONS and "billion laughs" in ENTITY_DECLARATIONS


def test_sheet_list_in_order_with_parts():
    wb = openpyxl.Workbook()
    wb.active.title = "Cover"
    wb.create_sheet("Expenditure")
    wb.create_sheet("Ünïcode & more")
    zf = _zip(wb)
    listed = sheet_list(zf)
    assert [n for n, _ in listed] == ["Cover", "Expenditure", "Ünïcode & more"]
    for _, part in listed:
        assert part.startswith("xl/") and part in zf.namelist()


def _rewrite(zf: zipfile.ZipFile, name: str, content: bytes) -> zipfile.ZipFile:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in zf.infolist():
            dst.writestr(info, content if info.filename == name else zf.read(info.filename))
    return zipfile.ZipFile(io.BytesIO(out.getvalue()))


def test_sheet_list_reads_absolute_targets():
    zf = _zip(openpyxl.Workbook())
    rels = zf.read("xl/_rels/workbook.xml.rels")
    rels = rels.replace(b'Target="worksheets/sheet1.xml"', b'Target="/xl/worksheets/sheet1.xml"')
    listed = sheet_list(_rewrite(zf, "xl/_rels/workbook.xml.rels", rels))
    assert listed == [("Sheet", "xl/worksheets/sheet1.xml")]


def test_sheet_list_refuses_entity_declarations():
    zf = _zip(openpyxl.Workbook())
    xml = zf.read("xl/workbook.xml")
    body = xml.split(b"?>", 1)[1] if xml.startswith(b"<?xml") else xml
    root = body.split(b" ", 1)[0].lstrip(b"<")
    bomb = b'<?xml version="1.0"?><!DOCTYPE ' + root + b' [<!ENTITY a "aaaa">]>' + body
    with pytest.raises(EntitiesForbidden):
        sheet_list(_rewrite(zf, "xl/workbook.xml", bomb))


def test_sheet_list_raises_without_an_index():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(KeyError):
        sheet_list(zipfile.ZipFile(buf))
