"""The Health and Wellbeing Board pack (PowerPoint): its slides in order, each from what it says and how it is set.

What each slide says comes from ``reports.board_pack_content``; ``reports.pptx_deck`` writes it (native,
editable charts for simple figures; pictures of the uncertainty charts drawn by ``reports.chart_pictures``,
each with a native table of its figures; with no browser, native charts and a note saying so); the room text
takes on a slide is estimated by ``reports.slide_layout``.

The Better Care Fund is agreed a year at a time, so the pack leads with the plan year (the ask, the money, the
options, the goals, where the area stands among similar areas, capacity and demand, the national conditions and
sign-off) and puts the horizon's totals, which assume the spend continues in real terms, on slides after them.
Given the year so far (a ``scenarios.track`` Tracking), the pack is a report to the Board and opens with it.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import BinaryIO

from budget.assurance import assure, sign_off_rows
from budget.models import Plan
from budget.submission import Submission
from reports import benchmark as bench
from reports import board_pack_content as say
from reports import charts
from reports import year_so_far as so_far
from reports.board_pack_content import unit_cost_text
from reports.capacity_text import largest_gap_sentence
from reports.chart_pictures import browser_available
from reports.pptx_deck import Deck
from reports.slide_layout import BODY_BOTTOM, MIN_PT, chunks, footer_text
from scenarios.assumptions import load_assumptions
from scenarios.capacity import capacity_plan
from scenarios.goals import goals, plan_weights
from scenarios.schema import Scenario, ScenarioError
from scenarios.views import Summary

__all__ = ["board_pack_bytes", "browser_available", "unit_cost_text", "write_board_pack"]

OPTIONS_PER_SLIDE = 2  # options side by side on a slide, so that their tables are read at the minimum size


def write_board_pack(target: Path | str | BinaryIO, plan: Plan, view: Summary, *,
                     options: list[Summary] | None = None, other_stance: Summary | None = None,
                     scenario: Scenario | None = None, tracking=None) -> str:
    """Write the board pack to `target`; returns a note ('' when every picture was drawn).

    The Better Care Fund is agreed a year at a time, so the ask, the options, the goals, capacity and demand and
    the conditions speak of the plan year (the first of the horizon); the later years, which assume the spend
    continues in real terms, follow under "Beyond the plan year". Wherever the pack states what is planned, it
    says when that is more than the pool's income.

    ``scenario`` is the scenario ``view`` was modelled from: the spend and capacity slides follow its changes, and
    the goals, conditions and sign-off follow its submission (when it is not given: the plan as submitted, with no
    goals, answers or signatures entered).

    ``tracking`` (``scenarios.track.track(...)``'s ``Tracking``) makes the pack a report of the year so far to the
    Board: its slides come first, after the title; without it, the pack has none.
    """
    d = Deck(footer_text(plan.area.name, plan.year, view.scenario_name, plan.illustrative))
    notes: list[str] = []
    submission = scenario.submission if scenario is not None else Submission()
    opts = options or [view]
    _title_slide(d, plan, view)
    if tracking is not None:
        _year_so_far_slides(d, tracking.to_json())
    _ask_slide(d, plan, view)
    _money_slides(d, plan, view, scenario)
    _option_slides(d, plan, view, opts)
    _goals_slide(d, view, submission)
    _standing_slide(d, plan)
    _capacity_slide(d, plan, view, scenario, submission)
    _conditions_slides(d, plan, view, submission)
    _beyond_slides(d, view, opts)
    _horizon_slides(d, view, notes)
    _assurance_slides(d, view, other_stance)
    _closing_slides(d, view, notes)
    d.save(target)
    return " ".join(notes)


def board_pack_bytes(plan: Plan, view: Summary, *, scenario: Scenario | None = None, **kw) -> tuple[bytes, str]:
    """The board pack as bytes, with ``write_board_pack``'s note (keyword arguments as it takes them)."""
    buf = io.BytesIO()
    note = write_board_pack(buf, plan, view, scenario=scenario, **kw)
    return buf.getvalue(), note


def _title_slide(d: Deck, plan: Plan, view: Summary) -> None:
    """The title slide: the fund and year, the area, the board and scenario, the date; the demo says it is made up."""
    lines = say.title_lines(plan, view, dt.date.today())
    d.title_slide(f"Better Care Fund {plan.year}", list(zip(lines, (30, 20, 18), strict=True)),
                  warning="Illustrative demo area: every figure is made up." if plan.illustrative else "")


def _year_so_far_slides(d: Deck, j: dict) -> None:
    """The year so far: the paragraph in words, spend by funding stream, the BCF metrics against goal and range."""
    sub = so_far.subtitle(j)
    d.bullets(d.slide("Year so far", f"{j['year']}, {sub}"), so_far.overview_bullets(j), size=MIN_PT, top=1.5,
              height=5.4)
    d.table_slides("Year so far: spend", f"By funding stream, {sub}", so_far.SPEND_HEADER,
                   so_far.spend_rows(j), [3.9, 1.75, 1.75, 1.55, 1.75, 1.4], name="Year so far: spend",
                   after=so_far.spend_notes(j))
    d.table_slides("Year so far: the BCF metrics", f"Against goal and the plan's range, {sub}",
                   so_far.METRIC_HEADER, so_far.metric_rows(j), so_far.WIDTHS,
                   name="Year so far: the BCF metrics", after=so_far.metric_notes(j))


def _ask_slide(d: Deck, plan: Plan, view: Summary) -> None:
    """What the board is asked to agree, in the plan year's figures."""
    d.bullets(d.slide("The ask", f"{plan.area.name}, {plan.year}"), say.ask_bullets(plan, view), size=20)


def _money_slides(d: Deck, plan: Plan, view: Summary, scenario: Scenario | None) -> None:
    """Income by funding stream, spend by lever in the plan year, then each locality's money beside its need."""
    s = d.slide("The money: income", "Pooled income by funding stream")
    d.text(s, say.spend_sentence(plan, view), 0.6, 1.45, 12.1, 0.75)
    streams, income = say.income_by_stream(plan)
    d.bar_chart(s, streams, {"Income (£)": income}, money=True, horizontal=True, title="Pool by funding stream",
                top=2.25, height=BODY_BOTTOM - 2.25)
    changed = scenario is not None and bool(scenario.changes)
    s = d.slide("The money: spend", f"Spend by lever in {view.years[0]}"
                + (" after the scenario's changes" if changed else " as planned"))
    levers, spend = say.spend_by_lever_bars(plan, scenario)
    # no chart title (the slide's says it): the height goes to the lever names, every one at the minimum size
    d.bar_chart(s, levers, {"Spend (£)": spend}, money=True, horizontal=True, top=1.45, height=5.45)
    need = say.need_slide(plan, scenario)
    if need is not None:
        header, rows, sentence = need
        d.table_slides("The money by locality need", f"Each locality's share of the need and of the money in "
                       f"{view.years[0]}", header, rows, [3.1, 1.8, 1.6, 1.8, 1.8, 2.0], name="Money by locality need",
                       after=[sentence, "Need: people aged 65+, weighted by age (85+) and deprivation; spend on the "
                              "whole area is shared out by need, as the model shares it."])


def _option_columns(group: list[Summary]) -> tuple[list[str], list[float]]:
    """The names heading the options' columns and the tables' widths: a first column, then the options' share."""
    rest = (12.1 - 4.3) / max(len(group), 1)
    return [o.scenario_name for o in group], [4.3] + [rest] * len(group)


def _option_slides(d: Deck, plan: Plan, view: Summary, opts: list[Summary]) -> None:
    """The options in the plan year, at most two a slide so that the tables are read at the minimum size.

    What each pool buys, then what each option changes against the plan as submitted and what it spends.
    """
    year = view.years[0]
    groups = chunks(opts, OPTIONS_PER_SLIDE)
    for n, group in enumerate(groups, start=1):
        names, widths = _option_columns(group)
        s = d.slide("The options: what each pool buys" + say.part(n, len(groups)), f"In {year}: P50 with the 80% range")
        d.table(s, ["Outcome"] + names, say.option_pool_rows(group), widths=widths)
        s = d.slide("The options: what each changes" + say.part(n, len(groups)),
                    f"In {year}, against the plan as submitted; the pool's income is {say.money(plan.total_income)}")
        d.table(s, ["What changes"] + names, say.option_change_rows(plan, year, group), widths=widths)


def _goals_slide(d: Deck, view: Summary, submission: Submission) -> None:
    """Each BCF metric's baseline, the plan year's forecast, the goal in force and the chance of meeting it."""
    year = view.years[0]
    title = "Goals for the BCF metrics"
    with_what = "the scenario's changes" if view.has_changes else "the plan"
    try:
        found = goals(view, submission, plan_weights(submission))
    except ScenarioError as e:
        d.bullets(d.slide(title, year), [f"The goals could not be worked out: {e}."], size=MIN_PT)
        return
    d.table_slides(
        title, f"{year}: forecast with {with_what}, goal and chance of meeting it",
        ["BCF metric", "Baseline (period)", "Forecast: P50 (80% range)", "Goal", "Chance"],
        say.goal_rows(found), [3.9, 2.7, 2.3, 1.8, 1.4], name="Goals for the BCF metrics",
        after=["Forecast: today's trend less the plan's effect. Suggested goal: the forecast's P50. Chance: the share "
               "of the model's runs at or below the goal."])


def _standing_slide(d: Deck, plan: Plan) -> None:
    """Where the area stands: each measure beside its similar areas and England, as the Benchmark page has it."""
    title = "Where the area stands"
    b = say.standing(plan)
    if isinstance(b, str):
        d.bullets(d.slide(title, "Beside similar areas and England"), [b], size=MIN_PT)
        return
    d.table_slides(title, say.standing_subtitle(b), bench.headers(b), bench.measure_rows(b), [4.0, 1.2, 2.5, 2.5, 1.9],
                   name="Where the area stands", after=say.standing_notes(b))
    d.bullets(d.slide(f"{title}: the similar areas", "How the similar areas were chosen"),
              say.similar_area_bullets(b), size=MIN_PT, top=1.5, height=5.4)


def _capacity_slide(d: Deck, plan: Plan, view: Summary, scenario: Scenario | None, submission: Submission) -> None:
    """Intermediate-care demand, capacity and gap over the plan year, by discharge pathway and community service."""
    title, subtitle = "Capacity and demand", say.capacity_subtitle(view, scenario)
    try:
        cap = capacity_plan(plan, submission=submission, scenario=scenario)
    except ScenarioError as e:
        d.bullets(d.slide(title, subtitle), [f"Capacity and demand could not be worked out: {e}."], size=MIN_PT)
        return
    d.table_slides(title, subtitle, ["Pathway or service", "Demand", "Capacity", "Gap"], say.capacity_rows(cap),
                   [6.9, 1.73, 1.73, 1.74], name="Capacity and demand",
                   after=[largest_gap_sentence(cap) + " Gap = capacity − demand; capacity is each line's planned "
                          "outputs, else its spend ÷ a unit cost."])


def _conditions_slides(d: Deck, plan: Plan, view: Summary, submission: Submission) -> None:
    """The national conditions with the area's status and the checks on the plan, then who signs the plan off."""
    year = view.years[0]
    conditions = assure(plan, submission)
    d.table_slides("National conditions", f"{year}: the status the area gives each condition, and the checks",
                   ["Condition", "Status", "What the checks on the plan found"], say.condition_rows(conditions),
                   [4.3, 2.2, 5.6], name="National conditions", after=say.condition_notes(plan, view, conditions))
    rows = sign_off_rows(plan, submission)
    d.table_slides("Sign-off", say.sign_off_words(rows), ["Role", "Organisation", "Name", "Signed on"],
                   say.signatory_rows(rows), [2.9, 4.5, 2.4, 2.3], name="Sign-off")


def _beyond_slides(d: Deck, view: Summary, opts: list[Summary]) -> None:
    """Over the whole horizon, if the spend continues in real terms: what each pool buys, then what each changes."""
    groups = chunks(opts, OPTIONS_PER_SLIDE)
    for n, group in enumerate(groups, start=1):
        names, widths = _option_columns(group)
        part = say.part(n, len(groups))
        d.table_slides(f"Beyond the plan year: what each pool buys{part}",
                       f"Over {say.span(view)}, if the spend continues: P50 with the 80% range",
                       ["Outcome"] + names, say.beyond_pool_rows(group), widths, after=[say.beyond_pool_note(view)])
        d.table_slides(f"Beyond the plan year: what each changes{part}",
                       f"Over {say.span(view)}, if the spend continues, against the plan as submitted",
                       ["What changes"] + names, say.beyond_change_rows(group), widths, after=[say.npv_note(view)])


def _horizon_slides(d: Deck, view: Summary, notes: list[str]) -> None:
    """The fan chart by year with its figures beside it, by locality, and the BCF metric's trajectories."""
    s = d.slide("Impact with uncertainty", "Emergency admissions of people aged 65+ avoided each year, if the spend "
                                           "continues")
    years, fan = say.fan_bars(view)
    d.picture_or_chart(s, charts.fan_chart(view, large=True), lambda sl, *box: d.bar_chart(sl, years, fan, *box),
                       notes, alt=say.fan_alt(view), width=7.6)
    d.table(s, ["Year", "P10", "P50", "P90"], say.fan_rows(view), left=8.5, width=4.2, widths=[1.35, 0.95, 0.95, 0.95],
            name="Figures of the fan chart")

    s = d.slide("By locality", f"Emergency admissions avoided over {say.span(view)}: P10, P50 and P90")
    d.bar_chart(s, *say.locality_bars(view))

    # BCF metrics: the chart across the slide, its figures on the next
    s = d.slide(
        "BCF metrics", "Emergency admissions, 65+, per 100,000: today's services, without the pool, with the plan"
    )
    years, lines = say.metric_bars(view)
    d.picture_or_chart(s, charts.metric_chart(view, say.METRIC, large=True),
                       lambda sl, *box: d.bar_chart(sl, years, lines, *box), notes, alt=say.metric_alt(view))
    s = d.slide("BCF metrics: the figures", f"{view.metrics[say.METRIC].label}, by year (P50s)")
    d.table(s, ["Year", "With today's services", "Without the pool", "With the plan", "With the scenario"],
            say.metric_rows(view), widths=[1.7, 2.6, 2.6, 2.6, 2.6], name="Figures of the BCF metric chart")


def _assurance_slides(d: Deck, view: Summary, other_stance: Summary | None) -> None:
    """How sure are we: controlled evidence against pilot claims in the plan year.

    Then, where there are changes, whether they pay back over the horizon.
    """
    year = view.years[0]
    s = d.slide("How sure are we?", f"Controlled evidence against pilot claims, in {year}")
    if other_stance is not None:
        d.table(s, [f"What the pool buys in {year} (P50)", view.stance_label, other_stance.stance_label],
                say.stance_rows(view, other_stance), widths=[6.5, 2.8, 2.8])
    if not view.has_changes:
        d.bullets(s, ["The plan as submitted proposes no changes, so there is no change to value."],
                  top=5.8 if other_stance is not None else 1.6, size=MIN_PT, height=0.9)
        return
    s = d.slide("Do the changes pay back?", f"Net present value of the changes over {say.span(view)}, over the runs")
    drawn = d.picture(s, charts.ecdf_chart(view, large=True), say.payback_alt(view), 0.6, 1.5, 7.6, 4.9)
    d.table(s, ["Net present value", "Value"], say.payback_rows(view), left=8.5 if drawn else 0.6,
            width=4.2 if drawn else 8.0, widths=[2.3, 1.9] if drawn else [5.0, 3.0],
            name="Figures of the cumulative chart")


def _closing_slides(d: Deck, view: Summary, notes: list[str]) -> None:
    """Risks and assumptions, then the appendix on method and sources (with any note on the pictures)."""
    s = d.slide("Risks and assumptions", "What moves the answer most, and where the figures come from")
    d.bullets(s, say.risk_bullets(view), size=MIN_PT)
    s = d.slide("Appendix: method and sources")
    unit_costs = unit_cost_text(load_assumptions(view.stance).unit_costs)
    d.bullets(s, say.appendix_bullets(view, unit_costs, notes), size=MIN_PT, top=1.2, height=5.6)
