"""`facilitator --selftest`: the installed or built app checks itself, without a screen.

It runs the real code paths a facilitator depends on (Qt and its plugins, the
bundled font and icon, the main window, the operations, every phase view that
is built, the minutes export, the file check) in a temporary folder, prints
one line per check and exits 0 only if nothing failed. A frozen build imports
phase views and exporters dynamically, so this is how a missing module in the
bundle shows up before a user finds it.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import platform
import re
import shutil
import sys
import tempfile
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from facilitator import APP_NAME, FILE_SUFFIX, __version__
from facilitator.resources import resources_dir

FONT_FILE = "DejaVuSans.ttf"
FONT_FAMILY = "DejaVu Sans"
# Accents, Greek and Cyrillic must print: one letter of each is enough to prove the font covers them.
FONT_SAMPLE = "éΩЖ"
ICON_FILE = "facilitator.svg"
MINUTES_MODULE = "facilitator.export.minutes_pdf"
# Said by the offscreen platform plugin itself on every window; not about the app.
QT_NOISE = ("This plugin does not support propagateSizeHints",)
# Ideas recorded through the real operation; non-ASCII on purpose (stored and exported, never printed).
IDEAS = (
    "Protected ten-minute breaks between back-to-back meetings",
    "Café-style drop-in with the ward manager once a week",
    "Team training in small groups: Ωmega drill, Жизнь module",
    "استراحة قصيرة بين الاجتماعات",  # right to left: the PDF shapes and reorders it (bidi libraries)
)


class CheckFailed(Exception):
    """A check found a problem; the message says what."""


class CheckSkipped(Exception):
    """A check does not apply to this build; the message says why."""


@dataclass
class Outcome:
    name: str
    status: str  # PASS, FAIL or SKIPPED
    detail: str


@dataclass
class SelfTest:
    """Runs the checks in order; later checks use what earlier ones made (the window, the file)."""

    folder: Path
    out: TextIO
    outcomes: list[Outcome] = field(default_factory=list)
    qt_messages: list[str] = field(default_factory=list)
    callback_errors: list[str] = field(default_factory=list)
    app: object = None
    window: object = None
    session: Path | None = None
    cli_main: Callable[[list[str]], int] | None = None  # the command line's `main`, for `check`

    # ---- running ----------------------------------------------------------------------------

    def run(self, name: str, check: Callable[[], str]) -> None:
        try:
            outcome = Outcome(name, "PASS", check())
        except CheckSkipped as exc:
            outcome = Outcome(name, "SKIPPED", str(exc))
        except CheckFailed as exc:
            outcome = Outcome(name, "FAIL", str(exc))
        except Exception as exc:  # a bug or a missing module: report it, keep checking the rest
            where = traceback.extract_tb(exc.__traceback__)[-1]
            outcome = Outcome(
                name, "FAIL", f"{type(exc).__name__}: {exc} ({Path(where.filename).name}:{where.lineno})"
            )
        self.outcomes.append(outcome)
        print(f"{outcome.status:<8} {outcome.name}: {outcome.detail}", file=self.out, flush=True)

    def settle(self, seconds: int = 60) -> None:
        """Let background work the views started (previews, exports) finish and report."""
        from PySide6.QtCore import QThreadPool

        QThreadPool.globalInstance().waitForDone(seconds * 1000)
        self.app.processEvents()

    def needs_window(self):
        if self.window is None or self.window.model is None:
            raise CheckFailed("not run: the main window did not open a session")
        return self.window

    # ---- the checks -------------------------------------------------------------------------------

    def check_qt(self) -> str:
        from PySide6.QtCore import qVersion
        from PySide6.QtGui import QGuiApplication

        from facilitator.ui.app import make_application

        self.app = make_application([sys.argv[0]])
        return f"Qt {qVersion()}, platform {QGuiApplication.platformName()}"

    def check_font(self) -> str:
        from PySide6.QtGui import QRawFont

        from facilitator.ui.app import register_bundled_fonts

        path = resources_dir() / "fonts" / FONT_FILE
        if not path.is_file():
            raise CheckFailed(f"{FONT_FILE} is missing from {path.parent}")
        families = register_bundled_fonts()
        if FONT_FAMILY not in families:
            raise CheckFailed(f"the app registered {families or 'no fonts'}, not {FONT_FAMILY!r}")
        raw = QRawFont(str(path), 12)
        missing = [f"U+{ord(c):04X}" for c in FONT_SAMPLE if not raw.supportsCharacter(ord(c))]
        if missing:
            raise CheckFailed(f"{FONT_FILE} has no glyph for {', '.join(missing)}")
        return f"{FONT_FILE} is registered with Qt as {FONT_FAMILY!r}, with accents, Greek and Cyrillic"

    def check_icon(self) -> str:
        from PySide6.QtGui import QGuiApplication

        path = resources_dir() / "icons" / ICON_FILE
        if not path.is_file():
            raise CheckFailed(f"{ICON_FILE} is missing from {path.parent}")
        icon = QGuiApplication.windowIcon()
        sizes = (16, 32, 256)
        blank = [s for s in sizes if icon.pixmap(s, s).isNull()]
        if icon.isNull() or blank:
            raise CheckFailed("the window icon is empty: is Qt's SVG icon engine plugin in the build?")
        return f"the window icon draws from {ICON_FILE} at {', '.join(map(str, sizes))} px"

    def check_window(self) -> str:
        from facilitator.ui.shell.main_window import MainWindow

        self.window = MainWindow()
        self.window.show()
        self.session = self.folder / f"selftest{FILE_SUFFIX}"
        if not self.window.new_session(self.session):
            raise CheckFailed(f"could not create and open a new session in {self.folder}")
        self.app.processEvents()
        shot = self.window.grab()
        if shot.isNull() or shot.width() < 100:
            raise CheckFailed("the main window did not draw")
        return (
            f"opened a new session in a temporary folder; the window draws at {shot.width()}x{shot.height()}"
        )

    def check_ideas(self) -> str:
        from facilitator.ops.ideas import add_idea

        window = self.needs_window()
        model = window.model
        for text in IDEAS:
            if model.run("Add idea", add_idea, text) is None:
                raise CheckFailed(f"the add-idea operation refused or failed: {model.last_write_error}")
        count = len(model.store.ideas())
        if count != len(IDEAS):
            raise CheckFailed(f"recorded {len(IDEAS)} ideas but the file holds {count}")
        model.undo_stack.undo()
        after_undo = len(model.store.ideas())
        model.undo_stack.redo()
        after_redo = len(model.store.ideas())
        if (after_undo, after_redo) != (count - 1, count):
            raise CheckFailed(
                f"undo/redo left {after_undo} then {after_redo} ideas, not {count - 1}, {count}"
            )
        stored = sorted(i.text for i in model.store.ideas())
        if stored != sorted(IDEAS):
            raise CheckFailed("the stored idea texts differ from what was typed")
        return f"recorded {count} ideas through the add-idea operation; undo and redo replay exactly"

    def check_views(self) -> str:
        from facilitator.core.model import Phase
        from facilitator.ui.phases.base import PlaceholderView, is_built

        window = self.needs_window()
        built, not_built = [], []
        for phase in Phase:
            window.workspace.show_phase(phase)
            self.app.processEvents()
            view = window.workspace.view(phase)
            if is_built(phase):
                if isinstance(view, PlaceholderView):
                    raise CheckFailed(f"the {phase.value} view exists but was not loaded")
                built.append(phase.value)
            else:
                not_built.append(phase.value)
        window.workspace.show_phase(Phase.SETUP)
        self.settle()
        detail = f"{len(built)} built ({', '.join(built) or 'none'})"
        if not_built:
            detail += f"; not built yet: {', '.join(not_built)}"
        return detail

    def check_minutes(self) -> str:
        import importlib
        import importlib.util

        if importlib.util.find_spec(MINUTES_MODULE) is None:
            raise CheckSkipped("not available in this build")
        window = self.needs_window()
        build = getattr(importlib.import_module(MINUTES_MODULE), "build_minutes_pdf", None)
        if build is None:
            raise CheckFailed(f"{MINUTES_MODULE} has no build_minutes_pdf(state)")
        pdf = self.folder / "minutes.pdf"
        pdf.write_bytes(build(window.model.store.load()))
        pages, fonts = pdf_facts(pdf)
        if FONT_FAMILY.replace(" ", "") not in fonts:
            raise CheckFailed(f"the minutes PDF does not embed the bundled font (fonts: {fonts or 'none'})")
        return f"wrote a {pages}-page minutes PDF ({pdf.stat().st_size:,} bytes) that embeds {FONT_FAMILY}"

    def check_room(self) -> str:
        """The phones' room: its web server, the phone page and the QR code are all there."""
        import urllib.request

        from facilitator.room.room import Mode
        from facilitator.ui.common.room_panel import qr_pixmap
        from facilitator.ui.session.room import controller_for

        controller = controller_for(self.needs_window().model)
        url = controller.open(Mode.VOTE, "127.0.0.1", 0)
        try:
            opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback, never a proxy
            with opener.open(url, timeout=10) as page:
                body, policy = page.read(), page.headers.get("Content-Security-Policy", "")
            if b'id="ballot"' not in body or "default-src 'none'" not in policy:
                raise CheckFailed("the room served something other than the phone page")
            if qr_pixmap(url).isNull():
                raise CheckFailed("the QR code to join the room could not be drawn")
        finally:
            controller.close()
        return "served the phone page on 127.0.0.1, drew its QR code, and closed the room"

    def check_file(self) -> str:
        from facilitator.store.schema import SCHEMA_VERSION

        window = self.needs_window()
        window.close_session()  # the file at rest, as a user would email it
        if self.cli_main is None:
            raise CheckSkipped("no command line to call")
        status, said = _call_cli(self.cli_main, ["check", "--json", str(self.session)])
        if status != 0:
            raise CheckFailed(f"'facilitator check' exited {status}: {said}")
        facts = json.loads(said)
        if facts["ideas"] != len(IDEAS) or facts["schema_version"] != SCHEMA_VERSION:
            raise CheckFailed(f"'facilitator check' reports {facts}")
        return (
            f"'facilitator check' passes: schema version {facts['schema_version']}, "
            f"{facts['ideas']} ideas, integrity ok"
        )

    def check_about(self) -> str:
        from facilitator.ui.shell.dialogs import AboutBox

        about = AboutBox(None)
        text = about.browser.toPlainText()
        about.deleteLater()
        missing = [
            w for w in (__version__, "LGPL", "BSD", "matplotlib", "Where your data lives") if w not in text
        ]
        if missing:
            raise CheckFailed(f"the About box lacks {missing}")
        return "shows the version, the licences and where the data lives"

    def check_callbacks(self) -> str:
        if self.callback_errors:
            more = f" (and {len(self.callback_errors) - 1} more)" if len(self.callback_errors) > 1 else ""
            raise CheckFailed(f"an exception escaped a Qt callback: {self.callback_errors[0]}{more}")
        return "no exception escaped a slot or a background job"

    # ---- summary ----------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        return {s: sum(o.status == s for o in self.outcomes) for s in ("PASS", "FAIL", "SKIPPED")}


