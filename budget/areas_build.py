"""Rebuild the area tables in ``budget/reference_data/areas/`` from the published originals.

    python -m budget.areas_build PATH/TO/DATA [--out FOLDER]

PATH/TO/DATA is the folder holding the original files and the tidy tables made from them (each named
below); ``budget/reference_data/areas/sources.yaml`` says what each original is, its period, licence and
the attribution it needs. The tables are one row per Health and Wellbeing Board (HWB): an upper-tier
authority on April 2023 boundaries, except that Cornwall and the Isles of Scilly form one HWB (under
Cornwall's code). Figures published for an area that has since been reorganised are given to the HWBs
that cover it, each row naming the area the figure is for. Only the standard library is used, so the
tables read the same wherever they are rebuilt.
"""

from __future__ import annotations

import argparse
import csv
import io
from collections.abc import Iterable
from pathlib import Path

POPULATION = "utla_population_by_age.csv"  # ONS mid-2024, April 2023 upper tiers
CARE_HOMES = "utla_care_home_admissions_65_plus.csv"  # ASCOF 2A2, 2020-21
FALLS = "fingertips_nw_bcf_subset.csv"  # OHID Fingertips, North West and England
AUTHORITIES = "uk_local_authorities_current.csv"  # mySociety names and codes, with what replaced what
DEPRIVATION = "utla_deprivation_iod2025_derived.csv"  # IoD2025, upper tier (counties derived from districts)
DISTRICTS = "ltla_deprivation_iod2025.csv"  # IoD2025 by district, with the populations that weight it
INPUTS = (POPULATION, CARE_HOMES, FALLS, AUTHORITIES, DEPRIVATION, DISTRICTS)

CORNWALL, SCILLY = "E06000052", "E06000053"
COMBINED = {CORNWALL: (CORNWALL, SCILLY)}  # HWB code -> the upper-tier areas it covers
COMBINED_NAMES = {CORNWALL: "Cornwall and Isles of Scilly"}
UPPER_TIER = {"UA", "MD", "LBO", "CC", "CTY"}
# predecessors whose successors together cover exactly their area; the 2019 Dorset changes moved
# Christchurch from Dorset county into Bournemouth, Christchurch and Poole, so those do not
SAME_AREA = {"E10000002", "E10000021", "E10000006", "E10000023", "E10000027"}
FALLS_INDICATOR, FALLS_YEAR = "22401", "2023"  # emergency admissions due to falls, 65+; 2023 = 2023-24

TABLES = ("hwb_population.csv", "hwb_care_home_admissions.csv", "hwb_falls_admissions.csv", "predecessors.csv",
          "hwb_deprivation.csv", "hwb_land_area.csv")


