"""The dependency direction is checked, not just hoped for.

core knows nothing; store knows core; ops know store and core; export knows
core; only ui imports Qt.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "facilitator"

# package -> imports it must never make
FORBIDDEN = {
    "core": (
        "PySide6",
        "shiboken6",
        "sqlite3",
        "sqlite_utils",
        "facilitator.store",
        "facilitator.ops",
        "facilitator.ui",
        "facilitator.export",
        "reportlab",
        "matplotlib",
    ),
    "store": ("PySide6", "shiboken6", "facilitator.ops", "facilitator.ui", "facilitator.export"),
    "ops": ("PySide6", "shiboken6", "facilitator.ui", "facilitator.export"),
    "export": ("PySide6", "shiboken6", "facilitator.ui", "sqlite3", "sqlite_utils"),
    # The phones' room serves a web page: no Qt (the window wraps it), no SQL of its own.
    "room": ("PySide6", "shiboken6", "facilitator.ui", "facilitator.export", "sqlite3", "sqlite_utils"),
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _violations(package: str) -> list[str]:
    found = []
    for path in sorted((PACKAGE / package).rglob("*.py")):
        for name in imported_modules(path):
            for banned in FORBIDDEN[package]:
                if name == banned or name.startswith(banned + "."):
                    found.append(f"{path.relative_to(PACKAGE.parent)} imports {name}")
    return found


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_layer_does_not_import_what_it_must_not(package: str) -> None:
    assert (PACKAGE / package).is_dir()
    assert _violations(package) == []


def test_checker_catches_a_qt_import(tmp_path: Path) -> None:
    sample = tmp_path / "leak.py"
    sample.write_text("from PySide6.QtCore import QObject\nimport os\n", encoding="utf-8")
    assert "PySide6.QtCore" in imported_modules(sample)


# ---- the connection stays inside the store ------------------------------------------------------

# Files still reading through the connection, until their storage is rewritten (ballots, ratings, turns).
CONNECTION_PENDING = {"ops/voting.py", "ops/roundtable.py", "ops/matrix.py"}


def connection_uses(path: Path) -> list[str]:
    """`import sqlite3`, `.execute(`, `.conn` and `.db` in one file, as 'line: what'."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            found += [f"{node.lineno}: imports {n}" for n in names if n.split(".")[0] == "sqlite3"]
        elif isinstance(node, ast.Attribute) and node.attr in ("execute", "conn", "db"):
            found.append(f"{node.lineno}: .{node.attr}")
    return found


def test_only_the_store_touches_the_connection() -> None:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        if relative.startswith("store/") or relative in CONNECTION_PENDING:
            continue
        found += [f"{relative}:{use}" for use in connection_uses(path)]
    assert found == []


def test_connection_checker_sees_sql_and_the_connection(tmp_path: Path) -> None:
    sample = tmp_path / "leak.py"
    sample.write_text(
        "import sqlite3\nrows = store.db.conn.execute('SELECT 1')\nok = store.ideas()\n", encoding="utf-8"
    )
    assert connection_uses(sample) == ["1: imports sqlite3", "2: .execute", "2: .conn", "2: .db"]


# ---- phases live apart ---------------------------------------------------------------------------


def test_phases_do_not_import_each_other() -> None:
    phases = PACKAGE / "ui" / "phases"
    found = []
    for folder in sorted(p for p in phases.iterdir() if p.is_dir() and p.name != "__pycache__"):
        own = f"facilitator.ui.phases.{folder.name}"
        for path in sorted(folder.rglob("*.py")):
            for name in imported_modules(path):
                if name.startswith("facilitator.ui.phases.") and not name.startswith(
                    (own + ".", "facilitator.ui.phases.base")
                ):
                    found.append(f"{path.relative_to(PACKAGE.parent)} imports {name}")
    assert found == []


def test_every_phase_has_its_own_folder() -> None:
    from facilitator.core.model import Phase

    for phase in Phase:
        assert (PACKAGE / "ui" / "phases" / phase.value / "view.py").is_file(), phase


# ---- no import cycles ----------------------------------------------------------------------------


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def module_imports(path: Path, known: set[str]) -> set[str]:
    """Package modules `path` imports anywhere (inside functions too), except under `if TYPE_CHECKING:`."""
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child.test):
                for other in child.orelse:
                    visit_one(other)
            else:
                visit_one(child)

    def visit_one(node: ast.AST) -> None:
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                found.add(full if full in known else node.module)
        visit(node)

    visit(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
    return found & known


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Groups of modules that import each other, directly or round a loop (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def strong(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph[v]):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                group.append(w)
                if w == v:
                    break
            if len(group) > 1 or v in graph[v]:
                cycles.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            strong(v)
    return cycles


def test_no_import_cycles() -> None:
    paths = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph = {name: module_imports(path, set(paths)) for name, path in paths.items()}
    assert import_cycles(graph) == []


def test_cycle_finder_sees_function_level_imports_but_not_type_checking(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("def f():\n    import b\n", encoding="utf-8")
    (tmp_path / "b.py").write_text("from a import f\n", encoding="utf-8")
    (tmp_path / "c.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import a\n")
    known = {"a", "b", "c"}
    graph = {name: module_imports(tmp_path / f"{name}.py", known) for name in known}
    assert graph == {"a": {"b"}, "b": {"a"}, "c": set()}
    assert import_cycles(graph) == [["a", "b"]]
