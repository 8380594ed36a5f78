"""The staff summary: one page, "You said, we did", in type big enough for a notice board.

Each row pairs what people said with what happens: "We will" (the decision, its first
step, owner and date), "We did" for what is done (only that gets a tick), or "Not now,
because" with the reason. Rows run by votes, so the most-voted items and the most-voted
refusal always show. It stays one page whatever the session holds: the type shrinks
from 18 to 12 points (never smaller: it is a notice-board poster), then the lists are
cut and point to the full minutes.
"""

from __future__ import annotations

import datetime as dt
import io
import textwrap

from facilitator import __version__
from facilitator.core.model import Decision, SessionState
from facilitator.export.digest import Digest, PlanEntry, digest
from facilitator.export.followup_section import you_said_we_did_section
from facilitator.export.fonts import markup, printable, register_fonts
from facilitator.export.minutes_pdf import nice_date, page_size
from facilitator.export.rtl import has_rtl, visual_lines

SIZES = (18, 16, 14, 13, 12)  # body type, points: 12 at the least
MAX_IDEA_CHARS = 240  # a notice board shows the gist; the minutes keep every word
MARGIN = 16 * 72 / 25.4  # 16 mm, in points
ALWAYS = 3  # the most-voted items always appear, whatever else is cut
WHOLE_LISTS_UP_TO = 24  # more items than this never fit one page
BLUE = "#2F5D8A"
LEFT, RIGHT = 0.46, 0.54  # the share of the width of "You said" and of "We will"
PAD = 12  # a cell's left and right padding, points, with a little to spare


def _styles(regular: str, bold: str, size: float, width: float) -> dict:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle

    def style(name: str, scale: float, font: str = regular, **kw) -> ParagraphStyle:
        return ParagraphStyle(
            name, fontName=font, fontSize=size * scale, leading=size * scale * 1.22, splitLongWords=1, **kw
        )

    return {
        "size": size,
        "width": width,  # of the text frame, points
        "banner": style("banner", 2.0, bold, textColor=colors.HexColor(BLUE), spaceAfter=2),
        "session": style("session", 1.0, textColor=colors.HexColor("#444444"), spaceAfter=size * 0.4),
        "said": style("said", 1.1, bold, spaceAfter=size * 0.5),
        "note": style("note", 1.0, spaceAfter=size * 0.4),
        "head": style("head", 1.0, bold, textColor=colors.white),
        "cell": style("cell", 1.0),
        "more": style("more", 1.0, textColor=colors.HexColor("#333333"), spaceBefore=size * 0.3),
        "checkin": style("checkin", 1.0, bold, spaceBefore=size * 0.6),
        "contact": style("contact", 1.0, spaceBefore=size * 0.3),
    }


def _safe(text: str, limit: int | None = MAX_IDEA_CHARS, style=None, width: float = 0) -> str:
    """`text` on one line of thought, cut to `limit` characters and escaped.
    With right-to-left runs and a `style` and `width`, wrapped here in visual order."""

    text, _ = printable(" ".join(text.split()))
    if limit is not None and len(text) > limit:
        text = textwrap.shorten(text, width=limit, placeholder=" …")
        if len(text) < limit // 2:  # one enormous word
            text = text[: limit - 1] + "…"
    if style is not None and width and has_rtl(text):
        lines = visual_lines(text, style.fontName, style.fontSize, width - style.leftIndent)
        return "<br/>".join(markup(line) for line in lines)
    return markup(text)


# ---- what the page says -------------------------------------------------------------------


def _is_refusal(e: PlanEntry, passed: set[int]) -> bool:
    """Later or Not now, or not taken forward although it out-voted a prioritized idea:
    each says why. (Other ideas not taken forward share a line and are in the minutes.)"""
    if e.decision is not None:
        return e.decision.needs_reason
    return bool(e.why) and e.idea.id in passed


def answered_items(report: Digest) -> tuple[list[PlanEntry], list[PlanEntry]]:
    """(commitments, refusals), each most-voted first."""

    def order(e: PlanEntry) -> tuple:
        return (-e.votes, e.number or 0)

    cards = [e for e in report.entries.values() if e.idea.is_active]
    commitments = sorted((e for e in cards if e.decision is not None and e.decision.is_commitment), key=order)
    passed = {e.idea.id for e in report.passed_over}
    refusals = sorted((e for e in cards if _is_refusal(e, passed)), key=order)
    return commitments, refusals


