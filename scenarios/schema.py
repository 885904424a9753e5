"""A scenario: a base plan, the changes made to it, and the assumption choices, as a checked file.

Stored as YAML or JSON. Unknown keys are refused and every value is range-checked, so a typing
mistake in a scenario file is an error naming the field, never a silently different answer.

Example (YAML)::

    schema_version: 1
    name: More reablement in the north
    base: demo                      # or a workbook path, relative to this file
    horizon_years: 3
    stance: controlled              # or pilot
    runs: 1000
    seed: 1
    changes:
      - kind: move
        from: {lever: integrated_locality_teams}
        to: {lever: reablement, locality: North}
        amount_gbp: 250000
        from_year: 1
      - kind: add_line
        scheme_id: NEW1
        scheme_name: Strength and balance classes
        lever: falls_prevention
        amount_gbp: 120000
      - kind: remove_line
        scheme_id: S014
        from_year: 2
    assumption_overrides:
      - lever: reablement
        effects:
          - {outcome: emergency_admissions, low: 0.85, central: 0.95, high: 1.0,
             source: "Local evaluation 2025", grade: matched_control}
"""

import json
from pathlib import Path
from typing import Annotated, Literal, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)

from budget.files import FileRefused, read_bounded
from budget.models import (
    MAX_GBP,
    MAX_SEED,
    REFERENCE_NAME,
    Money,
    Name,
    Plan,
    PositiveMoney,
    Share,
    Text,
    between,
    not_a_bool,
    whole,
)
from budget.submission import Submission
from scenarios.assumption_files import Lever, Stance
from scenarios.assumptions import USER_SOURCE
from scenarios.overrides import AssumptionOverride, EffectOverride, RatioOverride, UserInterval, UserSourced

SCHEMA_VERSION = 1
MAX_HORIZON = 5
MAX_RUNS = 200_000
MAX_SCENARIO_FILE_BYTES = 5 * 1024 * 1024  # a scenario file, with the plan it was built on, is far smaller
MAX_RATE_RATIO = 10.0  # an effect or cohort rate ratio: 1 = no change, 0.9 = 10% fewer


class ScenarioError(ValueError):
    """A scenario that cannot be read or applied; each message says what to fix."""

    def __init__(self, *messages: str):
        """Keep each message (a default when none is given); the exception's text joins them."""
        self.messages = tuple(messages) or ("the scenario cannot be used",)
        super().__init__("; ".join(self.messages))


