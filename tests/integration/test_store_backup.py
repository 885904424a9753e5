"""Backups of the whole scenario store, on SQLite and on a real PostgreSQL server: SQLite -> PostgreSQL -> SQLite
gives the same store; `bcf db backup` and `bcf db restore` as a user runs them; a cut-short or changed backup, or a
non-empty store, refused with a sentence and nothing changed; a merge that fails part-way leaves nothing behind."""

from __future__ import annotations

import json
import os

import pytest

from scenarios.schema import Scenario
from scenarios.store import Store
from scenarios.store_backup import BackupRefused, backup, checksum, restore
from tests import old_stores
from tests.integration.commands import bcf


def _scenarios(text: str) -> list[dict]:
    return json.loads(text)["scenarios"]


def _user_store(url: str) -> Store:
    """A store used as people use it: saves, new versions, sharing, a rename, a deletion and a restore."""
    store = Store(url)
    store.save("North: more reablement", Scenario(seed=1), viewer="ann@council.gov.uk")
    store.save("North: more reablement", Scenario(seed=2), base_version=1, viewer="ann@council.gov.uk")
    store.share("North: more reablement", viewer="ann@council.gov.uk")
    store.save("North: more reablement", Scenario(seed=3), base_version=2, viewer="bob@nhs.net")
    store.save("Draft", Scenario(seed=4), viewer="bob@nhs.net")
    store.rename("Draft", "Bob's draft ✓", viewer="bob@nhs.net")
    store.delete("Bob's draft ✓", viewer="bob@nhs.net")
    store.restore("North: more reablement", 1, viewer="ann@council.gov.uk")
    return store


def test_sqlite_to_postgresql_to_sqlite_gives_the_same_store(tmp_path, postgres_url):
    import sqlalchemy as sa

    first = f"sqlite:///{tmp_path / 'first.sqlite'}"
    old_stores.build(first, 2)  # a store from before Alembic, with submission records, upgraded on opening
    store = _user_store(first)
    text = backup(store)
    pg = postgres_url.rsplit("/", 1)[0] + "/roundtrip"
    engine = sa.create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql("CREATE DATABASE roundtrip")
    engine.dispose()
    done = restore(Store(pg), text)
    assert (done.added, done.unchanged) == (5, 0)
    via_pg = backup(Store(pg))
    last = Store(f"sqlite:///{tmp_path / 'last.sqlite'}")
    restore(last, via_pg)
    back = backup(last)
    assert _scenarios(text) == _scenarios(via_pg) == _scenarios(back)
    # and as the store hands them back (SQLite gives times without their zone, so SQLite with SQLite): every
    # version of every scenario, who, when, what changed, the scenario and its plan
    assert store.list(include_deleted=True) == last.list(include_deleted=True)
    for listed in store.list(include_deleted=True):
        assert store.history(listed.name) == last.history(listed.name)
    # the restored stores go on numbering their own rows: a new save works on each
    assert Store(pg).save("After", Scenario(seed=9)) == 1 and last.save("After", Scenario(seed=9)) == 1


def test_bcf_db_backup_and_restore_as_a_user_runs_them(db_url, tmp_path):
    _user_store(db_url)
    file = tmp_path / "store.backup.json"
    done = bcf("db", "backup", str(file), "--db", db_url)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"wrote 2 scenarios with 5 versions to {file}"
    assert os.stat(file).st_mode & 0o777 == 0o600  # it holds every private scenario
    target = f"sqlite:///{tmp_path / 'restored.sqlite'}"
    done = bcf("db", "restore", str(file), "--db", target)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"restored 2 scenarios with 5 versions from {file}"
    assert _scenarios(backup(Store(target))) == _scenarios(file.read_text(encoding="utf-8"))
    again = bcf("db", "restore", str(file), "--db", target)
    assert again.returncode == 2 and again.stderr.startswith("error: the scenario store already holds 2 scenarios")
    merged = bcf("db", "restore", str(file), "--db", target, "--merge")
    assert merged.returncode == 0 and "2 already in the store as the backup has them" in merged.stdout


def test_the_nightly_backup_as_the_timer_runs_it(db_url, tmp_path):
    """`bcf db backup --into FOLDER --keep N`, the database named by BCF_DATABASE_URL as the server's settings name
    it: each night a new file, the oldest removed once N are kept, and the newest restores the store."""
    import subprocess
    import sys

    from scenarios.backup_folder import backups_in

    _user_store(db_url)
    folder = tmp_path / "var" / "backups"
    env = {**os.environ, "BCF_DATABASE_URL": db_url}
    for night in range(3):
        done = subprocess.run([sys.executable, "-m", "budget", "db", "backup", "--into", str(folder), "--keep", "2"],
                              capture_output=True, text=True, timeout=120, env=env)
        assert done.returncode == 0, done.stderr
        made = backups_in(folder)
        assert done.stdout.splitlines()[0] == f"wrote 2 scenarios with 5 versions to {made[-1]}"
        assert len(made) == min(night + 1, 2)
    assert os.stat(folder).st_mode & 0o777 == 0o700
    assert all(os.stat(f).st_mode & 0o777 == 0o600 for f in made)
    target = f"sqlite:///{tmp_path / 'restored.sqlite'}"
    done = bcf("db", "restore", str(made[-1]), "--db", target)
    assert done.returncode == 0, done.stderr
    assert _scenarios(backup(Store(target))) == _scenarios(backup(Store(db_url)))


@pytest.mark.parametrize("damage, says", [
    (lambda t: t[: len(t) // 2], "is not a complete backup"),
    (lambda t: t[:-3], "is not a complete backup"),
    (lambda t: t.replace('"ann@council.gov.uk"', '"mallory"', 1), "does not match its checksum"),
    (lambda t: t.replace('"shared": false', '"shared": true', 1), "does not match its checksum"),
])
def test_a_cut_short_or_changed_backup_is_refused_and_changes_nothing(db_url, tmp_path, damage, says):
    text = backup(_user_store(f"sqlite:///{tmp_path / 'source.sqlite'}"))
    target = Store(db_url)
    target.save("Already here", Scenario(seed=5))
    before = backup(target)
    file = tmp_path / "damaged.json"
    file.write_text(damage(text), encoding="utf-8")
    done = bcf("db", "restore", str(file), "--db", db_url, "--merge")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.strip() == next(ln for ln in done.stderr.splitlines() if ln)  # one line
    assert says in done.stderr and "nothing was restored" in done.stderr and str(file) in done.stderr
    assert _scenarios(backup(target)) == _scenarios(before)


def test_a_merge_refused_part_way_leaves_nothing_behind(db_url, tmp_path):
    """The backup's first scenario is new to the store and its second clashes: neither is restored."""
    target = Store(db_url)
    target.save("B clash", Scenario(seed=1))
    data = json.loads(backup(_user_store(f"sqlite:///{tmp_path / 'source.sqlite'}")))
    data["scenarios"] = [{**data["scenarios"][0], "name": "A new one"}, {**data["scenarios"][0], "name": "B clash"}]
    data["checksum"] = checksum(data)
    before = backup(target)
    with pytest.raises(BackupRefused, match="'B clash' is both in the store and in the backup"):
        restore(target, json.dumps(data), merge=True)
    assert _scenarios(backup(target)) == _scenarios(before)
