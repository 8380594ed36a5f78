"""A date field that takes a date typed as it is shown ("15 Dec 2026") or as ISO
(2026-12-15), with a calendar that opens from its button, F4 or Alt+Down.

Qt's QDateEdit types section by section in a fixed pattern, so "2 Dec 2026" typed
into an empty one came out as "Not setDec2026" and was dropped. This is a plain
line edit instead: whatever is typed stays visible until the field is left, and
the owner stores it through an operation, which refuses anything unreadable with
a message (the old value stays).
"""

from __future__ import annotations

import datetime as _dt

from PySide6.QtCore import QDate, QEvent, QObject, QPointF, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QIcon, QKeyEvent, QPainter, QPalette, QPixmap, QPolygonF
from PySide6.QtWidgets import QCalendarWidget, QDateTimeEdit, QFrame, QLineEdit, QVBoxLayout, QWidget

from facilitator.core.dates import format_date, parse_date
from facilitator.core.errors import RuleError

Section = QDateTimeEdit.Section
SECTIONS = (Section.DaySection, Section.MonthSection, Section.YearSection)  # as "15 Dec 2026" reads
NO_DATE = QDate()  # nothing typed


def _arrow_icon(colour: QColor) -> QIcon:
    pixmap = QPixmap(16, 16)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawPolygon(QPolygonF([QPointF(3, 6), QPointF(13, 6), QPointF(8, 11)]))
    painter.end()
    return QIcon(pixmap)


class DateField(QLineEdit):
    """Typed or picked dates. `typed_value()` is what to store: ISO for a readable date,
    "" for an empty field, else the text as typed (for the operation to refuse)."""

    Section = Section  # as QDateEdit has it
    calendar_closed = Signal()  # the calendar has gone; the date is final
    picked = Signal(QDate)  # a day was chosen in the calendar
    dateChanged = Signal(QDate)

    def __init__(self, parent: QWidget | None = None, empty_text: str = "Not set") -> None:
        super().__init__(parent)
        self.setPlaceholderText(empty_text)
        self._popup = QFrame(self, Qt.WindowType.Popup)
        self._popup.setObjectName("datePopup")
        self._popup.setFrameShape(QFrame.Shape.StyledPanel)
        self._calendar = QCalendarWidget(self._popup)
        self._calendar.setGridVisible(True)
        layout = QVBoxLayout(self._popup)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._calendar)
        self._calendar.clicked.connect(self.on_day_picked)
        self._calendar.activated.connect(self.on_day_picked)
        self._popup.installEventFilter(self)
        self.calendar_action = QAction(
            _arrow_icon(self.palette().color(QPalette.ColorRole.Text)), "Open the calendar", self
        )
        self.calendar_action.setObjectName("openCalendar")
        self.calendar_action.triggered.connect(self.open_calendar)
        self.addAction(self.calendar_action, QLineEdit.ActionPosition.TrailingPosition)
        button = self.calendar_button()
        button.setObjectName("openCalendarButton")
        button.setAccessibleName("Open the calendar")
        button.setToolTip("Open the calendar (F4 or Alt+Down)")
        self.textChanged.connect(lambda _t: self.dateChanged.emit(self.date()))

    # ---- the value ----------------------------------------------------------------------------

    def date(self) -> QDate:
        """The date typed, or an invalid QDate when the field is empty or unreadable."""
        try:
            day = parse_date(self.text()) if self.text().strip() else None
        except RuleError:
            day = None
        return QDate(day.year, day.month, day.day) if day else NO_DATE

    def setDate(self, date: QDate) -> None:
        self.setText(format_date(_dt.date(date.year(), date.month(), date.day())) if date.isValid() else "")

    def typed_value(self) -> str:
        text = self.text().strip()
        if not text:
            return ""
        date = self.date()
        return date.toString(Qt.DateFormat.ISODate) if date.isValid() else text

    def iso(self) -> str:
        """The date as stored, or "" (empty or unreadable)."""
        date = self.date()
        return date.toString(Qt.DateFormat.ISODate) if date.isValid() else ""

    def set_iso(self, text: str) -> None:
        self.setText(format_date(text))
        self.setCursorPosition(0)

    # ---- the calendar ---------------------------------------------------------------------------

    def calendarWidget(self) -> QCalendarWidget:
        return self._calendar

    def calendar_button(self) -> QWidget:
        """The button at the field's end that opens the calendar (for a mouse click)."""
        return next(w for w in self.calendar_action.associatedObjects() if w is not self)

    def calendar_open(self) -> bool:
        return self._popup.isVisible()

    def open_calendar(self) -> None:
        if self.isReadOnly() or not self.isEnabled():
            return
        date = self.date()
        self._calendar.setSelectedDate(date if date.isValid() else QDate.currentDate())
        self._popup.adjustSize()
        self._popup.move(self.mapToGlobal(self.rect().bottomLeft()))
        self._popup.show()
        self._calendar.setFocus()

    def on_day_picked(self, day: QDate) -> None:
        self.setDate(day)
        self.picked.emit(day)
        self._popup.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._popup:
            if event.type() == QEvent.Type.Hide:
                QTimer.singleShot(0, self, self._after_calendar)
            elif event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape:
                self._popup.hide()
                return True
        return False

    def _after_calendar(self) -> None:
        if self.isVisible():
            self.setFocus()
        self.calendar_closed.emit()

    # ---- keys -------------------------------------------------------------------------------------

    def selected_section(self) -> Section:
        """The part of "15 Dec 2026" the cursor is in."""
        index = len(self.text()[: self.cursorPosition()].split(" ")) - 1
        return SECTIONS[min(index, 2)]

    def setSelectedSection(self, section: Section) -> None:
        words = self.text().split(" ")
        index = SECTIONS.index(section) if section in SECTIONS else 0
        start = sum(len(w) + 1 for w in words[:index])
        self.setSelection(start, len(words[index]) if index < len(words) else 0)

    def step(self, steps: int, section: Section | None = None) -> None:
        """Arrows: the day, month or year under the cursor, carrying over a month's or a
        year's end; on an empty field the first arrow shows today."""
        date = self.date()
        if not date.isValid():
            if self.text().strip():
                return  # something unreadable is typed: leave it for the facilitator
            self.setDate(QDate.currentDate())
            self.setSelectedSection(Section.DaySection)
            return
        section = section or self.selected_section()
        if section == Section.DaySection:
            moved = date.addDays(steps)
        elif section == Section.MonthSection:
            moved = date.addMonths(steps)
        else:
            moved = date.addYears(steps)
        self.setDate(moved)
        self.setSelectedSection(section)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers()
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and mods & Qt.KeyboardModifier.ControlModifier:
            self.clear()
            self.editingFinished.emit()
            return
        if key == Qt.Key.Key_F4 or (key == Qt.Key.Key_Down and mods & Qt.KeyboardModifier.AltModifier):
            self.open_calendar()
            return
        if not self.isReadOnly() and not mods & ~Qt.KeyboardModifier.KeypadModifier:
            if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
                self.step(1 if key == Qt.Key.Key_Up else -1)
                return
            if key in (Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
                self.step(1 if key == Qt.Key.Key_PageUp else -1, Section.MonthSection)
                return
        super().keyPressEvent(event)

    def setReadOnly(self, read_only: bool) -> None:
        super().setReadOnly(read_only)
        self.calendar_action.setEnabled(not read_only)