def _rows(folder: Path, name: str) -> list[dict[str, str]]:
    with open(folder / name, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def _csv(header: Iterable[str], rows: Iterable[Iterable[object]]) -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return out.getvalue()


def hwb_of(utla_code: str) -> str:
    """The HWB code of an upper-tier area on April 2023 boundaries (the Isles of Scilly: Cornwall's)."""
    return CORNWALL if utla_code == SCILLY else utla_code


def population(folder: Path) -> str:
    """One row per HWB: ONS mid-year population, all ages and aged 65+, 75+ and 85+."""
    keys = ("all_ages", "age_65_plus", "age_75_plus", "age_85_plus")
    by_hwb: dict[str, dict] = {}
    for r in _rows(folder, POPULATION):
        code = hwb_of(r["utla_code"])
        row = by_hwb.setdefault(code, {"name": COMBINED_NAMES.get(code, r["utla_name"]), "codes": [],
                                       "mid_year": r["mid_year"], **dict.fromkeys(keys, 0)})
        if row["mid_year"] != r["mid_year"]:
            raise ValueError(f"{POPULATION}: mixed mid-years for {code}")
        row["codes"].append(r["utla_code"])
        for k in keys:
            row[k] += int(r[k])
    return _csv(("hwb_code", "hwb_name", "ons_codes", "mid_year") + keys,
                ((c, v["name"], ";".join(sorted(v["codes"])), v["mid_year"], *(v[k] for k in keys))
                 for c, v in sorted(by_hwb.items())))


def care_home_admissions(folder: Path) -> str:
    """One row per HWB with a published figure: permanent care-home admissions 65+ per 100,000, 2020-21.

    Areas combined into one HWB add their numerators and denominators (never their rates); an HWB made
    from a predecessor area takes the predecessor's figure and names it.
    """
    hwbs = {hwb_of(r["utla_code"]) for r in _rows(folder, POPULATION)}
    out: dict[str, list] = {}
    parts: dict[str, list[dict]] = {}
    for r in _rows(folder, CARE_HOMES):
        if not r["numerator"] or not r["denominator"]:
            continue  # suppressed: no figure published
        successors = r["utla23_codes"].split(";")
        if successors == [r["utla_code"]]:
            parts.setdefault(hwb_of(r["utla_code"]), []).append(r)
            continue
        for code in successors:  # a predecessor's figure, for each HWB now covering its area
            out[code] = [code, r["period"], r["numerator"], r["denominator"], r["value_per_100k"], r["utla_code"],
                         r["utla_name"]]
    for code, rs in parts.items():
        if len(rs) == 1:
            r = rs[0]
            out[code] = [code, r["period"], r["numerator"], r["denominator"], r["value_per_100k"], "", ""]
            continue
        num, den = sum(int(r["numerator"]) for r in rs), sum(int(r["denominator"]) for r in rs)
        out[code] = [code, rs[0]["period"], num, den, f"{num / den * 1e5:.1f}", "", ""]
    unknown = set(out) - hwbs
    if unknown:
        raise ValueError(f"{CARE_HOMES}: areas that are not HWBs: {sorted(unknown)}")
    return _csv(("hwb_code", "period", "numerator", "denominator", "per_100k_65_plus", "figure_for_code",
                 "figure_for_name"), (out[c] for c in sorted(out)))


def falls_admissions(folder: Path) -> str:
    """One row per HWB in the subset: emergency admissions due to falls, 65+, age-standardised, 2023-24."""
    hwbs = {hwb_of(r["utla_code"]) for r in _rows(folder, POPULATION)}
    rows = []
    for r in _rows(folder, FALLS):
        if (r["IndicatorId"], r["Year"], r["Sex"], r["Category"]) != (FALLS_INDICATOR, FALLS_YEAR, "Persons", ""):
            continue
        if r["AreaCode"] not in hwbs:
            continue  # England's own row
        period = f"{FALLS_YEAR}-{(int(FALLS_YEAR) + 1) % 100:02d}"
        rows.append([r["AreaCode"], period, int(float(r["Count"])), int(float(r["Denominator"])),
                     f"{float(r['Value']):.1f}"])
    return _csv(("hwb_code", "period", "count", "denominator", "per_100k_65_plus_dsr"), sorted(rows))


def predecessors(folder: Path) -> str:
    """Upper-tier codes no longer in use (2019 to 2023) and the Isles of Scilly, with the HWBs covering them."""
    authorities = [r for r in _rows(folder, AUTHORITIES) if r["nation"] == "England"]
    by_la = {r["local-authority-code"]: r for r in authorities}
    rows = []
    for r in authorities:
        if r["current-authority"] == "True" or r["local-authority-type"] not in UPPER_TIER:
            continue
        after = [by_la[c]["gss-code"] for c in r["replaced-by"].split(",")]
        rows.append([r["gss-code"], r["nice-name"], r["end-date"], ";".join(after),
                     "yes" if r["gss-code"] in SAME_AREA else "no"])
    rows.append([SCILLY, "Isles of Scilly", "", CORNWALL, "no"])  # one HWB with Cornwall
    return _csv(("old_code", "old_name", "ended", "hwb_codes", "same_area"), sorted(rows))


def deprivation(folder: Path) -> str:
    """One row per HWB: IoD2025 average scores for all deprivation and older people's income deprivation.

    Each row says whether its scores are MHCLG's own or derived from the districts' (Index of Multiple
    Deprivation; Income Deprivation Affecting Older People).

    Counties' scores are their districts' weighted by population (all ages; aged 60+ for older people's
    income deprivation), as in the tidy table; Cornwall and the Isles of Scilly are combined the same way.
    """
    weights = {r["ltla24_code"]: (int(r["pop_all_ages_mid2022"]), int(r["pop_60_plus_mid2022"]))
               for r in _rows(folder, DISTRICTS)}
    out: dict[str, list] = {}
    parts: dict[str, list[dict]] = {}
    for r in _rows(folder, DEPRIVATION):
        parts.setdefault(hwb_of(r["utla23_code"]), []).append(r)
    for code, rs in parts.items():
        if len(rs) == 1:
            r = rs[0]
            method = "published" if r["method"].startswith("published") else "derived from districts"
            out[code] = [code, "IoD2025", r["imd_average_score"], r["idaopi_average_score"], method]
            continue
        w_all = [weights[r["utla23_code"]][0] for r in rs]
        w_old = [weights[r["utla23_code"]][1] for r in rs]
        imd = sum(float(r["imd_average_score"]) * w for r, w in zip(rs, w_all, strict=True)) / sum(w_all)
        old = sum(float(r["idaopi_average_score"]) * w for r, w in zip(rs, w_old, strict=True)) / sum(w_old)
        out[code] = [code, "IoD2025", f"{imd:.3f}", f"{old:.3f}", "derived from districts"]
    return _csv(("hwb_code", "edition", "imd_average_score", "idaopi_average_score", "method"),
                (out[c] for c in sorted(out)))


def land_area(folder: Path) -> str:
    """One row per HWB: its area in square kilometres (Cornwall and the Isles of Scilly added together)."""
    hwbs = {hwb_of(r["utla_code"]) for r in _rows(folder, POPULATION)}
    area: dict[str, float] = {}
    for r in _rows(folder, AUTHORITIES):
        if r["nation"] != "England" or r["current-authority"] != "True" or r["local-authority-type"] not in UPPER_TIER:
            continue
        code = hwb_of(r["gss-code"])
        area[code] = area.get(code, 0.0) + float(r["area"])
    if set(area) != hwbs:
        raise ValueError(f"{AUTHORITIES}: areas do not match the HWBs: {sorted(set(area) ^ hwbs)}")
    return _csv(("hwb_code", "area_km2"), ((c, f"{area[c]:.0f}") for c in sorted(area)))


def build(folder: Path) -> dict[str, str]:
    """Every table's text, by file name, rebuilt from the files in `folder`."""
    missing = [n for n in INPUTS if not (folder / n).exists()]
    if missing:
        raise FileNotFoundError(f"{folder}: missing {', '.join(missing)}")
    return {"hwb_population.csv": population(folder), "hwb_care_home_admissions.csv": care_home_admissions(folder),
            "hwb_falls_admissions.csv": falls_admissions(folder), "predecessors.csv": predecessors(folder),
            "hwb_deprivation.csv": deprivation(folder), "hwb_land_area.csv": land_area(folder)}


def main(argv: list[str] | None = None) -> int:
    """Rebuild the tables from the originals and write them (by default into the package)."""
    p = argparse.ArgumentParser(description="Rebuild BCF Planner's area tables from the published originals.")
    p.add_argument("data", type=Path, help="folder holding the originals and their tidy tables")
    p.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "reference_data" / "areas")
    args = p.parse_args(argv)
    for name, text in build(args.data).items():
        (args.out / name).write_text(text, encoding="utf-8")
        print(f"{name}: {text.count(chr(10)) - 1} rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
