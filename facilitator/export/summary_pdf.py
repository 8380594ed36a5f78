"""The staff summary: one page, "You said, we did", in type big enough for a notice board.

It must stay on one page whatever the session holds, so the type shrinks step
by step until it fits; past the smallest readable size, the longest lists are
cut and point to the full minutes.
"""

from __future__ import annotations

import datetime as dt
import io
import textwrap

from facilitator import __version__
from facilitator.core.dates import format_stamp
from facilitator.core.model import SessionState
from facilitator.export.digest import Digest, PlanEntry, digest
from facilitator.export.fonts import printable, register_fonts
from facilitator.export.minutes_pdf import nice_date, page_size
from facilitator.export.rtl import has_rtl, visual_lines

SIZES = (18, 16, 14, 13, 12, 11, 10)  # body type, points
MAX_IDEA_CHARS = 240  # a notice board shows the gist; the minutes keep every word
MARGIN = 18 * 72 / 25.4  # 18 mm, in points
WHOLE_LISTS_UP_TO = 24  # more items than this never fit one page


def _styles(regular: str, bold: str, size: float, width: float) -> dict:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle

    def style(name: str, scale: float, font: str = regular, **kw) -> ParagraphStyle:
        return ParagraphStyle(
            name, fontName=font, fontSize=size * scale, leading=size * scale * 1.22, splitLongWords=1, **kw
        )

    return {
        "width": width,  # of the text frame, points
        "banner": style("banner", 2.2, bold, textColor=colors.HexColor("#2F5D8A"), spaceAfter=2),
        "session": style("session", 0.8, textColor=colors.HexColor("#555555"), spaceAfter=size * 0.6),
        "said": style("said", 1.15, bold, spaceAfter=size * 0.8),
        "h": style(
            "h",
            1.2,
            bold,
            spaceBefore=size * 0.5,
            spaceAfter=size * 0.3,
            textColor=colors.HexColor("#2F5D8A"),
        ),
        "item": style(
            "item", 1.0, leftIndent=size * 1.1, firstLineIndent=-size * 1.1, spaceBefore=size * 0.3
        ),
        "who": style("who", 0.8, leftIndent=size * 1.1, textColor=colors.HexColor("#444444")),
        "why": style("why", 0.9, leftIndent=size * 1.1, textColor=colors.HexColor("#222222")),
        "note": style("note", 0.8, spaceBefore=size * 0.6, textColor=colors.HexColor("#444444")),
        "checkin": style("checkin", 1.1, bold, spaceBefore=size * 0.8),
    }


def _safe(text: str, limit: int | None = MAX_IDEA_CHARS, style=None, width: float = 0) -> str:
    """`text` on one line of thought, cut to `limit` characters and escaped.
    With right-to-left runs and a `style` and `width`, wrapped here in visual order."""
    from xml.sax.saxutils import escape

    text, _ = printable(" ".join(text.split()))
    if limit is not None and len(text) > limit:
        text = textwrap.shorten(text, width=limit, placeholder=" …")
        if len(text) < limit // 2:  # one enormous word
            text = text[: limit - 1] + "…"
    if style is not None and width and has_rtl(text):
        lines = visual_lines(text, style.fontName, style.fontSize, width - style.leftIndent)
        return "<br/>".join(escape(line) for line in lines)
    return escape(text)


def _commitment(e: PlanEntry, s: dict) -> list:
    from reportlab.platypus import Paragraph

    a = e.action
    who = [a.decision.label]
    if a.owner:
        who.append(f"owner: {_safe(a.owner, 80, s['who'], s['width'] / 2)}")
    if a.due_date:
        who.append(f"by {_safe(nice_date(a.due_date), 40)}")
    if a.status.value != "open":
        who.append(a.status.label.lower())
    text = _safe(e.idea.text, MAX_IDEA_CHARS, s["item"], s["width"])
    return [Paragraph("✓&nbsp;&nbsp;" + text, s["item"]), Paragraph(" · ".join(who), s["who"])]


