"""National conditions and sign-off: the area's answers beside the rules' evidence, and who signs.

Each condition of the plan's year comes with the area's assurance statement and status and the BCF
rules' findings that evidence it; the sign-off list says who must sign the plan off.

The conditions and the sign-off roles come from the year's reference data
(``Reference.national_conditions``, ``Reference.sign_off``); the statements, statuses, names and dates
from the area's ``budget.submission.Submission``. A condition whose evidence has a red finding cannot
honestly be "Met": that draws a warning, and the area's own status is kept as it set it.

The Excel submission copy takes ``conditions_table``, ``sign_off_table`` and ``checklist_rows``; the
`bcf assurance` command and the Sign-off page read ``assure`` and ``sign_off_rows``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from budget.models import Plan
from budget.money import counted
from budget.reference import Reference, load_reference
from budget.reference_records import NationalCondition, norm
from budget.rules import Finding, check
from budget.submission import Assurance, Signatory, Submission
from budget.tables import Table

SEVERITY_WORDS = {"red": "Red", "amber": "Amber", "green": "Green"}
GENERIC_ICB = "ICB chief executive"  # the role when the plan names no ICB
_ORDER = {"red": 0, "amber": 1, "green": 2}


def evidences(rule_id: str, finding: Finding) -> bool:
    """True when ``finding`` comes from the rule ``rule_id``: the same id, or the id, ':' and a qualifier."""
    return finding.id == rule_id or finding.id.startswith(rule_id + ":")


@dataclass(frozen=True)
class ConditionAssurance:
    """One national condition with the area's answer and the findings that evidence it.

    Attributes:
        condition: the condition as the year's reference data gives it.
        statement: the area's assurance statement ("" when none).
        status: the area's status, as it set it ("Not answered" when none).
        findings: the BCF rules' findings that bear on the condition, red first.
        warnings: sentences where the answer and the evidence disagree or the answer is incomplete.
    """

    condition: NationalCondition
    statement: str
    status: str
    findings: tuple[Finding, ...]
    warnings: tuple[str, ...]

    @property
    def answered(self) -> bool:
        """True once the area has chosen a status other than "Not answered"."""
        return self.status != "Not answered"

    @property
    def evidence(self) -> str:
        """The worst severity among the findings ('red', 'amber', 'green'), or '' when there are none."""
        return min((f.severity for f in self.findings), key=_ORDER.__getitem__, default="")


def _warnings(condition: NationalCondition, answer: Assurance, findings: tuple[Finding, ...]) -> tuple[str, ...]:
    out = []
    red = [f for f in findings if f.severity == "red"]
    if answer.status == "Met" and red:
        out.append(f"{condition.code} is marked Met, but its evidence has {counted(len(red), 'red finding')}: "
                   + "; ".join(f.title for f in red) + ". Resolve them, or mark the condition Partly met or "
                   "Not met and say why in the statement.")
    if answer.status != "Not answered" and not answer.statement.strip():
        out.append(f"{condition.code} is marked {answer.status} without an assurance statement; each national "
                   "condition needs one.")
    if answer.status == "Not answered" and answer.statement.strip():
        out.append(f"{condition.code} has a statement but no status: choose Met, Partly met or Not met.")
    return tuple(out)


def assure(plan: Plan, submission: Submission, findings: tuple[Finding, ...] | None = None,
           reference: Reference | None = None) -> tuple[ConditionAssurance, ...]:
    """Each national condition of the plan's year with the area's answer, its evidence and warnings.

    Args:
        plan: the plan the conditions are for (its year chooses the conditions).
        submission: the area's statements and statuses (``Submission.assurance``).
        findings: the plan's rules findings, when already computed; ``budget.rules.check(plan)`` otherwise.
        reference: the year's reference data, when already loaded.

    Returns:
        One ``ConditionAssurance`` per condition, in the reference data's order.
    """
    ref = reference or load_reference(plan.year)
    found = findings if findings is not None else check(plan, ref)
    out = []
    for c in ref.national_conditions:
        answer = submission.assurance_for(c.code) or Assurance(condition=c.code)
        evidence = tuple(sorted((f for f in found if any(evidences(r, f) for r in c.evidenced_by)),
                                key=lambda f: _ORDER[f.severity]))
        out.append(ConditionAssurance(condition=c, statement=answer.statement, status=answer.status,
                                      findings=evidence, warnings=_warnings(c, answer, evidence)))
    return tuple(out)


def stray_answers(plan: Plan, submission: Submission) -> tuple[Assurance, ...]:
    """Answers in the submission to conditions the plan's year does not have.

    An answer to an NC4 kept from another year's plan, for example, stays in the submission but is
    shown nowhere else.
    """
    codes = {c.code for c in load_reference(plan.year).national_conditions}
    return tuple(a for a in submission.assurance if a.condition not in codes)


# ---- sign-off ------------------------------------------------------------------------------
def plan_icbs(plan: Plan) -> tuple[str, ...]:
    """The ICBs the plan names, each once.

    Those on its income lines (``IncomeLine.icb``) in order of first appearance, else the area's own
    list (``HWBArea.icbs``); the same ICB written twice (case and spacing aside) counts once.
    """
    names: dict[str, str] = {}
    for name in [i.icb for i in plan.income if i.icb and i.icb.strip()] or list(plan.area.icbs):
        names.setdefault(norm(name), " ".join(name.split()))
    return tuple(names.values())


def required_signatories(plan: Plan, reference: Reference | None = None) -> tuple[Signatory, ...]:
    """Everyone who must sign the plan off, with no names or dates yet.

    The roles are the year's reference data (``Reference.sign_off``): the Health and Wellbeing Board
    chair; the chief executive of every partner organisation (each ICB the plan names, see
    ``plan_icbs``, or one "ICB chief executive" when it names none; the council); the council's
    section 151 officer.
    """
    ref = reference or load_reference(plan.year)
    council = f"{plan.area.name} council"
    out = []
    for r in ref.sign_off:
        if r.organisation == "icb":
            icbs = plan_icbs(plan)
            out += [Signatory(role=r.role, organisation=icb) for icb in icbs] or [Signatory(role=r.role)]
        elif r.organisation == "board":
            out.append(Signatory(role=r.role, organisation=f"{plan.area.name} Health and Wellbeing Board"))
        else:
            out.append(Signatory(role=r.role, organisation=council))
    return tuple(out)


def sign_off_rows(plan: Plan, submission: Submission) -> tuple[Signatory, ...]:
    """The required signatories with the names and dates entered, then any further signatories.

    An entry fills a required row with the same role and organisation; or, where only one required
    row has its role, that row whatever organisation the entry names (role and organisation compared
    as ``budget.reference.norm`` reads them). The required row's role and organisation are kept; a
    required row with no organisation (the one "ICB chief executive" of a plan naming no ICB) takes
    the entry's.
    """
    required = required_signatories(plan)
    rows = list(required)
    extra = []
    filled: set[int] = set()
    for entry in submission.sign_off:
        role = norm(entry.role)
        same = [i for i, r in enumerate(rows) if i not in filled and norm(r.role) == role]
        exact = [i for i in same if norm(rows[i].organisation) == norm(entry.organisation)]
        only = len(same) == 1 and sum(norm(r.role) == role for r in required) == 1
        hit = exact[0] if exact else same[0] if only else None
        if hit is None:
            extra.append(entry)
            continue
        filled.add(hit)
        rows[hit] = rows[hit].model_copy(update={"name": entry.name, "signed_on": entry.signed_on,
                                                 "organisation": rows[hit].organisation or entry.organisation})
    return tuple(rows) + tuple(extra)


_DAY_FIRST = re.compile(r"^(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def read_date(text: str) -> dt.date | None:
    """A sign-off date as a person writes it: 20/03/2026 (also with '.', '-' or a space), or 2026-03-20.

    Returns:
        The date, or None for empty text.

    Raises:
        ValueError: a sentence saying how to write it, when the text is not a date between 2000 and 2100.
    """
    text = text.strip()
    if not text:
        return None
    day = None
    if (m := _DAY_FIRST.match(text)) or (m := _ISO.match(text)):
        year, month, dom = (m.group(3), m.group(2), m.group(1)) if m.re is _DAY_FIRST else m.groups()
        try:
            day = dt.date(int(year), int(month), int(dom))
        except ValueError:
            day = None
    if day is None or not dt.date(2000, 1, 1) <= day <= dt.date(2100, 12, 31):
        raise ValueError(f"'{text[:40]}' is not a date between 2000 and 2100; write it as DD/MM/YYYY, e.g. 20/03/2026")
    return day


def missing_sign_off(rows: tuple[Signatory, ...]) -> tuple[str, ...]:
    """For each signatory without a name or a date, one sentence saying what is missing."""
    out = []
    for s in rows:
        who = s.role + (f", {s.organisation}" if s.organisation else "")
        gaps = [w for w, ok in (("name", bool(s.name.strip())), ("date", s.signed_on is not None)) if not ok]
        if gaps:
            out.append(f"{who}: no {' and no '.join(gaps)}")
    return tuple(out)


def summary_line(conditions: tuple[ConditionAssurance, ...], rows: tuple[Signatory, ...]) -> str:
    """E.g. "2 of 3 conditions answered; 1 of 5 signatories dated"."""
    answered = sum(c.answered for c in conditions)
    dated = sum(s.signed_on is not None for s in rows)
    return (f"{answered} of {len(conditions)} conditions answered; "
            f"{dated} of {len(rows)} signator{'y' if len(rows) == 1 else 'ies'} dated")


# ---- tables for the Excel submission copy -------------------------------------------------------
def _findings_words(findings: tuple[Finding, ...]) -> str:
    return "; ".join(f"{SEVERITY_WORDS[f.severity]}: {f.title}" for f in findings)


def conditions_table(plan: Plan, submission: Submission) -> Table:
    """The national conditions with statements, statuses and evidence, for the Excel submission copy.

    Returns:
        A ``budget.tables.Table``; its notes say which conditions' wording is unconfirmed.
    """
    rows = tuple((c.condition.code, c.condition.title, c.condition.text, c.statement, c.status,
                  SEVERITY_WORDS.get(c.evidence, "None"), _findings_words(c.findings), " ".join(c.warnings))
                 for c in assure(plan, submission))
    notes = tuple(f"{c.code}: {c.wording_note(plan.year)} Source: {c.source}"
                  for c in load_reference(plan.year).national_conditions if not c.confirmed)
    return Table(title="National conditions",
                 columns=("Condition", "Title", "What it asks", "Assurance statement", "Status", "Evidence",
                          "Findings", "Warnings"),
                 rows=rows, notes=notes)


def sign_off_table(plan: Plan, submission: Submission) -> Table:
    """Who signs the plan off, with the names and dates entered, for the Excel submission copy.

    Returns:
        A ``budget.tables.Table``, dates as dates formatted dd/mm/yyyy.
    """
    rows = tuple((s.role, s.organisation, s.name, s.signed_on) for s in sign_off_rows(plan, submission))
    return Table(title="Sign-off", columns=("Role", "Organisation", "Name", "Signed on"), rows=rows,
                 formats={"Signed on": "dd/mm/yyyy"})


def checklist_rows(plan: Plan, submission: Submission) -> tuple[tuple[str, str, str], ...]:
    """Rows (item, status in words, detail) for the submission copy's Checklist.

    One row per national condition, then one for the sign-off.
    """
    conditions = assure(plan, submission)
    out = []
    for c in conditions:
        detail = [f"Evidence: {_findings_words(c.findings)}." if c.findings else "No rule bears on it."]
        detail += list(c.warnings)
        if not c.condition.confirmed:
            detail.append(c.condition.wording_note(plan.year))
        out.append((f"{c.condition.code} {c.condition.title}", c.status, " ".join(detail)))
    rows = sign_off_rows(plan, submission)
    missing = missing_sign_off(rows)
    dated = sum(s.signed_on is not None for s in rows)
    out.append(("Sign-off", "Complete" if not missing else f"{dated} of {len(rows)} dated",
                "Missing: " + "; ".join(missing) + "." if missing else "Every signatory has a name and a date."))
    return tuple(out)
