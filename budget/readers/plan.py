"""A plan (planning-template-shaped, or the project's input template), read into one plan per area.

Its cover, baselines, localities, expenditure lines and income are read and assembled.
"""

from __future__ import annotations

from collections import defaultdict

from pydantic import ValidationError

from budget.columns import ALLOCATION_ID_FIELDS, BASELINE_FIELDS
from budget.models import CellRef, ExpenditureLine, HWBArea, IncomeLine, Locality, Plan
from budget.readers import values as V
from budget.readers.cover import cover_area, cover_flag, cover_money, cover_pairs, read_baselines
from budget.readers.detect import Layout, pick_year_column
from budget.readers.grid import Book, Header, Sheet, cell_name, is_totals_row, leading_labels
from budget.readers.lines import read_lines
from budget.readers.problems import (
    NA_AMOUNTS,
    Collector,
    TotalCheck,
    formula_unsaved,
    na_amount,
    not_hwb_code,
)
from budget.reference import Reference
from budget.reference_records import norm

AREA_TOTALS = frozenset({"all localities", "whole area", "area total"})  # a localities row for the whole area


def read_plan(book: Book, layout: Layout, out: Collector) -> list[Plan]:
    """Read a plan workbook whose parts `layout` has found.

    Returns:
        One plan for a single-area workbook (none when its area code is unreadable), else one per area
        code found on the lines and income rows. Problems go to `out`.
    """
    sheets, year, ref = layout.sheets, layout.year, layout.ref
    cover = cover_pairs(sheets)
    baselines_raw = cover_pairs(sheets, BASELINE_FIELDS)

    localities: list[Locality] = []
    if layout.localities:
        localities = read_localities(*layout.localities, out)
    locality_names = {norm(x.name) for x in localities}

    lines_by_area: dict[str | None, list[ExpenditureLine]] = defaultdict(list)
    area_names: dict[str, str] = {}
    for sheet, header in layout.expenditure:
        before = sum(len(v) for v in lines_by_area.values())
        errors_before = len(out.errors)
        read_lines(sheet, header, year, ref, locality_names, lines_by_area, area_names, out, layout.years)
        if sum(len(v) for v in lines_by_area.values()) == before and len(out.errors) == errors_before:
            out.warn(sheet.name, None, "the sheet has an expenditure header but no expenditure lines")

    income_by_area: dict[str | None, list[IncomeLine]] = defaultdict(list)
    if layout.income:
        read_income(*layout.income, ref, income_by_area, out, year, layout.years)
    else:
        taken = {x.name for x, _ in layout.expenditure}
        fallback = next((s for s in sheets if "income" in norm(s.name) and s.name not in taken), None)
        if fallback is not None:
            read_income_pairs(book.full(fallback.name), ref, income_by_area, out)
        else:
            out.warn(None, None, "no income sheet found (a sheet with Funding Stream and Amount columns); the pool "
                                 "has no income")

    baselines = read_baselines(baselines_raw, out)
    asc = cover_money(cover, "minimum_nhs_asc_required", out)
    illustrative = cover_flag(cover, "illustrative")

    keys = set(lines_by_area) | set(income_by_area)
    plans: list[Plan] = []
    if keys <= {None}:
        area = cover_area(cover, out)
        if area is None:
            return []
        plans.append(Plan(area=area, year=year, income=tuple(income_by_area.get(None, ())),
                          lines=tuple(lines_by_area.get(None, ())), localities=tuple(localities),
                          baselines=baselines, minimum_nhs_asc_required=asc, illustrative=illustrative))
    else:
        if None in keys:
            out.warn(None, None, "some lines or income rows have no area code and were not assigned to an area")
        for code in sorted(k for k in keys if k is not None):
            try:
                area = HWBArea(code=code, name=area_names.get(code) or code)
            except ValidationError:
                continue  # reported where it was read
            plans.append(Plan(area=area, year=year, income=tuple(income_by_area.get(code, ())),
                              lines=tuple(lines_by_area.get(code, ()))))
    return plans


