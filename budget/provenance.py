"""Sources as people read them: the publication, without the project's own working references.

The reference data and the assumption library keep full provenance in their YAML files, including
references to the project's research notes (``bcf.md 2.4``, ``evidence.md §3``, ``bcf-2025-26.md 4.3``,
"no URL recorded"), the notes' one-letter statuses ("(D)" for a figure derived by arithmetic), the working
copies of public data (``../shared/data/…csv``) and the library's own files (``unit_costs.yaml``). Those are
for whoever maintains the figures; a page, workbook or slide shows the publication alone, the status in a
word and the library's parts by what the model calls them. :func:`public` is applied where the YAML is read,
so every reader gets the public form.
"""

from __future__ import annotations

import re
from functools import cache

# one reference to a research note: a file of notes and its section numbers, or a bare section sign
_SECTION = r"\d[\d.]*[a-z]?\b(?:\s*\[[a-z]\])?"  # "4.3", "4.3a", "2.1 [d]" (a note's lettered item)
_NOTE = (
    rf"(?:[\w-]+\.md(?:\s+(?:addendum\s+)?§?\s*{_SECTION}(?:\s*,\s*§?\s*{_SECTION})*)?"
    rf"|§\s*{_SECTION}(?:\s*,\s*{_SECTION})*|no URL recorded)"
)


@cache
def _notes() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """The patterns for references to the notes, compiled on first use (some 5 ms; most texts have none).

    Only notes; one with the words that only point at it ("see", "in", "not in"); a clause that only says
    where the notes stand ("neither figure is in evidence.md"), which goes whole.
    """
    return (re.compile(rf"^\s*(?:(?:see|and|in)\s+)?{_NOTE}(?:\s*(?:,|and)\s*{_NOTE})*\s*$", re.I),
            re.compile(rf"\s*(?:(?:see|not\s+in|in)\s+)?{_NOTE}\s*:?", re.I),
            re.compile(rf"\b(?:not\s+)?in\s+{_NOTE}\s*$", re.I))


_INNER = re.compile(r"\s*\(([^()]*)\)")
# the research notes' statuses, as the notes' key says them
STATUS_WORDS = {"C": "confirmed", "S": "secondary", "D": "derived", "U": "unconfirmed", "J": "judgement"}
_STATUS = re.compile(r"(?<=[(,])(\s*)([CSDUJ])(?=\s*[),])")  # a letter alone in a parenthesis or a list in one
_WORKING_PATH = re.compile(r",?\s*(?:\.\./)+[\w./-]+")  # a working copy of public data: ../shared/data/x.csv
# the library's files by what the model calls them; a key after one ("home_care_hour") in words
LIBRARY_PARTS = {"baseline": "the model's baseline", "unit_costs": "the model's unit costs",
                 "capacity": "the capacity plan", "levers": "the model's lever figures",
                 "effects_controlled": "the model's effect sizes", "effects_pilot": "the model's effect sizes"}
# the library's unit costs as a reader says them; scenarios.assumptions.in_words says them the same way
COST_WORDS = {"emergency_admission": "emergency admission", "ae_attendance": "A&E attendance",
              "home_care_hour": "home-care hour", "delayed_bed_day": "bed day of delayed discharge",
              "care_home_week": "care-home week",
              "care_home_weeks_per_admission_avoided": "care-home weeks per admission avoided"}
_LIBRARY_FILE = re.compile(rf"\b({'|'.join(LIBRARY_PARTS)})\.yaml\b(?::?\s+([a-z0-9]+(?:_[a-z0-9]+)+)\b"
                           r"|(\s*\(([a-z0-9]+(?:_[a-z0-9]+)+)\)))?")
_MARKERS = re.compile(r"\.md\b|§|(?i:no URL recorded)|\.yaml\b|\.\./|[(,]\s*[CSDUJ]\s*[),]")


# a financial year written with a slash, not inside a web address ("/2024/25/")
_SLASHED_YEAR = re.compile(r"(?<![/\w])(\d{4})/(\d{2})(?![/\w])")


def dashed_years(text: str) -> str:
    """Financial years as the tool writes them: '2024/25 prices' -> '2024-25 prices'.

    Only where the second year follows the first: '2019/21' is left alone.
    """

    def dashed(m: re.Match) -> str:
        return f"{m.group(1)}-{m.group(2)}" if (int(m.group(1)) + 1) % 100 == int(m.group(2)) else m.group(0)

    return _SLASHED_YEAR.sub(dashed, text) if text else text


def public(text: str) -> str:
    """`text` without references to the project's research notes, its financial years written as 2024-25.

    A parenthesis holding only such references goes; one that also names a publication keeps the
    publication; any reference left outside parentheses goes too.
    """
    text = dashed_years(text)
    if not text or not _MARKERS.search(text):
        return text
    text = _working_words(text)
    only_notes, note_anywhere, about_notes = _notes()

    def inner(m: re.Match) -> str:
        parts = [p.strip() for p in m.group(1).split(";")]
        kept = []
        for p in parts:
            if only_notes.match(p) or about_notes.search(p):
                continue
            p = note_anywhere.sub(" ", p).strip(" ,;:")
            if p:
                kept.append(p)
        return f" ({'; '.join(kept)})" if kept else ""

    previous = None
    while previous != text:  # innermost parentheses first
        previous = text
        text = _INNER.sub(lambda m: inner(m) if re.search(r"\.md\b|§|no URL recorded", m.group(1), re.I)
                          else m.group(0).replace("(", "\x00").replace(")", "\x01"), text)
    text = text.replace("\x00", "(").replace("\x01", ")")
    text = note_anywhere.sub(" ", text)
    text = re.sub(r"\s{2,}", " ", text)
    text = re.sub(r"([,;])\s*(?=[,;)])", "", text)  # a separator left before another, or before ')'
    text = re.sub(r"\s+([.,;:)])", r"\1", text).strip()
    text = re.sub(r"[,;:]+(?=\.(?:\s|$))", "", text)  # a separator left before a full stop
    text = re.sub(r"^\((\w+)\):\s*", lambda m: m.group(1).capitalize() + ": ", text)  # "(derived): x" opening a text
    return re.sub(r"\s*[,;:]$", "", text)  # a separator left at the end, where a reference was


def _working_words(text: str) -> str:
    """Statuses in words, working copies of data gone, the library's files by what the model calls them."""
    text = _STATUS.sub(lambda m: m.group(1) + STATUS_WORDS[m.group(2)], text)
    text = _WORKING_PATH.sub("", text)

    def part(m: re.Match) -> str:
        name = LIBRARY_PARTS[m.group(1)]
        if m.group(2):
            return f"{name}: {_key_words(m.group(2))}"
        if m.group(4):
            return f"{name} ({_key_words(m.group(4))})"
        return name

    return _LIBRARY_FILE.sub(part, text)


def _key_words(key: str) -> str:
    """A key of the library's files in words: 'home_care_hour' -> 'home-care hour'."""
    return COST_WORDS.get(key) or key.replace("_", " ")


def _public_text():
    from typing import Annotated

    from pydantic import AfterValidator

    return Annotated[str, AfterValidator(public)]


PublicText = _public_text()  # a str field whose value is read through :func:`public`
