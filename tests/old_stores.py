"""Scenario databases as the releases before Alembic made them, built with plain SQL as their code did.

Schema 1: the version table at 1, scenarios without sharing. Schema 2 made by upgrading schema 1: the `shared`
column added by ALTER TABLE with a default of false. Schema 2 made new: `shared` in CREATE TABLE, no default.
Each store holds scenarios with several owners, a shared one (schema 2), a deleted one, one whose early
versions were removed, and a version carrying the area's submission records.
"""

from __future__ import annotations

import datetime as dt
import json

import sqlalchemy as sa

_TYPES = {"sqlite": ("INTEGER", "DATETIME"), "postgresql": ("SERIAL", "TIMESTAMP WITH TIME ZONE")}


def _ddl(dialect: str, shared_in_table: bool) -> list[str]:
    key, time = _TYPES[dialect]
    shared = "shared BOOLEAN NOT NULL, " if shared_in_table else ""
    return [
        "CREATE TABLE bcf_schema_version (version INTEGER NOT NULL)",
        f"CREATE TABLE bcf_scenarios (id {key} NOT NULL, name VARCHAR(200) NOT NULL, owner VARCHAR(200) NOT NULL, "
        f"created_at {time} NOT NULL, updated_at {time} NOT NULL, latest_version INTEGER NOT NULL, "
        f"deleted BOOLEAN NOT NULL, {shared}PRIMARY KEY (id), UNIQUE (name))",
        f"CREATE TABLE bcf_scenario_versions (id {key} NOT NULL, scenario_id INTEGER NOT NULL, "
        f"version INTEGER NOT NULL, author VARCHAR(200) NOT NULL, created_at {time} NOT NULL, "
        "summary TEXT NOT NULL, document TEXT NOT NULL, "
        "PRIMARY KEY (id), CONSTRAINT uq_scenario_version UNIQUE (scenario_id, version), "
        "FOREIGN KEY(scenario_id) REFERENCES bcf_scenarios (id))",
    ]


def _document(seed: int, submission: bool = False) -> str:
    from budget.submission import Assurance, GoalSetting, Signatory, Submission
    from scenarios.schema import Scenario

    extra = {}
    if submission:
        extra["submission"] = Submission(
            goals=(GoalSetting(metric="discharge_delay", value=1.25),),
            assurance=(Assurance(condition="NC1", statement="Agreed by the board.", status="Met"),),
            sign_off=(Signatory(role="Section 151 officer", organisation="Northbrook council", name="Dana Whitlock",
                                signed_on=dt.date(2026, 3, 20)),))
    scenario = Scenario(name="x", seed=seed, **extra)
    return json.dumps({"scenario": scenario.to_json_dict(), "base_plan": None}, sort_keys=True, ensure_ascii=False)


T0 = dt.datetime(2025, 4, 1, 9, 30, 15, 123456, tzinfo=dt.UTC)


def expected(schema: int) -> list[dict]:
    """The scenarios an old store of `schema` holds, as a backup writes them (by name)."""
    def at(hours: int) -> str:
        return (T0 + dt.timedelta(hours=hours)).isoformat()

    def versions(author: str, numbers: range, start: int, submission_at: int | None = None) -> list[dict]:
        return [{"version": n, "author": author, "created_at": at(start + n), "summary": "created" if n == 1 else
                 f"changed seed (version {n})", "document": _document(n, submission=n == submission_at)}
                for n in numbers]

    return sorted([
        {"name": "Plan A", "owner": "ann@council.gov.uk", "created_at": at(1), "updated_at": at(3),
         "latest_version": 2, "deleted": False, "shared": schema == 2, "versions": versions("ann@council.gov.uk",
                                                                                            range(1, 3), 1, 2)},
        {"name": "Plan B (old)", "owner": "bob@nhs.net", "created_at": at(10), "updated_at": at(20),
         "latest_version": 5, "deleted": True, "shared": False, "versions": versions("bob@nhs.net", range(3, 6), 10)},
        {"name": "Café plan ✓", "owner": "chloé", "created_at": at(30), "updated_at": at(31), "latest_version": 1,
         "deleted": False, "shared": False, "versions": versions("chloé", range(1, 2), 30)},
    ], key=lambda s: s["name"])


def _time(dialect: str, iso: str) -> str:
    when = dt.datetime.fromisoformat(iso)
    # SQLAlchemy wrote SQLite times as text without their zone; PostgreSQL keeps the zone
    return when.strftime("%Y-%m-%d %H:%M:%S.%f") if dialect == "sqlite" else iso


def build(url: str, schema: int, *, made_new: bool = False) -> list[dict]:
    """Make the store of `schema` (1 or 2; `made_new`: schema 2 as a new database got it) at `url`; its scenarios."""
    engine = sa.create_engine(url)
    dialect = engine.dialect.name
    rows = expected(schema)
    with engine.begin() as conn:
        for statement in _ddl(dialect, shared_in_table=schema == 2 and made_new):
            conn.exec_driver_sql(statement)
        conn.exec_driver_sql("INSERT INTO bcf_schema_version (version) VALUES (1)")
        if schema == 2 and not made_new:
            conn.exec_driver_sql("ALTER TABLE bcf_scenarios ADD COLUMN shared BOOLEAN NOT NULL DEFAULT FALSE")
            conn.exec_driver_sql("INSERT INTO bcf_schema_version (version) VALUES (2)")
        elif schema == 2:
            conn.exec_driver_sql("INSERT INTO bcf_schema_version (version) VALUES (2)")
        shared_col, shared_val = (", shared", ", :shared") if schema == 2 else ("", "")
        for sid, s in enumerate(rows, start=1):
            conn.execute(sa.text(f"INSERT INTO bcf_scenarios (id, name, owner, created_at, updated_at, latest_version, "
                                 f"deleted{shared_col}) VALUES (:id, :name, :owner, :created_at, :updated_at, "
                                 f":latest_version, :deleted{shared_val})"),
                         {**{k: v for k, v in s.items() if k != "versions"}, "id": sid,
                          "created_at": _time(dialect, s["created_at"]), "updated_at": _time(dialect, s["updated_at"])})
            for v in s["versions"]:
                conn.execute(sa.text("INSERT INTO bcf_scenario_versions (scenario_id, version, author, created_at, "
                                     "summary, document) VALUES (:sid, :version, :author, :created_at, :summary, "
                                     ":document)"), {**v, "sid": sid, "created_at": _time(dialect, v["created_at"])})
        if dialect == "postgresql":  # SERIAL's sequence, as inserts without an id would have left it
            conn.exec_driver_sql("SELECT setval('bcf_scenarios_id_seq', (SELECT max(id) FROM bcf_scenarios))")
    engine.dispose()
    return rows