def _not_now(e: PlanEntry, s: dict) -> list:
    from reportlab.platypus import Paragraph

    a = e.action
    why = (
        _safe(a.reason, 400, s["why"], s["width"] - 60)
        if a.reason
        else "<i>the reason is still being written</i>"
    )
    return [
        Paragraph("–&nbsp;&nbsp;" + _safe(e.idea.text, MAX_IDEA_CHARS, s["item"], s["width"]), s["item"]),
        Paragraph(f"<b>{a.decision.label}:</b> {why}", s["why"]),
    ]


def _story(report: Digest, s: dict, limit: int | None) -> list:
    from reportlab.platypus import Paragraph

    info = report.state.info
    where = " · ".join(_safe(x, 120) for x in (info.title, nice_date(info.date), info.team) if x)
    story = [Paragraph("You said, we did", s["banner"]), Paragraph(where, s["session"])]
    if info.question:
        question = _safe(info.question, 400, s["said"], s["width"] - 6 * s["said"].fontSize)
        story.append(Paragraph(f"We asked: “{question}”", s["said"]))
    figures = report.figures()
    story.append(
        Paragraph(
            f"{figures['participants']} of you shared {figures['ideas']} ideas. Every one is in the minutes, "
            "with what happens next.",
            s["note"],
        )
    )

    def section(title: str, entries: list[PlanEntry], render, empty: str) -> None:
        story.append(Paragraph(title, s["h"]))
        if not entries:
            story.append(Paragraph(empty, s["who"]))
        shown = entries if limit is None else entries[:limit]
        for e in shown:
            story.extend(render(e, s))
        if len(shown) < len(entries):
            story.append(Paragraph(f"…and {len(entries) - len(shown)} more in the full minutes.", s["who"]))

    section("What we will do", report.commitments, _commitment, "No commitments were recorded yet.")
    section(
        "Not now, and why",
        report.not_now,
        _not_now,
        "Nothing was turned down or put off.",
    )
    if info.next_checkin:
        story.append(
            Paragraph(
                f"We will check progress with you on {_safe(nice_date(info.next_checkin), 60)}.", s["checkin"]
            )
        )
    return story


def _render(
    state: SessionState, story: list, pagesize, fonts: tuple[str, str], generated: str
) -> tuple[bytes, int]:
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    regular, _ = fonts

    def footer(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(regular, 8)
        canvas.setFillGray(0.4)
        canvas.drawString(doc.leftMargin, 12 * mm, f"Generated {generated} by Facilitator {__version__}")
        canvas.restoreState()

    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=pagesize,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=16 * mm,
        bottomMargin=20 * mm,
        title=f"You said, we did: {state.info.title}",
        author="Facilitator",
        creator=f"Facilitator {__version__}",
    )
    doc.build(list(story), onFirstPage=footer, onLaterPages=footer)
    return out.getvalue(), doc.page


def build_summary_pdf(state: SessionState, paper: str = "a4", generated: dt.datetime | None = None) -> bytes:
    """The one-page staff summary of `state` as PDF bytes."""
    pagesize = page_size(paper)
    fonts = register_fonts()
    report = digest(state)
    stamp = format_stamp(generated or dt.datetime.now())
    longest = max(len(report.commitments), len(report.not_now), 1)
    # Whole lists first (unless they could never fit), then shorter and shorter ones.
    limits: list[int | None] = [None] if longest <= WHOLE_LISTS_UP_TO else []
    limit = min(longest, WHOLE_LISTS_UP_TO)
    while limit > 1:
        limit //= 2
        limits.append(limit)
    data = b""
    for limit in limits:
        sizes = SIZES if limit is None else SIZES[-3:]
        for size in sizes:
            styles = _styles(*fonts, size, pagesize[0] - 2 * MARGIN)
            data, pages = _render(state, _story(report, styles, limit), pagesize, fonts, stamp)
            if pages == 1:
                return data
    return data  # the shortest lists at the smallest size; only a pathological title gets here
