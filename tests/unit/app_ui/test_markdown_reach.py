"""Every piece of text that reaches a Streamlit element rendering Markdown goes through ``md``.

Streamlit renders Markdown (links, images, autolinked addresses, KaTeX, directives) in element bodies,
widget labels, metric labels, values and deltas, ``help`` tooltips, expander and tab labels and radio
options. This test reads the source of every page and shared part of the app and follows each argument
of such an element back to where it comes from: a string the code writes itself, a number, a formatter
of numbers or of the app's own vocabulary, or ``md(...)``. Anything else (a name from a file, a scenario
or a user) fails with its file and line, so a new page cannot put text on screen unescaped.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
FILES = [ROOT / "app.py", *sorted((ROOT / "app_ui").glob("*.py")), *sorted((ROOT / "app_pages").glob("*.py"))]

# Streamlit calls whose text arguments are rendered as Markdown
ELEMENTS = {
    "markdown", "caption", "title", "header", "subheader", "error", "warning", "info", "success", "write", "toast",
    "metric", "text_input", "number_input", "text_area", "selectbox", "multiselect", "radio", "toggle", "checkbox",
    "button", "download_button", "expander", "popover", "slider", "select_slider", "date_input", "time_input",
    "file_uploader", "form_submit_button", "link_button", "page_link", "status", "progress", "spinner",
    "segmented_control", "pills", "color_picker", "tabs",
}
TEXT_KEYWORDS = {"label", "body", "help", "text", "delta"}
RECEIVERS_NOT_STREAMLIT = {"log", "logger", "logging", "out", "warnings"}
# Options are rendered as Markdown in these (selectbox and multiselect show options as plain text)
MARKDOWN_OPTIONS = {"radio", "pills", "segmented_control"}

# Functions whose result is safe to render: the escaping helper, and formatters of numbers and of the
# app's own vocabulary (outcome and lever labels, counts, dates written by the app)
SAFE_CALLS = {
    "md", "md_table", "table", "num", "gbp", "gbp_short", "gbp_price", "percent", "outcome_short", "outcome_value",
    "signed", "label", "short_label", "report_label", "len", "change_caption", "summary_line", "unwritten_changes",
    "unavailable_sentence", "int", "round", "lower", "capitalize", "get", "strftime", "outcome_range", "change_range",
    "whole", "format", "unit_cost_text", "read_from_workbook", "number_input", "stance_label", "sum",
    "change_words", "change_title", "change_text", "line_words", "in_words", "counted",
}
STRING_METHODS = {"replace", "strip", "lstrip", "rstrip", "removeprefix", "removesuffix", "lower", "upper",
                  "capitalize", "title", "items", "values", "keys", "get"}
# Names and attributes that hold the app's own text or numbers (checked by hand; each says why)
TRUSTED = {
    "plan.year": "a planning year, checked against the reference data's years when a plan is read",
    "view.years": "model years, integers",
    "view.runs": "a number", "view.seed": "a number", "base.runs": "a number", "base.seed": "a number",
    "view.stance_label": "one of the stances' own labels", "view.settings.price_year": "the assumption library's",
    "scenario.horizon_years": "a number", "runs": "a number", "seconds": "a number", "i": "a loop counter",
    "g.unit": "the metric register's unit", "f.label": "the capacity assumptions' own flow label",
    "cap.months": "month names the code writes", "result.years": "planning years the reader checked",
    "result.year": "a planning year the reader checked", "result.kind": "the reader's own kind word",
    "result.plans": "counted with len", "result.warnings": "counted with len", "view.warnings": "counted with len",
    "h.version": "a number", "h.saved_at": "a date the store writes", "base": "(name, version number)",
    "d.correlation": "the assumption library's own text", "c.kind": "a change kind from the schema's literals",
    "f.severity": "red, amber or green", "counts": "counts", "red": "counted with len", "amber": "counted with len",
    "findings": "counted with len", "page": "the page's own title", "c": "a pydantic change, counted",
    "session.MAX_UPLOAD_MB": "a number",
    "outcome": "an outcome id chosen from the register's own list", "lever": "a lever id chosen from the register",
    "e.outcome": "an outcome id, one of the schema's literals", "head": "columns, not text",
}
# Parameters of the app's shared guards: every caller passes the page's own sentence (checked at the call sites
# by this same walk, since they are string constants or f-strings there)
PARAMETERS = {"guards.py": {"before", "after", "message", "title", "refused", "spinner"}, "budget_page.py": {"by"},
              "figures.py": {"numbers_label"}}


def _bind(target: ast.expr, it: ast.expr) -> list[tuple[str, ast.expr]]:
    """(name, where its values come from) for each name a `for` target binds from `it`."""
    if isinstance(target, ast.Name):
        if isinstance(it, (ast.Tuple, ast.List)):
            return [(target.id, x) for x in it.elts]
        if isinstance(it, ast.Call) and isinstance(it.func, ast.Name) and it.func.id in ("sorted", "reversed", "list"):
            return [(target.id, it.args[0])] if it.args else []
        return [(target.id, it)]
    if isinstance(target, ast.Tuple):
        if isinstance(it, ast.Call) and isinstance(it.func, ast.Name) and it.func.id == "zip":
            out = []
            for t, a in zip(target.elts, it.args, strict=False):
                out += _bind(t, a)
            return out
        if isinstance(it, ast.Call) and isinstance(it.func, ast.Name) and it.func.id == "enumerate" and it.args:
            counter = [(target.elts[0].id, ast.Constant(0))] if isinstance(target.elts[0], ast.Name) else []
            return counter + _bind(target.elts[1], it.args[0])
        if isinstance(it, ast.Call) and isinstance(it.func, ast.Attribute) and it.func.attr == "items":
            return _bind(target.elts[0], it.func.value) + _bind(target.elts[1], it.func.value)
        if isinstance(it, (ast.Tuple, ast.List)) and all(isinstance(x, ast.Tuple) for x in it.elts):
            out = []
            for row in it.elts:
                for t, a in zip(target.elts, row.elts, strict=False):
                    out += _bind(t, a)
            return out
        return [(n.id, it) for n in ast.walk(target) if isinstance(n, ast.Name)]
    return []


def _numeric_format(v: ast.FormattedValue) -> bool:
    """Whether `v` has a number's format (``{x:,.0f}``, ``{p:.0%}``): a string would raise, so it shows a number."""
    spec = v.format_spec
    if not (isinstance(spec, ast.JoinedStr) and spec.values and isinstance(spec.values[-1], ast.Constant)):
        return False
    return str(spec.values[-1].value)[-1:] in set("bcdeEfFgGnoxX%")


