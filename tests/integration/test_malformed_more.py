"""More of the bad-input corpus (tests/integration/corpus_more.py): values, vocabularies, localities, baselines,
multi-area files. With the first corpus this makes over 60 workbooks, each with its message."""

from __future__ import annotations

import pytest

from budget.models import LoadError
from budget.readers import load_bytes
from tests.integration.corpus import CASES as FIRST
from tests.integration.corpus import Case, check_case
from tests.integration.corpus_more import CASES


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_each_bad_file_gets_its_message(case: Case):
    check_case(case)


def test_the_whole_corpus_has_at_least_60_files():
    assert len(FIRST) + len(CASES) >= 60


def test_non_ascii_file_names_are_named_in_messages():
    with pytest.raises(LoadError) as e:
        load_bytes(b"", name="planificación_año.xlsx")
    assert e.value.problems[0].file == "planificación_año.xlsx"
