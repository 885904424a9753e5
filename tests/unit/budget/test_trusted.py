"""The package's own checked data read back without checking it again (budget.trusted), and every model made
without its checks: each must equal what the checks make of it, field for field and type for type."""

from __future__ import annotations

import json
from typing import Annotated

import pytest
from pydantic import BaseModel, ConfigDict, Field

from budget import reference
from budget.demo import demo_plan
from budget.models import Baselines, Plan
from budget.submission import CapacitySettings, Submission
from budget.trusted import cached, construct, digest, form_text
from scenarios import assumptions
from scenarios.assumption_files import STANCES
from scenarios.cli.sources import DEMO_SCENARIO_NAME, scenario_for_source
from scenarios.inputs import NO_EFFECT
from scenarios.schema import Scenario
from scenarios.sourced import CostInterval, Interval


def same(made: BaseModel, checked: BaseModel) -> None:
    """Equal as models (a tuple is not a list) and as JSON (a float is not an int)."""
    assert type(made) is type(checked)
    assert made == checked
    assert made.model_dump_json() == checked.model_dump_json()


def checked_copy(model: BaseModel) -> BaseModel:
    return type(model).model_validate(model.model_dump(by_alias=True))


@pytest.mark.parametrize("year", reference.available_years())
def test_each_years_shipped_form_is_the_reference_data_its_yaml_makes(year):
    """Fails when a YAML file, the models' checks or the code that builds a year changed without
    `python -m scenarios.package_data` writing the forms afresh."""
    shipped = json.loads(reference._model_form(year).read_text(encoding="utf-8"))
    assert shipped["sources_sha256"] == digest(reference._year_files()), "run python -m scenarios.package_data"
    same(construct(reference.Reference, shipped["model"]), reference.build_reference(year))
    same(reference.load_reference(year), reference.build_reference(year))


@pytest.mark.parametrize("stance", STANCES)
def test_each_stances_shipped_form_is_the_assumption_library_its_yaml_makes(stance):
    shipped = json.loads(assumptions._model_form(stance).read_text(encoding="utf-8"))
    assert shipped["sources_sha256"] == digest(assumptions._library_files()), "run python -m scenarios.package_data"
    same(construct(assumptions.Assumptions, shipped["model"]), assumptions.build_assumptions(stance))
    same(assumptions.load_assumptions(stance), assumptions.build_assumptions(stance))
    assert assumptions.stance_label(stance) == assumptions.build_assumptions(stance).stance_label


def test_the_demo_plan_passes_its_checks_unchanged():
    plan = demo_plan()
    same(plan, checked_copy(plan))
    for line in plan.lines:
        same(line, checked_copy(line))


def test_models_made_without_their_checks_are_what_the_checks_make():
    same(Baselines.model_construct(), Baselines())
    same(CapacitySettings.model_construct(), CapacitySettings())
    same(Submission.model_construct(), Submission())
    same(Plan.model_fields["baselines"].default, Baselines())
    same(NO_EFFECT, Interval(low=1.0, central=1.0, high=1.0, distribution="fixed", source="no effect assumed",
                             grade="judgement"))
    scenario, folder = scenario_for_source("demo")
    assert folder is None
    same(scenario, Scenario(name=DEMO_SCENARIO_NAME, base="demo"))
    for stance in STANCES:
        for lever, la in assumptions.load_assumptions(stance).levers.items():
            cost = la.cost_per_person()
            assert isinstance(cost, CostInterval), lever
            same(cost, checked_copy(cost))


class _Inner(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)
    x: float
    tags: tuple[str, ...] = ()


class _Outer(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True, populate_by_name=True)
    inner: _Inner
    many: tuple[_Inner, ...] = ()
    by_key: dict[str, _Inner] = {}
    maybe: _Inner | None = None
    counts: list[int] = []
    ratio: Annotated[float, Field(gt=0)] = 1.0
    source: str = Field(default="", alias="from")


def test_construct_rebuilds_nested_models_containers_and_floats_from_their_json():
    model = _Outer(inner={"x": 1, "tags": ["a"]}, many=[{"x": 2.5}], by_key={"k": {"x": 3}}, counts=[1, 2],
                   ratio=2, **{"from": "here"})
    made = construct(_Outer, json.loads(model.model_dump_json()))
    same(made, model)
    assert isinstance(made.inner.x, float) and isinstance(made.ratio, float) and made.many[0].tags == ()
    same(construct(_Outer, {"inner": {"x": 1}, "from": "there"}), _Outer(inner={"x": 1.0}, source="there"))


def test_construct_refuses_what_it_cannot_rebuild_unambiguously():
    class Two(BaseModel):
        either: _Inner | _Outer

    with pytest.raises(TypeError, match="union"):
        construct(Two, {"either": {"x": 1}})
    with pytest.raises(TypeError, match="expected an object"):
        construct(_Inner, [1])


def test_cached_reads_the_form_only_while_it_was_made_from_these_sources(tmp_path):
    source = tmp_path / "a.yaml"
    source.write_text("x: 1\n")
    form = tmp_path / "a.model.json"
    built = []

    def build() -> _Inner:
        built.append(1)
        return _Inner(x=7)

    form.write_text(form_text(_Inner(x=5), [source]))
    same(cached(_Inner, form, [source], build), _Inner(x=5))  # current: read, nothing built
    assert built == []
    source.write_text("x: 2\n")  # edited since the form was made: built from the source
    same(cached(_Inner, form, [source], build), _Inner(x=7))
    form.write_text("{not json")  # unreadable, then missing: built
    same(cached(_Inner, form, [source], build), _Inner(x=7))
    form.unlink()
    same(cached(_Inner, form, [source], build), _Inner(x=7))
    form.write_text(json.dumps({"sources_sha256": digest([source]), "model": [1, 2]}))  # a form of another shape
    same(cached(_Inner, form, [source], build), _Inner(x=7))
    assert len(built) == 4


def test_threads_that_first_need_a_deferred_validator_together_each_get_the_models_own_checks():
    """Every model builds its validator on first use (defer_build): eight threads, as eight sessions of the app might,
    check plans at once in a fresh process where no validator is built yet; each bad plan is refused with the model's
    own message and each good one read, never checked by a half-built or a parent class's validator."""
    import subprocess
    import sys

    code = (
        "import threading\n"
        "from pydantic import ValidationError\n"
        "from budget.demo import demo_plan\n"
        "from budget.models import Plan\n"
        "assert not Plan.__dict__.get('__pydantic_complete__')\n"
        "good = demo_plan().model_dump()\n"
        "bad = {**good, 'year': 'next year', 'unknown': 1}\n"
        "out, start = [], threading.Barrier(8)\n"
        "def check(data):\n"
        "    start.wait()\n"
        "    try:\n"
        "        out.append(Plan.model_validate(data).area.code)\n"
        "    except ValidationError as e:\n"
        "        out.append(sorted(err['type'] for err in e.errors()))\n"
        "threads = [threading.Thread(target=check, args=(good if i % 2 else bad,)) for i in range(8)]\n"
        "[t.start() for t in threads]\n"
        "[t.join() for t in threads]\n"
        "print(sorted(map(str, out)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    code_of_demo = demo_plan().area.code
    assert done.stdout.strip() == str(sorted([code_of_demo] * 4 + [str(["extra_forbidden", "value_error"])] * 4))
