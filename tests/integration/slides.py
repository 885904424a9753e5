"""Reading a board pack's slides: the titles a pack has, titles, text, native charts, and the spend slide's chart
by lever."""

from __future__ import annotations

# the titles of a pack's slides after the cover, in order
TITLES = ["The ask", "The money: income", "The money: spend", "The money by locality need",
          "The options: what each pool buys",
          "The options: what each changes", "Goals for the BCF metrics", "Where the area stands",
          "Where the area stands: the similar areas",
          "Capacity and demand", "National conditions", "Sign-off", "Beyond the plan year: what each pool buys",
          "Beyond the plan year: what each changes", "Impact with uncertainty", "By locality", "BCF metrics",
          "BCF metrics: the figures", "How sure are we?", "Risks and assumptions", "Appendix: method and sources"]
# with changes to value, a slide on whether they pay back follows "How sure are we?"
TITLES_WITH_CHANGES = TITLES[:19] + ["Do the changes pay back?"] + TITLES[19:]


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
    """Spend by lever after the scenario's changes, as the spend slide should chart it: {lever label: £}.

    Lines on no modelled lever are one bar of other services (``board_pack_content.NOT_MODELLED``).
    """
    from budget.reference import LEVER_LABELS
    from reports.board_pack_content import NOT_MODELLED
    from scenarios.spend import spend_by_lever

    return {LEVER_LABELS[k] if k != "none" else NOT_MODELLED: v
            for k, v in spend_by_lever(plan, scenario).items() if abs(v) >= 0.5}
