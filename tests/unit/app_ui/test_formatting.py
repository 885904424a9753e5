"""How the pages write money, shares and outcomes."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest

from app_ui.formatting import (
    change_range,
    money_columns,
    outcome_range,
    outcome_short,
    outcome_value,
    percent,
    signed,
)


@pytest.mark.parametrize("outcome, x, whole, short", [
    ("net_saving_gbp", 1_234_567.4, "£1,234,567", "£1.2m"),
    ("net_saving_gbp", -2_500_000, "−£2,500,000", "−£2.5m"),
    ("gross_saving_gbp", 999_999.6, "£1,000,000", "£1,000,000"),
    ("net_saving_gbp", -12.4, "−£12", "−£12"),
    ("emergency_admissions_avoided", 1234.5, "1,234", "1,234"),
    ("bed_days_saved", -3.0, "−3", "−3"),
])
def test_outcome_values(outcome, x, whole, short):
    assert outcome_value(outcome, x) == whole
    assert outcome_short(outcome, x) == short


def test_ranges_shares_and_money_columns():
    view = SimpleNamespace(stat=lambda o: {"p10": -1000.0, "p50": 2000.0, "p90": 5000.4},
                           headline={"probability_net_saving_positive": 0.675})
    assert outcome_range(view, "net_saving_gbp") == "£2,000 (£1,000 more spent than saved to £5,000)"
    assert outcome_range(view, "emergency_admissions_avoided") == "2,000 (−1,000 to 5,000)"
    changed = SimpleNamespace(change=lambda o: {"p10": -206.0, "p50": 106.2, "p90": 551.0, "probability_better": 0.694})
    assert change_range(changed, "emergency_admissions_avoided") == (
        "106 fewer admissions (from 206 more admissions to 551 fewer admissions); better in 69% of runs")
    assert signed("net_saving_gbp", -2_500_000) == "−£2.5m" and signed("spend_gbp", 1_000_000) == "+£1.0m"
    assert signed("bed_days_saved", 0.0) == "0"
    assert percent(0.1234) == "12.3%" and percent(0.5, 0) == "50%"
    frame = pd.DataFrame({"Lever": ["Carers"], "Expenditure (£)": [1234567.0], "Share": [0.25]})
    shown = money_columns(frame, ["Expenditure (£)"])
    assert shown["Expenditure (£)"].tolist() == ["£1,234,567"] and frame["Expenditure (£)"].tolist() == [1234567.0]
