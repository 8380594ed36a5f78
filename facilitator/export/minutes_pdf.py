"""The minutes and action plan as a PDF (reportlab platypus).

Built in named steps, like pretix's invoices: register the fonts, build one
stylesheet, build the story, draw the page furniture ("Page x of y", a header
with the session title, the generation date) and return the bytes. Every piece
of user text goes through `_Text.para`, which escapes it: a Paragraph parses
markup, and `<b>&` typed in the room must print as typed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import io
from collections.abc import Callable
from xml.sax.saxutils import escape

from facilitator import __version__
from facilitator.core.dates import format_date, format_stamp
from facilitator.core.model import Quadrant, SessionState
from facilitator.export.digest import HIDDEN, HIDDEN_NOTE, Digest, PlanEntry, digest
from facilitator.export.followup_section import progress_section
from facilitator.export.fonts import markup, printable, register_fonts
from facilitator.export.paragraphs import Paragraphs
from facilitator.export.rtl import has_rtl, visual_lines

Progress = Callable[[int, int], None]

QUADRANT_HINTS = {
    Quadrant.QUICK_WIN: "easy, high impact",
    Quadrant.HEAVIER_LIFT: "hard, high impact",
    Quadrant.EASY_EXTRA: "easy, low impact",
    Quadrant.NOT_NOW: "hard, low impact",
}
GREY = "#666666"
IDEA_SIZE = 9.5  # an idea in the full list, points
IDEA_LEADING = IDEA_SIZE * 1.25
META_SIZE = 8  # the outcome line under each idea, points
TABLE_IDEA_CHARS = 600  # longer ideas are cut in tables; the full list prints every word
TABLE_NOTE_CHARS = 2_000  # owner, first step, reason (the plan allows 2,000)
GROUP_START = 110  # points: a heading starts a new page unless its table can start below it
CELL_PADDING = 6  # left + right padding of a table cell, points
PREFIX_ROOM = 90  # room kept for a prefix such as "#12" or "Merged wording:" on a wrapped line
NUMBERS_PER_ROW = 60  # idea numbers in one row of the "not taken forward" table
RULE = "#BBBBBB"
HEAD_FILL = "#E9EEF4"


def page_size(paper: str) -> tuple[float, float]:
    from reportlab.lib.pagesizes import A4, LETTER

    sizes = {"a4": A4, "letter": LETTER}
    try:
        return sizes[paper.lower()]
    except KeyError:
        raise ValueError(f"Paper must be a4 or letter, not {paper!r}.") from None


def nice_date(value: str) -> str:
    """'2027-01-08' as '8 Jan 2027', as the window shows dates; anything else as typed."""
    return format_date(value.strip()) if value.strip() else value


# ---- step 2: one stylesheet ------------------------------------------------------


def stylesheet(regular: str, bold: str, scale: float = 1.0) -> dict:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase.pdfmetrics import stringWidth

    def style(name: str, size: float, font: str = regular, lead: float = 1.25, **kw) -> ParagraphStyle:
        return ParagraphStyle(
            name, fontName=font, fontSize=size * scale, leading=size * scale * lead, splitLongWords=1, **kw
        )

    return {
        "title": style("title", 20, bold, spaceAfter=4),
        "question": style("question", 12.5, spaceAfter=10, textColor=colors.HexColor("#2F5D8A")),
        "h2": style("h2", 14, bold, spaceBefore=12, spaceAfter=6),
        "h3": style("h3", 11, bold, spaceBefore=8, spaceAfter=4),
        "theme": style("theme", 11, bold, spaceBefore=8, spaceAfter=4, keepWithNext=1),
        "body": style("body", 9.5, spaceAfter=4),
        "small": style("small", 8, textColor=colors.HexColor(GREY)),
        "cell": style("cell", 8, lead=1.2),
        "cellhead": style("cellhead", 8, bold, lead=1.2),
        "figure": style("figure", 16, bold, alignment=1),
        "figlabel": style("figlabel", 8, alignment=1, textColor=colors.HexColor(GREY)),
        # An idea's number is its paragraph's bullet, at the margin, and its words follow one
        # space on. The bullet's fragments carry their own font and size, so bulletFontSize
        # only sets the gap reportlab leaves after a bullet (0.6 of it): one space.
        "idea": style(
            "idea",
            IDEA_SIZE,
            spaceBefore=3,
            spaceAfter=2,
            leftIndent=12,
            firstLineIndent=-12,
            bulletIndent=0,
            bulletFontName=regular,
            bulletFontSize=stringWidth(" ", regular, IDEA_SIZE * scale) / 0.6,
            allowWidows=0,
            allowOrphans=0,
        ),
        # The outcome line under an idea: smaller and grey, on the idea's line spacing.
        "meta": style(
            "meta", META_SIZE, leftIndent=12, textColor=colors.HexColor(GREY), lead=IDEA_LEADING / META_SIZE
        ),
        "wording": style("wording", 8.5, leftIndent=24, textColor=colors.HexColor("#333333")),
    }


# Longer than any text the app accepts (an idea: MAX_IDEA_CHARS). reportlab re-wraps a
# paragraph's whole remainder at each page break, so a longer one would take time
# quadratic in its length; it is cut here instead.
MAX_PARAGRAPH_CHARS = 12_000


class _Text:
    """Turns user text into safe Paragraphs, and remembers whether any character
    had to be shown as a square because the font cannot draw it."""

    def __init__(self, styles: dict, width: float) -> None:
        self.styles = styles
        self.width = width
        self.replaced = False
        self.paragraph = Paragraphs()

    def safe(self, text: str, style: str = "cell", width: float | None = None) -> str:
        """`text` escaped for a Paragraph in `style`. With right-to-left runs and a
        `width`, it is wrapped here and each line put into visual order."""
        text, replaced = printable(text)
        self.replaced |= replaced
        if width is not None and has_rtl(text):
            look = self.styles[style]
            lines = visual_lines(text, look.fontName, look.fontSize, width)
            return "<br/>".join(markup(line) for line in lines)
        return markup(text).replace("\n", "<br/>")

    def clipped(self, text: str, limit: int = TABLE_IDEA_CHARS, width: float | None = None) -> str:
        """Escaped `text` for a table cell `width` wide, cut at `limit` characters
        so a table row always fits a page."""
        if len(text) <= limit:
            return self.safe(text, "cell", width)
        cut = self.safe(text[:limit].rstrip(), "cell", width)
        return cut + "… <i>(the full text is under “Every idea, by theme”)</i>"

    def para(
        self, text: str, style: str = "body", prefix: str = "", suffix: str = "", width=None, bullet=None
    ):
        """A Paragraph of user `text`; `prefix`/`suffix` are our own markup, `bullet` our own
        fragments drawn before its first line. `width` is the room the text has (the frame
        less indents and prefix or bullet by default)."""
        if width is None:
            room = PREFIX_ROOM if prefix or bullet else 0
            width = self.width - self.styles[style].leftIndent - room
        more = ""
        if len(text) > MAX_PARAGRAPH_CHARS:  # only a file edited outside the app holds such a text
            more = f"… <i>({len(text) - MAX_PARAGRAPH_CHARS:,} more characters, in the CSV export)</i>"
            text = text[:MAX_PARAGRAPH_CHARS]
        markup = prefix + self.safe(text, style, width) + more + suffix
        return self.paragraph(markup, self.styles[style], bullet)

    def bullet(self, text: str, font: str, style: str = "body") -> list:
        """Our own `text` as a paragraph's bullet: one fragment in `font` at `style`'s size."""
        from reportlab.platypus.paraparser import ParaFrag

        look = self.styles[style]
        return [ParaFrag(text=text, fontName=font, fontSize=look.fontSize, textColor=look.textColor)]

    def markup(self, markup: str, style: str = "body"):
        """A Paragraph of our own markup (already escaped where it holds user text)."""
        return self.paragraph(markup, self.styles[style])


# ---- step 3: the story -------------------------------------------------------------


def _table(rows: list[list], widths: list[float], header: bool = True):
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    class ContinuedTable(Table):
        """A table whose part on a later page says "(continued)" in its repeated header."""

        def split(self, availWidth, availHeight):
            from reportlab.platypus import Paragraph

            parts = super().split(availWidth, availHeight)
            if not header or len(parts) != 2 or len(parts[0]._cellvalues) < 2 or not parts[1]._cellvalues:
                return parts
            column = 1 if len(widths) > 1 else 0
            cell = parts[1]._cellvalues[0][column]
            first = cell[0] if isinstance(cell, list | tuple) and cell else cell
            if isinstance(first, Paragraph) and "(continued)" not in first.text:
                row = list(parts[1]._cellvalues[0])  # the first part shares the header row's list
                row[column] = [Paragraph(first.text + " (continued)", first.style)]
                parts[1]._cellvalues[0] = row
            return parts

    # Rows are bounded (long texts are clipped), so whole rows move to the next page.
    table = ContinuedTable(rows, colWidths=widths, repeatRows=1 if header else 0, hAlign="LEFT")
    commands = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.HexColor(RULE)),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(HEAD_FILL)))
    table.setStyle(TableStyle(commands))
    return table


def _cover(report: Digest, t: _Text, width: float) -> list:
    info = report.state.info
    story = [t.para(info.title or "Listening session", "title")]
    if info.question:
        story.append(t.para(info.question, "question"))
    facts = [
        ("Date", nice_date(info.date)),
        ("Place", info.place),
        ("Facilitator", info.facilitator),
        ("Team", info.team),
        ("Organisation", info.organisation),
        ("Time", session_times(report.state)),
        ("Notes taken by", info.note_taker),
        ("Next check-in", nice_date(info.next_checkin)),
        ("Status", "Approved" if info.approved else "Draft: not yet approved by the group"),
    ]
    present = [p for p in report.state.seated() if not p.absent]
    away = [p for p in report.state.seated() if p.absent]
    if info.rules.anonymous:
        attendance = f"{len(present)} people (no names: this was an anonymous session)"
        apologies = f"{len(away)} sent apologies" if away else ""
    else:
        names = ", ".join(p.name for p in present)
        attendance = f"{len(present)} people" + (f": {names}" if names else "")
        apologies = ", ".join(p.name for p in away)
    facts.append(("Attendance", attendance))
    facts.append(("Who was there", _mix(present)))
    facts.append(("Apologies", apologies))
    rows = [
        [t.markup(f"<b>{label}</b>", "cell"), t.para(value, "cell", width=0.8 * width - CELL_PADDING)]
        for label, value in facts
        if value
    ]
    story.append(_table(rows, [0.2 * width, 0.8 * width], header=False))
    return story


def session_times(state: SessionState) -> str:
    """Start and end time as typed in Setup, or else from the first and last turn."""
    start, end = state.info.started_at, state.info.ended_at
    if not (start and end) and state.turns:
        stamps = sorted(t.started_at for t in state.turns if t.started_at)
        ends = sorted(t.ended_at or t.started_at for t in state.turns if t.started_at)
        start = start or (stamps[0][11:16] if stamps and len(stamps[0]) >= 16 else "")
        end = end or (ends[-1][11:16] if ends and len(ends[-1]) >= 16 else "")
    if start and end:
        return f"{start} to {end}"
    return f"from {start}" if start else (f"until {end}" if end else "")


def _mix(people: list) -> str:
    """The room by role (or team, when roles are not set): counts, never names."""
    from collections import Counter

    roles = Counter(p.role.strip() for p in people if p.role.strip())
    key = roles if roles else Counter(p.team.strip() for p in people if p.team.strip())
    if not key:
        return ""
    return ", ".join(f"{name} {count}" for name, count in sorted(key.items(), key=lambda kv: (-kv[1], kv[0])))


def _themes(report: Digest, t: _Text, width: float) -> list:
    """A theme summary up front: ideas, votes and the most-voted idea of each theme."""
    from reportlab.platypus import CondPageBreak

    widths = [0.22 * width, 0.1 * width, 0.1 * width, 0.58 * width]
    rows = [[t.markup(h, "cellhead") for h in ("Theme", "Ideas", "Votes", "Most votes")]]
    for section in report.themes:
        cards = [report.entries[i.id] for i in section.cards if i.id in report.entries and i.is_active]
        if not section.cards:
            continue
        ideas = len(section.cards) + sum(len(report.wordings.get(i.id, [])) for i in section.cards)
        votes = HIDDEN if report.hidden else str(sum(e.votes for e in cards))
        top = max(cards, key=lambda e: (e.votes, -(e.number or 0)), default=None)
        best = ""
        if top is not None and top.votes and not report.hidden:
            best = f"#{top.number} " + t.clipped(top.idea.text, 200, widths[3] - CELL_PADDING - 20)
        rows.append(
            [
                t.para(section.name, "cell", width=widths[0] - CELL_PADDING),
                t.markup(str(ideas), "cell"),
                t.markup(votes, "cell"),
                t.markup(best, "cell"),
            ]
        )
    if len(rows) == 1:
        return []
    return [CondPageBreak(GROUP_START), t.markup("Themes", "h2"), _table(rows, widths)]


def _figures(report: Digest, t: _Text, width: float) -> list:
    from reportlab.platypus import CondPageBreak

    f = report.figures()
    boxes = [
        (f["participants"], "participants"),
        (f["rounds"], "rounds"),
        (f["ideas"], "ideas"),
        (f["votes"], "votes (dots)"),
    ]
    row1 = [t.markup(str(n), "figure") for n, _ in boxes]
    if report.hidden:
        row1[3] = t.markup(HIDDEN, "figure")
    row2 = [t.markup(label, "figlabel") for _, label in boxes]
    table = _table([row1, row2], [width / 4] * 4, header=False)
    detail = (
        f"{f['cards']} cards after grouping ({f['merged']} ideas merged into others, "
        f"{f['withdrawn']} withdrawn); {f['ballots']} private ballots plus tallies."
    )
    return [
        CondPageBreak(GROUP_START),
        t.markup("Summary", "h2"),
        table,
        t.markup(detail, "small"),
        t.markup(f"<b>Equal voice.</b> {escape(report.equity.sentence())}", "body"),
    ]


def _plan_rows(entries: list[PlanEntry], t: _Text, widths: list[float], hidden: bool = False) -> list[list]:
    idea_w, owner_w, step_w = (widths[i] - CELL_PADDING for i in (1, 4, 6))
    head = ["#", "Idea", "Dots", "Decision", "Owner", "Due", "First step or reason"]
    rows = [[t.markup(h, "cellhead") for h in head]]
    for e in entries:
        a = e.action
        decision = a.decision.label if a and a.decision else "Not decided"
        if a and a.decision and a.decision.is_commitment and a.status.value != "open":
            decision += f"<br/>({a.status.label.lower()})"
        step = []
        if a and a.decision and a.decision.needs_reason:
            missing = "<i>reason still missing</i>"
            reason = t.clipped(a.reason, TABLE_NOTE_CHARS, step_w) if a.reason else missing
            step.append("<i>Why:</i> " + reason)
        elif a:
            if a.first_step:
                step.append(t.clipped(a.first_step, TABLE_NOTE_CHARS, step_w))
            if a.success_measure:
                measure = t.clipped(a.success_measure, TABLE_NOTE_CHARS, step_w)
                step.append(f'<font color="{GREY}">Success: {measure}</font>')
        rows.append(
            [
                t.markup(str(e.number) if e.number else "–", "cell"),
                t.markup(t.clipped(e.idea.text, width=idea_w), "cell"),
                t.markup(HIDDEN if hidden else str(e.votes), "cell"),
                t.markup(decision, "cell"),
                t.markup(t.clipped(a.owner, 200, owner_w) if a else "", "cell"),
                t.para(nice_date(a.due_date) if a else "", "cell"),
                t.markup("<br/>".join(step), "cell"),
            ]
        )
    return rows


PLAN_WIDTHS = (0.045, 0.335, 0.06, 0.1, 0.13, 0.1, 0.23)
NOT_NOW_WIDTHS = (0.05, 0.42, 0.11, 0.42)


def _plan(report: Digest, t: _Text, width: float) -> list:
    from reportlab.platypus import CondPageBreak

    pick = report.state.info.rules.pick_names
    widths = [w * width for w in PLAN_WIDTHS]
    story = [
        # Room for the heading, its note and the first group's start, so no heading sits alone.
        CondPageBreak(GROUP_START + 70),
        t.markup("Action plan", "h2"),
        t.markup(
            "Grouped by where the room placed each idea for feasibility and impact, quick wins first. "
            "Each idea keeps its number on every page and chart.",
            "small",
        ),
    ]
    if not report.on_matrix:
        story.append(t.markup("No ideas reached the matrix in this session.", "body"))
    for quadrant, entries in report.groups:
        if not entries:
            continue
        title = f"{quadrant.label(pick)}s" if not pick else quadrant.label(pick)
        story.append(CondPageBreak(GROUP_START))
        story.append(
            t.markup(f"{title} <font size=8>({QUADRANT_HINTS[quadrant]}; {len(entries)})</font>", "h3")
        )
        story.append(_table(_plan_rows(entries, t, widths, report.hidden), widths))
    decided = report.heard_with_decision
    if decided:
        story.append(CondPageBreak(GROUP_START))
        story.append(t.markup(f"Not on the matrix, with a decision ({len(decided)})", "h3"))
        story.append(_table(_plan_rows(decided, t, widths, report.hidden), widths))
    story.extend(_passed_over(report, t, width))
    story.extend(_not_taken_forward(report, t, width))
    return story


def _numbers(entries: list[PlanEntry]) -> str:
    return ", ".join(f"#{e.number}" for e in sorted(entries, key=lambda e: e.number or 0))


def _passed_over(report: Digest, t: _Text, width: float) -> list:
    """Voting and placement agree or say why: cards that out-voted a prioritized one."""
    from reportlab.platypus import CondPageBreak

    entries = report.passed_over
    if not entries:
        return []
    widths = [w * width for w in NOT_NOW_WIDTHS]
    rows = [[t.markup(h, "cellhead") for h in ("#", "Idea", "Dots", "Why it is not on the matrix")]]
    for e in entries:
        why = t.clipped(e.why, TABLE_NOTE_CHARS, widths[3] - CELL_PADDING) if e.why else ""
        if e.decision is not None:
            why = f"Decision: {e.decision.label}" + (f". {why}" if why else "")
        rows.append(
            [
                t.markup(f"#{e.number}", "cell"),
                t.markup(t.clipped(e.idea.text, width=widths[1] - CELL_PADDING), "cell"),
                t.markup(str(e.votes), "cell"),
                t.markup(why or "<i>no reason given yet</i>", "cell"),
            ]
        )
    lowest = min((e.votes for e in report.on_matrix), default=0)
    return [
        CondPageBreak(GROUP_START),
        t.markup(f"More votes than a prioritized idea, not on the matrix ({len(entries)})", "h3"),
        t.markup(
            f"Each of these had more dots than a card on the matrix (the fewest there: {lowest}). "
            "The room did not take them forward this time, for the reason given.",
            "small",
        ),
        _table(rows, widths),
    ]


def _not_taken_forward(report: Digest, t: _Text, width: float) -> list:
    """Every other card heard and not taken forward, grouped by its reason."""
    from reportlab.platypus import CondPageBreak

    passed = {e.idea.id for e in report.passed_over}
    by_reason: dict[str, list[PlanEntry]] = {}
    for e in report.not_taken_forward:
        if e.idea.id not in passed:
            by_reason.setdefault(e.why, []).append(e)
    missing = [e for e in report.heard if e.answer is not None and not e.answer.answered]
    if not by_reason and not missing:
        return []
    count = sum(len(v) for v in by_reason.values())
    story = [
        CondPageBreak(GROUP_START),
        t.markup(f"Heard, not taken forward this time ({count})", "h3"),
        t.markup("Each idea is listed with its words under “Every idea, by theme”.", "small"),
    ]
    widths = [0.62 * width, 0.38 * width]
    rows = [[t.markup("Why", "cellhead"), t.markup("Ideas", "cellhead")]]
    groups = [(t.clipped(r, TABLE_NOTE_CHARS, widths[0] - CELL_PADDING), e) for r, e in by_reason.items()]
    if missing:
        groups.append(("<b>No answer yet</b>", missing))
    for why, entries in groups:
        # A long run of numbers is split over rows, so a row always fits a page.
        ordered = sorted(entries, key=lambda e: e.number or 0)
        for start in range(0, len(ordered), NUMBERS_PER_ROW):
            label = why if start == 0 else "<i>(continued)</i>"
            chunk = ordered[start : start + NUMBERS_PER_ROW]
            rows.append([t.markup(label, "cell"), t.markup(_numbers(chunk), "cell")])
    story.append(_table(rows, widths))
    return story


def _charts(report: Digest, t: _Text, width: float) -> list:
    from reportlab.platypus import KeepTogether, Spacer

    from facilitator.export.charts import VOTE_BARS, matrix_drawing, votes_drawing

    with_votes = sum(1 for e in report.entries.values() if e.idea.is_active and e.votes > 0)
    caption = (
        f"The {VOTE_BARS} most-voted of {with_votes} cards with votes; every count is in the idea list below."
        if with_votes > VOTE_BARS
        else "Dots per card from private ballots and tallies; a merged card counts the votes of its wordings."
    )
    return [
        KeepTogether(
            [
                t.markup("Feasibility and impact", "h2"),
                matrix_drawing(report, width * 0.74),
                t.markup(
                    "Each dot is an idea from the action plan, with its number; a dot is drawn inside "
                    "its own area even when set aside from others at the same spot. Faint lines show "
                    "where the middle half of the ratings fell.",
                    "small",
                ),
            ]
        ),
        Spacer(1, 6),
        KeepTogether(
            [t.markup("Vote results", "h2"), t.markup(HIDDEN_NOTE, "body")]
            if report.hidden
            else [
                t.markup("Vote results", "h2"),
                votes_drawing(report, width),
                t.markup(caption, "small"),
            ]
        ),
    ]


def _not_now(report: Digest, t: _Text, width: float) -> list:
    from reportlab.platypus import CondPageBreak

    story = [CondPageBreak(GROUP_START), t.markup("Later or not now, and why", "h2")]
    entries = report.not_now
    if not entries:
        story.append(t.markup("No idea was put off: nothing was decided as Later or Not now.", "body"))
        return story
    rows = [[t.markup(h, "cellhead") for h in ("#", "Idea", "Decision", "Why not now")]]
    for e in entries:
        a = e.action
        widths = [w * width for w in NOT_NOW_WIDTHS]
        reason_w = widths[3] - CELL_PADDING
        missing = "<i>reason still missing</i>"
        reason = t.clipped(a.reason, TABLE_NOTE_CHARS, reason_w) if a.reason else missing
        rows.append(
            [
                t.markup(str(e.number) if e.number else "–", "cell"),
                t.markup(t.clipped(e.idea.text, width=widths[1] - CELL_PADDING), "cell"),
                t.markup(a.decision.label, "cell"),
                t.markup(reason, "cell"),
            ]
        )
    story.append(_table(rows, [w * width for w in NOT_NOW_WIDTHS]))
    return story


def removed_note(removed: int) -> str:
    """What the minutes say of cards removed for good: how many, never what they said."""
    if removed == 1:
        return "One card was removed by the facilitator; nothing of it is kept."
    return f"{removed:,} cards were removed by the facilitator; nothing of them is kept."


def _every_idea(report: Digest, t: _Text) -> list:
    from reportlab.platypus import CondPageBreak

    from facilitator.export.idea_block import IdeaBlock

    pick = report.state.info.rules.pick_names
    regular, bold = t.styles["idea"].fontName, t.styles["h3"].fontName
    story = [
        CondPageBreak(GROUP_START),
        t.markup("Every idea, by theme", "h2"),
        t.markup(
            "Everything said, with what happens to it: merged wordings under the card they joined, "
            "withdrawn ideas with their reason, and why an idea is not taken forward this time.",
            "small",
        ),
    ]
    removed = report.state.info.removed_cards
    if removed:
        story.append(t.markup(removed_note(removed), "body"))
    elif not report.state.ideas:
        story.append(t.markup("No ideas were recorded.", "body"))
    for section in report.themes:
        if not section.cards:
            continue
        # The heading keeps with its first idea ("theme" has keepWithNext); each idea keeps its
        # outcome under it, and neither leaves one line alone on a page.
        story.append(t.para(section.name, "theme", suffix=f" <font size=8>({len(section.cards)})</font>"))
        for idea in section.cards:
            e = report.entries[idea.id]
            bullet = t.bullet(f"#{e.number}", bold, "idea") if e.number else t.bullet("•", regular, "idea")
            dots = "votes hidden" if report.hidden else f"{e.votes} dot" + ("" if e.votes == 1 else "s")
            if idea.withdrawn:
                reason = t.safe(idea.withdrawn_reason, "meta", t.width - 120) or "none given"
                meta = f"<b>Withdrawn.</b> Reason: {reason}"
            else:
                meta = f"{dots} · {escape(e.outcome(pick))}"
                a = e.action
                if a and a.owner and a.decision is not None:
                    meta += f" · owner {t.safe(a.owner, 'meta', t.width / 2)}"
                if e.why:
                    # No <i>: the print fonts have no italic (it prints upright), and one style
                    # is the quick way through reportlab (see idea_block).
                    meta += f" · Why: {t.safe(e.why, 'meta', t.width - 120)}"
            story.append(IdeaBlock(t.para(idea.text, "idea", bullet=bullet), t.markup(meta, "meta")))
            for merged in report.wordings.get(idea.id, []):
                story.append(t.para(merged.text, "wording", prefix="<i>Merged wording:</i> "))
    if t.replaced:
        story.append(
            t.markup(
                "A character no print font has, such as an emoji, is printed by its name in brackets. "
                "The session file and the CSV export keep the exact text.",
                "small",
            )
        )
    return story


def build_story(report: Digest, styles: dict, width: float, charts: bool = True) -> list:
    t = _Text(styles, width)
    return [
        *_cover(report, t, width),
        *progress_section(report.state, width),  # a follow-up opens with last time's actions
        *_figures(report, t, width),
        *_themes(report, t, width),
        *_plan(report, t, width),
        *_not_now(report, t, width),
        *(_charts(report, t, width) if charts else []),
        *_every_idea(report, t),
    ]


# ---- step 4: page furniture -----------------------------------------------------------


# No glyph is narrower than a tenth of the font size, so a line `width` wide never shows
# more than this many characters per point of width per point of size: the rest is cut
# before anything is measured, and any text fits in time linear in its length.
_NARROWEST_GLYPH = 0.1


@functools.lru_cache(maxsize=64)
def _fit(text: str, font: str, size: float, width: float) -> str:
    """`text` on one line of `width` points, cut with "…" if too long (once per title, not per page)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    most = int(width / (size * _NARROWEST_GLYPH)) + 2
    text, _ = printable(" ".join(text[: most * 4].split())[:most])
    if stringWidth(text, font, size) <= width and len(text) < most:
        return text
    low, high = 0, len(text)  # the longest prefix that fits with "…" after it: binary search
    while low < high:
        mid = (low + high + 1) // 2
        if stringWidth(text[:mid] + "…", font, size) <= width:
            low = mid
        else:
            high = mid - 1
    return text[:low].rstrip() + "…"


