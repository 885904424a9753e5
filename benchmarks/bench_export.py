"""Export speed: the Excel return's analysis copy and submission copy without images (target <= 1 s each;
the submission copy's time includes building its capacity plan, goals and assurance) and the board pack
with images (target <= 15 s). Baseline measured in the same run: openpyxl writing the same number of
cells as the analysis copy."""

from __future__ import annotations

import io
import time

import openpyxl

from benchmarks.harness import Row, median_seconds


def rows() -> list[Row]:
    from budget.demo import demo_plan
    from budget.export import return_bytes, submission_bytes
    from reports.board_pack import board_pack_bytes, browser_available
    from reports.returns import return_tables, submission_parts
    from scenarios.schema import Scenario
    from scenarios.views import model

    plan = demo_plan()
    view = model(Scenario(), plan, runs=1000, seed=1)
    tables = return_tables(view, "controlled")
    data = return_bytes(plan, tables=tables)
    n_cells = sum(1 for ws in openpyxl.load_workbook(io.BytesIO(data)).worksheets for r in ws.iter_rows() for _ in r)

    def plain() -> None:
        wb = openpyxl.Workbook()
        ws = wb.active
        for _ in range(n_cells // 10):
            ws.append(list(range(10)))
        wb.save(io.BytesIO())

    base = median_seconds(plain, repeat=3)
    t = median_seconds(lambda: return_bytes(plan, tables=tables), repeat=3)
    out = [Row(f"Excel return, analysis copy, demo ({n_cells:,} cells)", t, "openpyxl writing as many cells", base,
               "<= 1 s", t <= 1.0)]
    scenario = Scenario()
    t = median_seconds(lambda: submission_bytes(plan, **submission_parts(view, scenario, plan)), repeat=3)
    out.append(Row("Excel return, submission copy, demo (with capacity plan, goals, assurance)", t,
                   "openpyxl writing as many cells", base, "<= 1 s", t <= 1.0))
    board_pack_bytes(plan, view)  # start the picture renderer once, as a running app would have
    t0 = time.perf_counter()
    _, note = board_pack_bytes(plan, view)
    t = time.perf_counter() - t0
    label = "board pack with images" if browser_available() and not note else "board pack (native charts only)"
    out.append(Row(label, t, "Excel return", out[0].seconds, "<= 15 s", t <= 15.0))
    return out
