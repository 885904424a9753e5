"""scenarios.store_database: where the database is, how long the store waits, and what a failure says."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import create_engine
from sqlalchemy.exc import OperationalError

from scenarios.store_database import (
    SQLITE_LOCK_TIMEOUT_S,
    default_url,
    engine_options,
    guarded,
    is_database_error,
    os_user,
    redact,
    sqlite_pragmas,
    unavailable,
)
from scenarios.store_records import StoreError, StoreUnavailable


def test_the_database_url_setting_wins(monkeypatch, tmp_path):
    monkeypatch.setenv("BCF_DATABASE_URL", "postgresql://u:p@db/x")
    monkeypatch.setenv("BCF_DATA_DIR", str(tmp_path / "never"))
    assert default_url() == "postgresql://u:p@db/x"
    assert not (tmp_path / "never").exists()


def test_otherwise_an_sqlite_file_in_the_data_folder_which_is_made(monkeypatch, tmp_path):
    monkeypatch.delenv("BCF_DATABASE_URL", raising=False)
    monkeypatch.setenv("BCF_DATA_DIR", str(tmp_path / "a" / "b"))
    assert default_url() == f"sqlite:///{tmp_path / 'a' / 'b' / 'scenarios.sqlite'}"
    assert (tmp_path / "a" / "b").is_dir()


@pytest.mark.parametrize("url, shown", [
    ("postgresql+psycopg://alice:s3cret@db.example:5432/bcf", "postgresql+psycopg://…@db.example:5432/bcf"),
    ("sqlite:////tmp/x.sqlite", "sqlite:////tmp/x.sqlite"),
    ("postgresql://db/bcf", "postgresql://db/bcf"),
])
def test_redact_leaves_out_user_and_password(url, shown):
    assert redact(url) == shown
    assert "s3cret" not in redact(url)


def test_which_errors_are_the_databases():
    assert is_database_error(sqlite3.OperationalError("locked"))
    assert is_database_error(OperationalError("select", {}, Exception("x")))
    assert is_database_error(PermissionError("denied"))
    assert not is_database_error(ValueError("bad"))
    assert not is_database_error(KeyError("k"))


def test_a_damaged_sqlite_file_is_named(tmp_path):
    f = tmp_path / "bad.sqlite"
    f.write_bytes(b"this is not a database, just text" * 100)
    url = f"sqlite:///{f}"
    with pytest.raises(Exception) as caught:
        with create_engine(url).connect() as conn:
            conn.exec_driver_sql("SELECT * FROM sqlite_master")
    e = unavailable(url, caught.value)
    assert isinstance(e, StoreUnavailable)
    assert e.detail == f"the scenario database file '{f}' is damaged or is not a scenario database (file is not a " \
                       "database)"


def test_another_failure_names_the_server_without_its_password():
    e = unavailable("postgresql://alice:s3cret@db/bcf", OSError("connection refused.\nmore lines"))
    assert e.detail == "cannot use the scenario database 'postgresql://…@db/bcf' (connection refused)"


class Thing:
    url = "postgresql://u:pw@host/db"

    @guarded
    def fail(self, e):
        raise e


def test_guarded_turns_database_errors_into_a_sentence_and_lets_others_through():
    with pytest.raises(StoreUnavailable, match=r"cannot use the scenario database 'postgresql://…@host/db' \(gone\)"):
        Thing().fail(sqlite3.OperationalError("gone"))
    with pytest.raises(StoreError, match="^mine$"):
        Thing().fail(StoreError("mine"))
    with pytest.raises(ZeroDivisionError):
        Thing().fail(ZeroDivisionError())


def test_sqlite_options():
    kw = engine_options("sqlite:///x.sqlite")
    assert kw == {"future": True, "connect_args": {"timeout": SQLITE_LOCK_TIMEOUT_S, "check_same_thread": False}}


def test_postgresql_options_carry_the_timeouts_and_the_urls_own_options_win():
    kw = engine_options("postgresql+psycopg://u:p@h/d")
    assert kw["pool_timeout"] == 10
    assert kw["connect_args"] == {"options": "-c statement_timeout=15s", "connect_timeout": 5,
                                  "tcp_user_timeout": 20_000}
    kw = engine_options("postgresql+psycopg://u:p@h/d?connect_timeout=9&options=-c%20statement_timeout%3D30s")
    assert kw["connect_args"]["options"] == "-c statement_timeout=15s -c statement_timeout=30s"
    assert kw["connect_args"]["connect_timeout"] == "9"


def test_sqlite_pragmas_on_a_new_connection(tmp_path):
    conn = sqlite3.connect(tmp_path / "p.sqlite")
    sqlite_pragmas(conn, None)
    assert conn.isolation_level is None
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == SQLITE_LOCK_TIMEOUT_S * 1000
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    conn.close()


def test_os_user_is_a_name():
    assert isinstance(os_user(), str) and os_user()


def test_make_engine_sets_up_each_sqlite_connection(tmp_path):
    from scenarios.store_database import make_engine

    engine = make_engine(f"sqlite:///{tmp_path / 'e.sqlite'}")
    with engine.begin() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == SQLITE_LOCK_TIMEOUT_S * 1000
    engine.dispose()


def test_make_engine_refuses_a_url_it_cannot_use_in_a_sentence():
    from scenarios.store_database import make_engine

    with pytest.raises(StoreUnavailable, match="cannot use the database 'nosuchdb://…@host/x'"):
        make_engine("nosuchdb://user:pw@host/x")
