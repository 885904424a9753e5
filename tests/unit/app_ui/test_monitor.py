"""app_ui.monitor: actuals given are kept until better ones come, a refusal is one sentence, and the year so far
is bcf track's JSON for the same plan, runs and seed."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from budget.demo import demo_actuals, demo_actuals_bytes, demo_plan
from budget.models import LoadError, Problem


def page():
    """Give the files a test names in session state, then say what is kept."""
    import streamlit as st

    from app_ui import monitor, session

    session.init()
    plan = session.current_plan()
    files = st.session_state.get("test_files")
    if files:
        monitor.give(files, plan)
    if st.session_state.get("test_demo"):
        monitor.use_demo()
    kept = monitor.kept(plan)
    st.text(f"kept={None if kept is None else round(kept.spent, 2)}")
    st.text(f"refusal={monitor.refusal()}")
    st.text(f"elsewhere={monitor.kept_elsewhere(plan)}")
    st.text(f"demo={monitor.is_demo_plan(plan)}")
    st.session_state["test_choices"] = monitor.plans_to_follow(plan)
    if kept is not None and st.session_state.get("test_track"):
        name = st.session_state.get("test_follow", session.BASE_NAME)
        st.session_state["test_json"] = monitor.year_so_far(name, kept, None, "even")


def _texts(at: AppTest) -> dict[str, str]:
    return dict(t.value.split("=", 1) for t in at.text)


def _start() -> AppTest:
    at = AppTest.from_function(page, default_timeout=60)
    at.session_state["bcf_runs"] = 60
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_good_files_are_kept_and_bad_ones_leave_them_with_one_sentence():
    at = _start()
    assert _texts(at) == {"kept": "None", "refusal": "None", "elsewhere": "None", "demo": "True"}
    at.session_state["test_files"] = [("demo_area_actuals.xlsx", demo_actuals_bytes())]
    at.run()
    assert _texts(at)["kept"] == str(round(demo_actuals().spent, 2))
    at.session_state["test_files"] = [("notes.xlsx", b"not a workbook"), ("other.txt", b"hello")]
    at.run()
    t = _texts(at)
    assert t["kept"] == str(round(demo_actuals().spent, 2))  # the last good actuals stay
    assert t["refusal"] == ("notes.xlsx: is not an actuals workbook, a Discharge Ready Date file, an ASCOF "
                            "client-level file or a SUS sheet; use the actuals workbook (the Monitor page's \"Download "
                            "the actuals workbook for this plan\", or bcf template --actuals --plan FILE) (and 1 more "
                            "problem in the files)")


def test_the_demo_actuals_with_one_call_and_the_json_is_bcf_tracks():
    from scenarios.schema import Scenario
    from scenarios.track import track

    at = _start()
    at.session_state["test_demo"] = True
    at.session_state["test_track"] = True
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    got = at.session_state["test_json"]
    want = track(demo_plan(), Scenario(), demo_actuals(), runs=60, seed=1).to_json()
    assert got == {**want, "scenario": got["scenario"]}


def test_a_refusal_is_its_first_problem_with_how_many_more():
    from app_ui.monitor import sentence

    one = Problem(severity="error", file="a.xlsx", sheet="Spend", cell="C4",
                  message="spend for Apr 2026: found x, expected a number")
    assert sentence(LoadError([one])) == str(one) == ("a.xlsx, sheet 'Spend', cell C4: spend for Apr 2026: found x, "
                                                      "expected a number")
    assert sentence(LoadError([one, one, one])).endswith("(and 2 more problems in the files)")


def test_a_submitted_record_is_followed_first_as_it_was_kept(db):
    from scenarios.schema import MoveSpend, Scenario
    from scenarios.track import track

    move = MoveSpend.model_validate({"kind": "move", "from": {"lever": "integrated_locality_teams"},
                                     "to": {"lever": "reablement"}, "amount_gbp": 500_000})
    db.save("Final", Scenario(name="Final", changes=(move,)), base_plan=demo_plan())
    record = db.submit("Final")
    at = _start()
    first = at.session_state["test_choices"][0]
    assert first.startswith("Submitted: Final (submission 1, ")
    assert "Plan as submitted" in at.session_state["test_choices"]
    at.session_state["test_demo"] = True
    at.session_state["test_track"] = True
    at.session_state["test_follow"] = first
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    got = at.session_state["test_json"]
    want = track(record.plan, record.scenario, demo_actuals(), runs=60, seed=1).to_json()
    assert got == want
    assert got["spend"]["total"]["planned_year"] == pytest.approx(sum(x.amount for x in record.plan.lines), abs=0.01)


def test_the_quarters_offered_and_the_one_chosen_first():
    from app_ui.monitor import complete_quarters, default_quarter, no_quarter_sentence, year_end_reached

    a = demo_actuals()  # April to September 2026
    assert complete_quarters("2026-27", a) == [1, 2]
    assert default_quarter("2026-27", "2026-06", [1, 2]) == 1  # June closes the first quarter
    assert default_quarter("2026-27", "2026-08", [1, 2]) == 2  # August closes none: the latest complete one
    assert default_quarter("2026-27", "2026-05", []) is None
    may = a.model_copy(update={"lines": tuple(x.model_copy(update={"spend": {m: v for m, v in x.spend.items()
                                                                             if m <= "2026-05"}}) for x in a.lines),
                               "metrics": tuple(r for r in a.metrics if r.month <= "2026-05")})
    assert complete_quarters("2026-27", may) == []
    assert no_quarter_sentence("2026-27", may) == ("The quarterly report needs the actuals to the end of a quarter: "
                                                   "they reach May 2026, and the first quarter ends in Jun 2026.")
    assert year_end_reached("2026-27", a) == "The year-end report needs the actuals to Mar 2027: they reach Sep 2026."
    march = a.model_copy(update={"lines": (a.lines[0].model_copy(update={"spend": {"2027-03": 1.0}}), *a.lines[1:])})
    assert year_end_reached("2026-27", march) is None
    assert complete_quarters("2026-27", march) == [1, 2, 3, 4]


def test_a_file_name_starts_with_the_area_and_the_year_whatever_the_area_is_called():
    from types import SimpleNamespace

    from app_ui.monitor import file_stem

    def stem(name):
        area = SimpleNamespace(name=name)
        return file_stem(SimpleNamespace(area=area, year="2026-27"))

    assert stem("Northbrook (illustrative)") == "Northbrook (illustrative) 2026-27"
    assert stem("Bath/North East: Somerset*") == "Bath North East Somerset 2026-27"
    assert stem("../../etc") == "etc 2026-27"
    assert stem("x" * 300) == "x" * 60 + " 2026-27"  # the year kept


def test_a_report_that_cannot_be_written_is_one_sentence(monkeypatch):
    from types import SimpleNamespace

    from app_ui import monitor, results
    from budget.submission import Submission
    from scenarios.schema import Scenario
    from scenarios.track import track

    monkeypatch.setattr(results, "built", lambda kind, key, build: build())  # outside a session: built each time
    plan = demo_plan()
    tracking = track(plan, Scenario(), demo_actuals(), to="2026-09", runs=40, seed=1)
    f = SimpleNamespace(plan=plan, tracking=tracking, scenario=SimpleNamespace(submission=Submission()), key="k")
    data, why = monitor.report(f, 2)
    assert why is None and data[:2] == b"PK"
    data, why = monitor.report(f, None)  # the year followed to September, not March
    assert data is None
    assert why == ("The report could not be written: the figures run to Sep 2026, not to the end of the period "
                   "(Mar 2027); track the year to Mar 2027.")


def test_the_workbooks_offered_to_fill_in_name_the_plan_and_read_back_empty_against_it():
    from app_ui.monitor import actuals_workbook, sus_sheet
    from budget.demo import demo_plan
    from budget.readers.actuals_files import read_actuals_uploads

    plan = demo_plan()
    blank = read_actuals_uploads([("a.xlsx", actuals_workbook(plan)), ("s.xlsx", sus_sheet(plan))], plan=plan)
    assert (blank.area_code, blank.year, blank.metrics) == (plan.area.code, plan.year, ())
    assert [(x.scheme_id, x.scheme_type, x.locality) for x in blank.lines] == [
        (x.scheme_id, x.scheme_type, x.locality) for x in plan.lines]
    assert sum(x.spent for x in blank.lines) == 0
