"""`bcf db ACTION`: upgrade, current, backup and restore from the command line, on a SQLite store of their own."""

from __future__ import annotations

import json
import os

import pytest

from budget.cli import UserError
from scenarios.cli.db import register
from scenarios.store_tables import SCHEMA_REVISION
from tests import old_stores
from tests.unit.scenarios.cli.commands import call, call_json, parser_for


@pytest.fixture
def db(tmp_path):
    return f"sqlite:///{tmp_path / 'scenarios.sqlite'}"


def test_every_action_is_registered_with_its_own_options():
    p = parser_for(register)
    for action in ("upgrade", "current", "backup f.json", "restore f.json"):
        args = p.parse_args(["db", *action.split(), "--db", "sqlite://"])
        assert args.func.__name__ == f"cmd_{action.split()[0]}" and args.db == "sqlite://"
    assert p.parse_args(["db", "restore", "f.json", "--merge"]).merge is True
    assert p.parse_args(["db", "current", "--json"]).json is True


def test_current_then_upgrade_an_old_store(db, capsys):
    old_stores.build(db, 1)
    status, out = call(register, ["db", "current", "--db", db], capsys)
    assert status == 0 and out.splitlines() == [
        f"the scenario database {db} is at schema version 1, recorded by a release before schema revisions",
        f"bcf db upgrade brings it to schema revision {SCHEMA_REVISION}, the latest this release knows"]
    status, out = call(register, ["db", "upgrade", "--db", db], capsys)
    assert out.strip() == (f"upgraded the scenario database {db}: it was at schema version 1, recorded by a release "
                           f"before schema revisions; it is now at schema revision {SCHEMA_REVISION} (the latest "
                           "this release knows)")
    status, out = call(register, ["db", "upgrade", "--db", db], capsys)
    assert out.strip() == f"the scenario database {db} is up to date: it is at schema revision {SCHEMA_REVISION} " \
                          "(the latest this release knows)"
    status, data = call_json(register, ["db", "current", "--db", db, "--json"], capsys)
    assert data == {"revision": SCHEMA_REVISION, "old_schema_version": None, "empty": False,
                    "latest_revision": SCHEMA_REVISION, "up_to_date": True}


def test_a_database_url_with_a_password_is_never_printed(capsys):
    url = "postgresql+psycopg://admin:s3cret@127.0.0.1:1/none?connect_timeout=1"
    with pytest.raises(UserError) as e:
        call(register, ["db", "current", "--db", url], capsys)
    assert "s3cret" not in " ".join(e.value.messages) and "127.0.0.1:1/none" in " ".join(e.value.messages)


def test_backup_then_restore(db, tmp_path, capsys):
    old_stores.build(db, 2)
    file = tmp_path / "out" / "b.json"
    file.parent.mkdir()
    status, out = call(register, ["db", "backup", str(file), "--db", db], capsys)
    assert out.strip() == f"wrote 3 scenarios with 6 versions to {file}"
    assert os.stat(file).st_mode & 0o777 == 0o600 and not list(file.parent.glob("*.partial"))
    assert json.loads(file.read_text(encoding="utf-8"))["scenarios"] == old_stores.expected(2)
    target = f"sqlite:///{tmp_path / 'target.sqlite'}"
    status, out = call(register, ["db", "restore", str(file), "--db", target], capsys)
    assert out.strip() == f"restored 3 scenarios with 6 versions from {file}"
    status, out = call(register, ["db", "restore", str(file), "--db", target, "--merge"], capsys)
    assert out.strip() == (f"restored 0 scenarios with 0 versions from {file}; 3 already in the store as the backup "
                           "has them, left as they were")


