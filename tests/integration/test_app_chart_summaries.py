"""Every chart on the pages that draw charts comes with its text alternatives, through app_ui.figures.show:
a summary in words before it (the figure's own summary, escaped) and "The numbers behind this chart"."""

from __future__ import annotations

import pytest

from app_ui.markdown import md
from reports import chart_text
from tests.pages import open_page

pytestmark = pytest.mark.usefixtures("private_store")


@pytest.fixture
def said(monkeypatch):
    """The summaries written while a page runs, in order."""
    written: list[str] = []
    real = chart_text.figure_summary

    def record(fig):
        written.append(real(fig))
        return written[-1]

    monkeypatch.setattr(chart_text, "figure_summary", record)
    return written


def _check(at, said: list[str]) -> None:
    assert not at.exception, [e.value for e in at.exception]
    drawn = at.get("plotly_chart")
    assert drawn and len(said) == len(drawn)
    shown = [m.value for m in at.markdown]
    for summary in said:
        assert summary and md(summary, limit=2000) in shown, summary
    assert sum(e.label == "The numbers behind this chart" for e in at.expander) == len(drawn)


@pytest.mark.parametrize("page", ["impact_page", "compare_page"])
def test_every_chart_on_the_page_has_a_summary_and_its_numbers(page, said):
    at = open_page(page)
    _check(at, said)


def test_the_optimise_pages_charts_have_a_summary_and_their_numbers(said):
    at = open_page("optimise_page")
    next(b for b in at.button if b.label == "Find the best allocation").click()
    at.run()
    _check(at, said)
    assert any(s.startswith("Efficient frontier") for s in said)
