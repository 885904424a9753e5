"""The board pack read back with python-pptx: slide titles, chart data equal to the engine's, tables,
pictures where a browser exists and native charts with a note where it does not."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest
from pptx import Presentation

from budget.demo import demo_plan
from scenarios import board_pack
from scenarios.assumptions import load_assumptions
from scenarios.schema import Scenario
from scenarios.views import model

TITLES = ["The ask", "The money", "The options", "Impact with uncertainty", "By locality", "BCF metrics",
          "How sure are we?", "Risks and assumptions", "Appendix: method and sources"]


@pytest.fixture(scope="module")
def views():
    plan = demo_plan()
    controlled = model(Scenario(name="Option A"), plan, runs=400, seed=5)
    pilot = model(Scenario(name="Option A", stance="pilot"), plan, runs=400, seed=5)
    return plan, controlled, pilot


def slide_title(slide) -> str:
    return next(sh.text_frame.paragraphs[0].text for sh in slide.shapes if sh.has_text_frame)


def charts_of(slide):
    return [sh.chart for sh in slide.shapes if sh.has_chart]


def test_slides_titles_tables_and_native_chart_data(views):
    plan, controlled, pilot = views
    data, note = board_pack.board_pack_bytes(plan, controlled, options=[controlled, pilot], other_stance=pilot)
    prs = Presentation(io.BytesIO(data))
    slides = list(prs.slides)
    assert [slide_title(s) for s in slides[1:]] == TITLES
    assert "Better Care Fund 2026-27" in slide_title(slides[0])
    # the money: income chart holds the plan's income by stream
    money = charts_of(slides[2])
    assert sorted(money[0].plots[0].series[0].values) == pytest.approx(sorted(plan.income_by_stream().values()))
    # by locality: P50 bars equal the engine's locality P50s
    (loc_chart,) = charts_of(slides[5])
    p50 = next(s for s in loc_chart.plots[0].series if s.name == "P50")
    assert list(p50.values) == pytest.approx([x["p50"] for x in controlled.by_locality["emergency_admissions_avoided"].values()])
    assert list(loc_chart.plots[0].categories) == list(controlled.by_locality["emergency_admissions_avoided"])
    # the options table names both options; the plan as submitted has no changes to value
    table = next(sh.table for sh in slides[3].shapes if sh.has_table)
    cells = [[c.text for c in row.cells] for row in table.rows]
    assert cells[0][1:] == ["Option A", "Option A"]
    assert [r[1:] for r in cells if r[0].startswith("Net present value of the changes")] == [["no changes", "no changes"]]
    # the ask leads with what the option changes and what the pool buys, not the pool's net saving
    ask = " ".join(sh.text_frame.text for sh in slides[1].shapes if sh.has_text_frame)
    assert "no changes are proposed" in ask and "What the whole pool buys" in ask and "net saving" not in ask.lower()
    ea = controlled.stat("emergency_admissions_avoided")
    assert f"about {ea['p50']:,.0f} emergency admissions avoided" in ask
    # every content slide names the area and scenario in its footer
    for s in slides[1:]:
        assert any("Northbrook" in sh.text_frame.text and "Option A" in sh.text_frame.text
                   for sh in s.shapes if sh.has_text_frame)


def test_uncertainty_charts_are_pictures_when_a_browser_exists(views):
    if not board_pack.browser_available():
        pytest.skip("no chromium here: the native-chart fallback is tested below")
    plan, controlled, pilot = views
    data, note = board_pack.board_pack_bytes(plan, controlled, other_stance=pilot)
    prs = Presentation(io.BytesIO(data))
    fan = list(prs.slides)[4]
    assert any(sh.shape_type == 13 for sh in fan.shapes)  # a picture
    assert note == ""


def test_without_a_browser_the_pack_still_comes_with_native_charts_and_a_note(views, monkeypatch):
    plan, controlled, _ = views
    monkeypatch.setattr(board_pack, "browser_available", lambda: False)
    data, note = board_pack.board_pack_bytes(plan, controlled)
    assert "No browser" in note
    prs = Presentation(io.BytesIO(data))
    fan = list(prs.slides)[4]
    (chart,) = charts_of(fan)
    years = list(controlled.by_year)
    assert list(chart.plots[0].categories) == years
    assert list(chart.plots[0].series[0].values) == pytest.approx(
        [controlled.by_year[y]["emergency_admissions_avoided"].p50 for y in years])
    appendix = list(prs.slides)[-1]
    assert any("No browser" in sh.text_frame.text for sh in appendix.shapes if sh.has_text_frame)


def _appendix_text(data: bytes) -> str:
    appendix = list(Presentation(io.BytesIO(data)).slides)[-1]
    return "\n".join(sh.text_frame.text for sh in appendix.shapes if sh.has_text_frame)


def test_the_appendix_quotes_the_unit_costs_of_the_assumption_library(views, monkeypatch):
    plan, controlled, _ = views
    monkeypatch.setattr(board_pack, "browser_available", lambda: False)
    library = load_assumptions()
    costs = library.unit_costs.costs
    text = _appendix_text(board_pack.board_pack_bytes(plan, controlled)[0])
    assert (f"Unit costs {library.unit_costs.prices}: non-elective spell £{costs.emergency_admission.value:,.0f}; "
            f"A&E attendance £{costs.ae_attendance.value:,.0f}; home-care hour £{costs.home_care_hour.value:,.2f}."
            ) in text
    # a figure changed in the library is the figure the slide quotes
    changed = library.model_copy(update={"unit_costs": library.unit_costs.model_copy(update={
        "prices": "2030/31",
        "costs": costs.model_copy(update={
            "emergency_admission": costs.emergency_admission.model_copy(update={"value": 3141.5}),
            "home_care_hour": costs.home_care_hour.model_copy(update={"value": 31.0})})})})
    monkeypatch.setattr(board_pack, "load_assumptions", lambda stance="controlled": changed)
    text = _appendix_text(board_pack.board_pack_bytes(plan, controlled)[0])
    assert "Unit costs 2030/31: non-elective spell £3,141.50;" in text and "home-care hour £31." in text


def test_bcf_export_writes_both(tmp_path):
    xlsx, pptx = tmp_path / "r.xlsx", tmp_path / "p.pptx"
    p = subprocess.run([sys.executable, "-m", "budget", "export", "demo", "--xlsx", str(xlsx), "--pptx", str(pptx),
                        "--runs", "300"], capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    assert xlsx.stat().st_size > 10_000 and len(Presentation(str(pptx)).slides) == 10


HOSTILE = ['=HYPERLINK("http://x","y")', "+1+1", "@SUM(A1)", "http://evil.example"]


def test_names_from_files_reach_the_chart_workbooks_as_text(monkeypatch):
    """Locality, scheme and scenario names are written into each chart's embedded workbook as text:
    no formulas, no hyperlinks, whatever the names begin with."""
    import re
    import zipfile

    monkeypatch.setattr(board_pack, "browser_available", lambda: False)
    plan = demo_plan()
    rename = {loc.name: HOSTILE[i % len(HOSTILE)] + ("" if i < len(HOSTILE) else f" {i}")
              for i, loc in enumerate(plan.localities)}
    plan = plan.model_copy(update={
        "localities": tuple(loc.model_copy(update={"name": rename[loc.name]}) for loc in plan.localities),
        "lines": tuple(x.model_copy(update={"locality": rename.get(x.locality, x.locality),
                                            "scheme_name": HOSTILE[i % len(HOSTILE)]})
                       for i, x in enumerate(plan.lines)),
    })
    view = model(Scenario(name=HOSTILE[0]), plan, runs=200, seed=3)
    data, _ = board_pack.board_pack_bytes(plan, view, options=[view], other_stance=view)
    with zipfile.ZipFile(io.BytesIO(data)) as pack:
        books = [n for n in pack.namelist() if n.startswith("ppt/embeddings/") and n.endswith(".xlsx")]
        assert books
        texts: list[str] = []
        for name in books:
            with zipfile.ZipFile(io.BytesIO(pack.read(name))) as book:
                parts = book.namelist()
                assert not any("hyperlink" in p.lower() or p.endswith(".rels") and "worksheets/_rels" in p
                               for p in parts), (name, parts)
                for part in parts:
                    if part.startswith("xl/worksheets/") and part.endswith(".xml"):
                        xml = book.read(part).decode()
                        assert "<f>" not in xml and "<f " not in xml, (name, part)
                        assert "<hyperlink" not in xml, (name, part)
                if "xl/sharedStrings.xml" in parts:
                    texts += re.findall(r"<t[^>]*>([^<]*)</t>", book.read("xl/sharedStrings.xml").decode())
    from html import unescape

    texts = [unescape(t) for t in texts]
    for name in HOSTILE:
        assert name in texts, name


ONE_MILLION_MOVED = {"name": "Option B", "changes": [
    {"kind": "move", "from": {"lever": "assistive_technology"}, "to": {"lever": "integrated_locality_teams"},
     "amount_gbp": 1_000_000}]}


def lever_chart_values(slide) -> dict[str, float]:
    """Spend by lever as the money slide's second chart holds it: {lever label: £}."""
    chart = charts_of(slide)[1]
    return dict(zip(chart.plots[0].categories, chart.plots[0].series[0].values, strict=True))


