"""Actuals from several files, each file's kind found from its content, put together as one."""

from __future__ import annotations

import pytest

from budget.actuals import ActualLine, Actuals, MetricMonth
from budget.actuals_template import actuals_workbook_bytes
from budget.demo import demo_actuals, demo_actuals_bytes, demo_plan
from budget.models import LoadError
from budget.readers.actuals_files import combine, kind_of, read_actuals_files, read_actuals_uploads


def test_the_actuals_workbook_is_recognised_and_read(tmp_path):
    path = tmp_path / "a.xlsx"
    path.write_bytes(demo_actuals_bytes())
    assert kind_of(path.read_bytes()).name == "the actuals workbook"
    got = read_actuals_files([path], plan=demo_plan())
    want = demo_actuals()
    assert got.spent == pytest.approx(want.spent) and got.metrics == want.metrics and got.illustrative


def test_a_file_of_no_known_kind_refuses_them_all(tmp_path):
    from budget.demo import demo_workbook_bytes

    with pytest.raises(LoadError) as e:
        read_actuals_uploads([("a.xlsx", demo_actuals_bytes()), ("plan.xlsx", demo_workbook_bytes()),
                              ("notes.txt", b"hello")], plan=demo_plan())
    assert [str(p) for p in e.value.problems] == [
        f"{n}: is not a kind of file BCF Planner reads for actuals; give the actuals workbook (write a blank one with "
        "bcf template --actuals --year YEAR --out FILE)" for n in ("plan.xlsx", "notes.txt")]
    with pytest.raises(LoadError, match="no file was given"):
        read_actuals_uploads([], plan=demo_plan())


def test_a_missing_file_is_one_sentence(tmp_path):
    with pytest.raises(LoadError, match="nothere.xlsx"):
        read_actuals_files([tmp_path / "nothere.xlsx"])


def _part(name, lines=(), metrics=(), code="E06999999"):
    return Actuals(area_code=code, year="2026-27", lines=lines, metrics=metrics, source_file=name)


def test_combine_puts_lines_and_months_together():
    a = _part("a.xlsx", lines=(ActualLine(scheme_id="S1", spend={"2026-04": 5.0}),),
              metrics=(MetricMonth(month="2026-05", discharge_delay=1.2),))
    b = _part("b.xlsx", lines=(ActualLine(scheme_id="S2", spend={"2026-04": 7.0}),),
              metrics=(MetricMonth(month="2026-05", care_home_admissions_65_plus=3.0),
                       MetricMonth(month="2026-04", discharge_delay=1.0)))
    c = combine([a, b])
    assert c.spent == 12.0 and [m.month for m in c.metrics] == ["2026-04", "2026-05"]
    assert (c.metrics[1].discharge_delay, c.metrics[1].care_home_admissions_65_plus) == (1.2, 3.0)
    assert c.source_file == "a.xlsx, b.xlsx"


def test_combine_refuses_what_two_files_both_say_differently():
    may = "2026-05"
    a = _part("a.xlsx", lines=(ActualLine(scheme_id="S1"),), metrics=(MetricMonth(month=may, discharge_delay=1.2),))
    b = _part("b.xlsx", lines=(ActualLine(scheme_id="S1"),), metrics=(MetricMonth(month=may, discharge_delay=1.5),))
    with pytest.raises(LoadError) as e:
        combine([a, b])
    words = [str(p) for p in e.value.problems]
    assert words[0].startswith("b.xlsx: gives spend for scheme S1 that a.xlsx gives too")
    assert words[1].startswith("b.xlsx: gives a different discharge delay for May 2026 from a.xlsx")
    with pytest.raises(LoadError, match="give one area's files for one year"):
        combine([a, _part("c.xlsx", code="E09000001")])


def test_the_plans_workbook_with_nothing_filled_in_reads_as_no_month():
    plan = demo_plan()
    got = read_actuals_uploads([("blank.xlsx", actuals_workbook_bytes("2026-27", plan=plan))], plan=plan)
    assert got.spent == 0 and got.metrics == () and got.area_code == plan.area.code
