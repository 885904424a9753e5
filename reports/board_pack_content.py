"""What each slide of the board pack says: its titles' words, its rows, its sentences and its figures' words.

Built from the plan, the ``Summary`` of a run, the goals, the ``CapacityPlan`` and the national conditions; it
knows nothing of PowerPoint (``reports.pptx_deck`` writes it, ``reports.board_pack`` puts it in order). Money is
written as everywhere else (``budget.money``); a change is said in words (``reports.change_words``: '1 more admission').
"""

from __future__ import annotations

import datetime as dt

from budget.assurance import SEVERITY_WORDS, ConditionAssurance
from budget.models import Plan
from budget.money import gbp_price, gbp_short, number, whole
from budget.need import need_summary, need_table
from budget.reference import LEVER_LABELS, load_reference
from budget.submission import Signatory
from reports.change_words import change_words
from reports.change_words import range_words as change_range
from scenarios.assumptions import UnitCostFile, in_words
from scenarios.capacity import CapacityPlan
from scenarios.goals import Goal
from scenarios.outcomes import is_money
from scenarios.schema import Scenario
from scenarios.sourced import GRADE_LABELS
from scenarios.spend import locality_need, spend_by_lever
from scenarios.views import HEADLINE_OUTCOMES, Summary, label, value_of_changes

FAN_OUTCOME = "emergency_admissions_avoided"  # the outcome of the fan chart, the locality chart and the changes
METRIC = "emergency_admissions_65_plus_per_100k"  # the BCF metric whose trajectories the pack draws


# --- how figures are written ---------------------------------------------------------------------------
def money(x: float) -> str:
    """Money in slide text: '£2.5m' from a million pounds, else whole pounds (budget.money.gbp_short)."""
    return gbp_short(x)


def price(x: float) -> str:
    """A unit cost as written in slide text: pence only where there are any (£2,711; £28.53)."""
    return gbp_price(x)


def outcome_value(outcome: str, x: float) -> str:
    """An outcome's figure: money for an outcome in pounds (the register's ``is_money``), else a whole count."""
    return money(x) if is_money(outcome) else whole(x)


def range_words(outcome: str, stat) -> str:
    """A P10/P50/P90 as 'P50 (P10 to P90)' in the outcome's own figures."""
    return (f"{outcome_value(outcome, stat['p50'])} ({outcome_value(outcome, stat['p10'])} to "
            f"{outcome_value(outcome, stat['p90'])})")


def part(n: int, total: int) -> str:
    """What a title adds when a slide is one of several: ' (2 of 3)', else nothing."""
    return f" ({n} of {total})" if total > 1 else ""


def unit_cost_text(unit_costs: UnitCostFile) -> str:
    """The unit costs the appendix quotes, as the assumption library holds them."""
    c = unit_costs.costs
    prices = f" {unit_costs.prices}" if unit_costs.prices else ""
    return (f"Unit costs{prices}: non-elective spell {price(c.emergency_admission.value)}; "
            f"A&E attendance {price(c.ae_attendance.value)}; home-care hour {price(c.home_care_hour.value)}.")


# --- money against the pool's income ---------------------------------------------------------------------
def plan_year_spend(plan: Plan, view: Summary) -> float:
    """The spend in the plan year after the scenario's changes: the plan's lines and the Summary's change in spend."""
    return plan.total_expenditure + view.spend_change_gbp


def against_income(spend: float, income: float) -> str:
    """How spend stands against the pool's income, in words.

    '£1.0m more than the pool's income of £48.3m' when it overspends; else 'within the pool's income of £49.3m',
    with what is left unplanned when that is £1 or more.
    """
    if spend > income + 0.5:
        return f"{money(spend - income)} more than the pool's income of {money(income)}"
    left = income - spend
    return f"within the pool's income of {money(income)}" + (
        f" ({money(left)} not yet planned)" if left >= 1 else "")


