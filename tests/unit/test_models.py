import pytest
from pydantic import ValidationError

from budget.models import ExpenditureLine, HWBArea, IncomeLine, Locality, Plan, normalise_year


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
