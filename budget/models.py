"""Domain types for a Better Care Fund plan.

Every boundary between layers passes these frozen pydantic models, never dicts of dicts. Money is
held as float pounds (openpyxl reads and writes IEEE doubles, so a written plan reads back exactly).
Funding streams are referred to by their stable reference-data id (``nhs_minimum``, ``dfg`` ...);
scheme types, areas of spend and providers by their canonical reference-data name.
"""

import math
import re
from typing import Annotated, Literal, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from budget.money import gbp
from budget.provenance import PublicText

ONS_HWB_CODE = re.compile(r"^E(06|08|09|10)\d{6}$")
ONS_DISTRICT_CODE = re.compile(r"^E07\d{6}$")

AREA_KINDS = {
    "E06": "unitary authority",
    "E08": "metropolitan borough",
    "E09": "London borough",
    "E10": "county (two-tier)",
}


# ---- checked field types ------------------------------------------------------------------------
# The limits a workbook reader applies to a cell, held by the models themselves so that a plan or a
# scenario read from anywhere else (a stored plan, a scenario file, an import) meets them too.
MAX_GBP = 1_000_000_000.0  # the national template restricts amounts to £0-£1,000,000,000
MAX_COUNT = 1_000_000_000.0  # people, outputs, admissions
MAX_NAME_CHARS = 1_000  # a name, an id, a label: one line
MAX_TEXT_CHARS = 10_000  # a description or a note: may run over several lines
MAX_CELL_CHARS = 32_767 + 100  # text read from one workbook cell (Excel's limit), with a short prefix
MAX_SEED = 2**32 - 1
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_EXCEPT_LINES = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _shown(x: object) -> str:
    if isinstance(x, float) and math.isfinite(x):
        return f"{x:,.15g}" if abs(x) < 1e15 else f"{x:g}"
    return str(x)


def _finite(x: float, expected: str) -> float:
    if not math.isfinite(x):
        raise ValueError(f"found {_shown(x)}, expected {expected}")
    return x


AMOUNT_EXPECTED = "an amount in pounds such as 1,234.50"


def negative_amount(shown: str) -> str:
    """The message for a negative amount, `shown` as it was written."""
    return f"found a negative amount ({shown}), expected an amount of £0 or more"


def amount_too_large(x: float) -> str:
    """The message for an amount over £1bn, which suggests pence were entered as pounds."""
    shown = gbp(x) if x < 1e15 else f"£{x:g}"
    return f"found {shown}, more than £1,000,000,000: check the units (pounds, not pence)"


def _money(x: float) -> float:
    _finite(x, AMOUNT_EXPECTED)
    if x < 0:
        raise ValueError(negative_amount(_shown(x)))
    if x > MAX_GBP:
        raise ValueError(amount_too_large(x))
    return x


def _positive_money(x: float) -> float:
    _money(x)
    if x == 0:
        raise ValueError("found £0, expected an amount above £0")
    return x


def between(low: float, high: float, expected: str, *, above_low: bool = False) -> AfterValidator:
    """A check that a number is finite and within [low, high] (or (low, high] with ``above_low``)."""

    def check(x: float) -> float:
        _finite(x, expected)
        if x < low or x > high or (above_low and x == low):
            raise ValueError(f"found {_shown(x)}, expected {expected}")
        return x

    return AfterValidator(check)


def not_a_bool(v: object, expected: str = "a whole number") -> object:
    """Return `v` unchanged unless it is True or False, which is refused where a number is expected."""
    if isinstance(v, bool):
        raise ValueError(f"found {str(v).lower()}, expected {expected}")
    return v


def number(low: float, high: float, expected: str) -> object:
    """A finite number within [low, high]; true/false are refused rather than read as 1/0."""
    return Annotated[float, BeforeValidator(lambda v: not_a_bool(v, expected)), between(low, high, expected)]


_CHARACTER_NAMES = {"\t": "a tab (pasting two spreadsheet cells gives one)", "\n": "a line break",
                    "\r": "a line break", "\x00": "a null byte", "\x1b": "an escape character"}
