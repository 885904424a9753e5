"""Published figures for every Health and Wellbeing Board (HWB), and a plan without localities made modellable.

The tables in ``reference_data/areas/`` (rebuilt by ``budget.areas_build``, with their sources, periods,
licences and attributions in ``sources.yaml``) give each HWB its ONS population by age and, where
published, its own rates of permanent care-home admissions (2020-21, a pandemic year) and falls
admissions (2023-24, the North West). ``figures(code)`` finds an HWB by its code or by a code it has
replaced; ``area_wide_plan`` gives a plan in the national template's shape, which has no localities, one
area-wide locality with its HWB's population and the area's own baselines where the plan gives none;
``area_wide`` says so for the pages and ``bcf run``, and ``no_localities_sentence`` says why a plan
cannot be modelled when its area is not known. Only the standard library is used here.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from budget.models import Locality, Plan

FOLDER = Path(__file__).resolve().parent / "reference_data" / "areas"
WORDS = {"emergency_admissions": "emergency admissions", "ae_attendances": "A&E attendances",
         "falls_admissions": "falls admissions", "care_home_admissions": "care-home admissions"}
TEMPLATE_HINT = "add them on the Localities sheet of the BCF Planner input template (bcf template)"


@dataclass(frozen=True)
class Rate:
    """An area's own published rate per 100,000 aged 65+, its period and the area it was published for."""

    value: float
    period: str
    figure_for: str | None = None  # a predecessor area's name and code, when the figure is for it
    pandemic_year: bool = False


@dataclass(frozen=True)
class Area:
    """One HWB's published figures, found by the code asked for (``asked``), which may be a replaced one."""

    code: str  # the HWB's code, or the code asked for when it names an old area now covered by several HWBs
    hwb_codes: tuple[str, ...]
    name: str
    asked: str
    replaced: str | None  # the old area's name when `asked` is a code no longer in use
    now: str  # the HWB(s) covering the area today, named with their codes
    mid_year: int
    population: int
    population_65_plus: int
    population_85_plus: int
    care_home_admissions: Rate | None
    falls_admissions: Rate | None
    imd_average_score: float | None = None  # Index of Multiple Deprivation average score; several HWBs by population

    @property
    def locality_name(self) -> str:
        """The name of the one locality a plan without localities is modelled as."""
        return f"{self.name} (whole area)"


