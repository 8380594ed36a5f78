"""The presenter display: big, calm, honest information for the wall screen.

It follows the facilitator's current phase and shows only what the room may
see: never a vote tally before Reveal, never who said what. The laptop keeps
the controls; this window only shows.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QFontInfo,
    QGuiApplication,
    QKeySequence,
    QResizeEvent,
    QShortcut,
    QTextDocument,
    QTransform,
)
from PySide6.QtWidgets import QHBoxLayout, QLabel, QStackedWidget, QVBoxLayout, QWidget

from facilitator.core import voting
from facilitator.core.dates import format_date
from facilitator.core.model import Decision, Phase, SessionState
from facilitator.room.room import Mode
from facilitator.store.delta import Changes
from facilitator.ui.board.card_item import CARD_W, card_font
from facilitator.ui.board.scene import GAP as BOARD_GAP
from facilitator.ui.board.scene import BoardScene, BoardView
from facilitator.ui.common.room_panel import qr_pixmap
from facilitator.ui.matrix.scene import matrix_cards
from facilitator.ui.presenter.matrix_legend import PresenterMatrix
from facilitator.ui.session.room import controller_for
from facilitator.ui.session.session_model import SessionModel

LATEST_IDEAS = 4
LATEST_IDEA_CHARS = 220  # a long idea is cut on the wall (the laptop has all of it)
BASE_PIXEL_SIZE = 35
MIN_PIXEL_SIZE = 20  # nothing on the wall is drawn smaller: 18 px is the least a room can read
BOARD_TEXT_PIXELS = 19  # the board's smallest type, once scaled for the wall
ZOOM_STEPS = (0.6, 0.75, 0.9, 1.0, 1.15, 1.3, 1.5, 1.75, 2.0)

# Soft, high-legibility colours; the display is read from across a room.
PAGE_STYLE = """
#presenterDisplay { background: #101418; }
#presenterBody { color: #F2F2F2; }
#presenterHeader { color: #9FB3C8; }
#presenterTimers { color: #F2D28C; }
#presenterJoinText { color: #F2F2F2; }
"""


def e(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def _list(items: list[str], ordered: bool = False) -> str:
    tag = "ol" if ordered else "ul"
    return f"<{tag}>" + "".join(f"<li style='margin-bottom:6px'>{item}</li>" for item in items) + f"</{tag}>"


def _muted(text: str) -> str:
    return f"<span style='color:#9FB3C8'>{text}</span>"


def _cut(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= LATEST_IDEA_CHARS else text[: LATEST_IDEA_CHARS - 1] + "…"


def render_setup(state: SessionState) -> str:
    info = state.info
    question = f"<p align='center' style='font-size:130%'>{e(info.question)}</p>" if info.question else ""
    welcome = f"<h1 align='center'>Welcome</h1><h2 align='center'>{e(info.title)}</h2>{question}"
    if not state.review:
        return welcome
    return welcome + render_review(state)


def render_review(state: SessionState) -> str:
    """A follow-up opens with last time's actions: what was said, and where each one stands."""
    since = f" ({e(state.info.predecessor_date)})" if state.info.predecessor_date else ""
    rows = []
    for item in state.review:
        status = item.status.label if item.status else _muted("to review")
        note = f"<br>{_muted(e(item.note))}" if item.note else ""
        why = f"<br>{_muted('Why: ' + e(item.reason))}" if item.reason else ""
        rows.append(f"<b>{status}</b> · {e(item.idea_text)}{note}{why}")
    return f"<h2>Last time{since}, you said — what happened</h2>" + _list(rows)


def render_round_table(state: SessionState) -> str:
    info = state.info
    seated = [p for p in state.seated() if not p.absent and p.joined_round <= info.current_round]
    seats = []
    for p in seated:
        name = e(p.name).replace(" ", "&nbsp;")  # never break a name across lines
        if p.seat == info.current_seat:
            seats.append(f"<span style='background:#F2D28C; color:#101418'>&nbsp;▶&nbsp;{name}&nbsp;</span>")
        else:
            seats.append(name)
    latest = [i for i in state.ideas if not i.withdrawn][-LATEST_IDEAS:]
    latest_html = _list([e(_cut(i.text)) for i in reversed(latest)]) if latest else "<p>No ideas yet.</p>"
    question = f"<p align='center' style='font-size:115%'>{e(info.question)}</p>" if info.question else ""
    return (
        f"{question}<h2 align='center'>Round {info.current_round}</h2>"
        f"<p align='center'>{' &nbsp;·&nbsp; '.join(seats) or 'No one is seated yet.'}</p>"
        f"<h3>Latest ideas</h3>{latest_html}"
    )


