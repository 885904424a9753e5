import pytest

from budget.demo import demo_plan
from budget.edits import EditError, apply_line_edits
from budget.reference import load_reference


@pytest.fixture(scope="module")
def plan():
    return demo_plan()


def test_edits_change_only_what_was_edited(plan):
    ref = load_reference(plan.year)
    new = apply_line_edits(plan.lines, {"0": {"Expenditure (£)": 123_456.789, "Locality": "Area-wide"},
                                        "3": {"Source of funding": "Additional LA Contribution"},
                                        "5": {"Scheme type": "Carers Services"}}, ref,
                           tuple(x.name for x in plan.localities))
    assert new[0].amount == 123_456.79 and new[0].locality == ""
    assert new[3].source_of_funding == "additional_la"
    assert new[5].scheme_type == "Carers Services" and new[5].output_unit == "Number of beneficiaries"
    assert new[5].sub_type == ""  # the old sub type does not belong to the new scheme type
    assert [x for i, x in enumerate(new) if i not in (0, 3, 5)] == [
        x for i, x in enumerate(plan.lines) if i not in (0, 3, 5)
    ]


@pytest.mark.parametrize("edit,fragment", [
    ({"Expenditure (£)": -5}, "£0 or more"), ({"Scheme type": "Magic"}, "not a 2026-27 scheme type"),
    ({"Source of funding": "Lottery"}, "not a 2026-27 funding stream"), ({"Locality": "Atlantis"}, "localities"),
    ({"Planned outputs": -1}, "negative"),
])
def test_bad_edits_are_refused_whole(plan, edit, fragment):
    ref = load_reference(plan.year)
    with pytest.raises(EditError, match=fragment):
        apply_line_edits(plan.lines, {"1": edit, "0": {"Expenditure (£)": 1.0}}, ref,
                         tuple(x.name for x in plan.localities))
