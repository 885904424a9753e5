"""Tables for the two copies of the Excel return, built from one model run.

The writers live in budget.export and know nothing of the model. The analysis copy's tables are
Metrics, Results and Assumptions (`return_tables`); the submission copy's are its goals, capacity and
demand, national conditions and signatories (`submission_parts`).
"""

from __future__ import annotations

from budget.models import Plan
from budget.reference import LEVER_LABELS
from budget.submission import (
    BASELINE_SHIPPED,
    GOAL_COLUMNS,
    GOAL_SUGGESTED,
    RATIONALE_WRITTEN,
    SET_BY_AREA,
)
from budget.tables import Table
from scenarios.assumptions import assumption_table, load_assumptions
from scenarios.goals import Goal, goals, plan_weights
from scenarios.outcomes import RESULT_OUTCOMES, is_money
from scenarios.schema import Scenario
from scenarios.views import Summary, label

GBP = "£#,##0"
COUNT = "#,##0"


def _fmt(outcome: str) -> str:
    return GBP if is_money(outcome) else COUNT


def metrics_table(view: Summary) -> Table:
    """The analysis copy's Metrics sheet: each BCF metric's trajectory, per 100,000 aged 65+, by year.

    With today's services (the observed trend), without the pool (P50), with the plan as submitted
    (P50) and with the scenario (P10, P50, P90).
    """
    rows = []
    for m in view.metrics.values():
        w = m.with_scenario
        for i, year in enumerate(m.years):
            rows.append((m.label, year, m.with_todays_services[i], m.without_pool.p50[i], m.with_plan.p50[i],
                         w.p10[i], w.p50[i], w.p90[i]))
    cols = (
        "Metric",
        "Financial year",
        "With today's services (observed trend)",
        "Without the pool: P50",
        "With the plan as submitted: P50",
        "With the scenario: P10",
        "With the scenario: P50",
        "With the scenario: P90",
    )
    return Table("BCF metric trajectories, per 100,000 aged 65+", cols, tuple(rows),
                 {c: "#,##0.0" for c in cols[2:]},
                 (f"{view.title_suffix}; {view.runs:,} Monte Carlo runs, seed {view.seed}. The observed rate already "
                  "contains today's services; without the pool adds back the effect of established spend.",))


def results_table(view: Summary) -> Table:
    """The analysis copy's Results sheet: P10, P50 and P90 of each outcome.

    The change against the plan as submitted (where the scenario has changes), the appraisal of the
    changes and of the pool, then the pool's results by lever, by locality, by year and over the whole
    horizon.
    """
    rows = []
    if view.has_changes:
        for o in RESULT_OUTCOMES:
            c = view.change(o)
            rows.append(("Change vs the plan as submitted", "All", label(o), c["p10"], c["p50"], c["p90"]))
    for a, title in (
        (view.appraisal_change, "Appraisal of the changes"),
        (view.appraisal_pool, "Appraisal of the pool"),
    ):
        if a is view.appraisal_change and not view.has_changes:
            continue
        for key, name in (
            ("spend", "Present value of spend (£)"),
            ("nhs_benefits", "Present value of NHS benefits (£)"),
            ("council_benefits", "Present value of council benefits (£)"),
            ("net_present_value", "Net present value (£)"),
        ):
            x = getattr(a, key)
            rows.append((title, f"mean {x.mean:,.0f}", name, x.p10, x.p50, x.p90))
    for lever, d in view.by_lever.items():
        for o in RESULT_OUTCOMES:
            if o in d.outcomes:
                rows.append(("By lever", LEVER_LABELS.get(lever, lever), label(o), d[o].p10, d[o].p50, d[o].p90))
    for o, by in view.by_locality.items():
        for loc, s in by.items():
            rows.append(("By locality", loc, label(o), s["p10"], s["p50"], s["p90"]))
    for year, d in view.by_year.items():
        for o in RESULT_OUTCOMES:
            if o in d:
                rows.append(("By year", year, label(o), d[o].p10, d[o].p50, d[o].p90))
    for o in RESULT_OUTCOMES:
        s = view.stat(o)
        rows.append(("Whole horizon", "All", label(o), s["p10"], s["p50"], s["p90"]))
    cols = ("View", "Group", "Outcome", "P10", "P50", "P90")
    return Table("Results by lever, locality and year", cols, tuple(rows), {c: "#,##0" for c in cols[3:]},
                 (f"{view.title_suffix}; {view.runs:,} runs, seed {view.seed}. Outcomes in £ are pounds; others are "
                  "counts (admissions, attendances, bed days, hours).",
                  "Whole horizon, by lever, locality and year: what the pool buys (its schemes against no BCF-funded "
                  "schemes). Change vs the plan as submitted: per-run differences on the same draws. "
                  f"Appraisal: present values at {view.settings.discount_rate:.1%} a year, "
                  f"{view.settings.price_year} prices; the mean is the appraisal figure, P10 to P90 the uncertainty."))


