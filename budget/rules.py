"""BCF rules checked against a plan, each finding red, amber or green with the cells involved.

Rules follow the planning template's checks (bcf.md §2.3 and §6): spend by source within income by
source; the pool allocated; the minimum NHS contribution to adult social care met; the Disabled
Facilities Grant passed to districts in two-tier areas and spent on adaptations; joint
commissioning splits adding to 100%; planned outputs filled where the scheme type needs them; a
provider, an area of spend and a sub type (where the type has sub types) on every line;
scheme types and streams from the year's reference data; what a line of scheme type "Other" is.
"""

from typing import Literal

from pydantic import BaseModel, ConfigDict

from budget.models import ONS_DISTRICT_CODE, CellRef, ExpenditureLine, Plan
from budget.money import counted, gbp, verb
from budget.reference import DFG, DFG_SCHEME_TYPE, NHS_MINIMUM, SOCIAL_CARE, Reference, load_reference

Severity = Literal["red", "amber", "green"]
TOLERANCE = 1.0  # £: rounding in workbooks
# Every rule's id; a finding's id is one of these, or (spend-within-income) one and ':' and a stream id.
RULE_IDS = ("spend-within-income", "unallocated-pool", "minimum-nhs-asc", "dfg-districts", "dfg-on-adaptations",
            "joint-splits", "required-outputs", "line-details", "scheme-types", "other-specified")


class Finding(BaseModel):
    """One rule's finding on a plan: its id, severity, title, message and the cells involved."""
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    id: str
    severity: Severity
    title: str
    message: str
    cells: tuple[CellRef, ...] = ()

    def to_json(self) -> dict:
        """The finding as JSON for `bcf check --json`, its cells written as ``Sheet!A1``."""
        return {
            "id": self.id,
            "severity": self.severity,
            "title": self.title,
            "message": self.message,
            "cells": [f"{c.sheet}!{c.cell}" for c in self.cells],
        }


def _cells(lines: list[ExpenditureLine] | tuple[ExpenditureLine, ...], field: str = "amount") -> tuple[CellRef, ...]:
    return tuple(c for x in lines if (c := x.cell(field)) is not None)


def _ids(lines, limit: int = 8) -> str:
    ids = [f"{x.scheme_id} ({x.scheme_name[:40]})" for x in lines[:limit]]
    more = f" and {len(lines) - limit} more" if len(lines) > limit else ""
    return ", ".join(ids) + more


# ---- what the rules ask of a plan's lines and streams, for the checks below and the optimiser ----
def dfg_funded(line: ExpenditureLine) -> bool:
    """Funded from the Disabled Facilities Grant.

    DFG is ring-fenced capital for adaptations, so a re-allocation of the plan leaves the line as it is.
    """
    return line.source_of_funding == DFG


def counts_towards_minimum_asc(line: ExpenditureLine) -> bool:
    """Counts towards the minimum NHS contribution to adult social care.

    That is, funded from the NHS minimum with Social Care as its area of spend. A jointly commissioned
    social-care line counts in full, because the test is about where the NHS money is spent, not who
    commissions it.
    """
    return line.source_of_funding == NHS_MINIMUM and line.area_of_spend == SOCIAL_CARE


def stream_limits(plan: Plan) -> dict[str, float]:
    """The income, £, within which the planned spend from each stream must stay (to TOLERANCE).

    Every stream the plan has income for or spends from; a stream without income is limited to £0.
    """
    income = plan.income_by_stream()
    return {sid: income.get(sid, 0.0) for sid in {**income, **plan.spend_by_stream()}}


def check(plan: Plan, reference: Reference | None = None) -> tuple[Finding, ...]:
    """Check the plan against the BCF rules.

    Args:
        plan: the plan to check.
        reference: the year's reference data (default: loaded for the plan's year).

    Returns:
        The findings, in the order of RULE_IDS: spend within income for each stream the plan has income
        for or spends from (and for each funding source not in the year's list), then one for each other
        rule; DFG on adaptations only where lines are DFG-funded, and scheme type "Other" specified only
        where a line has that type.
    """
    ref = reference or load_reference(plan.year)
    findings: list[Finding] = []
    findings += _spend_within_income(plan, ref)
    findings.append(_unallocated(plan))
    findings.append(_minimum_asc(plan, ref))
    findings += _dfg(plan, ref)
    findings.append(_joint_splits(plan))
    findings.append(_required_outputs(plan, ref))
    findings.append(_line_details(plan, ref))
    findings.append(_known_scheme_types(plan, ref))
    findings += _other_specified(plan)
    return tuple(findings)


