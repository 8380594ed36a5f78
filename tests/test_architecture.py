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
