"""budget.readers.periods: months and periods as national files write them."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from budget.readers.periods import month_after, months_between, names_quarter, period_months


@pytest.mark.parametrize(("written", "expected"), [
    (dt.date(2025, 4, 1), ["2025-04"]),
    (dt.datetime(2025, 11, 30, 0, 0), ["2025-11"]),
    ("April 2025", ["2025-04"]),
    ("Sept 2025", ["2025-09"]),
    ("Oct-24", ["2024-10"]),
    ("01/04/2025 - 30/04/2025", ["2025-04", "2025-04"]),
    ("2025-09-30", ["2025-09"]),
    ("October 2024 to September 2025", ["2024-10", "2025-09"]),
    ("12 months to September 2025", ["2025-09"]),
    ("Q2 2025-26", ["2025-07", "2025-08", "2025-09"]),
    ("2025/26 Q4", ["2026-01", "2026-02", "2026-03"]),
    ("2024-25", ["2024-04", "2025-03"]),
    ("Total", []),
    (None, []),
    (45_200, []),
])
def test_every_month_a_cell_names_is_found_in_the_order_written(written, expected):
    assert period_months(written) == expected


@given(st.integers(2000, 2098), st.integers(1, 12), st.integers(-240, 240))
def test_month_after_and_months_between_agree(year, month, n):
    start = f"{year}-{month:02d}"
    later = month_after(start, n)
    assert months_between(*sorted((start, later))) == abs(n) + 1
    assert month_after(later, -n) == start


def test_a_quarter_of_a_financial_year_is_told_from_a_run_of_months():
    assert [names_quarter(x) for x in ("Q2 2025-26", "2025/26 q4", "Jul 2025 - Sep 2025", "Q2", None)] == [
        True, True, False, False, False]