def test_backups_into_a_folder_keep_the_newest(db, tmp_path, capsys):
    from scenarios.backup_folder import backups_in

    old_stores.build(db, 2)
    folder = tmp_path / "backups"
    (folder / "keep").mkdir(parents=True)
    (folder / "notes.txt").write_text("ours", encoding="utf-8")
    outs, seen = [], []
    for _ in range(3):
        outs.append(call(register, ["db", "backup", "--into", str(folder), "--keep", "2", "--db", db], capsys)[1])
        seen.append(backups_in(folder))
    assert [len(b) for b in seen] == [1, 2, 2]
    made = seen[-1]
    assert made[0] == seen[1][1] and seen[0][0] not in made  # the oldest went
    assert sorted(p.name for p in folder.iterdir()) == sorted([*(p.name for p in made), "keep", "notes.txt"])
    assert outs[0].splitlines() == [f"wrote 3 scenarios with 6 versions to {seen[0][0]}"]
    assert outs[2].splitlines() == [f"wrote 3 scenarios with 6 versions to {made[-1]}",
                                    f"removed 1 older backup from {folder}, keeping the newest 2"]
    assert all(os.stat(p).st_mode & 0o777 == 0o600 for p in made)
    target = f"sqlite:///{tmp_path / 'target.sqlite'}"
    status, out = call(register, ["db", "restore", str(made[-1]), "--db", target], capsys)
    assert status == 0 and out.strip() == f"restored 3 scenarios with 6 versions from {made[-1]}"


@pytest.mark.parametrize("args, says", [
    ([], "say where to write the backup: a FILE, or --into FOLDER"),
    (["b.json", "--into", "f"], "say where to write the backup: a FILE, or --into FOLDER"),
    (["b.json", "--keep", "3"], "--keep counts the backups in a folder: give it with --into FOLDER"),
    (["--into", "f", "--keep", "0"], "--keep 0: keep at least 1 backup (the one just made)"),
    (["--into", "notes.txt"], "notes.txt: is a file, not a folder; --into names the folder"),
])
def test_backup_asks_for_one_place(db, tmp_path, capsys, args, says, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.txt").write_text("ours", encoding="utf-8")
    with pytest.raises(UserError) as e:
        call(register, ["db", "backup", *args, "--db", db], capsys)
    assert e.value.messages[0].startswith(says)
    assert not (tmp_path / "b.json").exists() and not (tmp_path / "f").exists()  # refused before writing
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "ours"


def test_a_backup_that_cannot_be_written_is_one_sentence(db, tmp_path, capsys):
    with pytest.raises(UserError) as e:
        call(register, ["db", "backup", str(tmp_path / "no" / "such" / "b.json"), "--db", db], capsys)
    assert e.value.messages[0].startswith(f"{tmp_path / 'no' / 'such' / 'b.json'}: cannot write the backup (")


@pytest.mark.parametrize("content, says", [
    (b"\xff\xfe not text", "is not a BCF Planner backup (it is not UTF-8 text); nothing was restored"),
    (b'{"kind": "bcf-planner-backup", "format_version": 1, "scen', "is not a complete backup"),
])
def test_a_file_that_is_not_a_backup_is_refused(db, tmp_path, capsys, content, says):
    file = tmp_path / "b.json"
    file.write_bytes(content)
    with pytest.raises(UserError) as e:
        call(register, ["db", "restore", str(file), "--db", db], capsys)
    (message,) = e.value.messages
    assert message.startswith(f"{file} {says}") and message.endswith("; nothing was restored")


def test_a_folder_is_not_a_backup(db, tmp_path, capsys):
    with pytest.raises(UserError) as e:
        call(register, ["db", "restore", str(tmp_path), "--db", db], capsys)
    assert e.value.messages[0].startswith(f"{tmp_path}: is a folder, not a backup")


def test_upgrade_sql_prints_what_it_would_run_and_changes_nothing(db, capsys):
    from scenarios.store_upgrade import Where, current

    old_stores.build(db, 2)
    status, out = call(register, ["db", "upgrade", "--sql", "--db", db], capsys)
    assert status == 0 and "DROP TABLE IF EXISTS bcf_schema_version" in out and "CREATE TABLE bcf_scenarios" not in out
    assert "INSERT INTO bcf_alembic_version (version_num) VALUES ('0002')" in out
    assert current(db) == Where(None, old_version=2)
    call(register, ["db", "upgrade", "--db", db], capsys)
    status, out = call(register, ["db", "upgrade", "--sql", "--db", db], capsys)
    assert out.strip() == f"-- the scenario database {db} is up to date; nothing to run"