def _dotted(e: ast.expr) -> str | None:
    if isinstance(e, ast.Name):
        return e.id
    if isinstance(e, ast.Attribute):
        inner = _dotted(e.value)
        return f"{inner}.{e.attr}" if inner else None
    if isinstance(e, ast.Call) and not e.args and not e.keywords:
        inner = _dotted(e.func)
        return f"{inner}()" if inner else None
    return None


def _constant_name(dotted: str) -> bool:
    last = dotted.rstrip("()").split(".")[-1]
    return last.isupper() or last.startswith("_") and last[1:].isupper()


class Module:
    """One source file: where each module-level or function-level name is assigned."""

    def __init__(self, path: Path, source: str | None = None):
        self.path = path
        self.tree = ast.parse(path.read_text(encoding="utf-8") if source is None else source)
        self.assigned: dict[str, list[ast.expr]] = {}
        self.defined: set[str] = set()
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Assign):
                for t in node.targets:
                    for name in ast.walk(t):
                        if isinstance(name, ast.Name):
                            self.assigned.setdefault(name.id, []).append(node.value if isinstance(t, ast.Name)
                                                                         else ast.Constant(None))
            elif isinstance(node, (ast.AugAssign, ast.AnnAssign)) and isinstance(node.target, ast.Name) \
                    and node.value is not None:
                self.assigned.setdefault(node.target.id, []).append(node.value)
            elif isinstance(node, ast.FunctionDef):
                self.defined.add(node.name)
            elif isinstance(node, (ast.For, ast.comprehension)):
                for name, value in _bind(node.target, node.iter):
                    self.assigned.setdefault(name, []).append(value)

    def unsafe(self, e: ast.expr, seen: frozenset[str] = frozenset()) -> list[str]:
        """The parts of `e` that could carry text from outside the code, unescaped."""
        if isinstance(e, ast.Constant):
            return []
        if isinstance(e, ast.JoinedStr):
            return [x for v in e.values if isinstance(v, ast.FormattedValue) and not _numeric_format(v)
                    for x in self.unsafe(v.value, seen)]
        if isinstance(e, ast.BinOp):
            return self.unsafe(e.left, seen) + self.unsafe(e.right, seen)
        if isinstance(e, ast.BoolOp):
            return [x for v in e.values for x in self.unsafe(v, seen)]
        if isinstance(e, ast.IfExp):
            return self.unsafe(e.body, seen) + self.unsafe(e.orelse, seen)
        if isinstance(e, (ast.Compare, ast.UnaryOp)):
            return []
        if isinstance(e, (ast.List, ast.Tuple)):
            return [x for v in e.elts for x in self.unsafe(v, seen)]
        if isinstance(e, (ast.GeneratorExp, ast.ListComp)):
            return self.unsafe(e.elt, seen)
        if isinstance(e, ast.DictComp):
            return self.unsafe(e.value, seen)
        if isinstance(e, ast.Dict):
            return [x for v in e.values for x in self.unsafe(v, seen)]
        if isinstance(e, ast.Subscript):
            dotted = _dotted(e.value)
            if dotted and (_constant_name(dotted) or dotted in TRUSTED):
                return []
            return self.unsafe(e.value, seen)
        if isinstance(e, ast.Call):
            f = e.func
            name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None
            if name == "join":  # "sep".join(parts): the separator and every part
                return [x for a in e.args for x in self.unsafe(a, seen)] + self.unsafe(f.value, seen)
            if name in STRING_METHODS and isinstance(f, ast.Attribute):  # the same text, reshaped
                return self.unsafe(f.value, seen)
            if isinstance(f, ast.Name) and f.id in self.assigned and f.id not in seen:  # fmt = gbp if … else …
                return [x for v in self.assigned[f.id] for x in self._unsafe_callable(v)]
            if name in SAFE_CALLS or (name in self.defined and name.endswith(("_words", "_text"))):
                return []
            dotted = _dotted(e)
            if dotted and (dotted in TRUSTED or dotted.startswith("session.") and dotted.endswith("()")
                           and dotted[8:-2] in {"runs"}):
                return []
            return [ast.unparse(e)]
        dotted = _dotted(e)
        if dotted is None:
            return [ast.unparse(e)]
        if dotted in TRUSTED or _constant_name(dotted) or dotted in seen \
                or dotted in PARAMETERS.get(self.path.name, ()):
            return []
        if isinstance(e, ast.Name) and e.id in self.assigned and e.id not in seen:
            return [x for v in self.assigned[e.id] for x in self.unsafe(v, seen | {e.id})]
        return [dotted]

    def _unsafe_callable(self, f: ast.expr) -> list[str]:
        if isinstance(f, ast.IfExp):
            return self._unsafe_callable(f.body) + self._unsafe_callable(f.orelse)
        if isinstance(f, ast.Name) and f.id in SAFE_CALLS:
            return []
        if isinstance(f, ast.Attribute) and f.attr == "format" and isinstance(f.value, ast.Constant):
            return []  # "{:,.0f}".format
        return [ast.unparse(f)]

    def markdown_arguments(self):
        """(line, element, argument) for every text argument of a Markdown-rendering Streamlit call."""
        for node in ast.walk(self.tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in ELEMENTS):
                continue
            receiver = _dotted(node.func.value) or ""
            if receiver.split(".")[0] in RECEIVERS_NOT_STREAMLIT:
                continue
            kind = node.func.attr
            args = list(node.args[:1])
            if kind == "metric":
                args = list(node.args[:3])
            if kind == "progress":  # its first argument is the amount done; its text is `text`
                args = []
            args += [
                k.value for k in node.keywords if k.arg in TEXT_KEYWORDS | ({"value"} if kind == "metric" else set())
            ]
            if kind in MARKDOWN_OPTIONS:
                fmt = next((k.value for k in node.keywords if k.arg == "format_func"), None)
                if fmt is None:
                    args += list(node.args[1:2]) + [k.value for k in node.keywords if k.arg == "options"]
                elif isinstance(fmt, ast.Lambda):
                    args.append(fmt.body)
                elif isinstance(fmt, ast.Attribute) and fmt.attr == "get":  # a dict's values
                    args.append(fmt.value)
                else:
                    problems = self._unsafe_callable(fmt)
                    if problems:
                        args.append(fmt)
            for a in args:
                yield node.lineno, kind, a


