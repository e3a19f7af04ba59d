"""gui/ keeps its rooms: every module sits in one, no import cycle joins two modules,
and no module reaches for another module's private names.

The import graph is read from the source with `ast` (nothing is imported), counting
every import: at the top, inside functions and under `TYPE_CHECKING` alike — a cycle
hidden behind a deferred import is still a cycle for whoever reads the code.
"""

from __future__ import annotations

import ast
from pathlib import Path

import briefing_app

GUI = Path(briefing_app.__file__).resolve().parent / "gui"
PACKAGE = "briefing_app.gui"
ROOMS = ("window", "operations", "views", "dialogs", "widgets", "launch")


def _module_name(path: Path) -> str:
    parts = path.relative_to(GUI).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join((PACKAGE, *parts))


def _modules() -> dict[str, ast.Module]:
    return {_module_name(p): ast.parse(p.read_text(encoding="utf-8"), str(p))
            for p in sorted(GUI.rglob("*.py"))}


def _imports(tree: ast.Module, known: set[str]) -> list[tuple[str, list[str]]]:
    """(module imported, names taken from it) for every gui module `tree` imports;
    `from package import module` counts as importing that module."""
    found: list[tuple[str, list[str]]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(a.name, []) for a in node.names if a.name in known]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module not in known:
                continue
            names = []
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                if sub in known:
                    found.append((sub, []))
                else:
                    names.append(alias.name)
            found.append((node.module, names))
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    return {name: {m for m, _ in _imports(tree, known) if m != name and m != PACKAGE}
            for name, tree in modules.items()}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle of the graph (as the path round it), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt):], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (found := visit(start)):
            return found
    return None


def test_every_module_sits_in_a_room() -> None:
    rooms = {p.name for p in GUI.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert rooms == set(ROOMS)
    loose = sorted(p.name for p in GUI.glob("*.py"))
    assert loose == ["__init__.py", "__main__.py"]
    for room in ROOMS:
        assert len(list((GUI / room).glob("*.py"))) > 1, f"room {room}/ holds nothing"


def test_no_import_cycle_among_gui_modules() -> None:
    cycle = _cycle(_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_the_cycle_finder_finds_a_cycle() -> None:
    """The check above can fail: a graph with a loop of three is reported as one."""
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycle(graph) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_no_module_imports_another_modules_private_names() -> None:
    """Neither from another gui module nor from the rest of the app (core, cli, pdf)."""
    taken = [f"{name} takes {node.module}.{alias.name}"
             for name, tree in _modules().items()
             for node in ast.walk(tree)
             if isinstance(node, ast.ImportFrom) and node.level == 0
             and (node.module or "").startswith("briefing_app")
             for alias in node.names
             if alias.name.startswith("_") and not alias.name.startswith("__")]
    assert taken == []


def test_no_module_reaches_into_the_main_window() -> None:
    """Only the start-up that builds it imports MainWindow; everything else that acts
    for the window sees it through the protocols of gui/window/ports.py."""
    graph = _graph()
    users = sorted(m for m, deps in graph.items() if f"{PACKAGE}.window.main_window" in deps)
    assert users == [f"{PACKAGE}.launch.app"]


def _imports_inside_functions(tree: ast.Module) -> int:
    def walk(node: ast.AST, inside: bool) -> int:
        n = 0
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.Import, ast.ImportFrom)) and inside:
                n += 1
            n += walk(child, inside or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)))
        return n

    return walk(tree, False)


def test_imports_inside_functions_say_why() -> None:
    """An import is deferred only where it pays (start-up, an optional package), and the
    module says so once, in a `# Deferred imports:` comment."""
    silent = sorted(p.relative_to(GUI).as_posix() for p in GUI.rglob("*.py")
                    if _imports_inside_functions(ast.parse(p.read_text(encoding="utf-8")))
                    and "# Deferred imports:" not in p.read_text(encoding="utf-8"))
    assert silent == []
