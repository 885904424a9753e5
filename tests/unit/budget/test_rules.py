"""Each BCF rule's red, amber and green cases on small hand-built plans."""

from __future__ import annotations

import pytest

from budget.models import CellRef, ExpenditureLine, HWBArea, IncomeLine, Plan
from budget.reference import DFG, DFG_SCHEME_TYPE, NHS_MINIMUM, SOCIAL_CARE, available_years, load_reference
from budget.rules import check, counts_towards_minimum_asc, dfg_funded, stream_limits

UNITARY = HWBArea(code="E06000001", name="Hartlepool")
COUNTY = HWBArea(code="E10000014", name="Hampshire")


def line(i: int, amount: float, stream: str = "nhs_minimum", **kw) -> ExpenditureLine:
    base = dict(scheme_id=str(i), scheme_name=f"Scheme {i}", scheme_type="Community Based Schemes",
                sub_type="Integrated neighbourhood services", area_of_spend="Community Health", commissioner="NHS",
                provider="NHS Community Provider", source_of_funding=stream, amount=amount, row=3 + i,
                sheet="Expenditure", cells={"amount": f"L{3 + i}", "pct_nhs": f"H{3 + i}",
                                            "planned_outputs": f"M{3 + i}", "scheme_type": f"D{3 + i}"})
    base.update(kw)
    return ExpenditureLine(**base)


def plan(lines, income=None, area=UNITARY, asc=None) -> Plan:
    income = income if income is not None else [IncomeLine(stream="nhs_minimum", amount=1000.0,
                                                           cell=CellRef(sheet="Income", cell="B4"))]
    return Plan(area=area, year="2025-26", income=tuple(income), lines=tuple(lines), minimum_nhs_asc_required=asc)


def finding(p: Plan, rule_id: str):
    found = [f for f in check(p) if f.id == rule_id]
    assert len(found) == 1, [f.id for f in check(p)]
    return found[0]


def test_spend_within_income_green_red_and_cells():
    ok = finding(plan([line(1, 600), line(2, 400)]), "spend-within-income:nhs_minimum")
    assert ok.severity == "green"
    over = finding(plan([line(1, 600), line(2, 401.5)]), "spend-within-income:nhs_minimum")
    assert over.severity == "red"
    assert "£1,002" in over.message and "£1,000" in over.message and "overspent by £2" in over.message
    cells = {f"{c.sheet}!{c.cell}" for c in over.cells}
    assert {"Income!B4", "Expenditure!L4", "Expenditure!L5"} <= cells


def test_spend_on_a_stream_with_no_income_is_red():
    f = finding(plan([line(1, 100, stream="dfg", scheme_type="DFG Related Schemes")]), "spend-within-income:dfg")
    assert f.severity == "red" and "no income" in f.message


def test_unknown_stream_is_amber():
    f = finding(plan([line(1, 100, stream="unknown:Lottery")]), "spend-within-income:unknown:Lottery")
    assert f.severity == "amber" and "Lottery" in f.message


@pytest.mark.parametrize("spend,severity,fragment", [(1000, "green", "fully"), (900, "amber", "£100"),
                                                     (1200, "red", "£200")])
def test_unallocated_pool(spend, severity, fragment):
    f = finding(plan([line(1, spend)]), "unallocated-pool")
    assert f.severity == severity and fragment in (f.title + f.message)


def test_minimum_nhs_asc_contribution():
    lines = [line(1, 300, area_of_spend="Social Care"), line(2, 500, area_of_spend="Social Care"),
             line(3, 200, area_of_spend="Acute")]
    assert finding(plan(lines, asc=800), "minimum-nhs-asc").severity == "green"
    short = finding(plan(lines, asc=900), "minimum-nhs-asc")
    assert short.severity == "red" and "short by £100" in short.message
    assert finding(plan(lines), "minimum-nhs-asc").severity == "amber"  # required figure unknown
    # social care funded from another stream does not count towards the NHS minimum
    other = [line(1, 800, stream="la_better_care_grant", area_of_spend="Social Care")]
    income = [IncomeLine(stream="la_better_care_grant", amount=800)]
    assert finding(plan(other, income=income, asc=100), "minimum-nhs-asc").severity == "red"


def test_dfg_passed_to_districts_in_two_tier_areas():
    dfg_line = line(1, 1000, stream="dfg", scheme_type="DFG Related Schemes",
                    sub_type="Adaptations, including statutory DFG grants")
    no_split = [IncomeLine(stream="dfg", amount=1000, cell=CellRef(sheet="Income", cell="B6"))]
    f = finding(plan([dfg_line], income=no_split, area=COUNTY), "dfg-districts")
    assert f.severity == "amber" and "district" in f.message and f.cells[0].cell == "B6"
    split = [IncomeLine(stream="dfg", amount=600, district="E07000084"),
             IncomeLine(stream="dfg", amount=400, district="E07000085")]
    f = finding(plan([dfg_line], income=split, area=COUNTY), "dfg-districts")
    assert f.severity == "green" and "2 district" in f.message
    f = finding(plan([dfg_line], income=no_split, area=UNITARY), "dfg-districts")
    assert f.severity == "green" and "not applicable" in f.title


