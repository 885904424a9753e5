"""A whole scenario store as one file, and back: ``backup`` and ``restore`` (``bcf db backup`` / ``restore``).

The file is JSON: ``kind`` ("bcf-planner-backup"), ``format_version``, when it was written, the schema revision
of the store it came from, every scenario (deleted ones too) with its owner, sharing, times and every kept
version (author, time, what changed, and the saved document as the store holds it, the area's submission
records among them), every submitted record (``submitted``: the plan as submitted, kept, with the name of its
scenario in the backup), and ``checksum``: the SHA-256 of everything else, written canonically. A file cut short
or changed after it was written no longer matches and is refused. The checksum finds damage and careless edits;
it is not a signature, so keep backups where only administrators can change them.

A restore is one transaction: all of the file is loaded, or nothing. It goes into an empty store; with
``merge`` into one that holds scenarios already, adding those it lacks and leaving alone those it holds as the
backup has them, and refusing the whole file when a name is in both with different contents. Submitted records
go with their scenario: those the store lacks are added, and one in both with different contents refuses the file.
A backup of format 1 (written before submitted records were kept) holds none and restores as before.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError, model_validator
from sqlalchemy import insert, select

from scenarios.store_database import is_database_error, unavailable
from scenarios.store_records import StoreError
from scenarios.store_tables import SCHEMA_REVISION, scenarios_t, submitted_t, versions_t

KIND = "bcf-planner-backup"
FORMAT_VERSION = 2
READS = (1, 2)  # format 1: before submitted records were kept
MAX_BACKUP_BYTES = 1024 * 1024 * 1024  # the largest backup written or read: 1 GB, so every backup written restores


class BackupRefused(StoreError):
    """A backup file that cannot be restored; the message says why, and that nothing was changed."""


def _iso(when: dt.datetime) -> str:
    """A stored time in UTC, as ISO 8601 (SQLite hands back the UTC time the store wrote, without its zone)."""
    return (when if when.tzinfo else when.replace(tzinfo=dt.UTC)).astimezone(dt.UTC).isoformat()


def _canonical(data: dict) -> bytes:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def checksum(data: dict) -> str:
    """The checksum of a backup's contents: SHA-256 of everything but the checksum, written canonically."""
    return "sha256:" + hashlib.sha256(_canonical({k: v for k, v in data.items() if k != "checksum"})).hexdigest()


def _records(conn) -> list[dict]:
    """Every scenario with its versions, by name, as a backup holds them."""
    by_id: dict[int, dict] = {}
    for r in conn.execute(select(scenarios_t).order_by(scenarios_t.c.name)):
        by_id[r.id] = {"name": r.name, "owner": r.owner, "created_at": _iso(r.created_at),
                       "updated_at": _iso(r.updated_at), "latest_version": r.latest_version,
                       "deleted": bool(r.deleted), "shared": bool(r.shared), "versions": []}
    c = versions_t.c
    for v in conn.execute(select(versions_t).order_by(c.scenario_id, c.version)):
        by_id[v.scenario_id]["versions"].append({"version": v.version, "author": v.author,
                                                 "created_at": _iso(v.created_at), "summary": v.summary,
                                                 "document": v.document})
    return sorted(by_id.values(), key=lambda s: s["name"])


def _submitted(conn) -> list[dict]:
    """Every submitted record, by scenario and number, each naming its scenario as the backup does."""
    c = submitted_t.c
    q = (select(scenarios_t.c.name.label("scenario"), submitted_t).join(scenarios_t, scenarios_t.c.id == c.scenario_id)
         .order_by(scenarios_t.c.name, c.number))
    return [{"scenario": r.scenario, "number": r.number, "scenario_name": r.scenario_name,
             "scenario_version": r.scenario_version, "area_code": r.area_code, "area_name": r.area_name,
             "year": r.year, "submitted_by": r.submitted_by, "submitted_at": _iso(r.submitted_at),
             "document": r.document} for r in conn.execute(q)]