def chosen(items: list[PlanEntry], limit: int | None, always: set[int]) -> list[PlanEntry]:
    """The first `limit` items, plus any of `always` further down, in their order."""
    if limit is None:
        return items
    keep = {id(e) for e in items[:limit]}
    return [e for e in items if id(e) in keep or e.idea.id in always]


def _will(e: PlanEntry, s: dict) -> str:
    a = e.action
    done = a.status.value == "done"
    head = "✓ <b>We did:</b>" if done else f"<b>We will ({a.decision.label.lower()}):</b>"
    parts = []
    if a.first_step:
        parts.append(_safe(a.first_step, 200, s["cell"], s["width"] * RIGHT - PAD))
    who = []
    if a.owner:
        who.append(_safe(a.owner, 80, s["cell"], s["width"] * RIGHT - PAD))
    if a.due_date and not done:
        who.append(f"by {_safe(nice_date(a.due_date), 40)}")
    elif a.status.value == "in_progress":
        who.append("in progress")
    text = head + " " + (" ".join(parts) if parts else "it is in the action plan")
    if who:
        text += "<br/>" + " · ".join(who)
    return text


def _because(e: PlanEntry, s: dict) -> str:
    label = "Later, because" if e.decision is Decision.LATER else "Not now, because"
    why = (
        _safe(e.why, 300, s["cell"], s["width"] * RIGHT - PAD)
        if e.why
        else "<i>the reason is being written</i>"
    )
    return f"<b>{label}:</b> {why}"


def _said(e: PlanEntry, s: dict, show_votes: bool) -> str:
    text = _safe(e.idea.text, MAX_IDEA_CHARS, s["cell"], s["width"] * LEFT - PAD)
    if show_votes:
        votes = f"{e.votes} vote{'s' if e.votes != 1 else ''}"
        text += ("<br/>" if has_rtl(e.idea.text) else " ") + f'<font color="#555555">({votes})</font>'
    return text


def _table(rows: list[PlanEntry], render, s: dict, header: tuple[str, str], show_votes: bool):
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table, TableStyle

    width = s["width"]
    data = [[Paragraph(header[0], s["head"]), Paragraph(header[1], s["head"])]]
    data += [
        [Paragraph(_said(e, s, show_votes), s["cell"]), Paragraph(render(e, s), s["cell"])] for e in rows
    ]
    table = Table(data, colWidths=[width * LEFT, width * RIGHT], repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(BLUE)),
                ("LINEBELOW", (0, 1), (-1, -1), 0.6, colors.HexColor("#999999")),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def contributors(state: SessionState) -> str:
    """Who shared the ideas, counted honestly: people who spoke at the round table, and
    "you" for ideas that came in another way (comment cards, an import)."""
    ideas = len(state.ideas)
    # Per-turn rows while the round table runs; per-person totals once sealing folded them.
    said = {t.participant_id for t in state.turns if t.ideas > 0 and t.participant_id is not None}
    said |= {a.participant_id for a in state.airtime if a.ideas > 0}
    from_turns = sum(t.ideas for t in state.turns) + sum(a.ideas for a in state.airtime)
    plural = "idea" if ideas == 1 else "ideas"
    if not said or from_turns == 0:
        return f"You shared {ideas:,} {plural}."
    if from_turns >= ideas:
        return f"{len(said)} of you shared {ideas:,} {plural}."
    more = ideas - from_turns
    return f"You shared {ideas:,} {plural}: {len(said)} of you round the table, and {more:,} more on cards."


