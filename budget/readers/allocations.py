"""An allocations workbook: one row per area (HWB code and name), one column per funding stream."""

from __future__ import annotations

import re

from pydantic import ValidationError

from budget.models import CellRef, HWBArea, IncomeLine, Plan
from budget.readers import values as V
from budget.readers.grid import Header, Sheet, cell_name, is_totals_row
from budget.readers.problems import Collector, TotalCheck, formula_unsaved, not_hwb_code
from budget.reference import Reference
from budget.reference_records import norm

_STRIP = re.compile(r"\b(20\d\d( \d\d(\d\d)?)?|gbp|allocations?|amount|planned|final|value|of which)\b")
NATIONAL = frozenset({"england", "e92000001"})  # a row for the whole country is a total of the areas


def _stream_of_header(label: str, ref: Reference):
    key = _STRIP.sub(" ", norm(label))
    key = " ".join(key.split())
    return ref.match_stream(key) if key else None


def stream_columns(header: Header, ref: Reference) -> dict[int, object]:
    """Column -> funding stream, for every header cell beside the area columns that names a stream."""
    used = set(header.columns.values())
    out = {}
    for col, label in header.labels.items():
        if col in used:
            continue
        m = _stream_of_header(label, ref)
        if m is not None:
            out[col] = m
    return out


def read_allocations(tables, year: str, out: Collector) -> list[Plan]:
    """One plan (income only) per area, in the order the areas first appear; a repeated area is added up."""
    areas: dict[str, dict] = {}
    order: list[str] = []
    for sheet, header, streams in tables:
        for col, m in streams.items():
            if m.kind in ("renamed", "folded"):
                out.warn(sheet.name, cell_name(header.row, col), m.note)
        running: dict[int, float] = dict.fromkeys(streams, 0.0)  # each stream's column, added up down the sheet
        for r, _ in out.table_rows(sheet, header.row):
            _read_area_row(sheet, header, streams, r, areas, order, out, running)
    plans = []
    for code in order:
        e = areas[code]
        area = e["area"].model_copy(update={"icbs": tuple(e["icbs"])}) if e["icbs"] else e["area"]
        plans.append(Plan(area=area, year=year, income=tuple(e["income"]), minimum_nhs_asc_required=e["asc"]))
    if not plans and not out.errors:
        sheet = tables[0][0]
        out.error(sheet.name, None, "the allocations table has a header but no area rows")
    return plans


def _read_area_row(sheet: Sheet, header: Header, streams: dict, r: int, areas: dict, order: list[str],
                   out: Collector, running: dict[int, float]) -> None:
    ccode, cname = header.columns["area_code"], header.columns["area_name"]
    cicb = header.columns.get("icb")
    casc = header.columns.get("minimum_nhs_asc_required")
    code_raw, name_raw = sheet.value(r, ccode), sheet.value(r, cname)
    if is_totals_row((code_raw, name_raw), also=NATIONAL):
        out.totals_row(sheet, r, cname, tuple(TotalCheck(col, running[col], "the areas above it add up to")
                                              for col in streams))
        return
    code = V.text(code_raw).upper()
    if not code:
        if any(not V.is_blank(sheet.value(r, c)) for c in streams):
            out.error(sheet.name, cell_name(r, ccode), "the HWB code is blank on a row with amounts; expected "
                                                       "a code such as E06000001")
        else:
            out.warn(sheet.name, cell_name(r, cname), f"row {r} has no HWB code or amounts and was skipped")
        return
    try:
        area = HWBArea(code=code, name=V.text(name_raw) or code)
    except ValidationError:
        out.error(sheet.name, cell_name(r, ccode), not_hwb_code(code))
        return
    icb = V.text(sheet.value(r, cicb)) if cicb else ""
    entry = areas.get(code)
    if entry is None:
        entry = {"area": area, "icbs": [], "income": [], "asc": None}
        areas[code] = entry
        order.append(code)
    elif not icb:
        out.warn(sheet.name, cell_name(r, ccode), f"{code} appears more than once; the amounts were added together")
    if icb and icb not in entry["icbs"]:
        entry["icbs"].append(icb)
    for col, m in streams.items():
        try:
            amount = V.money(sheet.value(r, col))
        except V.ValueProblem as e:
            out.error(sheet.name, cell_name(r, col), str(e))
            continue
        if amount is None:
            if sheet.formula_missing(r, col):
                out.error(sheet.name, cell_name(r, col), formula_unsaved())
            continue
        running[col] += amount
        entry["income"].append(IncomeLine(stream=m.name, amount=amount, label=header.labels[col],
                                          icb=icb or None, cell=CellRef(sheet=sheet.name, cell=cell_name(r, col))))
    if casc:
        try:
            asc = V.money(sheet.value(r, casc))
        except V.ValueProblem as e:
            out.error(sheet.name, cell_name(r, casc), str(e))
            asc = None
        if asc is not None:
            entry["asc"] = (entry["asc"] or 0.0) + asc
