"""Money is written one way everywhere: the minus sign first, then the pound sign."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest

from budget.money import counted, gbp, gbp_millions, gbp_pence, gbp_price, gbp_short, verb


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


def test_the_command_line_writes_whole_pounds_with_the_minus_first():
    from budget import cli

    assert [cli.money(x) for x in (1_234_567.4, -2_500_000, -0.3, None)] == ["£1,234,567", "−£2,500,000", "£0", "–"]


def test_the_pages_write_money_and_changes_the_same_way():
    from app_ui import formatting

    assert formatting.outcome_value("net_saving_gbp", -1500) == "−£1,500"
    assert formatting.outcome_value("emergency_admissions_avoided", -1500) == "−1,500"
    assert formatting.outcome_short("net_saving_gbp", -2_500_000) == "−£2.5m"
    frame = formatting.money_columns(pd.DataFrame({"Spend": [1_234_567.4, -12.4], "n": [1, 2]}), ["Spend"])
    assert frame["Spend"].tolist() == ["£1,234,567", "−£12"] and frame["n"].tolist() == [1, 2]
    row, same, total = formatting.change_rows({"Reablement": 500_000.0, "Carers": 10.0},
                                              {"Reablement": 400_000.0, "Carers": 10.2}, "Lever")
    assert row == {"Lever": "Reablement", "Before the changes": "£500,000", "Change": "−£100,000",
                   "After the changes": "£400,000"}
    assert same["Change"] == "–"  # nothing changed, to the pound
    assert total == {"Lever": "Total", "Before the changes": "£500,010", "Change": "−£100,000",
                     "After the changes": "£400,010"}


def test_the_rules_write_the_amounts_they_find_as_money():
    from budget.demo import demo_plan
    from budget.reference import load_reference
    from budget.rules import check

    plan = demo_plan()
    stream = plan.lines[0].source_of_funding
    lines = tuple(x.model_copy(update={"amount": x.amount + 10_000_000}) if x is plan.lines[0] else x
                  for x in plan.lines)
    messages = " ".join(f.message for f in check(plan.model_copy(update={"lines": lines}), load_reference(plan.year))
                        if stream in f.id or "overspent" in f.message)
    assert "overspent by £" in messages
    assert re.search(r"planned spend from .+ is £\d{1,3}(,\d{3})+ but income is £\d{1,3}(,\d{3})+", messages)


def test_the_board_pack_writes_millions_in_its_sentences():
    from reports.board_pack_content import against_income

    assert against_income(50_300_000, 49_300_000) == "£1.0m more than the pool's income of £49.3m"
    assert against_income(48_000_000, 49_300_000) == "within the pool's income of £49.3m (£1.3m not yet planned)"
    assert against_income(999.4, 1_000) == "within the pool's income of £1,000"


@pytest.mark.parametrize(("n", "one", "many", "said"), [
    (1, "line", None, "1 line"), (0, "line", None, "0 lines"), (3, "line", None, "3 lines"),
    (1_250, "area", None, "1,250 areas"), (2, "more area", None, "2 more areas"),
    (2, "child", "children", "2 children"),
])
def test_a_count_agrees_with_its_noun(n, one, many, said):
    assert counted(n, one, many) == said


def test_a_word_agrees_with_its_count():
    assert [verb(n, "has", "have") for n in (0, 1, 2)] == ["have", "has", "have"]
