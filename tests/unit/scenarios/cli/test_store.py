"""`bcf scenarios ACTION`: each action of the scenario store from the command line, on a store of its own."""

from __future__ import annotations

import json

import pytest

from budget.cli import UserError
from scenarios.cli.store import register
from tests.unit.scenarios.cli.commands import call, call_json, parser_for


@pytest.fixture
def db(tmp_path):
    return f"sqlite:///{tmp_path / 'scenarios.sqlite'}"


def test_every_action_is_registered_with_its_own_options():
    p = parser_for(register)
    args = p.parse_args(["scenarios", "save", "demo", "--name", "A", "--base-version", "2", "--db", "sqlite://"])
    assert (args.scenarios_command, args.source, args.name, args.base_version, args.new, args.db) == (
        "save", "demo", "A", 2, False, "sqlite://")
    assert p.parse_args(["scenarios", "restore", "A", "--version", "1"]).version == 1
    for action in ("list", "show A", "history A", "export A --out f.json", "import f.json", "share A", "unshare A",
                   "delete A", "undelete A", "submit A", "submitted"):
        args = p.parse_args(["scenarios", *action.split()])
        assert args.func.__name__ == f"cmd_{action.split()[0]}"


def test_an_action_is_required(capsys):
    with pytest.raises(SystemExit):
        parser_for(register).parse_args(["scenarios"])


def test_save_list_show_history_share_delete_and_restore(db, tmp_path, capsys):
    def run(*argv):
        status, out = call(register, ["scenarios", *argv, "--db", db], capsys)
        assert status == 0
        return out

    assert run("list") == "no saved scenarios\n"
    assert run("save", "demo", "--name", "Option A") == "saved 'Option A' as version 1\n"
    assert run("save", "demo", "--name", "Option A") == "saved 'Option A' as version 2\n"
    listed = call_json(register, ["scenarios", "list", "--json", "--db", db], capsys)[1]
    assert [(r["name"], r["latest_version"], r["shared"], r["deleted"]) for r in listed] == [
        ("Option A", 2, False, False)]
    assert run("show", "Option A", "--version", "1").startswith("Option A v1, saved by ")
    assert "base: demo; stance: controlled; 0 changes; 1,000 runs, seed 1" in run("show", "Option A")
    history = call_json(register, ["scenarios", "history", "Option A", "--json", "--db", db], capsys)[1]
    assert [h["version"] for h in history] == [1, 2]
    assert "is shared" in run("share", "Option A")
    assert "private to its owner again" in run("unshare", "Option A")
    out = tmp_path / "a.json"
    assert run("export", "Option A", "--out", str(out)) == f"wrote {out}\n"
    assert json.loads(out.read_text(encoding="utf-8"))["name"] == "Option A"
    assert run("import", str(out), "--name", "Copy") == "imported 'Copy' (version 1)\n"
    assert run("delete", "Copy") == "deleted 'Copy' (recoverable: bcf scenarios undelete 'Copy')\n"
    assert "Copy" not in run("list")
    assert "(deleted)" in run("list", "--all")
    assert run("undelete", "Copy") == "restored 'Copy'\n"
    assert run("restore", "Option A", "--version", "1") == "version 1 of 'Option A' is now the latest, as version 3\n"


def test_store_errors_are_user_errors(db, tmp_path, capsys):
    args = parser_for(register).parse_args(["scenarios", "show", "Nothing", "--db", db])
    with pytest.raises(UserError, match="no saved scenario is called 'Nothing'"):
        args.func(args)
    call(register, ["scenarios", "save", "demo", "--name", "A", "--db", db], capsys)
    args = parser_for(register).parse_args(["scenarios", "save", "demo", "--name", "A", "--new", "--db", db])
    with pytest.raises(UserError, match="your changes were not saved"):
        args.func(args)
    bad = tmp_path / "bad.json"
    bad.write_text('{"kind": "something else"}', encoding="utf-8")
    args = parser_for(register).parse_args(["scenarios", "import", str(bad), "--db", db])
    with pytest.raises(UserError) as e:
        args.func(args)
    assert e.value.messages[0] == f"{bad}: the file is a 'something else', not a BCF Planner scenario"


def test_submit_and_list_the_submitted_plans(db, capsys):
    def run(*argv):
        status, out = call(register, ["scenarios", *argv, "--db", db], capsys)
        assert status == 0
        return out

    assert run("submitted") == "no plan has been marked as submitted\n"
    run("save", "demo", "--name", "Final")
    assert run("submit", "Final").startswith("marked version 1 of 'Final' as submitted (")
    run("save", "demo", "--name", "Final")
    assert "submission 2" in run("submit", "Final")
    rows = call_json(register, ["scenarios", "submitted", "--json", "--db", db], capsys)[1]
    assert [(r["name"], r["number"], r["scenario_version"]) for r in rows] == [("Final", 2, 2), ("Final", 1, 1)]
    assert all((r["year"], r["area_code"]) == ("2026-27", "E06999999") for r in rows)  # the demo's plan
    assert all(r["submitted_at"].endswith("+00:00") for r in rows)
    assert len(run("submitted", "Final").splitlines()) == 2
    args = parser_for(register).parse_args(["scenarios", "submit", "Nothing", "--db", db])
    with pytest.raises(UserError, match="no saved scenario is called 'Nothing'"):
        args.func(args)
