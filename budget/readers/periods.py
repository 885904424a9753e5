"""Months and periods as national files write them: 'April 2025', 'Oct-24', 01/04/2025, 'Q2 2025-26', '2024-25'.

``period_months`` finds every month a cell names, in the order written, so a caller can say whether a cell names
one month (a monthly file's period), or twelve months ending with the last one (a rolling year). A quarter of a
financial year names its three months (``names_quarter`` says so: a rolling year's quarter names the 12 months to
its end); a financial year on its own names April and March.
"""

from __future__ import annotations

import datetime as dt
import re

from budget.actuals import MONTH_NAMES

_NAMES = "|".join(n.lower() for n in MONTH_NAMES)
_MONTH_WORD = re.compile(rf"\b({_NAMES})[a-z]*\.?[\s\-/]*(20\d\d|\d\d)(?!\d)")
_ISO = re.compile(r"\b(20\d\d)-(\d\d)(?:-(\d\d))?\b")
_DAY_FIRST = re.compile(r"\b(\d{1,2})/(\d{1,2})/(20\d\d)\b")
_YEAR = re.compile(r"\b(20\d\d)\s*(?:-|/|to)\s*(?:20)?(\d\d)\b")
_QUARTER = re.compile(r"\bq([1-4])\b")


def month_after(month: str, n: int = 1) -> str:
    """The month n months after another ('2025-04', 11 -> '2026-03'); before it for a negative n."""
    k = int(month[:4]) * 12 + int(month[5:]) - 1 + n
    return f"{k // 12}-{k % 12 + 1:02d}"


def months_between(first: str, last: str) -> int:
    """How many months run from `first` to `last`, both counted: ('2024-10', '2025-09') -> 12."""
    return (int(last[:4]) - int(first[:4])) * 12 + int(last[5:]) - int(first[5:]) + 1


def _financial_years(text: str) -> list[int]:
    return [int(m.group(1)) for m in _YEAR.finditer(text) if (int(m.group(1)) + 1) % 100 == int(m.group(2))]


def names_quarter(value: object) -> bool:
    """True when a cell names a quarter of a financial year ('Q2 2025-26')."""
    text = str(value).lower() if isinstance(value, str) else ""
    return bool(_QUARTER.search(text)) and len(_financial_years(text)) == 1


def period_months(value: object) -> list[str]:
    """Every month a cell names, as 'YYYY-MM', in the order written; [] when it names none."""
    if isinstance(value, dt.datetime | dt.date):
        return [f"{value.year}-{value.month:02d}"]
    if value is None or isinstance(value, bool | int | float):
        return []
    text = " ".join(str(value).lower().replace("sept", "sep").split())[:200]
    quarter, years = _QUARTER.search(text), _financial_years(text)
    if quarter and len(years) == 1:
        end = month_after(f"{years[0]}-03", 3 * int(quarter.group(1)))
        return [month_after(end, -2), month_after(end, -1), end]
    found: list[tuple[int, str]] = []
    for m in _MONTH_WORD.finditer(text):
        year = m.group(2) if len(m.group(2)) == 4 else f"20{m.group(2)}"
        found.append((m.start(), f"{year}-{[n.lower() for n in MONTH_NAMES].index(m.group(1)) + 1:02d}"))
    for m in _ISO.finditer(text):
        if 1 <= int(m.group(2)) <= 12 and (int(m.group(1)) + 1) % 100 != int(m.group(2)):
            found.append((m.start(), f"{m.group(1)}-{m.group(2)}"))
    for m in _DAY_FIRST.finditer(text):
        if 1 <= int(m.group(2)) <= 12:
            found.append((m.start(), f"{m.group(3)}-{int(m.group(2)):02d}"))
    if found:
        return [month for _, month in sorted(found)]
    if len(years) == 1:
        return [f"{years[0]}-04", f"{years[0] + 1}-03"]
    return []
