"""budget.actuals: a year's months, months as workbooks write them, and the Actuals model's own checks."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from budget.actuals import ActualLine, Actuals, MetricMonth, month_label, months, read_month


def test_a_financial_year_runs_april_to_march():
    got = months("2025/26")
    assert len(got) == 12 and got[0] == "2025-04" and got[-1] == "2026-03"
    assert [int(m[5:]) for m in got] == [4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3]
    assert {m[:4] for m in got[:9]} == {"2025"} and {m[:4] for m in got[9:]} == {"2026"}


@pytest.mark.parametrize("written,month", [
    ("Apr 2025", "2025-04"), ("April 2025", "2025-04"), ("sept 2025", "2025-09"), ("Mar-2026", "2026-03"),
    ("2025-11", "2025-11"), ("11/2025", "2025-11"), ("2025/01/15", "2025-01"), (dt.datetime(2026, 2, 1), "2026-02"),
    (dt.date(2025, 12, 31), "2025-12"), ("Foo 2025", None), ("2025-13", None), ("spend", None), (12, None),
])
def test_months_as_a_workbook_writes_them(written, month):
    assert read_month(written) == month


def test_every_month_label_reads_back_as_its_month():
    for m in months("2026-27"):
        assert read_month(month_label(m)) == m


def test_spend_to_date_adds_every_month_on_every_line():
    a = Actuals(area_code="E06999999", year="2025-26", lines=(
        ActualLine(scheme_id="S1", spend={"2025-04": 100.5, "2025-05": 200.25}),
        ActualLine(scheme_id="S2", spend={"2025-04": 1.0}), ActualLine(scheme_id="S3")))
    assert [x.spent for x in a.lines] == [300.75, 1.0, 0]
    assert a.spent == pytest.approx(301.75)


@pytest.mark.parametrize("kw,words", [
    ({"lines": (ActualLine(scheme_id="S1", spend={"2025-03": 1.0}),)}, "spend on S1 is for a month outside 2025-26"),
    ({"metrics": (MetricMonth(month="2026-04", discharge_delay=1.0),)}, "must each be a month of 2025-26, once"),
    ({"metrics": (MetricMonth(month="2025-04"), MetricMonth(month="2025-04"))}, "once"),
])
def test_the_model_keeps_only_the_years_months_once(kw, words):
    with pytest.raises(ValidationError, match=words):
        Actuals(area_code="E06999999", year="2025-26", **kw)


def test_negative_spend_and_a_population_of_zero_are_not_actuals():
    with pytest.raises(ValidationError):
        ActualLine(scheme_id="S1", spend={"2025-04": -1.0})
    with pytest.raises(ValidationError):
        MetricMonth(month="2025-04", population_65_plus=0)
    with pytest.raises(ValidationError):
        MetricMonth(month="2025-4")
