"""The shape of the code: no import cycles among magref's modules (imports inside functions
count), no oversized module, rich only in the terminal renderers, and typer's internals in one
module."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from .conftest import ROOT

SRC = ROOT / "src"
MAX_LINES = 400


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in sorted((SRC / "magref").rglob("*.py"))}


def _runtime_imports(path: Path) -> set[str]:
    """The magref modules a module imports when it runs, at the top or inside functions;
    imports under `if TYPE_CHECKING:` are for the type checker only and do not count."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            typing_only |= {id(n) for child in node.body for n in ast.walk(child)}
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [f"{node.module}.{alias.name}" for alias in node.names] + [node.module]
        else:
            continue
        for name in names:
            while name and name not in MODULES:
                name = name.rpartition(".")[0]
            if name and name != "magref":
                found.add(name)
    found.discard(_module_name(path))
    return found


GRAPH = {name: _runtime_imports(path) for name, path in MODULES.items()}


def _cycle() -> list[str] | None:
    """A cycle in the import graph, as the modules around it, or None."""
    state: dict[str, str] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(GRAPH[node]):
            if state.get(nxt) == "open":
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        state[node] = "done"
        stack.pop()
        return None

    for start in sorted(GRAPH):
        if start not in state:
            found = visit(start)
            if found:
                return found
    return None


def test_the_graph_sees_imports_inside_functions() -> None:
    assert "magref.parse" in GRAPH["magref.catalogue"]  # imported inside _parse
    assert "magref.render_terminal" in GRAPH["magref.renderers"]


def test_no_import_cycles() -> None:
    cycle = _cycle()
    assert cycle is None, " -> ".join(cycle or [])


def test_the_cycle_finder_finds_a_cycle() -> None:
    GRAPH["magref.model"].add("magref.catalogue")
    try:
        assert _cycle() is not None
    finally:
        GRAPH["magref.model"].discard("magref.catalogue")


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_module_is_oversized(name: str) -> None:
    lines = len(MODULES[name].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{name} has {lines} lines; split it by concern"


def test_rich_only_in_the_terminal_renderers() -> None:
    for name, path in MODULES.items():
        text = path.read_text(encoding="utf-8")
        uses_rich = re.search(r"^\s*(from|import) rich\b", text, re.MULTILINE) is not None
        assert uses_rich == name.startswith("magref.render_terminal"), name


def test_typer_internals_in_one_module() -> None:
    """typer.core, typer.completion and click's classes (typer._click) only in cli/internals."""
    for name, path in MODULES.items():
        text = path.read_text(encoding="utf-8")
        internal = any(m in text for m in ("typer.core", "typer.completion", "_click", "click."))
        assert internal == (name == "magref.cli.internals"), name
