"""Refusals made before any parser sees the file."""

import io
import os
import subprocess
import sys
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


# ---- the used area of each sheet, read in the streaming pass --------------------------------------
SHEET_HEAD = b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
WORKBOOK = (b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
            b'<sheet name="Plan" sheetId="1" r:id="rId1"/>%s</sheets></workbook>')
RELS = (b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
        b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
        b'Target="worksheets/sheet1.xml"/></Relationships>')


def sheet_xml(cells: str, dimension: str | None = None) -> bytes:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return SHEET_HEAD + f"{dim}<sheetData>{cells}</sheetData></worksheet>".encode()


def book(sheet: bytes, more_sheets: bytes = b"") -> bytes:
    return xlsx_like({**MINIMAL, "xl/workbook.xml": WORKBOOK % more_sheets, "xl/_rels/workbook.xml.rels": RELS,
                      "xl/worksheets/sheet1.xml": sheet})


def scan(sheet: bytes, **kw) -> safety.SheetScan:
    return safety.scan_sheet(io.BytesIO(sheet), **kw)


V = "<v>1</v>"


def test_the_used_area_comes_from_the_cells_not_the_dimension():
    small = scan(sheet_xml(f'<row r="1"><c r="A1">{V}</c></row><row r="20"><c r="J20">{V}</c></row>', "A1:B2"))
    assert (small.rows, small.cols, small.dimension) == (20, 10, (2, 2))
    large = scan(sheet_xml(f'<row r="1"><c r="A1">{V}</c><c r="B1">{V}</c></row>', "A1:XFD1048576"))
    assert (large.rows, large.cols, large.dimension) == (1, 2, (1048576, 16384))


def test_a_dimension_claiming_the_whole_sheet_is_harmless_and_accepted():
    data = book(sheet_xml(f'<row r="1"><c r="A1">{V}</c><c r="C2">{V}</c></row>', "A1:XFD1048576"))
    assert safety.check_container(data, "plan.xlsx") == []


def test_three_far_flung_cells_are_refused_naming_the_sheet_and_cell():
    data = book(sheet_xml(f'<row r="1"><c r="A1">{V}</c><c r="XFD1">{V}</c></row>'
                          f'<row r="1048576"><c r="A1048576">{V}</c></row>'))
    assert len(data) < 2_000
    [p] = safety.check_container(data, "plan.xlsx")
    assert (p.sheet, p.cell) == ("Plan", "A1048576")
    assert "1,048,576 rows by 16,384 columns" in p.message
    assert p.message.endswith("Delete the unused rows and columns (or copy only the BCF table into a new workbook), "
                              "save and try again.")


def test_a_sheet_just_within_the_area_is_accepted():
    rows = safety.MAX_SHEET_CELLS // 40
    data = book(sheet_xml(f'<row r="1"><c r="AN1">{V}</c></row><row r="{rows}"><c r="A{rows}">{V}</c></row>'))
    assert safety.check_container(data, "plan.xlsx") == []
    over = book(sheet_xml(f'<row r="1"><c r="AN1">{V}</c></row><row r="{rows + 1}"><c r="A{rows + 1}">{V}</c></row>'))
    assert safety.check_container(over, "plan.xlsx")[0].cell == f"A{rows + 1}"


@pytest.mark.parametrize("cells,rows,cols", [
    (f"<row><c>{V}</c><c>{V}</c><c>{V}</c></row><row><c>{V}</c></row>", 2, 3),  # no positions at all
    (f'<row r="5"><c r="E5">{V}</c><c>{V}</c></row>', 5, 6),  # a cell without r= follows the one before
    (f'<row r="2"><c>{V}</c></row><row><c r="B9">{V}</c></row><row><c>{V}</c></row>', 10, 2),
])
def test_cells_without_positions_are_counted_generously(cells, rows, cols):
    got = scan(sheet_xml(cells))
    assert (got.rows, got.cols) == (rows, cols)
    assert got.irregular  # read one tag at a time


def test_a_cell_position_beyond_its_row_counts():
    got = scan(sheet_xml(f'<row r="1"><c r="A1">{V}</c><c r="C9">{V}</c></row>'))
    assert (got.rows, got.cols, got.irregular) == (9, 3, 0)


def test_cells_without_positions_past_a_far_cell_are_refused():
    data = book(sheet_xml(f'<row r="1"><c r="XFD1">{V}</c><c>{V}</c></row>'))
    [p] = safety.check_container(data, "plan.xlsx")
    assert p.cell == "XFE1" and "past column XFD" in p.message


