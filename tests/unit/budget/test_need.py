"""The need formula: hand calculations, its properties, the typed override and its England reference figures."""

from __future__ import annotations

import csv
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from budget.areas import FOLDER
from budget.models import Locality
from budget.need import (
    COMPUTED,
    TYPED,
    computed_weight,
    locality_need,
    method_text,
    need_shares,
    need_summary,
    need_table,
    need_weight,
    parameters,
)

P = parameters()


def loc(name="A", pop=10_000, p65=2_000, p85=None, score=None, weight=None):
    return Locality(name=name, population=pop, population_65_plus=p65, population_85_plus=p85,
                    deprivation_score=score, need_weight=weight)


def test_the_figures_are_the_sourced_ones():
    assert (P.age_85_plus_relative_need, P.gradient_per_10_points, P.score_low, P.score_high) == (2.5, 0.09, 0, 100)
    assert all(P.sources[k] for k in ("age", "deprivation", "england", "measure"))
    assert "Assumption" in P.sources["age"] and "Pereira Gray" in P.sources["deprivation"]


def test_england_s_reference_figures_are_the_shipped_area_tables():
    with (FOLDER / "hwb_population.csv").open(encoding="utf-8") as f:
        pop = {r["hwb_code"]: r for r in csv.DictReader(f)}
    with (FOLDER / "hwb_deprivation.csv").open(encoding="utf-8") as f:
        dep = {r["hwb_code"]: float(r["imd_average_score"]) for r in csv.DictReader(f)}
    older = sum(int(r["age_65_plus"]) for r in pop.values())
    oldest = sum(int(r["age_85_plus"]) for r in pop.values())
    assert P.england_85_plus_share == oldest / older
    people = sum(int(pop[c]["all_ages"]) for c in dep)
    weighted = sum(int(pop[c]["all_ages"]) * s for c, s in dep.items()) / people
    assert P.england_score == pytest.approx(weighted, abs=0.005)  # given to two places


def test_a_worked_example_by_hand():
    # 2,000 aged 65+, 300 of them 85+, IMD score 31.82 (10 points above England's 21.82)
    x = loc(p65=2_000, p85=300, score=31.82)
    england_age = 1 + 1.5 * 1_484_012 / 10_981_092  # 1.2027...
    age = (1 + 1.5 * 300 / 2_000) / england_age  # 1.225 / 1.2027 = 1.0185...
    assert computed_weight(x) == pytest.approx(age * 1.09, rel=1e-12)
    assert computed_weight(x) == pytest.approx(1.1102, abs=1e-4)
    assert need_weight(x) == (computed_weight(x), COMPUTED)


def test_a_locality_like_england_weighs_one_and_missing_figures_count_as_england_s():
    like_england = loc(p65=10_981_092, pop=58_620_101, p85=1_484_012, score=21.82)
    assert computed_weight(like_england) == pytest.approx(1.0, abs=1e-12)
    assert computed_weight(loc()) == 1.0
    assert computed_weight(loc(score=31.82)) == pytest.approx(1.09)
    assert computed_weight(loc(p85=0)) == pytest.approx(1 / (1 + 1.5 * 1_484_012 / 10_981_092))


def test_shares_by_hand_for_two_localities():
    a = loc("A", p65=1_000, p85=100, score=21.82)
    b = loc("B", p65=3_000, p85=300, score=41.82)  # same age structure, 20 points more deprived
    na, nb = 1_000 * 1.0, 3_000 * 1.09 ** 2
    age = (1 + 1.5 * 0.1) / (1 + 1.5 * 1_484_012 / 10_981_092)
    assert need_shares((a, b)) == pytest.approx((na / (na + nb), nb / (na + nb)), rel=1e-12)
    assert computed_weight(a) == pytest.approx(age)


def test_a_typed_weight_overrides_the_computed_one():
    typed = loc("T", p65=1_000, p85=500, score=90, weight=0.5)
    assert need_weight(typed) == (0.5, TYPED)
    other = loc("O", p65=1_000)
    assert need_shares((typed, other)) == pytest.approx((0.5 / 1.5, 1 / 1.5))