def overspends(spend: float, income: float) -> bool:
    """True when spend is more than the pool's income (by more than rounding to the penny)."""
    return spend > income + 0.5


def plan_year_stat(view: Summary, outcome: str):
    """What the whole pool buys of an outcome in the plan year: P10/P50/P90 (``Summary.by_year``)."""
    return view.by_year[view.years[0]][outcome]


def span(view: Summary) -> str:
    """The years of the horizon in words: '5 years, 2026-27 to 2030-31'."""
    return f"{len(view.years)} years, {view.years[0]} to {view.years[-1]}" if len(view.years) > 1 else view.years[0]


# --- the opening slides --------------------------------------------------------------------------------------
def title_lines(plan: Plan, view: Summary, today: dt.date) -> list[str]:
    """The title slide's lines under its title: the area, the board and scenario, the date."""
    return [plan.area.name, f"Health and Wellbeing Board · {view.scenario_name}", today.strftime("%-d %B %Y")]


def ask_bullets(plan: Plan, view: Summary) -> list[str]:
    """What the board is asked to agree, in the plan year's figures.

    The money, what the option changes, what the pool buys, the statutory duties it funds, and the sign-off to
    delegate.
    """
    year, income = view.years[0], plan.total_income
    planned = plan.total_expenditure
    agree = (f"Agree the Better Care Fund plan for {year}: a pooled budget of {money(income)} with "
             f"{money(planned)} planned across {len(plan.lines)} expenditure lines"
             + (f", {against_income(planned, income)}." if overspends(planned, income) else "."))
    if view.has_changes:
        spend = plan_year_spend(plan, view)
        c = view.changes_in_plan_year.get(FAN_OUTCOME)
        effect = (f" Against the plan as submitted, in {year} it means {change_words(FAN_OUTCOME, c['p50'])} "
                  "(emergency admissions of people aged 65+; "
                  f"80% range {change_range(FAN_OUTCOME, c['p10'], c['p90'])}; "
                  f"better in {c['probability_better']:.0%} of runs)." if c is not None else "")
        what_changes = (f"With its changes, {money(spend)} is planned in {year}, "
                        f"{against_income(spend, income)}." + effect)
    else:
        what_changes = "This is the plan as submitted: no changes are proposed against it."
    ea, hours = plan_year_stat(view, FAN_OUTCOME), plan_year_stat(view, "home_care_hours_saved")
    return [
        agree,
        f"Option presented: {view.scenario_name}. {what_changes}",
        f"What the whole pool buys in {year}: about {whole(ea['p50'])} emergency admissions of people aged 65+ "
        f"avoided (80% range {whole(ea['p10'])} to {whole(ea['p90'])}) and {whole(hours['p50'])} home-care hours "
        "saved.",
        "Much of the pool funds statutory duties (Care Act reablement and carers' support, the Disabled Facilities "
        "Grant), whose value is not only in activity avoided.",
        "Delegate sign-off of the planning template to the chief executives and the section 151 officer.",
    ]


def spend_sentence(plan: Plan, view: Summary) -> str:
    """The money slide's sentence: what is planned in the plan year (after any changes) against the income."""
    total = plan_year_spend(plan, view)  # the Summary's: the same as spend_by_lever's total after the changes
    after = " after the scenario's changes" if view.has_changes else ""
    return f"Spend planned in {view.years[0]}{after}: {money(total)}, {against_income(total, plan.total_income)}."


NEED_COLUMNS = ("Locality", "People aged 65+", "Need weight", "Share of need", "Share of money", "£ a head of need")


def need_slide(plan: Plan, scenario: Scenario | None) -> tuple[list[str], list[list[str]], str] | None:
    """Each locality's need beside its money in the plan year, from ``budget.need``'s table and words.

    The header, the rows and the sentence under them; None for a plan with one locality.
    """
    rows = locality_need(plan, scenario)
    if len(rows) < 2:
        return None
    headers, body = need_table(rows)
    pick = [headers.index(h) for h in NEED_COLUMNS]
    return list(NEED_COLUMNS), [[r[i] for i in pick] for r in body], need_summary(rows)


