"""`pytest -m "not gui"` works on a machine without Qt.

Installing a second environment without PySide6 would take minutes, so this
checks at import level instead: in a fresh interpreter where PySide6,
shiboken6 and pytest-qt cannot be imported, pytest collects every test that is
not marked gui, and none fails to import. (A non-gui test that imported Qt only
inside its body would still pass here; the gui marker is applied automatically
to every test that uses qtbot or qapp.)
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

WITHOUT_QT = """
import importlib.abc, sys

class NoQt(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("PySide6", "shiboken6", "pytestqt"):
            raise ImportError(f"No module named {name!r} (this check hides Qt)")
        return None

sys.meta_path.insert(0, NoQt())
import pytest
sys.exit(pytest.main(sys.argv[1:]))
"""


NO_PLUGINS = ("-p", "no:pytest-qt", "-p", "no:cacheprovider")


@pytest.mark.slow
def test_tests_not_marked_gui_collect_without_qt() -> None:
    done = subprocess.run(
        [sys.executable, "-c", WITHOUT_QT, "-m", "not gui", "--collect-only", "-q", *NO_PLUGINS, "tests"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "error" not in summary, summary
    collected = int(summary.split("/")[0].split()[0])
    assert collected > 300, summary  # the core, store, ops, export and CLI tests are all there
