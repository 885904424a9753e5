"""Reading speed: a 153-area allocations workbook and a 150-line plan, each target <= 1 s.

Baseline: openpyxl itself iterating every cell of the same file (read-only, values only), so the
ratio shows what the by-meaning reading adds on top of simply opening the workbook.
"""

from __future__ import annotations

import io
import random

import openpyxl

from benchmarks.harness import Row, median_seconds

STREAMS_2025 = ("Minimum NHS Contribution", "Local Authority Better Care Grant", "Disabled Facilities Grant",
                "Additional LA Contribution", "Additional NHS Contribution")


def allocations_workbook(n_areas: int = 153, seed: int = 7) -> bytes:
    rng = random.Random(seed)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "HWB allocations"
    ws["A1"] = "Better Care Fund allocations by Health and Wellbeing Board, 2025-26"
    ws["A2"] = "Illustrative figures for benchmarking"
    ws.append([])
    ws.append(["HWB Code", "HWB Name", "ICB", *[f"{s} 2025-26 (£)" for s in STREAMS_2025]])
    prefixes = ["E06", "E08", "E09", "E10"]
    for i in range(n_areas):
        code = f"{prefixes[i % 4]}{i + 1:06d}"
        ws.append([code, f"Area {i + 1}", f"ICB {i % 42 + 1}",
                   *[f"£{rng.randint(1_000_000, 90_000_000):,}" for _ in STREAMS_2025]])
    ws.append(["", "Total", "", *["" for _ in STREAMS_2025]])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def iterate_cells(data: bytes) -> int:
    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    n = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            n += len(row)
    wb.close()
    return n


def rows() -> list[Row]:
    from budget.readers import load_bytes

    out = []
    alloc = allocations_workbook()
    base = median_seconds(lambda: iterate_cells(alloc))
    t = median_seconds(lambda: load_bytes(alloc, name="allocations.xlsx"))
    out.append(Row("read 153-area allocations workbook", t, "openpyxl cell iteration", base, "<= 1 s", t <= 1.0))

    try:
        from budget.demo import demo_workbook_bytes
    except ImportError as e:
        print(f"  plan benchmark skipped: {e}")
        return out
    plan_bytes = demo_workbook_bytes()
    result = load_bytes(plan_bytes, name="demo.xlsx")
    n_lines = sum(len(p.lines) for p in result.plans)
    base = median_seconds(lambda: iterate_cells(plan_bytes))
    t = median_seconds(lambda: load_bytes(plan_bytes, name="plan.xlsx"))
    out.append(Row(f"read {n_lines}-line plan (demo input template)", t, "openpyxl cell iteration", base,
                   "<= 1 s", t <= 1.0))
    out += large_sheet_rows()
    return out


def inflate_sheets(data: bytes) -> int:
    """Baseline: decompress every worksheet part of the file, which any reader must do at least."""
    import zipfile

    zf = zipfile.ZipFile(io.BytesIO(data))
    return sum(len(zf.read(i)) for i in zf.infolist() if i.filename.startswith("xl/worksheets/"))


def sparse_sheet() -> bytes:
    """Three cells at A1, XFD1 and A1048576: a grid from A1 to there would be 17 billion cells."""
    import re
    import zipfile

    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"], ws["XFD1"], ws["A1048576"] = 1, 1, 1
    buf = io.BytesIO()
    wb.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                data = re.sub(rb"<dimension[^>]*/>", b"", data)  # the cells alone, not the dimension, tell
            zf.writestr(info.filename, data)
    return out.getvalue()


def large_sheet_rows() -> list[Row]:
    from budget.models import LoadError
    from budget.readers import load_bytes
    from budget.readers.safety import MAX_SHEET_ROWS
    from tests.integration.builders import plan_with_many_lines

    def refused(data: bytes) -> None:
        try:
            load_bytes(data, name="huge.xlsx")
        except LoadError:
            return
        raise AssertionError("a sheet over the row limit was read")

    out = []
    huge = plan_with_many_lines(200_000)
    base = median_seconds(lambda: inflate_sheets(huge), repeat=3)
    t = median_seconds(lambda: refused(huge), repeat=3)
    out.append(Row("refuse a 200,000-line plan (over the row limit)", t, "inflating its sheets", base, "<= 2 s",
                   t <= 2.0))
    sparse = sparse_sheet()
    base = median_seconds(lambda: inflate_sheets(sparse), repeat=3)
    t = median_seconds(lambda: refused(sparse), repeat=3)
    out.append(Row(f"refuse a {len(sparse) / 1024:.1f} KB sheet with cells at A1, XFD1 and A1048576", t,
                   "inflating its sheets", base, "<= 2 s", t <= 2.0))
    for n in (20_000, MAX_SHEET_ROWS - 1):
        data = plan_with_many_lines(n)
        base = median_seconds(lambda data=data: iterate_cells(data), repeat=3)
        t = median_seconds(lambda data=data: load_bytes(data, name="big.xlsx"), repeat=3)
        out.append(Row(f"read a {n:,}-line plan", t, "openpyxl cell iteration", base))
    return out
