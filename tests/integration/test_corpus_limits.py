"""The whole bad-input corpus through the `bcf load` command: each file gets, within 2 s and 500 MB,
either a clean refusal (exit code 2, `error:` lines naming sheet and cell) or a load with its
warnings; the page shows the same sentences (each problem's text), never a traceback.

The files are run through the real command-line entry point in a separate process, so the time of
each and the process's peak memory are those of a real `bcf load`. That process runs under an address
space limit, so a file that would make a reader allocate without bound fails the test cleanly instead
of taking the machine down.
"""

from __future__ import annotations

import io
import json
import re
import resource
import subprocess
import sys
import textwrap
import zipfile
from functools import cache

import openpyxl
import pytest

from budget.models import LoadError
from budget.readers import load_bytes
from budget.readers.grid import _sheet_paths
from budget.readers.safety import MAX_SHEET_CELLS, MAX_SHEET_ROWS
from tests.integration.builders import GOOD_LINES, plan_with_many_lines, plan_workbook, save
from tests.integration.corpus import CASES as FIRST
from tests.integration.corpus import Case
from tests.integration.corpus import check_case as check
from tests.integration.corpus_more import CASES as MORE

pytestmark = pytest.mark.integration

# Time is measured in `make bench` (benchmarks/bench_readers.py), never asserted here: a test must pass on a
# busy machine. Memory and the work done are what these tests bound; subprocess timeouts only catch hangs.
PEAK_MEMORY_MB = 300
ADDRESS_SPACE_BYTES = 3_000_000_000  # a reader asking for a grid of billions of cells fails, not the machine


def limited() -> None:
    """Run in the child before exec: cap its address space."""
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE_BYTES, ADDRESS_SPACE_BYTES))


@cache
def huge_plan() -> bytes:
    return plan_with_many_lines(200_000)


def latin1_sheet_names() -> bytes:
    """A workbook whose index is written in ISO-8859-1 (not UTF-8), with an accented sheet name and a text
    amount on the second line."""
    lines = [list(x) for x in GOOD_LINES]
    lines[1][11] = "plenty"
    data = save(plan_workbook(lines, exp_sheet="Depenses"))
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            member = src.read(info.filename)
            if info.filename == "xl/workbook.xml":
                text = member.decode().replace("Depenses", "Dépenses")
                if text.startswith("<?xml"):
                    text = text.split("?>", 1)[1]
                member = ('<?xml version="1.0" encoding="ISO-8859-1"?>' + text).encode("latin-1")
            out.writestr(info.filename, member)
    return buf.getvalue()


