import pytest
from pydantic import ValidationError

from budget.models import (
    Baselines,
    ExpenditureLine,
    HWBArea,
    IncomeLine,
    Locality,
    Plan,
    financial_year,
    normalise_year,
    year_after,
    year_start,
)


@pytest.mark.parametrize("code", ["E06000001", "E08000025", "E09000001", "E10000014", " e06000047 "])
def test_valid_hwb_codes(code):
    assert HWBArea(code=code, name="X").code == code.strip().upper()


@pytest.mark.parametrize("code", ["E07000008", "E060000011", "E0600001", "W06000001", "E11000001", "", "E06-000001"])
def test_invalid_hwb_codes_are_refused_with_a_sentence(code):
    with pytest.raises(ValidationError) as e:
        HWBArea(code=code, name="X")
    assert "E06, E08, E09 or E10" in str(e.value)


def test_area_kind_and_two_tier():
    assert HWBArea(code="E10000014", name="Hampshire").two_tier
    assert not HWBArea(code="E06000001", name="Hartlepool").two_tier
    assert HWBArea(code="E09000011", name="Greenwich").kind == "London borough"


@pytest.mark.parametrize("text,expected", [
    ("2025-26", "2025-26"), ("2025/26", "2025-26"), ("2025-2026", "2025-26"), ("FY 2025 to 2026", "2025-26"),
    ("Expenditure 2024-25 (£)", "2024-25"), ("2099-00", "2099-00"),
])
def test_normalise_year(text, expected):
    assert normalise_year(text) == expected


@pytest.mark.parametrize("text", ["2025-27", "twenty", "2025", "1999-00"])
def test_normalise_year_refuses(text):
    with pytest.raises(ValueError):
        normalise_year(text)


def test_plan_totals_and_groupings():
    area = HWBArea(code="E06000001", name="Hartlepool")
    plan = Plan(
        area=area, year="2025/26",
        income=(IncomeLine(stream="nhs_minimum", amount=100.5), IncomeLine(stream="dfg", amount=20.0),
                IncomeLine(stream="nhs_minimum", amount=0.25)),
        lines=(ExpenditureLine(scheme_id="1", scheme_name="A", scheme_type="Carers Services",
                               source_of_funding="nhs_minimum", amount=60.0),
               ExpenditureLine(scheme_id="2", scheme_name="B", scheme_type="DFG Related Schemes",
                               source_of_funding="dfg", amount=20.0)),
    )
    assert plan.year == "2025-26"
    assert plan.total_income == 120.75
    assert plan.total_expenditure == 80.0
    assert plan.income_by_stream() == {"nhs_minimum": 100.75, "dfg": 20.0}
    assert plan.spend_by_stream() == {"nhs_minimum": 60.0, "dfg": 20.0}


def test_negative_spend_refused_and_models_frozen():
    with pytest.raises(ValidationError):
        ExpenditureLine(scheme_id="1", scheme_name="A", scheme_type="Other", source_of_funding="dfg", amount=-1)
    loc = Locality(name="North", population=1000, population_65_plus=200)
    with pytest.raises(ValidationError):
        loc.population = 5  # type: ignore[misc]


def test_locality_older_people_cannot_exceed_population():
    with pytest.raises(ValidationError, match="exceed"):
        Locality(name="North", population=100, population_65_plus=200)


LINE = dict(scheme_id="1", scheme_name="A", scheme_type="Carers Services", source_of_funding="nhs_minimum", amount=60.0)


@pytest.mark.parametrize("model, data, field", [
    (ExpenditureLine, {**LINE, "amount": float("nan")}, "amount"),
    (ExpenditureLine, {**LINE, "amount": float("inf")}, "amount"),
    (ExpenditureLine, {**LINE, "amount": 1e308}, "amount"),
    (ExpenditureLine, {**LINE, "pct_nhs": 150}, "pct_nhs"),
    (ExpenditureLine, {**LINE, "pct_la": float("nan")}, "pct_la"),
    (ExpenditureLine, {**LINE, "planned_outputs": float("-inf")}, "planned_outputs"),
    (ExpenditureLine, {**LINE, "planned_outputs": -3}, "planned_outputs"),
    (ExpenditureLine, {**LINE, "scheme_name": "Bad\x00name"}, "scheme_name"),
    (ExpenditureLine, {**LINE, "locality": "North\x1b"}, "locality"),
    (ExpenditureLine, {**LINE, "scheme_id": "x" * 100_000}, "scheme_id"),
    (IncomeLine, {"stream": "dfg", "amount": float("nan")}, "amount"),
    (IncomeLine, {"stream": "dfg", "amount": -1}, "amount"),
    (IncomeLine, {"stream": "dfg", "amount": 1e308}, "amount"),
    (Locality, {"name": "N", "population": 10, "population_65_plus": 1, "need_weight": float("nan")}, "need_weight"),
    (Locality, {"name": "N", "population": 10, "population_65_plus": 1, "need_weight": float("inf")}, "need_weight"),
    (Locality, {"name": "N", "population": True, "population_65_plus": 1}, "population"),
    (Locality, {"name": "N", "population": 10, "population_65_plus": 1,
                "emergency_admissions_65_plus": float("nan")}, "emergency_admissions_65_plus"),
    (Locality, {"name": "N\x07", "population": 10, "population_65_plus": 1}, "name"),
    (Baselines, {"emergency_admissions_65_plus_per_100k": float("nan")}, "emergency_admissions_65_plus_per_100k"),
    (Baselines, {"mean_length_of_stay_days": -1}, "mean_length_of_stay_days"),
    (Baselines, {"ae_attendances_per_100k": 1e308}, "ae_attendances_per_100k"),
    (HWBArea, {"code": "E06000001", "name": "Hartle\x00pool"}, "name"),
])
def test_stored_plan_values_are_checked_as_the_readers_check_them(model, data, field):
    with pytest.raises(ValidationError) as e:
        model.model_validate(data)
    assert field in [str(err["loc"][0]) for err in e.value.errors()], e.value.errors()


def test_a_stored_plan_with_a_bad_value_is_refused():
    from budget.demo import demo_plan

    doc = demo_plan().model_dump(mode="json")
    doc["lines"][0]["amount"] = float("nan")
    doc["minimum_nhs_asc_required"] = float("inf")
    with pytest.raises(ValidationError) as e:
        Plan.model_validate(doc)
    assert {err["loc"][:3] for err in e.value.errors()} == {("lines", 0, "amount"), ("minimum_nhs_asc_required",)}


@pytest.mark.parametrize(("year", "years", "expected"), [
    ("2025-26", 1, "2026-27"), ("2025-26", 0, "2025-26"), ("2025-26", -1, "2024-25"), ("2099-00", 1, "2100-01"),
    ("2025/26", 4, "2029-30"), ("FY2024-2025", 1, "2025-26"),
])
def test_financial_years_follow_one_another(year, years, expected):
    assert year_after(year, years) == expected


def test_a_financial_year_starts_in_its_first_calendar_year():
    assert year_start("2026-27") == 2026 and year_start("2026/2027") == 2026
    assert financial_year(2029) == "2029-30" and financial_year(2099) == "2099-00"
    with pytest.raises(ValueError):
        year_start("26-27")