def _guarded(url: str, action):
    try:
        return action()
    except StoreError:
        raise
    except Exception as e:
        if is_database_error(e):
            raise unavailable(url, e) from None
        raise


def backup(store) -> str:
    """Every scenario in `store` (a ``scenarios.store.Store``), read in one consistent snapshot, as a backup's text."""
    def read() -> tuple[list[dict], list[dict]]:
        conn = store.engine.connect()
        if conn.dialect.name == "postgresql":  # one snapshot for every table
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn:
            return _records(conn), _submitted(conn)

    scenarios, submitted = _guarded(store.url, read)
    data: dict[str, Any] = {"kind": KIND, "format_version": FORMAT_VERSION, "schema_revision": SCHEMA_REVISION,
                            "written_at": _iso(dt.datetime.now(dt.UTC)), "scenarios": scenarios,
                            "submitted": submitted}
    data["checksum"] = checksum(data)
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    size = len(text.encode("utf-8"))
    if size > MAX_BACKUP_BYTES:
        raise StoreError(f"the scenario store makes a backup of {size / 1024 ** 3:,.1f} GB, over the "
                         f"{MAX_BACKUP_BYTES // 1024 ** 3} GB a backup may hold, so none was written; delete scenarios "
                         "no longer needed, or back up the database itself with its own tools")
    return text


Text200 = Annotated[str, Field(min_length=1, max_length=200)]
Time = Annotated[AwareDatetime, Field(strict=False)]  # written as ISO 8601 text, with its zone


class _Version(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, defer_build=True)
    version: Annotated[int, Field(ge=1)]
    author: Text200
    created_at: Time
    summary: str
    document: str


class _Scenario(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, defer_build=True)
    name: Text200
    owner: Text200
    created_at: Time
    updated_at: Time
    latest_version: Annotated[int, Field(ge=1)]
    deleted: bool
    shared: bool
    versions: Annotated[list[_Version], Field(min_length=1)]

    @model_validator(mode="after")
    def _versions_agree(self):
        numbers = [v.version for v in self.versions]
        if len(set(numbers)) != len(numbers) or max(numbers) != self.latest_version:
            raise ValueError(f"the versions of '{self.name}' do not end at its latest version or repeat a number")
        return self


class _Submitted(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, defer_build=True)
    scenario: Text200
    number: Annotated[int, Field(ge=1)]
    scenario_name: Text200
    scenario_version: Annotated[int, Field(ge=1)]
    area_code: Text200
    area_name: Text200
    year: Text200
    submitted_by: Text200
    submitted_at: Time
    document: str


class _Backup(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, defer_build=True)
    kind: str
    format_version: int
    schema_revision: str
    written_at: str
    scenarios: list[_Scenario]
    submitted: list[_Submitted] = []
    checksum: str

    @model_validator(mode="after")
    def _names_once(self):
        names = [s.name for s in self.scenarios]
        if len(set(names)) != len(names):
            raise ValueError("a scenario name appears twice")
        keys = [(r.scenario, r.number) for r in self.submitted]
        if len(set(keys)) != len(keys):
            raise ValueError("a submitted record appears twice")
        if any(r.scenario not in names for r in self.submitted):
            raise ValueError("a submitted record names a scenario the backup does not hold")
        return self


def read_backup(text: str, where: str = "the backup") -> list[dict]:
    """The scenarios of a backup's text, checked: complete, unchanged since written, of a format this release reads.

    ``read_backup_all`` gives its submitted records too.

    Raises:
        BackupRefused: A sentence naming `where` and what is wrong.
    """
    nothing = "; nothing was restored"
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        raise BackupRefused(f"{where} is not a complete backup: it is not JSON or ends early (cut short while "
                            f"copied?){nothing}") from None
    if not isinstance(data, dict) or data.get("kind") != KIND:
        raise BackupRefused(f"{where} is not a BCF Planner backup (made by bcf db backup){nothing}")
    version = data.get("format_version")
    if version not in READS or isinstance(version, bool):
        raise BackupRefused(f"{where} is a backup of format {version!r}, which this release does not read (it reads "
                            f"formats {READS[0]} to {READS[-1]}); restore it with the release that wrote it{nothing}")
    if not isinstance(data.get("checksum"), str) or data["checksum"] != checksum(data):
        raise BackupRefused(f"{where} does not match its checksum: it was changed or damaged after it was "
                            f"written{nothing}")
    try:
        _Backup.model_validate(data)
    except ValidationError as e:
        first = e.errors()[0]
        place = ".".join(str(p) for p in first["loc"])
        raise BackupRefused(f"{where} holds something a backup cannot ({place}: "
                            f"{first['msg'].removeprefix('Value error, ')}){nothing}") from None
    return data["scenarios"]


