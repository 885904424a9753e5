"""The Benchmark page through Streamlit's AppTest, the goals beside similar areas, and the board pack's slide:
the page's figures and the slide's are the same, and a plan whose area code is not known gets one sentence."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pptx import Presentation
from streamlit.testing.v1 import AppTest

from app_ui.keys import KEY_BYTES, KEY_NAME, KEY_RUNS
from budget.demo import demo_plan
from budget.peers import DEMO_PROFILE, benchmark_area
from reports import benchmark as words
from reports import board_pack, chart_pictures
from scenarios.schema import Scenario
from scenarios.views import model
from tests.integration.builders import plan_workbook, save
from tests.integration.slides import by_title, slide_text
from tests.pages import open_page

pytestmark = pytest.mark.usefixtures("private_store")
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def page(private_store):
    return open_page("benchmark_page", no_exception=True)


def _table_rows(frame) -> list[list[str]]:
    """A table on the page as its rows of text, the index (the measure) first; Markdown's escapes undone."""
    return [[str(i).replace("\\", "")] + [str(v).replace("\\", "") for v in row]
            for i, row in zip(frame.index, frame.values.tolist(), strict=True)]


def test_the_page_shows_the_demo_beside_its_similar_areas_labelled_illustrative(page):
    b = benchmark_area("E06999999", illustrative=True)
    assert [t.value for t in page.title] == ["Where the area stands"]
    assert not page.error
    (warning,) = [w.value.replace("\\", "") for w in page.warning]
    assert "Northbrook (illustrative) is made up" in warning and b["area"]["profile"]["name"] in warning
    tables = [t.value for t in page.table]
    assert _table_rows(tables[1]) == words.measure_rows(b)  # the table beside the chart
    assert [str(v) for v in tables[2].iloc[:, 0]] == [p["name"] for p in b["peers"]]
    assert [str(v) for v in tables[2].iloc[:, 2]] == [f"{p['distance']:.2f}" for p in b["peers"]]
    assert len(tables[3]) == len(b["features"])
    text = " ".join(m.value.replace("\\", "") for m in page.markdown)
    assert all(s in text for s in words.sentences(b))
    assert len(page.get("plotly_chart")) == 1


def test_the_page_and_the_slide_give_the_same_figures(page, monkeypatch):
    monkeypatch.setattr(chart_pictures, "render_png", lambda *a, **k: None)
    plan = demo_plan()
    data, _ = board_pack.board_pack_bytes(plan, model(Scenario(name="Plan"), plan, runs=40, seed=3))
    slides = list(Presentation(io.BytesIO(data)).slides)
    slide = by_title(slides, "Where the area stands")
    (shape,) = [sh for sh in slide.shapes if sh.has_table]
    cells = [[c.text for c in row.cells] for row in shape.table.rows]
    on_page = _table_rows(page.table[1].value)
    assert cells[0] == words.HEADERS
    assert cells[1:] == on_page
    assert "illustrative" in slide_text(slide) and "pandemic year" in slide_text(slide)
    names = slide_text(by_title(slides, "Where the area stands: the similar areas"))
    assert all(str(n) in names for n in page.table[2].value.iloc[:, 0])
    assert f"Calderdale ({DEMO_PROFILE})" in names and "illustration" in names  # the demo's stand-in, said


def test_a_plan_whose_area_is_not_known_gets_one_sentence():
    cover = [("Health and Wellbeing Board", "Testborough"), ("HWB Code", "E06999999"), ("Financial Year", "2025-26")]
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.session_state[KEY_RUNS] = 50
    at.session_state[KEY_BYTES] = save(plan_workbook(cover=cover))
    at.session_state[KEY_NAME] = "testborough.xlsx"
    at.run()
    at.switch_page("app_pages/benchmark_page.py")
    at.run()
    assert not at.exception and not at.error and not at.table
    (said,) = [i.value.replace("\\", "") for i in at.info]
    assert said == ("The plan's area code E06999999 is not a Health and Wellbeing Board's ONS code (as E06000001), "
                    "so it cannot be set beside similar areas.")


def test_the_goals_page_sets_the_care_home_goal_beside_similar_areas():
    at = open_page("goals_page", runs=100, no_exception=True)
    said = [c.value.replace("\\", "") for c in at.caption if "similar areas" in c.value]
    assert len(said) == 1 and "2020-21" in said[0] and "pandemic year" in said[0] and "illustrative" in said[0]
    assert any(e.label.startswith("Similar areas' latest figures (2020-21)") for e in at.expander)
    listed = [m.value.replace("\\", "") for m in at.markdown if "lowest first" in m.value]
    bench = benchmark_area("E06999999", illustrative=True)
    values = sorted(bench["measures"]["care_home_admissions"]["peer_values"].values())
    assert len(listed) == 1 and listed[0].count(";") == len(values) - 1 and f"{values[0]:,.1f}" in listed[0]
