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

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from scenarios.assumptions import AssumptionOverride, Lever, Stance

SCHEMA_VERSION = 1
MAX_HORIZON = 5


class ScenarioError(ValueError):
    """A scenario that cannot be read or applied; each message says what to fix."""

    def __init__(self, *messages: str):
        self.messages = tuple(messages) or ("the scenario cannot be used",)
        super().__init__("; ".join(self.messages))


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class Selector(_Frozen):
    """Which spend a change takes from: every line matching all the fields given."""

    lever: Lever | None = None
    scheme_id: str | None = None
    locality: str | None = None  # '' selects area-wide lines


class Target(_Frozen):
    """Where moved spend goes: an existing scheme (its lever and locality), or a lever and/or a
    locality; a field left out keeps the value of the spend moved."""

    scheme_id: str | None = None
    lever: Lever | None = None
    locality: str | None = None  # '' = area-wide (spread over localities by need)

    @model_validator(mode="after")
    def _scheme_alone(self) -> Target:
        if self.scheme_id is not None and (self.lever is not None or self.locality is not None):
            raise ValueError("a move to a scheme takes that scheme's lever and locality; give scheme_id alone")
        return self


class MoveSpend(_Frozen):
    kind: Literal["move"]
    from_: Selector = Field(alias="from")
    to: Target
    amount_gbp: float | None = Field(default=None, gt=0)
    share: float | None = Field(default=None, gt=0, le=1)
    from_year: int = Field(default=1, ge=1, le=MAX_HORIZON)

    @model_validator(mode="after")
    def _one_amount(self) -> MoveSpend:
        if (self.amount_gbp is None) == (self.share is None):
            raise ValueError("a move needs exactly one of amount_gbp (£ a year) or share (0-1 of the selected spend)")
        return self


class AddLine(_Frozen):
    kind: Literal["add_line"]
    scheme_id: str = Field(min_length=1)
    scheme_name: str = ""
    lever: Lever | None = None
    scheme_type: str | None = None
    sub_type: str = ""
    amount_gbp: float = Field(ge=0)
    locality: str = ""
    source_of_funding: str = ""
    new: bool = True  # new spend ramps up; False treats it as an established service
    from_year: int = Field(default=1, ge=1, le=MAX_HORIZON)

    @model_validator(mode="after")
    def _lever_given(self) -> AddLine:
        if self.lever is None and not self.scheme_type:
            raise ValueError("an added line needs a lever or a scheme_type")
        return self


class RemoveLine(_Frozen):
    kind: Literal["remove_line"]
    scheme_id: str = Field(min_length=1)
    from_year: int = Field(default=1, ge=1, le=MAX_HORIZON)


Change = Annotated[MoveSpend | AddLine | RemoveLine, Field(discriminator="kind")]


class Scenario(_Frozen):
    schema_version: Literal[1] = SCHEMA_VERSION
    name: str = Field(default="Plan as submitted", min_length=1)
    description: str = ""
    base: str = Field(default="demo", min_length=1)  # 'demo' or a workbook path
    area: str | None = None  # ONS code, when the workbook holds several areas
    horizon_years: int = Field(default=MAX_HORIZON, ge=1, le=MAX_HORIZON)
    stance: Stance = "controlled"
    runs: int = Field(default=1000, ge=1, le=200_000)
    seed: int = Field(default=1, ge=0)
    deadweight: float = Field(default=0.0, ge=0, lt=1)  # share of the effect that would happen anyway
    optimism_bias: bool = False  # reduce effects by evidence grade (unit_costs.yaml)
    changes: tuple[Change, ...] = ()
    assumption_overrides: tuple[AssumptionOverride, ...] = ()

    @model_validator(mode="after")
    def _years_in_horizon(self) -> Scenario:
        for i, c in enumerate(self.changes, 1):
            if c.from_year > self.horizon_years:
                raise ValueError(f"change {i} starts in year {c.from_year}, after the {self.horizon_years}-year horizon")
        return self

    def to_json_dict(self) -> dict:
        return self.model_dump(mode="json", by_alias=True, exclude_defaults=False)


def _messages(e: ValidationError) -> list[str]:
    out = []
    for err in e.errors():
        where = ".".join(str(p) for p in err["loc"]) or "scenario"
        out.append(f"{where}: {err['msg']}")
    return out


def parse_scenario(data: object, name: str = "scenario") -> Scenario:
    if not isinstance(data, dict):
        raise ScenarioError(f"{name}: a scenario is a mapping of keys to values")
    try:
        return Scenario.model_validate(data)
    except ValidationError as e:
        raise ScenarioError(*[f"{name}: {m}" for m in _messages(e)]) from None


def load_scenario(path: str | Path) -> Scenario:
    """Read a scenario from a .yaml/.yml or .json file."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as e:
        raise ScenarioError(f"{p}: cannot read ({e.strerror or e})") from None
    try:
        data = json.loads(text) if p.suffix.lower() == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as e:
        raise ScenarioError(f"{p}: not valid {'JSON' if p.suffix.lower() == '.json' else 'YAML'} ({e})") from None
    return parse_scenario(data, name=str(p))


def dump_scenario(scenario: Scenario, path: str | Path) -> Path:
    p = Path(path)
    data = scenario.to_json_dict()
    if p.suffix.lower() == ".json":
        p.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    else:
        p.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return p


def is_scenario_file(path: str | Path) -> bool:
    return Path(path).suffix.lower() in (".yaml", ".yml", ".json")
