"""Mutation fuzzing of the workbook readers: `make fuzz` (not part of `make test`).

Starts from valid workbooks (the demo, blank templates, a national-template-shaped plan, an
allocations table), mutates them at the cell level (random values, formulas, deleted rows, merged
cells) and at the byte level (flipped bytes inside zip members, truncation, duplicated parts), and
at the sheet-XML level (cells at far-flung references written in every way a tag can be written,
lying <dimension> elements), and feeds each to the reader for a fixed time. Anything other than a
LoadResult or a LoadError is a crash; a read over 2 s is a hang; resident memory growth is reported.
Special files (a device, a named pipe, a folder, a socket) are given to the file reader by path.

The fuzzer runs under an address-space limit, so a reader that tries to allocate without bound fails
here rather than taking the machine down; the case being read is kept in a temporary file, named at
the start, so that it survives an abort.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import random
import re
import resource
import shutil
import socket
import sys
import tempfile
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
                ws.merge_cells(
                    start_row=r, start_column=c, end_row=r + rng.randint(0, 3), end_column=c + rng.randint(0, 3)
                )
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


ADDRESS_SPACE_BYTES = 3_000_000_000
FAR_ROWS = (1, 2, 60, 50_000, 50_001, 65_536, 1_048_576, 1_048_577, 99_999_999)
FAR_COLS = (1, 14, 26, 27, 702, 703, 1_000, 16_384, 16_385, 18_278)


def _letters(n: int) -> str:
    out = ""
    while n > 0:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


def _far_cell(rng: random.Random, row: int) -> str:
    col = rng.choice(FAR_COLS) if rng.random() < 0.7 else rng.randint(1, 20_000)
    ref = f"{_letters(col)}{row}"
    value = rng.choice(["<v>1</v>", '<is><t>x</t></is>', "<f>1+1</f>", ""])
    t = ' t="inlineStr"' if "<is>" in value else ""
    return rng.choice([
        f'<c r="{ref}"{t}>{value}</c>',
        f'<c r="{ref}"{t}/>',
        f"<c{t}>{value}</c>",  # no position
        f'<c s="0" r="{ref}"{t}>{value}</c>',  # position not first
        f"<c r='{ref}'{t}>{value}</c>",  # single quotes
        f'<c\tr="{ref}"{t}>{value}</c>',  # a tab
        f'<c r = "{ref}"{t}>{value}</c>',  # spaces round '='
        f'<c r="A1" r="{ref}"{t}>{value}</c>',  # two positions
        f'<c s=">" r="{ref}"{t}>{value}</c>',  # '>' in an earlier attribute
        f'<x:c xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" r="{ref}"{t}>{value}</x:c>',
    ])


def mutate_sparse(data: bytes, rng: random.Random) -> bytes:
    """Cells at far-flung references, rows without numbers, and lying <dimension> elements."""
    src = zipfile.ZipFile(io.BytesIO(data))
    members = {i.filename: src.read(i.filename) for i in src.infolist()}
    sheets = [n for n in members if n.startswith("xl/worksheets/") and n.endswith(".xml")]
    name = rng.choice(sheets)
    xml = members[name]
    for _ in range(rng.randint(1, 4)):
        kind = rng.random()
        row = rng.choice(FAR_ROWS) if rng.random() < 0.7 else rng.randint(1, 2_000_000)
        if kind < 0.35:  # a new row at the end of the sheet's data
            tag = rng.choice([f'<row r="{row}">', "<row>", f'<row r="{row}" spans="1:3">'])
            cells = "".join(_far_cell(rng, row) for _ in range(rng.randint(1, 3)))
            xml = xml.replace(b"</sheetData>", (tag + cells + "</row></sheetData>").encode(), 1)
            xml = xml.replace(b"<sheetData/>", (f"<sheetData>{tag}{cells}</row></sheetData>").encode(), 1)
        elif kind < 0.7:  # a cell inside an existing row
            closes = [m.start() for m in re.finditer(rb"</row>", xml)]
            if closes:
                at = rng.choice(closes)
                xml = xml[:at] + _far_cell(rng, row).encode() + xml[at:]
        else:  # a dimension that says anything
            ref = rng.choice(
                ["A1:XFD1048576", "A1", "A1:B2", f"A1:{_letters(rng.randint(1, 20_000))}{row}", "", "ZZZZ9"]
            )
            if re.search(rb"<dimension[^>]*/>", xml):
                xml = re.sub(rb"<dimension[^>]*/>", f'<dimension ref="{ref}"/>'.encode(), xml, count=1)
            else:
                xml = xml.replace(b"<sheetData", f'<dimension ref="{ref}"/><sheetData'.encode(), 1)
    members[name] = xml
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for k, v in members.items():
            zf.writestr(k, v)
    return out.getvalue()


def special_files(folder: str) -> list[str]:
    """Paths that are not regular files: each must be refused by path, at once."""
    fifo = os.path.join(folder, "pipe.xlsx")
    os.mkfifo(fifo)
    sock_path = os.path.join(folder, "sock.xlsx")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.bind(sock_path)
    special_files.keep = sock  # bound for the run
    sub = os.path.join(folder, "folder.xlsx")
    os.mkdir(sub)
    return ["/dev/zero", "/dev/urandom", fifo, sock_path, sub]


def check_special_files(counts: dict, folder: str) -> float:
    from budget.readers import load_workbook

    slowest = 0.0
    for path in special_files(folder):
        t0 = time.perf_counter()
        try:
            load_workbook(path)
            counts["crashes"] += 1
            print(f"CRASH: {path} was read as a workbook", file=sys.stderr)
        except LoadError as e:
            assert e.problems and all(p.message for p in e.problems)
            counts["refused"] += 1
        except Exception:
            counts["crashes"] += 1
            print(f"CRASH on {path}:", traceback.format_exc(limit=3), file=sys.stderr)
        slowest = _timed(counts, t0, slowest, str(path))
    return slowest


def _timed(counts: dict[str, int], t0: float, slowest: float, what: str = "") -> float:
    """Count one case, flag it when it took over 2 s, and return the slowest time so far."""
    elapsed = time.perf_counter() - t0
    if elapsed > 2.0:
        counts["hangs"] += 1
        print(f"SLOW: {what + ' ' if what else ''}{elapsed:.1f} s", file=sys.stderr)
    counts["cases"] += 1
    return max(slowest, elapsed)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=600)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE_BYTES, ADDRESS_SPACE_BYTES))
    rng = random.Random(args.seed)
    base = seeds()
    start = time.monotonic()
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    counts = {"cases": 0, "loaded": 0, "refused": 0, "crashes": 0, "hangs": 0, "sparse": 0}
    workdir = tempfile.mkdtemp(prefix="bcf-fuzz-", dir="/tmp")
    current = os.path.join(workdir, "current.xlsx")
    print(f"the case being read is kept at {current} (after an abort, that file is the culprit)", file=sys.stderr)
    slowest = check_special_files(counts, workdir)
    while time.monotonic() - start < args.seconds:
        data = rng.choice(base)
        choice = rng.random()
        try:
            if choice < 0.45:
                case = mutate_cells(data, rng)
            elif choice < 0.75:
                case = mutate_bytes(data, rng)
            else:
                case = mutate_sparse(data, rng)
                counts["sparse"] += 1
        except Exception:
            continue
        with open(current, "wb") as fh:
            fh.write(case)
        t0 = time.perf_counter()
        try:
            result = load_bytes(case, name="fuzz.xlsx")
            assert isinstance(result, LoadResult)
            counts["loaded"] += 1
        except LoadError as e:
            assert e.problems and all(p.message for p in e.problems)
            if any("MemoryError" in p.message for p in e.problems):  # a reader ran into the address-space limit
                counts["crashes"] += 1
                print("CRASH: out of memory reading", current, file=sys.stderr)
                with open(current + f".{counts['crashes']}", "wb") as fh:
                    fh.write(case)
            else:
                counts["refused"] += 1
        except Exception:
            counts["crashes"] += 1
            print("CRASH:", traceback.format_exc(limit=3), file=sys.stderr)
        slowest = _timed(counts, t0, slowest)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        f"fuzzed for {time.monotonic() - start:.0f} s: {counts['cases']:,} cases ({counts['sparse']:,} sparse-sheet), "
        f"{counts['loaded']:,} loaded, "
        f"{counts['refused']:,} refused cleanly, {counts['crashes']} crashes, {counts['hangs']} over 2 s; "
        f"slowest {slowest * 1000:.0f} ms; peak memory {rss / 1024:.0f} MB (started at {rss0 / 1024:.0f} MB)"
    )
    special_files.keep.close()
    if counts["crashes"] or counts["hangs"]:
        return 1
    shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
