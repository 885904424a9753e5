"""Similar areas: each Health and Wellbeing Board's nearest neighbours, and where it stands among them and England.

The method, in the spirit of NHS England's adult social care peer groups: each HWB is described by the
features in ``FEATURES`` (the population that drives BCF need, from the published tables in
``budget.areas``); each feature is standardised over all HWBs (less the mean, over the standard deviation);
the distance between two HWBs is the Euclidean distance between their standardised features, each squared
difference multiplied by the feature's weight; an HWB's ``PEERS`` nearest are its similar areas. The
measures in ``measures`` are then set beside the peers' and England's quartiles. Only the standard library
is used.
"""

from __future__ import annotations

import difflib
import math
import statistics
from dataclasses import dataclass
from functools import cache

from budget.areas import Area, figures, hwb_codes, table
from budget.demo import DEMO_CODE, DEMO_NAME

PEERS = 15
DIGITS = 4  # decimal places of the figures given


@dataclass(frozen=True)
class Feature:
    """One feature of the distance: its key, what it is in words, its weight and its source."""

    key: str
    label: str
    weight: float
    source: str


FEATURES = (
    Feature("share_65_plus", "People aged 65+, share of the population", 1.0, "ONS mid-2024 population estimates"),
    Feature("share_85_plus", "People aged 85+, share of the population", 1.0, "ONS mid-2024 population estimates"),
    Feature("imd_average_score", "Index of Multiple Deprivation, average score", 1.0,
            "English indices of deprivation 2025"),
    Feature("idaopi_average_score", "Income deprivation affecting older people, share of people aged 60+", 1.0,
            "English indices of deprivation 2025"),
    Feature("log_density", "People per square kilometre (natural logarithm)", 1.0,
            "ONS mid-2024 population estimates; mySociety local authority areas"),
)


@dataclass(frozen=True)
class Measure:
    """A measure set beside the peers': its label, unit, period, source and a caution to show with it."""

    key: str
    label: str
    unit: str
    period: str
    source: str
    caution: str = ""


MEASURES = (
    Measure("share_65_plus", "People aged 65+", "% of the population", "mid-2024",
            "hwb_population.csv"),
    Measure("share_85_plus", "People aged 85+", "% of the population", "mid-2024", "hwb_population.csv"),
    Measure("imd_average_score", "Deprivation (Index of Multiple Deprivation, average score)", "score",
            "IoD2025", "hwb_deprivation.csv"),
    Measure("idaopi_average_score", "Income deprivation affecting older people", "% of people aged 60+",
            "IoD2025", "hwb_deprivation.csv"),
    Measure("care_home_admissions", "Permanent care-home admissions of people aged 65+", "per 100,000 aged 65+",
            "2020-21", "hwb_care_home_admissions.csv",
            "2020-21 was a pandemic year, when admissions were lower across England"),
)


# The illustrative demo area, Northbrook (budget.demo), has no real code. It is benchmarked with the profile of
# Calderdale, a real Health and Wellbeing Board of about its age structure (a fifth of its people aged 65+), towns
# with moorland around them and care-home admissions near England's median: its similar areas are Calderdale's,
# and its figures are Calderdale's, labelled illustrative wherever they are shown.
DEMO_PROFILE = "E08000033"
LOWER, SECOND, THIRD, UPPER = "lowest quartile", "second quartile", "third quartile", "highest quartile"
FENCE = 1.5  # a value more than this many interquartile ranges beyond the peers' quartiles is far outside them


class BenchmarkError(ValueError):
    """An area that cannot be benchmarked, said in one sentence."""


@cache
def _values() -> dict[str, dict[str, float]]:
    """Every HWB's features and measures, by HWB code."""
    pop = {r["hwb_code"]: r for r in table("hwb_population.csv")}
    dep = {r["hwb_code"]: r for r in table("hwb_deprivation.csv")}
    land = {r["hwb_code"]: float(r["area_km2"]) for r in table("hwb_land_area.csv")}
    care = {r["hwb_code"]: float(r["per_100k_65_plus"]) for r in table("hwb_care_home_admissions.csv")}
    out: dict[str, dict[str, float]] = {}
    for code, p in pop.items():
        people = int(p["all_ages"])
        v = {"share_65_plus": 100 * int(p["age_65_plus"]) / people,
             "share_85_plus": 100 * int(p["age_85_plus"]) / people,
             "imd_average_score": float(dep[code]["imd_average_score"]),
             "idaopi_average_score": 100 * float(dep[code]["idaopi_average_score"]),
             "log_density": math.log(people / land[code])}
        if code in care:
            v["care_home_admissions"] = care[code]
        out[code] = v
    return out


@cache
def _standardised() -> dict[str, tuple[float, ...]]:
    values = _values()
    columns = []
    for f in FEATURES:
        xs = [values[c][f.key] for c in hwb_codes()]
        mean, sd = statistics.fmean(xs), statistics.pstdev(xs)
        columns.append([(x - mean) / sd for x in xs])
    return {c: tuple(col[i] for col in columns) for i, c in enumerate(hwb_codes())}


