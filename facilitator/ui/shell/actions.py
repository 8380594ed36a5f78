"""Every menu action, declared once as data.

The menus and the F1 shortcut sheet are both built from this list, so they
cannot disagree. `slot` names a method of the main window.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
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
    alt_shortcuts: tuple[str, ...] = ()  # extra keys for the same action (e.g. Ctrl+= for zoom in)
    checkable: bool = False


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("new", "&New session…", "&File", "on_new", Std.New, "Start a new session file"),
    ActionSpec("open", "&Open…", "&File", "on_open", Std.Open, "Open a session file"),
    ActionSpec(
        "new_followup",
        "New &follow-up session…",
        "&File",
        "on_new_followup",
        None,
        "Start a session for the same team that reviews the last one's open actions",
    ),
    ActionSpec(
        "open_programme",
        "Open &programme…",
        "&File",
        "on_open_programme",
        None,
        "Read several session files together (read-only): themes, recurring ideas, actions",
    ),
    ActionSpec("demo", "Try the &demo", "&File", "on_demo", None, "Open a finished example session"),
    ActionSpec(
        "save_as", "Save &as…", "&File", "on_save_as", Std.SaveAs, "Copy the session to a new file", True
    ),
    ActionSpec(
        "import_csv",
        "&Import ideas from CSV…",
        "&File",
        "on_import_csv",
        None,
        "Add ideas from a spreadsheet saved as CSV: a text column, optional theme and author",
        True,
    ),
    ActionSpec(
        "import_survey",
        "Import &survey…",
        "&File",
        "on_import_survey",
        None,
        "Add the free-text answers of a survey export (CSV): you choose the questions",
        True,
    ),
    ActionSpec(
        "close", "&Close session", "&File", "on_close_session", Std.Close, "Back to the start screen", True
    ),
    ActionSpec("quit", "&Quit", "&File", "on_quit", "Ctrl+Q", "Quit Facilitator"),
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
    ActionSpec(
        "presenter",
        "&Presenter display",
        "&View",
        "on_presenter",
        "F5",
        "Show the current phase in large type on a second screen",
        True,
        checkable=True,
    ),
    ActionSpec(
        "blank_display",
        "&Blank the display",
        "&View",
        "on_blank_display",
        "F6",
        "Black out the presenter display",
        True,
        checkable=True,
    ),
    ActionSpec(
        "freeze_display",
        "&Freeze the display",
        "&View",
        "on_freeze_display",
        "F7",
        "Hold the presenter display's picture while you work",
        True,
        checkable=True,
    ),
    ActionSpec(
        "zoom_in",
        "Zoom &in",
        "&View",
        "on_zoom_in",
        Std.ZoomIn,
        "Make everything larger",
        alt_shortcuts=("Ctrl+=",),
    ),
    ActionSpec("zoom_out", "Zoom &out", "&View", "on_zoom_out", Std.ZoomOut, "Make everything smaller"),
    ActionSpec("zoom_reset", "&Reset zoom", "&View", "on_zoom_reset", "Ctrl+0", "Back to normal size"),
    ActionSpec(
        "look_system",
        "Look: follow the &system",
        "&View",
        "on_look_system",
        None,
        "Light or dark as the system is",
        checkable=True,
    ),
    ActionSpec(
        "look_light",
        "Look: &light",
        "&View",
        "on_look_light",
        None,
        "Dark text on a light background",
        checkable=True,
    ),
    ActionSpec(
        "look_dark",
        "Look: &dark",
        "&View",
        "on_look_dark",
        None,
        "Light text on a dark background",
        checkable=True,
    ),
    ActionSpec(
        "look_high_contrast",
        "Look: &high contrast",
        "&View",
        "on_look_high_contrast",
        None,
        "White on black with yellow focus",
        checkable=True,
    ),
    ActionSpec(
        "phase_countdown",
        "Start or pause the &phase countdown",
        "&Timers",
        "on_phase_countdown",
        "Ctrl+Shift+P",
        "A countdown for this part of the session, shown on both screens",
        True,
    ),
    ActionSpec(
        "phase_reset",
        "&Reset the phase countdown",
        "&Timers",
        "on_phase_reset",
        "Ctrl+Shift+Backspace",
        "Clear the phase countdown",
        True,
    ),
    ActionSpec(
        "turn_pause",
        "Pause or resume the &turn clock",
        "&Timers",
        "on_turn_pause",
        "Shift+F9",
        "Hold the speaker's clock during an interruption",
        True,
    ),
    ActionSpec(
        "break_timer",
        "Start or end a &break",
        "&Timers",
        "on_break_timer",
        "Ctrl+Alt+B",
        "A 10-minute break timer, shown on both screens",
        True,
    ),
    ActionSpec(
        "soft_signal",
        "&Soft signal at zero",
        "&Timers",
        "on_soft_signal",
        None,
        "Sound a short beep when a countdown reaches zero (off unless you switch it on)",
        checkable=True,
    ),
    ActionSpec("shortcuts", "&Keyboard shortcuts", "&Help", "on_shortcuts", "F1", "Show every shortcut"),
    ActionSpec(
        "about", "&About Facilitator", "&Help", "on_about", None, "Version, licences and where data lives"
    ),
)

# Phases are reached with Alt+1 .. Alt+7; listed on the shortcut sheet too.
PHASE_SHORTCUT = "Alt+{n}"


def key_sequences(spec: ActionSpec) -> list[QKeySequence]:
    """Every key that triggers the action: all the platform's bindings of a standard key."""
    if spec.shortcut is None:
        return []
    if isinstance(spec.shortcut, QKeySequence.StandardKey):
        sequences = list(QKeySequence.keyBindings(spec.shortcut)) or [QKeySequence(spec.shortcut)]
    else:
        sequences = [QKeySequence(spec.shortcut)]
    return sequences + [QKeySequence(keys) for keys in spec.alt_shortcuts]


LAST_KEYBOARD_KEY = Qt.Key.Key_F12  # past it: F13 and up, media and "Undo"/"Exit" keys few keyboards have


def on_a_keyboard(sequence: QKeySequence) -> bool:
    """Whether a person can press the keys on an ordinary keyboard."""
    return (
        all(sequence[n].key().value <= LAST_KEYBOARD_KEY.value for n in range(sequence.count()))
        and not sequence.isEmpty()
    )


def shortcut_text(spec: ActionSpec) -> str:
    """The keys as the F1 sheet lists them: only those a person can press (no "F14" or "Undo")."""
    native = QKeySequence.SequenceFormat.NativeText
    return " or ".join(s.toString(native) for s in key_sequences(spec) if on_a_keyboard(s))
