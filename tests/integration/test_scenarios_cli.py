"""`bcf scenarios ...`, `bcf run scenario:NAME` and `bcf compare` as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys


def bcf(*args: str, db: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "budget", *args], capture_output=True, text=True, timeout=300,
                          env={**__import__("os").environ, "BCF_DATABASE_URL": db})


def test_store_commands_end_to_end(tmp_path):
    db = f"sqlite:///{tmp_path / 's.sqlite'}"
    assert bcf("scenarios", "save", "demo", "--name", "Option A", db=db).returncode == 0
    assert "version 2" in bcf("scenarios", "save", "demo", "--name", "Option A", db=db).stdout
    listed = json.loads(bcf("scenarios", "list", "--json", db=db).stdout)
    assert listed[0]["name"] == "Option A" and listed[0]["latest_version"] == 2
    hist = json.loads(bcf("scenarios", "history", "Option A", "--json", db=db).stdout)
    assert [h["version"] for h in hist] == [1, 2]
    conflict = bcf("scenarios", "save", "demo", "--name", "Option A", "--base-version", "1", db=db)
    assert conflict.returncode == 2 and "was saved as version 2" in conflict.stderr
    out = tmp_path / "a.json"
    assert bcf("scenarios", "export", "Option A", "--out", str(out), db=db).returncode == 0
    other = f"sqlite:///{tmp_path / 'other.sqlite'}"
    assert bcf("scenarios", "import", str(out), "--name", "From a colleague", db=other).returncode == 0
    a = json.loads(bcf("run", "scenario:Option A", "--json", "--runs", "300", db=db).stdout)
    b = json.loads(bcf("run", "scenario:From a colleague", "--json", "--runs", "300", db=other).stdout)
    assert a["outcomes"] == b["outcomes"]  # exported, imported and run again: the same results
    cmp = json.loads(bcf("compare", "demo", "scenario:Option A", "--runs", "300", "--json", db=db).stdout)
    assert len(cmp["scenarios"]) == 2
    assert cmp["scenarios"][1]["difference_vs_first"]["net_present_value_of_changes_gbp"]["p50"] == 0
    assert bcf("scenarios", "delete", "Option A", db=db).returncode == 0
    assert json.loads(bcf("scenarios", "list", "--json", db=db).stdout) == []
    assert bcf("scenarios", "undelete", "Option A", db=db).returncode == 0
    assert bcf("scenarios", "restore", "Option A", "--version", "1", db=db).returncode == 0


def test_store_errors_are_sentences(tmp_path):
    db = f"sqlite:///{tmp_path / 's.sqlite'}"
    for args in (("scenarios", "show", "Nope"), ("run", "scenario:Nope"), ("scenarios", "import", str(tmp_path))):
        p = bcf(*args, db=db)
        assert p.returncode == 2 and p.stderr.startswith("error: ") and "Traceback" not in p.stderr
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    p = bcf("scenarios", "import", str(bad), db=db)
    assert p.returncode == 2 and "not JSON" in p.stderr


def test_share_and_unshare(tmp_path):
    db = f"sqlite:///{tmp_path / 's.sqlite'}"
    assert bcf("scenarios", "save", "demo", "--name", "Option A", db=db).returncode == 0
    assert json.loads(bcf("scenarios", "list", "--json", db=db).stdout)[0]["shared"] is False
    shared = bcf("scenarios", "share", "Option A", db=db)
    assert shared.returncode == 0 and "is shared" in shared.stdout
    assert json.loads(bcf("scenarios", "list", "--json", db=db).stdout)[0]["shared"] is True
    assert "shared" in bcf("scenarios", "list", db=db).stdout
    assert bcf("scenarios", "unshare", "Option A", db=db).returncode == 0
    assert json.loads(bcf("scenarios", "list", "--json", db=db).stdout)[0]["shared"] is False
    missing = bcf("scenarios", "share", "No such", db=db)
    assert missing.returncode == 2 and missing.stderr.startswith("error: no saved scenario is called 'No such'")


def _one_error_line(p: subprocess.CompletedProcess) -> str:
    assert p.returncode == 2, (p.returncode, p.stdout, p.stderr)
    assert "Traceback" not in p.stderr and "unexpected" not in p.stderr, p.stderr
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), p.stderr
    return lines[0]


def test_an_import_with_values_a_workbook_would_refuse_is_refused_naming_the_field(tmp_path):
    db = f"sqlite:///{tmp_path / 's.sqlite'}"
    good = tmp_path / "good.json"
    assert bcf("scenarios", "save", "demo", "--name", "Option A", db=db).returncode == 0
    assert bcf("scenarios", "export", "Option A", "--out", str(good), db=db).returncode == 0
    doc = json.loads(good.read_text())
    cases = {
        "nan": (("lines", 0, "amount"), float("nan"), "base_plan: lines.0.amount"),
        "huge": (("lines", 1, "amount"), 1e308, "base_plan: lines.1.amount"),
        "control": (("lines", 2, "scheme_name"), "Home\x00first", "base_plan: lines.2.scheme_name"),
        "population": (("localities", 0, "population"), True, "base_plan: localities.0.population"),
    }
    for label, ((key, i, field), value, expected) in cases.items():
        bad = json.loads(json.dumps(doc))
        bad["base_plan"][key][i][field] = value
        path = tmp_path / f"{label}.json"
        path.write_text(json.dumps(bad), encoding="utf-8")  # NaN written as JSON's non-standard NaN
        line = _one_error_line(bcf("scenarios", "import", str(path), "--name", label, db=db))
        assert expected in line or label == "nan", line
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    assert "nested too deeply" in _one_error_line(bcf("scenarios", "import", str(deep), db=db))
    version = json.loads(json.dumps(doc))
    version["scenario"]["schema_version"] = True
    path = tmp_path / "version.json"
    path.write_text(json.dumps(version), encoding="utf-8")
    assert "schema_version" in _one_error_line(bcf("scenarios", "import", str(path), db=db))
    version = json.loads(json.dumps(doc))
    version["schema_version"] = True
    path.write_text(json.dumps(version), encoding="utf-8")
    assert "schema_version True" in _one_error_line(bcf("scenarios", "import", str(path), db=db))


def test_a_scenario_based_on_itself_is_refused_naming_the_chain(tmp_path):
    db = f"sqlite:///{tmp_path / 's.sqlite'}"
    for name, base in (("Self", "scenario:Self"), ("A", "scenario:B"), ("B", "scenario:A")):
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps({"schema_version": 1, "name": name, "base": base}), encoding="utf-8")
        assert bcf("scenarios", "import", str(path), db=db).returncode == 0
    line = _one_error_line(bcf("run", "scenario:Self", "--runs", "50", db=db))
    assert "scenario 'Self' is based on 'Self'" in line, line
    line = _one_error_line(bcf("run", "scenario:A", "--runs", "50", db=db))
    assert "scenario 'A' is based on 'B', which is based on 'A'" in line, line
    line = _one_error_line(bcf("compare", "demo", "scenario:B", "--runs", "50", db=db))
    assert "scenario 'B' is based on 'A', which is based on 'B'" in line, line


def test_a_long_chain_of_bases_is_refused(tmp_path):
    db = f"sqlite:///{tmp_path / 's.sqlite'}"
    from scenarios.schema import Scenario
    from scenarios.store import Store

    store = Store(db)
    for i in range(40):
        store.save(f"S{i}", Scenario(name=f"S{i}", base=f"scenario:S{i + 1}"))
    store.save("S40", Scenario(name="S40", base="demo"))
    line = _one_error_line(bcf("run", "scenario:S0", "--runs", "50", db=db))
    assert "S0" in line and "deep" in line, line


def test_special_files_given_as_scenarios_are_refused_without_waiting(tmp_path):
    import os

    db = f"sqlite:///{tmp_path / 's.sqlite'}"
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.yaml"
    zero.symlink_to("/dev/zero")
    folder = tmp_path / "folder.json"
    folder.mkdir()
    for path, kind in ((fifo, "named pipe"), (zero, "device"), (folder, "folder")):
        for args in (("run", str(path)), ("scenarios", "import", str(path)), ("export", str(path), "--xlsx",
                                                                             str(tmp_path / "x.xlsx"))):
            line = _one_error_line(bcf(*args, db=db))
            assert kind in line, (args, line)
