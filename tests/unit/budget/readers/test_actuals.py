"""budget.readers.actuals: the actuals workbook read back exactly, and each refusal as a sentence naming its cell."""

from __future__ import annotations

import io
import string

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budget.actuals import ActualLine, Actuals, MetricMonth, months
from budget.actuals_template import actuals_workbook_bytes
from budget.demo import demo_plan
from budget.models import LoadError
from budget.readers.actuals import read_actuals, read_actuals_bytes
from budget.readers.values import BLANK_MARKERS

NAME = "actuals.xlsx"


def _words(min_size: int = 1):
    """One-line text as a person types it: letters, digits and single spaces, never a blank marker or a note."""
    return (st.text(alphabet=string.ascii_letters + string.digits + " &'", min_size=min_size, max_size=24)
            .map(lambda s: " ".join(s.split()))
            .filter(lambda s: (len(s) >= min_size and s.lower() not in BLANK_MARKERS
                               and not s.lower().startswith(("note", "source")))))


pounds = st.integers(min_value=0, max_value=100_000_000_00).map(lambda p: p / 100)
counts = st.integers(min_value=0, max_value=1_000_000).map(float)


@st.composite
def actuals(draw):
    year = draw(st.sampled_from(["2025-26", "2026-27"]))
    year_months = months(year)
    ids = draw(st.lists(st.text(alphabet=string.ascii_uppercase + string.digits, min_size=1, max_size=6)
                        .map(lambda s: "S" + s), unique=True, max_size=8))
    lines = tuple(ActualLine(scheme_id=i, scheme_name=draw(_words(0)), scheme_type=draw(_words(0)),
                             sub_type=draw(_words(0)),
                             source_of_funding=draw(_words(0)), locality=draw(_words(0)),
                             spend=draw(st.dictionaries(st.sampled_from(year_months), pounds, max_size=12)),
                             people_served=draw(st.none() | counts)) for i in ids)
    metrics = []
    for m in draw(st.lists(st.sampled_from(year_months), unique=True, max_size=12)):
        figures = draw(st.fixed_dictionaries({}, optional={
            "emergency_admissions_65_plus": counts, "discharge_delay": st.integers(0, 10_000).map(lambda d: d / 100),
            "population_65_plus": st.integers(1, 2_000_000).map(float), "care_home_admissions_65_plus": counts}))
        if figures:
            metrics.append(MetricMonth(month=m, **figures))
    metrics.sort(key=lambda x: year_months.index(x.month))
    return Actuals(area_code=draw(st.sampled_from(["E06000001", "E10000015", "e09000033"])),
                   area_name=draw(_words(0)), year=year, lines=lines, metrics=tuple(metrics),
                   illustrative=draw(st.booleans()), source_file=NAME)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(actuals())
def test_actuals_written_then_read_back_are_the_same(a):
    assert read_actuals_bytes(actuals_workbook_bytes(a.year, actuals=a), name=NAME) == a


def test_the_demo_plans_own_lines_are_read_against_the_plan():
    plan = demo_plan()
    got = read_actuals_bytes(actuals_workbook_bytes(plan.year, plan=plan), name=NAME, plan=plan)
    assert (got.area_code, got.year, len(got.lines), got.spent, got.metrics) == (
        plan.area.code, plan.year, len(plan.lines), 0, ())


# ---- refusals: each names its file, sheet and cell, and nothing is loaded -----------------------------------------

def _filled(**changes) -> openpyxl.Workbook:
    """The demo plan's actuals workbook with its first line and first metric month filled, as a workbook to edit."""
    plan = demo_plan()
    wb = openpyxl.load_workbook(io.BytesIO(actuals_workbook_bytes(plan.year, plan=plan)))
    wb["Spend"]["G4"] = 1000
    wb["Metrics"]["B4"], wb["Metrics"]["C4"] = 120, 62000
    for where, value in changes.items():
        sheet, cell = where.split("_")
        wb[sheet][cell] = value
    return wb


def _refused(wb: openpyxl.Workbook, plan=None) -> list[str]:
    buf = io.BytesIO()
    wb.save(buf)
    with pytest.raises(LoadError) as e:
        read_actuals_bytes(buf.getvalue(), name=NAME, plan=plan if plan is not None else demo_plan())
    assert all(p.file == NAME and p.severity == "error" for p in e.value.problems)
    return [str(p) for p in e.value.problems]


def test_the_filled_workbook_itself_is_read():
    buf = io.BytesIO()
    _filled().save(buf)
    got = read_actuals_bytes(buf.getvalue(), name=NAME, plan=demo_plan())
    assert got.lines[0].spend == {"2026-04": 1000.0} and got.metrics == (
        MetricMonth(month="2026-04", emergency_admissions_65_plus=120, population_65_plus=62000),)


