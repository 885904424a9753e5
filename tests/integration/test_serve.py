"""Where the app listens: `make run` on this machine only; `bcf serve` on the network, and only with sign-in or
behind a gateway that says so; `bcf serve` against a real PostgreSQL store, healthy, serving a page, stopping
cleanly and writing nothing into the store."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BCF = [sys.executable, "-m", "budget"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(tmp_path: Path, **extra: str) -> dict:
    """A user with no sign-in settings of their own and a store of the test's own."""
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k not in ("BCF_DATABASE_URL", "BCF_ALLOWED_USERS")}
    return {**env, "HOME": str(home), "BCF_DATA_DIR": str(tmp_path / "store"), "PYTHONUNBUFFERED": "1", **extra}


def listening(port: int) -> set[str]:
    """The local addresses with a socket listening on `port`, from the kernel's own tables."""
    found = set()
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        try:
            rows = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            local, state = row.split()[1], row.split()[3]
            address, hex_port = local.split(":")
            if state != "0A" or int(hex_port, 16) != port:  # 0A: LISTEN
                continue
            raw = bytes.fromhex(address)
            if width == 8:
                found.add(socket.inet_ntop(socket.AF_INET, raw[::-1]))
            else:  # four little-endian 32-bit words
                words = b"".join(raw[i:i + 4][::-1] for i in range(0, 16, 4))
                found.add(socket.inet_ntop(socket.AF_INET6, words))
    return found


def get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=5) as r:
        return r.status, r.read().decode("utf-8", "replace")


class Server:
    """A server process started by a test, its output in a file, stopped by the test."""

    def __init__(self, cmd: list[str], env: dict, port: int, log: Path):
        self.port, self.log = port, log
        with open(log, "wb") as fh:
            self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=fh, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 120  # a busy machine starts Streamlit slowly
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"the server exited with {self.proc.returncode}: {self.output()}")
            try:
                if get(f"http://127.0.0.1:{port}/_stcore/health") == (200, "ok"):
                    return
            except OSError:
                time.sleep(0.3)
        self.proc.kill()
        raise AssertionError("the server did not answer its health check within 120 s: " + self.output())

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def stop(self) -> int:
        """Ask the server to stop (SIGTERM, as systemd and docker do); its exit code."""
        self.proc.terminate()
        try:
            return self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise AssertionError("the server did not stop within 20 s of SIGTERM: " + self.output()) from None


def make_run_command() -> list[str]:
    """`make run`'s recipe as written in the Makefile, with the virtual environment's streamlit as this Python's."""
    text = (ROOT / "Makefile").read_text()
    recipe = re.search(r"^run:.*\n\t(.+)$", text, re.M).group(1)
    words = shlex.split(recipe)
    assert words[0] == "$(VENV)/bin/streamlit", recipe
    return [sys.executable, "-m", "streamlit", *words[1:]]


def test_make_run_listens_on_this_machine_only(tmp_path):
    port = _free_port()
    server = Server([*make_run_command(), "--server.port", str(port)], _env(tmp_path), port, tmp_path / "log")
    try:
        assert listening(port) == {"127.0.0.1"}, server.output()
    finally:
        server.stop()


def test_bcf_serve_refuses_to_start_without_sign_in(tmp_path):
    port = _free_port()
    env = _env(tmp_path)
    p = subprocess.run([*BCF, "serve", "--port", str(port)], cwd=ROOT, env=env, capture_output=True, text=True,
                       timeout=60)
    home = env["HOME"]
    assert p.returncode == 2
    assert p.stdout == ""
    assert p.stderr == (
        f"error: sign-in is not configured (no [auth] section in {home}/.streamlit/secrets.toml or "
        f"{ROOT}/.streamlit/secrets.toml), so anyone who can reach this server could open every saved scenario; "
        "set up sign-in as docs/sign-in.md describes, or start with --behind-gateway if a gateway in front of this "
        "server already admits only the people who may use it\n")
    assert listening(port) == set()
    assert not (tmp_path / "store").exists()  # refused before touching the store


