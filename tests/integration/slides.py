"""Reading a board pack's slides: titles, text, native charts, and the spend slide's chart by lever."""

from __future__ import annotations


def slide_title(slide) -> str:
    """The first line of the slide's first text."""
    return next(sh.text_frame.paragraphs[0].text for sh in slide.shapes if sh.has_text_frame)


def charts_of(slide):
    """The native charts on the slide."""
    return [sh.chart for sh in slide.shapes if sh.has_chart]


def by_title(slides, title: str):
    """The slide with this title."""
    (found,) = [s for s in slides if s.shapes.title is not None and s.shapes.title.text == title]
    return found


def slide_text(slide) -> str:
    """All the text on the slide, in one line."""
    return " ".join(sh.text_frame.text for sh in slide.shapes if sh.has_text_frame)


# a scenario moving £1,000,000 a year from assistive technology to integrated locality teams
ONE_MILLION_MOVED = {"name": "Option B", "changes": [
    {"kind": "move", "from": {"lever": "assistive_technology"}, "to": {"lever": "integrated_locality_teams"},
     "amount_gbp": 1_000_000}]}


def lever_chart_values(slides) -> dict[str, float]:
    """Spend by lever as the spend slide's chart holds it: {lever label: £}."""
    (chart,) = charts_of(by_title(slides, "The money: spend"))
    return dict(zip(chart.plots[0].categories, chart.plots[0].series[0].values, strict=True))


def expected_levers(plan, scenario=None) -> dict[str, float]:
    """Spend by lever after the scenario's changes, as the spend slide should chart it: {lever label: £}."""
    from budget.reference import LEVER_LABELS
    from scenarios.spend import spend_by_lever

    return {LEVER_LABELS[k]: v for k, v in spend_by_lever(plan, scenario).items() if abs(v) >= 0.5}