def numbered_canvas(title: str, generated: str, fonts: tuple[str, str], what: str = "Minutes"):
    """A canvas class that holds its pages back until the end, so every page can
    say "Page x of y" (pretix's NumberedCanvas)."""
    from reportlab.lib import colors
    from reportlab.pdfgen.canvas import Canvas

    regular, bold = fonts

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for page in self._pages:
                self.__dict__.update(page)
                self.furniture(total)
                super().showPage()
            super().save()

        def furniture(self, total: int) -> None:
            w, h = self._pagesize
            margin = 18 * 72 / 25.4
            self.saveState()
            self.setFillColor(colors.HexColor(GREY))
            self.setStrokeColor(colors.HexColor(RULE))
            self.setFont(bold, 8)
            self.drawRightString(w - margin, h - 30, what)
            self.setFont(regular, 8)
            self.drawString(margin, h - 30, _fit(title, regular, 8, w - 2 * margin - 80))
            self.line(margin, h - 34, w - margin, h - 34)
            self.line(margin, 40, w - margin, 40)
            self.drawString(margin, 28, f"Generated {generated} by Facilitator {__version__}")
            self.drawRightString(w - margin, 28, f"Page {self._pageNumber} of {total}")
            self.restoreState()

    return NumberedCanvas


def _document(
    out: io.BytesIO, pagesize, title: str, progress: Progress | None, total: int, invariant: bool = False
):
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    class MinutesDoc(SimpleDocTemplate):
        done = 0

        def afterFlowable(self, flowable) -> None:
            self.done += 1
            if progress is not None:
                progress(min(self.done, total - 1), total)

    return MinutesDoc(
        out,
        pagesize=pagesize,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=title,
        author="Facilitator",
        subject="Minutes and action plan",
        creator=f"Facilitator {__version__}",
        invariant=int(invariant),
    )