def _spend_within_income(plan: Plan, ref: Reference) -> list[Finding]:
    limits = stream_limits(plan)
    spend = plan.spend_by_stream()
    out = []
    for sid in list(ref.stream_ids()) + sorted(s for s in limits if s not in ref.stream_ids()):
        if sid.startswith("unknown:"):
            lines = [x for x in plan.lines if x.source_of_funding == sid]
            if lines:
                out.append(Finding(
                    id=f"spend-within-income:{sid}", severity="amber", title="Source of funding not recognised",
                    message=f"{counted(len(lines), 'line')} funded from '{sid[8:]}', which is not a {plan.year} "
                            f"funding stream ({gbp(sum(x.amount for x in lines))}): {_ids(lines)}. Choose a stream "
                            "from the list so the spend can be checked against income.",
                    cells=_cells(lines, "source_of_funding")))
            continue
        inc, sp = limits.get(sid, 0.0), spend.get(sid, 0.0)
        if inc == 0 and sp == 0:
            continue
        name = ref.stream_name(sid)
        lines = [x for x in plan.lines if x.source_of_funding == sid]
        income_cells = tuple(i.cell for i in plan.income if i.stream == sid and i.cell is not None)
        if sp > inc + TOLERANCE:
            msg = (f"planned spend from {name} is {gbp(sp)} but income is {gbp(inc)}: overspent by {gbp(sp - inc)}."
                   if inc > 0 else f"{gbp(sp)} is planned from {name}, which has no income in the plan.")
            out.append(Finding(id=f"spend-within-income:{sid}", severity="red", title=f"{name}: spend exceeds income",
                               message=msg + " Reduce the lines or correct the income.",
                               cells=income_cells + _cells(lines)))
        else:
            out.append(Finding(id=f"spend-within-income:{sid}", severity="green", title=f"{name}: spend within income",
                               message=f"{gbp(sp)} planned against {gbp(inc)} income.", cells=income_cells))
    return out


def _unallocated(plan: Plan) -> Finding:
    gap = plan.total_income - plan.total_expenditure
    if gap < -TOLERANCE:
        return Finding(id="unallocated-pool", severity="red", title="Plan spends more than the pool",
                       message=f"planned expenditure {gbp(plan.total_expenditure)} exceeds pooled income "
                               f"{gbp(plan.total_income)} by {gbp(-gap)}.")
    if gap > TOLERANCE:
        return Finding(id="unallocated-pool", severity="amber", title="Part of the pool is unallocated",
                       message=f"{gbp(gap)} of the {gbp(plan.total_income)} pool ({gap / plan.total_income:.1%}) is "
                               "not yet allocated to an expenditure line.")
    return Finding(id="unallocated-pool", severity="green", title="Pool fully allocated",
                   message=f"all of the {gbp(plan.total_income)} pool is allocated.")


def _minimum_asc(plan: Plan, ref: Reference) -> Finding:
    """NHS-minimum-funded spend on social care against the required minimum contribution.

    The spend counted is that of the lines `counts_towards_minimum_asc` accepts.
    """
    lines = [x for x in plan.lines if counts_towards_minimum_asc(x)]
    spent = sum(x.amount for x in lines)
    required = plan.minimum_nhs_asc_required
    blank = [x for x in plan.lines if x.source_of_funding == NHS_MINIMUM and not x.area_of_spend.strip()]
    why = (f" {counted(len(blank), 'NHS-minimum line')} ({gbp(sum(x.amount for x in blank))}) "
           f"{verb(len(blank), 'has no area of spend, so it is', 'have no area of spend, so they are')} not counted as "
           f"social care: {_ids(blank)}. Fill in {verb(len(blank), 'its', 'their')} area of spend." if blank else "")
    if required is None:
        return Finding(
            id="minimum-nhs-asc",
            severity="amber",
            title="Minimum NHS contribution to adult social care not checked",
            message=f"the required figure is not in the workbook; {gbp(spent)} of the NHS minimum is planned "
            "on social care. Enter the required minimum on the Cover sheet to check it." + why,
            cells=_cells(blank, "area_of_spend"),
        )
    if spent + TOLERANCE < required:
        return Finding(
            id="minimum-nhs-asc",
            severity="red",
            title="Minimum NHS contribution to adult social care not met",
            message=f"{gbp(spent)} of the NHS minimum is planned on social care; at least {gbp(required)} is "
            f"required (short by {gbp(required - spent)})." + why,
            cells=_cells(lines) + _cells(blank, "area_of_spend"),
        )
    return Finding(
        id="minimum-nhs-asc",
        severity="green",
        title="Minimum NHS contribution to adult social care met",
        message=f"{gbp(spent)} of the NHS minimum is planned on social care against {gbp(required)} required." + why,
        cells=_cells(blank, "area_of_spend"),
    )