def with_sheet_xml(data: bytes, sheet: str, edit) -> bytes:
    """The workbook with one sheet's XML passed through `edit` (bytes -> bytes)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    part = _sheet_paths(src)[sheet]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            member = src.read(info.filename)
            out.writestr(info.filename, edit(member) if info.filename == part else member)
    return buf.getvalue()


def far_cells(*refs: str, dimension: str | None = None) -> bytes:
    """A good plan with text cells added at far-flung references on its Expenditure sheet (and its
    <dimension> rewritten when given): a file of a few KB whose used area is vast."""
    def edit(xml: bytes) -> bytes:
        extra = "".join(f'<row r="{re.sub("[A-Z]", "", ref)}"><c r="{ref}" t="inlineStr"><is><t>x</t></is></c></row>'
                        for ref in refs)
        xml = xml.replace(b"</sheetData>", extra.encode() + b"</sheetData>")
        if dimension:
            xml = re.sub(rb'<dimension ref="[^"]*"/>', f'<dimension ref="{dimension}"/>'.encode(), xml)
        return xml
    return with_sheet_xml(save(plan_workbook()), "Expenditure", edit)


def sparse_book() -> bytes:
    """Only the cells A1, XFD1 and A1048576, in 1.6 KB: the grid from A1 to there is 17 billion cells."""
    cells = ('<row r="1"><c r="A1"><v>1</v></c><c r="XFD1"><v>1</v></c></row>'
             '<row r="1048576"><c r="A1048576"><v>1</v></c></row>')
    wb = openpyxl.Workbook()
    wb.active.title = "Expenditure"
    return with_sheet_xml(save(wb), "Expenditure",
                          lambda xml: re.sub(rb"<sheetData\s*/>|<sheetData>.*</sheetData>",
                                             b"<sheetData>" + cells.encode() + b"</sheetData>", xml, flags=re.S))


@cache
def lying_dimension_formula() -> bytes:
    """A 1,000-line plan whose Expenditure sheet claims A1:XFD1048576 and holds a formula with no saved
    value: the check for such formulas must read only the cells there are, not 16,384 columns a row."""
    def edit(xml: bytes) -> bytes:
        xml = xml.replace(b"<sheetData>", b'<dimension ref="A1:XFD1048576"/><sheetData>', 1)
        return xml.replace(b'<c r="L2"><v>10</v></c>', b'<c r="L2"><f>1+1</f></c>', 1)
    return with_sheet_xml(plan_with_many_lines(1_000), "Expenditure", edit)


# The lying-dimension plan's written cells: 1,000 lines of 14 columns with their title and header rows, and the
# small Cover, Income and Localities sheets; the reader may pass over them a few times (detection, the full
# sheet, the formula check). One row padded to the dimension's 16,384 columns would be 16,384 cells alone.
WRITTEN_EXTENT_CELLS = 100_000

AREA = f"over the limit of {MAX_SHEET_CELLS:,} cells"
SPARSE = [
    Case("sparse: A1, XFD1 and A1048576 only", sparse_book(), fragment=AREA, sheet="Expenditure", cell="A1048576"),
    Case("sparse: a plan with one cell at XFD1048576", far_cells("XFD1048576"), fragment=AREA, sheet="Expenditure",
         cell="XFD1048576"),
    Case("sparse: a plan running to XFD3000", far_cells("XFD3000"), fragment=AREA, sheet="Expenditure",
         cell="XFD3000"),
    Case("sparse: a plan with a cell past column XFD", far_cells("XFE10"), fragment="past column XFD",
         sheet="Expenditure", cell="XFE10"),
    Case("lying dimension A1:XFD1048576", far_cells(dimension="A1:XFD1048576"), severity="warning",
         fragment="Total income"),
    Case("lying dimension with a formula", lying_dimension_formula(), fragment="formula with no saved value",
         sheet="Expenditure", cell="L2"),
]

EXTRA = [
    Case("200,000 lines", huge_plan(), fragment=f"more than {MAX_SHEET_ROWS:,} filled rows", sheet="Expenditure",
         cell=f"A{MAX_SHEET_ROWS + 1}"),
    Case("ISO-8859-1 sheet names", latin1_sheet_names(), fragment="found text 'plenty'", sheet="Dépenses", cell="L5"),
    Case("non-UTF-8 file name", save(plan_workbook([[*GOOD_LINES[0][:11], "lots", *GOOD_LINES[0][12:]]])),
         name="pl\udce9n.xlsx", fragment="found text 'lots'", sheet="Expenditure", cell="L4"),
]
ALL = [*FIRST, *MORE, *EXTRA, *SPARSE]


@pytest.mark.parametrize("case", EXTRA, ids=[c.id for c in EXTRA])
def test_extra_cases_get_their_message(case: Case):
    check(case)


def test_a_sheet_just_within_the_row_limit_is_read():
    n = MAX_SHEET_ROWS - 1  # with its header row, exactly the limit
    result = load_bytes(plan_with_many_lines(n), name="big.xlsx")
    assert len(result.plans[0].lines) == n
    assert result.total_expenditure == pytest.approx(10 * n)


DRIVER = textwrap.dedent("""
    import contextlib, io, json, sys, time
    from budget.cli import main

    def peak_mb():  # this process's own high-water mark (getrusage would count the parent's before exec)
        with open("/proc/self/status") as fh:
            return next(int(x.split()[1]) for x in fh if x.startswith("VmHWM:")) / 1024
    paths = json.load(sys.stdin)
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        main(["load", paths[0]])  # warm up: the first load imports the readers
    out = []
    for path in paths[1:]:
        err, std = io.StringIO(), io.StringIO()
        t0 = time.perf_counter()
        with contextlib.redirect_stdout(std), contextlib.redirect_stderr(err):
            code = main(["load", path])
        out.append({"code": code, "seconds": time.perf_counter() - t0, "stderr": err.getvalue(),
                    "peak_mb": peak_mb(),
                    "stdout": std.getvalue()})
    sys.stdout.write(json.dumps({"results": out, "peak_mb": peak_mb()}))
