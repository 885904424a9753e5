"""P10, P50, P90, mean and the central run of a figure, against percentiles worked out by hand."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from scenarios.stats import PERCENTILES, Band, Stat, band, percentiles, stat


def test_a_figure_over_five_runs_worked_by_hand():
    # sorted 10, 20, 30, 40, 50: P10 lies 0.4 of the way from the 1st to the 2nd value, P90 0.6 from the 4th to the 5th
    s = stat(np.array([50.0, 10.0, 20.0, 30.0, 40.0]))
    assert s == Stat(p10=14.0, p50=30.0, p90=46.0, mean=30.0, central=50.0)
    assert [s[k] for k in ("p10", "p50", "p90", "mean", "central")] == [14.0, 30.0, 46.0, 30.0, 50.0]


def test_the_central_run_is_run_zero_not_the_median():
    s = stat(np.array([-7.0, 1.0, 2.0, 3.0]))
    assert s.central == -7.0
    assert s.p50 == 1.5


def test_one_run_gives_every_statistic_its_value():
    assert stat(np.array([3.25])) == Stat(3.25, 3.25, 3.25, 3.25, 3.25)


def test_statistics_are_plain_floats():
    s = stat(np.arange(11, dtype=np.int64))
    assert all(type(v) is float for v in (s.p10, s.p50, s.p90, s.mean, s.central))
    assert (s.p10, s.p50, s.p90) == (1.0, 5.0, 9.0)


def test_a_band_by_year_worked_by_hand():
    x = np.array([[5.0, 100.0], [1.0, 200.0], [2.0, 300.0], [3.0, 400.0], [4.0, 500.0]])  # (run, year)
    b = band(x)
    # year 1: sorted 1..5 -> P10 1.4, P50 3, P90 4.6; year 2: 100..500 -> 140, 300, 460
    assert b.p10 == pytest.approx((1.4, 140.0))
    assert b.p50 == pytest.approx((3.0, 300.0))
    assert b.p90 == pytest.approx((4.6, 460.0))
    assert b.central == (5.0, 100.0)
    assert b["p90"] == b.p90
    assert isinstance(b, Band)


finite = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False)


@given(arrays(np.float64, st.integers(1, 200), elements=finite))
def test_a_statistic_is_ordered_and_within_the_runs(samples):
    s = stat(samples)
    slack = 1e-6 * (1 + np.abs(samples).max())
    assert samples.min() - slack <= s.p10 <= s.p50 + slack
    assert s.p50 <= s.p90 + slack <= samples.max() + 2 * slack
    assert samples.min() - slack <= s.mean <= samples.max() + slack
    assert s.central == samples[0]
    assert (s.p10, s.p50, s.p90) == tuple(np.percentile(samples, PERCENTILES))


@given(arrays(np.float64, st.tuples(st.integers(1, 40), st.integers(1, 6)), elements=finite))
def test_a_band_is_the_statistic_of_each_year(x):
    b = band(x)
    for year in range(x.shape[1]):
        s = stat(x[:, year])
        assert (b.p10[year], b.p50[year], b.p90[year], b.central[year]) == pytest.approx(
            (s.p10, s.p50, s.p90, s.central), rel=1e-12, abs=1e-9)


def _same_bits(a: np.ndarray, b: np.ndarray) -> bool:
    """The same shape and type, not a number in the same places and every other figure the same bits (a NaN's own
    bits, which NumPy does not promise to keep through a sort, aside)."""
    if a.shape != b.shape or a.dtype != b.dtype or not np.array_equal(np.isnan(a), np.isnan(b)):
        return False
    return a[~np.isnan(a)].tobytes() == b[~np.isnan(b)].tobytes()


any_float = st.floats(allow_nan=True, allow_infinity=True, width=64)


@given(arrays(np.float64, st.tuples(st.integers(1, 300), st.integers(1, 4), st.integers(1, 3)),
              elements=st.one_of(finite, any_float, st.sampled_from([0.0, -0.0, 1.0]))))
def test_percentiles_are_numpys_to_the_last_bit_whatever_the_runs_hold(x):
    # NaN, infinities, ties, signed zeros and any number of runs: the same bits as NumPy's own percentile
    for a in (x, x[:, 0, 0], x[:, :, 0]):
        with np.errstate(invalid="ignore"):  # infinity less infinity, in both
            assert _same_bits(percentiles(a), np.percentile(a, PERCENTILES, axis=0))


@given(arrays(np.int64, st.tuples(st.integers(1, 60), st.integers(1, 3)), elements=st.integers(-10**6, 10**6)))
def test_percentiles_of_whole_numbers_are_numpys_too(x):
    assert _same_bits(percentiles(x), np.percentile(x, PERCENTILES, axis=0))


def test_percentiles_do_not_change_the_runs_given():
    x = np.array([3.0, 1.0, 2.0])
    percentiles(x)
    assert x.tolist() == [3.0, 1.0, 2.0]


@given(arrays(np.float64, st.tuples(st.integers(1, 300), st.integers(1, 12)), elements=finite))
def test_stats_of_many_columns_are_numpys_for_each_column_to_the_last_bit(x):
    from scenarios.stats import stat, stats

    together = stats(x)
    assert len(together) == x.shape[1]
    for i, s in enumerate(together):
        column = np.ascontiguousarray(x[:, i])
        p10, p50, p90 = np.percentile(column, PERCENTILES)
        expected = (p10, p50, p90, column.mean(), column[0])
        got = (s.p10, s.p50, s.p90, s.mean, s.central)
        assert [np.float64(v).tobytes() for v in got] == [np.float64(v).tobytes() for v in expected]
        assert stat(column) == s
