"""`bcf assurance SOURCE`: the national conditions with their answers and evidence, and the sign-off.

Each condition of the plan's year comes with the area's assurance statement and status, the BCF
rules' findings that evidence it and warnings where they disagree; then the sign-off list with what
is missing. Registered through the ``bcf.commands`` entry point `assurance`. A scenario file's
``submission:`` holds the statements and the sign-off.
"""

from __future__ import annotations

import argparse

from budget.assurance import (
    SEVERITY_WORDS,
    ConditionAssurance,
    assure,
    missing_sign_off,
    sign_off_rows,
    stray_answers,
    summary_line,
)
from budget.models import Plan
from budget.submission import Submission
from scenarios.cli.common import add_source_options, print_json, scenario_and_plan, user_errors


def assurance_json(plan: Plan, scenario_name: str, submission: Submission,
                   conditions: tuple[ConditionAssurance, ...]) -> dict:
    """The JSON object `bcf assurance --json` prints."""
    rows = sign_off_rows(plan, submission)
    return {
        "year": plan.year,
        "area": plan.area.name,
        "scenario": scenario_name,
        "summary": summary_line(conditions, rows),
        "conditions": [{
            "code": c.condition.code,
            "title": c.condition.title,
            "text": c.condition.text,
            "status_of_fact": c.condition.status_of_fact,
            "assumed_from": c.condition.assumed_from,
            "source": c.condition.source,
            "statement": c.statement,
            "status": c.status,
            "evidence": c.evidence or None,
            "findings": [f.to_json() for f in c.findings],
            "warnings": list(c.warnings),
        } for c in conditions],
        "other_answers": [a.model_dump() for a in stray_answers(plan, submission)],
        "sign_off": [{"role": s.role, "organisation": s.organisation, "name": s.name,
                      "signed_on": s.signed_on.isoformat() if s.signed_on else None} for s in rows],
        "missing": list(missing_sign_off(rows)),
    }


def _print_text(plan: Plan, scenario_name: str, submission: Submission,
                conditions: tuple[ConditionAssurance, ...]) -> None:
    rows = sign_off_rows(plan, submission)
    print(f"National conditions {plan.year}: {plan.area.name}, {scenario_name}")
    print(summary_line(conditions, rows))
    for c in conditions:
        k = c.condition
        print()
        print(f"{k.code} {k.title}: {c.status}")
        if not k.confirmed:
            print(f"  Wording unconfirmed{f' (assumed from {k.assumed_from})' if k.assumed_from else ''}.")
        print(f"  Statement: {c.statement}" if c.statement.strip() else "  Statement: none")
        for f in c.findings:
            cells = ", ".join(f"{x.sheet}!{x.cell}" for x in f.cells[:6])
            more = f" and {len(f.cells) - 6} more" if len(f.cells) > 6 else ""
            print(f"  {SEVERITY_WORDS[f.severity]:<5} {f.title}{f' ({cells}{more})' if cells else ''}")
        for w in c.warnings:
            print(f"  Warning: {w}")
    for a in stray_answers(plan, submission):
        print(f"\nWarning: an answer to {a.condition}, which is not a {plan.year} national condition, is kept "
              "but not shown.")
    print("\nSign-off")
    for s in rows:
        when = s.signed_on.strftime("%d/%m/%Y") if s.signed_on else "not dated"
        print(f"  {s.role}, {s.organisation or 'organisation not named'}: {s.name or 'no name'}, {when}")
    missing = missing_sign_off(rows)
    if missing:
        print("Missing: " + "; ".join(missing) + ".")


def cmd_assurance(args: argparse.Namespace) -> int:
    """Print the conditions and the sign-off for SOURCE, as text or (--json) one JSON object."""
    with user_errors():
        scenario, plan = scenario_and_plan(args.source, area=args.area, db=args.db)
    conditions = assure(plan, scenario.submission)
    if args.json:
        print_json(assurance_json(plan, scenario.name, scenario.submission, conditions))
    else:
        _print_text(plan, scenario.name, scenario.submission, conditions)
    return 0


def register(subparsers) -> None:
    """Add `bcf assurance` to the `bcf` command's subparsers."""
    p = subparsers.add_parser("assurance", help="national conditions with assurance statements and evidence, "
                                                "and the sign-off list")
    add_source_options(p, model=False)
    p.set_defaults(func=cmd_assurance)