def expected_levers(plan, scenario=None) -> dict[str, float]:
    from budget.reference import LEVER_LABELS
    from scenarios.spend import spend_by_lever

    return {LEVER_LABELS[k]: v for k, v in spend_by_lever(plan, scenario).items() if abs(v) >= 0.5}


def test_the_money_slide_shows_spend_by_lever_after_the_scenarios_changes(monkeypatch):
    monkeypatch.setattr(board_pack, "browser_available", lambda: False)
    plan = demo_plan()
    scenario = Scenario.model_validate(ONE_MILLION_MOVED)
    view = model(scenario, plan, runs=200, seed=5)
    data, _ = board_pack.board_pack_bytes(plan, view, scenario=scenario)
    money = list(Presentation(io.BytesIO(data)).slides)[2]
    shown = lever_chart_values(money)
    assert shown == pytest.approx(expected_levers(plan, scenario))
    as_submitted = expected_levers(plan)
    assert shown != pytest.approx(as_submitted)
    assert shown["Assistive technology"] == pytest.approx(as_submitted["Assistive technology"] - 1_000_000)
    assert shown["Integrated locality teams"] == pytest.approx(as_submitted["Integrated locality teams"] + 1_000_000)
    assert list(shown.values()) == sorted(shown.values(), reverse=True)
    assert "after the changes" in charts_of(money)[1].chart_title.text_frame.text
    # with no scenario, the plan as planned
    data, _ = board_pack.board_pack_bytes(plan, view)
    plain = list(Presentation(io.BytesIO(data)).slides)[2]
    assert lever_chart_values(plain) == pytest.approx(as_submitted)
    assert "as planned" in charts_of(plain)[1].chart_title.text_frame.text


