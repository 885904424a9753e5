"""Domain types for a Better Care Fund plan.

Every boundary between layers passes these frozen pydantic models, never dicts of dicts. Money is
held as float pounds (openpyxl reads and writes IEEE doubles, so a written plan reads back exactly).
Funding streams are referred to by their stable reference-data id (``nhs_minimum``, ``dfg`` ...);
scheme types, areas of spend and providers by their canonical reference-data name.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

ONS_HWB_CODE = re.compile(r"^E(06|08|09|10)\d{6}$")
ONS_DISTRICT_CODE = re.compile(r"^E07\d{6}$")
FINANCIAL_YEAR = re.compile(r"^(20\d\d)-(\d\d)$")

AREA_KINDS = {
    "E06": "unitary authority",
    "E08": "metropolitan borough",
    "E09": "London borough",
    "E10": "county (two-tier)",
}


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def normalise_year(text: str) -> str:
    """'2025/26', '2025-2026', '2025 to 2026', 'FY2025-26' -> '2025-26'. Raises ValueError."""
    s = str(text).strip()
    m = re.search(r"(20\d\d)\s*(?:-|/|–|to|_)\s*(20)?(\d\d)\b", s)
    if not m:
        raise ValueError(f"'{text}' is not a financial year such as 2025-26")
    start = int(m.group(1))
    end = int(m.group(3))
    if (start + 1) % 100 != end:
        raise ValueError(f"'{text}' is not a financial year: the second year must follow the first")
    return f"{start}-{end:02d}"


def year_start(year: str) -> int:
    return int(normalise_year(year)[:4])


def year_label(start: int) -> str:
    return f"{start}-{(start + 1) % 100:02d}"


class CellRef(Frozen):
    """Where a value came from, so a message can name it."""

    sheet: str
    cell: str  # e.g. "D12"; a whole row is "12", a column header "D7"


class HWBArea(Frozen):
    code: str
    name: str
    icbs: tuple[str, ...] = ()

    @field_validator("code")
    @classmethod
    def _code(cls, v: str) -> str:
        v = str(v).strip().upper()
        if not ONS_HWB_CODE.match(v):
            raise ValueError(
                f"'{v}' is not a Health and Wellbeing Board area code: expected E06, E08, E09 or E10 "
                "followed by six digits (for example E06000001)"
            )
        return v

    @field_validator("name")
    @classmethod
    def _name(cls, v: str) -> str:
        v = " ".join(str(v).split())
        if not v:
            raise ValueError("area name is empty")
        return v

    @property
    def kind(self) -> str:
        return AREA_KINDS[self.code[:3]]

    @property
    def two_tier(self) -> bool:
        return self.code.startswith("E10")


class FundingStream(Frozen):
    """A funding stream as described by the reference data for one planning year."""

    id: str
    name: str
    body: Literal["NHS", "LA"]
    mandatory: bool
    capital: bool = False
    aliases: tuple[str, ...] = ()
    national_total_gbp_m: float | None = None
    confirmed: bool = False
    source: str = ""
    note: str = ""


class IncomeLine(Frozen):
    stream: str  # funding stream id
    amount: float
    label: str = ""  # text as written in the workbook
    district: str | None = None  # DFG passed to a district (E07) in two-tier areas
    icb: str | None = None  # NHS minimum per ICB where an HWB spans several ICBs
    cell: CellRef | None = None


Commissioner = Literal["LA", "NHS", "Joint"]
NewExisting = Literal["New", "Existing"]


class ExpenditureLine(Frozen):
    scheme_id: str
    scheme_name: str
    description: str = ""
    scheme_type: str
    sub_type: str = ""
    area_of_spend: str = ""
    commissioner: Commissioner | None = None
    pct_nhs: float | None = None  # 0-100, only for Joint
    pct_la: float | None = None
    provider: str = ""
    source_of_funding: str  # funding stream id
    amount: float = Field(ge=0)  # £ in the plan's financial year
    planned_outputs: float | None = None
    output_unit: str = ""
    new_existing: NewExisting | None = None
    locality: str = ""  # blank = area-wide
    row: int | None = None  # 1-based row in the source sheet
    sheet: str | None = None
    cells: dict[str, str] = {}  # field name -> source cell, e.g. {"amount": "F12"}

    def cell(self, field: str = "amount") -> CellRef | None:
        """Where a field of this line was read from (the row's first cell when not known)."""
        if self.sheet is None or self.row is None:
            return None
        return CellRef(sheet=self.sheet, cell=self.cells.get(field) or f"A{self.row}")


class Locality(Frozen):
    name: str
    population: int = Field(ge=0)
    population_65_plus: int = Field(ge=0)
    emergency_admissions_65_plus: float | None = Field(default=None, ge=0)  # per year, count
    need_weight: float = Field(default=1.0, gt=0)
    district_code: str | None = None

    @model_validator(mode="after")
    def _older_within_total(self) -> Locality:
        if self.population_65_plus > self.population:
            raise ValueError(
                f"locality {self.name}: people aged 65+ ({self.population_65_plus:,}) exceed the "
                f"population ({self.population:,})"
            )
        return self


class Baselines(Frozen):
    """Local baseline rates where the area supplies them (per 100,000 of the relevant population)."""

    emergency_admissions_65_plus_per_100k: float | None = None
    falls_admissions_65_plus_per_100k: float | None = None
    care_home_admissions_65_plus_per_100k: float | None = None
    ae_attendances_per_100k: float | None = None
    mean_length_of_stay_days: float | None = None


class Plan(Frozen):
    """One HWB area's BCF plan (or allocation, with no expenditure lines) for one financial year."""

    area: HWBArea
    year: str
    income: tuple[IncomeLine, ...] = ()
    lines: tuple[ExpenditureLine, ...] = ()
    localities: tuple[Locality, ...] = ()
    baselines: Baselines = Baselines()
    minimum_nhs_asc_required: float | None = None  # required minimum NHS contribution to ASC, £
    illustrative: bool = False
    source_file: str = ""

    @field_validator("year")
    @classmethod
    def _year(cls, v: str) -> str:
        return normalise_year(v)

    def income_by_stream(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for inc in self.income:
            out[inc.stream] = out.get(inc.stream, 0.0) + inc.amount
        return out

    def spend_by_stream(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for line in self.lines:
            out[line.source_of_funding] = out.get(line.source_of_funding, 0.0) + line.amount
        return out

    @property
    def total_income(self) -> float:
        return round(sum(i.amount for i in self.income), 2)

    @property
    def total_expenditure(self) -> float:
        return round(sum(x.amount for x in self.lines), 2)


Severity = Literal["error", "warning"]


class Problem(Frozen):
    """Something a loader could not read (error) or read with a caveat (warning)."""

    severity: Severity
    file: str
    sheet: str | None = None
    cell: str | None = None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.sheet:
            where.append(f"sheet '{self.sheet}'")
        if self.cell:
            where.append(f"cell {self.cell}")
        return f"{', '.join(where)}: {self.message}"


WorkbookKind = Literal["allocations", "plan", "input-template"]


class LoadResult(Frozen):
    """What a workbook held: one plan per area (allocations have no expenditure lines)."""

    file: str
    kind: WorkbookKind
    year: str
    plans: tuple[Plan, ...]
    problems: tuple[Problem, ...] = ()

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "warning")

    @property
    def total_income(self) -> float:
        return round(sum(p.total_income for p in self.plans), 2)

    @property
    def total_expenditure(self) -> float:
        return round(sum(p.total_expenditure for p in self.plans), 2)


class LoadError(Exception):
    """A workbook could not be read. Carries every problem found in one pass."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]):
        self.problems = tuple(problems)
        super().__init__("; ".join(str(p) for p in self.problems) or "workbook could not be read")
