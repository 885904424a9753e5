"""Bringing the scenario database up to the latest schema, through Alembic.

``upgrade(url)`` is the one call a server makes once at start-up (``bcf db upgrade`` makes it too); every
``Store`` also makes it when it opens, so a database left behind by an older release is brought up to date
before it is used. ``current(url)`` says where a database is without changing it (``bcf db current``).

The whole upgrade is one transaction (PostgreSQL and SQLite both change tables inside one), taken under a
lock so two servers starting together do not both migrate: it completes or leaves the database as it was. A
database whose revision this release does not know (made by a newer release) is refused with a sentence and
not touched. A database made before Alembic (the ``bcf_schema_version`` table, schema 1 or 2) is recorded at
the revision that builds the same tables, then upgraded.
"""

from __future__ import annotations

import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine

from scenarios.store_database import default_url, is_database_error, make_engine, redact, unavailable
from scenarios.store_records import StoreError, StoreUnavailable
from scenarios.store_tables import OLD_SCHEMA_REVISIONS, OLD_VERSION_TABLE, SCHEMA_REVISION, VERSION_TABLE

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
ADVISORY_LOCK = 0x42CF_0001  # PostgreSQL: the lock every upgrade takes (any number, the same in every release)
_ALEMBIC = threading.Lock()  # Alembic's `context` is one per process: one migration run at a time in a process


@dataclass(frozen=True)
class Where:
    """Where a database's schema is: its Alembic revision, or its version from before Alembic, or neither."""

    revision: str | None  # an Alembic revision, None when Alembic has not recorded one
    old_version: int | None = None  # the schema version a release before Alembic recorded
    empty: bool = False  # no scenario tables at all

    def words(self) -> str:
        """Where the schema is, to follow 'is': 'at schema revision 0003 (the latest this release knows)'."""
        if self.empty:
            return "empty, with no scenario tables yet"
        if self.old_version is not None:
            return f"at schema version {self.old_version}, recorded by a release before schema revisions"
        latest = " (the latest this release knows)" if self.revision == SCHEMA_REVISION else ""
        return f"at schema revision {self.revision}{latest}"


def config(connection: Connection | None = None, url: str | None = None, output=None):
    """Alembic's configuration for the shipped migrations, on `connection` (or the database at `url`).

    `output`: where offline mode writes its SQL (standard output when None).
    """
    from alembic.config import Config

    cfg = Config(output_buffer=output, stdout=sys.stdout)  # the stdout of now: Alembic's default is bound at import
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if url:
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    cfg.attributes["connection"] = connection
    return cfg


def known_revisions() -> set[str]:
    """Every revision the shipped migrations hold."""
    from alembic.script import ScriptDirectory

    return {s.revision for s in ScriptDirectory.from_config(config()).walk_revisions()}


def _where(conn: Connection) -> Where:
    tables = set(inspect(conn).get_table_names())
    if VERSION_TABLE in tables:
        rows = [r[0] for r in conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}"))]
        if len(rows) == 1:
            return Where(rows[0])
        if rows:
            return Where(",".join(sorted(rows)))
    if OLD_VERSION_TABLE in tables:
        old = conn.execute(text(f"SELECT max(version) FROM {OLD_VERSION_TABLE}")).scalar()
        if old:
            return Where(None, old_version=int(old))
    return Where(None, empty="bcf_scenarios" not in tables)


def _newer(url: str, where: Where) -> StoreUnavailable:
    return StoreUnavailable(f"the scenario database '{redact(url)}' is {where.words()}, which this release of "
                            f"BCF Planner does not know (its latest is schema revision {SCHEMA_REVISION}): it was "
                            "made by a newer release, so it was left unchanged; install that release or newer")