def _call_cli(main: Callable[[list[str]], int], argv: list[str]) -> tuple[int, str]:
    """Run a CLI verb in this process (the same code as the command), capturing what it prints."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(argv)
    said = out.getvalue().strip() if status == 0 else (err.getvalue() or out.getvalue()).strip()
    return status, said


def pdf_facts(path: Path) -> tuple[int, list[str]]:
    """Page count and font names of a PDF, read from its bytes (pypdf is not part of the app).

    Raises CheckFailed if the file is not a whole PDF.
    """
    data = path.read_bytes()
    if not data.startswith(b"%PDF-"):
        raise CheckFailed(f"{path.name} is not a PDF")
    if b"%%EOF" not in data[-1024:]:
        raise CheckFailed(f"{path.name} is cut short (no end-of-file marker)")
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))
    if pages < 1:
        raise CheckFailed(f"{path.name} has no pages")
    fonts = sorted({m.decode("latin-1") for m in re.findall(rb"/BaseFont\s*/(?:[A-Z]{6}\+)?([\w-]+)", data)})
    return pages, fonts


def _use_offscreen_without_display() -> None:
    """No screen (a server, CI, a terminal): draw offscreen. With a screen, use it."""
    if os.environ.get("QT_QPA_PLATFORM"):
        return
    headless = sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    )
    if headless:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"


@contextlib.contextmanager
def _recent_files_kept():
    """Opening the temporary session adds it to the recent files; put the user's list back after."""
    from PySide6.QtCore import QSettings

    settings = QSettings(APP_NAME, APP_NAME)
    had = settings.contains("recentFiles")
    before = settings.value("recentFiles")
    try:
        yield
    finally:
        settings = QSettings(APP_NAME, APP_NAME)
        if had:
            settings.setValue("recentFiles", before)
        else:
            settings.remove("recentFiles")
        settings.sync()


