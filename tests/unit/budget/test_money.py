"""Money is written one way everywhere: the minus sign first, then the pound sign."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from budget.money import gbp, gbp_millions, gbp_pence, gbp_price, gbp_short


@pytest.mark.parametrize("x, whole, pence, short", [
    (1_234_567.4, "£1,234,567", "£1,234,567.40", "£1.2m"),
    (-2_500_000, "−£2,500,000", "−£2,500,000.00", "−£2.5m"),
    (999_999.6, "£1,000,000", "£999,999.60", "£1,000,000"),
    (-12.4, "−£12", "−£12.40", "−£12"),
    (-0.3, "£0", "−£0.30", "£0"),
    (-0.001, "£0", "£0.00", "£0"),
    (0, "£0", "£0.00", "£0"),
])
def test_money_forms(x, whole, pence, short):
    assert gbp(x) == whole
    assert gbp(x, pence=True) == gbp_pence(x) == pence
    assert gbp_short(x) == short


@pytest.mark.parametrize("missing", [None, math.nan, pd.NA])
def test_a_missing_amount_is_a_dash(missing):
    assert gbp(missing) == gbp_short(missing) == "–"


def test_millions_and_prices():
    assert gbp_millions(-500_000) == "−£0.5m"
    assert gbp_millions(20_000_000, 0) == "£20m"
    assert gbp_millions(-1e-9) == "£0.0m"
    assert gbp_price(2711) == "£2,711" and gbp_price(28.53) == "£28.53"


def test_rules_command_line_pages_and_pack_write_money_with_the_one_formatter():
    from app_ui import formatting
    from budget import cli, rules
    from reports import board_pack_content
    from scenarios.cli import run

    assert rules.gbp is cli.money is run.money is formatting.gbp is gbp
    assert formatting.outcome_value("net_saving_gbp", -1500) == "−£1,500"
    assert board_pack_content.money(-2_500_000) == gbp_short(-2_500_000) == "−£2.5m"
