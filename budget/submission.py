"""What an area adds to its plan before it submits.

The goals it sets for the BCF metrics (with its own baselines where it has them), the seasonal shape of its
intermediate-care demand and its own split of hospital discharges by pathway, an assurance statement for each national
condition, and who signs the plan off.

A `Submission` travels with a scenario (``Scenario.submission``), so a scenario file, a saved scenario
and the app's current edit all carry it, and `bcf goals`, `bcf capacity` and `bcf export` read the same
answers the app shows. None of it changes what the model computes.
"""

import datetime as dt
from typing import Annotated, Literal, Self

from pydantic import AfterValidator, BaseModel, Field, ValidationError, model_validator

from budget.metrics import METRIC_IDS
from budget.models import MAX_COUNT, Frozen, Name, Text, number

# The three BCF metrics an area sets goals for (planning template names, from the register)
GOAL_METRIC_NAMES = METRIC_IDS
GoalMetric = Literal[METRIC_IDS]
MetricValue = number(0, MAX_COUNT, "a rate or a number of days, 0 or more (at most 1,000,000,000)")
MonthWeight = number(0, 100, "a monthly weight between 0 and 100")
Percent = number(0, 100, "a percentage between 0 and 100")
# What a plan can hold: the HWB chair, the council's chief executive and section 151 officer, one chief
# executive per ICB (an area's plan names one to three) and a few more the area adds; a year has a handful
# of national conditions, and answers to another year's conditions are kept.
MAX_SIGNATORIES = 20
MAX_ANSWERS = 20
AssuranceStatus = Literal["Not answered", "Met", "Partly met", "Not met"]
ASSURANCE_STATUSES: tuple[str, ...] = ("Not answered", "Met", "Partly met", "Not met")


def _on_or_after_2000(d: dt.date) -> dt.date:
    if not dt.date(2000, 1, 1) <= d <= dt.date(2100, 12, 31):
        raise ValueError("a date between 2000 and 2100")
    return d


SignOffDate = Annotated[dt.date, AfterValidator(_on_or_after_2000)]


class Baseline(Frozen):
    """A metric's baseline as the area states it: the figure, the period it describes and its source."""

    value: MetricValue
    period: Annotated[Name, Field(min_length=1)]  # e.g. "2024-25" or "Apr 2024 to Mar 2025"
    source: Annotated[Name, Field(min_length=1)]  # e.g. "SUS, local extract, June 2025"


class GoalSetting(Frozen):
    """The area's own goal for one metric, with its rationale; its own baseline where it has one.

    ``value`` None keeps the suggested goal (the baseline less the plan's P50 effect).
    """

    metric: GoalMetric
    value: MetricValue | None = None
    rationale: Text = ""
    baseline: Baseline | None = None


PATHWAYS = ("P0", "P1", "P2", "P3")  # hospital discharge pathways, as the capacity plan names them
SHARES_TOLERANCE = 0.5  # percentage points either side of 100 that pathway shares may add up to (rounding)


class PathwayShares(Frozen):
    """An area's own shares of hospital discharges by pathway, in per cent, with their source and period.

    Each is 0 to 100 and the four add up to 100 (within ``SHARES_TOLERANCE`` points, for rounding).
    """

    P0: Percent
    P1: Percent
    P2: Percent
    P3: Percent
    source: Name = ""  # e.g. "Acute trust discharge data, local extract"
    period: Name = ""  # e.g. "April 2024 to March 2025"

    @model_validator(mode="after")
    def _hundred(self) -> Self:
        total = sum(self.share(p) for p in PATHWAYS)
        if abs(total - 100.0) > SHARES_TOLERANCE:
            raise ValueError(f"pathway_shares add up to {total:g}%; the four shares must add up to 100% "
                             f"({100 - SHARES_TOLERANCE:g}% to {100 + SHARES_TOLERANCE:g}% allows for rounding)")
        return self

    def share(self, pathway: str) -> float:
        """The share of discharges on `pathway` ('P0' to 'P3'), in per cent."""
        return float(getattr(self, pathway))


