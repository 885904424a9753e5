"""What a user sees, written to files, to compare before and after a change that must not change behaviour.

The `bcf` commands' JSON and text (run, goals, capacity, assurance, compare, optimise, check, load) on the demo and on
a scenario with a move and an added line, both copies of the Excel return cell by cell, the board pack's text, and
every element of the app's 14 pages (AppTest). From the repository root, with its own Python:

    .venv/bin/python tools/behaviour_dump.py /tmp/before [--no-app]
    ... make the change ...
    .venv/bin/python tools/behaviour_dump.py /tmp/after && diff -r /tmp/before /tmp/after
"""
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

out = Path(sys.argv[1])
out.mkdir(parents=True, exist_ok=True)
no_app = "--no-app" in sys.argv
root = Path.cwd()
bcf = str(Path(sys.executable).parent / "bcf")
MOVE = str(Path(tempfile.mkdtemp()) / "move.yaml")
Path(MOVE).write_text("""name: Care homes
base: demo
changes:
  - kind: move
    from: {lever: integrated_locality_teams}
    to: {lever: care_home_support}
    amount_gbp: 150000
  - kind: add_line
    scheme_id: NEW1
    scheme_name: New reablement
    lever: reablement
    amount_gbp: 500000
""", encoding="utf-8")
tmp = Path(tempfile.mkdtemp())
env = dict(os.environ, BCF_DB=f"sqlite:///{tempfile.mkdtemp()}/s.sqlite")


def cli(name, *args):
    p = subprocess.run([bcf, *args], capture_output=True, text=True, env=env, cwd=root)
    text = f"exit {p.returncode}\n--stdout\n{p.stdout}\n--stderr\n{p.stderr}"
    (out / f"cli_{name}.txt").write_text(text.replace(str(tmp), "TMP"))


cli("run_demo", "run", "demo", "--runs", "200", "--json")
cli("run_demo_pilot", "run", "demo", "--runs", "200", "--json", "--stance", "pilot")
cli("run_move", "run", MOVE, "--runs", "200", "--json")
cli("run_demo_text", "run", "demo", "--runs", "200")
cli("run_move_text", "run", MOVE, "--runs", "200")
cli("goals_demo", "goals", "demo", "--runs", "200", "--json")
cli("goals_move", "goals", MOVE, "--runs", "200", "--json")
cli("goals_text", "goals", "demo", "--runs", "200")
cli("capacity_demo", "capacity", "demo", "--json")
cli("capacity_move", "capacity", MOVE, "--json")
cli("capacity_text", "capacity", "demo")
cli("assurance_demo", "assurance", "demo", "--json")
cli("compare", "compare", "demo", MOVE, "--runs", "200", "--json")
cli("compare_text", "compare", "demo", MOVE, "--runs", "200")
cli("optimise", "optimise", "demo", "--runs", "100", "--search-runs", "50", "--json")
cli("check", "check", "demo")
cli("load", "load", "demo")

for name, src in (("demo", "demo"), ("move", MOVE)):
    cli(f"export_{name}", "export", src, "--xlsx", str(tmp / f"{name}_sub.xlsx"), "--analysis",
        str(tmp / f"{name}_ana.xlsx"), "--pptx", str(tmp / f"{name}.pptx"), "--runs", "200")

import openpyxl  # noqa: E402
from pptx import Presentation  # noqa: E402

for f in sorted(tmp.glob("*.xlsx")):
    wb = openpyxl.load_workbook(f)
    d = {ws.title: [[c.value if not hasattr(c.value, "isoformat") else c.value.isoformat() for c in row]
                    for row in ws.iter_rows()] for ws in wb.worksheets}
    (out / f"xlsx_{f.stem}.json").write_text(json.dumps(d, indent=0, default=str))
for f in sorted(tmp.glob("*.pptx")):
    pres = Presentation(f)
    slides = []
    for s in pres.slides:
        texts = []
        for sh in s.shapes:
            if sh.has_text_frame:
                texts.append(sh.text_frame.text)
            if getattr(sh, "has_table", False) and sh.has_table:
                texts.append([[c.text for c in r.cells] for r in sh.table.rows])
            if getattr(sh, "has_chart", False) and sh.has_chart:
                texts.append("chart")
        if s.has_notes_slide:
            texts.append("NOTES:" + s.notes_slide.notes_text_frame.text)
        slides.append(texts)
    (out / f"pptx_{f.stem}.json").write_text(json.dumps(slides, indent=1))

if no_app:
    sys.exit(0)
from streamlit.testing.v1 import AppTest  # noqa: E402

PAGES = ["start_page", "budget_page", "plan_page", "impact_page", "compare_page", "goals_page", "capacity_page",
         "signoff_page", "optimise_page", "export_page", "monitor_page", "assumptions_page", "method_page",
         "benchmark_page"]
os.environ["BCF_DB"] = env["BCF_DB"]


def elements(node, acc):
    for child in getattr(node, "children", {}).values() if isinstance(getattr(node, "children", None), dict) else []:
        t = type(child).__name__
        rec = {"type": t}
        for attr in ("label", "value", "body", "help", "options", "placeholder", "delta"):
            try:
                v = getattr(child, attr)
            except Exception:
                continue
            if callable(v):
                continue
            if hasattr(v, "to_dict"):
                try:
                    v = v.to_dict()
                except Exception:
                    v = str(v)
            try:
                json.dumps(v, default=str)
            except Exception:
                v = str(v)
            rec[attr] = v
        if t not in ("Block", "ElementTree"):
            acc.append(rec)
        elements(child, acc)
    return acc


for page in PAGES:
    at = AppTest.from_file(str(root / "app.py"), default_timeout=300)
    import importlib
    sess = importlib.import_module("app_ui.session")
    key = getattr(sess, "KEY_RUNS", "runs")
    at.session_state[key] = 200
    at.run()
    if page != "start_page":
        at.switch_page(f"app_pages/{page}.py")
        at.run()
    acc = elements(at._tree, [])
    (out / f"page_{page}.json").write_text(json.dumps(acc, indent=1, default=str))
print("dumped to", out)
