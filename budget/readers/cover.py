"""The Cover sheet and the Baselines: label/value pairs found anywhere near the top of a sheet."""

from __future__ import annotations

import re

from pydantic import ValidationError

from budget.columns import COVER_FIELDS, Field
from budget.models import Baselines, HWBArea
from budget.readers import values as V
from budget.readers.grid import Sheet, cell_name
from budget.readers.problems import Collector, not_hwb_code
from budget.reference_records import norm

CoverValues = dict[str, tuple[object, str, str]]  # field key -> (value, sheet, cell)


def cover_pairs(sheets: list[Sheet], fields: tuple[Field, ...] = COVER_FIELDS) -> CoverValues:
    """Label/value pairs: a label cell and the next filled cell to its right (or 'Label: value').

    A sheet called Cover or Baselines is searched first, visible sheets before hidden ones; the first
    value found for a field is kept.
    """
    found: CoverValues = {}
    cover_first = sorted(sheets, key=lambda s: (norm(s.name) not in ("cover", "cover sheet", "baselines"), s.hidden))
    for s in cover_first:
        for r in range(1, min(40, len(s.rows)) + 1):
            row = s.rows[r - 1]
            for c in range(1, min(12, len(row)) + 1):
                v = row[c - 1]
                if not isinstance(v, str) or len(v) > 120:
                    continue
                label, value, vcol = v, None, None
                if ":" in v and not any(f.matches(v) for f in fields):
                    label, _, rest = v.partition(":")
                    if rest.strip():
                        value, vcol = rest.strip(), c
                for f in fields:
                    if f.key in found or not f.matches(label):
                        continue
                    if value is None:
                        for c2 in range(c + 1, min(c + 7, len(row) + 1)):
                            if not V.is_blank(row[c2 - 1]) or f.key == "illustrative" and row[c2 - 1] is not None:
                                value, vcol = row[c2 - 1], c2
                                break
                    if value is not None:
                        found[f.key] = (value, s.name, cell_name(r, vcol))
                    break
    return found


def cover_area(cover: CoverValues, out: Collector) -> HWBArea | None:
    """The area a single-area plan is for, from its HWB code, name and ICBs."""
    if "area_code" not in cover:
        out.error("Cover", None, "no Health and Wellbeing Board code found: expected a 'HWB Code' label with a code "
                                 "such as E06000001 beside it (usually on the Cover sheet)")
        return None
    raw, sheet, cell = cover["area_code"]
    name = V.text(cover["area_name"][0]) if "area_name" in cover else ""
    icbs = ()
    if "icbs" in cover:
        raw_icbs = cover["icbs"][0]  # split on the lines typed in the cell before they are joined
        parts = re.split(r"[;\n]", raw_icbs) if isinstance(raw_icbs, str) else [raw_icbs]
        icbs = tuple(t for t in (V.text(x) for x in parts) if t)
    try:
        return HWBArea(code=V.text(raw), name=name or V.text(raw), icbs=icbs)
    except ValidationError:
        out.error(sheet, cell, not_hwb_code(V.text(raw)))
        return None


def cover_money(cover: CoverValues, key: str, out: Collector) -> float | None:
    """The cover's amount for `key` in pounds; None when absent or unreadable (an error is collected)."""
    if key not in cover:
        return None
    raw, sheet, cell = cover[key]
    try:
        return V.money(raw)
    except V.ValueProblem as e:
        out.error(sheet, cell, str(e))
        return None


def cover_flag(cover: CoverValues, key: str) -> bool:
    """A yes/no answer on the cover: 'Yes', 'True', 'Y' or 1 is yes; anything else, or no answer, is no."""
    return norm(V.text(cover[key][0])) in ("yes", "true", "y", "1") if key in cover else False


def read_baselines(raw: CoverValues, out: Collector) -> Baselines:
    """The local baseline rates read from the Baselines values.

    A value that is not a number of 0 or more is collected as an error and left to the national default.
    """
    vals = {}
    for key, (v, sheet, cell) in raw.items():
        try:
            x = V.number(v)
        except V.ValueProblem as e:
            out.error(sheet, cell, str(e))
            continue
        if x is not None and x < 0:
            out.error(sheet, cell, f"found {x:,}, expected a rate of 0 or more")
            continue
        vals[key] = x
    return Baselines(**vals)
