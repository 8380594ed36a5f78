"""The main window only composes: start screen or workspace, menus, status bar."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QStandardPaths, Qt
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QMainWindow, QStackedWidget, QWidget

from facilitator import APP_NAME, FILE_SUFFIX
from facilitator.core.display import quoted_name
from facilitator.core.model import Phase
from facilitator.store.errors import SessionFileError
from facilitator.store.session_store import SessionStore
from facilitator.ui.common import user_defaults
from facilitator.ui.session.session_model import SessionModel
from facilitator.ui.shell import dialogs
from facilitator.ui.shell.actions import ACTIONS, ActionSpec, key_sequences
from facilitator.ui.shell.appearance import Appearance, Look
from facilitator.ui.shell.start_screen import StartScreen
from facilitator.ui.shell.timer_strip import set_soft_signal, soft_signal_enabled
from facilitator.ui.shell.undo_keys import UndoKeys
from facilitator.ui.shell.workspace import Workspace

if TYPE_CHECKING:  # the presenter display is imported when it is first opened (F5), not at start-up
    from facilitator.ui.presenter.window import PresenterDisplay

MAX_RECENT = 8
FILE_FILTER = f"Facilitator sessions (*{FILE_SUFFIX})"


def settings() -> QSettings:
    return QSettings(APP_NAME, APP_NAME)


class MainWindow(QMainWindow):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle(APP_NAME)
        self.resize(1280, 800)
        self.model: SessionModel | None = None
        self.workspace: Workspace | None = None
        self._dialogs: list[QWidget] = []
        self.presenter: PresenterDisplay | None = None
        self.appearance = Appearance(QApplication.instance())
        self.appearance.apply()

        self.start = StartScreen()
        self.start.new_requested.connect(self.on_new)
        self.start.open_requested.connect(self.on_open)
        self.start.demo_requested.connect(self.on_demo)
        self.start.recent_requested.connect(self.open_session)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.start)
        self.setCentralWidget(self.pages)

        self.saved_label = QLabel()
        self.saved_label.setObjectName("savedIndicator")
        self.saved_label.setAccessibleName("Save status")
        self.statusBar().addPermanentWidget(self.saved_label)

        self.actions_by_key: dict[str, QAction] = {}
        self._build_menus()
        self.undo_keys = UndoKeys(self)  # Ctrl+Z reaches Edit > Undo from a text box with nothing to undo
        self._refresh_recent()
        self._update_enabled()
        self._show_look()
        self.actions_by_key["soft_signal"].setChecked(soft_signal_enabled())

    # ---- menus --------------------------------------------------------------------------

    def _build_menus(self) -> None:
        menus: dict[str, object] = {}
        for spec in ACTIONS:
            menu = menus.get(spec.menu)
            if menu is None:
                menu = menus[spec.menu] = self.menuBar().addMenu(spec.menu)
            action = self._make_action(spec)
            menu.addAction(action)
            if spec.key == "open":
                self.recent_menu = menu.addMenu("Open &recent")
                self.recent_menu.setObjectName("recentMenu")

    def _make_action(self, spec: ActionSpec) -> QAction:
        action = QAction(spec.text, self)
        action.setObjectName(f"action_{spec.key}")
        # Every key the platform binds (Close: Ctrl+F4 and Ctrl+W), as the F1 sheet lists them.
        action.setShortcuts(key_sequences(spec))
        action.setCheckable(spec.checkable)
        action.setStatusTip(spec.tip)
        action.setToolTip(spec.tip)
        action.triggered.connect(getattr(self, spec.slot))
        self.actions_by_key[spec.key] = action
        return action

    def _update_enabled(self) -> None:
        has_session = self.model is not None
        for spec in ACTIONS:
            if spec.needs_session:
                self.actions_by_key[spec.key].setEnabled(has_session)
        if self.model is not None:
            stack = self.model.undo_stack
            self.actions_by_key["undo"].setEnabled(stack.canUndo())
            self.actions_by_key["redo"].setEnabled(stack.canRedo())

    # ---- sessions -----------------------------------------------------------------------

    def open_session(self, path: str | Path) -> bool:
        """Open a session file. A bad file gets a message and nothing else happens."""
        path = Path(path)
        try:
            store = SessionStore.open(path)
        except SessionFileError as exc:
            self.show_error(exc.message)
            return False
        # The store holds the file's lock (by device and inode, so a hard link finds it too).
        self._set_model(SessionModel(store))
        if store.in_use:
            self.workspace.messages.show_message(
                "This session is already open in another Facilitator window (or another program is "
                "importing into it), so it is open here read-only. Close the other window to edit it, "
                "or use Save as to work on a copy.",
                "warning",
                ("Save as…", self.on_save_as),
            )
        self._remember(path)
        return True

    def new_session(self, path: str | Path) -> bool:
        path = Path(path)
        if path.suffix != FILE_SUFFIX:
            path = path.with_name(path.name + FILE_SUFFIX)
        try:
            SessionStore.create(
                path, title=path.stem.replace("_", " ").replace("-", " ").strip() or "Session"
            ).close()  # opened again below, with its lock
        except OSError as exc:
            self.show_error(f"Could not create {path.name}: {exc.strerror or exc}")
            return False
        if not self.open_session(path):
            return False
        user_defaults.apply_to_new_session(self.model)  # the facilitator's saved rules, if any
        return True

    def _set_model(self, model: SessionModel) -> None:
        self.close_session()
        self.model = model
        self.workspace = Workspace(model)
        self.workspace.save_as_requested.connect(self.on_save_as)
        self.workspace.phase_changed.connect(self.on_phase_changed)
        self.pages.addWidget(self.workspace)
        self.pages.setCurrentWidget(self.workspace)
        model.undo_stack.indexChanged.connect(self._update_enabled)
        model.undo_stack.undoTextChanged.connect(self.on_undo_text_changed)
        model.undo_stack.redoTextChanged.connect(self.on_redo_text_changed)
        model.saved.connect(self._show_saved)
        model.write_failed.connect(self._show_not_saved)
        self._show_saved()
        self.setWindowTitle(f"{quoted_name(model.store.path.name)} — {APP_NAME}")
        self._update_enabled()

    def close_session(self) -> None:
        self.close_presenter()
        if self.workspace is not None:
            self.pages.removeWidget(self.workspace)
            self.workspace.deleteLater()
            self.workspace = None
        if self.model is not None:
            self.model.close()
            self.model = None
        self.pages.setCurrentWidget(self.start)
        self.setWindowTitle(APP_NAME)
        self.saved_label.clear()
        self._refresh_recent()
        self._update_enabled()

    def save_session_as(self, target: str | Path) -> bool:
        assert self.model is not None
        target = Path(target)
        if target.suffix != FILE_SUFFIX:
            target = target.with_name(target.name + FILE_SUFFIX)
        try:
            self.model.store.save_as(target)
        except OSError as exc:
            self.workspace.messages.show_message(
                f"Could not save a copy to {target}: {exc.strerror or exc}", "error"
            )
            return False
        self.workspace.messages.show_message(
            f"Saved a copy as {target.name}. You are now working in the copy."
        )
        self.setWindowTitle(f"{quoted_name(target.name)} — {APP_NAME}")
        self._remember(target)
        self._show_saved()
        return True

    def show_error(self, message: str) -> None:
        if self.workspace is not None and self.pages.currentWidget() is self.workspace:
            self.workspace.messages.show_message(message, "error")
        else:
            self.start.messages.show_message(message, "error")

    # ---- status ---------------------------------------------------------------------------

    def _show_saved(self) -> None:
        if self.model is None:
            return
        if self.model.read_only:
            self.saved_label.setText("Read-only: changes cannot be saved")
        else:
            self.saved_label.setText("All changes saved")
        self.saved_label.setAccessibleDescription(self.saved_label.text())

    def _show_not_saved(self, _message: str) -> None:
        self.saved_label.setText("Last change NOT saved")
        self.saved_label.setAccessibleDescription(self.saved_label.text())

    def on_undo_text_changed(self, text: str) -> None:
        self.actions_by_key["undo"].setText(f"&Undo {text}".strip())

    def on_redo_text_changed(self, text: str) -> None:
        self.actions_by_key["redo"].setText(f"&Redo {text}".strip())

    # ---- recent files -----------------------------------------------------------------------

    def recent_files(self) -> list[str]:
        value = settings().value("recentFiles", [])
        if isinstance(value, str):
            value = [value]
        return [p for p in (value or []) if Path(p).exists()]

    def _remember(self, path: Path) -> None:
        path_text = str(path.resolve())
        recent = [p for p in self.recent_files() if p != path_text]
        settings().setValue("recentFiles", [path_text, *recent][:MAX_RECENT])
        self._refresh_recent()

    def _refresh_recent(self) -> None:
        recent = self.recent_files()
        self.start.set_recent(recent)
        self.recent_menu.clear()
        for path in recent:
            action = self.recent_menu.addAction(Path(path).name)
            action.setToolTip(path)
            action.triggered.connect(lambda _=False, p=path: self.open_session(p))
        self.recent_menu.setEnabled(bool(recent))

    # ---- action slots ---------------------------------------------------------------------------

    def _documents(self) -> str:
        return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)

    def on_new(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "New session", str(Path(self._documents()) / f"session{FILE_SUFFIX}"), FILE_FILTER
        )
        if path:
            self.new_session(path)

    def on_open(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open session", self._documents(), FILE_FILTER)
        if path:
            self.open_session(path)

    def on_demo(self) -> None:
        from facilitator.demo import build_demo

        folder = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"demo{FILE_SUFFIX}"
        if not path.exists():
            build_demo(path)
        self.open_session(path)

    def new_followup(self, old: str | Path, new: str | Path) -> bool:
        """Write a follow-up of `old` to `new` (the old file is only read) and open it."""
        from facilitator.core.errors import RuleError
        from facilitator.ops.followup import create_followup

        new = Path(new)
        if new.suffix != FILE_SUFFIX:
            new = new.with_name(new.name + FILE_SUFFIX)
        try:
            made = create_followup(old, new)
        except SessionFileError as exc:
            self.show_error(exc.message)
            return False
        except RuleError as exc:
            self.show_error(str(exc))
            return False
        except OSError as exc:
            self.show_error(f"Could not create {new.name}: {exc.strerror or exc}")
            return False
        if not self.open_session(new):
            return False
        self.workspace.messages.show_message(
            f"A follow-up of {made.predecessor.title}: {made.carried} actions to review with the room, "
            f"and {made.participants} people to confirm."
        )
        self.workspace.show_phase(Phase.SETUP)
        return True

    def on_new_followup(self) -> None:
        start = str(self.model.store.path) if self.model is not None else self._documents()
        old, _ = QFileDialog.getOpenFileName(self, "Follow up which session?", start, FILE_FILTER)
        if not old:
            return
        suggested = Path(old).with_name(f"{Path(old).stem}-follow-up{FILE_SUFFIX}")
        new, _ = QFileDialog.getSaveFileName(self, "New follow-up session", str(suggested), FILE_FILTER)
        if new:
            self.new_followup(old, new)

    def on_open_programme(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self, "Open programme: choose session files", self._documents(), FILE_FILTER
        )
        if paths:
            self.open_programme(paths)

    def open_programme(self, paths: list[str | Path]):
        from facilitator.ui.programme.window import ProgrammeWindow

        window = ProgrammeWindow(paths)
        self._keep(window)
        return window

    def on_save_as(self) -> None:
        if self.model is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self, "Save session as", str(self.model.store.path), FILE_FILTER
        )
        if path:
            self.save_session_as(path)

    def on_import_csv(self) -> None:
        if self.model is not None and self.workspace is not None:
            from facilitator.ui.shell.import_csv import CsvImport

            importer = CsvImport(self.model, self.workspace.messages, self.workspace)
            self._keep(importer.file_dialog(self))

    def on_import_survey(self) -> None:
        dialog = self.import_survey()
        if dialog is not None:
            dialog.on_choose()

    def import_survey(self):
        """The survey import dialog (shown, not modal); None without a session."""
        if self.model is None or self.workspace is None:
            return None
        from facilitator.ui.shell.import_survey import SurveyImportDialog

        dialog = SurveyImportDialog(self.model, self.workspace.messages, self)
        self._keep(dialog)
        return dialog

    def on_close_session(self) -> None:
        self.close_session()

    def on_quit(self) -> None:
        self.close()

    def on_undo(self) -> None:
        if self.model is not None:
            self.model.undo()

    def on_redo(self) -> None:
        if self.model is not None:
            self.model.redo()

    def on_next_phase(self) -> None:
        if self.workspace is not None:
            self.workspace.step_phase(1)

    def on_previous_phase(self) -> None:
        if self.workspace is not None:
            self.workspace.step_phase(-1)

    def show_phase(self, phase: Phase) -> None:
        if self.workspace is not None:
            self.workspace.show_phase(phase)

    def on_shortcuts(self) -> None:
        extra = self.workspace.view(self.workspace.current_phase).shortcuts() if self.workspace else []
        self._keep(dialogs.ShortcutSheet(ACTIONS, extra, self))

    def on_about(self) -> None:
        self._keep(dialogs.AboutBox(self))

    def _keep(self, dialog: QWidget) -> None:
        """Dialogs are shown, never exec()'d, so nothing blocks the window or the tests."""
        self._dialogs = [d for d in self._dialogs if d.isVisible()]
        self._dialogs.append(dialog)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()

    # ---- presenter display and appearance ------------------------------------------------------

    def open_presenter(self) -> PresenterDisplay | None:
        if self.model is None or self.workspace is None:
            return None
        if self.presenter is None:
            from facilitator.ui.presenter.window import PresenterDisplay

            self.presenter = PresenterDisplay(self.model, self.workspace.current_phase)
            self.presenter.closed.connect(self.on_presenter_closed)
            self.presenter.present()
            self.activateWindow()  # the keyboard stays with the facilitator
        self.actions_by_key["presenter"].setChecked(True)
        return self.presenter

    def close_presenter(self) -> None:
        if self.presenter is not None:
            presenter, self.presenter = self.presenter, None
            presenter.closed.disconnect(self.on_presenter_closed)
            presenter.close()
            presenter.deleteLater()
        for key in ("presenter", "blank_display", "freeze_display"):
            self.actions_by_key[key].setChecked(False)

    def on_presenter(self) -> None:
        if self.presenter is None:
            self.open_presenter()
        else:
            self.close_presenter()

    def on_presenter_closed(self) -> None:
        self.presenter = None
        self.close_presenter()

    def on_blank_display(self) -> None:
        presenter = self.open_presenter()
        if presenter is not None:
            presenter.set_blanked(not presenter.blanked)
            self.actions_by_key["blank_display"].setChecked(presenter.blanked)
            self.statusBar().showMessage("Presenter display blanked" if presenter.blanked else "", 3000)

    def on_freeze_display(self) -> None:
        presenter = self.open_presenter()
        if presenter is not None:
            presenter.set_frozen(not presenter.frozen)
            self.actions_by_key["freeze_display"].setChecked(presenter.frozen)
            self.statusBar().showMessage("Presenter display frozen" if presenter.frozen else "", 3000)

    def on_phase_changed(self, phase: Phase) -> None:
        if self.presenter is not None:
            self.presenter.set_phase(phase)

    def on_zoom_in(self) -> None:
        self.appearance.step_zoom(1)

    def on_zoom_out(self) -> None:
        self.appearance.step_zoom(-1)

    def on_zoom_reset(self) -> None:
        self.appearance.step_zoom(0)

    def set_look(self, look: Look) -> None:
        self.appearance.set_look(look)
        self._show_look()

    def _show_look(self) -> None:
        for look in Look:
            self.actions_by_key[f"look_{look.value}"].setChecked(self.appearance.look is look)

    def on_look_system(self) -> None:
        self.set_look(Look.SYSTEM)

    def on_look_light(self) -> None:
        self.set_look(Look.LIGHT)

    def on_look_dark(self) -> None:
        self.set_look(Look.DARK)

    def on_look_high_contrast(self) -> None:
        self.set_look(Look.HIGH_CONTRAST)

    # ---- timers ------------------------------------------------------------------------------------

    def on_phase_countdown(self) -> None:
        if self.model is not None:
            self.model.timers.toggle_phase()

    def on_phase_reset(self) -> None:
        if self.model is not None:
            self.model.timers.reset_phase()

    def on_turn_pause(self) -> None:
        if self.model is not None:
            self.model.timers.toggle_turn_pause()

    def on_break_timer(self) -> None:
        if self.model is None:
            return
        timers = self.model.timers
        if timers.break_remaining() is None:
            timers.start_break(10)
        else:
            timers.end_break()

    def on_soft_signal(self, checked: bool) -> None:
        set_soft_signal(checked)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.close_session()
        super().closeEvent(event)
