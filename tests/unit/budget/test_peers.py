"""Similar areas and where an area stands: distances against a calculation of their own from the tables (NumPy,
whole matrix at once), the metric's properties, quartiles and ranks against NumPy's, and AREA found by code or
name with a sentence for a near miss."""

from __future__ import annotations

import math

import numpy as np
import pytest

from budget.areas import hwb_codes, table
from budget.models import HWBArea, IncomeLine, Plan
from budget.peers import FEATURES, PEERS, BenchmarkError, benchmark, distance, find, peers, quartiles, standing


def feature_matrix() -> np.ndarray:
    """(HWB, feature) from the tables: shares 65+ and 85+, IMD score, older people's income deprivation, log density."""
    pop = {r["hwb_code"]: r for r in table("hwb_population.csv")}
    dep = {r["hwb_code"]: r for r in table("hwb_deprivation.csv")}
    land = {r["hwb_code"]: r for r in table("hwb_land_area.csv")}
    rows = []
    for c in hwb_codes():
        n = float(pop[c]["all_ages"])
        rows.append([float(pop[c]["age_65_plus"]) / n, float(pop[c]["age_85_plus"]) / n,
                     float(dep[c]["imd_average_score"]), float(dep[c]["idaopi_average_score"]),
                     np.log(n / float(land[c]["area_km2"]))])
    return np.array(rows)


def test_distances_equal_a_whole_matrix_calculation():
    x = feature_matrix()
    z = (x - x.mean(axis=0)) / x.std(axis=0)  # a feature's scale (share or per cent) does not matter once standardised
    w = np.array([f.weight for f in FEATURES])
    d = np.sqrt((((z[:, None, :] - z[None, :, :]) ** 2) * w).sum(axis=2))
    codes = list(hwb_codes())
    for i in (0, 40, 151):
        got = peers(codes[i])
        assert len(got) == PEERS
        order = [j for j in np.argsort(d[i], kind="stable") if j != i][:PEERS]
        assert [c for c, _ in got] == [codes[j] for j in order]
        assert [round(x, 9) for _, x in got] == [round(float(d[i, j]), 9) for j in order]


def test_distance_is_a_metric():
    a, b, c = "E06000001", "E09000030", "E10000020"
    assert distance(a, a) == 0
    assert distance(a, b) == distance(b, a) > 0
    assert distance(a, c) <= distance(a, b) + distance(b, c)


def test_peers_are_the_nearest_others_nearest_first():
    got = peers("E08000012")
    assert "E08000012" not in [c for c, _ in got]
    ds = [d for _, d in got]
    assert ds == sorted(ds)
    nearest_outside = min(distance("E08000012", c) for c in hwb_codes() if c not in {"E08000012", *dict(got)})
    assert ds[-1] <= nearest_outside


def test_one_feature_alone_orders_peers_by_that_feature():
    import budget.peers as p

    saved = p.FEATURES
    try:
        p.FEATURES = tuple(f if f.key == "share_85_plus" else type(f)(f.key, f.label, 0.0, f.source) for f in saved)
        p._standardised.cache_clear()
        pop = {r["hwb_code"]: int(r["age_85_plus"]) / int(r["all_ages"]) for r in table("hwb_population.csv")}
        got = [c for c, _ in p.peers("E06000001", 5)]
        expected = sorted((c for c in pop if c != "E06000001"), key=lambda c: (abs(pop[c] - pop["E06000001"]), c))
        assert [abs(pop[c] - pop["E06000001"]) for c in got] == pytest.approx(
            [abs(pop[c] - pop["E06000001"]) for c in expected[:5]])
    finally:
        p.FEATURES = saved
        p._standardised.cache_clear()


def test_quartiles_and_rank_against_numpy():
    rng = np.random.default_rng(5)
    xs = list(rng.normal(100, 20, 37))
    assert quartiles(xs) == pytest.approx(list(np.percentile(xs, [25, 50, 75])))
    values = {f"A{i}": x for i, x in enumerate(xs)}
    top = max(values, key=values.get)
    s = standing(top, values, ["A1", "A2", "A3"])
    assert (s["rank"], s["of"]) == (1, 37)
    assert s["peer_median"] == pytest.approx(float(np.median(xs[1:4])), abs=1e-4)
    low = min(values, key=values.get)
    assert standing(low, values, [])["rank"] == 37 and standing(low, values, [])["peer_median"] is None
    assert standing("missing", values, ["A1"])["value"] is None


def test_an_area_by_code_name_old_code_or_old_name():
    assert find("e06000001").code == find(" Hartlepool ").code == "E06000001"
    assert find("E10000023").code == "E06000065"  # North Yorkshire County: the same area, a new code
    assert find("Isles of Scilly").code == find("E06000053").code == "E06000052"


def test_a_near_miss_asks_did_you_mean_and_a_split_area_names_its_successors():
    with pytest.raises(BenchmarkError, match=r"'Hartlepol' .* did you mean Hartlepool \(E06000001\)\?$"):
        find("Hartlepol")
    with pytest.raises(BenchmarkError, match=r"^E10000006 \(Cumbria\) is now Cumberland \(E06000063\) and "):
        find("Cumbria")
    with pytest.raises(BenchmarkError, match="not a Health and Wellbeing Board's name or ONS code"):
        find("Atlantis")


