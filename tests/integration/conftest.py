"""Real databases for the scenario store: a SQLite file, and a PostgreSQL server started from the
installed binaries on a temporary directory and a loopback port; a private store for each app test; and the
models and board pack that the board pack test modules read."""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def postgres_url():
    initdb, pg_ctl = shutil.which("initdb"), shutil.which("pg_ctl")
    if not (initdb and pg_ctl):
        message = "PostgreSQL binaries (initdb, pg_ctl) are not installed here"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + "; under CI the PostgreSQL store tests must run")
        pytest.skip(message)
    # not under pytest's temporary folder, which only root may enter
    base = Path(tempfile.mkdtemp(prefix="bcf-pg-"))
    data, sock = base / "data", base / "sock"
    sock.mkdir()
    run_as: list[str] = []
    if os.geteuid() == 0:  # initdb refuses to run as root: use an unprivileged account
        user = "nobody"
        pw = pwd.getpwnam(user)
        for p in (base, sock):
            os.chown(p, pw.pw_uid, pw.pw_gid)
        os.chmod(base, 0o700)
        run_as = ["runuser", "-u", user, "--"]
    port = _free_port()
    subprocess.run(run_as + [initdb, "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8"],
                   check=True, capture_output=True, timeout=120)
    log = base / "log.txt"
    subprocess.run(run_as + [pg_ctl, "-D", str(data), "-l", str(log), "-w", "-t", "60", "-o",
                             f"-k {sock} -p {port} -h 127.0.0.1 -c fsync=off", "start"],
                   check=True, capture_output=True, timeout=120)
    url = f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    yield url
    subprocess.run(run_as + [pg_ctl, "-D", str(data), "-m", "immediate", "stop"], capture_output=True, timeout=60)
    shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'scenarios.sqlite'}"
    url = request.getfixturevalue("postgres_url")
    # a fresh database per test
    import sqlalchemy as sa

    name = f"t{int(time.time() * 1e6) % 10**12}"
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {name}")
    engine.dispose()
    return url.rsplit("/", 1)[0] + f"/{name}"


@pytest.fixture
def store_path():
    return Path


@pytest.fixture
def private_store(tmp_path, monkeypatch):
    """Each test gets its own scenario store (the app's store is one per process)."""
    from app_ui import store_handle

    monkeypatch.setenv("BCF_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("BCF_DATABASE_URL", raising=False)
    store_handle.clear_store_cache()
    yield
    store_handle.clear_store_cache()


# --- the board pack test modules' models and pack ----------------------------------------------------------


@pytest.fixture(scope="module")
def views():
    from budget.demo import demo_plan
    from scenarios.schema import Scenario
    from scenarios.views import model

    plan = demo_plan()
    controlled = model(Scenario(name="Option A"), plan, runs=400, seed=5)
    pilot = model(Scenario(name="Option A", stance="pilot"), plan, runs=400, seed=5)
    return plan, controlled, pilot


ADD_1M = {"kind": "add_line", "scheme_id": "ADD1", "scheme_type": "Community Based Schemes",
          "sub_type": "Enhanced health in care homes", "amount_gbp": 1_000_000, "new": True}


def _submission():
    import datetime as dt

    from budget.submission import Assurance, GoalSetting, Signatory, Submission

    return Submission(
        goals=(GoalSetting(metric="discharge_delay", value=1.25),),
        assurance=(Assurance(condition="NC1", statement="Agreed by the Health and Wellbeing Board.", status="Met"),
                   Assurance(condition="NC2", status="Partly met")),
        sign_off=(Signatory(role="Section 151 officer", organisation="Northbrook (illustrative) council",
                            name="Dana Whitlock", signed_on=dt.date(2026, 3, 20)),))


@pytest.fixture(scope="module")
def one_year():
    """A scenario that adds £1m of spend, with the area's goal, answers and a signature.

    Returns (plan, scenario, view, slides).
    """
    import io

    from pptx import Presentation

    from budget.demo import demo_plan
    from reports import board_pack, chart_pictures
    from scenarios.schema import Scenario
    from scenarios.views import model

    plan = demo_plan()
    scenario = Scenario(name="Add £1m", changes=(ADD_1M,), submission=_submission())
    view = model(scenario, plan, runs=300, seed=7)
    patch = pytest.MonkeyPatch()
    patch.setattr(chart_pictures, "render_png", lambda *a, **k: None)
    try:
        data, _ = board_pack.board_pack_bytes(plan, view, options=[view], scenario=scenario)
    finally:
        patch.undo()
    return plan, scenario, view, list(Presentation(io.BytesIO(data)).slides)


@pytest.fixture
def downloads(monkeypatch):
    """Every file a download button hands to the browser, as (file name, bytes), in order."""
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    served: list[tuple[str | None, bytes]] = []
    original = MemoryMediaFileStorage.load_and_get_id

    def record(self, path_or_data, mimetype, kind, filename=None):
        if isinstance(path_or_data, bytes):
            served.append((filename, path_or_data))
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", record)
    return served
