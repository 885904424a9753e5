"""app_ui.runlog: one line per page run in the file BCF_RUN_LOG names, nothing when it is unset."""

from __future__ import annotations

import threading

from app_ui.runlog import record


def test_nothing_is_written_when_unset(monkeypatch, tmp_path):
    monkeypatch.delenv("BCF_RUN_LOG", raising=False)
    monkeypatch.chdir(tmp_path)
    record("Overview", 0.5)
    assert list(tmp_path.iterdir()) == []


def test_each_run_appends_page_tab_seconds(monkeypatch, tmp_path):
    log = tmp_path / "runs.tsv"
    log.write_text("earlier\t1.000000\n", encoding="utf-8")
    monkeypatch.setenv("BCF_RUN_LOG", str(log))
    record("Overview", 0.25)
    record("Levers & localities", 1.0000004)
    assert log.read_text(encoding="utf-8").splitlines() == [
        "earlier\t1.000000", "Overview\t0.250000", "Levers & localities\t1.000000"]


def test_lines_from_many_threads_are_whole(monkeypatch, tmp_path):
    log = tmp_path / "runs.tsv"
    monkeypatch.setenv("BCF_RUN_LOG", str(log))
    threads = [threading.Thread(target=lambda i=i: [record(f"Page {i}", j / 10) for j in range(50)])
               for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    lines = log.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 400
    assert all(line.startswith("Page ") and len(line.split("\t")) == 2 for line in lines)
