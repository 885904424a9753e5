"""scenarios.sampling: the Latin hypercube with antithetic pairs, split distributions and Shapley shares."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.special import ndtr

from scenarios.sampling import Z90, draw, shapley_games, shapley_shares, standard_normal_draws
from scenarios.sourced import Interval


def interval(low, central, high, distribution="lognormal"):
    return Interval(low=low, central=central, high=high, distribution=distribution, source="test", grade="judgement")


def test_z90_is_the_standard_normal_p90():
    assert ndtr(Z90) == pytest.approx(0.9, abs=1e-14)


@pytest.mark.parametrize("runs", [2, 20, 21])
def test_run_zero_is_the_centre_and_the_halves_mirror(runs):
    z = standard_normal_draws(np.random.default_rng(3), runs, 4)
    assert z.shape == (runs, 4)
    assert np.all(z[0] == 0.0)
    half = (runs + 1) // 2
    # run half+i is the mirror of run i (run 0 was moved to the centre, so its mirror is not)
    for i in range(1, runs - half):
        assert np.array_equal(z[half + i], -z[i])


def test_one_draw_in_each_stratum_per_parameter():
    runs, half = 40, 20
    z = standard_normal_draws(np.random.default_rng(11), runs, 6)
    # the first half before run 0 was centred: strata from the second (mirror) half
    u = ndtr(-z[half:])  # probabilities of the first half's draws
    strata = np.sort(np.floor(u * half).astype(int), axis=0)
    for p in range(6):
        assert list(strata[:, p]) == list(range(half))


def test_same_seed_same_draws_other_seed_other_draws():
    a = standard_normal_draws(np.random.default_rng(7), 20, 3)
    b = standard_normal_draws(np.random.default_rng(7), 20, 3)
    c = standard_normal_draws(np.random.default_rng(8), 20, 3)
    assert np.array_equal(a, b)
    assert not np.array_equal(a, c)


def test_draw_at_zero_is_the_central_value_exactly():
    ivs = [interval(0.7, 0.85, 0.97), interval(10.0, 20.0, 50.0, "normal"), interval(3.0, 3.0, 3.0, "fixed")]
    out = draw(np.zeros((1, 3)), ivs)
    assert out[0].tolist() == [0.85, 20.0, 3.0]


def test_draw_at_plus_and_minus_z90_gives_p90_and_p10():
    ivs = [interval(0.7, 0.85, 0.97), interval(10.0, 20.0, 50.0, "normal")]
    out = draw(np.array([[Z90, Z90], [-Z90, -Z90]]), ivs)
    assert out[0] == pytest.approx([0.97, 50.0], rel=1e-12)
    assert out[1] == pytest.approx([0.7, 10.0], rel=1e-12)


def test_split_lognormal_by_hand():
    # log scale: centre log 2, upper sd (log 8 - log 2) / Z90 = log 4 / Z90; z = Z90 / 2 gives 2 x 4^0.5 = 4
    out = draw(np.array([[Z90 / 2], [-Z90 / 2]]), [interval(0.5, 2.0, 8.0)])
    assert out[0, 0] == pytest.approx(4.0)
    assert out[1, 0] == pytest.approx(1.0)  # 2 / 4^0.5


def test_fixed_ignores_the_draw():
    out = draw(np.array([[-3.0], [0.5], [4.0]]), [interval(1.0, 1.0, 1.0, "fixed")])
    assert out[:, 0].tolist() == [1.0, 1.0, 1.0]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(-4, 4), min_size=2, max_size=10))
def test_draw_is_monotone_in_z(zs):
    z = np.sort(np.array(zs))[:, None]
    out = draw(np.repeat(z, 2, axis=1), [interval(0.6, 0.9, 1.1), interval(-5.0, 1.0, 2.0, "normal")])
    assert np.all(np.diff(out, axis=0) >= 0)


def brute_force_shapley(s):
    """Shapley values of v(S) = 1 - prod over S of (1 - s), from every ordering."""
    n = len(s)

    def v(members):
        return 1.0 - math.prod(1.0 - s[i] for i in members)

    phi = [0.0] * n
    perms = list(itertools.permutations(range(n)))
    for order in perms:
        before = []
        for i in order:
            phi[i] += v(before + [i]) - v(before)
            before.append(i)
    return [p / len(perms) for p in phi]


@pytest.mark.parametrize("n", [2, 3, 4])
@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_shapley_shares_match_brute_force(n, data):
    s = data.draw(st.lists(st.floats(-2.0, 1.0), min_size=n, max_size=n))
    got = shapley_shares(np.array(s), axis=0)
    assert got == pytest.approx(brute_force_shapley(s), rel=1e-9, abs=1e-12)


def test_two_players_by_hand():
    # v({1,2}) = 1 - 0.5 x 0.8 = 0.6; phi_1 = (0.5 + (0.6 - 0.2)) / 2 = 0.45, phi_2 = (0.2 + (0.6 - 0.5)) / 2 = 0.15
    assert shapley_shares(np.array([0.5, 0.2]), axis=0) == pytest.approx([0.45, 0.15])


@settings(max_examples=40, deadline=None)
# subnormal shares are left out: 5e-324 times any factor below one underflows to zero, so no arithmetic keeps its sign
@given(st.lists(st.floats(-1.0, 1.0, allow_subnormal=False), min_size=1, max_size=9))
def test_shapley_shares_add_up_to_the_combined_effect(s):
    a = np.array(s)
    got = shapley_shares(a, axis=0)
    assert got.sum() == pytest.approx(1.0 - np.prod(1.0 - a), abs=1e-10)
    assert np.all(np.sign(got) == np.sign(a))


def test_one_player_keeps_its_share_and_a_copy_is_returned():
    a = np.array([0.3])
    got = shapley_shares(a, axis=0)
    assert got.tolist() == [0.3]
    got[0] = 9.0
    assert a[0] == 0.3


def test_shapley_shares_along_another_axis():
    a = np.array([[0.5, 0.2], [0.1, 0.4], [0.3, 0.3]])  # players along axis 1
    got = shapley_shares(a, axis=1)
    for row, g in zip(a, got, strict=True):
        assert g == pytest.approx(brute_force_shapley(list(row)))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(1, 6), min_size=1, max_size=5), st.integers(0, 2**32 - 1))
def test_games_side_by_side_give_each_games_own_shapley_values_bit_for_bit(players, seed):
    """shapley_games works games needing the same quadrature together; each game's values are still exactly
    those of shapley_shares on that game alone, along any axis and written over the shares themselves."""
    rng = np.random.default_rng(seed)
    share = rng.uniform(-0.5, 1.0, size=(3, sum(players), 4))
    share[rng.random(share.shape) < 0.1] = 1.0  # a lever that takes the whole pool
    expected = []
    at = 0
    for n in players:
        expected.append(shapley_shares(share[:, at:at + n], axis=1))
        at += n
    expected = np.concatenate(expected, axis=1)
    assert np.array_equal(shapley_games(share, players, axis=1), expected)
    moved = np.ascontiguousarray(np.moveaxis(share, 1, 0))
    assert np.array_equal(shapley_games(moved, players, axis=0, out=moved), np.moveaxis(expected, 1, 0))


def test_games_side_by_side_add_up_to_each_games_combined_effect():
    share = np.array([0.5, 0.2, 0.3, 0.1, 0.4, 0.25])  # games of 1, 2 and 3 players
    got = shapley_games(share, (1, 2, 3), axis=0)
    assert got[0] == 0.5
    assert got[1:3] == pytest.approx(brute_force_shapley([0.2, 0.3]))
    assert got[3:].sum() == pytest.approx(1.0 - 0.9 * 0.6 * 0.75)


def test_the_shipped_gauss_legendre_table_is_numpys_to_the_last_bit():
    from scenarios.sampling import _GAUSS_LEGENDRE, _legendre, _quadrature

    assert sorted(_GAUSS_LEGENDRE) == list(range(1, 9))
    for k in range(1, 12):
        assert _quadrature(k) == _legendre(k)  # from the table up to 8 nodes, from NumPy beyond
        nodes, weights = _quadrature(k)
        assert len(nodes) == len(weights) == k and abs(sum(weights) - 1.0) < 1e-14
