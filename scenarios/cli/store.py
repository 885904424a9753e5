"""`bcf scenarios ACTION ...`: the scenario store from the command line.

The actions are list, save, show, history, export, import, share, unshare, delete, undelete,
restore, submit (mark a saved scenario as submitted: a read-only record of it and its plan) and submitted.
Registered through the ``bcf.commands`` entry point `scenarios`.
"""

from __future__ import annotations

from pathlib import Path

from budget.cli import UserError
from budget.money import counted
from scenarios.cli.common import print_json, scenario_and_plan, store_actions, user_errors


def _store(args):
    from scenarios.store import Store

    return Store(args.db)


@user_errors()
def cmd_list(args) -> int:
    """Print the saved scenarios (with ``--all``, deleted ones too): version, owner, last save, sharing."""
    rows = _store(args).list(include_deleted=args.all)
    if args.json:
        print_json([{"name": r.name, "latest_version": r.latest_version, "owner": r.owner,
                     "updated_at": r.updated_at.isoformat(), "deleted": r.deleted, "shared": r.shared} for r in rows])
        return 0
    if not rows:
        print("no saved scenarios")
    for r in rows:
        print(f"{r.name:<40} v{r.latest_version:<4} {r.owner:<16} {r.updated_at:%d %b %Y %H:%M}"
              + ("  shared" if r.shared else "  private") + ("  (deleted)" if r.deleted else ""))
    return 0


@user_errors()
def cmd_save(args) -> int:
    """Save SOURCE, with the plan it builds on, as a new version of ``--name``.

    The version the change starts from is ``--base-version``, else the latest saved (none with ``--new``,
    so an existing name is refused as a conflict).
    """
    scenario, plan = scenario_and_plan(args.source, area=args.area)
    store = _store(args)
    existing = {r.name: r for r in store.list(include_deleted=True)}
    base = args.base_version if args.base_version is not None else (
        existing[args.name].latest_version if args.name in existing and not args.new else None)
    version = store.save(args.name, scenario, base_version=base, base_plan=plan)
    print(f"saved '{args.name}' as version {version}")
    return 0


@user_errors()
def cmd_show(args) -> int:
    """Print a saved version's author, time, summary and settings; with ``--json``, its scenario file."""
    from scenarios.scenario_file import to_file_text

    s = _store(args).open(args.name, args.version)
    print(to_file_text(s) if args.json else
          f"{s.name} v{s.version}, saved by {s.author} on {s.saved_at:%d %b %Y %H:%M}: {s.summary}\n"
          f"  base: {s.scenario.base}; stance: {s.scenario.stance}; {counted(len(s.scenario.changes), 'change')}; "
          f"{s.scenario.runs:,} runs, seed {s.scenario.seed}")
    return 0


@user_errors()
def cmd_history(args) -> int:
    """Print every kept version of a scenario, oldest first: number, time, author and what changed."""
    from scenarios.store import KEEP_VERSIONS

    rows = _store(args).versions(args.name)[::-1]  # oldest first; no documents are read
    if args.json:
        print_json([{"version": h.version, "author": h.author, "saved_at": h.saved_at.isoformat(),
                     "summary": h.summary} for h in rows])
        return 0
    if rows and rows[0].version > 1:
        print(f"(versions before {rows[0].version} were removed: the store keeps the latest {KEEP_VERSIONS})")
    for h in rows:
        print(f"v{h.version:<4} {h.saved_at:%d %b %Y %H:%M}  {h.author:<16} {h.summary}")
    return 0


