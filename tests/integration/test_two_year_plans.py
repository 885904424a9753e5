"""2023-25 plans: one workbook with two years of figures ('2023-25' on the cover, an expenditure and an
income column for each year). Either year can be read; without a choice the later year is read and a
warning says so. A plan is always one year."""

from __future__ import annotations

import json

import pytest

from budget.models import LoadError
from budget.readers import load_bytes
from tests.integration.builders import TWO_YEAR_TOTALS, save, two_year_plan_workbook
from tests.integration.commands import assert_clean_failure, bcf

LAYOUTS = {"cover and headers": {}, "headers only": {"cover_year": None},
           "cover only": {"year_headers": False}}


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("year", ["2023-24", "2024-25"])
def test_either_year_is_read_when_asked_for(layout, year):
    result = load_bytes(save(two_year_plan_workbook(**LAYOUTS[layout])), name="plan.xlsx", year=year)
    (plan,) = result.plans
    assert result.year == plan.year == year
    assert result.years == ("2023-24", "2024-25")
    assert plan.total_expenditure == pytest.approx(TWO_YEAR_TOTALS[year])
    assert plan.total_income == pytest.approx(TWO_YEAR_TOTALS[year])
    outputs = {"2023-24": [300, 1200, None], "2024-25": [330, 1300, None]}[year]
    assert [x.planned_outputs for x in plan.lines] == outputs
    assert not [w for w in result.warnings if "holds figures for" in w.message or "columns could hold" in w.message]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_without_a_choice_the_later_year_is_read_with_a_warning(layout):
    result = load_bytes(save(two_year_plan_workbook(**LAYOUTS[layout])), name="plan.xlsx")
    assert result.year == "2024-25" and result.plans[0].year == "2024-25"
    assert result.plans[0].total_expenditure == pytest.approx(TWO_YEAR_TOTALS["2024-25"])
    (w,) = [w for w in result.warnings if "holds figures for" in w.message]
    assert "2023-24 and 2024-25" in w.message and "2024-25 was read" in w.message and "--year 2023-24" in w.message
    if layout != "headers only":
        assert (w.sheet, w.cell) == ("Cover", "B3")


def test_a_year_the_plan_does_not_hold_is_refused_with_the_years_it_does():
    with pytest.raises(LoadError) as e:
        load_bytes(save(two_year_plan_workbook()), name="plan.xlsx", year="2025-26")
    (p,) = [p for p in e.value.problems if p.severity == "error"]
    assert "2025-26" in p.message and "2023-24 or 2024-25" in p.message


def test_a_single_year_plan_holds_one_year():
    from tests.integration.builders import plan_workbook

    result = load_bytes(save(plan_workbook()), name="plan.xlsx")
    assert result.year == "2025-26" and result.years == ("2025-26",)


def test_bcf_load_picks_the_year(tmp_path):
    path = tmp_path / "plan 2023-25.xlsx"
    path.write_bytes(save(two_year_plan_workbook()))
    p = bcf("load", str(path), "--year", "2023-24", "--json")
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    assert out["year"] == "2023-24" and out["years"] == ["2023-24", "2024-25"]
    assert out["total_expenditure"] == pytest.approx(TWO_YEAR_TOTALS["2023-24"])
    assert not [w for w in out["warnings"] if "holds figures for" in w["message"]]

    p = bcf("load", str(path))
    assert p.returncode == 0, p.stderr
    assert "workbook for 2024-25" in p.stdout
    assert "holds figures for 2023-24, 2024-25; read 2024-25" in p.stdout
    assert "warning:" in p.stdout and "2024-25 was read" in p.stdout

    assert_clean_failure(bcf("load", str(path), "--year", "2025-26"))


def test_the_start_page_reads_the_year_chosen(private_store):
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    from app_ui.keys import KEY_BYTES, KEY_NAME, KEY_RUNS

    at = AppTest.from_file(str(Path(__file__).resolve().parents[2] / "app.py"), default_timeout=120)
    at.session_state[KEY_RUNS] = 100
    at.session_state[KEY_BYTES] = save(two_year_plan_workbook())
    at.session_state[KEY_NAME] = "plan 2023-25.xlsx"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("workbook for **2024-25**" in m.value for m in at.markdown)
    (year,) = [s for s in at.selectbox if s.label.startswith("Year to read")]
    assert year.options == ["2023-24", "2024-25"] and year.value == "2024-25"
    year.set_value("2023-24").run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("workbook for **2023-24**" in m.value for m in at.markdown)
    assert at.table[0].value.loc["E06000001", "Expenditure"] == "£1,450,000"
    at.switch_page("app_pages/budget_page.py").run()
    assert not at.exception, [e.value for e in at.exception]
