"""Where the area stands, in rows, sentences and a dot plot: each figure against the shipped tables read afresh and
NumPy's quartiles, each sentence's quartile against a count of the similar areas, and the chart's dots against the
benchmark's own values."""

from __future__ import annotations

import numpy as np
import pytest

from budget.areas import table
from budget.peers import benchmark, benchmark_area
from reports import benchmark as words


@pytest.fixture(scope="module")
def hartlepool():
    return benchmark("E06000001")


def test_figures_are_written_with_their_units():
    assert words.figure_text(19.6123, "% of the population") == "19.6%"
    assert words.figure_text(1234.56, "per 100,000 aged 65+") == "1,234.6"
    assert words.figure_text(412.5, "£ per person aged 65+") == "£412.50"
    assert words.figure_text(None, "score") == "–"
    assert [words.ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st", "111th"]


def test_rows_hold_the_area_its_peers_and_england_from_the_tables(hartlepool):
    rows = {r[0]: r[1:] for r in words.measure_rows(hartlepool)}
    assert len(rows) == len(hartlepool["measures"]) and len(words.headers(hartlepool)) == 5
    pop = {r["hwb_code"]: r for r in table("hwb_population.csv")}
    share = {c: 100 * int(r["age_65_plus"]) / int(r["all_ages"]) for c, r in pop.items()}
    peer = [share[p["code"]] for p in hartlepool["peers"]]
    q = np.percentile(peer, [25, 50, 75])  # NumPy's linear method is the inclusive one
    e = np.percentile(list(share.values()), [25, 50, 75])
    area, peers_cell, england_cell, rank = rows["People aged 65+ (mid-2024)"]
    assert area == f"{share['E06000001']:.1f}%"
    assert peers_cell == f"{q[1]:.1f}% ({q[0]:.1f}% to {q[2]:.1f}%)"
    assert england_cell == f"{e[1]:.1f}% ({e[0]:.1f}% to {e[2]:.1f}%)"
    higher = sum(v > share["E06000001"] for v in share.values())
    assert rank == f"{words.ordinal(higher + 1)} highest of {len(share)}"
    care = [k for k in rows if k.startswith("Care-home admissions")]
    assert care == ["Care-home admissions, per 100,000 aged 65+ (2020-21)"]


def _quartile_by_count(value: float, peer: list[float]) -> str:
    """The quartile of the similar areas a value falls in, found from NumPy's quartiles."""
    q1, q2, q3 = np.percentile(peer, [25, 50, 75])
    if value < min(peer) or value > max(peer):
        return "every similar area"
    return "lowest" if value <= q1 else "second" if value <= q2 else "third" if value <= q3 else "highest"


@pytest.mark.parametrize("code", ["E06000001", "E09000033", "E10000012", "E08000025"])
def test_each_sentence_places_the_area_in_the_quartile_numpy_finds(code):
    b = benchmark(code)
    for key, m in b["measures"].items():
        sentence = words.measure_sentence(b, key)
        assert sentence.startswith(f"{m['label']} ({m['unit']}, {m['period']}): {b['area']['name']} has ")
        if m["value"] is None:
            continue
        assert _quartile_by_count(m["value"], list(m["peer_values"].values())) in sentence
        assert f"{words.ordinal(m['rank'])} highest of {m['of']} in England" in sentence
    assert "pandemic year" in words.measure_sentence(b, "care_home_admissions")
    assert words.sentences(b) == [words.measure_sentence(b, k) for k in b["measures"]]


def test_the_dot_plot_draws_every_similar_area_the_area_and_the_quartiles(hartlepool):
    fig = words.benchmark_figure(hartlepool)
    panels = [m for m in hartlepool["measures"].values() if m["peer_quartiles"] is not None]
    assert len(fig.layout.annotations) >= len(panels)  # a title a panel, and the source
    for i, m in enumerate(panels, start=1):
        axis = "y" if i == 1 else f"y{i}"
        traces = [t for t in fig.data if t.yaxis == axis]
        dots = [t for t in traces if t.name == "A similar area"]
        assert sorted(dots[0].x) == sorted(m["peer_values"].values())
        assert len(dots[0].x) == len(hartlepool["peers"])
        (area,) = [t for t in traces if t.name == "Hartlepool"]
        assert list(area.x) == [m["value"]]
        bars = [list(t.x) for t in traces if t.mode == "lines"]
        assert [m["england_quartiles"][0], m["england_quartiles"][2]] in bars
        assert [m["peer_quartiles"][0], m["peer_quartiles"][2]] in bars
    summary = words.figure_summary(hartlepool)
    assert all(m["label"] in summary for m in panels) and "15 similar areas" in summary


def test_the_demo_is_said_to_be_illustrative_everywhere_it_is_drawn():
    b = benchmark_area("E06999999", illustrative=True)
    fig = words.benchmark_figure(b)
    assert "Illustrative" in fig.layout.title.text
    assert all(s.split(": ", 1)[1].startswith("Northbrook (illustrative) has") for s in words.sentences(b))
    peers_text = words.peers_sentence(b)
    assert all(p["name"] in peers_text for p in b["peers"])
    assert [r[0] for r in words.peer_rows(b)] == [p["name"] for p in b["peers"]]
    assert [r[1] for r in words.feature_rows(b)] == [f"{f['weight']:g}" for f in b["features"]]
