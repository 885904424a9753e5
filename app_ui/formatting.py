"""How the pages write money, percentages and model outcomes in tables, metrics and captions."""

from __future__ import annotations

from budget.money import MISSING, gbp, gbp_short, whole
from reports.change_words import change_words, level_range_words, range_words
from scenarios.outcomes import is_money


def money_columns(frame, columns):
    """A copy of `frame` with `columns` written as money (budget.money.gbp)."""
    out = frame.copy()
    for c in columns:
        out[c] = out[c].map(gbp)
    return out


def change_rows(before: dict[str, float], after: dict[str, float], what: str,
                labels: dict[str, str] | None = None) -> list[dict[str, str]]:
    """Rows for a table of spend before and after a scenario's changes.

    One row per key of `after` (named through `labels` where given) and a total: the amounts as money,
    a dash where nothing changed.
    """
    labels = labels or {}
    pairs = [(labels.get(k, k), before.get(k, 0.0), a) for k, a in after.items()]
    pairs.append(("Total", sum(before.values()), sum(after.values())))
    return [{what: name, "Before the changes": gbp(b), "Change": gbp(a - b) if round(a - b) else MISSING,
             "After the changes": gbp(a)} for name, b, a in pairs]


def percent(value: float, digits: int = 1) -> str:
    """A share as a percentage: 0.1234 -> '12.3%'."""
    return f"{value:.{digits}%}"


def outcome_value(outcome: str, x: float) -> str:
    """An outcome's value: whole pounds for money outcomes (the register's ``is_money``), else a whole number."""
    return gbp(x) if is_money(outcome) else whole(x)


def outcome_short(outcome: str, x: float) -> str:
    """As outcome_value, with money of a million pounds or more in millions: '£2.5m'."""
    return gbp_short(x) if is_money(outcome) else whole(x)


def outcome_range(view, outcome: str) -> str:
    """An outcome's P50 with its P10 to P90 range in brackets (a net saving below zero in words)."""
    s = view.stat(outcome)
    return level_range_words(outcome, s["p50"], s["p10"], s["p90"], gbp)


def signed(outcome: str, x: float) -> str:
    """A change with its sign: '+106', '−£1.2m', '0'."""
    text = outcome_short(outcome, x)
    return text if x <= 0 or text.startswith("−") else "+" + text


def negligible(outcome: str, change) -> bool:
    """A paired change whose P10 and P90 both round to nothing as shown."""
    return outcome_short(outcome, change["p10"]) in ("0", "£0") and outcome_short(outcome, change["p90"]) in ("0", "£0")


def change_caption(outcome: str, c) -> str:
    """The caption under a paired change: its range and the chance it is better, or that it barely moves."""
    if negligible(outcome, c):
        return "No change to speak of in any run."
    return (f"P10 to P90: {range_words(outcome, c['p10'], c['p90'])}; "
            f"better in {percent(c['probability_better'], 0)} of runs")


def change_text(outcome: str, c) -> str:
    """A paired change's P50 in words with its P10 to P90 range and the chance it is better.

    `c` is anything read by key: p10, p50, p90 and probability_better.
    """
    return (f"{change_words(outcome, c['p50'])} ({range_words(outcome, c['p10'], c['p90'])}); "
            f"better in {percent(c['probability_better'], 0)} of runs")


def value_text(c, better: str = "pays back") -> str:
    """What changes are worth (``summary.value_of_changes``), in words.

    'P50 −£119,054 (P10 −£310,000 to P90 £52,000); pays back in 38% of runs': `better` says what its
    ``probability_better`` counts.
    """
    return (f"P50 {gbp_short(c.p50)} (P10 {gbp_short(c.p10)} to P90 {gbp_short(c.p90)}); "
            f"{better} in {percent(c.probability_better, 0)} of runs")


def change_range(view, outcome: str) -> str:
    """A paired change's P50 in words with its P10 to P90 range and the chance it is better."""
    return change_text(outcome, view.change(outcome))
