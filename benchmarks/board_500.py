"""How responsive is the board with 500 ideas, and what does capturing one idea cost?

A plain script (not a test: timings depend on the machine). It builds sessions
with the project's own round-table operations, opens them in the real main
window (offscreen unless a display is set) and prints a small table:

- zoom to fit, a search filter and 100 arrow-key moves on a 500-idea board,
  each followed by a synchronous repaint of the board;
- capturing one more idea through the idea box (Enter) at 0, 500 and 2000
  ideas, against a baseline of one SQLite insert in its own transaction plus
  one QGraphicsRectItem added to a shown scene and repainted.

    python benchmarks/board_500.py [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QGraphicsRectItem, QGraphicsScene, QGraphicsView

from facilitator.core.model import Phase
from facilitator.ops import ideas as idea_ops
from facilitator.ops import participants as people_ops
from facilitator.ops import roundtable as rt
from facilitator.store.session_store import SessionStore
from facilitator.ui.shell.main_window import MainWindow

WORDS = " ".join(
    (
        "huddle shift rota handover break staffing safety night team manager policy training hoist",
        "sepsis falls pharmacy porters parking lounge discharge tablets observations quiet room peer",
        "support champions leadership walk round decisions board lift newsletter agency bank induction",
    )
).split()


def idea_text(rng: random.Random, n: int) -> str:
    words = rng.choices(WORDS, k=rng.randint(6, 40))
    return f"Idea {n}: " + " ".join(words).capitalize() + "."


def build_session(path: Path, ideas: int, seed: int = 7) -> None:
    """`ideas` ideas recorded turn by turn (some passes), a third sorted into themes."""
    rng = random.Random(seed)
    store = SessionStore.create(path)
    people_ops.add_participants(store, "\n".join(f"Participant {n}" for n in range(1, 13)))
    themes = [t.id for t in store.themes()]
    with store.transaction():  # nested operations share one commit: quick to build
        recorded = 0
        while recorded < ideas:
            if rng.random() < 0.15:
                rt.pass_turn(store)
                continue
            idea_id = rt.record_idea(store, idea_text(rng, recorded)).value
            if rng.random() < 0.66:
                idea_ops.move_to_theme(store, [idea_id], rng.choice(themes))
            recorded += 1
    store.close()


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def summary(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]


class Bench:
    def __init__(self, app: QApplication, folder: Path) -> None:
        self.app = app
        self.folder = folder
        self.window = MainWindow()
        self.window.resize(1440, 900)
        self.window.show()
        self.app.processEvents()

    def open(self, ideas: int):
        path = self.folder / f"s{ideas}.roundtable"
        if not path.exists():
            build_session(path, ideas)
        self.window.open_session(path)
        self.window.show_phase(Phase.ROUND_TABLE)
        self.app.processEvents()
        return self.window.workspace.view(Phase.ROUND_TABLE)

    def paint(self, view) -> None:
        """Let Qt draw what changed, as it would before the next frame."""
        self.app.processEvents()
        self.app.processEvents()

    def board_figures(self, repeat: int) -> list[tuple[str, float, float]]:
        build_session(self.folder / "s500.roundtable", 500)
        self.window.show_phase(Phase.SETUP)
        opened = timed(lambda: self.paint(self.open(500)))
        view = self.window.workspace.view(Phase.ROUND_TABLE)
        board = view.board
        rows = [("open the 500-idea session on the round table", opened, opened)]
        fit = []
        for _ in range(repeat):
            board.view.reset_zoom()
            self.paint(view)
            fit.append(timed(lambda: (board.zoom_to_fit(), self.paint(view))))
        rows.append(("zoom to fit + repaint", *summary(fit)))
        search, clear = [], []
        for n in range(repeat):
            word = WORDS[n % len(WORDS)]
            search.append(timed(lambda w=word: (board.search.setText(w), self.paint(view))))
            clear.append(timed(lambda: (board.search.clear(), self.paint(view))))
        rows.append(("search filter + repaint", *summary(search)))
        rows.append(("clear the search + repaint", *summary(clear)))
        board.view.reset_zoom()
        board.view.setFocus()
        board.scene.set_current(board.scene.order()[0])
        self.paint(view)
        moves = []
        keys = [Qt.Key.Key_Right] * 4 + [Qt.Key.Key_Down] * 3 + [Qt.Key.Key_Left] * 2 + [Qt.Key.Key_Down]
        for n in range(100):
            key = keys[n % len(keys)]
            moves.append(timed(lambda k=key: (QTest.keyClick(board.view, k), self.paint(view))))
        rows.append(("one arrow-key move + repaint (100 moves)", *summary(moves)))
        return rows

    def capture(self, ideas: int, repeat: int) -> list[float]:
        view = self.open(ideas)
        view.entry.setFocus()
        samples = []
        for n in range(repeat):
            view.entry.setPlainText(f"One more idea, number {n}, about the night-shift handover.")
            samples.append(timed(lambda: (QTest.keyClick(view.entry, Qt.Key.Key_Return), self.paint(view))))
        return samples

    def baseline(self, repeat: int) -> list[float]:
        """One insert in its own transaction (same pragmas as a session file) + one rect item."""
        conn = sqlite3.connect(self.folder / "baseline.sqlite", isolation_level=None)
        for pragma in ("journal_mode=DELETE", "synchronous=FULL", "foreign_keys=ON", "secure_delete=ON"):
            conn.execute(f"PRAGMA {pragma}")
        conn.execute("CREATE TABLE IF NOT EXISTS idea (id INTEGER PRIMARY KEY, text TEXT NOT NULL)")
        scene = QGraphicsScene()
        view = QGraphicsView(scene)
        view.resize(800, 600)
        view.show()
        items = []
        self.app.processEvents()

        def one(n: int) -> None:
            conn.execute("BEGIN")
            conn.execute("INSERT INTO idea (text) VALUES (?)", (f"idea {n}",))
            conn.execute("COMMIT")
            item = QGraphicsRectItem(0, 0, 220, 118)
            item.setPos((n % 5) * 232, (n // 5) * 130)
            scene.addItem(item)
            items.append(item)
            self.app.processEvents()
            self.app.processEvents()

        samples = [timed(lambda n=n: one(n)) for n in range(repeat)]
        conn.close()
        return samples


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="samples per figure (default 20)")
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory(prefix="board-bench-") as tmp:
        bench = Bench(app, Path(tmp))
        rows = bench.board_figures(args.repeat)
        base = bench.baseline(args.repeat)
        base_median = summary(base)[0]
        captures = [(n, bench.capture(n, args.repeat)) for n in (0, 500, 2000)]
        bench.window.close_session()

    print(f"\nBoard benchmark ({os.environ['QT_QPA_PLATFORM']}, window 1440x900, {args.repeat} samples)\n")
    print(f"{'what':<50} {'median ms':>10} {'p95 ms':>8}")
    for name, median, p95 in rows:
        print(f"{name:<50} {median:>10.1f} {p95:>8.1f}")
    head = "capture one idea (Enter) with N ideas on the board"
    print(f"\n{head:<50} {'median ms':>10} {'p95 ms':>8} {'x base':>7}")
    base_name = "baseline: insert+commit, add rect item, repaint"
    print(f"{base_name:<50} {base_median:>10.1f} {summary(base)[1]:>8.1f} {1:>7.1f}")
    for n, samples in captures:
        median, p95 = summary(samples)
        print(f"{f'  N = {n}':<50} {median:>10.1f} {p95:>8.1f} {median / base_median:>7.1f}")


if __name__ == "__main__":
    main()