class CapacitySettings(Frozen):
    """How intermediate-care demand falls over the plan year, and how discharges split between pathways.

    ``seasonal_profile`` holds twelve relative weights, April to March (None: the shipped profile).
    Only their shape matters: they are scaled to sum to twelve. ``pathway_shares`` is the area's own split
    of discharges by pathway (None: the shipped, observed England shares).
    """

    seasonal_profile: tuple[MonthWeight, ...] | None = None
    pathway_shares: PathwayShares | None = None

    @model_validator(mode="after")
    def _twelve_months(self) -> Self:
        p = self.seasonal_profile
        if p is not None:
            if len(p) != 12:
                raise ValueError(f"seasonal_profile needs 12 monthly weights, April to March, not {len(p)}")
            if sum(p) <= 0:
                raise ValueError("seasonal_profile needs at least one month above 0")
        return self


class Assurance(Frozen):
    """The area's answer to one national condition: a statement and a status."""

    condition: Annotated[Name, Field(min_length=1)]  # the reference data's code, e.g. "NC1"
    statement: Text = ""
    status: AssuranceStatus = "Not answered"


class Signatory(Frozen):
    """One person who signs the plan off, for one partner organisation."""

    role: Annotated[Name, Field(min_length=1)]  # e.g. "ICB chief executive", "Section 151 officer"
    organisation: Name = ""
    name: Name = ""
    signed_on: SignOffDate | None = None


