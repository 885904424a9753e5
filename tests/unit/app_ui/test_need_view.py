"""The Plan and Optimise pages' view of money by locality need, from the one shared function."""

from __future__ import annotations

from app_ui.need_view import need_view
from budget.models import Locality
from budget.need import locality_need


def test_the_view_is_the_shared_words_and_table():
    locs = (Locality(name="Riverside", population=10_000, population_65_plus=2_100, population_85_plus=300,
                     deprivation_score=30.0),
            Locality(name="Hillside", population=40_000, population_65_plus=7_900, need_weight=1.0))
    rows = locality_need(locs, {"Riverside": 140_000.0, "Hillside": 860_000.0})
    view = need_view(rows)
    assert view.sentences == tuple(r.sentence() for r in rows)
    assert view.sentences[0].startswith(f"Riverside has {rows[0].need_share:.0%} of the need and 14% of the money")
    assert [r["Locality"] for r in view.rows] == ["Riverside", "Hillside"]
    assert view.rows[1]["Need weight"] == "1.00 (typed)" and view.rows[1]["Aged 85+"] == "–"
    assert view.rows[0]["Share of money"] == "14%"
    assert "counted 2.5 times" in view.note and "9% more need a head for every 10 points" in view.note
    assert "The widest gap" in view.summary
