"""scenarios.sourced: sourced figures, 80% intervals (95% narrowed), effects for a share of a cohort, unit costs."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from scipy.special import ndtr

from scenarios.sourced import (
    GRADE_LABELS,
    Z80,
    Z95,
    CostInterval,
    Effect,
    Interval,
    Sourced,
    Uplift,
    declared_text,
    to_80_percent,
)

SRC = {"source": "A study", "grade": "matched_control"}


def test_the_z_values():
    assert ndtr(Z80) == pytest.approx(0.90, abs=1e-14)
    assert ndtr(Z95) == pytest.approx(0.975, abs=1e-14)


def test_every_grade_has_a_label():
    assert set(GRADE_LABELS) == {"trial_or_meta_analysis", "matched_control", "uncontrolled_pilot", "judgement",
                                 "published_statistic"}


def test_a_figure_needs_a_source_and_a_known_grade_and_no_unknown_keys():
    with pytest.raises(ValidationError):
        Sourced(value=1.0, grade="judgement")
    with pytest.raises(ValidationError):
        Sourced(value=1.0, source="x", grade="hunch")
    with pytest.raises(ValidationError):
        Sourced(value=1.0, source="x", grade="judgement", colour="red")
    with pytest.raises(ValidationError):
        Sourced(value=1.0, source="", grade="judgement")


def test_a_normal_95_interval_is_narrowed_by_hand():
    # half-widths 2 and 4 scaled by 1.2816 / 1.9600 = 0.653865
    lo, hi = to_80_percent(8.0, 10.0, 14.0, "normal")
    assert lo == pytest.approx(10 - 2 * 0.653865, abs=1e-5) and hi == pytest.approx(10 + 4 * 0.653865, abs=1e-5)


def test_a_lognormal_95_interval_is_narrowed_on_the_log_scale():
    lo, hi = to_80_percent(0.5, 1.0, 2.0, "lognormal")
    assert lo == pytest.approx(2 ** -(Z80 / Z95)) and hi == pytest.approx(2 ** (Z80 / Z95))
    assert to_80_percent(1.0, 2.0, 3.0, "fixed") == (1.0, 3.0)


def test_an_interval_given_at_95_percent_keeps_what_was_declared():
    i = Interval(low=0.5, central=1.0, high=2.0, interval=95, **SRC)
    assert i.interval == 80 and i.low == pytest.approx(2 ** -(Z80 / Z95))
    assert (i.declared.low, i.declared.central, i.declared.high, i.declared.interval) == (0.5, 1.0, 2.0, 95)
    assert declared_text(i) == "1 (0.5 to 2), 95% interval"
    assert declared_text(Interval(low=0.5, central=1.0, high=2.0, **SRC)) == ""


@settings(max_examples=60, deadline=None)
@given(st.floats(0.01, 10), st.floats(1.0, 5.0), st.floats(1.0, 5.0))
def test_narrowing_keeps_the_order_and_stays_inside(c, down, up):
    lo, hi = c / down, c * up
    n_lo, n_hi = to_80_percent(lo, c, hi, "lognormal")
    eps = 1e-12 * (1 + hi)
    assert lo - eps <= n_lo <= c + eps and c - eps <= n_hi <= hi + eps


def test_an_interval_out_of_order_is_refused():
    with pytest.raises(ValidationError, match="interval must have low <= central <= high, got 2.0, 1.0, 3.0"):
        Interval(low=2, central=1, high=3, **SRC)
    with pytest.raises(ValidationError, match="a lognormal interval needs positive values, got low = 0.0"):
        Interval(low=0, central=1, high=3, **SRC)
    Interval(low=-1, central=0, high=3, distribution="normal", **SRC)  # a normal may cross zero


def test_an_effect_for_a_share_of_the_people_served():
    # rate ratio 0.69 (0.56 to 0.87) for 20% of the people: 1 - 0.2 x (1 - rr)
    e = Effect(low=0.56, central=0.69, high=0.87, cohort_share=0.2, **SRC)
    assert (e.low, e.central, e.high) == pytest.approx((0.912, 0.938, 0.974))
    assert e.cohort_share is None
    assert declared_text(e) == "0.69 (0.56 to 0.87), 80% interval, applied to 20% of the people served"


def test_a_cohort_share_above_one_is_refused():
    with pytest.raises(ValidationError):
        Effect(low=0.5, central=0.7, high=0.9, cohort_share=1.5, **SRC)


def test_an_uplift_is_checked_against_the_cost():
    up = {"value": 345, "price_year": "2020/21", "factor": 1.2155, "deflator": "GDP deflator"}
    c = CostInterval(low=300, central=419.35, high=500, price_year="2024/25", uplifted_from=up, **SRC)
    assert c.uplifted_from.text() == "Uplifted from £345 at 2020-21 prices by x 1.2155: GDP deflator"
    with pytest.raises(ValidationError, match=r"500 is not 345 x 1.2155 = 419.35 \(to within 1%\)"):
        CostInterval(low=300, central=500, high=600, price_year="2024/25", uplifted_from=up, **SRC)
    with pytest.raises(ValidationError, match=r"an uplifted cost needs a price year other than its source's"):
        CostInterval(low=300, central=419.35, high=500, price_year="2020/21", uplifted_from=up, **SRC)


def test_uplift_text_shows_pence_only_for_small_figures():
    assert Uplift(value=12.5, price_year="2019/20", factor=1.1, deflator="d").text().startswith("Uplifted from £12.50")
    assert Uplift(value=1234.5, price_year="2019/20", factor=1.1, deflator="d").text().startswith(
        "Uplifted from £1,234 ")  # rounded to whole pounds (banker's rounding of .5)


def test_a_price_year_is_a_financial_year():
    with pytest.raises(ValidationError):
        CostInterval(low=1, central=2, high=3, price_year="2024", **SRC)


def test_a_price_year_may_be_written_with_a_slash_and_is_kept_as_the_tool_writes_years():
    slashed = CostInterval(low=300, central=400, high=500, price_year="2024/25", unit="£ (2024/25 prices)", **SRC)
    dashed = CostInterval(low=300, central=400, high=500, price_year="2024-25", unit="£ (2024-25 prices)", **SRC)
    assert slashed == dashed and slashed.price_year == "2024-25" and slashed.unit == "£ (2024-25 prices)"
    with pytest.raises(ValidationError, match="the second year must follow the first"):
        CostInterval(low=300, central=400, high=500, price_year="2024/26", **SRC)