""")


def test_every_corpus_file_through_bcf_load_within_limits(tmp_path):
    warm = tmp_path / "warm.xlsx"
    warm.write_bytes(save(plan_workbook()))
    paths = [str(warm)]
    for i, case in enumerate(ALL):
        folder = tmp_path / f"case{i:03d}"
        folder.mkdir()
        target = folder / case.name.encode("utf-8", "surrogateescape").decode("utf-8", "surrogateescape")
        target.write_bytes(case.data)
        paths.append(str(target))
    proc = subprocess.run([sys.executable, "-c", DRIVER], input=json.dumps(paths), capture_output=True,
                          text=True, timeout=600, errors="surrogateescape", preexec_fn=limited)
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = json.loads(proc.stdout)
    assert len(report["results"]) == len(ALL)
    for case, got in zip(ALL, report["results"], strict=True):
        assert "Traceback" not in got["stderr"] + got["stdout"], case.id
        if case.severity == "error":
            assert got["code"] == 2, (case.id, got)
            lines = got["stderr"].splitlines()
            assert lines and all(x.startswith("error: ") for x in lines), (case.id, lines)
            assert any(case.fragment.lower() in x.lower() for x in lines), (case.id, lines)
            if case.sheet:
                wanted = f"sheet '{case.sheet}'" + (f", cell {case.cell}" if case.cell else "")
                assert any(wanted in x for x in lines), (case.id, wanted, lines)
        else:
            assert got["code"] == 0, (case.id, got["stderr"])
            assert case.fragment.lower() in got["stdout"].lower(), (case.id, got["stdout"][-2000:])
    assert report["peak_mb"] <= PEAK_MEMORY_MB, [
        (c.id, round(g["peak_mb"])) for c, g in zip(ALL, report["results"], strict=True)
    ]


@pytest.mark.parametrize("case", SPARSE, ids=[c.id for c in SPARSE])
def test_sparse_sheets_through_bcf_load_in_a_bounded_process(case: Case, tmp_path):
    """Each far-flung or lying sheet on its own, in a process capped in memory: refused (or read) with its
    sentence within the memory limit, never an abort or a hang."""
    path = tmp_path / case.name
    path.write_bytes(case.data)
    probe = textwrap.dedent("""
        import sys, time
        import contextlib, io
        from budget.cli import main
        with contextlib.redirect_stdout(io.StringIO()):
            main(["load", "demo"])  # warm up: the first load imports the readers
        t0 = time.perf_counter()
        code = main(["load", sys.argv[1]])
        with open("/proc/self/status") as fh:  # this process's own high-water mark, not the parent's before exec
            peak_kb = next(int(x.split()[1]) for x in fh if x.startswith("VmHWM:"))
        sys.stderr.write(f"@@ {time.perf_counter() - t0:.3f} {peak_kb}\\n")
        sys.exit(code)
    """)
    proc = subprocess.run([sys.executable, "-c", probe, str(path)], capture_output=True, text=True, timeout=60,
                          preexec_fn=limited)
    stats = [x for x in proc.stderr.splitlines() if x.startswith("@@ ")]
    assert stats, (case.id, proc.returncode, proc.stderr[-2000:])
    peak_kb = stats[0].split()[2]
    lines = [x for x in proc.stderr.splitlines() if not x.startswith("@@ ")]
    assert "Traceback" not in proc.stderr, proc.stderr[-2000:]
    if case.severity == "error":
        assert proc.returncode == 2, (case.id, proc.returncode, proc.stderr[-2000:])
        assert lines and all(x.startswith("error: ") for x in lines), lines
        assert any(case.fragment in x for x in lines), lines
        assert any(f"sheet '{case.sheet}', cell {case.cell}" in x for x in lines), lines
        assert any(x.rstrip().endswith("try again.") for x in lines) or case.cell == "L2", lines
    else:
        assert proc.returncode == 0, (case.id, proc.stderr[-2000:])
        assert case.fragment in proc.stdout
    assert int(peak_kb) / 1024 <= PEAK_MEMORY_MB, (case.id, peak_kb)


def test_the_openpyxl_reader_is_bounded_by_the_cells_not_the_dimension(tmp_path):
    """With calamine unavailable, openpyxl reads the lying-dimension plan within the memory limit, and is never
    asked for more cells than the sheet's written extent (not padded to the dimension's 16,384 columns a row)."""
    path = tmp_path / "plan.xlsx"
    path.write_bytes(lying_dimension_formula())
    probe = textwrap.dedent("""
        import sys, time
        sys.modules["python_calamine"] = None  # calamine unavailable: openpyxl reads every sheet
        import contextlib, io
        from openpyxl.worksheet._read_only import ReadOnlyWorksheet
        from budget.cli import main

        cells = [0]
        plain_iter_rows = ReadOnlyWorksheet.iter_rows

        def counted(self, *args, **kwargs):  # every cell openpyxl hands the reader
            for row in plain_iter_rows(self, *args, **kwargs):
                cells[0] += len(row)
                yield row
        ReadOnlyWorksheet.iter_rows = counted
        with contextlib.redirect_stdout(io.StringIO()):
            main(["load", "demo"])  # warm up: the first load imports the readers
        t0 = time.perf_counter()
        cells[0] = 0
        code = main(["load", sys.argv[1]])
        with open("/proc/self/status") as fh:
            peak_kb = next(int(x.split()[1]) for x in fh if x.startswith("VmHWM:"))
        sys.stderr.write(f"@@ {time.perf_counter() - t0:.3f} {peak_kb} {cells[0]}\\n")
        sys.exit(code)
    """)
    proc = subprocess.run([sys.executable, "-c", probe, str(path)], capture_output=True, text=True, timeout=120,
                          preexec_fn=limited)
    assert proc.returncode == 2, proc.stderr[-2000:]
    assert "sheet 'Expenditure', cell L2" in proc.stderr and "formula with no saved value" in proc.stderr
    peak_kb, cells = next(x for x in proc.stderr.splitlines() if x.startswith("@@ ")).split()[2:]
    assert int(peak_kb) / 1024 <= PEAK_MEMORY_MB, peak_kb
    assert 0 < int(cells) <= WRITTEN_EXTENT_CELLS, cells


@pytest.mark.parametrize("case", [c for c in ALL if c.severity == "error" and c not in SPARSE], ids=lambda c: c.id)
def test_the_page_and_the_command_say_the_same(case: Case, tmp_path, capsys):
    """The Start page lists str(problem) for each problem; `bcf load` prints 'error: ' + str(problem)."""
    from budget.cli import main

    with pytest.raises(LoadError) as e:
        load_bytes(case.data, name=case.name)
    page_lines = [str(p) for p in e.value.problems if p.severity == "error"]
    shown = case.name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    assert page_lines and all(text.startswith(shown) for text in page_lines)
    assert not any("Traceback" in text or 'File "' in text for text in page_lines)
    path = tmp_path / case.name
    path.write_bytes(case.data)
    capsys.readouterr()
    assert main(["load", str(path)]) == 2
    assert capsys.readouterr().err.splitlines() == [f"error: {text}" for text in page_lines]