def test_no_one_aged_65_plus_shares_by_population():
    assert need_shares((loc("A", pop=100, p65=0), loc("B", pop=300, p65=0))) == pytest.approx((0.25, 0.75))


localities = st.lists(
    st.builds(lambda p65, f85, score, typed: loc(pop=p65 * 5 + 1, p65=p65, p85=None if f85 is None else int(p65 * f85),
                                                score=score, weight=typed),
              st.integers(1, 200_000), st.none() | st.floats(0, 1), st.none() | st.floats(0, 100),
              st.none() | st.floats(0.05, 20)),
    min_size=1, max_size=8)


@settings(max_examples=60, deadline=None)
@given(localities)
def test_need_shares_add_up_to_one(locs):
    shares = need_shares(locs)
    assert math.fsum(shares) == pytest.approx(1.0, abs=1e-12)
    assert all(s > 0 for s in shares)


@settings(max_examples=60, deadline=None)
@given(localities.filter(lambda x: len(x) >= 2), st.data())
def test_doubling_a_locality_s_people_raises_its_share(locs, data):
    i = data.draw(st.integers(0, len(locs) - 1))
    x = locs[i]
    doubled = x.model_copy(update={"population": x.population * 2, "population_65_plus": x.population_65_plus * 2,
                                   "population_85_plus": None if x.population_85_plus is None
                                   else x.population_85_plus * 2})
    before = need_shares(locs)[i]
    after = need_shares([*locs[:i], doubled, *locs[i + 1:]])[i]
    assert after > before
    assert after == pytest.approx(2 * before / (1 + before))  # its need doubles; the others' stays


@settings(max_examples=40, deadline=None)
@given(st.floats(0, 99), st.integers(1, 2_000))
def test_more_deprivation_or_an_older_population_means_more_need_per_head(score, p85):
    assert computed_weight(loc(score=score + 1)) > computed_weight(loc(score=score))
    assert computed_weight(loc(p85=p85)) > computed_weight(loc(p85=p85 - 1))


def test_need_beside_money_in_words():
    a = loc("Riverside", p65=2_100)
    b = loc("Hillside", p65=7_900)
    rows = locality_need((a, b), {"Riverside": 140_000.0, "Hillside": 860_000.0})
    assert [(r.need_share, r.spend_share) for r in rows] == [pytest.approx((0.21, 0.14)), pytest.approx((0.79, 0.86))]
    assert rows[0].spend_per_head_of_need == pytest.approx(140_000 / 2_100)
    assert rows[0].sentence() == "Riverside has 21% of the need and 14% of the money (£67 a head of need)."
    assert need_summary(rows) == ("Across the area the plan spends £100 a year for each person aged 65+, weighted by "
                                  "need. The widest gap: Riverside has 21% of the need and 14% of the money "
                                  "(£67 a head of need).")
    headers, table = need_table(rows)
    assert len(headers) == len(table[0]) and table[0][5:] == ("21%", "14%", "£67")
    assert table[0][4] == "1.00"


def test_money_that_follows_need_is_said_to():
    rows = locality_need((loc("A", p65=1_000), loc("B", p65=3_000)), {"A": 250_500.0, "B": 749_500.0})
    assert need_summary(rows) == ("Across the area the plan spends £250 a year for each person aged 65+, weighted by "
                                  "need. Every locality's share of the money is within one percentage point of its "
                                  "share of the need.")
    assert need_summary(rows[:1]).startswith("With one locality")


def test_the_method_is_told_with_its_figures_and_sources():
    text = method_text()
    assert "counted 2.5 times" in text and "9% more need a head for every 10 points" in text
    assert "Pereira Gray et al. (BMJ Open 2017)" in text and "1.39 times" in text and "a judgement" in text
    assert "Pereira Gray" in P.sources["deprivation"] and "judgement" in P.sources["age"]  # the full sources
