"""Published figures by Health and Wellbeing Board, and a plan with no localities modelled as one area-wide locality.

Figures are checked against totals published beside the originals (ONS England mid-2024, ASCOF England 2020-21)
and against the rows they are added up from, not against the tables' own values typed again."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from budget.areas import (
    FOLDER,
    TEMPLATE_HINT,
    area_wide,
    area_wide_plan,
    figures,
    hwb_codes,
    no_localities_sentence,
)
from budget.demo import demo_plan
from budget.models import Baselines, HWBArea, Locality, Plan
from budget.package_yaml import load_yaml

ENGLAND_MID_2024 = (58_620_101, 10_981_092, 1_484_012)  # ONS: all ages, 65+, 85+
ENGLAND_2A2_2020_21 = (52_133, 10_464_019)  # ASCOF 2A2: admissions, population 65+ (Hackney's included)


def table(name: str) -> list[dict[str, str]]:
    with open(FOLDER / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def area_plan(code: str, name: str = "Somewhere", **update) -> Plan:
    """The demo's lines for another area, with no localities: a plan in the national template's shape."""
    plan = demo_plan()
    return plan.model_copy(update={"area": HWBArea(code=code, name=name), "localities": (), "baselines": Baselines(),
                                   **update})


def test_152_hwbs_whose_people_add_up_to_england():
    pop = table("hwb_population.csv")
    assert len(pop) == len(hwb_codes()) == 152  # 153 upper tiers, Cornwall with the Isles of Scilly as one
    totals = tuple(sum(int(r[k]) for r in pop) for k in ("all_ages", "age_65_plus", "age_85_plus"))
    assert totals == ENGLAND_MID_2024
    assert {r["mid_year"] for r in pop} == {"2024"}


def test_care_home_admissions_add_up_to_england_less_the_unpublished_area():
    care = table("hwb_care_home_admissions.csv")
    # each council once: a split predecessor's figure is carried by both successors
    seen = {r["figure_for_code"] or r["hwb_code"]: r for r in care}
    num = sum(int(r["numerator"]) for r in seen.values())
    den = sum(int(r["denominator"]) for r in seen.values())
    assert num < ENGLAND_2A2_2020_21[0] and den < ENGLAND_2A2_2020_21[1]  # Hackney's was not published
    assert "E09000012" not in {r["hwb_code"] for r in care}
    assert num / den * 1e5 == pytest.approx(498.2, abs=1.0)  # England's rate
    for r in care:
        assert float(r["per_100k_65_plus"]) == pytest.approx(int(r["numerator"]) / int(r["denominator"]) * 1e5,
                                                               abs=0.06)
        assert r["period"] == "2020-21"


def test_every_table_has_its_source_period_licence_and_attribution():
    sources = load_yaml((FOLDER / "sources.yaml").read_text(encoding="utf-8"))
    shipped = {p.name for p in Path(FOLDER).glob("*.csv")}
    assert set(sources) == shipped
    for name, s in sources.items():
        for key in ("title", "source", "period", "licence", "attribution"):
            assert str(s.get(key, "")).strip(), f"{name}: no {key}"
        assert "Open Government Licence" in s["licence"] or "CC BY" in s["licence"]
    assert sources["hwb_care_home_admissions.csv"]["pandemic_year"] is True
    assert "mySociety" in sources["predecessors.csv"]["attribution"]


def test_an_hwb_s_figures_by_its_code_in_any_case():
    h = figures(" e06000001 ")
    assert (h.code, h.name, h.population, h.population_65_plus, h.mid_year) == (
        "E06000001", "Hartlepool", 98_180, 19_648, 2024)  # as ONS publishes them
    assert h.care_home_admissions.value == 582.4 and h.care_home_admissions.pandemic_year
    assert h.falls_admissions is None  # not in the North West subset


def test_cornwall_and_the_isles_of_scilly_are_one_hwb_by_either_code():
    pop = {r["hwb_code"]: r for r in table("hwb_population.csv")}
    assert "E06000053" not in pop
    both = figures("E06000053")
    assert both == figures("E06000052").__class__(**{**figures("E06000052").__dict__, "asked": "E06000053"})
    assert both.name == "Cornwall and Isles of Scilly"
    assert both.population == 583_289 + 2_366  # ONS mid-2024: Cornwall, the Isles of Scilly
    assert both.care_home_admissions.value == pytest.approx((531 + 13) / (144_840 + 617) * 1e5, abs=0.05)


def test_a_replaced_code_gives_the_hwbs_now_covering_its_area():
    cumbria = figures("E10000006")
    parts = [figures("E06000063"), figures("E06000064")]
    assert cumbria.hwb_codes == ("E06000063", "E06000064") and cumbria.replaced == "Cumbria"
    assert cumbria.population == sum(p.population for p in parts)
    assert cumbria.population_65_plus == sum(p.population_65_plus for p in parts)
    assert cumbria.care_home_admissions.value == 619.0 and cumbria.care_home_admissions.figure_for is None
    assert cumbria.falls_admissions is None  # the successors' own rates differ; no one figure for the whole
    # a successor asked for by its own code says its figure is its predecessor's
    assert parts[0].care_home_admissions.figure_for == "Cumbria (E10000006)"
    assert parts[0].falls_admissions.value == 1835.4 and parts[0].falls_admissions.period == "2023-24"
    assert figures("E10000023").code == "E06000065"  # North Yorkshire: the same area under a new code


def test_codes_whose_areas_changed_or_that_are_not_hwbs_give_nothing():
    assert figures("E10000009") is None  # Dorset County: Christchurch moved to BCP in 2019
    assert figures("E06999999") is None  # the demo's made-up code
    assert figures("") is None


def test_a_plan_with_no_localities_gets_its_area_s_population_and_own_baselines():
    plan = area_plan("E08000012", "Liverpool")
    got = area_wide_plan(plan)
    liverpool = figures("E08000012")
    assert len(got.localities) == 1
    loc = got.localities[0]
    assert (loc.name, loc.population, loc.population_65_plus, loc.population_85_plus, loc.need_weight) == (
        "Liverpool (whole area)", liverpool.population, liverpool.population_65_plus, liverpool.population_85_plus,
        None)
    assert got.baselines.care_home_admissions_65_plus_per_100k == liverpool.care_home_admissions.value
    assert got.baselines.falls_admissions_65_plus_per_100k == liverpool.falls_admissions.value
    assert got.baselines.emergency_admissions_65_plus_per_100k is None  # England's, in the model
    assert got.lines == plan.lines and got.income == plan.income
    assert area_wide_plan(got) == got
    scores = {r["hwb_code"]: float(r["imd_average_score"]) for r in table("hwb_deprivation.csv")}
    assert loc.deprivation_score == scores["E08000012"]  # the area's own IMD average score


def test_an_area_of_several_hwbs_has_their_deprivation_scores_weighted_by_their_people():
    scores = {r["hwb_code"]: float(r["imd_average_score"]) for r in table("hwb_deprivation.csv")}
    people = {r["hwb_code"]: int(r["all_ages"]) for r in table("hwb_population.csv")}
    parts = ("E06000063", "E06000064")  # Cumberland and Westmorland and Furness, once Cumbria
    expected = sum(people[c] * scores[c] for c in parts) / sum(people[c] for c in parts)
    cumbria = figures("E10000006")
    assert cumbria.imd_average_score == pytest.approx(expected, abs=5e-4)
    assert min(scores[c] for c in parts) < cumbria.imd_average_score < max(scores[c] for c in parts)
    got = area_wide_plan(area_plan("E10000006", "Cumbria"))
    assert got.localities[0].deprivation_score == cumbria.imd_average_score


def test_the_plan_s_own_baselines_stand():
    plan = area_plan("E08000012", baselines=Baselines(care_home_admissions_65_plus_per_100k=600.0))
    got = area_wide_plan(plan)
    assert got.baselines.care_home_admissions_65_plus_per_100k == 600.0
    assert area_wide(got).baselines["care_home_admissions"] == "plan"
    assert area_wide(got).baselines["falls_admissions"] == "area"


def test_plans_with_localities_without_lines_or_of_unknown_areas_are_left_as_they_are():
    demo = demo_plan()
    assert area_wide_plan(demo) is demo and area_wide(demo) is None
    no_lines = area_plan("E06000001", lines=())
    assert area_wide_plan(no_lines) is no_lines
    unknown = area_plan("E06999998")
    assert area_wide_plan(unknown) is unknown
    typed = area_plan("E06000001", localities=(Locality(name="North", population=50_000, population_65_plus=9_000),))
    assert area_wide_plan(typed) is typed and area_wide(typed) is None


def test_the_sentence_says_whose_population_the_pandemic_year_and_how_to_add_localities():
    whole = area_wide(area_wide_plan(area_plan("E06000001", "Hartlepool")))
    s = whole.sentence
    assert "one area-wide locality: Hartlepool, 98,180 people, 19,648 of them aged 65+ (ONS mid-2024" in s
    assert "582.4 per 100,000 aged 65+ (2020-21, a pandemic year" in s
    assert "England's rates for emergency admissions, A&E attendances and falls admissions" in s
    assert s.endswith(TEMPLATE_HINT + ".")
    assert whole.baselines == {"emergency_admissions": "England", "ae_attendances": "England",
                               "care_home_admissions": "area", "falls_admissions": "England"}
    j = whole.as_json()
    assert (j["locality"], j["hwb_codes"], j["population"], j["population_65_plus"], j["population_mid_year"]) == (
        "Hartlepool (whole area)", ["E06000001"], 98_180, 19_648, 2024)
    assert j["sentence"] == s


def test_a_successor_s_sentence_names_the_predecessor_its_figure_is_for():
    s = area_wide(area_wide_plan(area_plan("E06000064", "Westmorland and Furness"))).sentence
    assert "published for its predecessor, Cumbria (E10000006)" in s
    old = area_wide(area_wide_plan(area_plan("E10000021", "Northamptonshire"))).sentence
    assert ("Northamptonshire's area, now North Northamptonshire (E06000061) and West Northamptonshire (E06000062), "
            "813,682 people") in old  # ONS mid-2024: 373,871 and 439,811


def test_refusals_say_what_is_wrong_with_the_area_code():
    unknown = no_localities_sentence(area_plan("E06999998", "Nowhere"), "the impact model")
    assert unknown.startswith("Nowhere: the plan has no localities, and its area code E06999998 is not a Health")
    assert "bcf template" in unknown
    dorset = no_localities_sentence(area_plan("E10000009", "Dorset"), "demand")
    assert "stopped being used in 2019" in dorset and "(E06000059)" in dorset
    known = no_localities_sentence(area_plan("E06000001"), "demand")
    assert known.endswith(TEMPLATE_HINT) and "which demand needs" in known
