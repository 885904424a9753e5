import datetime as dt

import pytest

from budget.readers import values as V


@pytest.mark.parametrize("raw,expected", [
    (1234, 1234.0), (1234.5, 1234.5), ("£1,234.50", 1234.5), ("1,234", 1234.0), (" £ 12,000 ", 12000.0),
    ("1.2m", 1_200_000.0), ("£3.5M", 3_500_000.0), ("250k", 250_000.0), ("0", 0.0), ("1234.567", 1234.57),
])
def test_money_reads_what_people_type(raw, expected):
    assert V.money(raw) == expected


@pytest.mark.parametrize("raw", [None, "", "  ", "NA", "n/a", "-", "–", "[x]", "[c]", "..", float("nan")])
def test_blank_markers_read_as_blank(raw):
    assert V.money(raw) is None
    assert V.is_blank(raw)


@pytest.mark.parametrize("raw,fragment", [
    ("twelve pounds", "expected an amount"), ("(1,234)", "negative"), (-5, "negative"),
    (2_000_000_000, "1,000,000,000"), (dt.datetime(2025, 4, 1), "date"), (True, "expected"),
])
def test_money_refuses_with_a_reason(raw, fragment):
    with pytest.raises(V.ValueProblem, match=fragment):
        V.money(raw)


def test_bracketed_numbers_are_negative_numbers():
    assert V.number("(1,234)") == -1234.0


@pytest.mark.parametrize("raw,expected", [("60%", 60.0), (60, 60.0), (0.6, 60.0), ("0.25", 25.0), (1, 100.0),
                                          ("100%", 100.0), (None, None)])
def test_percent(raw, expected):
    assert V.percent(raw) == expected


def test_text_cleans_numbers_and_spaces():
    assert V.text(12.0) == "12"
    assert V.text("  Home   care \n") == "Home care"
    assert V.text(None) == ""
