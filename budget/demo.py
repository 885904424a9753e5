"""The embedded demo area: an ILLUSTRATIVE Health and Wellbeing Board for trying the tool.

Northbrook is made up. About 300,000 people in six localities; 2026-27 plan. Because 2026-27
national totals are not yet published, income is set at the 2025-26 national totals per head of
England's population (57.1 million, ONS mid-2022): Minimum NHS Contribution £5,614m, Local
Authority Better Care Grant £2,640m, Disabled Facilities Grant £711m (bcf.md §2.1, §5.1), plus
modest additional contributions. Every scheme type and funding stream is used. The plan passes every
rule except two deliberate amber findings: a small unallocated sum and one line without planned
outputs. It is a plan a commissioner could put forward: spend on each lever with a modelled effect stays
within the lever's eligibility cap in every locality (no more than about nine tenths of it), so no money
buys nobody, and planned outputs are at realistic unit costs (a Disabled Facilities Grant at £9,000).
Its illustrative actuals for the first two quarters (``demo_actuals``) are written beside the plan by ``bcf demo``.
Everything is computed by this module, deterministically.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING

from budget.models import Baselines, ExpenditureLine, HWBArea, IncomeLine, Locality, Plan
from budget.need import need_shares, need_weights
from budget.reference import load_reference
from budget.rules import counts_towards_minimum_asc

if TYPE_CHECKING:
    from budget.actuals import Actuals

DEMO_YEAR = "2026-27"
DEMO_CODE = "E06999999"  # not a real area: ONS unitary codes run to E06000066
DEMO_NAME = "Northbrook (illustrative)"
ENGLAND_POPULATION = 57_106_398  # ONS mid-2022 estimate for England
NATIONAL_2025_26_GBP = {"nhs_minimum": 5_614e6, "la_better_care_grant": 2_640e6, "dfg": 711e6}
ADDITIONAL = {"additional_la": 1_500_000.0, "additional_nhs": 750_000.0}
UNALLOCATED = 40_000.0  # left in the Additional LA Contribution: the first deliberate amber finding
EMERGENCY_ADMISSIONS_65_PER_100K = 24_500  # evidence.md §3 (derived, 2016/17)

# name, population, aged 65+, aged 85+, Index of Multiple Deprivation average score. The need weights are worked
# out from them (budget.need). Like the area's similar areas and figures on the Benchmark page, its age structure
# and deprivation are Calderdale's (E08000033, peers.DEMO_PROFILE): the people aged 85+ are Calderdale's share of
# its people aged 65+ (ONS mid-2024: 4,851 of 41,290), and the localities' scores, weighted by their population,
# average Calderdale's IMD 2025 score (27.582).
LOCALITIES = (
    ("Northbrook Town", 62_000, 10_540, 1_148, 42.37),
    ("Riverside", 55_000, 9_900, 1_109, 31.36),
    ("Eastfield", 48_000, 9_600, 1_094, 36.46),
    ("Westmoor", 51_000, 11_730, 1_455, 17.96),
    ("Dalehead", 44_000, 11_440, 1_441, 11.41),
    ("Southbay", 40_000, 8_800, 1_038, 18.86),
)

# id, name, scheme type, sub type, area of spend, commissioner, % NHS, provider, stream, per locality,
# weight within its stream (£ thousands, scaled to the stream's income), unit cost per planned output (None:
# scheme type has no outputs), new
SCHEMES = (
    # Minimum NHS Contribution
    ("NB01", "Home first reablement", "Home-based intermediate care services",
     "Reablement at home (to prevent admission to hospital or residential care)", "Social Care", "LA", None,
     "Local Authority", "nhs_minimum", True, 1_650, 3_000, False),
    ("NB02", "Community rehabilitation at home", "Home-based intermediate care services",
     "Rehabilitation at home (to support discharge)", "Community Health", "NHS", None, "NHS Community Provider",
     "nhs_minimum", True, 1_050, 2_800, False),
    ("NB03", "Integrated neighbourhood teams", "Community Based Schemes", "Integrated neighbourhood services",
     "Community Health", "NHS", None, "NHS Community Provider", "nhs_minimum", True, 2_250, None, False),
    ("NB04", "Anticipatory care MDTs", "Community Based Schemes",
     "Multidisciplinary teams that are supporting independence, such as anticipatory care", "Community Health",
     "Joint", 60, "NHS Community Provider", "nhs_minimum", True, 1_150, None, True),
    ("NB05", "Care navigation hubs", "Integrated Care Planning and Navigation", "Care navigation and planning",
     "Social Care", "Joint", 50, "Charity / Voluntary Sector", "nhs_minimum", True, 600, None, False),
    ("NB06", "Strength and balance falls service", "Prevention / Early Intervention", "Falls prevention",
     "Community Health", "NHS", None, "NHS Community Provider", "nhs_minimum", True, 1_400, None, True),
    ("NB07", "Discharge to assess home care", "Home Care or Domiciliary Care",
     "Domiciliary care to support hospital discharge (Discharge to Assess pathway 1)", "Social Care", "LA", None,
     "Private Sector", "nhs_minimum", True, 4_000, 28.53, False),
    ("NB08", "Two-hour urgent community response", "Urgent Community Response", "", "Community Health", "NHS",
     None, "NHS Community Provider", "nhs_minimum", True, 1_150, 450, False),
    ("NB09", "Step-up and step-down beds", "Bed based intermediate Care Services (Reablement, rehabilitation, "
     "wider short-term services supporting recovery)",
     "Bed-based intermediate care with rehabilitation accepting step up and step down users", "Community Health",
     "NHS", None, "NHS Community Provider", "nhs_minimum", False, 2_250, 5_500, False),
    ("NB10", "Enhanced health in care homes", "Community Based Schemes", "Enhanced health in care homes",
     "Primary Care", "NHS", None, "NHS Community Provider", "nhs_minimum", True, 750, None, True),
    ("NB11", "Carers' breaks", "Carers Services", "Respite services", "Social Care", "LA", None,
     "Charity / Voluntary Sector", "nhs_minimum", False, 350, 600, False),
    ("NB12", "Care Act advocacy and safeguarding", "Care Act Implementation Related Duties", "Safeguarding",
     "Social Care", "LA", None, "Local Authority", "nhs_minimum", False, 3_500, None, False),
    ("NB13", "Short-term residential care", "Residential Placements",
     "Short term residential care (without rehabilitation or reablement input)", "Social Care", "LA", None,
     "Private Sector", "nhs_minimum", False, 4_700, 18_000, False),
    ("NB14", "Trusted assessors", "High Impact Change Model for Managing Transfer of Care", "Trusted Assessment",
     "Acute", "NHS", None, "NHS Acute Provider", "nhs_minimum", False, 750, None, False),
    ("NB15", "Integrated discharge team", "High Impact Change Model for Managing Transfer of Care",
     "Multi-Disciplinary/Multi-Agency Discharge Teams supporting discharge", "Acute", "Joint", 70,
     "NHS Acute Provider", "nhs_minimum", False, 1_450, None, False),
    ("NB16", "Mental health support at home", "Personalised Care at Home", "Mental health /wellbeing",
     "Mental Health", "NHS", None, "NHS Mental Health Provider", "nhs_minimum", False, 1_500, None, False),
    ("NB17", "Shared care record", "Enablers for Integration", "Data Integration", "Other", "Joint", 50,
     "Local Authority", "nhs_minimum", False, 1_000, None, False),
    # Local Authority Better Care Grant
    ("NB20", "Home care market support", "Home Care or Domiciliary Care", "Domiciliary care packages",
     "Social Care", "LA", None, "Private Sector", "la_better_care_grant", True, 5_000, 28.53, False),
    ("NB21", "Reablement for hospital discharge", "Home-based intermediate care services",
     "Reablement at home (to support discharge)", "Social Care", "LA", None, "Local Authority",
     "la_better_care_grant", True, 1_400, 3_000, False),
    ("NB22", "Care home placements after discharge", "Residential Placements", "Care home", "Social Care", "LA",
     None, "Private Sector", "la_better_care_grant", False, 3_200, 40_000, False),
    ("NB23", "Telecare and response service", "Assistive Technologies and Equipment",
     "Assistive technologies including telecare", "Social Care", "LA", None, "Local Authority",
     "la_better_care_grant", True, 750, 250, False),
    ("NB24", "Carers' support in every locality", "Carers Services",
     "Carer advice and support related to Care Act duties", "Social Care", "LA", None, "Charity / Voluntary Sector",
     "la_better_care_grant", True, 350, 400, False),
    ("NB25", "Social care recruitment and retention", "Workforce recruitment and retention", "", "Social Care", "LA",
     None, "Local Authority", "la_better_care_grant", False, 900, 45_000, False),
    ("NB26", "Extra care housing support", "Housing Related Schemes", "", "Social Care", "LA", None,
     "Private Sector", "la_better_care_grant", False, 800, None, False),
    ("NB27", "Direct payments support", "Personalised Budgeting and Commissioning", "", "Social Care", "LA", None,
     "Charity / Voluntary Sector", "la_better_care_grant", False, 600, None, False),
    ("NB28", "Care Act assessment capacity", "Care Act Implementation Related Duties", "Other", "Social Care", "LA",
     None, "Local Authority", "la_better_care_grant", False, 850, None, False),
    # Disabled Facilities Grant
    ("NB30", "Disabled facilities grants", "DFG Related Schemes", "Adaptations, including statutory DFG grants",
     "Social Care", "LA", None, "Local Authority", "dfg", True, 2_988, 9_000, False),
    ("NB31", "Discretionary hospital discharge grants", "DFG Related Schemes", "Discretionary use of DFG",
     "Social Care", "LA", None, "Local Authority", "dfg", False, 448, 6_000, False),
    ("NB32", "Handyperson service", "DFG Related Schemes", "Handyperson services", "Social Care", "LA", None,
     "Charity / Voluntary Sector", "dfg", False, 299, 350, False),
    # Additional LA Contribution
    ("NB40", "Community equipment service", "Assistive Technologies and Equipment", "Community based equipment",
     "Social Care", "Joint", 50, "Local Authority", "additional_la", False, 450, 300, False),
    ("NB41", "Social prescribing link workers", "Prevention / Early Intervention", "Social Prescribing",
     "Social Care", "LA", None, "Charity / Voluntary Sector", "additional_la", True, 800, None, True),
    ("NB42", "Voluntary sector infrastructure", "Other", "", "Other", "LA", None, "Charity / Voluntary Sector",
     "additional_la", False, 210, None, False),
    # Additional NHS Contribution
    ("NB50", "Physical health support at home", "Personalised Care at Home", "Physical health/wellbeing",
     "Community Health", "NHS", None, "NHS Community Provider", "additional_nhs", False, 300, None, True),
    ("NB51", "Winter step-down beds", "Bed based intermediate Care Services (Reablement, rehabilitation, wider "
     "short-term services supporting recovery)", "Bed-based intermediate care with reablement (to support discharge)",
     "Community Health", "NHS", None, "Private Sector", "additional_nhs", False, 450, 5_000, True),
)
MISSING_OUTPUTS = "NB32"  # the second deliberate amber finding: planned outputs left blank


def _income() -> dict[str, float]:
    population = sum(x[1] for x in LOCALITIES)
    out = {k: round(v * population / ENGLAND_POPULATION, -2) for k, v in NATIONAL_2025_26_GBP.items()}
    out.update(ADDITIONAL)
    return out


def demo_plan() -> Plan:
    """The illustrative demo area, Northbrook, for DEMO_YEAR.

    Its income is England's allocations scaled to the localities' population, plus the additional
    contributions; each stream (less the amount left unallocated from the additional LA contribution) is
    spread over the demo schemes by weight, per locality by people aged 65+ and need where a scheme is local
    (as the engine shares a lever's area-wide lines),
    rounded to £100 with the last line taking the remainder so each stream is spent to the penny. The
    minimum NHS contribution to adult social care is set a little below what the demo spends on it, so
    the rule is met.

    Built from this module's own figures, so without running the models' checks (each value is given the type
    a check would give it); the tests check that the plan passes them unchanged.
    """
    ref = load_reference(DEMO_YEAR)
    people = tuple(Locality.model_construct(name=name, population=pop, population_65_plus=older,
                                            population_85_plus=oldest, deprivation_score=score)
                   for name, pop, older, oldest, score in LOCALITIES)
    # emergency admissions at England's rate times the need weight (a locality like England weighs 1)
    localities = tuple(x.model_copy(update={"emergency_admissions_65_plus": round(
        x.population_65_plus * EMERGENCY_ADMISSIONS_65_PER_100K / 100_000 * w)})
        for x, w in zip(people, need_weights(people), strict=True))
    need_share = need_shares(localities)  # as the engine shares area-wide lines
    income = _income()
    budgets = dict(income)
    budgets["additional_la"] -= UNALLOCATED

    lines: list[ExpenditureLine] = []
    for stream, budget in budgets.items():
        schemes = [s for s in SCHEMES if s[8] == stream]
        total_weight = sum(s[10] for s in schemes)
        pending: list[tuple[tuple, str, float]] = []
        for s in schemes:
            amount = budget * s[10] / total_weight
            if s[9]:
                pending += [(s, LOCALITIES[i][0], amount * share) for i, share in enumerate(need_share)]
            else:
                pending.append((s, "", amount))
        rounded = [round(a, -2) for _, _, a in pending]
        rounded[-1] = round(budget - sum(rounded[:-1]), 2)  # the stream is spent to the penny
        for (s, locality, _), amount in zip(pending, rounded, strict=True):
            (sid, name, stype, sub, aos, comm, pct_nhs, provider, _, _, _, unit_cost, new) = s
            st = ref.scheme_type(stype)
            outputs = round(amount / unit_cost) if unit_cost and sid != MISSING_OUTPUTS else None
            lines.append(ExpenditureLine.model_construct(
                scheme_id=sid, scheme_name=name, description=f"Illustrative {name.lower()} scheme",
                scheme_type=stype, sub_type=sub, scheme_type_other=name if stype == "Other" else "",
                area_of_spend=aos, area_of_spend_other=name if aos == "Other" else "", commissioner=comm,
                pct_nhs=float(pct_nhs) if pct_nhs is not None else None,
                pct_la=float(100 - pct_nhs) if pct_nhs is not None else None,
                provider=provider, source_of_funding=stream, amount=amount, planned_outputs=outputs,
                output_unit=st.output_unit if st else "", new_existing="New" if new else "Existing",
                locality=locality))
    social_care_nhs = sum(x.amount for x in lines if counts_towards_minimum_asc(x))
    return Plan.model_construct(
        area=HWBArea.model_construct(code=DEMO_CODE, name=DEMO_NAME,
                     icbs=("NHS Northbrook and Dale Integrated Care Board (illustrative)",)),
        year=DEMO_YEAR,
        income=tuple(IncomeLine.model_construct(stream=k, amount=v, label=ref.stream_name(k))
                     for k, v in income.items()),
        lines=tuple(lines),
        localities=localities,
        baselines=Baselines.model_construct(
            emergency_admissions_65_plus_per_100k=float(EMERGENCY_ADMISSIONS_65_PER_100K),  # evidence.md §3
            falls_admissions_65_plus_per_100k=1_933.0,  # evidence.md §3, 2022/23
        ),
        # set a little below what the demo spends, so the rule is met: £ rounded down to the £100,000
        minimum_nhs_asc_required=float(int(social_care_nhs * 0.97 // 100_000) * 100_000),
        illustrative=True,
        source_file="demo",
    )


def demo_workbook_bytes() -> bytes:
    """The demo plan written into the BCF Planner input template, as .xlsx bytes."""
    from budget.template import input_template_bytes

    return input_template_bytes(DEMO_YEAR, demo_plan())


def write_demo(out_dir: Path | str) -> list[Path]:
    """Write the demo area's workbook and its illustrative actuals into out_dir (made if missing).

    demo_area.xlsx holds the plan, demo_area_actuals.xlsx the actuals of its first two quarters.

    Returns:
        The paths written: the plan's workbook first.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    path = out / "demo_area.xlsx"
    path.write_bytes(demo_workbook_bytes())
    actuals = out / "demo_area_actuals.xlsx"
    actuals.write_bytes(demo_actuals_bytes())
    return [path, actuals]


# ---- illustrative actuals -----------------------------------------------------------------------
QUARTERS = 2  # the demo's actuals run to the end of its second quarter
DISCHARGE_DELAY_DAYS = 1.3  # an illustrative average delay, days per discharge
CARE_HOME_PER_100K = 540.0  # an illustrative yearly rate of long-term admissions per 100,000 aged 65+


def _wave(i: int, k: int, size: float) -> float:
    """A fixed ripple around 1: line or measure `i`, month `k`."""
    return 1 + size * math.sin(1.7 * i + 0.9 * k)


def demo_actuals() -> Actuals:
    """The demo area's illustrative actuals for the first QUARTERS quarters of DEMO_YEAR.

    Every figure is made up to show how the tool follows the year. Spend on each line is its plan amount spread
    evenly over the year, a little above or below plan in each month (each line's own fixed pattern, so the file
    is the same every time it is written); people served run at the same pace against the line's planned outputs.
    The metrics' months: emergency admissions of people aged 65+ at a twelfth of the localities' yearly count, the
    localities' population aged 65+, and an illustrative discharge delay and care-home admission rate, each moving
    a little month to month.
    """
    from budget.actuals import ActualLine, Actuals, MetricMonth, months  # not on the path of the plan alone

    plan = demo_plan()
    so_far = months(DEMO_YEAR)[:3 * QUARTERS]
    lines = []
    for i, x in enumerate(plan.lines):
        spend = {m: round(x.amount / 12 * _wave(i, k, 0.12), 2) for k, m in enumerate(so_far)}
        served = None
        if x.planned_outputs is not None:
            served = float(round(x.planned_outputs * sum(spend.values()) / x.amount)) if x.amount else 0.0
        lines.append(ActualLine(scheme_id=x.scheme_id, scheme_name=x.scheme_name, scheme_type=x.scheme_type,
                                sub_type=x.sub_type,
                                source_of_funding=_stream_name(plan, x.source_of_funding), locality=x.locality,
                                spend=spend, people_served=served))
    older = sum(loc.population_65_plus for loc in plan.localities)
    admissions = sum(loc.emergency_admissions_65_plus or 0 for loc in plan.localities)
    metrics = tuple(MetricMonth(month=m, emergency_admissions_65_plus=float(round(admissions / 12 * _wave(1, k, 0.08))),
                                population_65_plus=float(older),
                                discharge_delay=round(DISCHARGE_DELAY_DAYS * _wave(2, k, 0.15), 2),
                                care_home_admissions_65_plus=float(round(CARE_HOME_PER_100K * older / 100_000 / 12
                                                                         * _wave(3, k, 0.2))))
                    for k, m in enumerate(so_far))
    return Actuals(area_code=plan.area.code, area_name=plan.area.name, year=DEMO_YEAR, lines=tuple(lines),
                   metrics=metrics, illustrative=True, source_file="demo_area_actuals.xlsx")


def _stream_name(plan, stream: str) -> str:
    from budget.reference import load_reference

    return stream[8:] if stream.startswith("unknown:") else load_reference(plan.year).stream_name(stream)


def demo_actuals_bytes() -> bytes:
    """The demo's illustrative actuals in the actuals workbook, as .xlsx bytes."""
    from budget.actuals_template import actuals_workbook_bytes

    return actuals_workbook_bytes(DEMO_YEAR, actuals=demo_actuals())