class PlanError(ScenarioError):
    """The plan itself cannot be modelled (it has no localities, say), whatever the scenario's changes."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True, defer_build=True)


Year = whole(1, MAX_HORIZON, f"a year of the plan, 1 to {MAX_HORIZON}")
Runs = whole(1, MAX_RUNS, f"a number of runs from 1 to {MAX_RUNS:,}")
Seed = whole(0, MAX_SEED, f"a seed from 0 to {MAX_SEED:,}")
RateRatio = Annotated[float, between(0, MAX_RATE_RATIO, f"a rate ratio between 0 and {MAX_RATE_RATIO:g} "
                                                        "(1 = no change, 0.9 = 10% fewer)")]
UnitCost = Annotated[float, between(0, MAX_GBP, "a unit cost above £0 and at most £1,000,000,000", above_low=True)]


# ---- assumption overrides, checked as the library's own figures are -----------------------------
# The override models (scenarios.assumptions) accept any float; a scenario's overrides are read
# through these stricter copies first, so a file gets a sentence naming the field, and are then
# held as the library's own types.
class _CheckedText(BaseModel):
    """The text every override figure carries, bounded as any text in a file is."""

    model_config = ConfigDict(defer_build=True)

    unit: Name = ""
    source: Annotated[Name, Field(min_length=1)] = USER_SOURCE
    note: Text = ""


class _CheckedUnitCost(_CheckedText, UserInterval):
    low: UnitCost
    central: UnitCost
    high: UnitCost


class _CheckedShare(_CheckedText, UserSourced):
    value: Share


class _CheckedEffect(_CheckedText, EffectOverride):
    low: RateRatio
    central: RateRatio
    high: RateRatio
    context: Text = ""


class _CheckedRatio(_CheckedText, RatioOverride):
    value: RateRatio


class _CheckedOverride(AssumptionOverride):
    unit_cost: _CheckedUnitCost | None = None
    eligible_share_65_plus: _CheckedShare | None = None
    max_uptake: _CheckedShare | None = None
    effects: tuple[_CheckedEffect, ...] = ()
    cohort_rate_ratio: tuple[_CheckedRatio, ...] = ()


def _as_data(v: object) -> object:
    return v.model_dump() if isinstance(v, BaseModel) else v


def _as_library_override(v: _CheckedOverride) -> AssumptionOverride:
    return AssumptionOverride.model_validate(v.model_dump())


CheckedOverride = Annotated[_CheckedOverride, BeforeValidator(_as_data), AfterValidator(_as_library_override)]


class Selector(_Frozen):
    """Which spend a change takes from: every line matching all the fields given."""

    lever: Lever | None = None
    scheme_id: Name | None = None
    locality: Name | None = None  # '' selects area-wide lines


class Target(_Frozen):
    """Where moved spend goes: an existing scheme (its lever and locality), or a lever and/or a locality.

    A field left out keeps the value of the spend moved.
    """

    scheme_id: Name | None = None
    lever: Lever | None = None
    locality: Name | None = None  # '' = area-wide (spread over localities by need)

    @model_validator(mode="after")
    def _scheme_alone(self) -> Self:
        if self.scheme_id is not None and (self.lever is not None or self.locality is not None):
            raise ValueError("a move to a scheme takes that scheme's lever and locality; give scheme_id alone")
        return self


class MoveSpend(_Frozen):
    """A change moving spend from the selected lines to a target, as £ a year or a share, from a year."""

    kind: Literal["move"]
    from_: Selector = Field(alias="from")
    to: Target
    amount_gbp: PositiveMoney | None = None
    share: Annotated[Share, Field(gt=0)] | None = None
    from_year: Year = 1

    @model_validator(mode="after")
    def _one_amount(self) -> Self:
        if (self.amount_gbp is None) == (self.share is None):
            raise ValueError("a move needs exactly one of amount_gbp (£ a year) or share (0-1 of the selected spend)")
        return self


class AddLine(_Frozen):
    """A change adding an expenditure line (by lever or scheme type), new or established, from a year."""

    kind: Literal["add_line"]
    scheme_id: Annotated[Name, Field(min_length=1)]
    scheme_name: Name = ""
    lever: Lever | None = None
    scheme_type: Name | None = None
    sub_type: Name = ""
    amount_gbp: Money
    locality: Name = ""
    source_of_funding: Name = ""
    new: bool = True  # new spend ramps up; False treats it as an established service
    from_year: Year = 1

    @model_validator(mode="after")
    def _lever_given(self) -> Self:
        if self.lever is None and not self.scheme_type:
            raise ValueError("an added line needs a lever or a scheme_type")
        return self


class RemoveLine(_Frozen):
    """A change removing a scheme's lines from a year."""

    kind: Literal["remove_line"]
    scheme_id: Annotated[Name, Field(min_length=1)]
    from_year: Year = 1


Change = Annotated[MoveSpend | AddLine | RemoveLine, Field(discriminator="kind")]


class Scenario(_Frozen):
    """A what-if on a base plan: model settings, changes to spend, assumption overrides and the submission."""

    schema_version: Annotated[Literal[1], BeforeValidator(not_a_bool)] = SCHEMA_VERSION
    name: Annotated[Name, Field(min_length=1)] = REFERENCE_NAME
    description: Text = ""
    base: Annotated[Name, Field(min_length=1)] = "demo"  # 'demo' or a workbook path
    area: Name | None = None  # ONS code, when the workbook holds several areas
    horizon_years: Year = MAX_HORIZON
    stance: Stance = "controlled"
    runs: Runs = 1000
    seed: Seed = 1
    deadweight: Annotated[Share, Field(lt=1)] = 0.0  # share of the effect that would happen anyway
    # reduce each effect by the optimism-bias share for its evidence grade (unit_costs.yaml): on by default, as
    # HM Treasury's Green Book asks of every appraisal
    optimism_bias: bool = True
    # real discount rate a year for present values (HM Treasury Green Book: 3.5% for the first 30 years)
    discount_rate: Annotated[Share, Field(le=0.2)] = 0.035
    changes: tuple[Change, ...] = ()
    assumption_overrides: tuple[CheckedOverride, ...] = ()
    # what the area adds for its submission (goals, assurance, sign-off); the model never reads it
    submission: Submission = Submission.model_construct()  # empty; made without building a validator

    @model_validator(mode="after")
    def _years_in_horizon(self) -> Self:
        for i, c in enumerate(self.changes, 1):
            if c.from_year > self.horizon_years:
                raise ValueError(
                    f"change {i} starts in year {c.from_year}, after the {self.horizon_years}-year horizon"
                )
        return self

    def to_json_dict(self) -> dict:
        """The scenario as JSON-ready data: every field, defaults included, `from` for a move's source."""
        return self.model_dump(mode="json", by_alias=True, exclude_defaults=False)