def test_the_benchmark_has_the_area_its_peers_measures_and_sources():
    b = benchmark("Hartlepool")
    assert b["area"] == {"code": "E06000001", "name": "Hartlepool", "illustrative": False}
    assert [p["code"] for p in b["peers"]] == [c for c, _ in peers("E06000001")]
    share = b["measures"]["share_65_plus"]
    assert share["value"] == pytest.approx(100 * 19_648 / 98_180, abs=1e-4)  # ONS mid-2024
    assert share["england_quartiles"][0] <= share["england_quartiles"][1] <= share["england_quartiles"][2]
    care = b["measures"]["care_home_admissions"]
    assert (care["value"], care["period"]) == (582.4, "2020-21") and "pandemic year" in care["caution"]
    assert care["of"] == 151  # Hackney's figure was not published
    for s in b["sources"].values():
        assert s["licence"] and s["attribution"] and s["period"]
    assert [f["key"] for f in b["features"]] == [f.key for f in FEATURES]


def test_a_successor_s_care_home_figure_is_said_to_be_its_predecessor_s():
    caution = benchmark("E06000064")["measures"]["care_home_admissions"]["caution"]
    assert caution.endswith("the figure is for Cumbria (E10000006), its predecessor")


def test_allocations_give_the_pool_and_each_stream_per_person_aged_65_plus():
    pop65 = {r["hwb_code"]: int(r["age_65_plus"]) for r in table("hwb_population.csv")}
    plans = [Plan(area=HWBArea(code=c, name=c), year="2025-26",
                  income=(IncomeLine(stream="nhs_minimum", amount=pop65[c] * 300.0),
                          IncomeLine(stream="dfg", amount=pop65[c] * (50.0 + i))))
             for i, c in enumerate(hwb_codes())]
    b = benchmark("E06000001", plans)
    pool, dfg = b["measures"]["pool_per_head_65_plus"], b["measures"]["dfg_per_head_65_plus"]
    i = list(hwb_codes()).index("E06000001")
    assert pool["value"] == pytest.approx(350.0 + i) and dfg["value"] == pytest.approx(50.0 + i)
    assert b["measures"]["nhs_minimum_per_head_65_plus"]["england_quartiles"] == pytest.approx([300.0] * 3)
    assert dfg["rank"] == len(plans) - i and dfg["period"] == "2025-26"
    assert not math.isnan(pool["peer_median"])


def test_the_demo_is_benchmarked_with_its_profile_area_s_figures_and_labelled_illustrative():
    from budget.demo import DEMO_CODE, DEMO_NAME, demo_plan
    from budget.peers import DEMO_PROFILE, benchmark_area

    plan = demo_plan()
    demo = benchmark_area(plan.area.code, illustrative=plan.illustrative)
    real = benchmark(DEMO_PROFILE)
    assert (demo["area"]["code"], demo["area"]["name"], demo["area"]["illustrative"]) == (DEMO_CODE, DEMO_NAME, True)
    assert demo["area"]["profile"] == {"code": DEMO_PROFILE, "name": real["area"]["name"]}
    assert real["area"]["name"] in demo["area"]["sentence"] and "illustration" in demo["area"]["sentence"]
    assert demo["peers"] == real["peers"] and demo["measures"] == real["measures"]
    assert DEMO_PROFILE not in [p["code"] for p in demo["peers"]]


def test_a_plan_s_area_is_found_by_its_code_only_and_a_made_up_code_is_one_sentence():
    from budget.demo import DEMO_CODE
    from budget.peers import benchmark_area

    assert benchmark_area(" e06000001 ")["area"]["code"] == "E06000001"
    for code in ("Hartlepool", "E06000099", "", DEMO_CODE):  # the demo's code on a plan that is not the demo
        with pytest.raises(BenchmarkError, match="is not a Health and Wellbeing Board's ONS code") as e:
            benchmark_area(code)
        assert "\n" not in str(e.value)


def test_a_value_s_place_among_the_peers_is_the_quartile_a_count_finds():
    from budget.peers import far_outside, place

    rng = np.random.default_rng(3)
    for _ in range(50):
        xs = sorted(rng.normal(500, 100, 15))
        q = quartiles(xs)
        for v in rng.uniform(200, 800, 20):
            got = place(v, q, xs[0], xs[-1])
            if v < xs[0] or v > xs[-1]:
                assert got == ("below" if v < xs[0] else "above") + " every similar area"
                continue
            quarter = sum(v > x for x in q)  # how many of the three quartiles it is above
            assert got == ["lowest", "second", "third", "highest"][quarter] + " quartile"
            assert not far_outside(v, q) or v < q[0] or v > q[2]
        spread = q[2] - q[0]
        assert far_outside(q[0] - 1.51 * spread, q) and far_outside(q[2] + 1.51 * spread, q)
        assert not far_outside(q[0] - 1.49 * spread, q) and not far_outside(q[2] + 1.49 * spread, q)
