"""The plan as submitted, kept: ``submit`` writes a read-only record of a saved scenario and its plan.

A record holds the plan as submitted (the scenario's plan-year changes written into the plan's lines, as
``make_plan`` writes them, so the plan the Excel submission copy describes), the plan the scenario was built on
and the scenario with its submission (goals, capacity settings, assurance, sign-off), with when it was marked
and by whom. Nothing updates or removes a record: later saves of the scenario leave it as it was, and marking
the scenario as submitted again adds a new record (number 2, 3 ...), so every submission stays listed.
Who sees a record follows its scenario: its owner, and everyone when the scenario is shared (``store._visible``).
The ``Store`` methods ``submit``, ``submitted`` and ``open_submitted`` call these.
"""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError

from budget.models import Plan
from scenarios.schema import parse_scenario
from scenarios.store_records import StoreError, Submitted, SubmittedListed
from scenarios.store_tables import scenarios_t, submitted_t


def _document(plan: Plan, base_plan: Plan, scenario) -> str:
    return json.dumps({"plan": plan.model_dump(mode="json"), "base_plan": base_plan.model_dump(mode="json"),
                       "scenario": scenario.to_json_dict()}, sort_keys=True, ensure_ascii=False)


def plan_as_submitted(base_plan: Plan, scenario) -> Plan:
    """The plan with the scenario's plan-year changes written into its lines; StoreError when they do not fit."""
    from scenarios.make_plan import make_plan
    from scenarios.schema import ScenarioError

    try:
        made = make_plan(base_plan, scenario)
    except ScenarioError as e:
        raise StoreError(f"'{scenario.name}' cannot be marked as submitted: its changes do not fit its plan "
                         f"({e})") from None
    return base_plan if made.lines == base_plan.lines else base_plan.model_copy(update={"lines": made.lines})


def _listed(name: str, r) -> SubmittedListed:
    when = r.submitted_at if r.submitted_at.tzinfo else r.submitted_at.replace(tzinfo=dt.UTC)  # SQLite: UTC, no zone
    return SubmittedListed(name=name, number=r.number, scenario_name=r.scenario_name,
                           scenario_version=r.scenario_version, area_code=r.area_code, area_name=r.area_name,
                           year=r.year, submitted_by=r.submitted_by, submitted_at=when.astimezone(dt.UTC))


def submit(store, name: str, version: int | None = None, *, viewer: str | None = None,
           author: str | None = None) -> Submitted:
    """Mark a saved version of `name` (its latest by default) as submitted: a new record, returned.

    Raises StoreError when `viewer` may not see the scenario, it is deleted, or its version holds no plan.
    """
    saved = store.open(name, version, viewer=viewer)
    if saved.base_plan is None:
        raise StoreError(f"version {saved.version} of '{name}' holds no plan, so it cannot be marked as submitted; "
                         "save it again with the plan it is built on")
    plan = plan_as_submitted(saved.base_plan, saved.scenario)
    who = viewer or author or store.user
    now = dt.datetime.now(dt.UTC)
    document = _document(plan, saved.base_plan, saved.scenario)
    try:
        with store.engine.begin() as conn:
            row = store._row(conn, name, viewer=viewer)
            number = (conn.execute(select(func.max(submitted_t.c.number))
                                   .where(submitted_t.c.scenario_id == row.id)).scalar() or 0) + 1
            conn.execute(insert(submitted_t).values(
                scenario_id=row.id, number=number, scenario_name=name, scenario_version=saved.version,
                area_code=plan.area.code, area_name=plan.area.name, year=plan.year, submitted_by=who,
                submitted_at=now, document=document))
    except IntegrityError:
        raise StoreError(f"'{name}' was marked as submitted by someone else at the same moment; look at the list "
                         "of submitted plans, and mark it again if it is still needed") from None
    return open_record(store, name, number, viewer=viewer)  # as the store holds it, its time as read back


def listed(store, *, viewer: str | None = None, name: str | None = None) -> list[SubmittedListed]:
    """Every submitted record `viewer` may see (all with no viewer), newest first; only `name`'s when given.

    Records of a deleted scenario stay listed: they record what was submitted.
    """
    s, c = scenarios_t.c, submitted_t.c
    q = (select(s.name, c.number, c.scenario_name, c.scenario_version, c.area_code, c.area_name, c.year,
                c.submitted_by, c.submitted_at)
         .join(scenarios_t, s.id == c.scenario_id).order_by(c.submitted_at.desc(), c.id.desc()))
    if viewer is not None:
        q = q.where((s.owner == viewer) | s.shared.is_(True))
    if name is not None:
        q = q.where(s.name == name)
    with store.engine.connect() as conn:
        return [_listed(r.name, r) for r in conn.execute(q)]


def open_record(store, name: str, number: int | None = None, *, viewer: str | None = None) -> Submitted:
    """Submitted record `number` of scenario `name` (its latest by default), with its plans and scenario."""
    with store.engine.connect() as conn:
        row = store._row(conn, name, deleted_ok=True, viewer=viewer)
        q = select(submitted_t).where(submitted_t.c.scenario_id == row.id)
        q = q.where(submitted_t.c.number == number) if number else q.order_by(submitted_t.c.number.desc()).limit(1)
        r = conn.execute(q).first()
    if r is None:
        raise StoreError(f"'{name}' has no submission {number}" if number else
                         f"'{name}' has not been marked as submitted")
    try:
        doc = json.loads(r.document)
        plan, base_plan = Plan.model_validate(doc["plan"]), Plan.model_validate(doc["base_plan"])
        scenario = parse_scenario(doc["scenario"])
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
        raise StoreError(f"submission {r.number} of '{name}' is damaged and cannot be read") from None
    listed_ = _listed(name, r)
    return Submitted(**vars(listed_), plan=plan, base_plan=base_plan, scenario=scenario)