def test_bcf_serve_behind_a_gateway_listens_on_the_network_and_stops_cleanly(tmp_path):
    port = _free_port()
    server = Server([*BCF, "serve", "--behind-gateway", "--port", str(port)], _env(tmp_path), port, tmp_path / "log")
    try:
        assert listening(port) == {"0.0.0.0"}
        lines = server.output().splitlines()
        assert lines[:3] == [
            f"BCF Planner is starting on every network interface, port {port}; health check at /_stcore/health.",
            "Sign-in: off. Started with --behind-gateway: the gateway in front of this server must admit only the "
            "people who may use BCF Planner, since everyone it lets through sees every saved scenario.",
            f"Scenario store: sqlite:///{tmp_path / 'store' / 'scenarios.sqlite'}, up to date.",
        ]
        assert (tmp_path / "store" / "scenarios.sqlite").is_file()  # the store was made before the app started
    finally:
        code = server.stop()
    assert code == 0, server.output()
    assert listening(port) == set()


@pytest.fixture
def fresh_postgres(postgres_url):
    """An empty database of its own on the test PostgreSQL server."""
    import sqlalchemy as sa

    name = f"serve{int(time.time() * 1e6) % 10**12}"
    engine = sa.create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {name}")
    engine.dispose()
    return postgres_url.rsplit("/", 1)[0] + f"/{name}"


BROWSE = """
import shutil, sys
from playwright.sync_api import sync_playwright

chromium = shutil.which("chromium") or shutil.which("chromium-browser")
with sync_playwright() as p:
    browser = p.chromium.launch(executable_path=chromium, headless=True,
                                args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
    try:
        page = browser.new_page()
        page.goto(sys.argv[1])
        page.get_by_role("heading", name="Start").wait_for(timeout=120_000)
        page.get_by_text("Save, open and share scenarios").wait_for(timeout=60_000)  # the scenario bar
        page.get_by_text("What was read", exact=True).wait_for(timeout=60_000)
        page.get_by_text("Scenario: Current edit (not saved)").wait_for(timeout=60_000)
        print(page.inner_text("body"))
    finally:
        browser.close()
"""


def _open_start_page(url: str) -> str:
    """The Start page as a browser shows it, in Debian's chromium, once the scenario bar and the demo are drawn.

    In a process of its own: Playwright's sync API refuses to start in a thread where another test's browser
    (the end-to-end tests' session-wide one) is already running.
    """
    done = subprocess.run([sys.executable, "-c", BROWSE, url], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_bcf_serve_on_postgresql_is_healthy_serves_the_app_and_writes_nothing_to_the_store(tmp_path, fresh_postgres):
    import sqlalchemy as sa

    from scenarios.store import Store
    from scenarios.store_tables import scenarios_t, versions_t

    port = _free_port()
    env = _env(tmp_path, BCF_DATABASE_URL=fresh_postgres)
    server = Server([*BCF, "serve", "--behind-gateway", "--port", str(port)], env, port, tmp_path / "log")
    try:
        where = fresh_postgres.split("@", 1)[1]
        assert f"Scenario store: postgresql+psycopg://…@{where}, up to date." in server.output().splitlines()
        tables = set(sa.inspect(sa.create_engine(fresh_postgres)).get_table_names())
        assert {scenarios_t.name, versions_t.name} <= tables  # made before the app started
        status, html = get(f"http://127.0.0.1:{port}/")
        assert status == 200 and '<div id="root">' in html
        if shutil.which("chromium") or shutil.which("chromium-browser"):
            text = _open_start_page(f"http://127.0.0.1:{port}/")
            assert "Scenario: Current edit (not saved)" in text and "Northbrook (illustrative)" in text
            assert "scenario store is not available" not in text
        assert Store(fresh_postgres).list(include_deleted=True) == []  # no demo data written to the store
    finally:
        code = server.stop()
    assert code == 0, server.output()
    assert not (tmp_path / "store").exists()  # the SQLite fallback was never used
