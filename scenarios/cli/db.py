"""`bcf db ACTION`: the scenario database itself, for whoever looks after a server.

``upgrade`` brings its tables up to date (run it once before a server starts; the app also does it when it
opens the store), ``current`` says where its schema is without changing it, ``backup FILE`` writes every
scenario into one file (``backup --into FOLDER --keep N``: a new file there, the newest N kept, for a nightly
timer) and ``restore FILE`` loads one into an empty store (``--merge``: into one that holds scenarios already).
Registered through the ``bcf.commands`` entry point `db`.
"""

from __future__ import annotations

import os

from budget.cli import UserError
from scenarios.cli.common import print_json, store_actions, user_errors


def _named(url: str | None) -> str:
    from scenarios.store_database import default_url, redact

    return redact(url or default_url())


@user_errors()
def cmd_upgrade(args) -> int:
    """Bring the database's tables up to date; say where they were and where they are.

    With ``--sql``, print the SQL that would do it instead, and change nothing.
    """
    from scenarios.store_upgrade import upgrade, upgrade_sql

    if args.sql:
        sql = upgrade_sql(args.db)
        print(sql.rstrip() if sql else f"-- the scenario database {_named(args.db)} is up to date; nothing to run")
        return 0
    before, after = upgrade(args.db)
    if before == after:
        print(f"the scenario database {_named(args.db)} is up to date: it is {after.words()}")
    else:
        print(f"upgraded the scenario database {_named(args.db)}: it was {before.words()}; it is now {after.words()}")
    return 0


@user_errors()
def cmd_current(args) -> int:
    """Say where the database's schema is, and whether `bcf db upgrade` has anything to do; nothing is changed."""
    from scenarios.store_tables import SCHEMA_REVISION
    from scenarios.store_upgrade import current

    where = current(args.db)
    if args.json:
        print_json({"revision": where.revision, "old_schema_version": where.old_version, "empty": where.empty,
                    "latest_revision": SCHEMA_REVISION, "up_to_date": where.revision == SCHEMA_REVISION})
        return 0
    print(f"the scenario database {_named(args.db)} is {where.words()}")
    if where.revision != SCHEMA_REVISION:
        print(f"bcf db upgrade brings it to schema revision {SCHEMA_REVISION}, the latest this release knows")
    return 0


def _store(args):
    from scenarios.store import Store

    return Store(args.db)


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


@user_errors()
def cmd_backup(args) -> int:
    """Write every scenario, with its versions, owner, sharing and deletion, into FILE (readable by its owner only).

    With ``--into FOLDER``, into a new file in FOLDER named for the moment it was made; ``--keep N`` then removes
    all but the newest N backups so named there (`scenarios.backup_folder`).
    """
    import datetime as dt
    import json

    from scenarios.backup_folder import new_backup, prune, write_private
    from scenarios.store_backup import backup

    if (args.file is None) == (args.into is None):
        raise UserError("say where to write the backup: a FILE, or --into FOLDER for a new file there named for "
                        "the moment it is made")
    if args.keep is not None and args.into is None:
        raise UserError("--keep counts the backups in a folder: give it with --into FOLDER")
    if args.keep is not None and args.keep < 1:
        raise UserError(f"--keep {args.keep}: keep at least 1 backup (the one just made)")
    if args.into is not None and os.path.exists(args.into) and not os.path.isdir(args.into):
        raise UserError(f"{args.into}: is a file, not a folder; --into names the folder to keep backups in")
    text = backup(_store(args))
    where = args.file if args.into is None else args.into
    try:
        if args.into is None:
            write_private(args.file, text)
            written = args.file
        else:
            written = new_backup(args.into, text, dt.datetime.now(dt.UTC))
    except OSError as e:
        raise UserError(f"{where}: cannot write the backup ({e.strerror or e})") from None
    scenarios = json.loads(text)["scenarios"]
    versions = sum(len(s["versions"]) for s in scenarios)
    print(f"wrote {_plural(len(scenarios), 'scenario')} with {_plural(versions, 'version')} to {written}")
    if args.keep is not None:
        try:
            removed = prune(args.into, args.keep)
        except OSError as e:
            raise UserError(f"{args.into}: the backup was written, but older ones could not be removed "
                            f"({e.strerror or e})") from None
        if removed:
            print(f"removed {_plural(len(removed), 'older backup')} from {args.into}, keeping the newest "
                  f"{args.keep:,}")
    return 0


@user_errors()
def cmd_restore(args) -> int:
    """Load FILE into the store, all or nothing: into an empty store, or with --merge beside what it holds."""
    from budget.files import FileRefused, read_bounded
    from scenarios.store_backup import MAX_BACKUP_BYTES, restore

    try:
        data = read_bounded(args.file, MAX_BACKUP_BYTES, "backup")
    except FileRefused as e:
        raise UserError(f"{args.file}: {e}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise UserError(f"{args.file} is not a BCF Planner backup (it is not UTF-8 text); nothing was restored") \
            from None
    done = restore(_store(args), text, merge=args.merge, where=args.file)
    line = (f"restored {done.added:,} scenario{'' if done.added == 1 else 's'} with {done.versions:,} "
            f"version{'' if done.versions == 1 else 's'} from {args.file}")
    if done.unchanged:
        line += f"; {done.unchanged:,} already in the store as the backup has them, left as they were"
    print(line)
    return 0


def register(subparsers) -> None:
    """Add `bcf db` and each of its actions to the `bcf` command's subparsers."""
    db = subparsers.add_parser("db", help="the scenario database: upgrade, current, backup, restore")
    sub = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    add = store_actions(sub)
    p = add("upgrade", cmd_upgrade, "bring the database's tables up to date (once, before a server starts)")
    p.add_argument("--sql", action="store_true", help="print the SQL that would do it instead, changing nothing")
    p = add("current", cmd_current, "say where the database's schema is, changing nothing")
    p.add_argument("--json", action="store_true")
    p = add("backup", cmd_backup, "write every scenario, with its versions, owners and sharing, into FILE")
    p.add_argument("file", metavar="FILE", nargs="?", default=None)
    p.add_argument("--into", metavar="FOLDER", default=None,
                   help="write a new file in FOLDER instead, named for the moment it is made (UTC)")
    p.add_argument("--keep", metavar="N", type=int, default=None,
                   help="with --into: then remove all but the newest N backups in FOLDER (only files it named)")
    p = add("restore", cmd_restore, "load a backup FILE into an empty store, all or nothing")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--merge", action="store_true",
                   help="add the backup's scenarios to a store that holds some already")
