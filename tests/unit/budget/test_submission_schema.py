"""What the submission schema takes from a scenario file, a stored scenario or a page's boxes, and how it
says what it refuses."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from budget.submission import (
    MAX_ANSWERS,
    MAX_SIGNATORIES,
    Assurance,
    Baseline,
    GoalSetting,
    Signatory,
    Submission,
    entry,
)


def test_true_is_not_read_as_a_goal_of_one():
    with pytest.raises(ValidationError, match="found true, expected a rate"):
        GoalSetting.model_validate({"metric": "discharge_delay", "value": True})
    assert GoalSetting.model_validate({"metric": "discharge_delay", "value": 1}).value == 1.0


@pytest.mark.parametrize("mark", ["\u202e", "\u202d", "\u2066", "\u2067", "\u2068", "\u2069", "\u202a"])
def test_direction_overrides_are_refused_in_names_and_statements(mark):
    with pytest.raises(ValidationError, match=f"U\\+{ord(mark):04X}"):
        Signatory(role="Section 151 officer", name=f"Jane {mark}Smith")
    with pytest.raises(ValidationError, match="changes the direction"):
        Assurance(condition="NC1", statement=f"Met {mark}in full")
    assert Signatory(role="Section 151 officer", name="جين سميث").name == "جين سميث"  # right-to-left script is fine


def test_signatories_and_answers_are_bounded_with_a_sentence():
    ok = Submission(sign_off=tuple(Signatory(role=f"Partner {i}") for i in range(MAX_SIGNATORIES)))
    assert len(ok.sign_off) == MAX_SIGNATORIES
    with pytest.raises(ValidationError, match=f"3,000 signatories, more than a plan can have \\({MAX_SIGNATORIES}"):
        Submission.model_validate({"sign_off": [{"role": "Partner"}] * 3000})
    with pytest.raises(ValidationError, match=f"more than a plan can have \\({MAX_ANSWERS}: one for each"):
        Submission.model_validate({"assurance": [{"condition": f"NC{i}"} for i in range(MAX_ANSWERS + 1)]})


def test_entry_gives_a_sentence_per_refusal_naming_the_box():
    made, said = entry(Signatory, "Section 151 officer", role="Section 151 officer", name="Jane\tSmith")
    assert made is None
    assert said == ["Section 151 officer, name: contains a tab (pasting two spreadsheet cells gives one); remove it. "
                    "It was not changed."]
    made, said = entry(GoalSetting, "Discharge delay", metric="discharge_delay", value=5e9)
    assert made is None and said == ["Discharge delay, goal: found 5,000,000,000, expected a rate or a number of "
                                     "days, 0 or more (at most 1,000,000,000). It was not changed."]
    made, said = entry(Baseline, "Own baseline", value=1e300, period="2024-25", source="x" * 1001)
    assert made is None and len(said) == 2
    assert (
        said[0].startswith("Own baseline, baseline: found 1e+300")
        and "found 1e+300" in said[0]
        and "longer than 1,000 characters" in said[1]
    )
    made, said = entry(Assurance, "NC1", condition="NC1", statement="Met in full", status="Met")
    assert made == Assurance(condition="NC1", statement="Met in full", status="Met") and said == []
