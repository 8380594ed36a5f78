"""One measurement per fresh interpreter. `run.py` starts these and reads one JSON line back.

    python -m benchmarks.probes startup-app FILE     the app, as `facilitator FILE` starts it
                                                     (--settled: after background work too)
    python -m benchmarks.probes startup-bare         import PySide6, QApplication, QMainWindow shown
    python -m benchmarks.probes capture FILE N       Enter → idea stored and its card on the board
    python -m benchmarks.probes capture-base FILE N  one SQLite insert + one QGraphicsItem in a scene
    python -m benchmarks.probes open WARM FILE       open a session until the event loop is idle
    python -m benchmarks.probes export FILE N        minutes PDF with charts vs a plain reportlab table
    python -m benchmarks.probes import FILE CSV N    CSV import vs executemany of the same rows, alternately
    python -m benchmarks.probes programme FOLDER N   programme report of the sessions in FOLDER vs plain
                                                     sqlite3 reads of their ideas and a plain table
    python -m benchmarks.probes room PHONES N        phones voting at once vs a static file, same server

Qt runs offscreen. "Idle" means every posted event, due timer, layout and paint has
been handled, and the loop answers a new zero timer within a frame (see `when_idle`).
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

# Export libraries, and the phones' room server and QR code (needed only once a room opens).
HEAVY = ("matplotlib", "reportlab", "numpy", "PIL", "pypdf", "aiohttp", "segno")


def emit(**values: object) -> None:
    print(json.dumps(values), flush=True)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def heavy_modules() -> list[str]:
    return [name for name in HEAVY if sys.modules.get(name) is not None]


# The loop counts as idle ("interactive") when a zero timer queued behind everything
# already due is answered within a frame.
QUIET_S = 0.020


def when_idle(callback) -> None:
    """Call `callback` once the event loop has nothing left to do, or answers within a frame.

    Qt's dispatcher says `aboutToBlock` before every wait, even one with a timer
    already due (a view that starts work with a zero timer when shown), so one
    signal is not enough: after it, a zero timer goes to the back of the queue,
    and the loop counts as idle when the next `aboutToBlock` follows that timer
    within `QUIET_S`. Work in a background thread does not hold this up unless it
    starves the UI thread of Python's lock for longer than that.
    """
    from PySide6.QtCore import QAbstractEventDispatcher, QTimer

    dispatcher = QAbstractEventDispatcher.instance()
    fired_at: list[float] = []

    def on_about_to_block() -> None:
        dispatcher.aboutToBlock.disconnect(on_about_to_block)
        if fired_at and time.perf_counter() - fired_at[-1] < QUIET_S:
            callback()
            return
        QTimer.singleShot(0, on_timer)

    def on_timer() -> None:
        fired_at.append(time.perf_counter())
        dispatcher.aboutToBlock.connect(on_about_to_block)

    dispatcher.aboutToBlock.connect(on_about_to_block)


def settle() -> None:
    """Run the event loop until it is idle (everything due handled and painted)."""
    from PySide6.QtCore import QEventLoop

    loop = QEventLoop()
    done: list[bool] = []

    def finish() -> None:
        done.append(True)
        loop.quit()

    when_idle(finish)
    if not done:
        loop.exec()


def _report_and_exit() -> None:
    emit(rss_mb=peak_rss_mb(), heavy=heavy_modules())
    os._exit(0)  # skip teardown: the measurement is over


# ---- start-up and memory ------------------------------------------------------------------


def startup_app(file: str, settled: bool = False) -> None:
    """Start exactly as `facilitator FILE` does; report when the loop first goes idle.

    `settled`: report only once background work (duplicate suggestions, a preview)
    has finished too and the loop is idle again, for the peak memory of the whole open.
    """
    from PySide6.QtCore import QThreadPool
    from PySide6.QtWidgets import QApplication

    real_exec = QApplication.exec

    def after_background_work() -> None:
        QThreadPool.globalInstance().waitForDone()
        when_idle(_report_and_exit)

    def exec_and_report(*args):
        when_idle(after_background_work if settled else _report_and_exit)
        return real_exec()

    QApplication.exec = exec_and_report
    from facilitator.cli import main

    main([file])


def startup_bare() -> None:
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication([sys.argv[0]])
    window = QMainWindow()
    window.resize(1280, 800)  # the app's window size, so both paint the same area
    window.show()
    when_idle(_report_and_exit)
    app.exec()


# ---- capture latency ------------------------------------------------------------------------


_COLLECTOR: list = []


def _window(file: str | None = None):
    from facilitator.ui.app import UiThreadCollector, make_application
    from facilitator.ui.shell.main_window import MainWindow

    app = make_application([sys.argv[0]])
    _COLLECTOR.append(UiThreadCollector())  # as the app runs: Python collects between events only
    window = MainWindow()
    window.show()
    if file:
        assert window.open_session(file), window.start.messages.text()
    settle()
    return app, window


def capture(file: str, presses: int) -> None:
    """Type an idea and press Enter in the round table, `presses` times; time each one from the
    key press until the idea is in the file and its card is on the board, painted."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from facilitator.core.model import Phase

    app, window = _window(file)
    window.show_phase(Phase.ROUND_TABLE)
    settle()
    view = window.workspace.view(Phase.ROUND_TABLE)
    cards = view.board.scene.cards
    store = window.model.store
    times = []
    for n in range(presses + 3):
        before = len(cards)
        view.entry.setPlainText(f"Protected time for training, idea {n} of the benchmark")
        settle()
        start = time.perf_counter()
        QTest.keyClick(view.entry, Qt.Key.Key_Return)
        app.processEvents()  # the new card painted
        elapsed = time.perf_counter() - start
        assert len(cards) == before + 1 and view.entry.toPlainText() == "", "the idea was not recorded"
        if n >= 3:  # the first presses warm caches
            times.append(elapsed)
    ideas = store.count("idea")
    emit(median_ms=statistics.median(times) * 1000, ideas_after=ideas, cards=len(cards))
    os._exit(0)


