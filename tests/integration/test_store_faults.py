"""A scenario store that is damaged or does not answer: one sentence, never a hang, and every page
still renders."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from scenarios.store import Store, StoreError
from tests.pages import PAGES, open_page

ROOT = Path(__file__).resolve().parents[2]
SENTENCE = "The scenario store is not available"
ADVICE = "ask your administrator to check the database setting (BCF_DATABASE_URL)"
CORRUPTIONS = {"random bytes": os.urandom(4096), "text": b"not a database\n" * 300}


class SilentServer:
    """Accepts TCP connections on loopback and never sends a byte: a database address that hangs."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.connections: list[socket.socket] = []
        self.closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self.closed:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections.append(conn)

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://u:secret@127.0.0.1:{self.port}/db"

    def close(self) -> None:  # closing ends any client still waiting, so nothing is left hanging
        self.closed = True
        for c in [*self.connections, self.sock]:
            c.close()


@pytest.fixture
def silent_server():
    server = SilentServer()
    yield server
    server.close()


def corrupt_store(folder: Path, content: bytes) -> Path:
    path = folder / "scenarios.sqlite"
    path.write_bytes(content)
    return path


def bcf(*args: str, env: dict, timeout: float = 30) -> subprocess.CompletedProcess:
    return subprocess.run([str(Path(sys.executable).parent / "bcf"), *args], capture_output=True, text=True,
                          env={**os.environ, **env}, cwd=ROOT, timeout=timeout)


@pytest.mark.parametrize("kind", list(CORRUPTIONS))
def test_corrupt_sqlite_file_is_one_sentence_at_the_command_line(tmp_path, kind):
    corrupt_store(tmp_path, CORRUPTIONS[kind])
    env = {"BCF_DATA_DIR": str(tmp_path), "BCF_DATABASE_URL": ""}
    for args in (("scenarios", "list"), ("scenarios", "history", "X"), ("scenarios", "show", "X"),
                 ("db", "current", "--json")):  # the last, what monitoring runs (docs/deploy.md)
        done = bcf(*args, env=env)
        assert done.returncode == 2, done
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: the scenario store is not available"), done.stderr
        assert "unexpected failure" not in done.stderr and "Traceback" not in done.stderr
        assert ADVICE in lines[0]


@pytest.mark.parametrize("kind", list(CORRUPTIONS))
def test_corrupt_sqlite_file_raises_store_error_from_every_call(tmp_path, kind):
    url = f"sqlite:///{tmp_path / 'scenarios.sqlite'}"
    corrupt_store(tmp_path, CORRUPTIONS[kind])
    with pytest.raises(StoreError, match="not available"):
        Store(url)
    # a store that opened, then found its file damaged
    (tmp_path / "scenarios.sqlite").unlink()
    s = Store(url)
    s.engine.dispose()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{tmp_path / 'scenarios.sqlite'}{suffix}").unlink(missing_ok=True)
    corrupt_store(tmp_path, CORRUPTIONS[kind])
    for call in (s.list, lambda: s.open("X"), lambda: s.history("X"), lambda: s.versions("X"),
                 lambda: s.export_json("X"), lambda: s.delete("X")):
        with pytest.raises(StoreError, match="not available"):
            call()


def test_silent_database_server_does_not_hang_the_command_line(silent_server):
    try:
        done = bcf("scenarios", "list", env={"BCF_DATABASE_URL": silent_server.url}, timeout=40)
        current = bcf("db", "current", "--json", env={"BCF_DATABASE_URL": silent_server.url}, timeout=40)
    except subprocess.TimeoutExpired:
        pytest.fail("`bcf scenarios list` or `bcf db current` hung on a database server that never answers")
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: the scenario store is not available"), done.stderr
    assert ADVICE in lines[0] and "secret" not in done.stderr  # the password is never shown
    assert current.returncode == 2 and current.stdout == "" and "secret" not in current.stderr  # monitoring's check
    assert current.stderr.startswith("error: the scenario store is not available"), current.stderr


@pytest.fixture
def app_env(tmp_path, monkeypatch):
    from app_ui import store_handle

    monkeypatch.setenv("BCF_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("BCF_DATABASE_URL", raising=False)
    store_handle.clear_store_cache()
    yield tmp_path
    store_handle.clear_store_cache()


def sidebar_sentences(at: AppTest) -> list[str]:
    return [e.value for e in at.sidebar.error if SENTENCE in e.value]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_with_a_corrupt_store(app_env, page):
    corrupt_store(app_env, CORRUPTIONS["random bytes"])
    at = open_page(page, timeout=60)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title
    sentences = sidebar_sentences(at)
    assert len(sentences) == 1, sentences
    assert ADVICE in sentences[0]
    at.run()  # and again on a rerun
    assert not at.exception and len(sidebar_sentences(at)) == 1


def test_a_silent_database_server_is_not_waited_on_at_every_rerun(app_env, monkeypatch, silent_server):
    monkeypatch.setenv("BCF_DATABASE_URL", silent_server.url)
    at = open_page("compare_page", timeout=40)
    assert not at.exception, [e.value for e in at.exception]
    assert len(sidebar_sentences(at)) == 1
    tried = len(silent_server.connections)
    assert tried >= 1
    for _ in range(3):  # idle reruns remember the failure for a while instead of waiting again
        at.run()
        assert not at.exception and len(sidebar_sentences(at)) == 1
    assert len(silent_server.connections) == tried


def test_postgresql_connections_carry_a_statement_timeout(postgres_url, monkeypatch):
    from scenarios import store_database

    s = Store(postgres_url)
    with s.engine.connect() as conn:
        shown = conn.exec_driver_sql("SHOW statement_timeout").scalar()
    assert shown == f"{store_database.STATEMENT_TIMEOUT_S}s"
    # a query stuck behind a lock is stopped after the timeout, and reported as a sentence
    monkeypatch.setattr(store_database, "STATEMENT_TIMEOUT_S", 1)
    quick = Store(postgres_url)
    with s.engine.begin() as holder:
        holder.exec_driver_sql("LOCK TABLE bcf_scenarios IN ACCESS EXCLUSIVE MODE")
        with pytest.raises(StoreError, match="not available"):
            quick.list()