def _dfg(plan: Plan, ref: Reference) -> list[Finding]:
    out = []
    dfg_income = [i for i in plan.income if i.stream == DFG]
    dfg_lines = [x for x in plan.lines if dfg_funded(x)]
    if not plan.area.two_tier:
        out.append(Finding(id="dfg-districts", severity="green", title="DFG passed to districts: not applicable",
                           message=f"{plan.area.name} is a {plan.area.kind}; it is the housing authority and holds "
                                   "the Disabled Facilities Grant itself."))
    elif not dfg_income:
        out.append(Finding(id="dfg-districts", severity="green", title="DFG passed to districts: no DFG in the plan",
                           message="the plan holds no Disabled Facilities Grant income."))
    else:
        missing = [i for i in dfg_income if not (i.district and (ONS_DISTRICT_CODE.match(i.district.strip().upper())
                                                                 or i.district.strip()))]
        if missing:
            out.append(
                Finding(
                    id="dfg-districts",
                    severity="amber",
                    title="DFG not shown passed to districts",
                    message=f"{plan.area.name} is a two-tier county: the DFG "
                    f"({gbp(sum(i.amount for i in dfg_income))}) must "
                    "be passed in full to the district councils (housing authorities). Show the DFG income by "
                    "district (District column on the Income sheet).",
                    cells=tuple(i.cell for i in missing if i.cell),
                )
            )
        else:
            n = len({i.district for i in dfg_income})
            out.append(Finding(id="dfg-districts", severity="green", title="DFG passed to districts",
                               message=f"DFG income of {gbp(sum(i.amount for i in dfg_income))} is shown across "
                                       f"{counted(n, 'district')}."))
    other = [x for x in dfg_lines if x.scheme_type != DFG_SCHEME_TYPE]
    if other:
        out.append(Finding(id="dfg-on-adaptations", severity="amber", title="DFG funds schemes other than adaptations",
                           message=f"{counted(len(other), 'DFG-funded line')} ({gbp(sum(x.amount for x in other))}) "
                                   f"{verb(len(other), 'is not a', 'are not')} DFG "
                                   f"Related {verb(len(other), 'Scheme', 'Schemes')}: {_ids(other)}. The DFG is a "
                                   "capital grant for adaptations; check "
                                   "the local discretionary policy covers this use.",
                           cells=_cells(other, "scheme_type")))
    elif dfg_lines:
        out.append(Finding(id="dfg-on-adaptations", severity="green", title="DFG spent on adaptations",
                           message=(f"the one DFG-funded line is {DFG_SCHEME_TYPE}." if len(dfg_lines) == 1 else
                                    f"all {counted(len(dfg_lines), 'DFG-funded line')} are {DFG_SCHEME_TYPE}.")))
    return out


def _joint_splits(plan: Plan) -> Finding:
    bad = []
    stray = []
    for x in plan.lines:
        if x.commissioner == "Joint":
            nhs, la = x.pct_nhs, x.pct_la
            if nhs is None and la is None:
                bad.append(x)
            elif nhs is not None and la is not None and abs(nhs + la - 100) > 0.01:
                bad.append(x)
        elif x.pct_nhs is not None or x.pct_la is not None:
            stray.append(x)
    if bad:
        return Finding(
            id="joint-splits",
            severity="red",
            title="Joint commissioning splits do not add up to 100%",
            message=f"{counted(len(bad), 'jointly commissioned line')} {verb(len(bad), 'needs', 'need')} % NHS "
                    f"and % LA adding to 100%: {_ids(bad)}.",
            cells=_cells(bad, "pct_nhs"),
        )
    if stray:
        return Finding(id="joint-splits", severity="amber", title="Split given on a line not jointly commissioned",
                       message=f"{counted(len(stray), 'line')} {verb(len(stray), 'carries', 'carry')} a % NHS / % LA "
                               "split but the commissioner is not Joint: "
                               f"{_ids(stray)}.", cells=_cells(stray, "commissioner"))
    n = sum(x.commissioner == "Joint" for x in plan.lines)
    return Finding(id="joint-splits", severity="green", title="Joint commissioning splits add up",
                   message=f"{counted(n, 'jointly commissioned line')}, each split adding to 100%." if n else
                   "no jointly commissioned lines.")