def income_by_stream(plan: Plan) -> tuple[list[str], list[float]]:
    """The pool's income by funding stream: the streams' names and their income, in the plan's order."""
    ref = load_reference(plan.year)
    income = plan.income_by_stream()
    return [ref.stream_name(k) for k in income], list(income.values())


NOT_MODELLED = "Other services (not modelled)"  # the bar of lines on no lever: home care, placements, duties


def spend_by_lever_bars(plan: Plan, scenario: Scenario | None) -> tuple[list[str], list[float]]:
    """Spend by lever in the plan year after the scenario's changes, levers with any spend.

    The modelled levers largest first, then the lines with no modelled effect (home care, residential
    placements, Care Act duties and the like) as one bar of other services, whatever its size.
    """
    spend = spend_by_lever(plan, scenario)
    by_lever = sorted(((v, k) for k, v in spend.items() if abs(v) >= 0.5 and k != "none"), reverse=True)
    names, values = [LEVER_LABELS[k] for _, k in by_lever], [v for v, _ in by_lever]
    if abs(spend.get("none", 0.0)) >= 0.5:
        names.append(NOT_MODELLED)
        values.append(spend["none"])
    return names, values


# --- options, in the plan year and beyond --------------------------------------------------------------------
def option_pool_rows(group: list[Summary]) -> list[list[str]]:
    """What each option's pool buys in the plan year: an outcome a row, P50 with the 80% range an option."""
    return [[label(o)] + [range_words(o, plan_year_stat(v, o)) for v in group] for o in HEADLINE_OUTCOMES]


def option_change_rows(plan: Plan, year: str, group: list[Summary]) -> list[list[str]]:
    """What each option changes in the plan year against the plan as submitted, and what it spends."""
    income = plan.total_income

    def changed(v: Summary) -> str:
        c = v.changes_in_plan_year.get(FAN_OUTCOME)
        if not v.has_changes or c is None:
            return "no changes"
        return f"{change_words(FAN_OUTCOME, c['p50'])}; {c['probability_better']:.0%}"

    def spent(v: Summary) -> str:
        x = plan_year_spend(plan, v)
        return f"{money(x)}: " + (f"{money(x - income)} more than the pool's income" if overspends(x, income)
                                  else "within the pool's income")

    return [[f"Change in emergency admissions in {year} (P50; chance better)"] + [changed(v) for v in group],
            [f"Spend planned in {year}"] + [spent(v) for v in group]]


def beyond_pool_rows(group: list[Summary]) -> list[list[str]]:
    """What each option's pool buys over the whole horizon: an outcome a row, P50 with the 80% range an option."""
    return [[label(o)] + [range_words(o, v.stat(o)) for v in group] for o in HEADLINE_OUTCOMES]


def beyond_change_rows(group: list[Summary]) -> list[list[str]]:
    """What each option changes over the whole horizon: admissions avoided and the changes' net present value."""
    return [["Change in emergency admissions (P50; chance better)"]
            + [f"{change_words(FAN_OUTCOME, v.change(FAN_OUTCOME)['p50'])}; "
               f"{v.change(FAN_OUTCOME)['probability_better']:.0%}"
               if v.has_changes else "no changes" for v in group],
            ["Net present value of the changes (P50; chance it pays back)"]
            + [f"{money(value_of_changes(v).p50)}; {value_of_changes(v).probability_better:.0%}"
               if v.has_changes else "no changes" for v in group]]


def beyond_pool_note(view: Summary) -> str:
    """Why the years after the plan year are an assumption."""
    return (f"The Better Care Fund is agreed a year at a time. These figures assume each line's spend continues "
            f"after {view.years[0]} in real terms, the same each year unless the scenario changes it.")


