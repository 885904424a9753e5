"""`bcf assurance`: the national conditions with the area's answers, and the sign-off list."""

from __future__ import annotations

import yaml

from scenarios.cli.assurance import register
from tests.unit.scenarios.cli.commands import call, call_json, parser_for


def test_the_parser_has_no_model_options():
    args = parser_for(register).parse_args(["assurance", "demo", "--json"])
    assert (args.source, args.json) == ("demo", True)
    assert not hasattr(args, "runs")


def test_the_demo_has_answered_nothing(capsys):
    status, out = call_json(register, ["assurance", "demo", "--json"], capsys)
    assert status == 0
    assert (out["year"], out["area"], out["scenario"]) == ("2026-27", "Northbrook (illustrative)",
                                                           "Demo area plan as submitted")
    assert out["summary"].startswith(f"0 of {len(out['conditions'])} conditions answered")
    assert {c["status"] for c in out["conditions"]} == {"Not answered"}
    assert len(out["missing"]) == len(out["sign_off"]) >= 1


def test_an_answer_and_a_signatory_are_shown(tmp_path, capsys):
    path = tmp_path / "answered.yaml"
    path.write_text(yaml.safe_dump({"name": "Answered", "base": "demo", "submission": {
        "assurance": [{"condition": "NC1", "statement": "Agreed at the board on 3 March.", "status": "Met"}],
        "sign_off": [{"role": "Health and Wellbeing Board chair", "name": "A. Chair", "signed_on": "2026-03-03"}],
    }}), encoding="utf-8")
    status, out = call_json(register, ["assurance", str(path), "--json"], capsys)
    assert status == 0
    nc1 = next(c for c in out["conditions"] if c["code"] == "NC1")
    assert (nc1["status"], nc1["statement"]) == ("Met", "Agreed at the board on 3 March.")
    assert out["summary"].startswith("1 of ")
    chair = next(s for s in out["sign_off"] if s["role"] == "Health and Wellbeing Board chair")
    assert (chair["name"], chair["signed_on"]) == ("A. Chair", "2026-03-03")
    status, text = call(register, ["assurance", str(path)], capsys)
    assert status == 0
    assert "NC1 Plans to be jointly agreed: Met" in text
    assert "  Statement: Agreed at the board on 3 March." in text
    assert "A. Chair, 03/03/2026" in text
