import pytest

from budget.reference import DEFAULT_YEAR, LEVER_LABELS, LEVERS, available_years, load_reference
from budget.reference_records import norm


def test_years_cover_2022_to_2026():
    assert {"2022-23", "2023-24", "2024-25", "2025-26", "2026-27"} <= set(available_years())
    assert DEFAULT_YEAR in available_years()


@pytest.mark.parametrize("year", ["2022-23", "2023-24", "2024-25", "2025-26", "2026-27"])
def test_every_year_is_complete(year):
    ref = load_reference(year)
    assert ref.year == year
    assert {"nhs_minimum", "dfg", "additional_la", "additional_nhs"} <= set(ref.stream_ids())
    assert len(ref.scheme_types) >= 15
    assert all(st.lever in LEVERS for st in ref.scheme_types)
    assert {t.name for t in ref.areas_of_spend} >= {"Social Care", "Community Health", "Acute"}
    assert [t.name for t in ref.commissioners] == ["LA", "NHS", "Joint"]
    assert ref.metrics and all(m.source for m in ref.metrics)
    assert all(s.source for s in ref.funding_streams)


def test_2025_26_renames_ibcf_and_folds_discharge_money():
    ref = load_reference("2025-26")
    assert "ibcf" not in ref.stream_ids() and "la_discharge" not in ref.stream_ids()
    m = ref.match_stream("iBCF")
    assert m.name == "la_better_care_grant" and m.kind == "renamed"
    m = ref.match_stream("LA Discharge Funding")
    assert m.name == "la_better_care_grant" and m.kind == "folded"
    m = ref.match_stream("ICB Discharge Funding")
    assert m.name == "nhs_minimum" and m.kind == "folded"
    # national totals per the 2025-26 grants page sum to £8,965m
    assert sum(s.national_total_gbp_m for s in ref.funding_streams if s.mandatory) == pytest.approx(8965)


def test_2023_24_keeps_separate_discharge_streams():
    ref = load_reference("2023-24")
    assert {"ibcf", "la_discharge", "icb_discharge"} <= set(ref.stream_ids())
    assert ref.match_stream("Improved Better Care Fund").name == "ibcf"


def test_old_scheme_type_names_read():
    ref = load_reference("2025-26")
    m = ref.match_scheme_type("Reablement in a Person's Own Home")
    assert m.name == "Home-based intermediate care services" and m.kind == "renamed"
    old = load_reference("2022-23")
    assert old.match_scheme_type("Reablement in a Persons Own Home").kind == "exact"
    assert old.match_scheme_type("Home-based intermediate care services").name == "Reablement in a Person's Own Home"


def test_matching_ignores_case_punctuation_and_spacing():
    ref = load_reference("2025-26")
    assert ref.match_stream("  disabled   facilities grant ").name == "dfg"
    assert ref.match_scheme_type("ASSISTIVE TECHNOLOGIES & EQUIPMENT").name == "Assistive Technologies and Equipment"
    assert ref.match_provider("charity/voluntary sector").name == "Charity / Voluntary Sector"
    assert ref.match_stream("Lottery money") is None
    assert norm("£1,234 Total ") == "1 234 total"


def test_levers_by_scheme_and_sub_type():
    ref = load_reference("2025-26")
    assert ref.lever("Home-based intermediate care services") == "reablement"
    assert ref.lever("Assistive Technologies and Equipment") == "assistive_technology"
    assert ref.lever("Community Based Schemes", "Integrated neighbourhood services") == "integrated_locality_teams"
    assert ref.lever("Community Based Schemes", "Enhanced health in care homes") == "care_home_support"
    assert ref.lever("Prevention / Early Intervention", "Falls prevention") == "falls_prevention"
    assert ref.lever("Enablers for Integration") == "none"
    assert ref.lever("Not a scheme type") == "none"


@pytest.mark.parametrize("year", ["2023-24", "2024-25", "2025-26", "2026-27"])
def test_discharge_schemes_map_to_discharge_support_and_reablement_stays_reablement(year):
    ref = load_reference(year)
    hicm = "High Impact Change Model for Managing Transfer of Care"
    for sub in ("Multi-Disciplinary/Multi-Agency Discharge Teams supporting discharge", "Trusted Assessment",
                "Home First/Discharge to Assess - process support/core costs", "Early Discharge Planning", ""):
        assert ref.lever(hicm, sub) == "discharge_support", sub
    assert (
        ref.lever(
            "Community Based Schemes",
            "Low level support for simple hospital discharges (Discharge to Assess pathway 0)",
        )
        == "discharge_support"
    )
    assert ref.lever("Community Based Schemes", "Integrated neighbourhood services") == "integrated_locality_teams"
    # services that support discharge keep their own lever
    assert (
        ref.lever("Home-based intermediate care services", "Reablement at home (to support discharge)") == "reablement"
    )
    assert (
        ref.lever(
            "Bed based intermediate Care Services (Reablement, rehabilitation, wider short-term services "
            "supporting recovery)",
            "Bed-based intermediate care with rehabilitation (to support discharge)",
        )
        == "bed_based_intermediate_care"
    )
    assert ref.lever("Home Care or Domiciliary Care",
                     "Domiciliary care to support hospital discharge (Discharge to Assess pathway 1)") == "none"
    assert "discharge_support" in LEVERS and LEVER_LABELS["discharge_support"].startswith("Discharge support")


def test_unconfirmed_years_say_so():
    assert not load_reference("2026-27").confirmed
    assert load_reference("2026-27").status.startswith("Provisional: scheme types")
    assert load_reference("2025-26").confirmed
    # the confirmed flag per entry follows bcf.md: scheme types are unconfirmed everywhere
    assert not any(st.confirmed for st in load_reference("2025-26").scheme_types)
    assert load_reference("2025-26").stream("dfg").confirmed


def test_unknown_year():
    with pytest.raises(KeyError):
        load_reference("2019-20")


def test_2026_27_la_better_care_grant_is_2640m_with_2025_26_allocations():
    ref = load_reference("2026-27")
    grant = ref.stream("la_better_care_grant")
    assert grant.national_total_gbp_m == 2640 and grant.confirmed
    assert "core spending power" in grant.source.lower()
    assert "2025-26" in grant.note
    assert grant.national_total_gbp_m == load_reference("2025-26").stream("la_better_care_grant").national_total_gbp_m
    mc = ref.minimum_contributions
    assert mc is not None and mc.confirmed and mc.unchanged_before == "2027-28" and mc.same_allocations_as == "2025-26"
    assert "core spending power" in mc.source.lower()
    # the year's vocabularies are still an unconfirmed copy, and other totals keep their own flags
    assert not ref.confirmed
    assert not ref.stream("nhs_minimum").confirmed and ref.stream("nhs_minimum").national_total_gbp_m is None
    # a 2025-26 note about the 2025-26 DFG top-up does not carry into 2026-27
    assert "2026" not in ref.stream("dfg").note or "February 2026" not in ref.stream("dfg").note
    assert load_reference("2025-26").minimum_contributions is None


@pytest.mark.parametrize("year", available_years())
def test_every_lever_has_a_scheme_type_to_write_a_new_line_with(year):
    ref = load_reference(year)
    for lever in LEVERS:
        found = ref.lever_scheme_type(lever)
        assert found is not None, lever
        assert ref.line_lever(*found) == lever, (lever, found)
    assert ref.lever_scheme_type("care_home_support")[1] == "Enhanced health in care homes"  # set by a sub type
    assert ref.lever_scheme_type("none") == ("Other", "")