def table(name: str) -> list[dict[str, str]]:
    """The rows of one shipped area table (a file in ``FOLDER``), as text by column."""
    with open(FOLDER / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@cache
def _tables() -> tuple[dict, dict, dict, dict]:
    pop = {r["hwb_code"]: r for r in table("hwb_population.csv")}
    care = {r["hwb_code"]: r for r in table("hwb_care_home_admissions.csv")}
    falls = {r["hwb_code"]: r for r in table("hwb_falls_admissions.csv")}
    old = {r["old_code"]: r for r in table("predecessors.csv")}
    return pop, care, falls, old


@cache
def _deprivation() -> dict[str, dict[str, str]]:
    return {r["hwb_code"]: r for r in table("hwb_deprivation.csv")}


def _imd_score(rows: list[dict[str, str]]) -> float | None:
    """The IMD average score of the HWBs in `rows` together: each HWB's score weighted by its people."""
    dep = _deprivation()
    if not all(r["hwb_code"] in dep and dep[r["hwb_code"]]["imd_average_score"] for r in rows):
        return None
    people = [int(r["all_ages"]) for r in rows]
    scores = [float(dep[r["hwb_code"]]["imd_average_score"]) for r in rows]
    return round(sum(p * x for p, x in zip(people, scores, strict=True)) / sum(people), 3)


def hwb_codes() -> tuple[str, ...]:
    """Every HWB's code, in order."""
    return tuple(sorted(_tables()[0]))


def figures(code: str) -> Area | None:
    """The HWB a plan's area code names, with its figures; None when the code is not one.

    A code replaced between 2019 and 2023 by HWBs covering exactly its area (Buckinghamshire,
    Northamptonshire, Cumbria, North Yorkshire, Somerset) gives those HWBs together; the Isles of
    Scilly's code gives Cornwall and the Isles of Scilly, one HWB. The 2019 Dorset codes, whose
    areas changed, give None (``no_localities_sentence`` says why).
    """
    pop, care, falls, old = _tables()
    code = code.strip().upper()
    if code in pop:
        members, replaced = [code], None
    elif code in old and old[code]["same_area"] == "yes":
        members, replaced = old[code]["hwb_codes"].split(";"), old[code]["old_name"]
    elif code in old and old[code]["ended"] == "":  # part of a combined HWB (the Isles of Scilly)
        whole = figures(old[code]["hwb_codes"])
        return None if whole is None else replace(whole, asked=code)
    else:
        return None
    rows = [pop[c] for c in members]
    name = rows[0]["hwb_name"] if replaced is None else replaced
    now = " and ".join(f"{r['hwb_name']} ({r['hwb_code']})" for r in rows)

    def rate(table: dict, key: str, pandemic: bool) -> Rate | None:
        got = [table.get(c) for c in members]
        if any(r is None for r in got):
            return None
        first = got[0]
        if len(got) > 1 and not all(r.get("figure_for_code") and r["figure_for_code"] == first.get("figure_for_code")
                                    for r in got):
            return None  # separate areas' own rates: no one figure for the whole
        own = f"{first['figure_for_name']} ({first['figure_for_code']})" if first.get("figure_for_code") else None
        return Rate(float(first[key]), first["period"], None if replaced is not None else own, pandemic)

    return Area(code=members[0] if len(members) == 1 else code, hwb_codes=tuple(members), name=name, asked=code,
                replaced=replaced, now=now,
                mid_year=int(rows[0]["mid_year"]), population=sum(int(r["all_ages"]) for r in rows),
                population_65_plus=sum(int(r["age_65_plus"]) for r in rows),
                population_85_plus=sum(int(r["age_85_plus"]) for r in rows),
                care_home_admissions=rate(care, "per_100k_65_plus", True),
                falls_admissions=rate(falls, "per_100k_65_plus_dsr", False), imd_average_score=_imd_score(rows))


def area_wide_plan(plan: Plan) -> Plan:
    """The plan modelled as one area-wide locality when it has expenditure lines but no localities.

    That locality holds the HWB's ONS population, and the area's own published care-home and falls
    admission rates stand in for baselines the plan does not give. A plan with localities, without
    lines or for an area not known is returned as it is.
    """
    if plan.localities or not plan.lines:
        return plan
    area = figures(plan.area.code)
    if area is None:
        return plan
    locality = Locality(name=area.locality_name, population=area.population,
                        population_65_plus=area.population_65_plus, population_85_plus=area.population_85_plus,
                        deprivation_score=area.imd_average_score)
    fill = {}
    b = plan.baselines
    if b.care_home_admissions_65_plus_per_100k is None and area.care_home_admissions is not None:
        fill["care_home_admissions_65_plus_per_100k"] = area.care_home_admissions.value
    if b.falls_admissions_65_plus_per_100k is None and area.falls_admissions is not None:
        fill["falls_admissions_65_plus_per_100k"] = area.falls_admissions.value
    return plan.model_copy(update={"localities": (locality,), "baselines": b.model_copy(update=fill)})


@dataclass(frozen=True)
class AreaWide:
    """What a plan modelled as one area-wide locality is modelled with, and the sentence that says so."""

    area: Area
    baselines: dict[str, str]  # baseline -> "area" (its own published figure), "plan" or "England"
    sentence: str

    def as_json(self) -> dict:
        """For ``bcf run --json``: the locality, its population and where each baseline came from."""
        a = self.area
        return {"locality": a.locality_name, "hwb_codes": list(a.hwb_codes), "population": a.population,
                "population_65_plus": a.population_65_plus, "population_mid_year": a.mid_year,
                "population_source": f"ONS mid-{a.mid_year} population estimates",
                "baselines": dict(self.baselines), "sentence": self.sentence}


def area_wide(plan: Plan) -> AreaWide | None:
    """How a plan is modelled as one area-wide locality (``area_wide_plan``), or None when it is not."""
    if len(plan.localities) != 1:  # the published tables are not read for a plan with its own localities
        return None
    area = figures(plan.area.code)
    if area is None:
        return None
    loc = plan.localities[0]
    if (loc.name, loc.population, loc.population_65_plus) != (area.locality_name, area.population,
                                                              area.population_65_plus):
        return None
    b = plan.baselines
    sources, own = {}, []
    for key, given in (("emergency_admissions", b.emergency_admissions_65_plus_per_100k),
                       ("ae_attendances", b.ae_attendances_per_100k)):
        sources[key] = "England" if given is None else "plan"
    for key, given, rate in (
            ("care_home_admissions", b.care_home_admissions_65_plus_per_100k, area.care_home_admissions),
            ("falls_admissions", b.falls_admissions_65_plus_per_100k, area.falls_admissions)):
        if given is None:
            sources[key] = "England"
        elif rate is not None and given == rate.value:
            sources[key] = "area"
            own.append(_rate_words(WORDS[key], rate))
        else:
            sources[key] = "plan"
    return AreaWide(area, sources, _sentence(plan, area, own, sources))


CITES = {"care_home_admissions": "Adult Social Care Outcomes Framework 2A2",
         "falls_admissions": "OHID Fingertips indicator 22401, age-standardised"}


def published_words(code: str, key: str) -> tuple[str, str] | None:
    """(period, words) for an HWB's own published baseline `key` (care_home_admissions, falls_admissions)."""
    area = figures(code)
    rate = None if area is None else getattr(area, key, None)
    if rate is None:
        return None
    words = f"the area's own published figure ({CITES[key]}, {rate.period}"
    if rate.pandemic_year:
        words += ", a pandemic year, when admissions were lower"
    if rate.figure_for:
        words += f"; published for its predecessor, {rate.figure_for}"
    return rate.period, words + ")"


def _rate_words(words: str, rate: Rate) -> str:
    text = f"{words} at {rate.value:,.1f} per 100,000 aged 65+ ({rate.period}"
    if rate.figure_for:
        text += f", published for its predecessor, {rate.figure_for}"
    if rate.pandemic_year:
        text += ", a pandemic year, when admissions were lower"
    return text + ")"


def _sentence(plan: Plan, area: Area, own: list[str], sources: dict[str, str]) -> str:
    whose = area.name if area.replaced is None else f"{area.replaced}'s area, now {area.now}"
    text = (f"The plan has no localities, so it is modelled as one area-wide locality: {whose}, "
            f"{area.population:,} people, {area.population_65_plus:,} of them aged 65+ (ONS mid-{area.mid_year} "
            "estimates). ")
    parts = ["the area's own " + " and ".join(own)] if own else []
    national = [WORDS[k] for k, v in sources.items() if v == "England"]
    if national:
        parts.append("England's rates for " + (national[0] if len(national) == 1
                                                else ", ".join(national[:-1]) + " and " + national[-1]))
    if parts:
        text += "It uses " + "; ".join(parts) + ". "
    return text + f"To model localities separately, {TEMPLATE_HINT}."


def no_localities_sentence(plan: Plan, needs: str) -> str:
    """Why a plan with no localities cannot be modelled: its area code is not one the tables hold.

    `needs` names what needs the localities ("the impact model", "demand").
    """
    pop, _, _, old = _tables()
    code = plan.area.code.strip().upper()
    head = f"{plan.area.name}: the plan has no localities"
    if code in old and old[code]["same_area"] != "yes":
        now = old[code]["hwb_codes"]
        return (f"{head}, and its area code {code} ({old[code]['old_name']}) stopped being used in "
                f"{old[code]['ended'][:4]}, when its boundaries changed, so there is no population for {needs}; "
                f"give the plan today's area code ({now}), or {TEMPLATE_HINT}")
    if figures(code) is None:
        return (f"{head}, and its area code {code or '(none)'} is not a Health and Wellbeing Board's ONS code, so "
                f"there is no population for {needs}; give the area's code (as E06000001), or {TEMPLATE_HINT}")
    return f"{head} with population figures, which {needs} needs; {TEMPLATE_HINT}"