def npv_note(view: Summary) -> str:
    """What a net present value is, with the discount rate used."""
    return ("Net present value: the money value of the changes' benefits less their cost, in real terms, "
            f"discounted at {view.settings.discount_rate:.1%} a year.")


# --- goals, capacity, conditions and sign-off ---------------------------------------------------------------
def goal_rows(found: tuple[Goal, ...]) -> list[list[str]]:
    """The goals slide's rows: metric, baseline with its period, the plan year's forecast, the goal, the chance."""
    rows = []
    for g in found:
        base, p10, p50, p90, goal = (number(x, g.digits) for x in (g.baseline, g.forecast_p10, g.forecast_p50,
                                                                   g.forecast_p90, g.goal))
        rows.append([g.label, f"{base} ({g.baseline_period})", f"{p50} ({p10} to {p90})",
                     f"{goal} ({'set by the area' if g.set_by_area else 'suggested'})", f"{g.probability_met:.0%}"])
    return rows


def standing(plan: Plan) -> dict | str:
    """The plan's area beside its similar areas (``budget.peers.benchmark_area``), or why not in a sentence."""
    from budget.peers import BenchmarkError, benchmark_area

    try:
        return benchmark_area(plan.area.code, illustrative=plan.illustrative)
    except BenchmarkError as e:
        return f"{e}."


def standing_subtitle(b: dict) -> str:
    """The slide's subtitle: the area (the demo's name says it is illustrative) and its number of similar areas."""
    return f"{b['area']['name']} beside its {len(b['peers'])} similar areas and England"


def standing_notes(b: dict) -> list[str]:
    """The sentence under the table: the demo's illustrative profile, how to read it, and each measure's caution."""
    from reports.benchmark import HOW_READ

    profile = [f"Illustrative: the figures are {b['area']['profile']['name']}'s."] if b["area"]["illustrative"] else []
    return [" ".join(profile + [HOW_READ] + [f"{m['caution'][0].upper()}{m['caution'][1:]}."
                                             for m in b["measures"].values() if m["caution"]])]


def similar_area_bullets(b: dict) -> list[str]:
    """The second slide's bullets: the similar areas and their distances, how they were chosen, the demo's profile."""
    return ([b["area"]["sentence"]] if b["area"].get("illustrative") else []) + [
        "Nearest first (distance): " + ", ".join(f"{p['name']} ({p['distance']:.2f})" for p in b["peers"]) + ".",
        "Chosen by: " + "; ".join(f"{f['label']} (weight {f['weight']:g})" for f in b["features"]) + ".",
        b["method"] + "."]


def capacity_subtitle(view: Summary, scenario: Scenario | None) -> str:
    """The capacity slide's subtitle: the plan year, as planned or after the scenario's changes."""
    changed = scenario is not None and bool(scenario.changes)
    return f"Intermediate care in {view.years[0]}, people a year" + (
        " after the scenario's changes" if changed else " as planned")


def capacity_rows(cap: CapacityPlan) -> list[list[str]]:
    """The capacity slide's rows: each pathway and service with its demand, capacity and gap over the plan year."""
    return [[f.label, whole(sum(f.demand)), whole(sum(f.capacity)), whole(f.year_gap)]
            for f in cap.flows().values()]


def checks_words(c: ConditionAssurance) -> str:
    """What the BCF rules' checks on the plan found for a condition: what needs attention, else that all passed."""
    flagged = [f for f in c.findings if f.severity != "green"]
    if flagged:
        return "; ".join(f"{SEVERITY_WORDS[f.severity]}: {f.title}" for f in flagged)
    if c.findings:
        return f"Green: {len(c.findings)} check{'s' if len(c.findings) != 1 else ''} passed"
    return "No check bears on it"


