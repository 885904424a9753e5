"""Refusals made before any parser sees the file."""

import io
import zipfile

import pytest

from budget.readers import safety


def xlsx_like(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


MINIMAL = {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}


def messages(data: bytes, name: str = "plan.xlsx") -> str:
    return " ".join(p.message for p in safety.check_container(data, name))


@pytest.mark.parametrize("name,fragment", [
    ("plan.xls", "save it as an Excel Workbook (.xlsx)"), ("plan.xlsm", "macro-enabled"),
    ("plan.csv", "CSV"), ("plan.ods", "OpenDocument"), ("plan.pdf", ".pdf"), ("plan", "no extension"),
])
def test_only_xlsx_is_accepted(name, fragment):
    assert fragment in messages(xlsx_like(MINIMAL), name)


def test_minimal_container_passes():
    assert safety.check_container(xlsx_like(MINIMAL), "plan.xlsx") == []


def test_empty_and_oversized():
    assert "empty" in messages(b"")
    assert "limit" in messages(b"PK\x03\x04" + b"\0" * (safety.MAX_FILE_BYTES + 1))


def test_encrypted_or_ole2():
    assert "password" in messages(safety.OLE2_MAGIC + b"\0" * 1000)


@pytest.mark.parametrize("data,fragment", [
    (b"<!DOCTYPE html><html></html>", "web page"), (b"scheme,amount\n1,2\n", "CSV"),
    (b"\x00\x01\x02binary", "not an Excel workbook"),
])
def test_renamed_files(data, fragment):
    assert fragment in messages(data)


def test_truncated_zip():
    data = xlsx_like(MINIMAL)
    assert "damaged or incomplete" in messages(data[: len(data) // 2])


def test_zip_bomb_refused_from_the_directory_alone():
    data = xlsx_like({**MINIMAL, "xl/worksheets/sheet1.xml": b"<row/>" * 2_000_000})
    assert len(data) < 100_000
    assert "zip bomb" in messages(data)


def test_too_many_members():
    members = {**MINIMAL, **{f"xl/media/{i}.txt": b"x" for i in range(safety.MAX_MEMBERS + 1)}}
    assert "parts" in messages(xlsx_like(members, zipfile.ZIP_STORED))


def test_total_expansion_limit(monkeypatch):
    monkeypatch.setattr(safety, "MAX_UNCOMPRESSED_BYTES", 1000)
    data = xlsx_like({**MINIMAL, "xl/sharedStrings.xml": bytes(range(256)) * 8}, zipfile.ZIP_STORED)
    assert "expand" in messages(data)


def test_zip_without_workbook_and_macros():
    assert "not an Excel workbook" in messages(xlsx_like({"hello.txt": b"hi"}))
    assert "macros" in messages(xlsx_like({**MINIMAL, "xl/vbaProject.bin": b"\0" * 10}))
    assert "OpenDocument" in messages(xlsx_like({"content.xml": b"<x/>", "mimetype": b"x"}))


def test_defusedxml_is_used_by_openpyxl():
    import openpyxl.xml

    import budget  # noqa: F401  (the package asserts this at import)

    assert openpyxl.xml.DEFUSEDXML is True