def voters_expected(state: SessionState) -> int:
    return sum(1 for p in state.participants if not p.absent)


def render_vote(state: SessionState) -> str:
    if not state.info.revealed:
        voted = len(state.voters)
        expected = max(voters_expected(state), voted)
        heading = "Everyone has voted" if expected and voted >= expected else "Voting in progress"
        return (
            f"<h1>{heading}</h1>"
            f"<p style='font-size:160%'>{voted} of {expected} have voted</p>"
            + (
                f"<p style='font-size:130%'>and {state.phone_voters} on "
                f"{'a phone' if state.phone_voters == 1 else 'phones'}</p>"
                if state.phone_voters
                else ""
            )
            + "<p>Results are shown when the facilitator reveals them.</p>"
        )
    ranked = voting.ranking(state)
    ideas = {i.id: i for i in state.ideas}
    top = max((r.votes for r in ranked), default=0) or 1
    rows = []
    for r in ranked[:12]:
        bar = "█" * max(1, round(20 * r.votes / top)) if r.votes else ""
        rows.append(
            f"<tr><td align='right'>{r.rank}.</td><td>{e(ideas[r.idea_id].text)}</td>"
            f"<td><span style='color:#F2D28C'>{bar}</span> {r.votes}</td></tr>"
        )
    return "<h2>Results</h2><table cellpadding='6'>" + "".join(rows) + "</table>"


def render_plan(state: SessionState) -> str:
    ideas = {i.id: i for i in state.ideas}
    commitments = []
    for action in state.actions:
        if action.decision is not None and action.decision.is_commitment and action.idea_id in ideas:
            owner = f" — {e(action.owner)}" if action.owner else ""
            due = f", by {e(format_date(action.due_date))}" if action.due_date else ""
            commitments.append(f"{e(ideas[action.idea_id].text)}{_muted(owner + due)}")
    later = [
        f"{e(ideas[a.idea_id].text)}<br>{_muted('Why: ' + e(a.reason))}"
        for a in state.actions
        if a.decision in (Decision.LATER, Decision.NOT_NOW) and a.idea_id in ideas
    ]
    body = "<h2>What we will do</h2>" + (_list(commitments) if commitments else "<p>No commitments yet.</p>")
    if later:
        body += "<h3>Not now, and why</h3>" + _list(later)
    return body


def render_minutes(state: SessionState) -> str:
    return (
        f"<h1>Thank you</h1><h2>{e(state.info.title)}</h2><p>The minutes and the action plan will follow.</p>"
    )


# Text pages; the group and prioritize phases show the board and the matrix instead.
RENDERERS = {
    Phase.SETUP: render_setup,
    Phase.ROUND_TABLE: render_round_table,
    Phase.VOTE: render_vote,
    Phase.PLAN: render_plan,
    Phase.MINUTES: render_minutes,
}


