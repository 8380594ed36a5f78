"""Setup: the session's rules (anonymity, votes, timers, quadrant names).

Defaults come from `core.model.Rules()`; "Save as my defaults" keeps the
current rules for new sessions on this computer. Each change is one undo step,
checked by `ops.session.validate_rules`.
"""

from __future__ import annotations

import dataclasses
import re

from PySide6.QtGui import QValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from facilitator.core.model import Rules
from facilitator.ops import session as session_ops
from facilitator.store.delta import Changes
from facilitator.ui.common import user_defaults
from facilitator.ui.common.inline_question import InlineQuestion
from facilitator.ui.common.naming import named_button
from facilitator.ui.session.session_model import SessionModel

_DURATION = re.compile(r"^\s*(\d{0,2})(?::(\d{0,2}))?\s*$")

NOTE_STYLE = "background:#E8F1FB; color:#10305A; border:1px solid #9CC0E8; border-radius:4px; padding:6px;"


class DurationSpin(QSpinBox):
    """Seconds shown and typed as m:ss (2:00). The lowest value may read "Off"."""

    def textFromValue(self, value: int) -> str:
        return f"{value // 60}:{value % 60:02d}"

    def valueFromText(self, text: str) -> int:
        if self.specialValueText() and text == self.specialValueText():
            return self.minimum()
        match = _DURATION.match(text)
        if not match or not match.group(1):
            return self.value()
        minutes = int(match.group(1))
        seconds = int(match.group(2) or 0)
        return minutes * 60 + seconds

    def validate(self, text: str, pos: int):
        if self.specialValueText() and text == self.specialValueText():
            return QValidator.State.Acceptable, text, pos
        match = _DURATION.match(text)
        if not match:
            return QValidator.State.Invalid, text, pos
        if not match.group(1) or (match.group(2) is not None and len(match.group(2)) < 2):
            return QValidator.State.Intermediate, text, pos
        seconds = int(match.group(2) or 0)
        value = int(match.group(1)) * 60 + seconds
        if seconds >= 60 or not self.minimum() <= value <= self.maximum():
            return QValidator.State.Intermediate, text, pos
        return QValidator.State.Acceptable, text, pos


# (field, label, undo label, accessible description)
CHECKS = {
    "anonymous": (
        "&Anonymous ideas",
        "anonymous ideas",
        "On: the file stores no speaker with an idea. Off: each idea keeps who said it.",
    ),
    "facilitator_votes": (
        "The &facilitator votes too",
        "facilitator voting",
        "On: the facilitator gets a ballot like everyone else.",
    ),
    "pick_names": (
        "Use &PICK-chart names",
        "PICK-chart names",
        "Name the quadrants Implement, Challenge, Possible and Kill instead of Quick win, Heavier lift, "
        "Easy extra and Hard extra.",
    ),
}
SPINS = {
    "votes_per_person": ("&Votes per person", "Every participant gets the same number of dots."),
    "max_votes_per_idea": (
        "&Max votes on one idea",
        "How many of their dots one person may put on one idea.",
    ),
    "turn_seconds": ("T&urn length", "Advice only: the turn timer never cuts anyone off. Minutes:seconds."),
    "silent_seconds": ("&Silent writing", "A quiet countdown before the first round. Off skips it."),
    "break_minutes": ("&Break reminder", "A gentle, non-modal reminder to take a break."),
}

# A few words beside each rule, so nobody has to hover to know what it does.
HINTS = {
    "anonymous": "the file stores no speaker",
    "votes_per_person": "dots each, the same for everyone",
    "max_votes_per_idea": "dots one person may put on one idea",
    "turn_seconds": "advice only, never cuts anyone off",
    "silent_seconds": "quiet writing before round 1",
    "break_minutes": "a gentle reminder, never a pop-up",
    "pick_names": "Implement, Challenge, Possible, Kill",
}


