"""`bcf serve`: BCF Planner as a server for a team, listening on the network.

It refuses to start without sign-in configured (an ``[auth]`` section in the secrets file Streamlit reads, and
someone on the allow-list; docs/sign-in.md) unless started with ``--behind-gateway``, which says plainly that a
gateway in front of it admits only the right people. It brings the scenario store (BCF_DATABASE_URL) up to date
once (``--upgrade-only`` does that alone, for a deployment's one-shot migration step), says how it is set up
in a few lines, then becomes the Streamlit server with production settings: no file
watching, no usage statistics, every log line on standard output. `make run` is the way to try the app on one
machine; it listens on 127.0.0.1 only (.streamlit/config.toml).
"""

from __future__ import annotations

import argparse
import os
import sys
import tomllib
from pathlib import Path

from app_ui.access import allow_list, sign_in_enabled
from budget.cli import UserError

DEFAULT_ADDRESS = "0.0.0.0"  # every network interface
DEFAULT_PORT = 8501
HEALTH_PATH = "/_stcore/health"
GATEWAY_FLAG = "--behind-gateway"


def app_folder() -> Path:
    """The folder holding app.py, its pages and .streamlit/ (the folder this package sits in).

    Raises:
        UserError: app.py is not there (the packages were installed without the app beside them).
    """
    root = Path(__file__).resolve().parents[1]
    if not (root / "app.py").is_file():
        raise UserError(f"cannot find the app (app.py) in {root}; install BCF Planner from its source folder "
                        "with `pip install -e .`, as docs/deploy.md describes")
    return root


def secrets_files(root: Path, home: Path) -> list[Path]:
    """The secrets files Streamlit reads for an app started in `root`, in the order it reads them."""
    return [home / ".streamlit" / "secrets.toml", root / ".streamlit" / "secrets.toml"]


def read_secrets(files: list[Path]) -> dict:
    """The settings in `files` merged as Streamlit merges them: a later file's section replaces an earlier one's.

    Raises:
        UserError: a file cannot be read or is not valid TOML; the sentence names it.
    """
    merged: dict = {}
    for path in files:
        if not path.is_file():
            continue
        try:
            merged.update(tomllib.loads(path.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError) as e:
            raise UserError(f"cannot read the sign-in settings file {path} ({e})") from None
        except tomllib.TOMLDecodeError as e:
            raise UserError(f"the sign-in settings file {path} is not valid TOML ({e})") from None
    return merged


def gate(secrets: dict, behind_gateway: bool, files: list[Path]) -> str:
    """What the start-up says about who may come in; refuses a server that would let anyone in.

    Raises:
        UserError: sign-in is not configured and `behind_gateway` is not set, or nobody is on the allow-list.
    """
    if sign_in_enabled(secrets):
        rules = allow_list(secrets)
        if not rules:
            raise UserError("sign-in is configured but nobody is on the allow-list, so nobody could use BCF Planner; "
                            "list who may in BCF_ALLOWED_USERS or [bcf] allowed_users in the secrets file "
                            "(docs/sign-in.md)")
        return f"Sign-in: on, through your organisation's accounts; {len(rules)} allow-list entr" + (
            "y." if len(rules) == 1 else "ies.")
    if not behind_gateway:
        raise UserError(f"sign-in is not configured (no [auth] section in {' or '.join(str(f) for f in files)}), so "
                        "anyone who can reach this server could open every saved scenario; set up sign-in as "
                        f"docs/sign-in.md describes, or start with {GATEWAY_FLAG} if a gateway in front of this "
                        "server already admits only the people who may use it")
    return (f"Sign-in: off. Started with {GATEWAY_FLAG}: the gateway in front of this server must admit only the "
            "people who may use BCF Planner, since everyone it lets through sees every saved scenario.")


def streamlit_command(root: Path, address: str, port: int) -> list[str]:
    """The Streamlit server with production settings, for the app in `root`."""
    return [sys.executable, "-m", "streamlit", "run", str(root / "app.py"),
            "--server.address", address, "--server.port", str(port), "--server.headless", "true",
            "--server.fileWatcherType", "none", "--server.runOnSave", "false",
            "--browser.gatherUsageStats", "false", "--global.developmentMode", "false", "--logger.level", "info"]


def _port(value: str) -> int:
    try:
        port = int(value)
    except ValueError:
        port = 0
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"'{value}' is not a port number (1 to 65535)")
    return port


def _upgrade(url: str) -> None:
    """Bring the store at `url` up to date; its failure as the sentence the store gives."""
    from scenarios.store_records import StoreError
    from scenarios.store_upgrade import upgrade

    try:
        upgrade(url)
    except StoreError as e:
        raise UserError(str(e)) from None


def cmd_serve(args: argparse.Namespace) -> int:
    """`bcf serve`: check sign-in, bring the store up to date, say so, then become the Streamlit server."""
    from scenarios.store_database import default_url, redact

    if args.upgrade_only:  # a deployment's one-shot migration step: the store alone
        url = default_url()
        _upgrade(url)
        print(f"Scenario store: {redact(url)}, up to date.")
        return 0
    root = app_folder()
    files = secrets_files(root, Path.home())
    who = gate(read_secrets(files), args.behind_gateway, files)
    url = default_url()
    _upgrade(url)
    where = "every network interface" if args.address in ("0.0.0.0", "::") else args.address
    print(f"BCF Planner is starting on {where}, port {args.port}; health check at {HEALTH_PATH}.")
    print(who)
    print(f"Scenario store: {redact(url)}, up to date.")
    sys.stdout.flush()
    os.dup2(sys.stdout.fileno(), sys.stderr.fileno())  # the server's log lines go to standard output too
    os.chdir(root)  # Streamlit reads .streamlit/config.toml and secrets.toml from the folder it starts in
    command = streamlit_command(root, args.address, args.port)
    os.execv(command[0], command)
    return 0  # not reached: the process is now the server


def register(subparsers) -> None:
    """Add `bcf serve` to the `bcf` sub-parsers."""
    p = subparsers.add_parser(
        "serve", help="run BCF Planner as a server for a team (refuses to start without sign-in)",
        description="Run BCF Planner for a team, listening on the network. Refuses to start unless sign-in is "
                    f"configured (docs/sign-in.md) or {GATEWAY_FLAG} is given. The scenario store is "
                    "BCF_DATABASE_URL (else a SQLite file in BCF_DATA_DIR); it is brought up to date first.")
    p.add_argument("--address", default=os.environ.get("BCF_ADDRESS") or DEFAULT_ADDRESS,
                   help=f"address to listen on (default: BCF_ADDRESS, else {DEFAULT_ADDRESS}, every interface)")
    p.add_argument("--port", type=_port, default=os.environ.get("BCF_PORT") or str(DEFAULT_PORT),
                   help=f"port to listen on (default: BCF_PORT, else {DEFAULT_PORT})")
    p.add_argument(GATEWAY_FLAG, action="store_true",
                   help="start without sign-in because a gateway in front of this server (a reverse proxy with "
                        "its own sign-in) already admits only the people who may use it")
    p.add_argument("--upgrade-only", action="store_true",
                   help="bring the scenario store up to date and stop, without starting the server (a "
                        "deployment's one-shot migration step)")
    p.set_defaults(func=cmd_serve)
