"""National conditions per year, their evidence from the BCF rules, the warnings where an answer and
its evidence disagree, and who signs a plan off."""

from __future__ import annotations

import datetime as dt

import pytest

from budget.assurance import (
    GENERIC_ICB,
    assure,
    checklist_rows,
    conditions_table,
    missing_sign_off,
    plan_icbs,
    read_date,
    required_signatories,
    sign_off_rows,
    sign_off_table,
    stray_answers,
    summary_line,
)
from budget.demo import demo_plan
from budget.models import IncomeLine
from budget.reference import available_years, load_reference
from budget.rules import RULE_IDS, check, counts_towards_minimum_asc
from budget.submission import Assurance, Signatory, Submission

YEARS = ("2022-23", "2023-24", "2024-25", "2025-26", "2026-27")


@pytest.mark.parametrize("year", YEARS)
def test_every_year_has_national_conditions_and_sign_off(year):
    ref = load_reference(year)
    codes = [c.code for c in ref.national_conditions]
    assert codes == [f"NC{i}" for i in range(1, len(codes) + 1)] and len(codes) >= 3
    for c in ref.national_conditions:
        assert c.title and c.text and c.source
        assert c.evidenced_by and set(c.evidenced_by) <= set(RULE_IDS), c.code
    roles = [r.role for r in ref.sign_off]
    assert "Section 151 officer" in roles and {r.organisation for r in ref.sign_off} == {"board", "icb", "council"}


def test_the_years_conditions_as_the_sources_give_them():
    assert set(available_years()) >= set(YEARS)
    by_year = {y: load_reference(y).national_conditions for y in YEARS}
    # 2023-25 had four conditions, NC4 on the NHS contribution to social care; 2025-26 three, NC3 on it
    assert len(by_year["2023-24"]) == len(by_year["2024-25"]) == 4 and len(by_year["2025-26"]) == 3
    assert "minimum-nhs-asc" in by_year["2023-24"][3].evidenced_by
    nc3 = by_year["2025-26"][2]
    assert "NHS minimum contribution to adult social care" in nc3.text and "minimum-nhs-asc" in nc3.evidenced_by
    assert all(c.confirmed and c.assumed_from is None for c in by_year["2025-26"])
    assert not any(c.confirmed for c in by_year["2023-24"])  # from domain knowledge only


def test_2026_27_carries_2025_26_conditions_and_says_they_are_unconfirmed():
    old, new = load_reference("2025-26"), load_reference("2026-27")
    assert [(c.code, c.title, c.text, c.evidenced_by) for c in new.national_conditions] == \
        [(c.code, c.title, c.text, c.evidenced_by) for c in old.national_conditions]
    for c in new.national_conditions:
        assert c.status_of_fact == "unconfirmed" and not c.confirmed and c.assumed_from == "2025-26"
        assert "taken to carry forward" in c.source and old.national_condition(c.code).source in c.source
    assert new.sign_off == old.sign_off


def test_every_finding_comes_from_a_listed_rule():
    plan = demo_plan()
    broken = _short_on_social_care(plan)
    for f in check(plan) + check(broken):
        assert f.id.split(":")[0] in RULE_IDS


def _short_on_social_care(plan):
    """The plan with every NHS-minimum social-care line moved to community health: nothing counts
    towards the minimum NHS contribution to adult social care."""
    lines = tuple(x.model_copy(update={"area_of_spend": "Community Health"}) if counts_towards_minimum_asc(x) else x
                  for x in plan.lines)
    return plan.model_copy(update={"lines": lines})


def test_a_plan_short_of_the_nhs_minimum_to_social_care_makes_nc3_red_and_met_draws_a_warning():
    plan = _short_on_social_care(demo_plan())
    assert plan.minimum_nhs_asc_required and not any(counts_towards_minimum_asc(x) for x in plan.lines)
    answer = Assurance(condition="NC3", statement="We maintain the contribution.", status="Met")
    nc1, _, nc3 = assure(plan, Submission(assurance=(answer,)))
    asc = next(f for f in nc3.findings if f.id == "minimum-nhs-asc")
    assert asc.severity == "red" and nc3.evidence == "red" and nc3.findings[0].severity == "red"
    assert nc3.status == "Met" and nc3.statement == answer.statement  # the area's own answer, unchanged
    assert len(nc3.warnings) == 1 and "NC3 is marked Met" in nc3.warnings[0] and asc.title in nc3.warnings[0]
    assert all(f.id != "minimum-nhs-asc" for f in nc1.findings) and nc1.status == "Not answered"
    # saying what is short, honestly, draws no warning
    partly = answer.model_copy(update={"status": "Partly met"})
    assert assure(plan, Submission(assurance=(partly,)))[2].warnings == ()
    # the plan as it was meets the rule: the same "Met" draws no warning
    fine = assure(demo_plan(), Submission(assurance=(answer,)))[2]
    assert fine.evidence != "red" and fine.warnings == ()


def test_answers_without_a_statement_or_a_status_are_flagged_and_strays_kept():
    plan = demo_plan()
    sub = Submission(assurance=(Assurance(condition="NC1", status="Met"),
                                Assurance(condition="NC2", statement="In hand."),
                                Assurance(condition="NC4", statement="From an older plan.", status="Met")))
    nc1, nc2, nc3 = assure(plan, sub)
    assert "without an assurance statement" in nc1.warnings[0] and "no status" in nc2.warnings[0]
    assert nc3.warnings == () and not nc3.answered
    assert [a.condition for a in stray_answers(plan, sub)] == ["NC4"]
    assert summary_line((nc1, nc2, nc3), ()) == "1 of 3 conditions answered; 0 of 0 signatories dated"