# ---- income -----------------------------------------------------------------------------------
def read_income(sheet: Sheet, header: Header, ref: Reference, income_by_area: dict, out: Collector,
                year: str = "", years: tuple[str, ...] = ()) -> None:
    """Add an income table's rows to `income_by_area`.

    Each row has a funding stream and an amount (and may have a district, an ICB, an area code); of an
    amount column for each year, the one for `year` is read.
    """
    cols = dict(header.columns)
    cols["amount"] = pick_year_column(sheet, header, "amount", year, years, out)
    ccode = None
    for c, label in header.labels.items():
        if c not in cols.values() and any(f.matches(label) for f in ALLOCATION_ID_FIELDS if f.key == "area_code"):
            ccode = c
    running = 0.0
    for r, row in out.table_rows(sheet, header.row):
        label = sheet.value(r, cols["stream"])
        if ref.match_stream(label) is None and is_totals_row((label, *leading_labels(row))):
            out.totals_row(
                sheet, r, cols["stream"], (TotalCheck(cols["amount"], running, "the income above it adds up to"),)
            )
            continue
        if V.is_blank(label):
            if not V.is_blank(sheet.value(r, cols["amount"])):
                out.error(sheet.name, cell_name(r, cols["stream"]), "an amount has no funding stream beside it")
            continue
        written = sheet.value(r, cols["amount"])
        if isinstance(written, str) and written.strip().lower() in NA_AMOUNTS:
            out.warn(sheet.name, cell_name(r, cols["amount"]), na_amount("the income", written.strip()))
            continue
        try:
            amount = V.money(written)
        except V.ValueProblem as e:
            out.error(sheet.name, cell_name(r, cols["amount"]), str(e))
            continue
        if amount is None:
            if sheet.formula_missing(r, cols["amount"]):
                out.error(sheet.name, cell_name(r, cols["amount"]), formula_unsaved())
            continue
        m = ref.match_stream(label)
        if m is None:
            stream = f"unknown:{V.text(label)}"
            out.warn(sheet.name, cell_name(r, cols["stream"]),
                     f"funding stream '{V.text(label)[:80]}' is not a {ref.year} stream; kept as written")
        else:
            stream = m.name
            if m.kind in ("renamed", "folded"):
                out.warn(sheet.name, cell_name(r, cols["stream"]), m.note)
        district = V.text(sheet.value(r, cols["district"])) if "district" in cols else ""
        icb = V.text(sheet.value(r, cols["icb"])) if "icb" in cols else ""
        code = None
        if ccode:
            raw = V.text(sheet.value(r, ccode)).upper()
            try:
                code = HWBArea(code=raw, name=raw).code
            except ValidationError:
                out.error(sheet.name, cell_name(r, ccode), not_hwb_code(raw))
                continue
        running += amount
        income_by_area[code].append(IncomeLine(stream=stream, amount=amount, label=V.text(label),
                                               district=district or None, icb=icb or None,
                                               cell=CellRef(sheet=sheet.name, cell=cell_name(r, cols["amount"]))))


def read_income_pairs(sheet: Sheet, ref: Reference, income_by_area: dict, out: Collector) -> None:
    """An income sheet without a header: a stream name and an amount to its right."""
    for r in range(1, len(sheet.rows) + 1):
        row = sheet.rows[r - 1]
        for c, v in enumerate(row, start=1):
            if not isinstance(v, str):
                continue
            m = ref.match_stream(v)
            if m is None:
                continue
            for c2 in range(c + 1, len(row) + 1):
                if V.is_blank(row[c2 - 1]):
                    continue
                try:
                    amount = V.money(row[c2 - 1])
                except V.ValueProblem as e:
                    out.error(sheet.name, cell_name(r, c2), str(e))
                    break
                if amount is not None:
                    income_by_area[None].append(IncomeLine(stream=m.name, amount=amount, label=V.text(v),
                                                           cell=CellRef(sheet=sheet.name, cell=cell_name(r, c2))))
                break
            break


