"""The standard normal quantile function (the inverse of its cumulative distribution), in NumPy alone.

Stephen Moshier's Cephes `ndtri` rational approximations (relative error below 1e-15 over the whole range),
so `bcf run` need not import SciPy's special functions to draw its samples.
"""

from __future__ import annotations

import numpy as np

_S2PI = 2.50662827463100050242  # sqrt(2 pi)
_EXP_M2 = 0.13533528323661269189  # exp(-2)

# |p - 0.5| <= 0.5 - exp(-2): x / sqrt(2 pi) = w + w^3 P0(w^2) / Q0(w^2), w = p - 0.5
_P0 = (-5.99633501014107895267e1, 9.80010754185999661536e1, -5.66762857469070293439e1, 1.39312609387279679503e1,
       -1.23916583867381258016e0)
_Q0 = (1.95448858338141759834e0, 4.67627912898881538453e0, 8.63602421390890590575e1, -2.25462687854119370527e2,
       2.00260212380060660359e2, -8.20372256168333339912e1, 1.59056225126211695515e1, -1.18331621121330003142e0)
# tails, z = sqrt(-2 log p) from 2 to 8 (p from exp(-2) down to exp(-32)): x = z - log(z) / z - P1(1/z) / (z Q1(1/z))
_P1 = (4.05544892305962419923e0, 3.15251094599893866154e1, 5.71628192246421288162e1, 4.40805073893200834700e1,
       1.46849561928858024014e1, 2.18663306850790267539e0, -1.40256079171354495875e-1, -3.50424626827848203418e-2,
       -8.57456785154685413611e-4)
_Q1 = (1.57799883256466749731e1, 4.53907635128879210584e1, 4.13172038254672030440e1, 1.50425385692907503408e1,
       2.50464946208309415979e0, -1.42182922854787788574e-1, -3.80806407691578277194e-2, -9.33259480895457427372e-4)
# z from 8 to 64 (p from exp(-32) down to the smallest double)
_P2 = (3.23774891776946035970e0, 6.91522889068984211695e0, 3.93881025292474443415e0, 1.33303460815807542389e0,
       2.01485389549179081538e-1, 1.23716634817820021358e-2, 3.01581553508235416007e-4, 2.65806974686737550832e-6,
       6.23974539184983293730e-9)
_Q2 = (6.02427039364742014255e0, 3.67983563856160859403e0, 1.37702099489081330271e0, 2.16236993594496635890e-1,
       1.34204006088543189037e-2, 3.28014464682127739104e-4, 2.89247864745380683936e-6, 6.79019408009981274425e-9)


def _horner(x: np.ndarray, coefficients: tuple[float, ...], leading_one: bool = False) -> np.ndarray:
    """The polynomial with `coefficients` (highest power first) at x; an implicit leading 1 when `leading_one`."""
    if leading_one:
        out = x + coefficients[0]
    else:
        out = np.full_like(x, coefficients[0])
    for c in coefficients[1:]:
        out = out * x + c
    return out


def ndtri(p) -> np.ndarray:
    """The x with P(Z <= x) = p for a standard normal Z, element by element.

    0 gives minus infinity and 1 infinity; outside [0, 1], and NaN, give NaN.
    """
    p = np.asarray(p, dtype=float)
    out = np.full(p.shape, np.nan)
    out[p == 0.0] = -np.inf
    out[p == 1.0] = np.inf
    inside = (p > 0.0) & (p < 1.0)
    upper = inside & (p > 1.0 - _EXP_M2)
    y = np.where(upper, 1.0 - p, p)  # the smaller tail; 1 - p is exact there
    middle = inside & (y > _EXP_M2)
    tail = inside & ~middle

    w = y[middle] - 0.5
    w2 = w * w
    out[middle] = (w + w * (w2 * _horner(w2, _P0) / _horner(w2, _Q0, leading_one=True))) * _S2PI

    z = np.sqrt(-2.0 * np.log(y[tail]))
    x0 = z - np.log(z) / z
    r = 1.0 / z
    near = z < 8.0
    x1 = np.where(near, r * _horner(r, _P1) / _horner(r, _Q1, leading_one=True),
                  r * _horner(r, _P2) / _horner(r, _Q2, leading_one=True))
    out[tail] = np.where(upper[tail], x0 - x1, x1 - x0)
    return out