def test_every_text_reaching_markdown_goes_through_md():
    problems, checked = [], 0
    for path in FILES:
        module = Module(path)
        for line, kind, arg in module.markdown_arguments():
            checked += 1
            for part in module.unsafe(arg):
                problems.append(f"{path.relative_to(ROOT)}:{line} st.{kind}: {part} is not passed through md()")
    assert checked > 150  # the walk really sees the pages' elements
    assert not problems, "\n".join(problems)


def test_the_walk_catches_an_unescaped_name():
    """The checker itself: an unescaped attribute in a label, a help text, a caption and a radio's options fails;
    the same text through md() passes."""
    source = '''
import streamlit as st
from app_ui.markdown import md
g = load()
st.metric(f"Baseline, {g.baseline_period}", 1, help=f"Source: {g.baseline_source}")
caption = f"{plan.area.name}"
st.caption(caption)
st.radio("Pick", names)
st.metric(f"Baseline, {md(g.baseline_period)}", 1, help=f"Source: {md(g.baseline_source)}")
st.radio("Pick", names, format_func=md)
'''
    module = Module(ROOT / "example_page.py", source)
    found = {(line, part) for line, _, arg in module.markdown_arguments() for part in module.unsafe(arg)}
    assert found == {(5, "g.baseline_period"), (5, "g.baseline_source"), (7, "plan.area.name"), (8, "names")}, found