def distance(a: str, b: str) -> float:
    """The weighted Euclidean distance between two HWBs' standardised features."""
    z = _standardised()
    return math.sqrt(sum(f.weight * (x - y) ** 2 for f, x, y in zip(FEATURES, z[a], z[b], strict=True)))


def peers(code: str, n: int = PEERS) -> list[tuple[str, float]]:
    """An HWB's `n` nearest HWBs and their distances, nearest first (ties by code)."""
    return sorted(((c, distance(code, c)) for c in hwb_codes() if c != code), key=lambda x: (x[1], x[0]))[:n]


def find(query: str) -> Area:
    """The HWB AREA names: its ONS code (or one it replaced) or its name, in any case.

    Raises:
        BenchmarkError: no HWB by that code or name, with the nearest names ("did you mean ...?"), or an old
            code now covered by more than one HWB.
    """
    q = " ".join(query.split())
    area = figures(q)
    if area is not None and len(area.hwb_codes) > 1:
        raise BenchmarkError(f"{area.asked} ({area.replaced}) is now {area.now}; benchmark one of them")
    if area is not None:
        return figures(area.code)
    names = {figures(c).name: c for c in hwb_codes()}
    for r in table("predecessors.csv"):  # an old area's name: the HWB now covering it, or the refusal above
        if r["same_area"] == "yes" or r["ended"] == "":
            names.setdefault(r["old_name"], r["old_code"])
    by_lower = {n.lower(): c for n, c in names.items()}
    if q.lower() in by_lower:
        return find(by_lower[q.lower()])
    near = difflib.get_close_matches(q.lower(), list(by_lower), n=3, cutoff=0.6)
    if not near:
        raise BenchmarkError(f"'{q}' is not a Health and Wellbeing Board's name or ONS code (as E06000001)")
    said = [f"{next(n for n in names if n.lower() == x)} ({by_lower[x]})" for x in near]
    raise BenchmarkError(f"'{q}' is not a Health and Wellbeing Board's name or ONS code; did you mean "
                         + (said[0] if len(said) == 1 else ", ".join(said[:-1]) + " or " + said[-1]) + "?")


def quartiles(xs: list[float]) -> list[float]:
    """The lower quartile, median and upper quartile (inclusive method: the values' own range)."""
    if len(xs) == 1:
        return [xs[0]] * 3
    return [float(q) for q in statistics.quantiles(xs, n=4, method="inclusive")]


def standing(code: str, values: dict[str, float], peer_codes: list[str]) -> dict:
    """An HWB's value of one measure beside its peers' and England's: quartiles, median and rank (1 = highest)."""
    everyone = sorted(values.values(), reverse=True)
    peer_values = [values[c] for c in peer_codes if c in values]
    value = values.get(code)

    def r(x):
        return None if x is None else round(x, DIGITS)

    return {"value": r(value),
            "peer_median": r(statistics.median(peer_values)) if peer_values else None,
            "peer_quartiles": [r(x) for x in quartiles(peer_values)] if peer_values else None,
            "peers_with_value": len(peer_values),
            "england_quartiles": [r(x) for x in quartiles(everyone)],
            "rank": None if value is None else 1 + sum(1 for x in everyone if x > value),
            "of": len(everyone),
            "peer_values": {c: r(values[c]) for c in peer_codes if c in values}}


USED = ("hwb_population.csv", "hwb_deprivation.csv", "hwb_land_area.csv", "hwb_care_home_admissions.csv")


def sources(names: tuple[str, ...] = USED) -> dict[str, dict[str, str]]:
    """The source, period, licence and attribution of each table named (``reference_data/areas/sources.yaml``)."""
    from budget.areas import FOLDER
    from budget.package_yaml import read_package_yaml

    data = read_package_yaml(FOLDER, "sources.yaml")
    keep = ("title", "source", "period", "licence", "attribution")
    return {name: {k: str(data[name][k]) for k in keep} for name in names}


def allocation_values(plans) -> dict[str, tuple[str, dict[str, float]]]:
    """Money per person aged 65+ by HWB, from an allocations file's plans: the pool and each funding stream.

    Returns measure key -> (its label, £ per person aged 65+ by HWB code). Plans for areas that are not
    one HWB (an old code now covered by several) are left out.
    """
    from budget.reference import DEFAULT_YEAR, load_reference

    out: dict[str, tuple[str, dict[str, float]]] = {"pool_per_head_65_plus": ("The pool", {})}
    for plan in plans:
        area = figures(plan.area.code)
        if area is None or len(area.hwb_codes) > 1 or not plan.income:
            continue
        try:
            ref = load_reference(plan.year)
        except KeyError:
            ref = load_reference(DEFAULT_YEAR)
        out["pool_per_head_65_plus"][1][area.code] = plan.total_income / area.population_65_plus
        for stream, amount in plan.income_by_stream().items():
            key = f"{stream.replace(':', '_')}_per_head_65_plus"
            label = ref.stream_name(stream) if not stream.startswith("unknown:") else stream[len("unknown:"):]
            out.setdefault(key, (label, {}))[1][area.code] = amount / area.population_65_plus
    return {k: v for k, v in out.items() if v[1]}


