"""The Plan page's line editor: the rows it shows, and what the changes made in it make of the lines.

Streamlit's data editor keeps every change made in it since it was drawn (``edited_rows``: row -> column ->
value). The page draws it on the lines it started on (``start``) and keeps it across its own edits, so the
keyboard focus stays in the grid; the current lines are always those lines with every change applied
(``budget.edits.apply_line_edits``), so an edit is applied once however often the page runs, and a value typed
back undoes its edit. The editor is drawn afresh only when it would no longer show what the lines hold: an edit
that changes more than the cell typed in (a new scheme type's lever, a sub type the new type does not have).
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from app_ui import session
from app_ui.keys import KEY_EDITOR_START
from budget.edits import EditError, apply_line_edits
from budget.models import AREA_WIDE, ExpenditureLine
from budget.reference import LEVER_LABELS, Reference

NOT_MODELLED = "No modelled effect"  # the Lever column of a line whose scheme type has no modelled effect


def line_rows(lines: tuple[ExpenditureLine, ...], ref: Reference) -> list[dict]:
    """The editor's rows for `lines`: one a line, its columns as the editor shows them."""
    stream_names = {s.id: s.name for s in ref.funding_streams}
    return [
        {
            "Scheme ID": x.scheme_id,
            "Scheme name": x.scheme_name,
            "Scheme type": x.scheme_type,
            "Sub type": x.sub_type,
            "Locality": x.locality or AREA_WIDE,
            "Source of funding": stream_names.get(x.source_of_funding, x.source_of_funding),
            "Expenditure (£)": x.amount,
            "Planned outputs": x.planned_outputs,
            "Lever": LEVER_LABELS.get(ref.line_lever(x.scheme_type, x.sub_type), NOT_MODELLED),
        }
        for x in lines
    ]


@dataclass(frozen=True)
class Edited:
    """The lines after the editor's changes, and whether the editor must be drawn afresh to show them."""

    lines: tuple[ExpenditureLine, ...]
    afresh: bool


def edited(start: tuple[ExpenditureLine, ...], changes: dict, ref: Reference,
           localities: tuple[str, ...]) -> Edited:
    """The lines the editor started on with every change made in it (row -> column -> value).

    ``afresh`` is True when the editor, which shows `start` with the values typed, would not show the edited
    lines as they are. Raises ``budget.edits.EditError`` for a change refused (then none is applied).
    """
    lines = apply_line_edits(start, changes, ref, localities)
    shown = line_rows(start, ref)
    for row, cells in changes.items():
        shown[int(row)].update(cells)
    return Edited(lines, shown != line_rows(lines, ref))


def start(current: tuple[ExpenditureLine, ...], ref: Reference, localities: tuple[str, ...]) -> tuple:
    """The lines the editor drawn now started on, which every change made in it is applied to.

    While the current lines are those lines with the editor's changes (``session.line_editor_changes``), the
    editor is kept. Where they are not (changed elsewhere: a scenario opened, the edits undone, the editor
    forgotten while another page was open), it starts afresh on `current`. Call it before reading the editor's key.
    """
    key = session.line_editor_key()
    held = st.session_state.get(KEY_EDITOR_START)
    if held is not None and held[0] == key:
        try:
            if apply_line_edits(held[1], session.line_editor_changes(), ref, localities) == tuple(current):
                return held[1]
        except EditError:
            pass
        session.restart_line_editor()
        key = session.line_editor_key()
    st.session_state[KEY_EDITOR_START] = (key, tuple(current))
    return tuple(current)


def started_on() -> tuple:
    """The lines the editor drawn now started on (``start``), for its on-change callback."""
    return st.session_state[KEY_EDITOR_START][1]