def assumptions_table(stance: str) -> Table:
    """The analysis copy's Assumptions sheet: every figure of the stance, with its source and grade."""
    rows = tuple(
        (
            r["lever_label"],
            r["parameter"],
            r["low"],
            r["central"],
            r["high"],
            r["unit"],
            r["distribution"],
            r["grade_label"],
            r["source"],
        )
        for r in assumption_table(load_assumptions(stance))
    )
    cols = ("Lever", "Parameter", "Low (P10)", "Central", "High (P90)", "Unit", "Distribution", "Evidence grade",
            "Source")
    return Table(f"Assumptions used ({stance} stance), with sources and evidence grades", cols, rows)


def return_tables(view: Summary, stance: str) -> dict[str, Table]:
    """The analysis copy's model sheets, by sheet name: Metrics, Results and Assumptions."""
    return {"Metrics": metrics_table(view), "Results": results_table(view), "Assumptions": assumptions_table(stance)}


def goals_table(found: tuple[Goal, ...], plan_year: str) -> Table:
    """The submission copy's Metrics sheet: one row per BCF metric.

    Each row has the metric's baseline (period and source), the plan's modelled effect (P10, P50, P90),
    the goal, its quarterly profile and rationale. "Baseline set by", "Goal set by" and "Rationale by"
    say which are the area's own, so that ``budget.readers.submission`` reads them back into the area's
    ``Submission``.
    """
    rows = tuple((g.label, g.unit, g.baseline, g.baseline_period, g.baseline_source,
                  SET_BY_AREA if g.own_baseline else BASELINE_SHIPPED, g.effect_p10, g.effect_p50, g.effect_p90,
                  g.goal, SET_BY_AREA if g.set_by_area else GOAL_SUGGESTED, *g.quarterly, g.rationale,
                  SET_BY_AREA if g.own_rationale else RATIONALE_WRITTEN) for g in found)
    figures = ("Baseline", "Plan effect: P10", "Plan effect: P50", "Plan effect: P90", "Goal", "Q1 (Apr to Jun)",
               "Q2 (Jul to Sep)", "Q3 (Oct to Dec)", "Q4 (Jan to Mar)")
    return Table(f"Goals for the BCF metrics, {plan_year}", GOAL_COLUMNS, rows, {c: "#,##0.00" for c in figures},
                 ("The plan's effect is how far its schemes are modelled to lower the metric in the plan year, "
                  "against today's trend (P10 to P90 is the 80% range). The suggested goal is the model's forecast "
                  "of the metric in the plan year (P50). A rate a year is shared over the quarters by the seasonal "
                  "profile; an average is the same in every quarter.",))


def submission_parts(view: Summary | None, scenario: Scenario, plan: Plan, why: str = "") -> dict:
    """The submission copy's model-made parts, as ``budget.export.write_submission`` keyword arguments.

    ``submission`` (the scenario's: goals, assurance statements, sign-off), ``metrics`` (the goals from
    `view` and that submission) and ``capacity`` (the intermediate-care capacity and demand plan for
    the plan as the scenario spends it). With no `view` (the model cannot run on the plan, for the reason
    `why`), the goals and the capacity plan are left for their sheets to say why they are not filled in,
    and the Cover says so too: the plan's own lines, income, national conditions and sign-off are still
    the submission.
    """
    from reports.capacity_table import capacity_table  # noqa: PLC0415
    from scenarios.capacity import capacity_plan  # noqa: PLC0415

    submission = scenario.submission
    notes = []
    if view is None:
        unfilled = ("The goals for the BCF metrics and the capacity and demand plan are not filled in: they come "
                    "from the impact model, which cannot run on this plan yet" + (f" ({why})" if why else "") + ".")
        parts = {"submission": submission, "metrics": None, "capacity": None, "unfilled": unfilled}
        notes.append(unfilled)
    else:
        parts = {"submission": submission,
                 "metrics": goals_table(goals(view, submission, plan_weights(submission)), plan.year),
                 "capacity": capacity_table(capacity_plan(plan, submission=submission, scenario=scenario))}
    if scenario.changes:
        notes.append(unwritten_changes(scenario))
    if notes:
        parts["note"] = " ".join(notes)
    return parts