def benchmark(query: str, allocations=None, n: int = PEERS) -> dict:
    """AREA beside its `n` similar areas and England, as ``bcf benchmark --json`` gives it.

    ``{area, peers[{code, name, distance}], features[...], measures{KEY: {label, unit, value, period,
    peer_median, peer_quartiles[3], england_quartiles[3], rank, of, caution}}, sources{...}}``; with the plans of
    an allocations file for all HWBs (`allocations`), the pool and each funding stream per person aged 65+ too.

    Raises:
        BenchmarkError: AREA names no HWB (``find``).
    """
    if " ".join(query.split()).upper() == DEMO_CODE:
        return _demo(benchmark(DEMO_PROFILE, allocations, n))
    area = find(query)
    near = peers(area.code, n)
    codes = [c for c, _ in near]
    values = _values()
    measures = {}
    for m in MEASURES:
        by_code = {c: v[m.key] for c, v in values.items() if m.key in v}
        caution = m.caution
        if m.key == "care_home_admissions" and area.care_home_admissions and area.care_home_admissions.figure_for:
            caution += f"; the figure is for {area.care_home_admissions.figure_for}, its predecessor"
        measures[m.key] = {"label": m.label, "unit": m.unit, "period": m.period,
                           **standing(area.code, by_code, codes), "caution": caution}
    for key, (label, by_code) in (allocation_values(allocations) if allocations else {}).items():
        measures[key] = {"label": f"{label} per person aged 65+", "unit": "£ per person aged 65+",
                         "period": allocations[0].year, **standing(area.code, by_code, codes), "caution": ""}
    return {"area": {"code": area.code, "name": area.name, "illustrative": False},
            "peers": [{"code": c, "name": figures(c).name, "distance": round(d, 3)} for c, d in near],
            "features": [{"key": f.key, "label": f.label, "weight": f.weight, "source": f.source} for f in FEATURES],
            "method": ("Euclidean distance over the features, each standardised over all Health and Wellbeing "
                       f"Boards and weighted; the {n} nearest are the similar areas"),
            "measures": measures, "sources": sources()}


def _demo(b: dict) -> dict:
    """The demo area's benchmark: its profile HWB's, with the area named as the demo and labelled illustrative."""
    profile = b["area"]
    return {**b, "area": {"code": DEMO_CODE, "name": DEMO_NAME, "illustrative": True,
                          "profile": {"code": profile["code"], "name": profile["name"]},
                          "sentence": (f"{DEMO_NAME} is made up, so it is shown with the profile of a real area of "
                                       f"about its age structure, {profile['name']} ({profile['code']}): its similar "
                                       f"areas and its figures are {profile['name']}'s, for illustration only.")}}


def benchmark_area(code: str, allocations=None, *, illustrative: bool = False) -> dict:
    """A plan's area, by its ONS code, beside its similar areas and England: ``benchmark``'s result.

    The demo's code gives the demo's illustrative benchmark only for a plan marked illustrative (the demo itself);
    any other plan must name a Health and Wellbeing Board by its code (a name is not looked up).

    Raises:
        BenchmarkError: one sentence when the code names no Health and Wellbeing Board, or an old area now
            covered by several.
    """
    c = " ".join(str(code).split()).upper()
    if c == DEMO_CODE and illustrative:
        return benchmark(c, allocations)
    if not c or c == DEMO_CODE or figures(c) is None:
        raise BenchmarkError(f"The plan's area code {c or '(none)'} is not a Health and Wellbeing Board's ONS code "
                             "(as E06000001), so it cannot be set beside similar areas")
    return benchmark(c, allocations)


def place(value: float, quartiles_: list[float], low: float, high: float) -> str:
    """Where `value` would stand among the similar areas: their quartile it falls in (from the lowest), or beyond.

    `quartiles_` are the peers' lower quartile, median and upper quartile; `low` and `high` their lowest and
    highest value.
    """
    q1, q2, q3 = quartiles_
    if value < low:
        return "below every similar area"
    if value > high:
        return "above every similar area"
    return LOWER if value <= q1 else SECOND if value <= q2 else THIRD if value <= q3 else UPPER


def far_outside(value: float, quartiles_: list[float]) -> bool:
    """True when `value` is more than ``FENCE`` interquartile ranges below the lower or above the upper quartile."""
    q1, _, q3 = quartiles_
    spread = q3 - q1
    return value < q1 - FENCE * spread or value > q3 + FENCE * spread
