"""Mutation fuzzing of the workbook readers: `make fuzz` (not part of `make test`).

Starts from valid workbooks (the demo, blank templates, a national-template-shaped plan, an
allocations table), mutates them at the cell level (random values, formulas, deleted rows, merged
cells) and at the byte level (flipped bytes inside zip members, truncation, duplicated parts), and
feeds each to the reader for a fixed time. Anything other than a LoadResult or a LoadError is a
crash; a read over 2 s is a hang; resident memory growth is reported.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import random
import resource
import sys
import time
import traceback
import zipfile

import openpyxl

from budget.models import LoadError, LoadResult
from budget.readers import load_bytes

VALUES = ["", "NA", "-", "[x]", "£1,234.50", "(12)", "1e308", "-1", 10**12, 0.5, -3, "=1/0", "=SUM(A1:A3)",
          dt.datetime(2025, 4, 1), True, "Total", "E06000001", "iBCF", "Joint", "60%", "x" * 5000, "é✓ü",
          "Minimum NHS Contribution", "Home-based intermediate care services", None, 3.14159, "#REF!"]


def seeds() -> list[bytes]:
    from budget.demo import demo_workbook_bytes
    from budget.template import input_template_bytes
    from tests.integration.builders import allocations_workbook, plan_workbook, save

    return [demo_workbook_bytes(), input_template_bytes("2025-26"), save(plan_workbook(total_row=True)),
            save(allocations_workbook([["E06000001", "Hartlepool", 1000, 10], ["E09000011", "Greenwich", 5, 5]]))]


def mutate_cells(data: bytes, rng: random.Random) -> bytes:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    for _ in range(rng.randint(1, 12)):
        ws = rng.choice(wb.worksheets)
        r, c = rng.randint(1, max(ws.max_row, 1) + 2), rng.randint(1, max(ws.max_column, 1) + 1)
        choice = rng.random()
        if choice < 0.7:
            ws.cell(r, c).value = rng.choice(VALUES)
        elif choice < 0.8 and ws.max_row > 2:
            ws.delete_rows(rng.randint(1, ws.max_row))
        elif choice < 0.9:
            try:
                ws.merge_cells(start_row=r, start_column=c, end_row=r + rng.randint(0, 3), end_column=c + rng.randint(0, 3))
            except Exception:
                pass
        else:
            ws.sheet_state = rng.choice(["visible", "hidden"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def mutate_bytes(data: bytes, rng: random.Random) -> bytes:
    kind = rng.random()
    if kind < 0.2:
        return data[: rng.randint(0, len(data))]
    src = zipfile.ZipFile(io.BytesIO(data))
    members = {i.filename: src.read(i.filename) for i in src.infolist()}
    name = rng.choice(list(members))
    body = bytearray(members[name])
    for _ in range(rng.randint(1, 8)):
        if body:
            body[rng.randrange(len(body))] = rng.randrange(256)
    members[name] = bytes(body)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for k, v in members.items():
            zf.writestr(k, v)
        if kind > 0.9:
            zf.writestr(name + ".copy", members[name])
    return out.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=600)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    base = seeds()
    start = time.monotonic()
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    counts = {"cases": 0, "loaded": 0, "refused": 0, "crashes": 0, "hangs": 0}
    slowest = 0.0
    while time.monotonic() - start < args.seconds:
        data = rng.choice(base)
        try:
            case = mutate_cells(data, rng) if rng.random() < 0.6 else mutate_bytes(data, rng)
        except Exception:
            continue
        t0 = time.perf_counter()
        try:
            result = load_bytes(case, name="fuzz.xlsx")
            assert isinstance(result, LoadResult)
            counts["loaded"] += 1
        except LoadError as e:
            assert e.problems and all(p.message for p in e.problems)
            counts["refused"] += 1
        except Exception:
            counts["crashes"] += 1
            print("CRASH:", traceback.format_exc(limit=3), file=sys.stderr)
        elapsed = time.perf_counter() - t0
        slowest = max(slowest, elapsed)
        if elapsed > 2.0:
            counts["hangs"] += 1
            print(f"SLOW: {elapsed:.1f} s", file=sys.stderr)
        counts["cases"] += 1
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"fuzzed for {time.monotonic() - start:.0f} s: {counts['cases']:,} cases, {counts['loaded']:,} loaded, "
          f"{counts['refused']:,} refused cleanly, {counts['crashes']} crashes, {counts['hangs']} over 2 s; "
          f"slowest {slowest * 1000:.0f} ms; peak memory {rss / 1024:.0f} MB (started at {rss0 / 1024:.0f} MB)")
    return 1 if counts["crashes"] or counts["hangs"] else 0


if __name__ == "__main__":
    sys.exit(main())