def validation_messages(e: ValidationError) -> list[str]:
    """One sentence per validation error: where it is (dotted field path) and what is wrong."""
    out = []
    for err in e.errors():
        where = ".".join(str(p) for p in err["loc"]) or "scenario"
        out.append(f"{where}: {err['msg'].removeprefix('Value error, ')}")
    return out


def _parse(model: type[BaseModel], data: object, name: str, what: str):
    if not isinstance(data, dict):
        raise ScenarioError(f"{name}: {what} is a mapping of keys to values")
    try:
        return model.model_validate(data)
    except ValidationError as e:
        raise ScenarioError(*[f"{name}: {m}" for m in validation_messages(e)]) from None


def parse_scenario(data: object, name: str = "scenario") -> Scenario:
    """Data read from a file as a Scenario.

    Raises ScenarioError with a sentence per problem, each starting with `name`.
    """
    return _parse(Scenario, data, name, "a scenario")


def parse_plan(data: object, name: str = "base_plan") -> Plan:
    """A plan held with a scenario (a stored or imported scenario's base plan), checked as a workbook's is."""
    return _parse(Plan, data, name, "a plan")


def read_json(text: str | bytes) -> object:
    """JSON text as data.

    Raises a sentence (ScenarioError) for text that is not JSON, is nested too deeply, or holds NaN or
    Infinity, which JSON does not allow.
    """

    def refuse(constant: str) -> float:
        raise ValueError(f"{constant} is not a number JSON allows")

    try:
        return json.loads(text, parse_constant=refuse)
    except RecursionError:
        raise ScenarioError("the file is nested too deeply to be a scenario file") from None
    except json.JSONDecodeError as e:
        raise ScenarioError(f"not JSON ({e.msg}, line {e.lineno} column {e.colno})") from None
    except ValueError as e:  # bytes that are not UTF-8, a number of thousands of digits, NaN
        raise ScenarioError(f"not JSON ({e})") from None


def read_yaml(text: str) -> object:
    """YAML text as data; a sentence (ScenarioError) for text that is not YAML or is nested too deeply."""
    import yaml  # scenario files only: the package's own YAML is read through budget.package_yaml

    try:
        return yaml.safe_load(text)
    except RecursionError:
        raise ScenarioError("the file is nested too deeply to be a scenario file") from None
    except yaml.YAMLError as e:
        raise ScenarioError(f"not valid YAML ({e})") from None
    except ValueError as e:  # a number of thousands of digits
        raise ScenarioError(f"not valid YAML ({e})") from None


def read_scenario_file(path: str | Path) -> str:
    """The text of a scenario file: a regular file of at most 5 MB, in UTF-8."""
    p = Path(path)
    try:
        data = read_bounded(p, MAX_SCENARIO_FILE_BYTES, "scenario file")
    except FileRefused as e:
        raise ScenarioError(f"{p}: {e}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise ScenarioError(
            f"{p}: not a text file (it is not UTF-8); save the scenario again as YAML or JSON"
        ) from None


def load_scenario(path: str | Path) -> Scenario:
    """Read a scenario from a .yaml/.yml or .json file."""
    p = Path(path)
    text = read_scenario_file(p)
    try:
        data = read_json(text) if p.suffix.lower() == ".json" else read_yaml(text)
    except ScenarioError as e:
        raise ScenarioError(*[f"{p}: {m}" for m in e.messages]) from None
    return parse_scenario(data, name=str(p))


def dump_scenario(scenario: Scenario, path: str | Path) -> Path:
    """Write a scenario to `path`: JSON for a .json file, else YAML. Returns the path."""
    p = Path(path)
    data = scenario.to_json_dict()
    if p.suffix.lower() == ".json":
        p.write_text(json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n", encoding="utf-8")
    else:
        import yaml

        p.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return p


def is_scenario_file(path: str | Path) -> bool:
    """True when the path's suffix is that of a scenario file (.yaml, .yml, .json)."""
    return Path(path).suffix.lower() in (".yaml", ".yml", ".json")


def reference_scenario(scenario: Scenario | None = None) -> Scenario:
    """The plan as submitted: the scenario's settings with its changes removed, named ``REFERENCE_NAME``.

    Without a scenario, the default settings (a scenario with no changes).
    """
    if scenario is None:
        return Scenario()
    return scenario.model_copy(update={"changes": (), "name": REFERENCE_NAME})