# ---- all steps ----------------------------------------------------------------------------


def build_minutes_pdf(
    state: SessionState,
    paper: str = "a4",
    progress: Progress | None = None,
    generated: dt.datetime | None = None,
    charts: bool = True,
) -> bytes:
    """The minutes and action plan of `state` as PDF bytes.

    `progress(done, total)` is called from the calling thread as the pages are
    laid out (the app runs this in a worker). `generated` fixes the date in
    the footer (and makes the bytes repeatable); `charts=False` leaves out the
    two chart images, for a quick text-only build.
    """
    pagesize = page_size(paper)
    fonts = register_fonts()  # step 1
    styles = stylesheet(*fonts)  # step 2
    if state.derived is None:  # nothing changes the state while it prints: each figure once
        state = dataclasses.replace(state, derived={})
    report = digest(state)
    out = io.BytesIO()
    probe = _document(out, pagesize, "", None, 1)
    story = build_story(report, styles, probe.width, charts)  # step 3
    total = len(story) + 1
    if progress is not None:
        progress(0, total)
    title = state.info.title or "Listening session"
    doc = _document(out, pagesize, title, progress, total, invariant=generated is not None)
    stamp = format_stamp(generated or dt.datetime.now())
    doc.build(story, canvasmaker=numbered_canvas(title, stamp, fonts))  # step 4
    if progress is not None:
        progress(total, total)
    return out.getvalue()  # step 5
