"""The area tables rebuilt from the originals: the shipped tables equal a rebuild from ../shared/data (skipped,
naming the file, where it is absent), and the rules of the rebuild hold on small made-up originals."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from budget.areas_build import INPUTS, TABLES, build, main

SHIPPED = Path(__file__).resolve().parents[3] / "budget" / "reference_data" / "areas"


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_the_shipped_tables_equal_a_rebuild_from_the_originals(shared_data):
    folder = shared_data(INPUTS[0]).parent
    for name in INPUTS[1:]:
        shared_data(name)
    rebuilt = build(folder)
    assert set(rebuilt) == set(TABLES)
    for name, text in rebuilt.items():
        assert (SHIPPED / name).read_text(encoding="utf-8") == text, f"{name} differs from its rebuild"


def write(folder: Path, name: str, header: list[str], body: list[list[object]]) -> None:
    with open(folder / name, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(body)


POP_HEADER = ["utla_code", "utla_name", "mid_year", "all_ages", "age_65_plus", "age_75_plus", "age_85_plus"]
CARE_HEADER = ["utla_code", "utla_name", "utla23_codes", "period", "numerator", "denominator", "value_per_100k"]
FALLS_HEADER = ["IndicatorId", "Category", "Sex", "Year", "AreaCode", "Value", "Count", "Denominator"]
LA_HEADER = ["local-authority-code", "gss-code", "nice-name", "nation", "current-authority", "local-authority-type",
             "end-date", "replaced-by", "area"]
DEP_HEADER = ["utla23_code", "method", "imd_average_score", "idaopi_average_score"]
DISTRICT_HEADER = ["ltla24_code", "pop_all_ages_mid2022", "pop_60_plus_mid2022"]


@pytest.fixture
def originals(tmp_path: Path) -> Path:
    write(tmp_path, "utla_population_by_age.csv", POP_HEADER, [
        ["E06000052", "Cornwall", 2024, 1000, 300, 150, 40],
        ["E06000053", "Isles of Scilly", 2024, 10, 4, 2, 1],
        ["E06000063", "Cumberland", 2024, 500, 100, 50, 10],
        ["E06000064", "Westmorland and Furness", 2024, 400, 120, 60, 12],
        ["E08000012", "Liverpool", 2024, 2000, 300, 140, 30],
    ])
    write(tmp_path, "utla_care_home_admissions_65_plus.csv", CARE_HEADER, [
        ["E06000052", "Cornwall", "E06000052", "2020-21", 30, 290, 10344.8],
        ["E06000053", "Isles of Scilly", "E06000053", "2020-21", 2, 4, 50000.0],
        ["E10000006", "Cumbria", "E06000063;E06000064", "2020-21", 11, 210, 5238.1],
        ["E08000012", "Liverpool", "E08000012", "2020-21", "", "", ""],  # suppressed
    ])
    write(tmp_path, "fingertips_nw_bcf_subset.csv", FALLS_HEADER, [
        ["22401", "", "Persons", "2023", "E08000012", "2792.34237", "2040.0", "76862.0"],
        ["22401", "", "Persons", "2023", "E92000001", "1983.96", "219155.0", "10783087.0"],  # England
        ["22401", "", "Male", "2023", "E08000012", "1.0", "1.0", "1.0"],
        ["22401", "Most deprived decile", "Persons", "2023", "E08000012", "1.0", "1.0", "1.0"],
        ["22401", "", "Persons", "2022", "E08000012", "1.0", "1.0", "1.0"],
    ])
    write(tmp_path, "uk_local_authorities_current.csv", LA_HEADER, [
        ["CMA", "E10000006", "Cumbria", "England", "False", "CTY", "2023-04-01", "CBD,WAF", "6768.0"],
        ["CBD", "E06000063", "Cumberland", "England", "True", "UA", "", "", "3000.0"],
        ["WAF", "E06000064", "Westmorland and Furness", "England", "True", "UA", "", "", "3768.0"],
        ["CHR", "E07000048", "Christchurch", "England", "False", "NMD", "2019-03-31", "CBD", "50.0"],  # a district
        ["CON", "E06000052", "Cornwall", "England", "True", "UA", "", "", "3545.0"],
        ["IOS", "E06000053", "Isles of Scilly", "England", "True", "UA", "", "", "16.0"],
        ["LIV", "E08000012", "Liverpool", "England", "True", "MD", "", "", "112.0"],
        ["ABE", "S12000033", "Aberdeen", "Scotland", "True", "UA", "", "", "186.0"],
    ])
    write(tmp_path, "utla_deprivation_iod2025_derived.csv", DEP_HEADER, [
        ["E06000052", "published (single-tier: district = upper tier)", "22.0", "0.150"],
        ["E06000053", "published (single-tier: district = upper tier)", "12.0", "0.050"],
        ["E06000063", "published (single-tier: district = upper tier)", "25.0", "0.120"],
        ["E06000064", "published (single-tier: district = upper tier)", "15.0", "0.090"],
        ["E08000012", "derived: population-weighted mean of district values", "40.0", "0.300"],
    ])
    write(tmp_path, "ltla_deprivation_iod2025.csv", DISTRICT_HEADER, [
        ["E06000052", 900, 300], ["E06000053", 100, 100], ["E06000063", 1, 1], ["E06000064", 1, 1],
        ["E08000012", 1, 1],
    ])
    return tmp_path


def test_cornwall_and_scilly_are_one_hwb_adding_people_and_admissions_not_rates(originals):
    got = build(originals)
    pop = {r["hwb_code"]: r for r in rows(got["hwb_population.csv"])}
    assert set(pop) == {"E06000052", "E06000063", "E06000064", "E08000012"}
    c = pop["E06000052"]
    assert (c["hwb_name"], c["ons_codes"], c["all_ages"], c["age_65_plus"], c["age_85_plus"]) == (
        "Cornwall and Isles of Scilly", "E06000052;E06000053", "1010", "304", "41")
    care = {r["hwb_code"]: r for r in rows(got["hwb_care_home_admissions.csv"])}
    assert (care["E06000052"]["numerator"], care["E06000052"]["denominator"]) == ("32", "294")
    assert float(care["E06000052"]["per_100k_65_plus"]) == pytest.approx(32 / 294 * 1e5, abs=0.05)
    assert float(care["E06000052"]["per_100k_65_plus"]) != pytest.approx((10344.8 + 50000.0) / 2, rel=0.1)


def test_a_split_predecessor_s_figure_goes_to_each_successor_naming_it(originals):
    care = {r["hwb_code"]: r for r in rows(build(originals)["hwb_care_home_admissions.csv"])}
    for code in ("E06000063", "E06000064"):
        r = care[code]
        assert (r["per_100k_65_plus"], r["figure_for_code"], r["figure_for_name"]) == ("5238.1", "E10000006", "Cumbria")
    assert "E08000012" not in care  # suppressed: no figure, never a zero


def test_falls_keep_the_headline_persons_rate_of_the_year_for_hwbs_only(originals):
    falls = rows(build(originals)["hwb_falls_admissions.csv"])
    assert falls == [{"hwb_code": "E08000012", "period": "2023-24", "count": "2040", "denominator": "76862",
                      "per_100k_65_plus_dsr": "2792.3"}]


def test_old_upper_tier_codes_map_to_their_successors_and_scilly_to_cornwall(originals):
    old = {r["old_code"]: r for r in rows(build(originals)["predecessors.csv"])}
    assert set(old) == {"E10000006", "E06000053"}  # the district is not an upper tier
    assert (old["E10000006"]["hwb_codes"], old["E10000006"]["same_area"]) == ("E06000063;E06000064", "yes")
    assert old["E06000053"]["hwb_codes"] == "E06000052"


def test_deprivation_of_a_combined_hwb_is_weighted_by_population_and_said_to_be_derived(originals):
    dep = {r["hwb_code"]: r for r in rows(build(originals)["hwb_deprivation.csv"])}
    c = dep["E06000052"]
    assert float(c["imd_average_score"]) == pytest.approx((22 * 900 + 12 * 100) / 1000, abs=5e-4)  # all ages
    assert float(c["idaopi_average_score"]) == pytest.approx((0.15 * 300 + 0.05 * 100) / 400, abs=5e-4)  # aged 60+
    assert c["method"] == "derived from districts"
    assert (dep["E06000063"]["method"], dep["E08000012"]["method"]) == ("published", "derived from districts")


def test_land_area_adds_cornwall_and_scilly_and_keeps_to_england_s_current_upper_tiers(originals):
    area = {r["hwb_code"]: r["area_km2"] for r in rows(build(originals)["hwb_land_area.csv"])}
    assert area == {"E06000052": "3561", "E06000063": "3000", "E06000064": "3768", "E08000012": "112"}


def test_a_missing_original_is_named(tmp_path):
    with pytest.raises(FileNotFoundError, match="utla_population_by_age.csv"):
        build(tmp_path)


def test_the_command_writes_every_table(originals, tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    assert main([str(originals), "--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(TABLES)
    assert "hwb_population.csv: 4 rows" in capsys.readouterr().out
    assert (out / "hwb_land_area.csv").read_text(encoding="utf-8").startswith("hwb_code,area_km2\n")
