"""The scenario store: SQLite by default, PostgreSQL when configured, the same code for both.

Every save is a new version with who, when and what changed; a save based on an out-of-date version
is refused (no silent overwrite) and can be made as a copy instead. Deleting is recoverable. A
scenario file (JSON, ``scenario_file.py``) carries the scenario and, where known, the plan it was built on.
What the store hands back and its errors are in ``store_records.py``, how it reaches its database and how
long it waits in ``store_database.py``, its tables in ``store_tables.py``.

Every scenario records its owner. When a caller names the `viewer` (the signed-in user, when sign-in
is on), a scenario is private to its owner unless the owner shares it: others neither list nor open
it, and only the owner can share, rename or delete. With no viewer (sign-in off, or an administrator
at the command line) every scenario is visible.
"""

from __future__ import annotations

import datetime as dt
import json
import os

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from budget.models import Plan
from scenarios.scenario_file import from_file_text, to_file_text
from scenarios.schema import Scenario, parse_scenario
from scenarios.store_database import default_url, guarded, make_engine, os_user
from scenarios.store_records import (
    ConflictError,
    Listed,
    Saved,
    StoreError,
    StoreUnavailable,
    Submitted,
    SubmittedListed,
    Version,
)
from scenarios.store_tables import scenarios_t, versions_t
from scenarios.store_upgrade import upgrade_engine

# What the store keeps: one saved version (the scenario and the plan it was built on, as JSON) is at
# most MAX_DOCUMENT_BYTES, and each scenario keeps its latest KEEP_VERSIONS versions; older ones are
# removed when a new version is saved.
MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
KEEP_VERSIONS = 50

def _visible(row, viewer: str | None) -> bool:
    return viewer is None or row.owner == viewer or bool(row.shared)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _document(scenario: Scenario, base_plan: Plan | None) -> str:
    return json.dumps({"scenario": scenario.to_json_dict(),
                       "base_plan": base_plan.model_dump(mode="json") if base_plan is not None else None},
                      sort_keys=True, ensure_ascii=False)


def _saved(name: str, ver) -> Saved:
    try:
        doc = json.loads(ver.document)
        base_plan = Plan.model_validate(doc["base_plan"]) if doc.get("base_plan") else None
        scenario = parse_scenario(doc["scenario"])
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):  # ValidationError is a ValueError
        raise StoreError(f"version {ver.version} of '{name}' is damaged and cannot be read; open or restore "
                         "another version") from None
    return Saved(name=name, version=ver.version, author=ver.author, saved_at=ver.created_at, summary=ver.summary,
                 scenario=scenario, base_plan=base_plan)


def _changed_keys(old: dict, new: dict, prefix: str = "") -> list[str]:
    out = []
    for k in sorted(set(old) | set(new)):
        a, b = old.get(k), new.get(k)
        if isinstance(a, dict) and isinstance(b, dict):
            out += _changed_keys(a, b, f"{prefix}{k}.")
        elif a != b:
            out.append(f"{prefix}{k}")
    return out


def _checked_name(name: object) -> str:
    """A scenario's name as stored, with its whitespace collapsed.

    1 to 200 characters, with no control characters and no characters that change the direction of the text
    (the schema's rule for names); else a StoreError sentence.
    """
    from pydantic import TypeAdapter, ValidationError

    from budget.models import Name

    name = " ".join(str(name).split())
    if not name or len(name) > 200:
        raise StoreError("give the scenario a name of 1 to 200 characters")
    try:
        TypeAdapter(Name).validate_python(name)
    except ValidationError as e:
        raise StoreError(f"the name {e.errors()[0]['msg'].removeprefix('Value error, ')}") from None
    return name


