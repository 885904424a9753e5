"""Widgets that show a value kept with the scenario, kept in step with it.

The Goals, Capacity and Sign-off pages draw boxes for what the scenario holds (goals, a seasonal
profile, pathway shares, assurance statements and sign-off). When that value changes other than through
the boxes (a saved scenario or a submission copy opened, a default restored), the boxes must start from
the new value instead of writing their old contents over it. Each family of boxes therefore carries a
version in its widget keys: a new version makes new widgets, which a browser draws afresh from the value
given (clearing a widget's value in the session alone would leave the browser showing, and sending back,
the old one).

A page asks for the version with :func:`version`, passing what the boxes will show, builds each key with
:func:`widget_key`, and after writing the boxes' contents into the scenario records them with
:func:`drawn`, so its own change keeps the boxes as the user left them.
"""

from __future__ import annotations

import streamlit as st


def widget_key(prefix: str, version: int, item: object) -> str:
    """The key of one widget of a family: its prefix, the family's version, then the item it is for.

    Args:
        prefix: the family's key prefix (an ``app_ui.keys`` name ending ``_PREFIX``).
        version: the family's version, from :func:`version`.
        item: what the widget is for within the family (a metric, a condition code, a row number, a month).

    Returns:
        For example ``"goal_value::0::emergency_admissions_65_plus"``.
    """
    return f"{prefix}{version}::{item}"


def version(record: str, shown) -> int:
    """The version of a family of widgets that is about to show `shown`.

    It is renewed when `shown` is not what the widgets were last drawn for, as kept under the session key
    `record`; the first time, it is 0.

    Args:
        record: the session key (``app_ui.keys``) that keeps (version, what was shown) for this family.
        shown: the value the widgets will show, as kept with the scenario (None for a default is a value too).

    Returns:
        The version to put in the family's widget keys (:func:`widget_key`).
    """
    kept = st.session_state.get(record)
    number = 0 if kept is None else kept[0] + (kept[1] != shown)
    st.session_state[record] = (number, shown)
    return number


def drawn(record: str, shown) -> None:
    """Record that the family's widgets now hold `shown`, which the page has just kept with the scenario.

    The next :func:`version` then keeps the widgets (and what the user typed in them) instead of starting
    them afresh.
    """
    kept = st.session_state.get(record)
    st.session_state[record] = (0 if kept is None else kept[0], shown)


def keys(record: str, prefix: str, shown, items) -> dict:
    """The keys of a family of widgets about to show `shown`, one for each of `items`, at its current version.

    Args:
        record: as for :func:`version`.
        prefix: the family's key prefix.
        shown: the value the widgets will show.
        items: what each widget is for (months, pathways, metrics ...).

    Returns:
        item -> widget key.
    """
    number = version(record, shown)
    return {item: widget_key(prefix, number, item) for item in items}
