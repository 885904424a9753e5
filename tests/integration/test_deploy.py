"""The deployment in deploy/: the compose file, the image, the systemd unit and the nginx site say what
docs/deploy.md says, agree with each other and with `bcf serve`; where a container runtime is present, the compose
file is built and started and the app answers its health check."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
import tomllib
import urllib.request
from pathlib import Path

import pytest
import yaml

from app_ui.serve import DEFAULT_PORT, HEALTH_PATH

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"


def _compose() -> dict:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text())


def _unit(name: str = "bcf-planner.service") -> dict[str, list[str]]:
    """A systemd unit's settings, each key with every value it is given."""
    settings: dict[str, list[str]] = {}
    for line in (DEPLOY / name).read_text().splitlines():
        if "=" in line and not line.startswith(("#", "[")):
            key, value = line.split("=", 1)
            settings.setdefault(key.strip(), []).append(value.strip())
    return settings


def test_compose_runs_postgres_with_a_health_check_then_one_migration_then_the_app():
    services = _compose()["services"]
    assert set(services) == {"db", "migrate", "app", "backup"}
    assert [name for name, svc in services.items() if "profiles" in svc] == ["backup"]  # `up` starts the rest
    db, migrate, app = services["db"], services["migrate"], services["app"]
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    assert any(v.endswith(":/var/lib/postgresql/data") for v in db["volumes"])  # the data outlives the container
    assert migrate["command"] == ["bcf", "serve", "--upgrade-only"]
    assert migrate["depends_on"] == {"db": {"condition": "service_healthy"}}
    assert migrate["restart"] == "no"
    assert app["command"] == ["bcf", "serve"]
    assert app["depends_on"] == {"db": {"condition": "service_healthy"},
                                 "migrate": {"condition": "service_completed_successfully"}}
    assert migrate["image"] == app["image"] and migrate["build"] == app["build"]
    assert (DEPLOY / migrate["build"]["context"] / migrate["build"]["dockerfile"]).resolve() == DEPLOY / "Dockerfile"


def test_compose_gives_the_app_the_database_and_publishes_it_to_this_machine_only():
    services = _compose()["services"]
    db, app = services["db"], services["app"]
    url = app["environment"]["BCF_DATABASE_URL"]
    m = re.fullmatch(r"postgresql\+psycopg://(\w+):\$\{BCF_DB_PASSWORD:\?[^}]*\}@db:5432/(\w+)", url)
    assert m, url
    assert (m.group(1), m.group(2)) == (db["environment"]["POSTGRES_USER"], db["environment"]["POSTGRES_DB"])
    assert db["environment"]["POSTGRES_PASSWORD"].startswith("${BCF_DB_PASSWORD:?")
    assert app["ports"] == [f"127.0.0.1:${{BCF_HOST_PORT:-{DEFAULT_PORT}}}:{DEFAULT_PORT}"]
    assert "./secrets.toml:/app/.streamlit/secrets.toml:ro" in app["volumes"]


def test_compose_backs_up_on_demand_into_a_volume_the_image_s_user_owns():
    compose = _compose()
    backup, app = compose["services"]["backup"], compose["services"]["app"]
    assert backup["profiles"] == ["backup"] and backup["restart"] == "no"
    assert backup["image"] == app["image"] and backup["environment"] == app["environment"]
    assert backup["depends_on"] == {"db": {"condition": "service_healthy"}}
    command = backup["command"]
    assert command[:5] == ["bcf", "db", "backup", "--into", "/backups"] and command[5] == "--keep"
    assert re.fullmatch(r"\$\{BCF_BACKUPS_KEPT:-(\d+)\}", command[6])
    assert backup["volumes"] == ["backups:/backups"] and "backups" in compose["volumes"]
    # the image makes /backups its user's alone, so the named volume starts as theirs
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    user = re.search(r"^USER (\w+)", dockerfile, re.M).group(1)
    assert f"install -d -m 700 -o {user} -g {user} /backups" in dockerfile
    # and the command is one bcf accepts
    from budget.cli import build_parser

    args = build_parser("db").parse_args([*command[1:5], "--keep", "30"])
    assert (args.into, args.keep, args.file) == ("/backups", 30, None)


def test_the_backup_timer_runs_the_backup_nightly_as_the_server_s_user():
    service, server = _unit("bcf-planner-backup.service"), _unit()
    timer = _unit("bcf-planner-backup.timer")
    assert service["Type"] == ["oneshot"] and service["User"] == server["User"]
    assert service["EnvironmentFile"] == server["EnvironmentFile"]  # the same database
    (folder,) = service["StateDirectory"]
    assert service["StateDirectoryMode"] == ["0700"] and service["UMask"] == ["0077"]
    bcf = "/opt/bcf-planner/.venv/bin/bcf"
    (start,) = service["ExecStart"]
    assert start.startswith(f"{bcf} db backup --into /var/lib/{folder} --keep ")
    from budget.cli import build_parser

    args = build_parser("db").parse_args(shlex.split(start)[1:])
    assert args.into == f"/var/lib/{folder}" and args.keep >= 7
    assert timer["OnCalendar"] and timer["Persistent"] == ["true"] and timer["WantedBy"] == ["timers.target"]


