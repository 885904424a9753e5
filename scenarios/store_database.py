"""How the scenario store reaches its database: where it is, how long it waits, and what a failure says.

SQLite by default (a file in BCF_DATA_DIR), PostgreSQL when BCF_DATABASE_URL names one; the timeouts below
keep a damaged, busy or silent database to a few seconds and a sentence.
"""

from __future__ import annotations

import functools
import getpass
import os
import sqlite3
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import SQLAlchemyError

from scenarios.store_records import StoreError, StoreUnavailable

# How long the store waits for its database. Every page's sidebar uses the store, so a damaged, busy or
# silent database must cost a page a few seconds and a sentence, never a hang. An administrator can
# override the PostgreSQL values in BCF_DATABASE_URL (`?connect_timeout=10&options=-c statement_timeout=30s`).
CONNECT_TIMEOUT_S = 5  # PostgreSQL: connecting, including to a server that accepts and never answers
STATEMENT_TIMEOUT_S = 15  # PostgreSQL: any one statement, waits for locks included (set by the server)
TCP_USER_TIMEOUT_S = 20  # PostgreSQL: a server that stops acknowledging what is sent is given up on
POOL_TIMEOUT_S = 10  # waiting for a free pooled connection when all are busy
SQLITE_LOCK_TIMEOUT_S = 15  # SQLite: waiting for another writer to finish


def default_url() -> str:
    """The database URL: BCF_DATABASE_URL, else an SQLite file.

    The file is in BCF_DATA_DIR, else ~/.local/share/bcf-planner; the folder is made when it does not exist.
    """
    url = os.environ.get("BCF_DATABASE_URL")
    if url:
        return url
    folder = Path(os.environ.get("BCF_DATA_DIR") or Path.home() / ".local" / "share" / "bcf-planner")
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'scenarios.sqlite'}"


def is_database_error(e: BaseException) -> bool:
    """An error from the database or the way to it, from whichever layer raised it."""
    if isinstance(e, (SQLAlchemyError, sqlite3.Error, OSError)):
        return True
    return any(c.__module__.split(".")[0] in ("psycopg", "psycopg2") for c in type(e).__mro__)


def unavailable(url: str, e: BaseException) -> StoreUnavailable:
    """A database error as the sentence the user is shown, the file or server named (never a password)."""
    reason = str(getattr(e, "orig", None) or e).strip().splitlines()
    reason = (reason[0] if reason else type(e).__name__).rstrip(". ")[:200]
    if url.startswith("sqlite") and isinstance(getattr(e, "orig", e), sqlite3.DatabaseError) and (
            "not a database" in reason or "malformed" in reason):
        return StoreUnavailable(f"the scenario database file '{url.split(':///', 1)[-1]}' is damaged or is not a "
                                f"scenario database ({reason})")
    return StoreUnavailable(f"cannot use the scenario database '{redact(url)}' ({reason})")


def guarded(method):
    """Every database error in a store call becomes a StoreUnavailable sentence."""
    @functools.wraps(method)
    def call(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except StoreError:
            raise
        except Exception as e:
            if is_database_error(e):
                raise unavailable(self.url, e) from None
            raise
    return call


def engine_options(url: str) -> dict:
    """create_engine() arguments: the timeouts above, for the database named in `url`."""
    kw: dict = {"future": True, "pool_timeout": POOL_TIMEOUT_S}
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        kw["connect_args"] = {"timeout": SQLITE_LOCK_TIMEOUT_S, "check_same_thread": False}
        kw.pop("pool_timeout")
    elif parsed.get_backend_name() == "postgresql" and parsed.get_driver_name() in ("psycopg", "psycopg2"):
        given = parsed.query
        options = f"-c statement_timeout={STATEMENT_TIMEOUT_S}s"
        if given.get("options"):  # the URL's own options come last, so they win
            options += " " + (given["options"] if isinstance(given["options"], str) else " ".join(given["options"]))
        kw["connect_args"] = {"options": options,
                              "connect_timeout": given.get("connect_timeout", CONNECT_TIMEOUT_S),
                              "tcp_user_timeout": given.get("tcp_user_timeout", TCP_USER_TIMEOUT_S * 1000)}
    return kw


def make_engine(url: str) -> Engine:
    """An engine for the scenario database at `url`, with the timeouts above and, for SQLite, the pragmas below.

    Every transaction on SQLite starts with BEGIN IMMEDIATE, so two writers wait for each other rather than fail.

    Raises:
        StoreUnavailable: `url` is not a database URL this installation can use.
    """
    try:
        engine = create_engine(url, **engine_options(url))
    except (SQLAlchemyError, ImportError, ValueError) as e:
        raise StoreUnavailable(f"cannot use the database '{redact(url)}' ({str(e).splitlines()[0]})") from None
    if url.startswith("sqlite"):
        event.listen(engine, "connect", sqlite_pragmas)
        event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN IMMEDIATE"))
    return engine


def sqlite_pragmas(dbapi_conn, _record) -> None:
    """Set up each new SQLite connection: write-ahead log, full sync, the lock timeout, foreign keys."""
    dbapi_conn.isolation_level = None  # SQLAlchemy's begin() issues BEGIN IMMEDIATE itself
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute(f"PRAGMA busy_timeout={SQLITE_LOCK_TIMEOUT_S * 1000}")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def os_user() -> str:
    """The operating-system user, or 'unknown'."""
    try:
        return getpass.getuser()
    except Exception:
        return "unknown"


def redact(url: str) -> str:
    """A database URL with its user name and password left out."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        return f"{scheme}://…@{rest.split('@', 1)[1]}"
    return url