def _refused(url: str, where: Where) -> StoreUnavailable | None:
    """Why this release must not touch the database, or None."""
    if where.old_version is not None and where.old_version not in OLD_SCHEMA_REVISIONS:
        return _newer(url, where)
    if where.revision is not None and where.revision != SCHEMA_REVISION and where.revision not in known_revisions():
        return _newer(url, where)
    if where.revision is None and where.old_version is None and not where.empty:
        return StoreUnavailable(f"the scenario database '{redact(url)}' has scenario tables but no record of their "
                                "schema, so it was left unchanged; restore it from a backup (bcf db restore)")
    return None


def _lock(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":  # SQLite: BEGIN IMMEDIATE already holds the only write lock
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_LOCK})


def _migrate(conn: Connection, url: str, before: Where) -> None:
    """Run the revisions from where the database is to the latest, on `conn` (the caller's transaction)."""
    from alembic import command

    cfg = config(conn)
    try:
        with _ALEMBIC:
            if before.old_version is not None:
                command.stamp(cfg, OLD_SCHEMA_REVISIONS[before.old_version])
            command.upgrade(cfg, "head")
    except Exception as e:
        if not is_database_error(e):
            raise
        reason = (str(getattr(e, "orig", None) or e).strip().splitlines() or [type(e).__name__])[0].rstrip(". ")
        raise StoreUnavailable(f"the scenario database '{redact(url)}' could not be upgraded: it is {before.words()}, "
                               f"and a migration failed ({reason[:200]}), so it was left as it was") from None


def upgrade_engine(engine: Engine, url: str) -> tuple[Where, Where]:
    """Bring the database behind `engine` to SCHEMA_REVISION in one transaction; where it was and where it is.

    Raises:
        StoreUnavailable: The database cannot be used, or was made by a newer release (it is left unchanged).
    """
    try:
        with engine.connect() as conn:  # a look without the lock: nothing to do on every open but the first
            before = _where(conn)
        if before.revision == SCHEMA_REVISION:
            return before, before
        with engine.begin() as conn:
            _lock(conn)
            before = _where(conn)
            if before.revision == SCHEMA_REVISION:
                return before, before
            refusal = _refused(url, before)
            if refusal:
                raise refusal
            _migrate(conn, url, before)
            return before, _where(conn)
    except StoreError:
        raise
    except Exception as e:
        if is_database_error(e):
            raise unavailable(url, e) from None
        raise


def upgrade(url: str | None = None) -> tuple[Where, Where]:
    """Bring the scenario database at `url` (default_url() when None) up to date; where it was and where it is.

    Call it once before a server starts; a Store makes the same call when it opens.

    Raises:
        StoreUnavailable: The database cannot be used, or was made by a newer release (it is left unchanged).
    """
    url = url or default_url()
    engine = make_engine(url)
    try:
        return upgrade_engine(engine, url)
    finally:
        engine.dispose()


def upgrade_sql(url: str | None = None) -> str:
    """The SQL that would bring the database at `url` up to date, for an administrator to read; nothing is changed.

    Empty when it is up to date. Raises StoreUnavailable as `upgrade` does, without touching the database.
    """
    import io

    from alembic import command

    url = url or default_url()
    where = current(url)
    if where.revision == SCHEMA_REVISION:
        return ""
    refusal = _refused(url, where)
    if refusal:
        raise refusal
    out = io.StringIO()
    cfg = config(url=url, output=out)
    if where.old_version is not None:
        start = OLD_SCHEMA_REVISIONS[where.old_version]
        command.stamp(cfg, start, sql=True)
        command.upgrade(cfg, f"{start}:head", sql=True)
    elif where.revision is not None:
        command.upgrade(cfg, f"{where.revision}:head", sql=True)
    else:
        command.upgrade(cfg, "head", sql=True)
    return out.getvalue()


def current(url: str | None = None) -> Where:
    """Where the scenario database at `url` is, read without changing anything.

    Raises:
        StoreUnavailable: The database cannot be read.
    """
    url = url or default_url()
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return _where(conn)
    except Exception as e:
        if is_database_error(e):
            raise unavailable(url, e) from None
        raise
    finally:
        engine.dispose()
