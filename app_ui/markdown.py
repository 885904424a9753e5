"""Text from files, scenarios and users, made safe for Streamlit elements that render Markdown.

Streamlit renders GitHub-flavoured Markdown (links, images, autolinked addresses), LaTeX between
dollar signs, emoji and icon shortcodes (``:red[...]``, ``:material/...:``) in ``st.markdown``,
``st.caption``, ``st.write``, alerts, widget labels and radio options. A scenario name such as
``[Session expired](https://…)`` or an area called ``X ![](https://…/beacon.png)`` would show a
live link or fetch a tracking image in another user's browser. Every piece of such text goes
through :func:`md` before it is placed in a Markdown string; the page's own formatting stays
outside it.
"""

from __future__ import annotations

import re

# Marks that start Markdown or one of Streamlit's extensions wherever they stand: emphasis, code,
# links and images (an escaped '[' leaves '(' and '!' harmless), HTML, tables, strike-through, LaTeX,
# shortcodes and directives. Marks that count only at the start of a line (headings, quotes, list
# items) are escaped there. Other punctuation, such as the '.' in '12.5%', is left as written.
_PUNCTUATION = re.compile(r"([\\`*_\[\]<|~$:@])")
_LEADING = re.compile(r"^(\s*)((?:[-+]+|#+|\d+[.)])(?=\s|$)|>)")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")
# CommonMark reads '&amp;', '&#60;' and '&#x3C;' in text as the character they name: an '&' that starts
# such a reference is escaped, so it shows as written; any other '&' (A&E) is left alone.
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
# GitHub-flavoured Markdown turns web and e-mail addresses in plain text into links after escapes are
# read, so escaping cannot stop them: a zero-width space inside 'www.', '://' and before '@' does.
_ZWSP = "\u200b"
_AUTOLINK = re.compile(r"(?i)(?<=www)(?=\.)|(?<=\\:)(?=/)|(?=\\@)")
MAX_SHOWN = 1000


def md(value: object, limit: int = MAX_SHOWN) -> str:
    """``value`` as literal text inside Markdown.

    Each Markdown mark is backslash-escaped (CommonMark allows that for all ASCII punctuation; it also stops
    ``$…$`` maths and ``:shortcode:`` directives), as is an ``&`` that starts an entity reference; web and
    e-mail addresses are broken with a zero-width space so they are not linked, line breaks and control
    characters are turned into single spaces, and anything over ``limit`` characters is cut with an ellipsis.
    """
    text = _CONTROL.sub(" ", str(value))
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    text = _AUTOLINK.sub(_ZWSP, _ENTITY.sub(r"\\&", _PUNCTUATION.sub(r"\\\1", text)))
    return _LEADING.sub(lambda m: m.group(1) + "".join("\\" + ch if not ch.isdigit() else ch for ch in m.group(2)),
                        text, count=1)


def md_table(frame):
    """A copy of a pandas DataFrame for ``st.table``, which renders Markdown in its cells and headers.

    Every text cell, column name and index label passed through :func:`md`.
    """
    import pandas as pd

    def cell(v):
        return md(v) if isinstance(v, str) else v

    out = frame.copy() if isinstance(frame, pd.DataFrame) else pd.DataFrame(frame)
    out.columns = [cell(c) for c in out.columns]
    out.index = pd.Index([cell(i) for i in out.index], name=cell(out.index.name))
    for i in range(out.shape[1]):
        column = out.iloc[:, i]
        if not pd.api.types.is_numeric_dtype(column):
            out.isetitem(i, column.map(cell))
    return out


def table_parts(frame) -> tuple:
    """What :func:`table` hands ``st.table``: the frame escaped (:func:`md_table`) and its ``hide_index``.

    A table whose rows are only numbered (rows given as a list, or a frame with its default index) is shown
    without that 0, 1, 2 column (True); otherwise its index is shown (None: Streamlit's own choice).
    """
    import pandas as pd

    numbered = not isinstance(frame, pd.DataFrame) or (isinstance(frame.index, pd.RangeIndex)
                                                        and frame.index.name is None)
    return md_table(frame), True if numbered else None


def table(frame) -> None:
    """``st.table`` with every piece of text in it shown literally (see :func:`md_table` and :func:`table_parts`)."""
    import streamlit as st

    escaped, hide_index = table_parts(frame)
    st.table(escaped, hide_index=hide_index)
