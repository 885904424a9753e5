"""Read allocations, planning-template-shaped plans and the project's input template.

The kind of workbook is found from its content (see ``detect``). Every problem found is reported in
one pass with file, sheet and cell; a line that cannot be read is never silently dropped.
"""

from __future__ import annotations

import gc

from budget.models import LoadError, LoadResult, Plan
from budget.readers.allocations import read_allocations
from budget.readers.detect import detect
from budget.readers.grid import Book, open_book
from budget.readers.plan import read_plan
from budget.readers.problems import Collector, refusal
from budget.readers.safety import MAX_FILE_BYTES, check_container
from budget.readers.submission import read_submission
from budget.submission import Submission


def load_bytes(data: bytes, *, name: str, year: str | None = None) -> LoadResult:
    """Read a workbook held in memory (an upload). Raises LoadError with every problem found."""
    name = printable_name(name)
    try:
        return _load(data, name, year)
    except LoadError:
        raise
    except Exception as e:  # anything unforeseen still ends as a sentence, never a traceback
        raise LoadError(
            [
                refusal(
                    name,
                    f"the workbook could not be read ({type(e).__name__}); it may be damaged: "
                    "open it in Excel, save it as an Excel Workbook (.xlsx) and try again",
                )
            ]
        ) from None


def printable_name(name: str) -> str:
    """A file name fit to show: bytes that were not UTF-8 (kept by the file system as surrogates) become '�'."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def load_workbook(path, *, year: str | None = None) -> LoadResult:
    """Read a workbook file.

    Only a regular file of at most MAX_FILE_BYTES is read: a device, a named pipe, a socket or a folder is
    refused with a sentence before any byte is read.
    """
    from pathlib import Path

    from budget.files import FileRefused, read_bounded

    p = Path(path)
    try:
        data = read_bounded(p, MAX_FILE_BYTES, "workbook")
    except FileRefused as e:
        message = str(e)
        if "limit" in message:
            message = message.rstrip(".") + "; save a copy with only the BCF sheets."
        raise LoadError([refusal(printable_name(p.name), message)]) from None
    return load_bytes(data, name=p.name, year=year)


def _load(data: bytes, name: str, year_hint: str | None) -> LoadResult:
    refusals = check_container(data, name)
    if refusals:
        raise LoadError(refusals)
    book = open_book(data, name)
    collecting = gc.isenabled()
    gc.disable()  # a large sheet makes many small objects and no cycles: collection would only slow the read
    try:
        return _read_book(book, name, year_hint)
    finally:
        if collecting:
            gc.enable()
        book.close()


def _read_book(book: Book, name: str, year_hint: str | None) -> LoadResult:
    out = Collector(file=name)
    layout = detect(book, name, year_hint, out)
    if layout.kind == "allocations":
        plans = read_allocations(layout.allocations, layout.year, out)
    else:
        plans = read_plan(book, layout, out)
    read_from = _sheets_used(plans)
    for s in layout.sheets:
        if s.hidden and s.name in read_from:
            out.warn(s.name, None, "this sheet is hidden in the workbook but was read")
    if out.errors:
        raise LoadError(out.problems)
    if not plans:
        raise LoadError([refusal(name, "no Health and Wellbeing Board area could be read")])
    submission = _submission(book, layout.kind, out)
    return LoadResult(file=name, kind=layout.kind, year=layout.year, plans=tuple(plans), problems=tuple(out.problems),
                      years=layout.years or (layout.year,), submission=submission)


def _submission(book: Book, kind: str, out: Collector) -> Submission | None:
    """The area's submission entries when the workbook is a submission copy; a plan never fails for them."""
    if kind == "allocations":
        return None
    try:
        return read_submission(book, out)
    except Exception as e:  # the plan itself was read: say so, and keep it
        out.warn(None, None, f"the goals, assurance and sign-off could not be read ({type(e).__name__}); the plan "
                             "was read without them")
        return None


def _sheets_used(plans: list[Plan]) -> set[str]:
    return {x.sheet for p in plans for x in p.lines if x.sheet}
