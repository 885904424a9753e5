"""Actuals from several files, each file's kind found from its content, as one ``Actuals``.

``bcf track --actuals FILE ...`` and the Monitor page's upload hand every file here, in any order. ``KINDS`` lists
the kinds of file known, each with how it is recognised and how it is read; today that is the actuals workbook
(``budget/readers/actuals.py``). A reader of another kind (a national file) is one more ``Kind`` in ``KINDS``.
A file of no known kind is refused with a sentence naming it; any file refused refuses them all (``LoadError``
with every problem): nothing is half-loaded.

Several files are put together into one ``Actuals``: each line once (a line given by two files is refused), and
each month's metric figures from whichever file gives them (the same figure given differently by two files is
refused, naming both).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from budget.actuals import Actuals, MetricMonth, month_label
from budget.models import LoadError, Plan, Problem
from budget.readers.container import refusal

UNKNOWN = ("is not a kind of file BCF Planner reads for actuals; give the actuals workbook (write a blank one with "
           "bcf template --actuals --year YEAR --out FILE)")


@dataclass(frozen=True)
class Kind:
    """A kind of actuals file: its name in words, how it is recognised from its bytes, and how it is read."""

    name: str
    recognise: Callable[[bytes], bool]
    read: Callable[..., Actuals]  # (data, *, name, plan) -> Actuals, raising LoadError


def _is_actuals_workbook(data: bytes) -> bool:
    """An .xlsx workbook with the actuals workbook's Cover, Spend and Metrics sheets."""
    from budget.readers.grid import Book
    from budget.reference_records import norm

    if not data.startswith(b"PK"):
        return False
    try:
        book = Book(data)
    except Exception:
        return False
    try:
        names = {norm(s.name) for s in book.heads}
    finally:
        book.close()
    return {"cover", "spend", "metrics"} <= names


def _read_actuals_workbook(data: bytes, *, name: str, plan: Plan | None) -> Actuals:
    from budget.readers.actuals import read_actuals_bytes

    return read_actuals_bytes(data, name=name, plan=plan)


KINDS: tuple[Kind, ...] = (Kind("the actuals workbook", _is_actuals_workbook, _read_actuals_workbook),)


def kind_of(data: bytes) -> Kind | None:
    """The kind of actuals file `data` is, or None."""
    return next((k for k in KINDS if k.recognise(data)), None)


def read_actuals_files(paths: Iterable[Path | str], plan: Plan | None = None) -> Actuals:
    """The actuals in these files, checked against `plan` (the submitted plan), as one ``Actuals``; LoadError."""
    from budget.files import FileRefused, read_bounded
    from budget.readers.safety import MAX_FILE_BYTES
    from budget.readers.workbook import printable_name

    files, problems = [], []
    for path in paths:
        p = Path(path)
        try:
            files.append((p.name, read_bounded(p, MAX_FILE_BYTES, "workbook")))
        except FileRefused as e:
            problems.append(refusal(printable_name(p.name), str(e)))
    if problems:
        raise LoadError(problems)
    return read_actuals_uploads(files, plan)


def read_actuals_uploads(files: Iterable[tuple[str, bytes]], plan: Plan | None = None) -> Actuals:
    """The actuals in files held in memory, each (name, bytes), as one ``Actuals``; see ``read_actuals_files``."""
    from budget.readers.workbook import printable_name

    parts: list[Actuals] = []
    problems: list[Problem] = []
    files = list(files)
    if not files:
        raise LoadError([refusal("actuals", "no file was given; give the actuals workbook")])
    for name, data in files:
        kind = kind_of(data)
        if kind is None:
            problems.append(refusal(printable_name(name), UNKNOWN))
            continue
        try:
            parts.append(kind.read(data, name=name, plan=plan))
        except LoadError as e:
            problems += e.problems
    if problems:
        raise LoadError(problems)
    return combine(parts)


def combine(parts: list[Actuals]) -> Actuals:
    """Several files' actuals for one area and year as one; LoadError naming the files that disagree."""
    first = parts[0]
    if len(parts) == 1:
        return first
    problems = []
    for p in parts[1:]:
        if p.area_code.upper() != first.area_code.upper() or p.year != first.year:
            problems.append(refusal(p.source_file, f"is for {p.area_code}, {p.year}, but {first.source_file} is for "
                                                   f"{first.area_code}, {first.year}; give one area's files for "
                                                   "one year"))
    lines, owner = [], {}
    for p in parts:
        for x in p.lines:
            key = (x.scheme_id.lower(), x.scheme_type.lower(), x.sub_type.lower(), x.source_of_funding.lower(),
                   x.locality.lower())
            if key in owner:
                problems.append(refusal(p.source_file, f"gives spend for scheme {x.scheme_id} that {owner[key]} gives "
                                                       "too; give each line's spend in one file"))
                continue
            owner[key] = p.source_file
            lines.append(x)
    months: dict[str, dict] = {}
    said: dict[tuple[str, str], tuple[float, str]] = {}
    for p in parts:
        for row in p.metrics:
            for field, value in row.model_dump(exclude={"month"}).items():
                if value is None:
                    continue
                before = said.get((row.month, field))
                if before is not None and abs(before[0] - value) > 1e-9:
                    problems.append(refusal(p.source_file, f"gives a different {field.replace('_', ' ')} for "
                                                           f"{month_label(row.month)} from {before[1]}; give it in "
                                                           "one file"))
                    continue
                said[(row.month, field)] = (value, p.source_file)
                months.setdefault(row.month, {})[field] = value
    if problems:
        raise LoadError(problems)
    metrics = tuple(MetricMonth(month=m, **v) for m, v in sorted(months.items()))
    return Actuals(area_code=first.area_code, area_name=first.area_name or next((p.area_name for p in parts), ""),
                   year=first.year, lines=tuple(lines), metrics=metrics,
                   illustrative=any(p.illustrative for p in parts),
                   source_file=", ".join(p.source_file for p in parts))
