"""How money is written everywhere: pages, tables, rule messages, the command line and the board pack.

Pounds sterling with thousands separators and the sign first, written with the minus sign '−'
(U+2212), never a hyphen: −£1,234. A missing value is an en dash '–'.
"""

from __future__ import annotations

import math

MINUS = "−"
MISSING = "–"


def _sign(x: float) -> str:
    return MINUS if x < 0 and round(abs(x), 2) > 0 else ""


def _missing(x: object) -> bool:
    if x is None:
        return True
    try:
        return math.isnan(float(x))
    except (TypeError, ValueError):
        return True


def gbp(x: float | None, pence: bool = False) -> str:
    """Whole pounds, or pounds and pence: 1234.5 -> '£1,235' ('£1,234.50' with pence); −£12 below zero."""
    if _missing(x):
        return MISSING
    x = float(x)
    if pence:
        return f"{_sign(x)}£{abs(x):,.2f}"
    return f"{MINUS if round(x) < 0 else ''}£{abs(x):,.0f}"


def gbp_pence(x: float | None) -> str:
    """Pounds and pence: '£1,234.50'."""
    return gbp(x, pence=True)


def gbp_millions(x: float, places: int = 1) -> str:
    """Millions of pounds: 2_500_000 -> '£2.5m', −500_000 -> '−£0.5m'."""
    if _missing(x):
        return MISSING
    m = float(x) / 1e6
    return f"{MINUS if round(m, places) < 0 else ''}£{abs(m):,.{places}f}m"


def gbp_short(x: float | None, places: int = 1) -> str:
    """Money of a million pounds or more in millions ('£2.5m', '−£12.0m'), less in whole pounds."""
    if _missing(x):
        return MISSING
    x = float(x)
    return gbp_millions(x, places) if abs(x) >= 1e6 else gbp(x)


def gbp_price(x: float) -> str:
    """A unit cost: pence only where there are any ('£2,711', '£28.53')."""
    text = gbp(x, pence=True)
    return text[:-3] if text.endswith(".00") else text


def number(x: float, digits: int = 0) -> str:
    """A figure as people read it, with the same minus sign as money: −1,234.5."""
    text = f"{abs(x):,.{digits}f}"
    return (MINUS + text) if x < 0 and text.strip("0.,") else text


def whole(x: float) -> str:
    """A count as people read it: −1,234."""
    return number(x, 0)


def counted(n: int, one: str, many: str | None = None) -> str:
    """A count with its noun, singular or plural: '1 line', '3 lines', '2 districts' ('many' where not one + 's')."""
    return f"{whole(n)} {one if n == 1 else many or one + 's'}"


def verb(n: int, one: str, many: str) -> str:
    """The word that agrees with a count: 'has' for one, 'have' for more (verb(n, 'has', 'have'))."""
    return one if n == 1 else many