@user_errors()
def cmd_export(args) -> int:
    """Write a saved version as a scenario file (JSON) to ``--out``."""
    text = _store(args).export_json(args.name, args.version)
    Path(args.out).write_text(text, encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


@user_errors()
def cmd_import(args) -> int:
    """Save a scenario file as a new scenario (``--name``, else the file's own); refused if it exists."""
    from scenarios.schema import read_scenario_file
    from scenarios.store_records import StoreError

    text = read_scenario_file(args.file)  # a regular file of at most 5 MB, in UTF-8

    try:
        saved = _store(args).import_json(text, args.name)
    except StoreError as e:
        raise UserError(f"{args.file}: {e}") from None
    print(f"imported '{saved.name}' (version {saved.version})")
    return 0


@user_errors()
def cmd_share(args) -> int:
    """Share a scenario with everyone who signs in."""
    _store(args).share(args.name, True)
    print(f"'{args.name}' is shared: everyone who signs in can open it and save new versions")
    return 0


@user_errors()
def cmd_unshare(args) -> int:
    """Make a shared scenario private to its owner again."""
    _store(args).share(args.name, False)
    print(f"'{args.name}' is private to its owner again")
    return 0


@user_errors()
def cmd_delete(args) -> int:
    """Delete a scenario; `bcf scenarios undelete` brings it back."""
    _store(args).delete(args.name)
    print(f"deleted '{args.name}' (recoverable: bcf scenarios undelete '{args.name}')")
    return 0


@user_errors()
def cmd_undelete(args) -> int:
    """Bring back a deleted scenario."""
    _store(args).undelete(args.name)
    print(f"restored '{args.name}'")
    return 0


@user_errors()
def cmd_restore(args) -> int:
    """Save an old version as the latest again; the versions in between are kept."""
    v = _store(args).restore(args.name, args.version)
    print(f"version {args.version} of '{args.name}' is now the latest, as version {v}")
    return 0


def _submitted_json(r) -> dict:
    return {"name": r.name, "number": r.number, "scenario_name": r.scenario_name,
            "scenario_version": r.scenario_version, "area_code": r.area_code, "area_name": r.area_name,
            "year": r.year, "submitted_by": r.submitted_by, "submitted_at": r.submitted_at.isoformat()}


@user_errors()
def cmd_submit(args) -> int:
    """Mark a saved scenario (its latest version, or ``--version``) as submitted: a new read-only record."""
    r = _store(args).submit(args.name, args.version)
    print(f"marked version {r.scenario_version} of '{r.name}' as submitted ({r.area_name}, {r.year}; submission "
          f"{r.number}, by {r.submitted_by} on {r.submitted_at:%d %b %Y %H:%M}); later saves do not change it")
    return 0


@user_errors()
def cmd_submitted(args) -> int:
    """Print every submitted record, newest first: scenario, submission number, version, area, year, who and when."""
    rows = _store(args).submitted(name=args.name)
    if args.json:
        print_json([_submitted_json(r) for r in rows])
        return 0
    if not rows:
        print("no plan has been marked as submitted")
    for r in rows:
        renamed = f" (submitted as '{r.scenario_name}')" if r.scenario_name != r.name else ""
        print(f"{r.name:<40} submission {r.number:<3} v{r.scenario_version:<4} {r.area_code} {r.year}  "
              f"{r.submitted_by:<16} {r.submitted_at:%d %b %Y %H:%M}{renamed}")
    return 0


def register(subparsers) -> None:
    """Add `bcf scenarios` and each of its actions to the `bcf` command's subparsers."""
    sc = subparsers.add_parser("scenarios", help="the scenario store: list, save, show, history, export, import, "
                               "submit ...")
    sub = sc.add_subparsers(dest="scenarios_command", metavar="ACTION", required=True)
    add = store_actions(sub)
    p = add("list", cmd_list, "saved scenarios")
    p.add_argument("--json", action="store_true")
    p.add_argument("--all", action="store_true", help="include deleted scenarios")
    p = add("save", cmd_save, "save SOURCE as a new version of NAME")
    p.add_argument("source")
    p.add_argument("--name", required=True)
    p.add_argument("--area", default=None)
    p.add_argument("--base-version", type=int, default=None, help="the version your change started from")
    p.add_argument("--new", action="store_true", help="refuse if NAME already exists")
    p = add("show", cmd_show, "show a saved scenario")
    p.add_argument("name")
    p.add_argument("--version", type=int, default=None)
    p.add_argument("--json", action="store_true")
    p = add("history", cmd_history, "every version: who, when, what changed")
    p.add_argument("name")
    p.add_argument("--json", action="store_true")
    p = add("export", cmd_export, "write a scenario file (JSON)")
    p.add_argument("name")
    p.add_argument("--out", required=True)
    p.add_argument("--version", type=int, default=None)
    p = add("import", cmd_import, "read a scenario file (JSON)")
    p.add_argument("file")
    p.add_argument("--name", default=None)
    p = add("share", cmd_share, "let everyone who signs in open a scenario (scenarios are private to their owner)")
    p.add_argument("name")
    p = add("unshare", cmd_unshare, "make a shared scenario private to its owner again")
    p.add_argument("name")
    p = add("delete", cmd_delete, "delete a scenario (recoverable)")
    p.add_argument("name")
    p = add("undelete", cmd_undelete, "bring back a deleted scenario")
    p.add_argument("name")
    p = add("restore", cmd_restore, "make an old version the latest again")
    p.add_argument("name")
    p.add_argument("--version", type=int, required=True)
    p = add("submit", cmd_submit, "mark a saved scenario as submitted (a read-only record of it and its plan)")
    p.add_argument("name")
    p.add_argument("--version", type=int, default=None)
    p = add("submitted", cmd_submitted, "the plans marked as submitted, newest first")
    p.add_argument("name", nargs="?", default=None, help="only this scenario's")
    p.add_argument("--json", action="store_true")
