"""Every menu action, declared once as data.

The menus and the F1 shortcut sheet are both built from this list, so they
cannot disagree. `slot` names a method of the main window.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QKeySequence

Std = QKeySequence.StandardKey


@dataclass(frozen=True)
class ActionSpec:
    key: str
    text: str
    menu: str
    slot: str
    shortcut: QKeySequence.StandardKey | str | None = None
    tip: str = ""
    needs_session: bool = False


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("new", "&New session…", "&File", "on_new", Std.New, "Start a new session file"),
    ActionSpec("open", "&Open…", "&File", "on_open", Std.Open, "Open a session file"),
    ActionSpec("demo", "Try the &demo", "&File", "on_demo", None, "Open a finished example session"),
    ActionSpec(
        "save_as", "Save &as…", "&File", "on_save_as", Std.SaveAs, "Copy the session to a new file", True
    ),
    ActionSpec(
        "close", "&Close session", "&File", "on_close_session", Std.Close, "Back to the start screen", True
    ),
    ActionSpec("quit", "&Quit", "&File", "on_quit", Std.Quit, "Quit Facilitator"),
    ActionSpec("undo", "&Undo", "&Edit", "on_undo", Std.Undo, "Undo the last change", True),
    ActionSpec("redo", "&Redo", "&Edit", "on_redo", Std.Redo, "Redo the change you undid", True),
    ActionSpec(
        "next_phase", "&Next phase", "&Go", "on_next_phase", "Ctrl+PgDown", "Go to the next phase", True
    ),
    ActionSpec(
        "previous_phase",
        "&Previous phase",
        "&Go",
        "on_previous_phase",
        "Ctrl+PgUp",
        "Go to the previous phase",
        True,
    ),
    ActionSpec("shortcuts", "&Keyboard shortcuts", "&Help", "on_shortcuts", "F1", "Show every shortcut"),
    ActionSpec(
        "about", "&About Facilitator", "&Help", "on_about", None, "Version, licences and where data lives"
    ),
)

# Phases are reached with Alt+1 .. Alt+7; listed on the shortcut sheet too.
PHASE_SHORTCUT = "Alt+{n}"


def shortcut_text(spec: ActionSpec) -> str:
    if spec.shortcut is None:
        return ""
    sequence = QKeySequence(spec.shortcut)
    return sequence.toString(QKeySequence.SequenceFormat.NativeText)