def test_spend_for_a_line_not_in_the_submitted_plan_is_refused():
    (message,) = _refused(_filled(Spend_A4="S999"))
    assert message.startswith(f"{NAME}, sheet 'Spend', cell A4: spend for scheme S999 (")
    assert message.endswith("is not a line of the submitted plan; give only the plan's lines, with the scheme "
                            "type, sub type, funding stream and locality as in the plan")


def test_negative_spend_is_refused():
    assert _refused(_filled(Spend_H4=-5)) == [
        f"{NAME}, sheet 'Spend', cell H4: spend for May 2026: found a negative amount (-5), expected an amount of £0 "
        "or more"]


def test_spend_that_is_not_a_number_is_refused():
    assert _refused(_filled(Spend_I4="about a thousand")) == [
        f"{NAME}, sheet 'Spend', cell I4: spend for Jun 2026: found text 'about a thousand', expected an amount in "
        "pounds such as 1,234.50"]


def test_a_month_column_outside_the_year_is_refused():
    assert _refused(_filled(Spend_R3="Mar 2026")) == [
        f"{NAME}, sheet 'Spend', cell R3: the column Mar 2026 is a month outside 2026-27 (April 2026 to March "
        "2027); give only that year's months"]


def test_a_metric_month_outside_the_year_is_refused():
    assert _refused(_filled(Metrics_A5="May 2025")) == [
        f"{NAME}, sheet 'Metrics', cell A5: May 2025 is outside 2026-27 (April 2026 to March 2027); give only "
        "that year's months"]


def test_a_duplicate_line_is_refused():
    wb = _filled()
    for c in range(1, 7):
        wb["Spend"].cell(5, c).value = wb["Spend"].cell(4, c).value
    assert _refused(wb) == [f"{NAME}, sheet 'Spend', cell A5: row 5 repeats the line in row 4 (scheme "
                            f"{wb['Spend']['A4'].value}); give each line once"]


def test_a_duplicate_month_is_refused():
    assert _refused(_filled(Metrics_A5="Apr 2026")) == [
        f"{NAME}, sheet 'Metrics', cell A5: Apr 2026 is given twice (rows 4 and 5); give each month once"]


def test_another_areas_code_is_refused():
    assert _refused(_filled(Cover_B5="E06000001")) == [
        f"{NAME}, sheet 'Cover', cell B5: the area code E06000001 is another area's: the submitted plan is for "
        "Northbrook (illustrative) (E06999999); use that area's actuals"]


def test_a_population_of_zero_is_refused():
    assert _refused(_filled(Metrics_C4=0)) == [
        f"{NAME}, sheet 'Metrics', cell C4: the population aged 65+ is zero; give the population, or leave the "
        "cell blank"]


def test_actuals_for_another_year_than_the_plans_are_refused():
    (message,) = _refused(_filled(Cover_B6="2025-26"))
    assert message.startswith(f"{NAME}, sheet 'Cover', cell B6: the actuals are for 2025-26 but the submitted plan "
                              "is for 2026-27")


def test_every_problem_is_found_in_one_pass_and_nothing_is_loaded():
    got = _refused(_filled(Spend_A4="S999", Spend_H5=-1, Metrics_C4=0, Cover_B5="E06000001"))
    assert [m.split(":")[0] for m in got] == [f"{NAME}, sheet 'Cover', cell B5", f"{NAME}, sheet 'Spend', cell A4",
                                              f"{NAME}, sheet 'Spend', cell H5", f"{NAME}, sheet 'Metrics', cell C4"]


def test_a_workbook_that_is_not_an_actuals_workbook_is_refused_whole():
    from budget.template import input_template_bytes

    with pytest.raises(LoadError) as e:
        read_actuals_bytes(input_template_bytes("2026-27"), name="plan.xlsx")
    assert str(e.value) == ("plan.xlsx: is not an actuals workbook: it has no 'Spend' or 'Metrics' sheet; download one "
                            "for the plan on the Monitor page (\"Download the actuals workbook for this plan\") or "
                            "write one with bcf template --actuals --plan FILE --out FILE, and fill it in")
    with pytest.raises(LoadError, match="actuals.xlsx: the file is not an Excel workbook|actuals.xlsx: "):
        read_actuals_bytes(b"not a zip at all", name=NAME)


def test_a_file_on_disk_is_read_and_a_folder_is_refused(tmp_path):
    path = tmp_path / "a.xlsx"
    path.write_bytes(actuals_workbook_bytes("2026-27", plan=demo_plan()))
    assert read_actuals(path, plan=demo_plan()).source_file == "a.xlsx"
    with pytest.raises(LoadError):
        read_actuals(tmp_path)