def condition_rows(conditions: tuple[ConditionAssurance, ...]) -> list[list[str]]:
    """The national conditions slide's rows: condition, the area's status, what the checks on the plan found."""
    return [[f"{c.condition.code}: {c.condition.title}", c.status, checks_words(c)] for c in conditions]


def condition_notes(plan: Plan, view: Summary, conditions: tuple[ConditionAssurance, ...]) -> list[str]:
    """The sentences under the conditions: each condition's warnings, and an overspend the changes make."""
    notes = [w for c in conditions for w in c.warnings]
    spend, income = plan_year_spend(plan, view), plan.total_income
    if view.has_changes and overspends(spend, income):
        notes.append(f"The checks read the plan's own lines. With the scenario's changes, {money(spend)} is "
                     f"planned in {view.years[0]}: {against_income(spend, income)}.")
    return notes


def sign_off_words(rows: tuple[Signatory, ...]) -> str:
    """How far sign-off has got: none, some or all of the signatories."""
    signed_ = sum(s.signed_on is not None for s in rows)
    return (f"None of the {len(rows)} signatories has signed yet" if signed_ == 0
            else f"{signed_} of {len(rows)} signatories have signed" if signed_ < len(rows)
            else f"All {len(rows)} signatories have signed")


def signatory_rows(rows: tuple[Signatory, ...]) -> list[list[str]]:
    """The sign-off slide's rows: role, organisation, name and the date signed, or what is still missing."""
    return [[s.role, s.organisation or "Not named", s.name or "Not yet named",
             s.signed_on.strftime("%-d %B %Y") if s.signed_on is not None else "Not signed"] for s in rows]


# --- the horizon, how sure, risks and the appendix ----------------------------------------------------------
def fan_rows(view: Summary, outcome: str = FAN_OUTCOME) -> list[list[str]]:
    """The fan chart's figures as its table on the slide gives them: year, P10, P50, P90."""
    return [[y, whole(view.by_year[y][outcome]["p10"]), whole(view.by_year[y][outcome]["p50"]),
             whole(view.by_year[y][outcome]["p90"])] for y in view.years]


def fan_alt(view: Summary) -> str:
    """The fan chart's alternative text: P50 and the P10 to P90 range of admissions avoided, year by year."""
    by_year = [view.by_year[y][FAN_OUTCOME] for y in view.years]
    return ("Fan chart of emergency admissions of people aged 65+ avoided each year, P50 with the P10 to P90 range: "
            + "; ".join(f"{y} {whole(x['p50'])} ({whole(x['p10'])} to {whole(x['p90'])})"
                        for y, x in zip(view.years, by_year, strict=True)) + ".")


def fan_bars(view: Summary) -> tuple[list[str], dict[str, list[float]]]:
    """The fan chart's native stand-in: its years, and the P50 of admissions avoided in each."""
    return list(view.years), {"P50": [view.by_year[y][FAN_OUTCOME]["p50"] for y in view.years]}


def locality_bars(view: Summary) -> tuple[list[str], dict[str, list[float]]]:
    """Admissions avoided over the horizon by locality: the localities, and their P10, P50 and P90."""
    loc = view.by_locality[FAN_OUTCOME]
    return list(loc), {k.upper(): [x[k] for x in loc.values()] for k in ("p10", "p50", "p90")}


def metric_rows(view: Summary, metric: str = METRIC) -> list[list[str]]:
    """A BCF metric's trajectories as the table after its chart gives them, one row a year."""
    m = view.metrics[metric]
    return [[y, f"{a:,.1f}", f"{b:,.1f}", f"{c:,.1f}", f"{e:,.1f}"] for y, a, b, c, e in zip(
        m.years, m.with_todays_services, m.without_pool.p50, m.with_plan.p50, m.with_scenario.p50, strict=True)]


