"""Edits made to expenditure lines in a table (the Plan page), applied to the plan's lines.

Keys are the table's column titles; values as a spreadsheet-like editor returns them. Invalid
values are refused with a sentence; nothing is applied unless every edit is valid.
"""

from __future__ import annotations

from budget.models import AREA_WIDE, ExpenditureLine
from budget.reference import Reference


class EditError(ValueError):
    """Edits refused; the message lists every invalid edit, each with its line."""


def apply_line_edits(lines: tuple[ExpenditureLine, ...] | list[ExpenditureLine], edits: dict,
                     reference: Reference, localities: tuple[str, ...] = ()) -> tuple[ExpenditureLine, ...]:
    """Apply a table editor's edits to expenditure lines.

    Args:
        lines: The plan's expenditure lines, in the table's order.
        edits: Row index (as the editor gives it) to a dict of column title to new value; the columns read
            are Scheme type, Sub type, Locality, Source of funding, Expenditure (£) and Planned outputs.
        reference: The planning year's reference data, for scheme types and funding streams.
        localities: The plan's locality names; when given, a locality must be one of them (or area-wide).

    Returns:
        The lines with the edits applied. A new scheme type also sets its output unit and clears a sub
        type it does not have.

    Raises:
        EditError: Any edit is invalid; then none is applied.
    """
    streams = {s.name: s.id for s in reference.funding_streams}
    out = list(lines)
    problems = []
    for key, edit in edits.items():
        i = int(key)
        if not 0 <= i < len(out):
            problems.append(f"row {i + 1} does not exist")
            continue
        x = out[i]
        update: dict = {}
        where = f"line {i + 1} (scheme {x.scheme_id})"
        if "Scheme type" in edit:
            st_ref = reference.scheme_type(str(edit["Scheme type"] or ""))
            if st_ref is None:
                problems.append(f"{where}: '{edit['Scheme type']}' is not a {reference.year} scheme type")
            else:
                update["scheme_type"] = st_ref.name
                update["output_unit"] = st_ref.output_unit
                if x.sub_type and x.sub_type not in {s.name for s in st_ref.sub_types}:
                    update["sub_type"] = ""
        if "Sub type" in edit:
            update["sub_type"] = str(edit["Sub type"] or "")
        if "Locality" in edit:
            loc = edit["Locality"]
            if loc in (None, "", AREA_WIDE):
                update["locality"] = ""
            elif localities and loc not in localities:
                problems.append(f"{where}: '{loc}' is not one of the localities ({', '.join(localities)})")
            else:
                update["locality"] = str(loc)
        if "Source of funding" in edit:
            name = edit["Source of funding"]
            if name not in streams:
                problems.append(f"{where}: '{name}' is not a {reference.year} funding stream")
            else:
                update["source_of_funding"] = streams[name]
        if "Expenditure (£)" in edit:
            v = edit["Expenditure (£)"]
            if v is None or float(v) < 0:
                problems.append(f"{where}: the expenditure must be £0 or more")
            else:
                update["amount"] = round(float(v), 2)
        if "Planned outputs" in edit:
            v = edit["Planned outputs"]
            if v is not None and float(v) < 0:
                problems.append(f"{where}: planned outputs cannot be negative")
            else:
                update["planned_outputs"] = None if v is None else float(v)
        out[i] = x.model_copy(update=update)
    if problems:
        raise EditError("; ".join(problems))
    return tuple(out)