def read_backup_all(text: str, where: str = "the backup") -> tuple[list[dict], list[dict]]:
    """The scenarios and the submitted records of a backup's text, checked as ``read_backup`` checks them."""
    scenarios = read_backup(text, where)
    return scenarios, json.loads(text).get("submitted", [])


@dataclass(frozen=True)
class Restored:
    """What a restore did: scenarios and versions added, and scenarios already in the store as the backup has them."""

    added: int
    versions: int
    unchanged: int
    submitted: int = 0  # submitted records added


def _parse(when: str) -> dt.datetime:
    return dt.datetime.fromisoformat(when)


def restore(store, text: str, *, merge: bool = False, where: str = "the backup") -> Restored:
    """Load a backup's scenarios into `store` in one transaction; all of them, or nothing.

    Raises:
        BackupRefused: The file is not a complete, unchanged backup, or the store is not empty (without `merge`),
            or a scenario is in both with different contents.
    """
    scenarios, records = read_backup_all(text, where)

    def load() -> Restored:
        with store.engine.begin() as conn:
            held = {s["name"]: s for s in _records(conn)}
            if held and not merge:
                raise BackupRefused(f"the scenario store already holds {len(held):,} scenario"
                                    f"{'' if len(held) == 1 else 's'}, so {where} was not restored; restore into an "
                                    "empty store, or add the backup's scenarios to these with --merge")
            for s in scenarios:
                if s["name"] in held and held[s["name"]] != s:
                    raise BackupRefused(f"'{s['name']}' is both in the store and in {where}, with different "
                                        "versions or settings; nothing was restored. Rename or delete one of them "
                                        "and restore again")
            new = [s for s in scenarios if s["name"] not in held]
            if new:  # every row in two statements: the scenarios, then (with their new ids) their versions
                conn.execute(insert(scenarios_t), [
                    {"name": s["name"], "owner": s["owner"], "created_at": _parse(s["created_at"]),
                     "updated_at": _parse(s["updated_at"]), "latest_version": s["latest_version"],
                     "deleted": s["deleted"], "shared": s["shared"]} for s in new])
                ids = dict(conn.execute(select(scenarios_t.c.name, scenarios_t.c.id)).all())
                conn.execute(insert(versions_t), [
                    {"scenario_id": ids[s["name"]], "version": v["version"], "author": v["author"],
                     "created_at": _parse(v["created_at"]), "summary": v["summary"], "document": v["document"]}
                    for s in new for v in s["versions"]])
            kept = {(r["scenario"], r["number"]): r for r in _submitted(conn)}
            for r in records:
                if (r["scenario"], r["number"]) in kept and kept[r["scenario"], r["number"]] != r:
                    raise BackupRefused(f"submission {r['number']} of '{r['scenario']}' is both in the store and in "
                                        f"{where}, with different contents; nothing was restored")
            add = [r for r in records if (r["scenario"], r["number"]) not in kept]
            if add:
                ids = dict(conn.execute(select(scenarios_t.c.name, scenarios_t.c.id)).all())
                conn.execute(insert(submitted_t), [
                    {**{k: v for k, v in r.items() if k != "scenario"}, "scenario_id": ids[r["scenario"]],
                     "submitted_at": _parse(r["submitted_at"])} for r in add])
        return Restored(len(new), sum(len(s["versions"]) for s in new), len(scenarios) - len(new), len(add))

    return _guarded(store.url, load)