@contextlib.contextmanager
def _callback_errors_collected(into: list[str]):
    """An exception in a slot or a worker does not stop Qt; PySide6 hands it to sys.excepthook.
    Collect them, so a view that breaks while it refreshes fails the self-test."""
    previous = sys.excepthook

    def hook(kind, exc, tb) -> None:
        frames = traceback.extract_tb(tb)
        where = f" ({Path(frames[-1].filename).name}:{frames[-1].lineno})" if frames else ""
        into.append(f"{kind.__name__}: {exc}{where}")

    sys.excepthook = hook
    try:
        yield
    finally:
        sys.excepthook = previous


@contextlib.contextmanager
def _qt_messages_collected(into: list[str]):
    """Qt's own warnings (a plugin that failed to load, a missing font) are shown as notes."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    def handler(kind, _context, message: str) -> None:
        if kind != QtMsgType.QtDebugMsg and not message.startswith(QT_NOISE):
            into.append(message)

    previous = qInstallMessageHandler(handler)
    try:
        yield
    finally:
        qInstallMessageHandler(previous)


def run_selftest(cli_main: Callable[[list[str]], int], out: TextIO | None = None) -> int:
    """Run every check, print one line each and a summary. 0 if none failed, else 1.

    `cli_main` is the command line's `main`: the CLI passes itself in, so this module
    never imports the CLI that imports it."""
    out = out or sys.stdout
    _use_offscreen_without_display()
    kind = "built app" if getattr(sys, "frozen", False) else "from source"
    print(
        f"{APP_NAME} {__version__} self-test ({kind}, Python {platform.python_version()}, {sys.platform})",
        file=out,
    )
    print(f"resources: {resources_dir()}", file=out)
    folder = Path(tempfile.mkdtemp(prefix="facilitator-selftest-"))
    test = SelfTest(folder, out, cli_main=cli_main)
    try:
        with _qt_messages_collected(test.qt_messages), _callback_errors_collected(test.callback_errors):
            test.run("qt", test.check_qt)
            if test.app is None:
                return _finish(test)
            with _recent_files_kept():
                test.run("bundled font", test.check_font)
                test.run("app icon", test.check_icon)
                test.run("main window", test.check_window)
                test.run("record ideas", test.check_ideas)
                test.run("phase views", test.check_views)
                test.run("minutes export", test.check_minutes)
                test.run("phones' room", test.check_room)
                test.run("session file", test.check_file)
                test.run("about box", test.check_about)
                if test.window is not None:
                    test.settle()
                    test.window.close()
                    test.window.deleteLater()
                    test.window = None
                    test.app.processEvents()
                test.run("callbacks", test.check_callbacks)
        return _finish(test)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _finish(test: SelfTest) -> int:
    for message in dict.fromkeys(test.qt_messages):
        print(f"note     Qt said: {message}", file=test.out)
    n = test.counts()
    print(
        f"selftest: {n['PASS']} passed, {n['FAIL']} failed, {n['SKIPPED']} skipped", file=test.out, flush=True
    )
    return 1 if n["FAIL"] else 0


__all__ = ["pdf_facts", "run_selftest"]
