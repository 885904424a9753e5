"""Cell values as people type them: '£1,234.50', '(1,234)', 'NA', '-', '[x]', '50%'."""

from __future__ import annotations

import datetime as dt
import math
import re
from functools import lru_cache

from budget.models import AMOUNT_EXPECTED, MAX_GBP, amount_too_large, negative_amount

BLANK_MARKERS = {"", "na", "n/a", "n a", "-", "–", "—", "[x]", "[c]", "[z]", "..", "x", "none", "nil", "null", "tbc",
                 "#n/a"}
_NUMBER = re.compile(r"^\(?-?\d+(\.\d+)?\)?$")
_SCALE = {"k": 1e3, "m": 1e6, "bn": 1e9}


class ValueProblem(ValueError):
    """A value that cannot be read; the message says what was found and what was expected."""


@lru_cache(maxsize=65_536)
def _blank_text(value: str) -> bool:
    return value.strip().lower() in BLANK_MARKERS


def is_blank(value: object) -> bool:
    """True for no value: None, NaN, or text that is a blank marker ('', 'n/a', '-', 'tbc' ...)."""
    if value is None:
        return True
    kind = type(value)
    if kind is str:
        return _blank_text(value)
    if kind is int:
        return False
    if isinstance(value, float) and math.isnan(value):
        return True
    if isinstance(value, str):
        return _blank_text(str(value))
    return False


def text(value: object) -> str:
    """Cell as clean text: numbers without a trailing '.0', whitespace collapsed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value)) if abs(value) < 1e15 else f"{value:g}"  # not 309 digits for 1e308
    return " ".join(str(value).split())


def _describe(value: object) -> str:
    s = text(value)
    return f"'{s[:60]}…'" if len(s) > 60 else f"'{s}'"


def number(value: object, what: str = "a number") -> float | None:
    """A plain number or None for a blank; '1,234', '(12)', '£5', '1.2m' accepted."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise ValueProblem(f"found {value!r}, expected {what}")
    if isinstance(value, (int, float)):
        x = float(value)
        if not math.isfinite(x):
            raise ValueProblem(f"found {value!r}, expected {what}")
        return x
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        raise ValueProblem(f"found a date ({value}), expected {what}")
    s = str(value).strip().lower().replace("£", "").replace(",", "").replace(" ", "").replace("\u00a0", "")
    scale = 1.0
    for suffix, factor in _SCALE.items():
        if s.endswith(suffix) and _NUMBER.match(s[: -len(suffix)] or "x"):
            s, scale = s[: -len(suffix)], factor
            break
    if not _NUMBER.match(s):
        raise ValueProblem(f"found text {_describe(value)}, expected {what}")
    negative = s.startswith("(") and s.endswith(")")
    x = float(s.strip("()"))
    return (-x if negative else x) * scale


def money(value: object) -> float | None:
    """Pounds, rounded to the penny; negative and absurd amounts refused."""
    x = number(value, AMOUNT_EXPECTED)
    if x is None:
        return None
    if x < 0:
        raise ValueProblem(negative_amount(text(value)))
    if x > MAX_GBP:
        raise ValueProblem(amount_too_large(x))
    return round(x, 2)


def percent(value: object) -> float | None:
    """'50%', 50, 0.5 -> 50.0 (a fraction of at most 1 is read as a share)."""
    if isinstance(value, str) and value.strip().endswith("%"):
        x = number(value.strip()[:-1], "a percentage such as 60%")
        return x
    x = number(value, "a percentage such as 60%")
    if x is None:
        return None
    if 0 <= x <= 1:  # Excel stores 60% as 0.6
        return round(x * 100, 6)
    return x