def metric_alt(view: Summary, metric: str = METRIC) -> str:
    """The metric chart's alternative text: each year's four trajectories (P50s)."""
    m = view.metrics[metric]
    return f"Line chart of {m.label.lower()} by year. " + "; ".join(
        f"{y}: today's services {a:,.1f}, without the pool {b:,.1f}, with the plan {c:,.1f}, with the "
        f"scenario {e:,.1f}" for y, a, b, c, e in zip(
            m.years, m.with_todays_services, m.without_pool.p50, m.with_plan.p50, m.with_scenario.p50,
            strict=True)) + " (P50s)."


def metric_bars(view: Summary, metric: str = METRIC) -> tuple[list[str], dict[str, list[float]]]:
    """The metric chart's native stand-in: its years, and three of its trajectories (P50s)."""
    m = view.metrics[metric]
    return list(m.years), {"Without the pool (P50)": list(m.without_pool.p50),
                           "Today's services": list(m.with_todays_services),
                           "With the scenario (P50)": list(m.with_scenario.p50)}


def stance_rows(view: Summary, other: Summary) -> list[list[str]]:
    """What the pool buys in the plan year under each evidence stance: an outcome a row, a P50 a stance."""
    return [[label(o)] + [outcome_value(o, plan_year_stat(v, o)["p50"]) for v in (view, other)]
            for o in HEADLINE_OUTCOMES]


def payback_share(view: Summary) -> float:
    """The share of runs in which the changes' net present value is above zero (0 with no runs)."""
    return value_of_changes(view).probability_better if view.change_npv_samples else 0.0


def payback_rows(view: Summary) -> list[list[str]]:
    """The cumulative chart of the changes' net present value, as the table beside it gives it."""
    npv, samples = value_of_changes(view), view.change_npv_samples
    return [["Runs", f"{len(samples):,}"], ["Runs in which the changes pay back", f"{payback_share(view):.0%}"],
            ["P10", money(npv.p10)], ["P50", money(npv.p50)], ["P90", money(npv.p90)]]


def payback_alt(view: Summary) -> str:
    """The cumulative chart's alternative text: how often the changes pay back, and the P10, P50 and P90."""
    npv = value_of_changes(view)
    return (f"Cumulative chart of the net present value of the changes over {len(view.change_npv_samples):,} runs: "
            f"it is positive in {payback_share(view):.0%} of runs; P10 {money(npv.p10)}, P50 {money(npv.p50)}, "
            f"P90 {money(npv.p90)}.")


def risk_bullets(view: Summary) -> list[str]:
    """What moves the answer most (the top drivers) and the main effects the model assumes, with their grades."""
    drivers = [f"{x.label} (rank correlation {x.correlation:+.2f})" for x in view.drivers[:4]]
    effects = []
    for lever, outcomes in list(view.effects.items())[:4]:
        for outcome, (low, central, high, grade) in list(outcomes.items())[:1]:
            effects.append(f"{LEVER_LABELS.get(lever, lever)}: {in_words(outcome)} ×{central} "
                           f"(range {low}–{high}; {GRADE_LABELS[grade].lower()})")
    return ["What moves the value of the pool's benefits most: " + "; ".join(drivers[:2])] + drivers[2:] + effects


def appendix_bullets(view: Summary, unit_costs: str, notes: list[str]) -> list[str]:
    """The appendix on method and sources: how the model works, its runs and unit costs, and any notes."""
    return [
        "Spend buys people served at unit costs, up to the eligible population; people are served from the "
        "highest risk down, so returns diminish.",
        "Effects are relative changes with 80% ranges from trials, meta-analyses and matched-control evaluations "
        "(controlled evidence) or from uncontrolled case studies (pilot claims).",
        f"{view.runs:,} Monte Carlo runs, seed {view.seed}; P10, P50 and P90 shown. " + unit_costs,
        "BCF funding streams and rules: NHS England and GOV.UK BCF frameworks; scheme types for the year are a "
        "working list until the official template is published.",
    ] + [f"Note: {n}" for n in notes]
