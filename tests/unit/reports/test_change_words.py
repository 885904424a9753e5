"""A change in every outcome of the register in words: more or fewer, never a negative 'avoided' or 'saved'."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from budget.money import gbp
from reports.change_words import NO_CHANGE, change_words, level_range_words, level_words, range_words
from scenarios.outcomes import BY_NAME, CHANGE_OUTCOMES, REGISTER

NAMES = [o.name for o in REGISTER]
COUNTS = [o for o in REGISTER if not o.money]


def test_every_outcome_in_the_register_has_its_words():
    assert all(o.one and o.many for o in REGISTER)


def test_the_issues_examples():
    assert change_words("emergency_admissions_avoided", -1) == "1 more admission"
    assert change_words("home_care_hours_saved", -2349) == "2,349 fewer home-care hours saved"
    assert change_words("emergency_admissions_avoided", 106.2) == "106 fewer admissions"
    assert change_words("bed_days_saved", 2) == "2 more hospital bed days saved"
    assert change_words("spend_gbp", -1_200_000) == "£1.2m less spent"
    assert change_words("net_saving_gbp", 2_500_000) == "£2.5m more saved after spend"


@pytest.mark.parametrize("o", COUNTS, ids=lambda o: o.name)
def test_every_count_both_signs_zero_one_and_many(o):
    up, down = change_words(o.name, 3), change_words(o.name, -3)
    assert up.endswith(o.many) and down.endswith(o.many)
    assert {up.split()[1], down.split()[1]} == {"more", "fewer"}
    assert up.split()[1] == ("fewer" if o.avoids else "more")
    assert change_words(o.name, 1).endswith(" " + o.one) and change_words(o.name, -1.2).endswith(" " + o.one)
    assert change_words(o.name, 0) == change_words(o.name, 0.4) == change_words(o.name, -0.4) == NO_CHANGE


@pytest.mark.parametrize("name", [o.name for o in REGISTER if o.money])
def test_every_money_outcome_more_or_less(name):
    assert change_words(name, 5_000).startswith("£5,000 more")
    assert change_words(name, -5_000).startswith("£5,000 less")
    assert change_words(name, 0.2) == NO_CHANGE


@given(name=st.sampled_from(NAMES), x=st.floats(-1e9, 1e9, allow_nan=False))
def test_no_minus_sign_and_no_negative_avoided_or_saved(name, x):
    words = change_words(name, x)
    assert "−" not in words and "-" not in words.replace("home-care", "").replace("care-home", "").replace(
        "delayed-discharge", "").replace("non-cashable", "")
    assert not re.search(r"(avoided|saved) [−-]", words)
    assert words == NO_CHANGE or re.match(r"£?[\d,.]+m? (more|fewer|less) ", words)
    # the opposite change is said the opposite way, with the same figure
    opposite = change_words(name, -x)
    if words != NO_CHANGE:
        assert words.split()[0] == opposite.split()[0] and words.split()[1] != opposite.split()[1]


def test_ranges_and_levels():
    assert range_words("care_home_admissions_avoided", -3, 1) == (
        "from 3 more care-home admissions to 1 fewer care-home admission")
    assert level_words("net_saving_gbp", -112_518_152, gbp) == "£112,518,152 more spent than saved"
    assert level_words("net_saving_gbp", 2_000, gbp) == "£2,000"
    assert level_words("emergency_admissions_avoided", 12.3) == "12"
    assert level_range_words("net_saving_gbp", -112_518_152, -120e6, -100e6, gbp) == (
        "£112,518,152 more spent than saved (£120,000,000 to £100,000,000)")
    assert level_range_words("net_saving_gbp", 2_000, -1_000, 5_000, gbp) == (
        "£2,000 (£1,000 more spent than saved to £5,000)")


@pytest.mark.parametrize("name", CHANGE_OUTCOMES)
def test_a_tile_s_value_is_the_change_without_its_noun_which_its_title_names(name):
    for x in (-20_942.4, -1, 0, 0.4, 1, 35, 1_234_567):
        full, short = change_words(name, x), change_words(name, x, noun=False)
        assert full.startswith(short) and len(short.split()) <= 2
        assert short == full if full == NO_CHANGE else full[len(short):].strip() in (BY_NAME[name].one,
                                                                                      BY_NAME[name].many)
    assert change_words("spend_gbp", -1_200_000, noun=False) == "£1.2m less"
