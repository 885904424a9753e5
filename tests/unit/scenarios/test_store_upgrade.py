"""scenarios.store_upgrade: the database brought to the latest schema revision, where it is said in words, and what
is refused (a database made by a newer release, tables with no record of their schema), on SQLite."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from scenarios.store_records import StoreUnavailable
from scenarios.store_tables import OLD_SCHEMA_REVISIONS, SCHEMA_REVISION, VERSION_TABLE, metadata
from scenarios.store_upgrade import Where, current, known_revisions, upgrade
from tests import old_stores


@pytest.fixture
def url(tmp_path):
    return f"sqlite:///{tmp_path / 'scenarios.sqlite'}"


def _tables(url: str) -> set[str]:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        found = set(sa.inspect(conn).get_table_names())
    engine.dispose()
    return found


def test_the_latest_revision_is_the_head_of_the_shipped_migrations():
    from alembic.script import ScriptDirectory

    from scenarios.store_upgrade import config

    assert ScriptDirectory.from_config(config()).get_heads() == [SCHEMA_REVISION]
    assert known_revisions() >= {SCHEMA_REVISION, *OLD_SCHEMA_REVISIONS.values()}


def test_an_empty_database_gets_every_table(url):
    assert current(url) == Where(None, empty=True)
    before, after = upgrade(url)
    assert before.empty and after == Where(SCHEMA_REVISION)
    assert _tables(url) == {*metadata.tables, VERSION_TABLE}


def test_current_changes_nothing(url):
    old_stores.build(url, 1)
    tables = _tables(url)
    assert current(url) == Where(None, old_version=1)
    assert _tables(url) == tables


@pytest.mark.parametrize("where, words", [
    (Where(None, empty=True), "empty, with no scenario tables yet"),
    (Where(None, old_version=2), "at schema version 2, recorded by a release before schema revisions"),
    (Where(SCHEMA_REVISION), f"at schema revision {SCHEMA_REVISION} (the latest this release knows)"),
    (Where("0001"), "at schema revision 0001"),
])
def test_where_a_database_is_in_words(where, words):
    assert where.words() == words


def test_tables_with_no_record_of_their_schema_are_left_alone(url):
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        metadata.create_all(conn)
    engine.dispose()
    with pytest.raises(StoreUnavailable, match="has scenario tables but no record of their schema, so it was left"):
        upgrade(url)
    assert VERSION_TABLE not in _tables(url)


def test_a_revision_this_release_does_not_know_is_refused_in_a_sentence(url):
    upgrade(url)
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.exec_driver_sql(f"UPDATE {VERSION_TABLE} SET version_num = 'abc123'")
    engine.dispose()
    with pytest.raises(StoreUnavailable) as e:
        upgrade(url)
    message = str(e.value)
    assert f"is at schema revision abc123, which this release of BCF Planner does not know (its latest is schema " \
           f"revision {SCHEMA_REVISION})" in message
    assert message.count(";") <= 2 and "\n" not in message and url.split("///")[1] in message
    assert current(url) == Where("abc123")


def test_a_database_that_is_not_sqlite_is_refused_in_a_sentence(tmp_path):
    bad = tmp_path / "not.sqlite"
    bad.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreUnavailable, match="is damaged or is not a scenario database"):
        upgrade(f"sqlite:///{bad}")
    with pytest.raises(StoreUnavailable, match="is damaged or is not a scenario database"):
        current(f"sqlite:///{bad}")


def test_the_default_database_is_used_when_no_url_is_given(tmp_path, monkeypatch):
    monkeypatch.delenv("BCF_DATABASE_URL", raising=False)
    monkeypatch.setenv("BCF_DATA_DIR", str(tmp_path))
    assert upgrade()[1] == Where(SCHEMA_REVISION)
    assert (tmp_path / "scenarios.sqlite").exists() and current() == Where(SCHEMA_REVISION)


def test_an_installed_package_carries_the_migrations():
    """The packages setuptools finds and the package data pyproject.toml names hold every file of migrations/."""
    import tomllib

    find_packages = pytest.importorskip("setuptools", reason="setuptools builds the package").find_packages
    from scenarios.store_upgrade import MIGRATIONS

    root = MIGRATIONS.parents[1]
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    packages = find_packages(root, include=project["packages"]["find"]["include"])
    assert {"scenarios.migrations", "scenarios.migrations.versions"} <= set(packages)
    data = project["package-data"]["scenarios"]
    shipped = {p for p in MIGRATIONS.rglob("*") if p.is_file() and "__pycache__" not in p.parts}
    covered = {p for p in shipped if p.suffix == ".py"} | {p for pattern in data
                                                           for p in (root / "scenarios").glob(pattern)
                                                           if MIGRATIONS in p.parents}
    assert shipped == covered and MIGRATIONS / "script.py.mako" in covered


def test_opening_a_store_that_is_up_to_date_imports_no_alembic(url):
    import subprocess
    import sys

    upgrade(url)
    code = ("import sys; from scenarios.store import Store; s = Store(sys.argv[1]); s.list(); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('alembic', 'mako')))")
    done = subprocess.run([sys.executable, "-c", code, url], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.strip() == "[]", done.stderr
