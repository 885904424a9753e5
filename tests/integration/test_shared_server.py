"""One server, many sessions: nothing cached for one session reaches another, and text from files,
scenarios and users is shown literally, never as a live link or image."""

from __future__ import annotations

import ast
import io
import re
from pathlib import Path

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from app_ui.keys import KEY_BYTES, KEY_LINES, KEY_NAME, KEY_RUNS, KEY_SCENARIO
from tests import hostile
from tests.pages import PAGES, everything_rendered

ROOT = Path(__file__).resolve().parents[2]
APP_FILES = [ROOT / "app.py", *sorted((ROOT / "app_ui").glob("*.py")), *sorted((ROOT / "app_pages").glob("*.py"))]


pytestmark = pytest.mark.usefixtures("private_store")


def _cache_decorated(fn: ast.FunctionDef) -> bool:
    for d in fn.decorator_list:
        target = d.func if isinstance(d, ast.Call) else d
        if isinstance(target, ast.Attribute) and target.attr in ("cache_data", "cache_resource"):
            return True
    return False


def test_every_cached_function_keys_every_argument():
    """Streamlit leaves arguments whose names start with '_' out of a cache key: such an argument would let
    one session's plan be served to another. Every cached function in the app must key all it is given."""
    found = 0
    for path in APP_FILES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and _cache_decorated(node):
                found += 1
                a = node.args
                names = [x.arg for x in (*a.posonlyargs, *a.args, *a.kwonlyargs)]
                names += [x.arg for x in (a.vararg, a.kwarg) if x is not None]
                unhashed = [n for n in names if n.startswith("_")]
                assert not unhashed, f"{path.name}:{node.lineno} {node.name} leaves {unhashed} out of its cache key"
    assert found >= 2  # the workbook and model caches are found, so the walk sees decorated functions


def session(workbook: bytes | None = None, name: str = "plan.xlsx") -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.session_state[KEY_RUNS] = 100
    if workbook is not None:
        at.session_state[KEY_BYTES] = workbook
        at.session_state[KEY_NAME] = name
    at.run()
    return at