# ---- localities -------------------------------------------------------------------------------
_LOCALITY_NUMBERS = ("population", "population_65_plus", "population_85_plus", "deprivation_score",
                     "emergency_admissions_65_plus", "need_weight")
_SUMMED = ("population", "population_65_plus", "population_85_plus",
           "emergency_admissions_65_plus")  # what a totals row adds up
_WHAT = {"population": "the population", "population_65_plus": "people aged 65+", "population_85_plus":
         "people aged 85+", "deprivation_score": "the deprivation score", "emergency_admissions_65_plus":
         "emergency admissions 65+", "need_weight": "the need weighting"}


def _locality_checks(sheet: Sheet, r: int, cols: dict[str, int], name: str, vals: dict, out: Collector) -> bool:
    """A locality's figures that cannot stand together, each a sentence on its cell; True when there are none."""
    ok = True
    if vals.get("population") == 0:
        out.error(sheet.name, cell_name(r, cols["population"]), f"the population of {name} is 0: give the "
                  "locality's population, or remove the row")
        ok = False
    score = vals.get("deprivation_score")
    if score is not None and score > 100:
        out.error(sheet.name, cell_name(r, cols["deprivation_score"]), f"the deprivation score for {name} is "
                  f"{score:,g}: give its Index of Multiple Deprivation average score, from 0 to 100")
        ok = False
    older, oldest = vals.get("population_65_plus"), vals.get("population_85_plus")
    if older is not None and oldest is not None and oldest > older:
        out.error(sheet.name, cell_name(r, cols["population_85_plus"]), f"people aged 85+ in {name} ({oldest:,}) are "
                  f"more than its people aged 65+ ({older:,}): those aged 85+ are counted within the 65+")
        ok = False
    if vals.get("need_weight") == 0:
        out.error(sheet.name, cell_name(r, cols["need_weight"]), f"the need weighting for {name} is 0: leave it blank "
                  "to have it worked out, or give a number above 0")
        ok = False
    return ok


def read_localities(sheet: Sheet, header: Header, out: Collector) -> list[Locality]:
    """The localities table's rows down to the first note, totals left out; unreadable rows are errors."""
    cols = header.columns
    result: list[Locality] = []
    for r, _ in out.table_rows(sheet, header.row):
        if is_totals_row((sheet.value(r, cols["name"]),), also=AREA_TOTALS, whole=True):
            out.totals_row(sheet, r, cols["name"], tuple(
                TotalCheck(cols[key], sum(getattr(x, key) or 0 for x in result),
                           "the localities above it add up to", money=False)
                for key in _SUMMED if key in cols))
            continue
        name = V.text(sheet.value(r, cols["name"]))
        if not name:
            out.error(sheet.name, cell_name(r, cols["name"]), "a locality row has no name")
            continue
        vals: dict[str, object] = {"name": name}
        ok = True
        for key in _LOCALITY_NUMBERS:
            if key not in cols:
                continue
            try:
                x = V.number(sheet.value(r, cols[key]))
            except V.ValueProblem as e:
                out.error(sheet.name, cell_name(r, cols[key]), str(e))
                ok = False
                continue
            if x is None:
                if key in ("population", "population_65_plus"):
                    out.error(sheet.name, cell_name(r, cols[key]), f"{_WHAT[key]} is blank for {name}: a locality "
                              "needs its population and people aged 65+")
                    ok = False
                continue
            if x < 0:
                out.error(sheet.name, cell_name(r, cols[key]), f"{_WHAT[key]} for {name} is {x:,g}: it cannot be "
                          "below 0")
                ok = False
                continue
            vals[key] = int(round(x)) if key.startswith("population") else x
        if "district_code" in cols and V.text(sheet.value(r, cols["district_code"])):
            vals["district_code"] = V.text(sheet.value(r, cols["district_code"]))
        ok = _locality_checks(sheet, r, cols, name, vals, out) and ok
        if not ok:
            continue
        try:
            result.append(Locality(**vals))
        except ValidationError as e:
            out.error(sheet.name, cell_name(r, cols["name"]), e.errors()[0]["msg"].removeprefix("Value error, "))
    return result
