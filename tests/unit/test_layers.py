"""The layers of the code base, read from its import statements (module level and inside functions):
budget knows nothing of scenarios, reports or the app, scenarios nothing of reports or the app,
reports nothing of the app, the app's shared UI
(app_ui) nothing of its pages (app_pages), and no module of the code base imports itself round a cycle."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("budget", "scenarios", "reports", "app_ui")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    out = {"app": ROOT / "app.py"}
    for package in PACKAGES:
        out.update({_module_name(p): p for p in (ROOT / package).rglob("*.py")})
    out.update({_module_name(p): p for p in (ROOT / "app_pages").glob("*.py")})  # pages: scripts, not a package
    return out


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """Every module `name` imports: project modules resolved to the module itself, others by their top name."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            submodules = {f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in MODULES}
            found.update(submodules)
            if len(submodules) < len(node.names):  # a name from the package itself, not only its modules
                found.add(base)
    return {m if m in MODULES else m.split(".")[0] for m in found} - {name}


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}
APP = {"app", "app_ui", "app_pages"}


def _top(module: str) -> str:
    return module.split(".")[0]


def _offending(layer: str, forbidden: set[str]) -> list[str]:
    return sorted(f"{m} imports {i}" for m, deps in GRAPH.items() if _top(m) == layer
                  for i in deps if _top(i) in forbidden)


def test_the_walk_sees_the_code_base():
    assert {"app", "app_ui.session", "app_ui.scenario_bar", "budget.models", "scenarios.engine"} <= set(GRAPH)
    assert any(_top(m) == "app_pages" for m in GRAPH)
    assert "app_ui.session" in GRAPH["app"] and "streamlit" in GRAPH["app_ui.session"]


@pytest.mark.parametrize("layer, forbidden", [
    ("budget", {"scenarios", "reports", "streamlit", *APP}),
    ("scenarios", {"reports", "streamlit", *APP}),
    ("reports", {"streamlit", *APP}),
    ("app_ui", {"app", "app_pages"}),
])
def test_layers_import_only_downwards(layer, forbidden):
    assert not _offending(layer, forbidden)


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt in graph and not state.get(nxt):
                found = visit(nxt)
                if found:
                    return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if not state.get(node):
            found = visit(node)
            if found:
                return found
    return None


def test_no_import_cycle_among_any_modules():
    project = {m: {d for d in deps if d in GRAPH} for m, deps in GRAPH.items()}
    found = _cycle(project)
    assert found is None, " -> ".join(found)


def test_the_cycle_check_finds_a_cycle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


def _test_module(name: str) -> bool:
    return name.rpartition(".")[2].startswith("test_")


def _imported_test_modules(source: str, package: str) -> list[str]:
    """The test modules (test_*.py) that `source`, a module of `package`, imports, at module level or inside a
    function."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if _test_module(a.name)]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            if _test_module(base):
                found.append(base)
            found += [f"{base}.{a.name}" for a in node.names if _test_module(a.name)]
    return found


def test_no_test_module_imports_another():
    """What tests share lives in helper modules (tests/pages.py, tests/integration/builders.py ...), so that
    running one test module never collects or runs another's tests."""
    offending = {}
    for path in sorted((ROOT / "tests").rglob("*.py")):
        package = ".".join(path.relative_to(ROOT).parts[:-1])
        found = _imported_test_modules(path.read_text(encoding="utf-8"), package)
        if found:
            offending[str(path.relative_to(ROOT))] = found
    assert not offending


def test_the_test_import_check_finds_each_way_of_importing():
    source = """
import tests.integration.test_cli
from tests.integration.test_roundtrip import plans
from tests.integration import test_app_pages, builders
from .test_engine import line
from . import test_spend
from tests.integration.builders import save


def later():
    from tests.e2e.test_accessibility import settle
"""
    assert _imported_test_modules(source, "tests.unit.scenarios") == [
        "tests.integration.test_cli", "tests.integration.test_roundtrip", "tests.integration.test_app_pages",
        "tests.unit.scenarios.test_engine", "tests.unit.scenarios.test_spend", "tests.e2e.test_accessibility"]