def export_return(at: AppTest, served: list) -> openpyxl.Workbook:
    start = len(served)
    at.switch_page("app_pages/export_page.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    returns = [data for fname, data in served[start:] if fname and fname.startswith("BCF_return_")]
    assert len(returns) == 1
    return openpyxl.load_workbook(io.BytesIO(returns[0]))


def cover(wb: openpyxl.Workbook) -> dict:
    return {r[0]: r[1] for r in wb["Cover"].iter_rows(values_only=True) if r and r[0]}


def test_two_sessions_each_download_their_own_return(downloads):
    other = hostile.renamed_demo(area="Southvale (second council)", code="E06000047")
    a, b = session(), session(other, "southvale.xlsx")
    first_a = cover(export_return(a, downloads))
    first_b = cover(export_return(b, downloads))
    again_a = cover(export_return(a, downloads))
    assert "Northbrook (illustrative)" in first_a.values() and "E06999999" in first_a.values()
    assert "Southvale (second council)" in first_b.values() and "E06000047" in first_b.values()
    assert "Northbrook (illustrative)" not in first_b.values()
    assert again_a == first_a


def test_an_edit_gives_a_new_return_in_the_same_session(downloads):
    from budget.demo import demo_plan

    at = session()
    before = export_return(at, downloads)
    plan = demo_plan()
    doubled = tuple(x.model_copy(update={"amount": x.amount * 2}) if x.scheme_type == "Community Based Schemes" else x
                    for x in plan.lines)
    at.session_state[KEY_LINES] = doubled
    at.run()
    after = export_return(at, downloads)

    def amounts(wb):
        ws = wb["Expenditure"]
        header = next(r for r in ws.iter_rows(values_only=True) if r and "Scheme ID" in r)
        col = next(i for i, h in enumerate(header) if h and "Expenditure" in str(h))
        return [r[col] for r in ws.iter_rows(values_only=True) if isinstance(r[col], int | float)]

    assert sum(amounts(after)) > sum(amounts(before))


MARKDOWN_ELEMENTS = ("markdown", "caption", "title", "header", "subheader", "error", "warning", "info", "success")
LIVE = [re.compile(p) for p in (
    r"(?<!\\)\]\s*\(",  # [text](address) or ![alt](address)
    r"(?<!\\)<\s*(a|img)\b",  # HTML links and images
    r"(?i)https?\\?:/",  # addresses GitHub-flavoured Markdown links even when escaped ...
    r"(?i)www\\?\.",  # ... unless broken by a zero-width space
    r"\w\\?@\w",
)]


def shown_text(at: AppTest) -> list[str]:
    out = []
    for kind in MARKDOWN_ELEMENTS:
        out += [str(e.value) for e in at.get(kind)]
    for el in at.get("expander"):
        out.append(str(el.label))
    for t in at.table:  # st.table renders Markdown in its cells and headers
        frame = t.value
        out += [str(x) for x in [*frame.columns, *frame.index, *frame.to_numpy().ravel()] if isinstance(x, str)]
    return out


def test_hostile_names_are_shown_literally_on_every_page():
    from scenarios.schema import Scenario

    at = session(hostile.renamed_demo(), hostile.FILE_NAME)
    at.session_state[KEY_SCENARIO] = Scenario(name=hostile.SCENARIO)
    at.run()
    seen_evil = 0
    for page in PAGES:
        if page != "start_page":
            at.switch_page(f"app_pages/{page}.py")
            at.run()
        assert not at.exception, (page, [e.value for e in at.exception])
        for text in shown_text(at):
            seen_evil += hostile.EVIL in text
            for pattern in LIVE:
                assert not pattern.search(text), (page, pattern.pattern, text)
    assert seen_evil >= len(PAGES) - 1  # the hostile names were really on the pages (escaped)


def test_every_submission_field_hostile_is_shown_literally_everywhere():
    """The area's own baselines, rationales, statements and signatories, each a link, an image, an address,
    KaTeX and a directive: on every page, in every label, help tooltip, metric, caption, option and table."""
    from budget.readers import load_bytes
    from scenarios.schema import Scenario

    data = hostile.renamed_demo()
    plan = load_bytes(data, name="hostile.xlsx").plans[0]
    at = session(data, hostile.FILE_NAME)
    at.session_state[KEY_SCENARIO] = Scenario(name=hostile.SCENARIO, submission=hostile.submission(plan))
    at.run()
    seen: dict[str, int] = {}
    for page in PAGES:
        if page != "start_page":
            at.switch_page(f"app_pages/{page}.py")
            at.run()
        assert not at.exception, (page, [e.value for e in at.exception])
        shown = everything_rendered(at)
        for where, text in shown:
            for pattern in [*LIVE, re.compile(r"(?<!\\)\$"), re.compile(r"(?<!\\):red(?<!\\)\[")]:
                assert not pattern.search(text), (page, where, pattern.pattern, text)
        seen[page] = sum(hostile.EVIL in text for _, text in shown)
    # the hostile text really reached the pages that show the submission (escaped, as written)
    assert seen["goals_page"] >= 6 and seen["signoff_page"] >= 6, seen
    at.switch_page("app_pages/goals_page.py")
    at.run()
    helps = [text for where, text in everything_rendered(at) if where == "Metric.help"]
    assert sum(hostile.EVIL in h for h in helps) == 3, helps  # every own baseline's source is in its tooltip


def test_sessions_on_the_same_inputs_share_one_model_run_and_any_difference_runs_its_own(monkeypatch):
    """The sharing rule (docs/security.md): results are shared between sessions keyed by the complete content of
    their inputs, so ten people opening the same plan at a board meeting model it once; another workbook, scenario,
    number of runs or seed is modelled on its own."""
    import streamlit as st

    import scenarios.views

    ran = []
    real = scenarios.views.model

    def counted(scenario, plan, runs=None, seed=None):
        ran.append((plan.area.name, scenario.name, runs, seed))
        return real(scenario, plan, runs=runs, seed=seed)

    monkeypatch.setattr(scenarios.views, "model", counted)
    st.cache_data.clear()
    south = hostile.renamed_demo(area="Southvale (second council)", code="E06000047")
    sessions = [session(south, "southvale.xlsx") for _ in range(3)]
    for at in sessions:
        at.switch_page("app_pages/impact_page.py")
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        assert "Southvale (second council)" in " ".join(c.value for c in at.caption)
    assert len(ran) == 1, ran  # three sessions, one plan: modelled once
    other = session(hostile.renamed_demo(area="Northvale (third council)", code="E06000048"), "northvale.xlsx")
    other.switch_page("app_pages/impact_page.py")
    other.run()
    assert len(ran) == 2 and ran[-1][0] == "Northvale (third council)"  # another plan: its own run
    more = session(south, "southvale.xlsx")
    more.session_state[KEY_RUNS] = 500
    more.switch_page("app_pages/impact_page.py")
    more.run()
    assert len(ran) == 3 and ran[-1][2] == 500  # the same plan with other runs: its own run


def test_what_pages_build_from_the_results_is_shared_by_content_too(monkeypatch, downloads):
    """The same rule for what the pages build from the results: the Impact page's charts with their text
    alternatives, the Export page's comparison workbook and the blank input template are built once for sessions
    with the same inputs, each session is shown the same, and another plan builds its own."""
    import streamlit as st

    import app_ui.results
    import budget.export
    import budget.template
    import reports.charts

    south = hostile.renamed_demo(area="Southvale (second council)", code="E06000047")
    north = hostile.renamed_demo(area="Northvale (third council)", code="E06000048")
    built = []

    def counting(module, name):
        real = getattr(module, name)

        def wrapper(*args, **kwargs):
            built.append(name)
            return real(*args, **kwargs)

        monkeypatch.setattr(module, name, wrapper)

    for kind in app_ui.results.CHARTS:
        counting(reports.charts, kind)
    counting(budget.template, "input_template_bytes")
    counting(budget.export, "write_tables_workbook")
    st.cache_data.clear()
    st.cache_resource.clear()

    def visit(workbook: bytes, name: str) -> tuple[list, list]:
        at = session(workbook, name)  # the Start page, with its template download
        at.switch_page("app_pages/impact_page.py")
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        shown = [c.proto.spec for c in at.get("plotly_chart")]
        at.switch_page("app_pages/export_page.py")
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        return shown, [(f, data) for f, data in downloads if f and f.startswith("BCF_scenarios_")]

    first_charts, first_books = visit(south, "southvale.xlsx")
    once = list(built)
    assert once.count("input_template_bytes") == 1 and once.count("write_tables_workbook") == 1
    drawn = {k: once.count(k) for k in app_ui.results.CHARTS if k in once}
    assert len(drawn) >= 4 and len(first_charts) >= 4  # the Impact page drew its charts through the shared cache
    for _ in range(2):
        charts_again, books_again = visit(south, "southvale.xlsx")
        assert charts_again == first_charts  # every session is shown the same charts
        assert books_again[-1][1] == first_books[-1][1]  # and served the same comparison workbook
    assert built == once, built[len(once):]  # two more sessions on the same plan: nothing built again
    visit(north, "northvale.xlsx")
    again = built[len(once):]
    assert {k: again.count(k) for k in app_ui.results.CHARTS if k in again} == drawn  # another plan: its own charts
    assert again.count("write_tables_workbook") == 1 and again.count("input_template_bytes") == 0

