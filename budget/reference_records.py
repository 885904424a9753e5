"""The records a year's reference data is made of, and how a label read from a workbook is compared.

Vocabulary terms with their aliases, scheme types and their sub types, the BCF metrics, what is known of
the minimum contributions, national conditions, sign-off roles and a name matched to the vocabulary;
``norm`` puts a label in the form every match compares.
"""

import re
import unicodedata
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict

from budget.provenance import PublicText


@lru_cache(maxsize=65_536)
def _norm_str(s: str) -> str:
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()
    s = s.lower().replace("&", " and ").replace("£", " ")
    s = re.sub(r"[’'`]", "", s)
    s = re.sub(r"[^a-z0-9%]+", " ", s)
    return " ".join(s.split())


def norm(text: object) -> str:
    """Normalise a label for matching: case, accents, '&', punctuation and spacing ignored."""
    if text is None:
        return ""
    return _norm_str(str(text)[:1000])


class FrozenRecord(BaseModel):
    """A record of reference data: frozen, and refusing fields it does not know."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class Term(FrozenRecord):
    """A term of one of the year's vocabularies (area of spend, commissioner, provider), with its aliases."""
    name: str
    aliases: tuple[str, ...] = ()
    confirmed: bool = False


class SubType(FrozenRecord):
    """A sub type of a scheme type: its aliases, a lever of its own where it differs, and a note."""
    name: str
    lever: str | None = None  # overrides the scheme type's lever
    aliases: tuple[str, ...] = ()
    note: str = ""
    # for a sub type BCF Planner adds so the model can tell a lever apart (not in the template's list):
    # the template's sub type of the same scheme type to write in the submission copy instead
    submit_as: str = ""


class SchemeType(FrozenRecord):
    """A scheme type of the year: its model lever, output unit, other and former names, and sub types."""
    name: str
    lever: str = "none"
    output_unit: str = ""
    outputs_required: bool = False
    aliases: tuple[str, ...] = ()
    renamed_from: tuple[str, ...] = ()
    sub_types: tuple[SubType, ...] = ()
    confirmed: bool = False

    def lever_for(self, sub_type: str) -> str:
        """The model lever for a line of this scheme type with this sub type (name or alias).

        A sub type with a lever of its own overrides the scheme type's; otherwise the scheme type's lever.
        """
        key = norm(sub_type)
        for st in self.sub_types:
            if st.lever and (norm(st.name) == key or key in {norm(a) for a in st.aliases}):
                return st.lever
        return self.lever


class YearMetric(FrozenRecord):
    """A BCF metric as one year's reference data states it: its id, name, unit and the period it is measured over.

    The one register of the BCF metrics, with their labels, digits and definitions, is ``budget.metrics``.
    """
    id: str
    name: str
    unit: str
    period: str = ""
    confirmed: bool = False
    source: PublicText = ""


class MinimumContributions(FrozenRecord):
    """What is known of the year's minimum contributions against an earlier year."""

    unchanged_before: str | None = None  # the first year they may change
    same_allocations_as: str | None = None  # the year whose area allocations are repeated
    confirmed: bool = False
    source: PublicText = ""


FactStatus = Literal["confirmed", "partly confirmed", "unconfirmed"]


class NationalCondition(FrozenRecord):
    """A national condition of the year: what it asks and which BCF rules bear on it.

    ``evidenced_by`` names rule ids of ``budget.rules`` (``rules.RULE_IDS``); a finding is evidence
    when its id is the rule id or starts with it and a colon (``spend-within-income:dfg``).
    ``assumed_from`` names the year whose condition is carried forward unconfirmed.
    """

    code: str
    title: str
    text: str
    evidenced_by: tuple[str, ...] = ()
    status_of_fact: FactStatus = "unconfirmed"
    source: PublicText = ""
    assumed_from: str | None = None

    @property
    def confirmed(self) -> bool:
        """True where the condition's wording for the year is confirmed in a source."""
        return self.status_of_fact == "confirmed"

    def wording_note(self, year: str) -> str:
        """What a commissioner should know of the wording: '' where it is confirmed for `year`."""
        if self.confirmed:
            return ""
        if self.assumed_from:
            return (f"The wording shown is {self.assumed_from}'s, carried forward until the {year} wording is "
                    f"published; check it against the {year} framework before you submit.")
        return f"The wording shown is a summary; check it against the {year} framework before you submit."


class SignOffRole(FrozenRecord):
    """Who signs the plan off: a role, for the Health and Wellbeing Board, each ICB or the council."""

    role: str
    organisation: Literal["board", "icb", "council"]
    confirmed: bool = False
    source: PublicText = ""


MatchKind = Literal["exact", "alias", "renamed", "folded"]


class Match(FrozenRecord):
    """A name read from a workbook matched to the year's vocabulary, with how it matched and a note."""
    name: str  # canonical name (or stream id for streams)
    kind: MatchKind
    note: str = ""
