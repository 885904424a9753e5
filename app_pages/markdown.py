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

# Every mark that starts Markdown or one of Streamlit's extensions: emphasis, code, links and images,
# HTML, headings, lists, quotes, tables, strike-through, LaTeX, shortcodes and directives, and the
# '.', ':' and '@' of autolinked web and e-mail addresses. Other punctuation is left as written.
_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:@])")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")
MAX_SHOWN = 1000


def md(value: object, limit: int = MAX_SHOWN) -> str:
    """``value`` as literal text inside Markdown: each Markdown mark backslash-escaped (CommonMark
    allows that for all ASCII punctuation; it also stops autolinked ``www.`` and ``https:`` addresses,
    ``$…$`` maths and ``:shortcode:`` directives), line breaks and control characters turned into
    single spaces, and anything over ``limit`` characters cut with an ellipsis."""
    text = _CONTROL.sub(" ", str(value))
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return _PUNCTUATION.sub(r"\\\1", text)