def test_chart_names_sit_beside_the_plot_and_money_axes_read_in_millions(views, monkeypatch):
    from pptx.enum.chart import XL_TICK_LABEL_POSITION

    monkeypatch.setattr(board_pack, "browser_available", lambda: False)
    plan, controlled, _ = views
    slides = list(Presentation(io.BytesIO(board_pack.board_pack_bytes(plan, controlled)[0])).slides)
    money, by_locality = charts_of(slides[2]), charts_of(slides[5])
    for chart in money + by_locality:
        assert chart.category_axis.tick_label_position == XL_TICK_LABEL_POSITION.LOW
    for chart in money:  # bar charts: first category at the top, the value axis along the bottom
        assert chart.category_axis.reverse_order
        assert chart.value_axis._element.find(
            "{http://schemas.openxmlformats.org/drawingml/2006/chart}crosses").get("val") == "max"
        assert chart.value_axis.tick_labels.number_format == '"£"#,##0,,"m";"−£"#,##0,,"m";"£"0'
    assert "£" not in by_locality[0].value_axis.tick_labels.number_format


@pytest.mark.parametrize("top, shown", [(20_000_000, '"£"#,##0,,"m"'), (2_500_000, '"£"#,##0.0,,"m"'),
                                        (750_000, '"£"#,##0')])
def test_money_axis_format(top, shown):
    assert board_pack.money_axis_format([0, -top / 2, top]).split(";")[0] == shown


def test_bcf_export_draws_the_scenarios_spend(tmp_path):
    import yaml

    source, pptx = tmp_path / "option_b.yaml", tmp_path / "p.pptx"
    source.write_text(yaml.safe_dump({**ONE_MILLION_MOVED, "base": "demo"}), encoding="utf-8")
    p = subprocess.run([sys.executable, "-m", "budget", "export", str(source), "--pptx", str(pptx), "--runs", "200"],
                       capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    shown = lever_chart_values(list(Presentation(str(pptx)).slides)[2])
    assert shown == pytest.approx(expected_levers(demo_plan(), Scenario.model_validate(ONE_MILLION_MOVED)))
    assert shown != pytest.approx(expected_levers(demo_plan()))


def test_every_slide_has_a_real_title_and_every_picture_and_chart_alt_text_with_figures(views):
    """What screen readers and PowerPoint's accessibility checker look for."""
    plan, controlled, pilot = views
    moved = model(Scenario(name="Move", changes=({"kind": "move", "from": {"lever": "integrated_locality_teams"},
                                                  "to": {"lever": "care_home_support"}, "amount_gbp": 1_000_000},)),
                  plan, runs=200, seed=5)
    data, _ = board_pack.board_pack_bytes(plan, moved, options=[controlled, moved], other_stance=pilot)
    slides = list(Presentation(io.BytesIO(data)).slides)
    assert [s.shapes.title.text for s in slides[1:]] == TITLES
    assert slides[0].shapes.title.text == "Better Care Fund 2026-27"
    described = 0
    for s in slides:
        for sh in s.shapes:
            if sh.shape_type == 13 or sh.has_chart:  # a picture or a chart
                alt = sh._element.xpath("./*[1]/p:cNvPr")[0].get("descr") or ""
                assert len(alt) > 40 and any(ch.isdigit() for ch in alt), (s.shapes.title.text, alt)
                described += 1
    assert described >= 5


def test_titles_subtitles_and_bullets_are_at_least_18_pt(views):
    """Text read from across a room or with a magnifier: every text box but the footer is 18 pt or more
    (tables, chart labels and the footer are smaller to fit; docs/accessibility.md lists them)."""
    plan, controlled, pilot = views
    data, _ = board_pack.board_pack_bytes(plan, controlled, options=[controlled], other_stance=pilot)
    small = []
    for n, s in enumerate(Presentation(io.BytesIO(data)).slides, start=1):
        footer = f"{plan.area.name} · Better Care Fund {plan.year} · {controlled.scenario_name}"
        for sh in s.shapes:
            if not sh.has_text_frame or sh.text_frame.text.startswith(footer):
                continue
            for p in sh.text_frame.paragraphs:
                if p.text.strip() and (p.font.size is None or p.font.size.pt < 18):
                    small.append((n, p.text[:50], p.font.size.pt if p.font.size else None))
    assert not small, small
