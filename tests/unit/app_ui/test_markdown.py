"""app_ui.markdown: ``md`` makes any text literal inside Streamlit's Markdown, and ``md_table`` does it per cell.

Without a Markdown renderer in the test environment, each construct is checked the way CommonMark reads it:
a mark that starts a construct is inert only when a backslash stands before it, and removing the escapes
(and the zero-width spaces that break addresses) gives back exactly the text as written.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app_ui.markdown import MAX_SHOWN, md, md_table, table_parts

ZWSP = "\u200b"
MARKS = set("\\`*_[]<|~$:@")


def unescape(text: str) -> str:
    """What a reader sees: CommonMark drops a backslash before punctuation; the zero-width spaces are invisible."""
    return re.sub(r"\\(.)", r"\1", text).replace(ZWSP, "")


def unescaped_marks(text: str) -> list[str]:
    """Marks that stand without a backslash before them (so would start a construct)."""
    found, i = [], 0
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] in MARKS:
            found.append(text[i])
        i += 1
    return found


@pytest.mark.parametrize("text, expected", [
    ("[Session expired](https://evil.example/login)", r"\[Session expired\](https\:" + ZWSP + "//evil.example/login)"),
    ("X ![](https://t.example/beacon.png)", r"X !\[\](https\:" + ZWSP + "//t.example/beacon.png)"),
    ("$x^2$ and $$\\int$$", r"\$x^2\$ and \$\$\\int\$\$"),
    (":red[alarm] :material/home:", r"\:red\[alarm\] \:material/home\:"),
    ("<img src=x onerror=alert(1)>", r"\<img src=x onerror=alert(1)>"),
    ("**bold** _it_ `code` ~~gone~~", r"\*\*bold\*\* \_it\_ \`code\` \~\~gone\~\~"),
    ("a | b", r"a \| b"),
    ("12.5% (est.)", "12.5% (est.)"),
])
def test_each_construct_is_escaped(text, expected):
    assert md(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("# Heading", r"\# Heading"),
    ("### Small", r"\#\#\# Small"),
    ("> quoted", r"\> quoted"),
    ("- item", r"\- item"),
    ("+ item", r"\+ item"),
    ("1. first", r"1\. first"),
    ("2) second", r"2\) second"),
    ("  - indented", r"  \- indented"),
    ("a - b # c", "a - b # c"),  # only at the start of a line do these count
    ("#hashtag", "#hashtag"),
])
def test_marks_that_count_at_the_start_of_a_line(text, expected):
    assert md(text) == expected


def test_addresses_are_not_autolinked():
    assert md("www.example.com") == "www" + ZWSP + ".example.com"
    assert md("mail me@example.com") == "mail me" + ZWSP + r"\@example.com"
    assert md("see http://x.example") == r"see http\:" + ZWSP + "//x.example"


def test_line_breaks_and_control_characters_become_one_space():
    assert md("one\ntwo\r\n\tthree\u2028four") == "one two three four"
    assert md("a\n\n# not a heading") == "a # not a heading"  # mid-line now, so not a heading


def test_long_text_is_cut_with_an_ellipsis():
    assert md("x" * 2000) == "x" * (MAX_SHOWN - 1) + "…"
    assert md("abcdef", limit=4) == "abc…"
    assert md("abcd", limit=4) == "abcd"


def test_values_that_are_not_text():
    assert md(12.5) == "12.5"
    assert md(None) == "None"


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters=ZWSP), max_size=200))
def test_any_text_reads_back_as_written_with_no_live_mark(text):
    shown = md(text)
    assert unescaped_marks(shown) == []
    # a leading '#', '>', '-' or '+', or a number and '.' or ')', is escaped too
    first = shown.lstrip(" ")
    assert not re.match(r"(#+|>|[-+]+)(\s|$)|\d+[.)](\s|$)", first)
    expected = re.sub(r"[\x00-\x1f\x7f\u2028\u2029]+", " ", text)
    assert unescape(shown) == expected


@given(st.text(max_size=50))
@settings(max_examples=100, deadline=None)
def test_same_text_same_result(text):
    assert md(text) == md(text)


def test_md_table_escapes_every_text_cell_header_and_label_and_leaves_numbers():
    frame = pd.DataFrame({"[Area](http://a.b)": ["*x*", "plain"], "Amount": [1.5, 2.0]},
                         index=pd.Index(["$r1$", "r2"], name=":red[i]"))
    out = md_table(frame)
    assert list(out.columns) == [md("[Area](http://a.b)"), "Amount"]
    assert list(out.iloc[:, 0]) == [r"\*x\*", "plain"]
    assert list(out["Amount"]) == [1.5, 2.0] and out["Amount"].dtype == float
    assert list(out.index) == [r"\$r1\$", "r2"] and out.index.name == r"\:red\[i\]"
    assert list(frame.iloc[:, 0]) == ["*x*", "plain"]  # the frame given is left as it was


def test_md_table_takes_records_too():
    out = md_table([{"name": "<b>", "n": 3}])
    assert out.loc[0, "name"] == r"\<b>" and out.loc[0, "n"] == 3


def test_entity_references_are_shown_as_written():
    # CommonMark decodes '&name;', '&#nn;' and '&#xhh;' in text; a backslash before '&' keeps it literal
    assert md("AT&amp;T") == r"AT\&amp;T"
    assert md("&#60;b&#62;") == r"\&#60;b\&#62;"


def test_table_parts_escape_the_frame_and_hide_only_a_numbered_index():
    numbered = pd.DataFrame({"Area": ["[x](http://e.org)"], "£": [1.5]})
    escaped, hide = table_parts(numbered)
    assert hide is True and escaped.equals(md_table(numbered)) and escaped.iloc[0, 0] != numbered.iloc[0, 0]
    assert numbered.iloc[0, 0] == "[x](http://e.org)"  # the frame given is left as it was
    named = numbered.set_index("Area")
    assert table_parts(named)[1] is None and table_parts(named)[0].equals(md_table(named))
    assert table_parts([{"a": "*b*"}])[1] is True
