"""`bcf assurance`: the national conditions with a scenario file's statements, their evidence from the
BCF rules and the sign-off list, as JSON and as text; a bad scenario file is one sentence naming the field."""

from __future__ import annotations

import json

import yaml

from budget.cli import main
from budget.demo import demo_plan
from budget.reference import load_reference
from budget.rules import check

EVIDENCE_ORDER = {"red": 0, "amber": 1, "green": 2}


def test_assurance_json_contract_for_the_demo(capsys):
    assert main(["assurance", "demo", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    plan = demo_plan()
    ref = load_reference(plan.year)
    assert out["year"] == plan.year and out["area"] == plan.area.name
    assert [c["code"] for c in out["conditions"]] == [c.code for c in ref.national_conditions]
    findings = {f.id: f for f in check(plan)}
    for c, k in zip(out["conditions"], ref.national_conditions, strict=True):
        assert set(c) == {"code", "title", "text", "status_of_fact", "assumed_from", "source", "statement",
                          "status", "evidence", "findings", "warnings"}
        assert c["status"] == "Not answered" and c["statement"] == "" and c["warnings"] == []
        assert c["status_of_fact"] == "unconfirmed" and c["assumed_from"] == "2025-26"  # 2026-27
        # every finding of a rule the condition names, and no other, red first
        expected = {i for i in findings if any(i == r or i.startswith(r + ":") for r in k.evidenced_by)}
        assert {f["id"] for f in c["findings"]} == expected
        ranks = [EVIDENCE_ORDER[f["severity"]] for f in c["findings"]]
        assert ranks == sorted(ranks)
        assert c["evidence"] == c["findings"][0]["severity"]
        for f in c["findings"]:
            assert f == findings[f["id"]].to_json()
    assert [(s["role"], s["name"], s["signed_on"]) for s in out["sign_off"]] == [
        ("Health and Wellbeing Board chair", "", None), ("ICB chief executive", "", None),
        ("Council chief executive", "", None), ("Section 151 officer", "", None)]
    assert out["sign_off"][1]["organisation"] == plan.area.icbs[0]
    assert len(out["missing"]) == 4 and out["other_answers"] == []
    assert out["summary"] == "0 of 3 conditions answered; 0 of 4 signatories dated"


def test_a_scenario_files_statements_and_sign_off(tmp_path, capsys):
    path = tmp_path / "signed.yaml"
    path.write_text(yaml.safe_dump({"name": "Signed", "submission": {
        "assurance": [
            {"condition": "NC1", "statement": "Agreed at the HWB on 12 March.", "status": "Met"},
            {"condition": "NC3", "status": "Met"},
            {"condition": "NC9", "statement": "Not a condition this year.", "status": "Met"},
        ],
        "sign_off": [
            {"role": "Section 151 officer", "name": "S Treasurer", "signed_on": "2026-03-20"},
            {"role": "Council chief executive", "name": "C Chief"},
        ]}}), encoding="utf-8")
    assert main(["assurance", str(path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    nc1, nc2, nc3 = out["conditions"]
    assert (nc1["status"], nc1["statement"], nc1["warnings"]) == ("Met", "Agreed at the HWB on 12 March.", [])
    assert nc2["status"] == "Not answered"
    assert (
        nc3["status"] == "Met" and len(nc3["warnings"]) == 1 and "without an assurance statement" in nc3["warnings"][0]
    )
    assert out["other_answers"] == [{"condition": "NC9", "statement": "Not a condition this year.", "status": "Met"}]
    s151 = out["sign_off"][3]
    assert (s151["name"], s151["signed_on"]) == ("S Treasurer", "2026-03-20")
    assert out["missing"][2:] == ["Council chief executive, Northbrook (illustrative) council: no date"]
    assert out["summary"] == "2 of 3 conditions answered; 1 of 4 signatories dated"
    assert main(["assurance", str(path)]) == 0
    text = capsys.readouterr().out
    assert "NC1 Plans to be jointly agreed: Met" in text and "Statement: Agreed at the HWB on 12 March." in text
    assert "Warning: NC3 is marked Met without an assurance statement" in text
    assert "Section 151 officer, Northbrook (illustrative) council: S Treasurer, 20/03/2026" in text
    assert "NC9, which is not a 2026-27 national condition" in text


def test_a_bad_scenario_file_and_a_missing_source(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump({"submission": {"assurance": [{"condition": "NC1", "status": "Done"}]}}),
                   encoding="utf-8")
    assert main(["assurance", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "submission.assurance.0.status" in err and "Traceback" not in err
    dated = tmp_path / "dated.yaml"
    dated.write_text(yaml.safe_dump({"submission": {"sign_off": [{"role": "Section 151 officer",
                                                                  "signed_on": "1899-01-01"}]}}), encoding="utf-8")
    assert main(["assurance", str(dated)]) == 2
    err = capsys.readouterr().err
    assert "submission.sign_off.0.signed_on" in err and "between 2000 and 2100" in err
    assert main(["assurance", "no-such.yaml"]) == 2
    assert "no such file" in capsys.readouterr().err


def test_a_scenario_file_with_thousands_of_signatories_is_refused_in_a_sentence(tmp_path, capsys):
    big = tmp_path / "big.json"
    big.write_text(json.dumps({"submission": {"sign_off": [{"role": f"Partner {i}"} for i in range(3004)]}}),
                   encoding="utf-8")
    assert main(["assurance", str(big)]) == 2
    err = capsys.readouterr().err
    assert "3,004 signatories, more than a plan can have (20" in err and "Traceback" not in err
