"""Files named on the command line are read only when they are regular files within a size limit:
devices, named pipes, sockets and folders are refused with a sentence, quickly."""

from __future__ import annotations

import os
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest

from budget.files import FileRefused, read_bounded
from budget.models import LoadError


def test_a_regular_file_is_read_whole(tmp_path):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(b"abc" * 100)
    assert read_bounded(path, 300) == b"abc" * 100


def test_a_file_over_the_limit_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "big.xlsx"
    path.write_bytes(b"x" * 301)
    with pytest.raises(FileRefused, match="over the 300 bytes limit"):
        read_bounded(path, 300)


def test_dev_zero_is_refused_as_a_device():
    with pytest.raises(FileRefused, match="is a device, not a workbook"):
        read_bounded("/dev/zero", 1024, "workbook")


def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "plan.xlsx"
    os.mkfifo(fifo)
    signal.alarm(60)  # opening a pipe with no writer would wait forever: a hang fails the test instead
    try:
        with pytest.raises(FileRefused, match="is a named pipe"):
            read_bounded(fifo, 1024, "workbook")
    finally:
        signal.alarm(0)


def test_a_folder_and_a_missing_file():
    with tempfile.TemporaryDirectory() as folder:
        with pytest.raises(FileRefused, match="is a folder"):
            read_bounded(folder, 1024)
        with pytest.raises(FileRefused, match="cannot be opened"):
            read_bounded(Path(folder) / "missing.xlsx", 1024)


def test_a_socket_is_refused():
    with tempfile.TemporaryDirectory(dir="/tmp") as folder:  # socket paths must be short
        path = os.path.join(folder, "s.xlsx")
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.bind(path)
            with pytest.raises(FileRefused, match="is a socket"):
                read_bounded(path, 1024)
        finally:
            sock.close()


def limited() -> None:
    """In the child before exec: a reader that would grow without bound fails there, not here."""
    resource.setrlimit(resource.RLIMIT_AS, (2_000_000_000, 2_000_000_000))


def test_load_workbook_refuses_special_files_with_one_problem():
    probe = textwrap.dedent("""
        from budget.models import LoadError
        from budget.readers import load_workbook
        try:
            load_workbook("/dev/zero")
        except LoadError as e:
            [p] = e.problems
            print(p.file, p.severity, p.message, sep="|")
    """)
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=20, preexec_fn=limited)
    assert proc.returncode == 0, proc.stderr[-2000:]
    file, severity, message = proc.stdout.strip().split("|")
    assert (file, severity) == ("zero", "error") and "is a device" in message


def test_load_workbook_over_the_size_limit(tmp_path, monkeypatch):
    from budget.readers import load_workbook, safety

    monkeypatch.setattr(safety, "MAX_FILE_BYTES", 1000)
    path = tmp_path / "big.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\0" * 2000)
    with pytest.raises(LoadError) as e:
        load_workbook(path)
    assert "over the" in e.value.problems[0].message and "BCF sheets" in e.value.problems[0].message


def bcf_load(path: str) -> subprocess.CompletedProcess:
    """`bcf load PATH` in its own process, given at most 20 s and 2 GB (a read that hangs or grows fails the
    test, not the run)."""
    return subprocess.run([sys.executable, "-m", "budget", "load", path], capture_output=True, text=True, timeout=20,
                          preexec_fn=limited)


@pytest.mark.parametrize("kind", ["/dev/zero", "fifo", "folder", "socket"])
def test_bcf_load_of_a_special_file_exits_2_quickly(kind, tmp_path):
    sock = None
    with tempfile.TemporaryDirectory(dir="/tmp") as short:
        if kind == "fifo":
            path = str(tmp_path / "plan.xlsx")
            os.mkfifo(path)
        elif kind == "folder":
            path = str(tmp_path)
        elif kind == "socket":
            path = os.path.join(short, "s.xlsx")
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.bind(path)
        else:
            path = kind
        try:
            proc = bcf_load(path)  # its timeout turns a hang into a failure
        finally:
            if sock is not None:
                sock.close()
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and ": is a" in lines[0], lines
    assert "Traceback" not in proc.stderr