def test_the_image_starts_bcf_serve_as_a_plain_user_and_checks_its_health():
    text = (DEPLOY / "Dockerfile").read_text()
    assert 'CMD ["bcf", "serve"]' in text.splitlines()
    assert re.search(r"^USER (?!root)\w+", text, re.M)
    health = re.search(r"^HEALTHCHECK .*\n\s+CMD (.+)$", text, re.M).group(1)
    assert f"http://127.0.0.1:{DEFAULT_PORT}{HEALTH_PATH}" in health
    assert f"BCF_PORT={DEFAULT_PORT}" in text and "BCF_ADDRESS=0.0.0.0" in text
    ignored = (ROOT / ".dockerignore").read_text().splitlines()
    assert {".git", ".venv", ".streamlit/secrets.toml", "deploy/.env", "deploy/secrets.toml"} <= set(ignored)


def test_the_service_unit_upgrades_the_store_first_and_listens_behind_nginx():
    unit = _unit()
    bcf = "/opt/bcf-planner/.venv/bin/bcf"
    assert unit["ExecStartPre"] == [f"{bcf} serve --upgrade-only"]
    assert unit["ExecStart"] == [f"{bcf} serve"]
    env = dict(pair.split("=", 1) for value in unit["Environment"] for pair in shlex.split(value))
    assert env["BCF_ADDRESS"] == "127.0.0.1" and env["BCF_PORT"] == str(DEFAULT_PORT)
    assert unit["User"] == ["bcf"] and unit["Restart"] == ["on-failure"]


UNITS = ("bcf-planner.service", "bcf-planner-backup.service", "bcf-planner-backup.timer")


@pytest.mark.parametrize("name", UNITS)
def test_each_unit_is_one_systemd_accepts(tmp_path, name):
    analyze = shutil.which("systemd-analyze")
    if not analyze:
        pytest.skip("systemd-analyze is not installed here; the units are checked by reading them")
    bcf = Path(sys.executable).with_name("bcf")
    if not bcf.exists():
        pytest.skip(f"no bcf script at {bcf} to stand in for /opt/bcf-planner/.venv/bin/bcf")
    for unit in UNITS:  # the timer's service beside it, as in /etc/systemd/system
        text = (DEPLOY / unit).read_text().replace("/opt/bcf-planner/.venv/bin/bcf", str(bcf))
        (tmp_path / unit).write_text(text)
    p = subprocess.run([analyze, "verify", str(tmp_path / name)], capture_output=True, text=True, timeout=60)
    assert (p.returncode, p.stdout, p.stderr) == (0, "", "")


def test_the_nginx_site_passes_websocket_upgrades_to_the_app():
    text = (DEPLOY / "nginx-bcf-planner.conf").read_text()
    lines = {ln.strip().rstrip(";") for ln in text.splitlines() if not ln.strip().startswith("#")}
    unit_port = dict(pair.split("=", 1) for value in _unit()["Environment"] for pair in shlex.split(value))["BCF_PORT"]
    assert f"proxy_pass http://127.0.0.1:{unit_port}" in lines
    assert {"proxy_http_version 1.1", "proxy_set_header Upgrade $http_upgrade",
            "proxy_set_header Connection $connection_upgrade", "proxy_set_header Host $host",
            "proxy_set_header X-Forwarded-Proto $scheme"} <= lines
    assert re.search(r"map \$http_upgrade \$connection_upgrade \{\s*default upgrade;\s*''\s*close;\s*\}", text)
    assert "return 301 https://$host$request_uri" in lines
    upload_mb = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["server"]["maxUploadSize"]
    body_mb = int(re.search(r"client_max_body_size (\d+)m;", text).group(1))
    assert body_mb > upload_mb  # a workbook at the app's own limit gets through


def _runtime() -> list[str] | None:
    """`docker compose` or `podman compose` where a runtime answers, else None."""
    for tool in ("docker", "podman"):
        exe = shutil.which(tool)
        if not exe:
            continue
        try:
            if (subprocess.run([exe, "info"], capture_output=True, timeout=20).returncode == 0
                    and subprocess.run([exe, "compose", "version"], capture_output=True, timeout=20).returncode == 0):
                return [exe, "compose"]
        except (OSError, subprocess.TimeoutExpired):
            continue
    return None


def test_compose_builds_and_starts_a_healthy_app(tmp_path):
    compose = _runtime()
    if compose is None:
        pytest.skip("no container runtime here (docker or podman with compose, and a running daemon): the compose "
                    "file, image, unit and nginx site are checked by reading them instead")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    project = f"bcftest{os.getpid()}"
    work = tmp_path / "deploy"
    shutil.copytree(DEPLOY, work)
    (work / "secrets.toml").write_text("")
    env = {**os.environ, "BCF_DB_PASSWORD": "test" + os.urandom(8).hex(), "BCF_HOST_PORT": str(port)}
    # the compose file builds from the repository's top folder (context ..): point it there
    text = (work / "compose.yaml").read_text().replace("context: ..", f"context: {ROOT}")
    (work / "compose.yaml").write_text(text.replace('command: ["bcf", "serve"]',
                                                    'command: ["bcf", "serve", "--behind-gateway"]'))
    cmd = [*compose, "-p", project, "-f", str(work / "compose.yaml")]
    try:
        up = subprocess.run([*cmd, "up", "-d", "--build", "--wait"], capture_output=True, text=True, env=env,
                            timeout=1800)
        assert up.returncode == 0, up.stderr[-3000:]
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}{HEALTH_PATH}", timeout=5) as r:
                    assert (r.status, r.read()) == (200, b"ok")
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(1)
        logs = subprocess.run([*cmd, "logs", "migrate", "app"], capture_output=True, text=True, env=env,
                              timeout=120).stdout
        assert "Scenario store: postgresql+psycopg://…@db:5432/bcf, up to date." in logs
        assert "Sign-in: off. Started with --behind-gateway" in logs
    finally:
        subprocess.run([*cmd, "down", "-v"], capture_output=True, env=env, timeout=300)