def _required_outputs(plan: Plan, ref: Reference) -> Finding:
    missing = []
    for x in plan.lines:
        st = ref.scheme_type(x.scheme_type)
        if st is not None and st.outputs_required and not (x.planned_outputs and x.planned_outputs > 0):
            missing.append(x)
    if missing:
        return Finding(id="required-outputs", severity="amber", title="Planned outputs missing",
                       message=f"{counted(len(missing), 'line')} of a scheme type that needs planned outputs "
                               f"{verb(len(missing), 'has', 'have')} none: "
                               f"{_ids(missing)}.", cells=_cells(missing, "planned_outputs"))
    return Finding(id="required-outputs", severity="green", title="Planned outputs filled",
                   message="every line whose scheme type needs planned outputs has them.")


def _line_details(plan: Plan, ref: Reference) -> Finding:
    """Lines missing a provider, an area of spend or a sub type (where the scheme type has sub types).

    Planned outputs, asked of the scheme types that have an output unit, are the required-outputs finding.
    """
    gaps: dict[str, list[ExpenditureLine]] = {"provider": [], "area_of_spend": [], "sub_type": []}
    for x in plan.lines:
        st = ref.scheme_type(x.scheme_type)
        if not x.provider.strip():
            gaps["provider"].append(x)
        if not x.area_of_spend.strip():
            gaps["area_of_spend"].append(x)
        if st is not None and st.sub_types and not x.sub_type.strip():
            gaps["sub_type"].append(x)
    what = {"provider": "provider", "area_of_spend": "area of spend", "sub_type": "sub type"}
    parts = [f"{len(v)} with no {what[k]} ({_ids(v, 5)})" for k, v in gaps.items() if v]
    if parts:
        cells = tuple(c for k, v in gaps.items() for c in _cells(v, k))
        n = len({id(x) for v in gaps.values() for x in v})
        return Finding(id="line-details", severity="amber", title="Lines with details missing",
                       message=f"{counted(n, 'line')} {verb(n, 'has', 'have')} details missing: " + "; ".join(parts)
                       + ".", cells=cells)
    return Finding(id="line-details", severity="green", title="Line details filled",
                   message="every line has a provider, an area of spend and (where its scheme type has them) a "
                           "sub type.")


def _known_scheme_types(plan: Plan, ref: Reference) -> Finding:
    unknown = [x for x in plan.lines if ref.scheme_type(x.scheme_type) is None]
    if unknown:
        return Finding(id="scheme-types", severity="amber", title="Scheme types not in the reference list",
                       message=f"{counted(len(unknown), 'line')} {verb(len(unknown), 'uses', 'use')} a scheme type "
                               f"that is not in the {plan.year} list, so "
                               f"{verb(len(unknown), 'it has', 'they have')} no modelled effect: {_ids(unknown)}.",
                       cells=_cells(unknown, "scheme_type"))
    return Finding(id="scheme-types", severity="green", title="Scheme types recognised",
                   message=f"every line uses a {plan.year} scheme type.")


def _other_specified(plan: Plan) -> list[Finding]:
    """Whether lines of scheme type "Other" say what the scheme is.

    They must fill in "Please specify if 'Scheme Type' is 'other'" (amber where they do not); a plan with
    no such line gets no finding.
    """
    other = [x for x in plan.lines if x.scheme_type.strip().lower() == "other"]
    if not other:
        return []
    blank = [x for x in other if not x.scheme_type_other.strip()]
    if blank:
        return [Finding(id="other-specified", severity="amber", title="Scheme type 'Other' not specified",
                        message=f"{counted(len(blank), 'line')} of scheme type Other "
                                f"{verb(len(blank), 'does', 'do')} not say what the scheme is in "
                                f"\"Please specify if 'Scheme Type' is 'other'\": {_ids(blank)}.",
                        cells=_cells(blank, "scheme_type_other"))]
    return [Finding(id="other-specified", severity="green", title="Scheme type 'Other' specified",
                    message="every line of scheme type Other says what the scheme is.")]
