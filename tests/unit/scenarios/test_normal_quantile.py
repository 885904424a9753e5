"""The NumPy standard normal quantile against SciPy's (which `bcf run` no longer imports) and against its own
defining property, over a dense grid that reaches both tails."""

import math

import numpy as np
import pytest
from scipy.special import ndtr
from scipy.special import ndtri as scipy_ndtri

from scenarios.normal_quantile import ndtri


def _grid() -> np.ndarray:
    lower = np.logspace(-300, math.log10(0.5), 100_001)  # the lower tail down to 1e-300
    upper = 1.0 - np.logspace(-16, math.log10(0.5), 100_001)  # the upper tail up to 1 - 1e-16
    middle = np.linspace(0.0, 1.0, 200_001)[1:-1]
    return np.concatenate([lower, upper, middle, [5e-324, 2.2250738585072014e-308, 0.5, np.nextafter(1.0, 0.0)]])


def test_matches_scipy_to_a_few_units_in_the_last_place_over_the_whole_range():
    p = _grid()
    got, want = ndtri(p), scipy_ndtri(p)
    assert np.isfinite(got).all()
    nonzero = want != 0.0
    rel = np.abs(got[nonzero] - want[nonzero]) / np.abs(want[nonzero])
    assert rel.max() <= 1e-15
    assert (got[~nonzero] == 0.0).all()


def test_inverts_the_normal_distribution_function():
    p = np.linspace(1e-6, 1 - 1e-6, 10_001)
    np.testing.assert_allclose(ndtr(ndtri(p)), p, rtol=1e-13, atol=0)
    tail = np.logspace(-300, -6, 1_001)
    np.testing.assert_allclose(ndtr(ndtri(tail)), tail, rtol=1e-12, atol=0)


def test_is_odd_about_one_half_and_increasing():
    q = 1.0 - np.linspace(0.001, 0.499, 4_999)  # 1 - q is exact for q in [0.5, 1]
    np.testing.assert_allclose(ndtri(q), -ndtri(1.0 - q), rtol=1e-14, atol=0)
    z = ndtri(np.sort(_grid()))
    assert (np.diff(z) >= 0).all()


@pytest.mark.parametrize("p,want", [(0.0, -np.inf), (1.0, np.inf), (0.5, 0.0), (0.9, 1.2815515655446004),
                                    (0.975, 1.959963984540054)])
def test_known_values_and_the_ends(p, want):
    assert float(ndtri(p)) == pytest.approx(want, rel=1e-15, abs=0)


def test_outside_zero_to_one_and_nan_give_nan_and_the_shape_is_kept():
    got = ndtri(np.array([[-0.1, 1.1], [np.nan, 0.25]]))
    assert got.shape == (2, 2)
    assert np.isnan(got[0]).all() and np.isnan(got[1, 0])
    assert got[1, 1] == pytest.approx(scipy_ndtri(0.25), rel=1e-15)
    assert ndtri(0.3).shape == ()
