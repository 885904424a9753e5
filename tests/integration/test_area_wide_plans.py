"""A plan in the national planning template's shape, which has no localities, modelled as it comes: one
area-wide locality with its HWB's ONS population, in `bcf run` and on the pages.

The plan is the Excel return's submission copy (the planning template's sheets and columns) for a real HWB.
Its answer is checked against the same plan with its locality and baseline typed into a workbook by hand and
read by the readers (the path every plan with localities takes), and against the eligibility cap's direction."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import openpyxl
import pytest

from budget.areas import area_wide_plan
from budget.cli import UserError
from budget.demo import demo_plan
from budget.export import submission_bytes
from budget.models import Baselines, HWBArea, Locality
from budget.readers import load_bytes
from scenarios.cli.run import register
from scenarios.served import people_served
from tests.unit.scenarios.cli.commands import call, call_json

# ONS mid-2024 estimates for Hartlepool (E06000001), as published; ASCOF 2A2 2020-21: 107 admissions of 18,371
HARTLEPOOL = ("E06000001", "Hartlepool", 98_180, 19_648, 2_459)  # ONS mid-2024: all ages, 65+, 85+
HARTLEPOOL_CARE_HOMES = round(107 / 18_371 * 1e5, 1)
HARTLEPOOL_IMD = 37.58  # IoD 2025, upper-tier summary: average score
OPTIONS = ["--runs", "20", "--seed", "3", "--horizon", "2", "--json"]


def national_template_plan(code: str, name: str) -> bytes:
    """The submission copy of the demo's lines for a real area: the planning template's shape, no localities."""
    plan = demo_plan().model_copy(update={"area": HWBArea(code=code, name=name), "localities": (),
                                          "baselines": Baselines()})
    return submission_bytes(plan)


def with_typed_locality(data: bytes, name: str, population: int, older: int, oldest: int, care_homes: float,
                        score: float) -> bytes:
    """The same workbook with a Localities and a Baselines sheet typed in, as an area adds them."""
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb.create_sheet("Localities")
    ws.append(["Locality", "Population", "Population aged 65+", "Population aged 85+",
               "Deprivation score (IMD average score)"])
    ws.append([name, population, older, oldest, score])
    ws = wb.create_sheet("Baselines")
    ws.append(["Long-term care home admissions 65+ per 100,000 aged 65+", care_homes])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.fixture
def hartlepool(tmp_path: Path) -> Path:
    path = tmp_path / "hartlepool-2026-27.xlsx"
    path.write_bytes(national_template_plan(*HARTLEPOOL[:2]))
    return path


def test_the_national_template_plan_reads_with_no_localities(hartlepool):
    (plan,) = load_bytes(hartlepool.read_bytes(), name=hartlepool.name).plans
    assert plan.lines and not plan.localities and plan.area.code == "E06000001"


def test_bcf_run_models_it_as_one_locality_and_says_so(hartlepool, capsys):
    status, out = call_json(register, ["run", str(hartlepool), *OPTIONS], capsys)
    assert status == 0
    whole = out["area_wide_locality"]
    assert (whole["hwb_codes"], whole["population"], whole["population_65_plus"]) == (["E06000001"], *HARTLEPOOL[2:4])
    assert whole["baselines"]["care_home_admissions"] == "area"
    assert "2020-21, a pandemic year" in whole["sentence"] and "Localities sheet" in whole["sentence"]
    assert out["localities"] == ["Hartlepool (whole area)"]
    status, text = call(register, ["run", str(hartlepool), "--runs", "20", "--seed", "3", "--horizon", "2"], capsys)
    assert text.splitlines()[1] == whole["sentence"]
    _, demo = call_json(register, ["run", "demo", *OPTIONS], capsys)
    assert demo["area_wide_locality"] is None  # a plan with its own localities


def test_bcf_goals_and_capacity_say_so_too(hartlepool, capsys):
    from reports.cli_capacity import register as capacity
    from scenarios.cli.goals import register as goals

    _, out = call_json(register, ["run", str(hartlepool), *OPTIONS], capsys)
    sentence = out["area_wide_locality"]["sentence"]
    _, text = call(goals, ["goals", str(hartlepool), "--runs", "20", "--seed", "3"], capsys)
    assert text.splitlines()[1] == sentence
    _, text = call(capacity, ["capacity", str(hartlepool)], capsys)
    assert text.splitlines()[1] == sentence


def test_its_answer_is_that_of_the_plan_with_the_locality_typed_in(hartlepool, tmp_path, capsys):
    typed = tmp_path / "typed.xlsx"
    typed.write_bytes(with_typed_locality(hartlepool.read_bytes(), "Hartlepool (whole area)", *HARTLEPOOL[2:],
                                          HARTLEPOOL_CARE_HOMES, HARTLEPOOL_IMD))
    _, got = call_json(register, ["run", str(hartlepool), *OPTIONS], capsys)
    _, expected = call_json(register, ["run", str(typed), *OPTIONS], capsys)
    got.pop("area_wide_locality"), expected.pop("area_wide_locality")
    got.pop("scenario"), expected.pop("scenario")  # named after the file
    assert got == expected
    assert got["outcomes"]["emergency_admissions_avoided"]["p50"] > 0


def test_the_goals_say_the_care_home_baseline_is_the_area_s_2020_21_figure(hartlepool, tmp_path):
    from scenarios.goals import goals
    from scenarios.schema import Scenario
    from scenarios.views import model

    (plan,) = load_bytes(hartlepool.read_bytes(), name=hartlepool.name).plans
    care = {g.name: g for g in goals(model(Scenario(runs=20, seed=3, horizon_years=1), area_wide_plan(plan)))}
    (goal,) = [g for g in care.values() if "care-home" in g.label.lower() or "care home" in g.label.lower()]
    assert goal.baseline == pytest.approx(HARTLEPOOL_CARE_HOMES) and goal.baseline_period == "2020-21"
    assert "a pandemic year" in goal.baseline_source and "Adult Social Care Outcomes Framework" in goal.baseline_source
    typed = load_bytes(with_typed_locality(hartlepool.read_bytes(), "Town", *HARTLEPOOL[2:], 600.0, HARTLEPOOL_IMD),
                       name="typed.xlsx").plans[0]
    own = {g.name: g for g in goals(model(Scenario(runs=20, seed=3, horizon_years=1), typed))}[goal.name]
    assert own.baseline == pytest.approx(600.0) and own.baseline_source.startswith("the area's own figure in the plan")


def test_doubling_the_people_aged_65_plus_serves_more_only_where_the_cap_binds(hartlepool):
    (plan,) = load_bytes(hartlepool.read_bytes(), name=hartlepool.name).plans
    one = area_wide_plan(plan)
    loc = one.localities[0]
    doubled = one.model_copy(update={"localities": (Locality(name=loc.name, population=2 * loc.population,
                                                                population_65_plus=2 * loc.population_65_plus),)})
    before, after = people_served(one), people_served(doubled)
    assert np.array_equal(after.spend, before.spend)
    np.testing.assert_allclose(after.cap, 2 * before.cap)
    capped = before.people >= before.cap * (1 - 1e-12)
    bought = before.spend * before.per_pound
    assert capped.any() and (~capped & (bought > 0)).any()  # both cases occur in this plan
    assert (after.people[capped] > before.people[capped]).all()
    np.testing.assert_allclose(after.people[~capped], before.people[~capped])
    np.testing.assert_allclose(after.people, np.minimum(bought, after.cap))


def test_the_isles_of_scilly_code_is_modelled_with_cornwall(tmp_path, capsys):
    path = tmp_path / "scilly.xlsx"
    path.write_bytes(national_template_plan("E06000053", "Isles of Scilly"))
    _, out = call_json(register, ["run", str(path), *OPTIONS], capsys)
    assert out["area_wide_locality"]["population"] == 583_289 + 2_366  # ONS mid-2024, the two together
    assert out["localities"] == ["Cornwall and Isles of Scilly (whole area)"]


def test_an_area_code_not_known_is_refused_with_a_sentence(tmp_path, capsys):
    path = tmp_path / "nowhere.xlsx"
    path.write_bytes(national_template_plan("E06999998", "Nowhere"))
    with pytest.raises(UserError) as e:
        call(register, ["run", str(path), *OPTIONS], capsys)
    (message,) = e.value.messages
    assert message.startswith("Nowhere: the plan has no localities, and its area code E06999998 is not a Health")
    assert "Localities sheet of the BCF Planner input template (bcf template)" in message


def test_every_results_page_says_so(hartlepool):
    from streamlit.testing.v1 import AppTest

    from app_ui.keys import KEY_BYTES, KEY_NAME, KEY_RUNS

    at = AppTest.from_file(str(Path(__file__).resolve().parents[2] / "app.py"), default_timeout=120)
    at.session_state[KEY_RUNS] = 50
    at.session_state[KEY_BYTES] = hartlepool.read_bytes()
    at.session_state[KEY_NAME] = hartlepool.name
    at.run()
    for page in ("impact_page", "plan_page", "goals_page", "capacity_page", "compare_page", "export_page",
                 "optimise_page", "assumptions_page"):
        at.switch_page(f"app_pages/{page}.py").run()
        assert not at.exception, (page, [e.value for e in at.exception])
        notes = [m.value for m in at.info if "modelled as one area-wide locality" in m.value]
        assert len(notes) == 1, page  # Markdown-escaped, so its colon reads "\\:"
        assert "Hartlepool, 98,180 people" in notes[0] and "pandemic year" in notes[0]
    assert not [m for m in at.error if "no localities" in m.value]
