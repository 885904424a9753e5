"""How the pages write money, percentages and model outcomes in tables, metrics and captions."""

from __future__ import annotations

from budget.summary import format_gbp


def money_columns(frame, columns):
    """A copy of `frame` with `columns` written as money (budget.summary.format_gbp)."""
    out = frame.copy()
    for c in columns:
        out[c] = out[c].map(format_gbp)
    return out


def percent(value: float, digits: int = 1) -> str:
    """A share as a percentage: 0.1234 -> '12.3%'."""
    return f"{value:.{digits}%}"


def outcome_value(outcome: str, x: float) -> str:
    """An outcome's value: whole pounds for money outcomes (names ending '_gbp'), else a whole number."""
    return f"{'−' if x < 0 else ''}£{abs(x):,.0f}" if outcome.endswith("_gbp") else f"{x:,.0f}"


def outcome_short(outcome: str, x: float) -> str:
    """As outcome_value, with money of a million pounds or more in millions: '£2.5m'."""
    if outcome.endswith("_gbp"):
        sign = "−" if x < 0 else ""
        return f"{sign}£{abs(x) / 1e6:,.1f}m" if abs(x) >= 1e6 else f"{sign}£{abs(x):,.0f}"
    return f"{x:,.0f}"


def outcome_range(view, outcome: str) -> str:
    """An outcome's P50 with its P10 to P90 range in brackets."""
    s = view.stat(outcome)
    return f"{outcome_value(outcome, s['p50'])} ({outcome_value(outcome, s['p10'])} to {outcome_value(outcome, s['p90'])})"


def signed(outcome: str, x: float) -> str:
    """A change with its sign: '+106', '−£1.2m', '0'."""
    text = outcome_short(outcome, x)
    return text if x <= 0 or text.startswith("−") else "+" + text


def change_range(view, outcome: str) -> str:
    """A paired change's P50 with its P10 to P90 range and the chance it is better."""
    c = view.change(outcome)
    return (f"{signed(outcome, c['p50'])} ({signed(outcome, c['p10'])} to {signed(outcome, c['p90'])}); "
            f"better in {percent(c['probability_better'], 0)} of runs")