# Characters that reverse or isolate the direction of the text after them: they can make a name read
# differently from what it holds (U+202A to U+202E, U+2066 to U+2069)
_DIRECTION = re.compile(r"[\u202a-\u202e\u2066-\u2069]")


def _control_message(found: str) -> str:
    what = _CHARACTER_NAMES.get(found, f"a control character (U+{ord(found):04X})")
    return f"contains {what}; remove it"


def _no_direction_marks(v: str) -> str:
    m = _DIRECTION.search(v)
    if m:
        raise ValueError(f"contains a character that changes the direction of the text after it "
                         f"(U+{ord(m.group()):04X}), which can disguise what it says; remove it")
    return v


def _one_line(v: str) -> str:
    if not v.isprintable():
        m = _CONTROL.search(v)
        if m:
            raise ValueError(_control_message(m.group()))
        _no_direction_marks(v)
    return v


def _lines(v: str) -> str:
    if not v.isprintable():
        m = _CONTROL_EXCEPT_LINES.search(v)
        if m:
            raise ValueError(_control_message(m.group()))
        _no_direction_marks(v)
    return v


def whole(low: int, high: int, expected: str):
    """A whole number within [low, high]; true/false are refused rather than read as 1/0."""
    return Annotated[int, BeforeValidator(not_a_bool), between(low, high, expected)]


Money = Annotated[float, AfterValidator(_money)]  # £0-£1bn
PositiveMoney = Annotated[float, AfterValidator(_positive_money)]  # above £0, up to £1bn
Percent = Annotated[float, between(0, 100, "a percentage between 0 and 100")]
Share = Annotated[float, between(0, 1, "a share between 0 and 1")]
Count = Annotated[float, between(0, MAX_COUNT, "a count of 0 or more (at most 1,000,000,000)")]
People = whole(0, int(MAX_COUNT), "a number of people, 0 or more")
RowNumber = whole(1, 100_000_000, "a row number of 1 or more")
Rate100k = Annotated[float, between(0, MAX_COUNT, "a rate per 100,000 of 0 or more")]
Days = Annotated[float, between(0, MAX_COUNT, "a number of days, 0 or more")]
Weight = Annotated[float, between(0, 1_000_000, "a weighting above 0", above_low=True)]
DeprivationScore = Annotated[float, between(0, 100, "an Index of Multiple Deprivation average score from 0 to 100")]
Name = Annotated[str, Field(max_length=MAX_NAME_CHARS), AfterValidator(_one_line)]
Text = Annotated[str, Field(max_length=MAX_TEXT_CHARS), AfterValidator(_lines)]
CellText = Annotated[str, Field(max_length=MAX_CELL_CHARS), AfterValidator(_one_line)]  # labels kept as written


class Frozen(BaseModel):
    """Base of the domain types: immutable, and unknown fields are refused."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


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
    """The calendar year a financial year starts in: '2025-26' -> 2025."""
    return int(normalise_year(year)[:4])


def financial_year(start: int) -> str:
    """The financial year that starts in a calendar year: 2025 -> '2025-26'."""
    return f"{start}-{(start + 1) % 100:02d}"


def year_after(year: str, years: int = 1) -> str:
    """The financial year some years after another (before it, for a negative number): '2025-26', 1 -> '2026-27'."""
    return financial_year(year_start(year) + years)


# the plan as submitted: the name of the reference every scenario is measured against
REFERENCE_NAME = "Plan as submitted"
# how a line with no locality, and the group of such lines, is named on pages, tables and the command line
AREA_WIDE = "Area-wide"


class CellRef(Frozen):
    """Where a value came from, so a message can name it."""

    sheet: str
    cell: str  # e.g. "D12"; a whole row is "12", a column header "D7"


def not_hwb_code(code: str) -> str:
    """The message for a value that is not a Health and Wellbeing Board area code."""
    return (f"'{code}' is not a Health and Wellbeing Board area code: expected E06, E08, E09 or E10 "
            "followed by six digits (for example E06000001)")


class HWBArea(Frozen):
    """A Health and Wellbeing Board area: its ONS code, its name and the ICBs it spans."""

    code: CellText
    name: CellText
    icbs: tuple[CellText, ...] = ()

    @field_validator("code")
    @classmethod
    def _code(cls, v: str) -> str:
        v = str(v).strip().upper()
        if not ONS_HWB_CODE.match(v):
            raise ValueError(not_hwb_code(v))
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
        """The kind of council, from the code's prefix (unitary, metropolitan, London borough, county)."""
        return AREA_KINDS[self.code[:3]]

    @property
    def two_tier(self) -> bool:
        """True for a county (E10), where districts deliver the Disabled Facilities Grant."""
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
    source: PublicText = ""
    note: str = ""