class Store:
    """One store per database URL; safe to share between threads (each call uses its own connection)."""

    def __init__(self, url: str | None = None, user: str | None = None):
        """Open the store at `url` (default_url() when None), bringing its tables up to date (`store_upgrade`).

        Args:
            url: A SQLAlchemy database URL.
            user: Who saves when no viewer or author is named: BCF_USER, else the operating-system user.

        Raises:
            StoreUnavailable: The database cannot be used.
        """
        try:
            self.url = url or default_url()
        except OSError as e:
            raise StoreUnavailable(f"cannot make the folder for the scenario database ({e.strerror}: "
                                   f"{e.filename})") from None
        self.user = user or os.environ.get("BCF_USER") or os_user()
        self.engine: Engine = make_engine(self.url)
        upgrade_engine(self.engine, self.url)

    # ---- reading --------------------------------------------------------------------------------
    def _row(self, conn, name: str, deleted_ok: bool = False, viewer: str | None = None, owner_only: str = ""):
        row = conn.execute(select(scenarios_t).where(scenarios_t.c.name == name)).first()
        if row is None or not _visible(row, viewer):
            raise StoreError(f"no saved scenario is called '{name}' (or it is private to another user); choose one "
                             "from the list of saved scenarios")
        if row.deleted and not deleted_ok:
            raise StoreError(f"no saved scenario is called '{name}' (it was deleted; restore it first)")
        if owner_only and viewer is not None and row.owner != viewer:
            raise StoreError(f"only the owner of '{name}', {row.owner}, can {owner_only} it; save a copy under "
                             "your own name instead")
        return row

    @guarded
    def open(self, name: str, version: int | None = None, *, viewer: str | None = None) -> Saved:
        """A saved scenario at `version`, or its latest.

        Raises StoreError when `viewer` may not see it or the version is no longer kept.
        """
        with self.engine.connect() as conn:
            row = self._row(conn, name, viewer=viewer)
            v = version or row.latest_version
            ver = conn.execute(select(versions_t).where(versions_t.c.scenario_id == row.id,
                                                        versions_t.c.version == v)).first()
            first = None if ver else conn.execute(select(func.min(versions_t.c.version))
                                                  .where(versions_t.c.scenario_id == row.id)).scalar()
        if ver is None:
            raise StoreError(f"'{name}' has no version {v}: the store keeps the latest {KEEP_VERSIONS} versions "
                             f"of each scenario (versions {first or 1} to {row.latest_version})")
        return _saved(name, ver)

    @guarded
    def list(self, include_deleted: bool = False, *, viewer: str | None = None) -> list[Listed]:
        """The scenarios `viewer` may see (all with no viewer), by name; deleted ones only when asked for."""
        q = select(scenarios_t).order_by(scenarios_t.c.name)
        if not include_deleted:
            q = q.where(scenarios_t.c.deleted.is_(False))
        if viewer is not None:
            q = q.where((scenarios_t.c.owner == viewer) | scenarios_t.c.shared.is_(True))
        with self.engine.connect() as conn:
            return [Listed(r.name, r.latest_version, r.owner, r.updated_at, r.deleted, bool(r.shared))
                    for r in conn.execute(q)]

    @guarded
    def history(self, name: str, *, viewer: str | None = None) -> list[Saved]:
        """Every kept version with its scenario and plan, oldest first (see `versions` for a cheap list)."""
        with self.engine.connect() as conn:
            row = self._row(conn, name, deleted_ok=True, viewer=viewer)
            rows = conn.execute(select(versions_t).where(versions_t.c.scenario_id == row.id)
                                .order_by(versions_t.c.version)).all()
        return [_saved(name, v) for v in rows]

    @guarded
    def versions(self, name: str, *, viewer: str | None = None) -> list[Version]:
        """Who saved each kept version, when, and what changed, newest first; no documents are read."""
        c = versions_t.c
        with self.engine.connect() as conn:
            row = self._row(conn, name, deleted_ok=True, viewer=viewer)
            rows = conn.execute(select(c.version, c.author, c.created_at, c.summary)
                                .where(c.scenario_id == row.id).order_by(c.version.desc())).all()
        return [Version(r.version, r.author, r.created_at, r.summary) for r in rows]

    # ---- writing --------------------------------------------------------------------------------
    @guarded
    def save(self, name: str, scenario: Scenario, *, base_version: int | None = None, base_plan: Plan | None = None,
             author: str | None = None, viewer: str | None = None) -> int:
        """Save a new version and return its number.

        `base_version` is the version the change started from (None for a new scenario); a save from an
        out-of-date version raises ConflictError. A viewer saves as themself, and may add versions to their
        own scenarios and to those shared with them. Each version is at most MAX_DOCUMENT_BYTES of JSON, and
        the latest KEEP_VERSIONS versions are kept.
        """
        name = _checked_name(name)
        scenario = scenario.model_copy(update={"name": name})
        author = viewer or author or self.user
        document = _document(scenario, base_plan)
        now = _now()
        try:
            with self.engine.begin() as conn:
                row = conn.execute(select(scenarios_t).where(scenarios_t.c.name == name)
                                   .with_for_update()).first()
                if row is None:
                    if base_version not in (None, 0):
                        raise StoreError(f"no saved scenario is called '{name}'; save it as a new scenario")
                    sid = conn.execute(insert(scenarios_t).values(
                        name=name, owner=author, created_at=now, updated_at=now, latest_version=1, deleted=False)
                    ).inserted_primary_key[0]
                    _check_size(name, document)
                    version, summary = 1, "created"
                else:
                    if not _visible(row, viewer):
                        raise StoreError(f"no saved scenario is called '{name}' (or it is private to another user); "
                                         "choose another name")
                    if row.deleted:
                        raise StoreError(f"'{name}' was deleted; restore it or choose another name")
                    if base_version != row.latest_version:
                        last = conn.execute(select(versions_t.c.author, versions_t.c.created_at).where(
                            versions_t.c.scenario_id == row.id, versions_t.c.version == row.latest_version)).first()
                        raise ConflictError(name, base_version, row.latest_version, last.author, last.created_at)
                    previous = conn.execute(select(versions_t.c.document).where(
                        versions_t.c.scenario_id == row.id, versions_t.c.version == row.latest_version)).scalar()
                    if base_plan is None:  # keep the plan the scenario was built on
                        document = json.dumps({**json.loads(document), "base_plan": json.loads(previous)["base_plan"]},
                                              sort_keys=True, ensure_ascii=False)
                    changed = _changed_keys(json.loads(previous), json.loads(document))
                    summary = "changed " + ", ".join(changed[:12]) if changed else "saved with no changes"
                    _check_size(name, document)
                    sid, version = row.id, row.latest_version + 1
                    res = conn.execute(update(scenarios_t).where(scenarios_t.c.id == sid,
                                                                  scenarios_t.c.latest_version == row.latest_version)
                                       .values(latest_version=version, updated_at=now))
                    if res.rowcount != 1:
                        raise ConflictError(name, base_version, row.latest_version + 1, "another user", now)
                conn.execute(insert(versions_t).values(scenario_id=sid, version=version, author=author, created_at=now,
                                                       summary=summary, document=document))
                conn.execute(delete(versions_t).where(versions_t.c.scenario_id == sid,
                                                      versions_t.c.version <= version - KEEP_VERSIONS))
            return version
        except IntegrityError:
            with self.engine.connect() as conn:
                row = conn.execute(select(scenarios_t).where(scenarios_t.c.name == name)).first()
            raise ConflictError(name, base_version, row.latest_version if row else 1, "another user", now) from None

    @guarded
    def save_as_copy(self, name: str, new_name: str, scenario: Scenario, base_plan: Plan | None = None, *,
                     viewer: str | None = None) -> int:
        """Save `scenario` as a new scenario called `new_name` (version 1); refused when that name exists."""
        if any(x.name == new_name for x in self.list(include_deleted=True)):
            raise StoreError(f"a scenario called '{new_name}' already exists; choose another name")
        return self.save(new_name, scenario, base_plan=base_plan, viewer=viewer)

    @guarded
    def duplicate(self, name: str, new_name: str, *, viewer: str | None = None) -> int:
        """Copy the latest version of `name`, with its plan, to a new scenario `new_name`."""
        s = self.open(name, viewer=viewer)
        return self.save_as_copy(name, new_name, s.scenario, s.base_plan, viewer=viewer)

    @guarded
    def share(self, name: str, shared: bool = True, *, viewer: str | None = None) -> None:
        """Let every user see and add versions to the scenario (or make it private to its owner again)."""
        with self.engine.begin() as conn:
            row = self._row(conn, name, viewer=viewer, owner_only="share or unshare")
            conn.execute(update(scenarios_t).where(scenarios_t.c.id == row.id).values(shared=bool(shared)))

    @guarded
    def rename(self, name: str, new_name: str, *, viewer: str | None = None) -> None:
        """Rename a scenario (its owner only); refused when `new_name` is taken or is not a name."""
        new_name = _checked_name(new_name)
        try:
            with self.engine.begin() as conn:
                row = self._row(conn, name, viewer=viewer, owner_only="rename")
                conn.execute(update(scenarios_t).where(scenarios_t.c.id == row.id).values(name=new_name,
                                                                                           updated_at=_now()))
        except IntegrityError:
            raise StoreError(f"a scenario called '{new_name}' already exists; choose another name") from None

    @guarded
    def delete(self, name: str, *, viewer: str | None = None) -> None:
        """Mark a scenario deleted (its owner only); its versions are kept, so `undelete` brings it back."""
        with self.engine.begin() as conn:
            row = self._row(conn, name, viewer=viewer, owner_only="delete")
            conn.execute(update(scenarios_t).where(scenarios_t.c.id == row.id).values(deleted=True, updated_at=_now()))

    @guarded
    def undelete(self, name: str, *, viewer: str | None = None) -> None:
        """Bring back a deleted scenario (its owner only)."""
        with self.engine.begin() as conn:
            row = self._row(conn, name, deleted_ok=True, viewer=viewer, owner_only="restore")
            conn.execute(update(scenarios_t).where(scenarios_t.c.id == row.id).values(deleted=False, updated_at=_now()))

    @guarded
    def restore(self, name: str, version: int, author: str | None = None, *, viewer: str | None = None) -> int:
        """Make an old version the latest again (as a new version; history is kept)."""
        old = self.open(name, version, viewer=viewer)
        latest = self.open(name, viewer=viewer)
        new = self.save(name, old.scenario, base_version=latest.version, base_plan=old.base_plan, author=author,
                        viewer=viewer)
        with self.engine.begin() as conn:
            row = self._row(conn, name)
            conn.execute(update(versions_t).where(versions_t.c.scenario_id == row.id, versions_t.c.version == new)
                         .values(summary=f"restored version {version}"))
        return new

    # ---- the plan as submitted (store_submitted.py) ----------------------------------------------
    @guarded
    def submit(self, name: str, version: int | None = None, *, viewer: str | None = None,
               author: str | None = None) -> Submitted:
        """Mark a saved version (the latest by default) as submitted: a new read-only record of it and its plan."""
        from scenarios import store_submitted

        return store_submitted.submit(self, name, version, viewer=viewer, author=author)

    @guarded
    def submitted(self, *, viewer: str | None = None, name: str | None = None) -> list[SubmittedListed]:
        """The submitted records `viewer` may see, newest first (only `name`'s when given)."""
        from scenarios import store_submitted

        return store_submitted.listed(self, viewer=viewer, name=name)

    @guarded
    def open_submitted(self, name: str, number: int | None = None, *, viewer: str | None = None) -> Submitted:
        """Submitted record `number` of `name` (its latest by default), with the plan as submitted."""
        from scenarios import store_submitted

        return store_submitted.open_record(self, name, number, viewer=viewer)

    # ---- work in progress -----------------------------------------------------------------------
    @guarded
    def keep_working(self, token: str, owner: str, state: str, workbook_digest: str,
                     workbook: bytes | None) -> bool:
        """Keep a browser's work in progress (``store_working.keep``); False when the token is another owner's."""
        from scenarios import store_working

        return store_working.keep(self.engine, token, owner, state, workbook_digest, workbook, _now())

    @guarded
    def working(self, token: str, owner: str, move_to: str | None = None):
        """The work in progress kept for `token` when it is `owner`'s (``store_working.find``), else None.

        With `move_to`, it is kept from now under that token instead.
        """
        from scenarios import store_working

        return store_working.find(self.engine, token, owner, move_to)

    # ---- files ----------------------------------------------------------------------------------
    @guarded
    def export_json(self, name: str, version: int | None = None, *, viewer: str | None = None) -> str:
        """A saved scenario as the text of a scenario file (see :func:`to_file_text`)."""
        return to_file_text(self.open(name, version, viewer=viewer))

    @guarded
    def import_json(self, text: str, name: str | None = None, *, viewer: str | None = None) -> Saved:
        """Save a scenario file's scenario and plan as a new scenario (`name`, else the file's own name)."""
        scenario, plan = from_file_text(text)
        final = name or scenario.name
        self.save_as_copy(final, final, scenario, plan, viewer=viewer)
        return self.open(final, viewer=viewer)


def _check_size(name: str, document: str) -> None:
    size = len(document.encode("utf-8"))
    if size > MAX_DOCUMENT_BYTES:
        raise StoreError(f"'{name}' with the plan it was built on is {size / 1024 / 1024:.1f} MB, over the "
                         f"{MAX_DOCUMENT_BYTES // 1024 // 1024} MB the store keeps for one version, so it was not "
                         "saved; use fewer changes, or a plan with fewer expenditure lines")