def capture_base(file: str, presses: int) -> None:
    """The least any app could do: one insert in its own transaction, with the app's durability
    settings on a copy of the same file, plus one item added to a shown scene that already
    holds a card for every idea."""
    from PySide6.QtWidgets import QGraphicsScene, QGraphicsSimpleTextItem, QGraphicsView

    from facilitator.ui.app import make_application

    app = make_application([sys.argv[0]])
    folder = tempfile.mkdtemp(prefix="bench-")
    copy = Path(folder) / "base.roundtable"
    shutil.copyfile(file, copy)
    conn = sqlite3.connect(copy, isolation_level=None)
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.execute("PRAGMA synchronous=FULL")
    scene = QGraphicsScene()
    view = QGraphicsView(scene)
    view.resize(1280, 800)
    view.show()
    items = []
    for n, (text,) in enumerate(conn.execute("SELECT text FROM idea")):
        item = QGraphicsSimpleTextItem(text[:40])
        item.setPos((n % 6) * 220, (n // 6) * 90)
        scene.addItem(item)
        items.append(item)
    settle()
    times = []
    for n in range(presses + 3):
        text = f"Protected time for training, idea {n} of the benchmark"
        start = time.perf_counter()
        conn.execute("BEGIN")
        conn.execute(
            "INSERT INTO idea (text, position, created_at, updated_at) VALUES (?, ?, ?, ?)",
            (text, len(items), "2026-11-19T10:00:00", "2026-11-19T10:00:00"),
        )
        conn.execute("COMMIT")
        item = QGraphicsSimpleTextItem(text)
        item.setPos((len(items) % 6) * 220, (len(items) // 6) * 90)
        scene.addItem(item)
        items.append(item)
        view.ensureVisible(item)
        app.processEvents()
        elapsed = time.perf_counter() - start
        if n >= 3:
            times.append(elapsed)
    conn.close()
    shutil.rmtree(folder, ignore_errors=True)
    emit(median_ms=statistics.median(times) * 1000)
    os._exit(0)


# ---- open large ---------------------------------------------------------------------------------


def open_session(warm: str, file: str) -> None:
    """Open `warm` first (imports every module the phase needs), close it, then time opening
    `file` until the event loop is idle with the session on screen."""
    _app, window = _window()
    assert window.open_session(warm)
    settle()
    window.close_session()
    settle()
    start = time.perf_counter()
    assert window.open_session(file), window.start.messages.text()
    settle()
    elapsed = time.perf_counter() - start
    emit(
        seconds=elapsed,
        rss_mb=peak_rss_mb(),
        ideas=window.model.store.count("idea"),
        phase=window.workspace.current_phase.value,
    )
    os._exit(0)


# ---- export -------------------------------------------------------------------------------------


def plain_table_pdf(texts: list[str], font: str, size: float) -> bytes:
    """The baseline: reportlab laying out the same texts as one plain table, in the same font."""
    import io
    from xml.sax.saxutils import escape

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm)
    style = ParagraphStyle("idea", fontName=font, fontSize=size, leading=size * 1.3)
    rows = [[Paragraph(escape(t).replace("\n", "<br/>"), style)] for t in texts]
    doc.build([Table(rows, colWidths=[doc.width])])
    return out.getvalue()


def export(file: str, rounds: int) -> None:
    """Build the minutes PDF (charts included) and the plain table, alternately, `rounds` times."""
    from facilitator.export.fonts import register_fonts
    from facilitator.export.minutes_pdf import build_minutes_pdf, stylesheet
    from facilitator.store.session_store import SessionStore

    store = SessionStore.open(file, read_only=True)
    state = store.load()
    store.close()
    texts = [i.text for i in state.ideas]
    regular, bold = register_fonts()
    size = _body_size(stylesheet(regular, bold))
    plain = _plain_font(regular)
    build_minutes_pdf(state, charts=True)  # warm-up: imports, fonts, matplotlib caches
    plain_table_pdf(texts, plain, size)
    app_times, base_times = [], []
    pages = 0
    for _ in range(rounds):
        start = time.perf_counter()
        data = build_minutes_pdf(state, charts=True)
        app_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        plain_table_pdf(texts, plain, size)
        base_times.append(time.perf_counter() - start)
        pages = data.count(b"/Type /Page\n") or data.count(b"/Type /Page")
    emit(
        app_s=statistics.median(app_times),
        base_s=statistics.median(base_times),
        ideas=len(texts),
        pages=pages,
        font=regular,
        size=size,
    )


def _plain_font(name: str) -> str:
    """The app's font file registered as reportlab's stock TrueType font, so the baseline is
    plain reportlab (the app registers its fonts with a cache of measured widths)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from facilitator.export.fonts import font_path

    plain = f"{name}-plain"
    pdfmetrics.registerFont(TTFont(plain, str(font_path(name))))
    return plain


def _body_size(styles: dict) -> float:
    """The font size the minutes print ideas in (their body style)."""
    for key in ("idea", "body", "normal", "Normal"):
        style = styles.get(key)
        if style is not None and hasattr(style, "fontSize"):
            return float(style.fontSize)
    return 10.0


# ---- CSV import ------------------------------------------------------------------------------------


def csv_import(file: str, csv_path: str, rounds: int) -> None:
    """Import a CSV of ideas into a copy of `file` as `facilitator import` does (read, parse,
    check, one operation), against `executemany` of the same rows (text, theme, place) into the
    same table in one transaction on another copy, with the app's durability settings;
    alternately, `rounds` times after one round that warms up."""
    from facilitator.export.csv_io import parse_ideas_csv
    from facilitator.ops.importing import import_ideas
    from facilitator.store.session_store import SessionStore

    folder = Path(tempfile.mkdtemp(prefix="bench-import-"))
    source = Path(csv_path)
    app_times, base_times = [], []
    rows = 0
    for n in range(rounds + 1):  # the first round warms up (caches, lazy imports) and is not counted
        copy = folder / f"app-{n}.roundtable"
        shutil.copyfile(file, copy)
        store = SessionStore.open(copy)
        start = time.perf_counter()
        ideas = parse_ideas_csv(source.read_bytes())
        result = import_ideas(store, ideas).value
        if n:
            app_times.append(time.perf_counter() - start)
        rows = len(result.idea_ids)
        store.close()

        copy = folder / f"base-{n}.roundtable"
        shutil.copyfile(file, copy)
        conn = sqlite3.connect(copy, isolation_level=None)
        conn.execute("PRAGMA journal_mode=DELETE")
        conn.execute("PRAGMA synchronous=FULL")
        stamp = "2026-11-19T10:00:00"
        # The same rows: each idea's text, its theme (the file's themes are the session's) and place.
        theme_ids = {name.casefold(): id for id, name in conn.execute("SELECT id, name FROM theme")}
        values = [
            (idea.text, theme_ids.get(idea.theme.casefold()), index, stamp, stamp)
            for index, idea in enumerate(ideas)
        ]
        start = time.perf_counter()
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT INTO idea (text, theme_id, position, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
            values,
        )
        conn.execute("COMMIT")
        if n:
            base_times.append(time.perf_counter() - start)
        conn.close()
    shutil.rmtree(folder, ignore_errors=True)
    emit(app_s=statistics.median(app_times), base_s=statistics.median(base_times), rows=rows)


# ---- programme roll-up ----------------------------------------------------------------------------


def programme(folder: str, rounds: int) -> None:
    """The programme report as `facilitator report --pdf` builds it (read every session
    read-only, roll up, lay out the PDF with its chart), against plain `sqlite3` reads of the
    same sessions' ideas and a plain reportlab table of them; alternately, `rounds` times
    after one round that warms up."""
    from facilitator.export.fonts import register_fonts
    from facilitator.export.programme_report import build_programme_pdf
    from facilitator.store.programme import programme_from_paths, session_paths

    paths = session_paths([folder])
    regular, _bold = register_fonts()
    plain = _plain_font(regular)
    app_times, base_times = [], []
    sessions = ideas = 0
    for n in range(rounds + 1):
        start = time.perf_counter()
        rolled_up = programme_from_paths(paths)
        build_programme_pdf(rolled_up)
        if n:
            app_times.append(time.perf_counter() - start)
        sessions = len(rolled_up.sessions)

        start = time.perf_counter()
        texts = []
        for path in paths:
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
            texts += [text for (text,) in conn.execute("SELECT text FROM idea ORDER BY id")]
            conn.close()
        plain_table_pdf(texts, plain, 9.5)
        if n:
            base_times.append(time.perf_counter() - start)
        ideas = len(texts)
    emit(
        app_s=statistics.median(app_times),
        base_s=statistics.median(base_times),
        sessions=sessions,
        ideas=ideas,
    )


# ---- phones in the room ---------------------------------------------------------------------


def room(phones: int, rounds: int) -> None:
    """`phones` simulated phones join and vote at once against the real room server on
    127.0.0.1 (no Qt: the file is owned by the headless host), each also reading the static
    style sheet. The 95th percentile of ballot responses against that of the static file."""
    from benchmarks.room_load import crowd, p95
    from facilitator.core.model import Phase
    from facilitator.ops import ideas as idea_ops
    from facilitator.ops import session as session_ops
    from facilitator.room.host import FileHost
    from facilitator.room.room import Mode, Room
    from facilitator.room.server import RoomServer
    from facilitator.store.session_store import SessionStore

    ballot_p95, state_p95, static_p95 = [], [], []
    folder = Path(tempfile.mkdtemp(prefix="room-bench-"))
    try:
        for n in range(rounds):
            path = folder / f"room-{n}.roundtable"
            store = SessionStore.create(path)
            for k in range(12):
                idea_ops.add_idea(store, f"Idea {k}")
            session_ops.set_phase(store, Phase.VOTE)
            store.close()  # seals the (anonymous) session: the ideas get new random ids
            store = SessionStore.open(path, read_only=True)
            ids = [i.id for i in store.ideas()]
            store.close()
            host = FileHost(path)
            the_room = Room(host, Mode.VOTE)
            server = RoomServer(the_room, "127.0.0.1", 0, joins_per_address=None)  # all on 127.0.0.1
            server.start()
            ballots = [{ids[k % 12]: 3, ids[(k + 5) % 12]: 2} for k in range(phones)]
            try:
                seen = crowd(f"http://127.0.0.1:{server.port}", the_room.code, ballots, static_reads=3)
            finally:
                server.stop()
                the_room.close()
                host.close()
            assert set(seen.statuses) == {200}, sorted(set(seen.statuses))
            ballot_p95.append(p95(seen.seconds["ballot"]))
            state_p95.append(p95(seen.seconds["state"]))
            static_p95.append(p95(seen.seconds["static"]))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    emit(
        ballot_s=statistics.median(ballot_p95),
        state_s=statistics.median(state_p95),
        static_s=statistics.median(static_p95),
        phones=phones,
    )


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    what, *args = sys.argv[1:]
    if what == "startup-app":
        startup_app(args[0], settled="--settled" in args[1:])
    elif what == "startup-bare":
        startup_bare()
    elif what == "capture":
        capture(args[0], int(args[1]))
    elif what == "capture-base":
        capture_base(args[0], int(args[1]))
    elif what == "open":
        open_session(args[0], args[1])
    elif what == "export":
        export(args[0], int(args[1]))
    elif what == "import":
        csv_import(args[0], args[1], int(args[2]))
    elif what == "programme":
        programme(args[0], int(args[1]))
    elif what == "room":
        room(int(args[0]), int(args[1]))
    else:
        raise SystemExit(f"unknown probe {what!r}")


if __name__ == "__main__":
    main()