class Submission(Frozen):
    """Everything an area adds to its plan for the submission; empty until it says otherwise."""

    goals: tuple[GoalSetting, ...] = ()
    capacity: CapacitySettings = CapacitySettings.model_construct()  # the defaults, without building a validator
    assurance: tuple[Assurance, ...] = ()
    sign_off: tuple[Signatory, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _bounded(cls, data: object) -> object:
        if isinstance(data, dict):
            for key, most, what, why in (
                    ("sign_off", MAX_SIGNATORIES, "signatories", "the HWB chair, the chief executives of the council "
                     "and each ICB, the section 151 officer and a few more"),
                    ("assurance", MAX_ANSWERS, "assurance statements", "one for each national condition")):
                rows = data.get(key)
                if isinstance(rows, (list, tuple)) and len(rows) > most:
                    raise ValueError(f"{len(rows):,} {what}, more than a plan can have ({most}: {why}); "
                                     f"remove the extra ones")
        return data

    @model_validator(mode="after")
    def _one_each(self) -> Self:
        for what, keys in (("goal for", [g.metric for g in self.goals]),
                           ("assurance for", [a.condition for a in self.assurance])):
            seen = set()
            for k in keys:
                if k in seen:
                    raise ValueError(f"more than one {what} {k}")
                seen.add(k)
        return self

    def goal(self, metric: str) -> GoalSetting | None:
        """The area's setting for a metric, or None."""
        return next((g for g in self.goals if g.metric == metric), None)

    def assurance_for(self, condition: str) -> Assurance | None:
        """The area's answer to a national condition, or None."""
        return next((a for a in self.assurance if a.condition == condition), None)

    def with_goal(self, setting: GoalSetting) -> Self:
        """A copy with `setting` in place of any earlier setting for its metric."""
        goals = tuple(g for g in self.goals if g.metric != setting.metric) + (setting,)
        order = {m: i for i, m in enumerate(GOAL_METRIC_NAMES)}
        return self.model_copy(update={"goals": tuple(sorted(goals, key=lambda g: order[g.metric]))})

    def with_assurance(self, answer: Assurance) -> Self:
        """A copy with `answer` in place of any earlier answer to its condition."""
        kept = tuple(a for a in self.assurance if a.condition != answer.condition)
        return self.model_copy(update={"assurance": kept + (answer,)})


# ---- what a person types, checked by the schema above, refused in sentences ------------------------
def entry(model: type[BaseModel], where: str, **fields) -> tuple[BaseModel | None, list[str]]:
    """`model` built from what a person typed in the boxes named `where`, or None and a sentence per refusal.

    Every box the pages offer for the submission (goals, baselines, statements, signatories) is checked by
    the same models a scenario file is, so a page never shows a validation error: it shows these sentences
    beside the box and keeps what was there before.

    Args:
        model: the Frozen model the boxes fill (GoalSetting, Baseline, Assurance, Signatory).
        where: what the boxes are for, e.g. "Section 151 officer"; starts each sentence.
        **fields: the model's fields as typed.
    """
    try:
        return model(**fields), []
    except ValidationError as e:
        return None, [refusal(where, err, model.__name__) for err in e.errors()]


FIELD_WORDS = {
    "Baseline.value": "baseline",
    "GoalSetting.value": "goal",
    "period": "period it covers",
    "source": "source",
    "rationale": "rationale",
    "statement": "assurance statement",
    "status": "status",
    "name": "name",
    "organisation": "organisation",
    "signed_on": "date signed",
    "role": "role",
}


def refusal(where: str, err: dict, model: str = "") -> str:
    """One pydantic error as a sentence: the box, what is wrong, and that nothing was changed."""
    field = next((str(p) for p in reversed(err["loc"]) if isinstance(p, str)), "")
    words = FIELD_WORDS.get(f"{model}.{field}", FIELD_WORDS.get(field, field.replace("_", " ")))
    message = err["msg"].removeprefix("Value error, ")
    if err["type"] == "string_too_long":
        message = f"is longer than {err['ctx']['max_length']:,} characters; shorten it"
    return f"{where}, {words}: {message}. It was not changed."


# ---- how the submission copy writes the area's entries, so that its reader finds them again --------
# (reports.returns.goals_table and reports.capacity_table.capacity_table write them; budget.readers.submission
# reads them back into a Submission)
SET_BY_AREA = "The area"  # in "Goal set by", "Baseline set by" and "Rationale by": the area's own entry
GOAL_SUGGESTED = "Suggested (the plan year's forecast, P50)"
BASELINE_SHIPPED = "BCF Planner (the plan's baseline figures)"
RATIONALE_WRITTEN = "BCF Planner (from the model run)"
GOAL_COLUMNS = ("Metric", "Unit", "Baseline", "Baseline period", "Baseline source", "Baseline set by",
                "Plan effect: P10", "Plan effect: P50", "Plan effect: P90", "Goal", "Goal set by", "Q1 (Apr to Jun)",
                "Q2 (Jul to Sep)", "Q3 (Oct to Dec)", "Q4 (Jan to Mar)", "Rationale", "Rationale by")
PROFILE_ROW = "Seasonal profile (the area's own)"  # the Capacity and demand row holding the area's weights
PROFILE_MEASURE = "Weight"
# the area's own pathway shares: a row per pathway with the per cent in the Year column, then its source and period
SHARE_ROWS = {p: f"{p} share of discharges (the area's own)" for p in PATHWAYS}
SHARE_MEASURE = "Per cent"
SHARE_SOURCE_ROW = "Pathway shares: source (the area's own)"
SHARE_PERIOD_ROW = "Pathway shares: period (the area's own)"
SHARE_TEXT_MEASURE = "Text"
SIGN_OFF_COLUMNS = ("Role", "Organisation", "Name", "Date signed")


def read_back_words(submission: Submission) -> str:
    """What a submission copy brought back, in words.

    Returns:
        E.g. "2 goals, 3 assurance statements, 2 signatories", and "the area's seasonal profile" and "the
        area's pathway shares" when it set them.
    """
    def n(count: int, one: str, many: str) -> str:
        return f"{count} {one if count == 1 else many}"

    parts = [n(len(submission.goals), "goal", "goals"),
             n(len(submission.assurance), "assurance statement", "assurance statements"),
             n(len(submission.sign_off), "signatory", "signatories")]
    if submission.capacity.seasonal_profile is not None:
        parts.append("the area's seasonal profile")
    if submission.capacity.pathway_shares is not None:
        parts.append("the area's pathway shares")
    return ", ".join(parts)


def _complete_load_result() -> None:
    """Give ``budget.models.LoadResult.submission`` its type, which budget.models cannot import."""
    from budget.models import LoadResult

    # where pydantic looks for the names a field's type uses when it builds LoadResult's validator, on first use
    LoadResult.__pydantic_parent_namespace__ = {**(LoadResult.__pydantic_parent_namespace__ or {}),
                                                "Submission": Submission}


_complete_load_result()