class PresenterDisplay(QWidget):
    """A second window that mirrors the current phase in large type."""

    closed = Signal()

    def __init__(self, model: SessionModel, phase: Phase) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self.setObjectName("presenterDisplay")
        self.setAccessibleName("Presenter display")
        self.setWindowTitle("Facilitator — presenter display")
        self.setStyleSheet(PAGE_STYLE)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        # Showing the display must not take the keyboard from the facilitator's window.
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, True)
        self.model = model
        self.phase = phase
        self.blanked = False
        self.frozen = False
        self.zoom = 1.0
        self._last_changed: int | None = None  # the idea the facilitator last changed

        self.header = QLabel()
        self.header.setObjectName("presenterHeader")
        self.header.setTextFormat(Qt.TextFormat.PlainText)
        self.body = QLabel()
        self.body.setObjectName("presenterBody")
        self.body.setWordWrap(True)
        self.body.setTextFormat(Qt.TextFormat.RichText)
        self.body.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.timers = QLabel()
        self.timers.setObjectName("presenterTimers")
        self.timers.setTextFormat(Qt.TextFormat.PlainText)
        self.timers.setAlignment(Qt.AlignmentFlag.AlignRight)
        # The group and prioritize phases show the board and the matrix themselves,
        # look-only; the other phases are large text.
        self.board_scene = BoardScene(self)
        self.board_view = BoardView(self.board_scene)
        self.board_view.setObjectName("presenterBoard")
        self.board_view.setAccessibleName("The board, as the room sees it")
        self.board_view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        for policy in (
            self.board_view.setHorizontalScrollBarPolicy,
            self.board_view.setVerticalScrollBarPolicy,
        ):
            policy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.board_scene.set_movable(False)
        # The matrix as numbered dots with every card's full text beside it (legible from the
        # back of the room), not the laptop's scene of small cards.
        self.matrix_view = PresenterMatrix()
        self.views = QStackedWidget()
        for widget in (self.body, self.board_view, self.matrix_view):
            self.views.addWidget(widget)
        # The join screen while the phones' room is open: a QR code and the link, large.
        self.join_qr = QLabel()
        self.join_qr.setObjectName("presenterJoinQr")
        self.join_qr.setAccessibleName("QR code to join the room")
        self.join_text = QLabel()
        self.join_text.setObjectName("presenterJoinText")
        self.join_text.setTextFormat(Qt.TextFormat.PlainText)
        self.join_text.setWordWrap(True)
        self.join = QWidget()
        self.join.setObjectName("presenterJoin")
        join_row = QHBoxLayout(self.join)
        join_row.setContentsMargins(0, 12, 0, 12)
        join_row.setSpacing(32)
        join_row.addWidget(self.join_qr)
        join_row.addWidget(self.join_text, 1)
        self.join.hide()
        self.room = controller_for(model)
        self.room.opened.connect(self.refresh_join)
        self.room.closed.connect(self.refresh_join)
        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(48, 24, 48, 24)
        column.addWidget(self.header)
        column.addWidget(self.join)
        column.addWidget(self.views, 1)
        column.addWidget(self.timers)
        blank = QWidget()
        blank.setObjectName("presenterBlank")
        blank.setStyleSheet("background: black;")
        self.pages = QStackedWidget()
        self.pages.addWidget(content)
        self.pages.addWidget(blank)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

        for keys, step in (
            (QKeySequence.StandardKey.ZoomIn, 1),
            (QKeySequence.StandardKey.ZoomOut, -1),
            ("Ctrl+0", 0),
        ):
            QShortcut(QKeySequence(keys), self, activated=lambda s=step: self.step_zoom(s))
        QShortcut(QKeySequence("Ctrl+="), self, activated=lambda: self.step_zoom(1))
        model.changed.connect(self.on_changes)
        model.timers.tick.connect(self.on_timers_tick)
        self._apply_zoom()
        self.refresh()
        self.refresh_join()

    # ---- placement ------------------------------------------------------------------------

    def present(self) -> None:
        """Full screen on a second screen when there is one, else a resizable window."""
        screens = QGuiApplication.screens()
        if len(screens) > 1:
            own = self.parentWidget().screen() if self.parentWidget() else QGuiApplication.primaryScreen()
            other = next((s for s in screens if s is not own), screens[1])
            self.setGeometry(other.geometry())
            self.showFullScreen()
        else:
            self.resize(1024, 640)
            self.show()

    # ---- what it shows ----------------------------------------------------------------------

    def set_phase(self, phase: Phase) -> None:
        self.phase = Phase(phase)
        self.refresh()

    def on_changes(self, changes: Changes) -> None:
        changed = sorted(changes.ids("idea")) if changes.touches("idea") else []
        if changed:
            self._last_changed = changed[-1]
        self.refresh()

    def refresh(self) -> None:
        if self.frozen:
            return
        state = self.model.state()
        self.header.setText(f"{state.info.title}  ·  {self.phase.title}")
        if self.phase is Phase.GROUP:
            self.board_scene.build(state.ideas, state.themes)
            for idea in state.active_ideas():
                merged = len(state.merged_children(idea.id))
                if merged:
                    self.board_scene.set_badge(idea.id, f"×{merged + 1}")
            self.views.setCurrentWidget(self.board_view)
            self._fit_board()
        elif self.phase is Phase.PRIORITIZE:
            self.matrix_view.sync(matrix_cards(state), state.info.rules.pick_names)
            self.views.setCurrentWidget(self.matrix_view)
        else:
            self.body.setText(RENDERERS[self.phase](state))
            self.views.setCurrentWidget(self.body)
            self._fit()

    def refresh_join(self, *_args) -> None:
        """Show the QR code and link while the room is open for this phase's phones."""
        if not self.room.is_open:
            self.join.hide()
            self.join_qr.clear()
            return
        url = self.room.url
        self.join_qr.setPixmap(qr_pixmap(url, 300))
        what = "vote" if self.room.mode is Mode.VOTE else "send an idea card"
        self.join_text.setText(
            f"Scan the code with your phone's camera to {what}, anonymously.\n\n"
            f"Or open {url}\n\nOn the room's Wi-Fi. Nothing leaves this room."
        )
        self.join.show()

    def on_timers_tick(self) -> None:
        """The clocks stay live even while the picture is frozen."""
        text = self.model.timers.summary_text(with_turn=self.phase is Phase.ROUND_TABLE)
        if text != self.timers.text():
            self.set_timer_text(text)

    def set_timer_text(self, text: str) -> None:
        self.timers.setText(text)

    def set_blanked(self, blanked: bool) -> None:
        self.blanked = blanked
        self.pages.setCurrentIndex(1 if blanked else 0)

    def set_frozen(self, frozen: bool) -> None:
        """Hold the current picture while the facilitator works on the laptop."""
        self.frozen = frozen
        if not frozen:
            self.refresh()

    def step_zoom(self, step: int) -> None:
        if step == 0:
            self.zoom = 1.0
        else:
            index = min(range(len(ZOOM_STEPS)), key=lambda i: abs(ZOOM_STEPS[i] - self.zoom)) + step
            self.zoom = ZOOM_STEPS[min(max(index, 0), len(ZOOM_STEPS) - 1)]
        self._apply_zoom()

    def _apply_zoom(self) -> None:
        for label, factor in ((self.header, 0.6), (self.timers, 0.8), (self.join_text, 0.7)):
            font = label.font()
            font.setPixelSize(round(max(BASE_PIXEL_SIZE * factor * self.zoom, MIN_PIXEL_SIZE)))
            label.setFont(font)
        self.matrix_view.zoom = max(self.zoom, 1.0)
        self.matrix_view.update()
        self._fit()
        if self.views.currentWidget() is self.board_view:
            self._fit_board()

    def _fit(self) -> None:
        """Largest body type (up to the zoomed size, never below MIN_PIXEL_SIZE) at which the
        whole page fits."""
        width, height = self.body.width(), self.body.height()
        size = max(BASE_PIXEL_SIZE * self.zoom, MIN_PIXEL_SIZE)
        if width > 50 and height > 50:
            doc = QTextDocument()
            doc.setHtml(self.body.text())
            doc.setTextWidth(width)
            font = self.body.font()
            while size > MIN_PIXEL_SIZE:
                font.setPixelSize(round(size))
                doc.setDefaultFont(font)
                if doc.size().height() <= height:
                    break
                size = max(size * 0.92, MIN_PIXEL_SIZE)
        font = self.body.font()
        font.setPixelSize(round(max(size, MIN_PIXEL_SIZE)))
        self.body.setFont(font)

    def _fit_board(self) -> None:
        """The board as large as the wall allows, and never smaller than readable: as many
        cards a row as fit at that size; a board taller than the wall keeps the card the
        facilitator last changed in view."""
        view = self.board_view
        card_px = QFontInfo(card_font()).pixelSize() or 14
        least = BOARD_TEXT_PIXELS * max(self.zoom, 1.0) / card_px
        width = max(view.viewport().width(), 1)
        height = max(view.viewport().height(), 1)
        columns = max(1, int((width / least - BOARD_GAP) // (CARD_W + BOARD_GAP)))
        self.board_scene.set_columns(columns)
        rect = self.board_scene.sceneRect()
        scale = max(least, min(width / rect.width(), height / rect.height()))
        view.setTransform(QTransform.fromScale(scale, scale))
        card = self.board_scene.cards.get(self._last_changed) if self._last_changed is not None else None
        if card is not None:
            view.ensureVisible(card, 12, 12)
        else:
            view.ensureVisible(QRectF(rect.topLeft(), rect.topLeft()), 0, 0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()
        if self.views.currentWidget() is self.board_view:
            self._fit_board()

    def shown_text(self) -> str:
        """Everything the room can read right now (used by tests)."""
        if self.blanked:
            return ""
        if self.views.currentWidget() is self.board_view:
            lanes = [lane.name for lane in self.board_scene.lanes.values() if lane.isVisible()]
            cards = [f"{c.text} {c.badge}".strip() for c in self.board_scene.cards.values() if c.isVisible()]
            shown = "\n".join(lanes + cards)
        elif self.views.currentWidget() is self.matrix_view:
            shown = "\n".join(self.matrix_view.legend_lines())
        else:
            body = QTextDocument()
            body.setHtml(self.body.text())
            shown = body.toPlainText()
        text = "\n".join((self.header.text(), shown, self.timers.text()))
        return text.replace("\xa0", " ")

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closed.emit()
        super().closeEvent(event)