def unwritten_changes(scenario: Scenario) -> str:
    """What the submission copy says when a scenario's changes are modelled but not written as lines.

    It points to making the scenario the plan (the Plan page's "Make this the plan", ``bcf export --as-plan``),
    which writes the plan year's changes into the lines; changes that start later are said apart.
    """
    now = sum(c.from_year == 1 for c in scenario.changes)
    later = len(scenario.changes) - now
    out = []
    if now:
        out.append(
            f"The scenario's {now} modelled change{'s' if now != 1 else ''} to the plan year (money moved, lines "
            f"added or removed) {'are' if now != 1 else 'is'} in the capacity plan and the analysis copy but not "
            "in the Expenditure sheet, which holds the plan's own lines. To submit "
            f'{"them" if now != 1 else "it"}, make the scenario the plan: "Make this the plan" on the Plan '
            "page (or bcf export --as-plan) writes the changes into the lines."
        )
    if later:
        one = later == 1
        out.append(f"{later} change{'' if one else 's'} start{'s' if one else ''} after the plan year and "
                   f"change{'s' if one else ''} only the later years, which the Expenditure sheet does not hold.")
    return " ".join(out)


def comparison_tables(views: list[Summary]) -> dict[str, Table]:
    """Scenarios side by side: headline, by lever, and metric trajectories, one sheet each.

    Changes against the first scenario are per-run differences on the same draws.
    """
    from scenarios.views import paired_views, value_of_changes  # noqa: PLC0415

    base = views[0]
    cols = ["Outcome (whole horizon)"]
    for v in views:
        cols += [f"{v.scenario_name}: P10", f"{v.scenario_name}: P50", f"{v.scenario_name}: P90"]
    for v in views[1:]:
        cols += [
            f"{v.scenario_name} vs {base.scenario_name}: change P10",
            f"{v.scenario_name} vs {base.scenario_name}: change P50",
            f"{v.scenario_name} vs {base.scenario_name}: change P90",
            f"{v.scenario_name} vs {base.scenario_name}: chance better",
        ]
    diffs = [paired_views(base, v) for v in views[1:]]
    rows = []
    for o in RESULT_OUTCOMES:
        row = [label(o)]
        for v in views:
            s = v.stat(o)
            row += [s["p10"], s["p50"], s["p90"]]
        for d in diffs:
            row += [d[o].p10, d[o].p50, d[o].p90, d[o].probability_better]
        rows.append(tuple(row))
    row = ["Net present value of the changes against the plan as submitted (£)"]
    for v in views:
        c = value_of_changes(v)
        row += [c.p10, c.p50, c.p90]
    for v in views[1:]:
        c = value_of_changes(v, base)
        row += [c.p10, c.p50, c.p90, c.probability_better]
    rows.append(tuple(row))
    headline_t = Table("Scenarios compared: headline results", tuple(cols), tuple(rows),
                       {c: ("0%" if c.endswith("chance better") else "#,##0") for c in cols[1:]},
                       (f"{base.area_name}, {base.plan_year}. Outcomes in £ are pounds; others are counts.",))
    lever_rows = []
    for lever in base.by_lever:
        row = [LEVER_LABELS.get(lever, lever)]
        for v in views:
            d = v.by_lever.get(lever)
            row += [
                d.outcomes[o].p50 if d else 0.0
                for o in ("spend_gbp", "emergency_admissions_avoided", "gross_saving_gbp")
            ]
        lever_rows.append(tuple(row))
    lever_cols = ["Lever"] + [f"{v.scenario_name}: {x}" for v in views
                              for x in ("spend (£)", "admissions avoided P50", "gross saving P50 (£)")]
    lever_t = Table("Scenarios compared by lever, whole horizon", tuple(lever_cols), tuple(lever_rows),
                    {c: "#,##0" for c in lever_cols[1:]})
    metric_rows = []
    for key, m in base.metrics.items():
        for i, year in enumerate(m.years):
            metric_rows.append(tuple([m.label, year, m.with_todays_services[i], m.without_pool.p50[i]]
                                     + [v.metrics[key].with_scenario.p50[i] for v in views]))
    metric_cols = ("Metric", "Financial year", "With today's services", "Without the pool (P50)") + tuple(
        f"{v.scenario_name} (P50)" for v in views)
    metric_t = Table("BCF metric trajectories compared, per 100,000 aged 65+", metric_cols, tuple(metric_rows),
                     {c: "#,##0.0" for c in metric_cols[2:]})
    return {"Headline": headline_t, "By lever": lever_t, "Metrics": metric_t}


def comparison_metadata(views: list[Summary], version: str) -> dict[str, str]:
    """A comparison workbook's metadata: area, plan year, scenarios, stances, runs, seed, version, date."""
    import datetime as dt

    return {
        "Area": f"{views[0].area_name}", "Plan year": views[0].plan_year,
        "Scenarios": "; ".join(v.scenario_name for v in views),
        "Evidence stance": "; ".join(sorted({v.stance_label for v in views})),
        "Monte Carlo runs": f"{views[0].runs:,}", "Seed": str(views[0].seed),
        "BCF Planner version": version, "Created": dt.datetime.now().strftime("%d %B %Y %H:%M"),
    }
