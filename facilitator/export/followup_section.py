"""What a follow-up's minutes and staff summary say about last time's actions.

Kept apart from the minutes and the summary so that each of them calls one
function: the minutes open with "Progress on last time's actions" (a table of
status and notes), the staff summary leads with "You said (date), we did".
Both are empty for a session that follows up nothing.
"""

from __future__ import annotations

import datetime as dt
from xml.sax.saxutils import escape

from facilitator.core.followup import ReviewStatus, you_said_we_did
from facilitator.core.model import SessionState
from facilitator.export.fonts import printable, register_fonts

GREY = "#666666"
RULE = "#BBBBBB"
HEAD_FILL = "#E9EEF4"
STATUS_COLOURS = {
    ReviewStatus.DONE: "#2E7D32",
    ReviewStatus.IN_PROGRESS: "#2F5D8A",
    ReviewStatus.STUCK: "#B3261E",
    ReviewStatus.DROPPED: "#555555",
    ReviewStatus.PENDING: GREY,
}
CELL_CHARS = 600


def _safe(text: str, limit: int = CELL_CHARS) -> str:
    text, _ = printable(text)
    if len(text) > limit:
        text = text[:limit].rstrip() + "…"
    return escape(text).replace("\n", "<br/>")


def _date(value: str) -> str:
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return value
    return f"{day.day} {day:%b %Y}"


def progress_section(state: SessionState, width: float) -> list:
    """The minutes' opening section of a follow-up: every carried action, its status and notes."""
    if not state.review:
        return []
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, Table, TableStyle

    regular, bold = register_fonts()
    h2 = ParagraphStyle("progressH2", fontName=bold, fontSize=14, leading=17.5, spaceBefore=12, spaceAfter=6)
    body = ParagraphStyle("progressBody", fontName=regular, fontSize=9.5, leading=12, spaceAfter=4)
    cell = ParagraphStyle("progressCell", fontName=regular, fontSize=8, leading=9.6, splitLongWords=1)
    head = ParagraphStyle("progressHead", fontName=bold, fontSize=8, leading=9.6)
    info = state.info
    counts = {s: sum(1 for i in state.review if i.status == s) for s in ReviewStatus}
    said = (
        f"{_safe(info.predecessor_title, 200)} ({_date(info.predecessor_date)})"
        if info.predecessor_title
        else ""
    )
    summary = ", ".join(
        f"{counts[s]} {s.label.lower()}" for s in ReviewStatus if counts[s] and s != ReviewStatus.PENDING
    )
    if counts[ReviewStatus.PENDING]:
        summary += (", " if summary else "") + f"{counts[ReviewStatus.PENDING]} not reviewed yet"
    story = [
        Paragraph("Progress on last time's actions", h2),
        Paragraph(
            f"This session followed up {said or 'the previous session'}. "
            f"{len(state.review)} actions were carried over: {summary}.",
            body,
        ),
    ]
    rows = [[Paragraph(t, head) for t in ("Action agreed", "Owner, due", "Status", "What we did")]]
    for item in state.review:
        colour = STATUS_COLOURS[item.status]
        notes = _safe(item.note) if item.note else ""
        if item.reason:
            notes += ("<br/>" if notes else "") + f"<b>Why:</b> {_safe(item.reason)}"
        owner = ", ".join(x for x in (_safe(item.owner, 120), _date(item.due_date)) if x)
        rows.append(
            [
                Paragraph(_safe(item.idea_text), cell),
                Paragraph(owner, cell),
                Paragraph(f"<font color='{colour}'><b>{item.status.label}</b></font>", cell),
                Paragraph(notes or f"<font color='{GREY}'>–</font>", cell),
            ]
        )
    table = Table(rows, colWidths=[width * 0.38, width * 0.17, width * 0.12, width * 0.33], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(HEAD_FILL)),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.HexColor(RULE)),
            ]
        )
    )
    story.append(table)
    return story


def you_said_we_did_section(state: SessionState, heading, item, note, limit: int | None = None) -> list:
    """The staff summary's lead for a follow-up: what staff said last time that is now done.

    `heading`, `item` and `note` are the summary's own paragraph styles.
    """
    done = you_said_we_did(state.review)
    if not state.review:
        return []
    from reportlab.platypus import Paragraph

    when = _date(state.info.predecessor_date) if state.info.predecessor_date else "last time"
    story = [Paragraph(f"You said ({escape(when)}), we did", heading)]
    if not done:
        story.append(
            Paragraph("None of last time's actions is finished yet; here is where each one stands.", note)
        )
    shown = done if limit is None else done[:limit]
    for entry in shown:
        story.append(Paragraph("–&nbsp;&nbsp;" + _safe(entry.idea_text, 300), item))
        if entry.note:
            story.append(Paragraph(f"<b>We did:</b> {_safe(entry.note, 300)}", note))
    if len(shown) < len(done):
        story.append(Paragraph(f"…and {len(done) - len(shown)} more in the full minutes.", note))
    still = [i for i in state.review if i.status in (ReviewStatus.IN_PROGRESS, ReviewStatus.STUCK)]
    if still:
        story.append(
            Paragraph(f"{len(still)} more are still in progress or stuck; the minutes say why.", note)
        )
    return story