def _two_icbs(plan):
    extra = (IncomeLine(stream="nhs_minimum", amount=1.0, icb="NHS Alpha ICB"),
             IncomeLine(stream="nhs_minimum", amount=1.0, icb="NHS Beta ICB"),
             IncomeLine(stream="nhs_minimum", amount=1.0, icb="nhs  alpha ICB"))  # the first, written again
    return plan.model_copy(update={"income": plan.income + extra})


def test_required_signatories_for_a_plan_spanning_two_icbs():
    plan = _two_icbs(demo_plan())
    assert plan_icbs(plan) == ("NHS Alpha ICB", "NHS Beta ICB")  # not the area's own list, once each
    rows = required_signatories(plan)
    assert [(s.role, s.organisation) for s in rows] == [
        ("Health and Wellbeing Board chair", f"{plan.area.name} Health and Wellbeing Board"),
        ("ICB chief executive", "NHS Alpha ICB"),
        ("ICB chief executive", "NHS Beta ICB"),
        ("Council chief executive", f"{plan.area.name} council"),
        ("Section 151 officer", f"{plan.area.name} council"),
    ]
    assert all(not s.name and s.signed_on is None for s in rows)


def test_an_icb_from_the_area_or_one_unnamed_icb():
    plan = demo_plan()
    assert plan_icbs(plan) == plan.area.icbs and len(plan.area.icbs) == 1
    bare = plan.model_copy(update={"area": plan.area.model_copy(update={"icbs": ()})})
    icb_rows = [s for s in required_signatories(bare) if s.role == GENERIC_ICB]
    assert len(icb_rows) == 1 and icb_rows[0].organisation == ""
    # the one unnamed ICB takes the organisation the area enters
    entry = Signatory(role="ICB chief executive", organisation="NHS Gamma ICB", name="C Chief")
    row = next(s for s in sign_off_rows(bare, Submission(sign_off=(entry,))) if s.role == GENERIC_ICB)
    assert row.organisation == "NHS Gamma ICB" and row.name == "C Chief"


def test_entries_fill_the_required_rows_and_further_signatories_follow():
    plan = _two_icbs(demo_plan())
    day = dt.date(2026, 3, 20)
    entries = (
        Signatory(role="ICB chief executive", organisation="NHS BETA ICB", name="B Boss", signed_on=day),
        Signatory(role="section 151 officer", organisation="Northbrook County Council", name="S Treasurer"),
        Signatory(role="Director of adult social services", organisation="Northbrook", name="D Director",
                  signed_on=day),
    )
    rows = sign_off_rows(plan, Submission(sign_off=entries))
    assert len(rows) == 6  # five required and one further
    beta = rows[2]
    assert (beta.organisation, beta.name, beta.signed_on) == ("NHS Beta ICB", "B Boss", day)
    assert rows[1].name == ""  # the other ICB is not filled by Beta's entry
    s151 = rows[4]  # the only Section 151 row takes the entry whatever organisation it names
    assert (s151.role, s151.organisation, s151.name) == ("Section 151 officer", f"{plan.area.name} council",
                                                         "S Treasurer")
    assert rows[5] == entries[2]
    missing = missing_sign_off(rows)
    assert len(missing) == 4 and any(m.startswith("Section 151 officer") and m.endswith("no date") for m in missing)
    assert summary_line(assure(plan, Submission()), rows).endswith("2 of 6 signatories dated")


def test_tables_and_checklist_for_the_submission_copy():
    plan = _short_on_social_care(demo_plan())
    day = dt.date(2026, 3, 1)
    sub = Submission(assurance=(Assurance(condition="NC3", statement="Met in full.", status="Met"),),
                     sign_off=tuple(s.model_copy(update={"name": "A Name", "signed_on": day})
                                    for s in required_signatories(plan)))
    t = conditions_table(plan, sub)
    assert [r[0] for r in t.rows] == ["NC1", "NC2", "NC3"] and len(t.columns) == len(t.rows[0])
    nc3 = dict(zip(t.columns, t.rows[2], strict=True))
    assert nc3["Status"] == "Met" and nc3["Evidence"] == "Red" and "NC3 is marked Met" in nc3["Warnings"]
    assert len(t.notes) == 3  # 2026-27's conditions are unconfirmed, and the table says so
    s = sign_off_table(plan, sub)
    assert s.columns == ("Role", "Organisation", "Name", "Signed on") and len(s.rows) == 4
    assert all(r[3] == day for r in s.rows) and s.formats["Signed on"] == "dd/mm/yyyy"
    rows = checklist_rows(plan, sub)
    assert len(rows) == 4 and rows[2][1] == "Met" and "Red: Minimum NHS contribution" in rows[2][2]
    assert rows[-1][:2] == ("Sign-off", "Complete")
    assert checklist_rows(plan, Submission())[-1][1] == "0 of 4 dated"


@pytest.mark.parametrize("text, day", [("20/03/2026", dt.date(2026, 3, 20)), ("1.4.2025", dt.date(2025, 4, 1)),
                                       (" 2026-03-20 ", dt.date(2026, 3, 20)), ("", None)])
def test_sign_off_dates_as_people_write_them(text, day):
    assert read_date(text) == day


@pytest.mark.parametrize("text", ["31/02/2026", "20/03/26", "01/01/1999", "next week", "2026-13-01"])
def test_a_date_that_is_not_one_is_a_sentence(text):
    with pytest.raises(ValueError, match="write it as DD/MM/YYYY"):
        read_date(text)
