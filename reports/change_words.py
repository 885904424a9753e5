"""A change in an outcome in words a board reads one way: '1 more admission', '2,349 fewer home-care hours saved'.

Never 'Admissions avoided −1': an outcome that counts events avoided (the register's ``Outcome.avoids``) is
said as more or fewer of the events themselves, and every other outcome as more or fewer of itself, with the
register's words for one and for many (``Outcome.one``, ``Outcome.many``). Pages, captions and slides all
phrase changes through ``change_words``; the figures themselves (``bcf run --json``) keep their signs.
"""

from __future__ import annotations

from collections.abc import Callable

from budget.money import gbp_short, whole
from scenarios.outcomes import BY_NAME, is_money

NO_CHANGE = "no change"


def _figure(outcome: str, x: float, money: Callable[[float], str]) -> str:
    return money(x) if is_money(outcome) else whole(x)


def change_words(outcome: str, x: float, money: Callable[[float], str] = gbp_short, *, noun: bool = True) -> str:
    """A signed change in `outcome` as words: '1 more admission', '£1.2m less spent', 'no change'.

    Money is written by `money` (millions from a million pounds by default), counts as whole numbers; a change
    that rounds to nothing as written is 'no change'. Without the `noun` ('4 more', '35 fewer', '£1.2m less'), for a
    tile whose title names what changes (``scenarios.outcomes.change_title``).
    """
    text = _figure(outcome, abs(x), money)
    if text in ("0", "£0"):
        return NO_CHANGE
    o = BY_NAME.get(outcome)
    up = x > 0
    if o is None or (o.money and not noun):
        return f"{text} {'more' if up else 'less'}"
    if o.money:
        return f"{text} {'more' if up else 'less'} {o.many}".rstrip()
    one, many = o.one or o.unit, o.many or o.unit
    word = "fewer" if up == o.avoids else "more"
    return f"{text} {word} {one if text == '1' else many}" if noun else f"{text} {word}"


def range_words(outcome: str, low: float, high: float, money: Callable[[float], str] = gbp_short) -> str:
    """A P10 to P90 range of changes in words: 'from 3 more admissions to 1 fewer admission'."""
    return f"from {change_words(outcome, low, money)} to {change_words(outcome, high, money)}"


def level_words(outcome: str, x: float, money: Callable[[float], str] = gbp_short) -> str:
    """A level of an outcome as a figure, except a net saving below zero: '£112.5m more spent than saved'."""
    if outcome == "net_saving_gbp" and money(x).startswith("−"):
        return f"{money(-x)} more spent than saved"
    return _figure(outcome, x, money)


def level_range_words(outcome: str, p50: float, p10: float, p90: float,
                      money: Callable[[float], str] = gbp_short) -> str:
    """A level's P50 with its P10 to P90 range in brackets; a net saving below zero throughout in words once.

    '£112,518,152 more spent than saved (£120,000,000 to £100,000,000)'; a range that crosses zero says each end.
    """
    if outcome == "net_saving_gbp" and all(money(x).startswith("−") for x in (p50, p10, p90)):
        return f"{money(-p50)} more spent than saved ({money(-p10)} to {money(-p90)})"
    low, high = level_words(outcome, p10, money), level_words(outcome, p90, money)
    return f"{level_words(outcome, p50, money)} ({low} to {high})"