class IncomeLine(Frozen):
    """An amount of income from one funding stream, with the cell it was read from."""

    stream: CellText  # funding stream id ('unknown:' and the label when not a known stream)
    amount: Money
    label: CellText = ""  # text as written in the workbook
    district: CellText | None = None  # DFG passed to a district (E07) in two-tier areas
    icb: CellText | None = None  # NHS minimum per ICB where an HWB spans several ICBs
    cell: CellRef | None = None


Commissioner = Literal["LA", "NHS", "Joint"]
NewExisting = Literal["New", "Existing"]


class ExpenditureLine(Frozen):
    """One scheme's spend in a plan, with the cells each field was read from.

    It says what the money buys, who commissions it, its funding stream, amount, outputs and locality.
    """

    scheme_id: Name
    scheme_name: Name
    description: Text = ""
    scheme_type: Name
    sub_type: Name = ""
    scheme_type_other: Name = ""  # what the scheme is, where its type is "Other"
    area_of_spend: Name = ""
    area_of_spend_other: Name = ""  # what the area of spend is, where it is "Other"
    commissioner: Commissioner | None = None
    pct_nhs: Percent | None = None  # 0-100, only for Joint
    pct_la: Percent | None = None
    provider: Name = ""
    source_of_funding: Name  # funding stream id
    amount: Money  # £ in the plan's financial year
    planned_outputs: Count | None = None
    output_unit: Name = ""
    new_existing: NewExisting | None = None
    locality: Name = ""  # blank = area-wide
    row: RowNumber | None = None  # 1-based row in the source sheet
    sheet: Name | None = None
    cells: dict[Name, Name] = {}  # field name -> source cell, e.g. {"amount": "F12"}

    def cell(self, field: str = "amount") -> CellRef | None:
        """Where a field of this line was read from (the row's first cell when not known)."""
        if self.sheet is None or self.row is None:
            return None
        return CellRef(sheet=self.sheet, cell=self.cells.get(field) or f"A{self.row}")


class Locality(Frozen):
    """A locality within the area: its population by age, deprivation, admissions and need weighting.

    ``need_weight`` is a weight typed by the area, which overrides the one ``budget.need`` computes from
    the people aged 65+ and 85+ and the deprivation score; None when not typed.
    """

    name: Name
    population: People
    population_65_plus: People
    emergency_admissions_65_plus: Count | None = None  # per year, count
    need_weight: Weight | None = None
    district_code: Name | None = None
    population_85_plus: People | None = None
    deprivation_score: DeprivationScore | None = None  # Index of Multiple Deprivation average score

    @model_validator(mode="after")
    def _older_within_total(self) -> Self:
        if self.population_65_plus > self.population:
            raise ValueError(
                f"locality {self.name}: people aged 65+ ({self.population_65_plus:,}) exceed the "
                f"population ({self.population:,})"
            )
        if self.population_85_plus is not None and self.population_85_plus > self.population_65_plus:
            raise ValueError(
                f"locality {self.name}: people aged 85+ ({self.population_85_plus:,}) exceed the people aged 65+ "
                f"({self.population_65_plus:,})"
            )
        return self


class Baselines(Frozen):
    """Local baseline rates where the area supplies them (per 100,000 of the relevant population)."""

    emergency_admissions_65_plus_per_100k: Rate100k | None = None
    falls_admissions_65_plus_per_100k: Rate100k | None = None
    care_home_admissions_65_plus_per_100k: Rate100k | None = None
    ae_attendances_per_100k: Rate100k | None = None
    mean_length_of_stay_days: Days | None = None