@pytest.mark.parametrize("cell", [
    f'<x:c r="XFD1048576">{V}</x:c>',  # a namespace prefix
    f'<c r="A1" r="XFD1048576">{V}</c>',  # a second position (the last one is the one read)
    f'<c s=">" r="XFD1048576">{V}</c>',  # a '>' inside an earlier attribute
    f"<c r='XFD1048576'>{V}</c>",  # single quotes
    f'<c\tr="XFD1048576">{V}</c>',  # a tab
    f'<c r = "XFD1048576">{V}</c>',  # spaces round '='
    f'<c s="1" r="XFD1048576">{V}</c>',  # the position not first
])
def test_far_cells_written_oddly_are_still_found(cell):
    row = f'<x:row r="1">{cell}</x:row>' if cell.startswith("<x:") else f'<row r="1">{cell}</row>'
    xml = sheet_xml(row).replace(
        b"<worksheet ", b'<worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    )
    [p] = safety.check_container(book(xml), "plan.xlsx")
    assert p.cell == "XFD1048576", p


def test_pieces_cut_anywhere_give_the_same_extent(monkeypatch):
    xml = sheet_xml("".join(f'<row r="{r}" spans="1:3"><c r="A{r}" t="s"><v>{r}</v></c><c r="C{r}" s="1"/>'
                            f"<c>{V}</c></row>" for r in range(1, 400)) + f'<row r="700"><c r="B700">{V}</c></row>')
    whole = scan(xml)
    assert (whole.rows, whole.cols) == (700, 4)
    for size in (7, 64, 333):
        monkeypatch.setattr(safety, "CHUNK_BYTES", size)
        got = scan(xml)
        assert (got.rows, got.cols, got.cells) == (whole.rows, whole.cols, whole.cells), size


def test_too_many_cells_even_in_one_place(monkeypatch):
    monkeypatch.setattr(safety, "MAX_SHEET_CELLS", 100)
    data = book(sheet_xml('<row r="1">' + f'<c r="A1">{V}</c>' * 101 + "</row>"))
    [p] = safety.check_container(data, "plan.xlsx")
    assert "more than 100 cells" in p.message and p.cell == "A1"


def test_a_sheet_named_twice_counts_twice_against_the_workbook(monkeypatch):
    monkeypatch.setattr(safety, "MAX_WORKBOOK_CELLS", 150)
    sheet = sheet_xml(f'<row r="1"><c r="A1">{V}</c></row><row r="100"><c r="A100">{V}</c></row>')
    assert safety.check_container(book(sheet), "plan.xlsx") == []
    twice = book(sheet, b'<sheet name="Again" sheetId="2" r:id="rId1"/>')
    [p] = safety.check_container(twice, "plan.xlsx")
    assert "sheets together" in p.message and p.cell == "A100"


def test_a_sheet_outside_the_worksheets_folder_is_scanned_too():
    far = sheet_xml(f'<row r="1"><c r="A1">{V}</c></row><row r="1048576"><c r="XFD1048576">{V}</c></row>')
    data = xlsx_like({**MINIMAL, "xl/workbook.xml": WORKBOOK % b"",
                      "xl/_rels/workbook.xml.rels": RELS.replace(b"worksheets/sheet1.xml", b"elsewhere/s.xml"),
                      "xl/elsewhere/s.xml": far})
    [p] = safety.check_container(data, "plan.xlsx")
    assert p.cell == "XFD1048576" and p.sheet == "Plan"


def test_a_tag_over_64_kb_is_refused(monkeypatch):
    monkeypatch.setattr(safety, "CHUNK_BYTES", 64)
    monkeypatch.setattr(safety, "MAX_TAG_BYTES", 1000)
    xml = sheet_xml(f'<row r="1"><c r="A1" s="{"1" * 2000}">{V}</c></row>')
    [p] = safety.check_container(book(xml), "plan.xlsx")
    assert "64 KB" in p.message


def test_streamlit_upload_limit_is_the_readers_limit():
    """Streamlit refuses uploads past .streamlit/config.toml's maxUploadSize (MB) before the readers see
    them: it must be the readers' own limit, or one of the two would be the real one."""
    import tomllib
    from pathlib import Path

    config = tomllib.loads((Path(__file__).resolve().parents[4] / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] * 1024 * 1024 == safety.MAX_FILE_BYTES


@pytest.mark.parametrize("first", ["", "import openpyxl.xml; "])
def test_budget_refuses_to_load_when_openpyxl_would_not_use_defusedxml(first):
    """Turning openpyxl's defusedxml off stops `import budget`, whether or not openpyxl came first."""
    env = {**os.environ, "OPENPYXL_DEFUSEDXML": "False"}
    p = subprocess.run([sys.executable, "-c", first + "import budget"], capture_output=True, text=True, env=env)
    assert p.returncode != 0
    assert "ImportError: BCF Planner needs defusedxml" in p.stderr


def test_the_workbook_readers_check_openpyxls_own_flag():
    """The readers check openpyxl's flag once openpyxl is imported, even if `budget` was imported first."""
    code = ("import os, budget; os.environ['OPENPYXL_DEFUSEDXML'] = 'False'\n"
            "import budget.readers\n")
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert p.returncode != 0
    assert "ImportError: BCF Planner needs defusedxml" in p.stderr