def _story(report: Digest, s: dict, limit: int | None, more_commitments: int = 0) -> list:
    from reportlab.platypus import Paragraph

    info = report.state.info
    where = " · ".join(_safe(x, 120) for x in (info.title, nice_date(info.date), info.team) if x)
    story = [Paragraph("You said, we did", s["banner"]), Paragraph(where, s["session"])]
    if info.question:
        question = _safe(info.question, 400, s["said"], s["width"] - 6 * s["said"].fontSize)
        story.append(Paragraph(f"We asked: “{question}”", s["said"]))
    commitments, refusals = answered_items(report)
    waiting = len(report.unanswered)
    promise = (
        "Every idea has an answer in the full minutes."
        if not waiting
        else f"{waiting} still {'awaits' if waiting == 1 else 'await'} an answer; the minutes list them."
    )
    story.append(Paragraph(f"{contributors(report.state)} {promise}", s["note"]))
    # A follow-up leads with what was done about last time's actions.
    story.extend(you_said_we_did_section(report.state, s["said"], s["cell"], s["more"], limit))
    show_votes = not report.hidden
    top = sorted(commitments + refusals, key=lambda e: (-e.votes, e.number or 0))[:ALWAYS]
    always = {e.idea.id for e in top} | ({refusals[0].idea.id} if refusals else set())
    always |= {e.idea.id for e in commitments if e.action.status.value == "done"}  # what we did
    for items, render, header, empty, extra in (
        (
            commitments,
            _will,
            ("You said", "We will / We did"),
            "No commitments were recorded yet.",
            more_commitments,
        ),
        (refusals, _because, ("You said", "Not now, because"), "Nothing was turned down or put off.", 0),
    ):
        shown = chosen(items, None if limit is None else limit + extra, always)
        if not items:
            story.append(Paragraph(f"<b>{header[1]}:</b> {empty}", s["more"]))
            continue
        story.append(_table(shown, render, s, header, show_votes))
        if len(shown) < len(items):
            story.append(Paragraph(f"…and {len(items) - len(shown):,} more in the full minutes.", s["more"]))
    listed = {e.idea.id for e in refusals}
    others = [e for e in report.not_taken_forward if e.idea.id not in listed]
    if others:
        story.append(
            Paragraph(
                f"{len(others):,} other idea{'s were' if len(others) != 1 else ' was'} heard and not taken "
                "forward this time; the minutes give the reason for each.",
                s["more"],
            )
        )
    if info.next_checkin:
        story.append(
            Paragraph(
                f"We will check progress with you on {_safe(nice_date(info.next_checkin), 60)}.", s["checkin"]
            )
        )
    if info.contact:
        story.append(Paragraph(_safe(info.contact, 300, s["contact"], s["width"]), s["contact"]))
    return story


def _render(state: SessionState, story: list, pagesize) -> tuple[bytes, int]:
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=pagesize,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=14 * mm,
        bottomMargin=14 * mm,
        title=f"You said, we did: {state.info.title}",
        author="Facilitator",
        creator=f"Facilitator {__version__}",
    )
    doc.build(list(story))
    return out.getvalue(), doc.page


def build_summary_pdf(state: SessionState, paper: str = "a4", generated: dt.datetime | None = None) -> bytes:
    """The one-page staff summary of `state` as PDF bytes. (`generated` is accepted for the
    callers' sake; a notice board needs no print date.)"""
    pagesize = page_size(paper)
    fonts = register_fonts()
    report = digest(state)
    commitments, refusals = answered_items(report)
    longest = max(len(commitments), len(refusals), 1)

    def render(size: float, limit: int | None, extra: int = 0) -> tuple[bytes, int]:
        styles = _styles(*fonts, size, pagesize[0] - 2 * MARGIN)
        return _render(state, _story(report, styles, limit, extra), pagesize)

    # Whole lists in the biggest type that fits; else as many items as fit at 12 points.
    if longest <= WHOLE_LISTS_UP_TO:
        for size in SIZES:
            data, pages = render(size, None)
            if pages == 1:
                return data
    low, high = 0, min(longest, WHOLE_LISTS_UP_TO)  # items per list: `low` fits, `high` may not
    data, pages = render(SIZES[-1], 0)
    while low < high:
        middle = (low + high + 1) // 2
        attempt, pages = render(SIZES[-1], middle)
        if pages == 1:
            low, data = middle, attempt
        else:
            high = middle - 1
    extra = 1  # then what we will do takes any room left
    while low + extra <= len(commitments):
        attempt, pages = render(SIZES[-1], low, extra)
        if pages != 1:
            break
        data, extra = attempt, extra + 1
    return data