class Plan(Frozen):
    """One HWB area's BCF plan (or allocation, with no expenditure lines) for one financial year."""

    area: HWBArea
    year: Name
    income: tuple[IncomeLine, ...] = ()
    lines: tuple[ExpenditureLine, ...] = ()
    localities: tuple[Locality, ...] = ()
    baselines: Baselines = Baselines.model_construct()  # every rate unset; made without building a validator
    minimum_nhs_asc_required: Money | None = None  # required minimum NHS contribution to ASC, £
    illustrative: bool = False
    source_file: Name = ""

    @field_validator("year")
    @classmethod
    def _year(cls, v: str) -> str:
        return normalise_year(v)

    def income_by_stream(self) -> dict[str, float]:
        """Income summed by funding stream id."""
        out: dict[str, float] = {}
        for inc in self.income:
            out[inc.stream] = out.get(inc.stream, 0.0) + inc.amount
        return out

    def spend_by_stream(self) -> dict[str, float]:
        """Expenditure summed by the funding stream id each line is paid from."""
        out: dict[str, float] = {}
        for line in self.lines:
            out[line.source_of_funding] = out.get(line.source_of_funding, 0.0) + line.amount
        return out

    @property
    def total_income(self) -> float:
        """All income, to the penny."""
        return round(sum(i.amount for i in self.income), 2)

    @property
    def total_expenditure(self) -> float:
        """All expenditure, to the penny."""
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
        """The problem as one sentence: file, sheet and cell where known, then the message."""
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
    year: str  # the year read
    plans: tuple[Plan, ...]
    problems: tuple[Problem, ...] = ()
    years: tuple[str, ...] = ()  # every year the workbook holds figures for; a 2023-25 plan holds two
    # What the area added for its submission, read from a submission copy (budget.readers.submission);
    # None when the workbook is not one. The type is budget.submission's, which builds on this module:
    # it completes this field when it is imported (the readers import it), so there is no import cycle.
    submission: "Submission | None" = None  # noqa: F821

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """The problems that are warnings (the workbook read, with a caveat)."""
        return tuple(p for p in self.problems if p.severity == "warning")

    @property
    def total_income(self) -> float:
        """Income over every plan in the workbook, to the penny."""
        return round(sum(p.total_income for p in self.plans), 2)

    @property
    def total_expenditure(self) -> float:
        """Expenditure over every plan in the workbook, to the penny."""
        return round(sum(p.total_expenditure for p in self.plans), 2)

    def one_plan(self, area: str | None = None) -> Plan:
        """The plan of area code `area`, else the only one with expenditure lines or localities.

        Raises:
            ValueError: no area `area` here, no plan with lines or localities, or several and no `area`; the
                sentence names the areas held (ten at most) and, for several, how to choose one (--area CODE).
        """
        if area:
            found = [p for p in self.plans if p.area.code == area.strip().upper()]
            if not found:
                raise ValueError(f"no area {area} in this workbook (areas: {_codes(self.plans)})")
            return found[0]
        found = [p for p in self.plans if p.lines or p.localities]
        if not found:
            raise ValueError("the workbook holds no plan with expenditure lines or localities")
        if len(found) > 1:
            raise ValueError(f"the workbook holds {len(found)} areas ({_codes(found)}); choose one with --area CODE")
        return found[0]


def _codes(plans: tuple[Plan, ...] | list[Plan], most: int = 10) -> str:
    """The area codes of `plans`, `most` at most, then ' ...' when there are more."""
    return ", ".join(p.area.code for p in plans[:most]) + (" ..." if len(plans) > most else "")


class LoadError(Exception):
    """A workbook could not be read. Carries every problem found in one pass."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]):
        """Keep `problems`; the message joins them all."""
        self.problems = tuple(problems)
        super().__init__("; ".join(str(p) for p in self.problems) or "workbook could not be read")