def test_dfg_on_other_schemes_is_amber():
    lines = [line(1, 500, stream="dfg", scheme_type="DFG Related Schemes"), line(2, 500, stream="dfg")]
    income = [IncomeLine(stream="dfg", amount=1000)]
    f = finding(plan(lines, income=income), "dfg-on-adaptations")
    assert f.severity == "amber" and "Scheme 2" in f.message and "Scheme 1" not in f.message


def test_joint_splits():
    good = [line(1, 500, commissioner="Joint", pct_nhs=60.0, pct_la=40.0), line(2, 500)]
    assert finding(plan(good), "joint-splits").severity == "green"
    bad = [line(1, 500, commissioner="Joint", pct_nhs=60.0, pct_la=50.0), line(2, 500, commissioner="Joint")]
    f = finding(plan(bad), "joint-splits")
    assert f.severity == "red" and "2 jointly" in f.message and f.cells[0].cell == "H4"
    stray = [line(1, 1000, commissioner="LA", pct_nhs=50.0)]
    assert finding(plan(stray), "joint-splits").severity == "amber"


def test_required_outputs():
    at = dict(scheme_type="Assistive Technologies and Equipment", sub_type="Community based equipment")
    assert finding(plan([line(1, 1000, planned_outputs=40, **at)]), "required-outputs").severity == "green"
    f = finding(plan([line(1, 500, **at), line(2, 500)]), "required-outputs")
    assert f.severity == "amber" and "Scheme 1" in f.message and "Scheme 2" not in f.message
    assert f.cells[0].cell == "M4"


def test_unknown_scheme_types():
    f = finding(plan([line(1, 1000, scheme_type="Magic beans")]), "scheme-types")
    assert f.severity == "amber" and "Magic beans" not in f.message and "Scheme 1" in f.message
    assert finding(plan([line(1, 1000)]), "scheme-types").severity == "green"


def test_findings_serialise_for_the_command_line():
    f = finding(plan([line(1, 1002)]), "spend-within-income:nhs_minimum")
    j = f.to_json()
    assert j["severity"] == "red" and "Expenditure!L4" in j["cells"]


@pytest.mark.parametrize("year", available_years())
def test_the_names_the_rules_turn_on_are_in_every_years_reference_data(year):
    ref = load_reference(year)
    assert {NHS_MINIMUM, DFG} <= set(ref.stream_ids())
    assert ref.match_area_of_spend(SOCIAL_CARE).kind == "exact"
    assert ref.scheme_type(DFG_SCHEME_TYPE) is not None


def test_what_the_optimiser_reads_from_the_rules():
    social = line(1, 300.0, area_of_spend="Social Care", commissioner="Joint", pct_nhs=50.0, pct_la=50.0)
    p = plan([social, line(2, 200.0), line(3, 100.0, stream="dfg", scheme_type="DFG Related Schemes")],
             income=[IncomeLine(stream="nhs_minimum", amount=450.0), IncomeLine(stream="dfg", amount=120.0)])
    assert [counts_towards_minimum_asc(x) for x in p.lines] == [True, False, False]
    assert [dfg_funded(x) for x in p.lines] == [False, False, True]
    assert stream_limits(p) == {"nhs_minimum": 450.0, "dfg": 120.0}
    # a stream spent from with no income is limited to nothing, and the checker says so in red
    q = plan([line(1, 50.0, stream="additional_nhs")], income=[IncomeLine(stream="nhs_minimum", amount=50.0)])
    assert stream_limits(q) == {"nhs_minimum": 50.0, "additional_nhs": 0.0}
    assert next(f for f in check(q) if f.id == "spend-within-income:additional_nhs").severity == "red"


def test_line_missing_provider_area_of_spend_or_sub_type_is_amber_with_its_cells():
    cells = {"amount": "L4", "provider": "J4", "area_of_spend": "F4", "sub_type": "E4"}
    full = line(1, 100)
    assert finding(plan([full]), "line-details").severity == "green"
    for field, column in (("provider", "J4"), ("area_of_spend", "F4"), ("sub_type", "E4")):
        gap = line(1, 100, cells=cells, **{field: ""})
        f = finding(plan([gap]), "line-details")
        assert f.severity == "amber", field
        assert f"Expenditure!{column}" in {f"{c.sheet}!{c.cell}" for c in f.cells}
        assert field.replace("_", " ") in f.message and "1 (Scheme 1)" in f.message
    # a scheme type without sub types needs none
    no_subs = line(1, 100, scheme_type="Housing Related Schemes", sub_type="")
    assert finding(plan([no_subs]), "line-details").severity == "green"


def test_blank_area_of_spend_is_named_when_the_asc_minimum_is_not_met():
    social = line(1, 600, area_of_spend=SOCIAL_CARE)
    blank = line(2, 400, area_of_spend="", cells={"amount": "L5", "area_of_spend": "F5"})
    f = finding(plan([social, blank], asc=900), "minimum-nhs-asc")
    assert f.severity == "red"
    assert "no area of spend" in f.message and "2 (Scheme 2)" in f.message and "£400" in f.message
    assert "Expenditure!F5" in {f"{c.sheet}!{c.cell}" for c in f.cells}
    # with every area of spend filled the finding does not mention it
    filled = finding(plan([social, line(2, 400)], asc=900), "minimum-nhs-asc")
    assert filled.severity == "red" and "no area of spend" not in filled.message
    # and a met minimum still says which lines were not counted
    assert "no area of spend" in finding(plan([social, blank], asc=500), "minimum-nhs-asc").message