class RulesPanel(QGroupBox):
    def __init__(self, model: SessionModel, parent: QWidget | None = None) -> None:
        super().__init__("Rules", parent)
        self.setObjectName("setupRules")
        self.model = model
        self.editors: dict[str, QWidget] = {}
        form = self._build_form()

        self.save_button = self._button(
            "setup_save_defaults",
            "Save as my defaults",
            "New sessions on this computer start with these rules.",
            self.on_save_defaults,
        )
        self.reset_button = self._button(
            "setup_reset_rules",
            "Reset to built-in defaults",
            "Put this session's rules back to the built-in defaults (Ctrl+Z undoes it).",
            self.on_reset,
        )
        self.forget_button = self._button(
            "setup_forget_defaults",
            "Forget my defaults",
            "New sessions start with the built-in defaults again.",
            self.on_forget_defaults,
        )
        self.defaults_status = QLabel()
        self.defaults_status.setObjectName("setup_defaults_status")
        self.defaults_status.setWordWrap(True)

        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.reset_button)
        buttons.addStretch(1)
        status = QHBoxLayout()
        status.addWidget(self.defaults_status, 1)
        status.addWidget(self.forget_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addLayout(status)
        self.show_defaults_status()

    def _build_form(self) -> QFormLayout:
        """One row per rule, with the notes that explain what a change will and will not do."""
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)

        self.anonymous_note = QLabel()
        self.anonymous_note.setObjectName("setup_anonymous_note")
        self.anonymous_note.setWordWrap(True)
        self.anonymous_note.setStyleSheet(NOTE_STYLE)
        self.anonymous_note.hide()

        form.addRow(self._with_hint(self._check("anonymous")))
        form.addRow(self.anonymous_note)
        form.addRow(self._build_anonymous_confirm())
        self._spin_row(form, "votes_per_person", QSpinBox(), 1, 50, 1)
        self._spin_row(form, "max_votes_per_idea", QSpinBox(), 1, 50, 1)
        self.votes_note = QLabel("Fixed now that ballots have been cast, so everyone has the same votes.")
        self.votes_note.setObjectName("setup_votes_fixed_note")
        self.votes_note.setWordWrap(True)
        self.votes_note.hide()
        form.addRow(self.votes_note)
        form.addRow(self._with_hint(self._check("facilitator_votes")))
        self._spin_row(form, "turn_seconds", DurationSpin(), 10, 3600, 15)
        silent = self._spin_row(form, "silent_seconds", DurationSpin(), 0, 3600, 30)
        silent.setSpecialValueText("Off")
        brk = self._spin_row(form, "break_minutes", QSpinBox(), 0, 600, 5)
        brk.setSpecialValueText("Off")
        brk.setPrefix("every ")
        brk.setSuffix(" min")
        form.addRow(self._with_hint(self._check("pick_names")))
        return form

    def _build_anonymous_confirm(self) -> InlineQuestion:
        """Inline, non-modal: turning anonymous on removes names already stored, for good."""
        question = InlineQuestion(
            "setup_anonymous_confirm",
            "Confirm anonymous ideas",
            (
                ("Remove the names", "Turn anonymous ideas on"),
                ("Keep them named", "Leave anonymous ideas off"),
            ),
        )
        question.label.setWordWrap(True)
        question.row.setStretch(0, 1)
        question.confirm.clicked.connect(self.confirm_anonymous)
        question.cancelled.connect(self.cancel_anonymous)
        self.anonymous_question = question.label
        self.anonymous_yes = question.confirm
        self.anonymous_no = question.cancel
        self.anonymous_confirm = question
        return question

    def ask_anonymous(self, named: int) -> None:
        ideas = f"{named} idea{'s' if named != 1 else ''}"
        self.anonymous_question.setText(
            f"Turn anonymous ideas on? The speaker's name leaves the {ideas} that have one, and the "
            "order ideas were said in is sealed out of the file. This cannot be undone."
        )
        self.anonymous_confirm.show()
        self.anonymous_no.setFocus()

    def confirm_anonymous(self) -> None:
        self.anonymous_confirm.hide()
        current = self.model.store.info().rules
        rules = dataclasses.replace(current, anonymous=True)
        if self.model.run("Turn anonymous ideas on", session_ops.update_rules, rules) is None:
            self.show_rules(current)
        self.editors["anonymous"].setFocus()

    def cancel_anonymous(self) -> None:
        self.anonymous_confirm.hide()
        self.show_rules(self.model.store.info().rules)
        self.editors["anonymous"].setFocus()

    def _check(self, key: str) -> QCheckBox:
        label, _undo, about = CHECKS[key]
        box = QCheckBox(label)
        box.setObjectName(f"setup_{key}")
        box.setAccessibleName(label.replace("&", ""))
        box.setAccessibleDescription(about)
        box.setToolTip(about)
        box.toggled.connect(lambda checked, k=key: self.commit(k, checked))
        self.editors[key] = box
        return box

    def _with_hint(self, widget: QWidget) -> QHBoxLayout:
        """The widget with a short grey reminder of what it does beside it."""
        row = QHBoxLayout()
        row.addWidget(widget)
        text = HINTS.get(widget.objectName().removeprefix("setup_"), "")
        if text:
            hint = QLabel(text)
            hint.setObjectName(f"{widget.objectName()}_hint")
            hint.setStyleSheet("color: palette(placeholder-text);")
            row.addWidget(hint)
        row.addStretch(1)
        return row

    def _spin_row(
        self, form: QFormLayout, key: str, spin: QSpinBox, low: int, high: int, step: int
    ) -> QSpinBox:
        row = self._with_hint(self._spin(key, spin, low, high, step))
        form.addRow(SPINS[key][0], row)
        label = form.labelForField(row)
        if label is not None:
            label.setBuddy(spin)
        return spin

    def _spin(self, key: str, spin: QSpinBox, low: int, high: int, step: int) -> QSpinBox:
        label, about = SPINS[key]
        spin.setObjectName(f"setup_{key}")
        spin.setAccessibleName(label.replace("&", ""))
        spin.setAccessibleDescription(about)
        spin.setToolTip(about)
        spin.setRange(low, high)
        spin.setSingleStep(step)
        spin.setMinimumWidth(110)
        spin.setKeyboardTracking(False)
        spin.editingFinished.connect(lambda k=key: self.commit(k, self.editors[k].value()))
        self.editors[key] = spin
        return spin

    def _button(self, name: str, text: str, tip: str, slot) -> QPushButton:
        return named_button(name, text, tip, slot, accessible=text, describe=True)

    def focus_order(self) -> list[QWidget]:
        keys = (
            "anonymous",
            "votes_per_person",
            "max_votes_per_idea",
            "facilitator_votes",
            "turn_seconds",
            "silent_seconds",
            "break_minutes",
            "pick_names",
        )
        return [self.editors[k] for k in keys] + [self.save_button, self.reset_button, self.forget_button]

    # ---- showing ----------------------------------------------------------------------------------

    def show_rules(self, rules: Rules) -> None:
        for key, editor in self.editors.items():
            editor.blockSignals(True)
            try:
                if isinstance(editor, QCheckBox):
                    editor.setChecked(bool(getattr(rules, key)))
                else:
                    editor.setValue(getattr(rules, key))
            finally:
                editor.blockSignals(False)

    def refresh(self, changes: Changes, rules: Rules) -> None:
        if changes.touches("session"):
            self.show_rules(rules)
        if changes.touches("ballot"):
            # Refused by update_rules anyway; greyed out here so nobody has to try.
            fixed = self.model.store.count("ballot") > 0
            self.votes_note.setVisible(fixed)
            for key in ("votes_per_person", "max_votes_per_idea"):
                self.editors[key].setEnabled(not fixed and not self.model.read_only)
        if changes.touches("session", "idea"):
            self.show_anonymous_note(rules)

    def show_anonymous_note(self, rules: Rules) -> None:
        """Changing anonymity never rewrites ideas already recorded; say so plainly."""
        unnamed, named = self.model.store.authorship_counts()
        text = ""
        if not rules.anonymous and unnamed:
            text = (
                f"Ideas already recorded stay anonymous: the file never stored who said "
                f"{'it' if unnamed == 1 else 'them'} ({unnamed} idea{'s' if unnamed != 1 else ''}). "
                "Only ideas recorded from now on keep their speaker's name."
            )
        if not rules.anonymous and named:
            text = (text + " " if text else "") + (
                f"Turning anonymous ideas on removes the speaker's name from the {named} "
                f"idea{'s' if named != 1 else ''} that have one, in the file too."
            )
        elif rules.anonymous and named:
            text = (
                f"{named} idea{'s were' if named != 1 else ' was'} recorded with the speaker's name and "
                f"keep{'s' if named == 1 else ''} it. Ideas recorded from now on are anonymous."
            )
        self.anonymous_note.setText(text)
        self.anonymous_note.setAccessibleDescription(text)
        self.anonymous_note.setVisible(bool(text))

    def show_defaults_status(self, saved_now: bool = False) -> None:
        saved = user_defaults.saved_rules()
        if saved_now:
            text = "Saved. New sessions on this computer start with these rules."
        elif saved is None:
            text = "New sessions start with the built-in defaults."
        else:
            text = "New sessions start with your saved defaults."
        self.defaults_status.setText(text)
        self.defaults_status.setAccessibleDescription(text)
        self.forget_button.setVisible(saved is not None)

    def set_read_only(self, read_only: bool) -> None:
        for editor in self.editors.values():
            editor.setEnabled(not read_only)
        self.reset_button.setEnabled(not read_only)

    # ---- actions -------------------------------------------------------------------------------------

    def commit(self, key: str, value: object) -> None:
        """Write one rule; a refusal (with its reason in the message bar) puts back what the file holds."""
        if self.model.read_only:
            return
        current = self.model.store.info().rules
        if getattr(current, key) == value:
            return
        if key == "anonymous" and value:
            named = self.model.store.authorship_counts()[1]
            if named:  # names already stored would leave the file: ask first
                self.ask_anonymous(named)
                return
        rules = dataclasses.replace(current, **{key: value})
        if key in CHECKS:
            label = f"Turn {CHECKS[key][1]} {'on' if value else 'off'}"
        else:
            label = f"Change {SPINS[key][0].replace('&', '').lower()}"
        if self.model.run(label, session_ops.update_rules, rules) is None:
            self.show_rules(current)

    def commit_all(self) -> None:
        """Save a number still being typed (check boxes are saved as they are clicked)."""
        for key in SPINS:
            spin = self.editors[key]
            if spin.isEnabled():
                spin.interpretText()
                self.commit(key, spin.value())

    def on_reset(self) -> None:
        current = self.model.store.info().rules
        if current == Rules():
            self.defaults_status.setText("The rules already are the built-in defaults.")
            return
        if self.model.run("Reset rules to built-in defaults", session_ops.update_rules, Rules()) is None:
            self.show_rules(current)

    def on_save_defaults(self) -> None:
        user_defaults.save_rules(self.model.store.info().rules)
        self.show_defaults_status(saved_now=True)

    def on_forget_defaults(self) -> None:
        user_defaults.forget()
        self.show_defaults_status()
        self.save_button.setFocus()
