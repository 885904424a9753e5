"""`bcf benchmark AREA`: the JSON the issue asks for, the text in words, allocations per person aged 65+ from a
real allocations workbook, and one sentence for an area it does not know."""

from __future__ import annotations

import openpyxl
import pytest

from budget.areas import hwb_codes, table
from budget.cli import UserError
from budget.peers import benchmark
from scenarios.cli.benchmark import register
from tests.unit.scenarios.cli.commands import call, call_json, parser_for


def test_the_json_is_the_benchmark_of_the_area_named(capsys):
    status, out = call_json(register, ["benchmark", "hartlepool", "--json"], capsys)
    assert status == 0
    assert out == benchmark("E06000001")
    assert set(out) >= {"area", "peers", "measures", "sources"}
    assert set(out["peers"][0]) == {"code", "name", "distance"}
    m = out["measures"]["imd_average_score"]
    assert {"value", "period", "peer_median", "peer_quartiles", "england_quartiles", "rank", "of"} <= set(m)
    assert len(m["peer_quartiles"]) == len(m["england_quartiles"]) == 3


def test_the_text_names_the_peers_and_says_the_pandemic_year(capsys):
    status, out = call(register, ["benchmark", "E06000001"], capsys)
    lines = out.splitlines()
    assert status == 0 and lines[0] == "Hartlepool (E06000001) beside its 15 most similar Health and Wellbeing Boards"
    assert lines[1].startswith("Similar areas, nearest first: ")
    assert "  2020-21 was a pandemic year, when admissions were lower across England." in lines
    assert any(x.startswith("Permanent care-home admissions of people aged 65+ (per 100,000 aged 65+, 2020-21): "
                            "582.4;") for x in lines)


def test_a_near_miss_is_one_sentence(capsys):
    args = parser_for(register).parse_args(
        ["benchmark", "Middlesborough"])
    with pytest.raises(UserError) as e:
        args.func(args)
    (message,) = e.value.messages
    assert message.startswith("'Middlesborough' is not a Health and Wellbeing Board's name or ONS code; did you "
                              "mean Middlesbrough (E06000002)") and message.endswith("?")
    assert capsys.readouterr().out == ""


def test_allocations_for_all_areas_add_money_per_person_aged_65_plus(tmp_path, capsys):
    pop = {r["hwb_code"]: r for r in table("hwb_population.csv")}
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Better Care Fund 2025-26: allocations"])
    ws.append(["HWB Code", "HWB Name", "Minimum NHS Contribution", "Disabled Facilities Grant"])
    for c in hwb_codes():
        ws.append([c, pop[c]["hwb_name"], int(pop[c]["age_65_plus"]) * 400, int(pop[c]["all_ages"]) * 10])
    path = tmp_path / "allocations.xlsx"
    wb.save(path)
    status, out = call_json(register, ["benchmark", "E06000001", "--allocations", str(path), "--json"], capsys)
    assert status == 0
    nhs = out["measures"]["nhs_minimum_per_head_65_plus"]
    assert nhs["value"] == pytest.approx(400.0) and nhs["england_quartiles"] == pytest.approx([400.0] * 3)
    dfg = out["measures"]["dfg_per_head_65_plus"]
    assert dfg["value"] == pytest.approx(10 * 98_180 / 19_648, abs=1e-3)  # ONS mid-2024, Hartlepool
    assert out["measures"]["pool_per_head_65_plus"]["value"] == pytest.approx(400 + 10 * 98_180 / 19_648, abs=1e-3)
    assert dfg["label"] == "Disabled Facilities Grant per person aged 65+"


def test_a_file_that_is_not_allocations_is_refused(tmp_path):
    from budget.models import LoadError

    wb = openpyxl.Workbook()
    wb.active.append(["nothing here"])
    path = tmp_path / "other.xlsx"
    wb.save(path)
    args = parser_for(register).parse_args(["benchmark", "E06000001", "--allocations", str(path)])
    with pytest.raises(LoadError) as e:
        args.func(args)
    assert e.value.problems[0].file == "other.xlsx" and "not a BCF workbook" in e.value.problems[0].message
    args = parser_for(register).parse_args(["benchmark", "E06000001", "--allocations", "demo"])
    with pytest.raises(UserError, match="^demo: not an allocations workbook"):
        args.func(args)


def test_the_demo_s_code_gives_its_illustrative_profile_and_says_so(capsys):
    from budget.peers import DEMO_PROFILE

    status, out = call(register, ["benchmark", "E06999999"], capsys)
    lines = out.splitlines()
    real = benchmark(DEMO_PROFILE)["area"]["name"]
    assert status == 0 and lines[0].startswith("Northbrook (illustrative) (E06999999) beside its 15")
    assert lines[1].startswith("Northbrook (illustrative) is made up") and real in lines[1]
    status, out = call_json(register, ["benchmark", "E06999999", "--json"], capsys)
    assert out["area"]["illustrative"] is True and out["measures"] == benchmark(DEMO_PROFILE)["measures"]
