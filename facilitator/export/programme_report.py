"""The programme report: several sessions rolled up, as a PDF and a CSV.

Built in named steps like the minutes: fonts, one stylesheet, the story, page
furniture, bytes. It prints only what `core.programme` worked out, so the
window and the report always agree. Nobody's name is attached to an idea or a
vote unless every session was named and the user asked (`Programme.named`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from facilitator import __version__
from facilitator.core.programme import Programme
from facilitator.export.csv_io import neutralise
from facilitator.export.fonts import font_path, printable, register_fonts

if TYPE_CHECKING:
    from matplotlib.figure import Figure

GREY = "#666666"
RULE = "#BBBBBB"
HEAD_FILL = "#E9EEF4"
OVERDUE = "#B3261E"
PERIOD_COLOURS = ("#9DB7D5", "#2F5D8A", "#E45756", "#54A24B", "#F2A541", "#7F7F7F")
CHART_DPI = 200
CELL_CHARS = 300

CSV_COLUMNS = ["file", "session", "team", "date", "period", "theme", "idea", "votes", "outcome"]


def _safe(text: str, limit: int = CELL_CHARS) -> str:
    text, _ = printable(text)
    if len(text) > limit:
        text = text[:limit].rstrip() + "…"
    return escape(text).replace("\n", "<br/>")


def _nice(value: str) -> str:
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return value
    return f"{day.day} {day:%b %Y}"


def _styles(regular: str, bold: str) -> dict:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle

    def style(name: str, size: float, font: str = regular, **kw) -> ParagraphStyle:
        return ParagraphStyle(name, fontName=font, fontSize=size, leading=size * 1.25, splitLongWords=1, **kw)

    return {
        "title": style("title", 24, bold, spaceAfter=6),
        "subtitle": style("subtitle", 13, textColor=colors.HexColor("#2F5D8A"), spaceAfter=14),
        "h2": style("h2", 14, bold, spaceBefore=14, spaceAfter=6),
        "body": style("body", 9.5, spaceAfter=4),
        "small": style("small", 8, textColor=colors.HexColor(GREY)),
        "cell": style("cell", 8),
        "cellhead": style("cellhead", 8, bold),
        "figure": style("figure", 20, bold, alignment=1),
        "figlabel": style("figlabel", 8, alignment=1, textColor=colors.HexColor(GREY)),
    }


def _table(rows: list[list], widths: list[float], styles: dict, header: bool = True, extra=(), lines=True):
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table, TableStyle

    cells = [
        [
            c if not isinstance(c, str) else Paragraph(c, styles["cellhead" if header and r == 0 else "cell"])
            for c in row
        ]
        for r, row in enumerate(rows)
    ]
    table = Table(cells, colWidths=widths, repeatRows=1 if header else 0)
    commands = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    if lines:
        commands.append(("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.HexColor(RULE)))
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(HEAD_FILL)))
    table.setStyle(TableStyle(commands + list(extra)))
    return table


def _num(value: int | None) -> str:
    return "–" if value is None else str(value)


# ---- the chart --------------------------------------------------------------------------


def themes_figure(programme: Programme, width_in: float = 6.8, height_in: float = 3.0) -> Figure:
    """Ideas per theme, one bar per period: which pillars grow and which fade."""
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

    font = FontProperties(fname=str(font_path()), size=8)
    fig = Figure(figsize=(width_in, height_in))
    ax = fig.add_subplot(1, 1, 1)
    themes = programme.themes[:10]
    periods = programme.periods
    n = max(len(periods), 1)
    width = 0.8 / n
    for p, period in enumerate(periods):
        values = [t.by_period.get(period, (0, 0))[0] for t in themes]
        xs = [i - 0.4 + width * (p + 0.5) for i in range(len(themes))]
        ax.bar(xs, values, width * 0.95, label=period, color=PERIOD_COLOURS[p % len(PERIOD_COLOURS)])
        for x, v in zip(xs, values, strict=True):
            if v:
                ax.text(x, v, str(v), ha="center", va="bottom", fontproperties=font)
    ax.set_xticks(range(len(themes)))
    ax.set_xticklabels([printable(t.theme)[0][:24] for t in themes], fontproperties=font)
    ax.set_ylabel("Ideas", fontproperties=font)
    for label in ax.get_yticklabels():
        label.set_fontproperties(font)
    ax.spines[["top", "right"]].set_visible(False)
    if periods:
        ax.legend(prop=font, frameon=False, title=None, ncols=min(n, 4))
    fig.tight_layout()
    return fig


def figure_png(fig: Figure, dpi: int = CHART_DPI) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=dpi)
    return out.getvalue()


def _chart(fig: Figure, width_pt: float):
    from reportlab.platypus import Image

    w_in, h_in = fig.get_size_inches()
    return Image(io.BytesIO(figure_png(fig)), width=width_pt, height=width_pt * h_in / w_in)


# ---- the story ------------------------------------------------------------------------------


def _cover(p: Programme, s: dict, width: float) -> list:
    from reportlab.platypus import Paragraph, Spacer

    periods = " and ".join(x for x in p.periods) or "no dated sessions"
    people = sum(r.people for r in p.sessions)
    ideas = sum(r.ideas for r in p.sessions)
    votes = sum(r.votes or 0 for r in p.sessions)
    figures = [
        (len(p.sessions), "sessions"),
        (len(p.teams), "teams"),
        (people, "people"),
        (ideas, "ideas"),
        (votes, "votes"),
        (len(p.overdue), "overdue actions"),
    ]
    story = [
        Paragraph("Programme report", s["title"]),
        Paragraph(_safe(f"{len(p.sessions)} sessions of {len(p.teams)} teams, {periods}"), s["subtitle"]),
        _table(
            [
                [Paragraph(str(n), s["figure"]) for n, _ in figures],
                [Paragraph(label, s["figlabel"]) for _, label in figures],
            ],
            [width / len(figures)] * len(figures),
            s,
            header=False,
            extra=[("ALIGN", (0, 0), (-1, -1), "CENTER")],
            lines=False,
        ),
        Spacer(1, 8),
        Paragraph(
            "Read from the session files without changing them. Ideas and votes are counted per theme; "
            + (
                "authors are shown because every session was named and the report was asked to name them."
                if p.named
                else "nobody's name is attached to an idea or a vote."
            )
            + f" Actions are overdue when their due date is before {_nice(p.today)} and they are not done.",
            s["small"],
        ),
    ]
    if p.unreadable:
        story.append(
            Paragraph(
                _left_out(len(p.unreadable)),
                s["body"],
            )
        )
    return story


def _left_out(n: int) -> str:
    files, verb = ("file", "is") if n == 1 else ("files", "are")
    return f"<b>{n} {files} could not be read</b> and {verb} left out: see “Files not included” at the end."


def _sessions(p: Programme, s: dict, width: float) -> list:
    from reportlab.platypus import Paragraph

    head = ["Team", "Session", "Date", "People", "Ideas", "Votes", "Open", "Overdue", "Done"]
    rows = [head]
    for r in p.sessions:
        title = _safe(r.title) + (
            f"<br/><font color='{GREY}'>follows {_safe(r.follows)}</font>" if r.follows else ""
        )
        rows.append(
            [
                _safe(r.team),
                title,
                _nice(r.date),
                str(r.people),
                str(r.ideas),
                _num(r.votes),
                str(r.actions_open),
                f"<font color='{OVERDUE}'><b>{r.actions_overdue}</b></font>" if r.actions_overdue else "0",
                str(r.actions_done),
            ]
        )
    fixed = [52, 38, 34, 36, 34, 46, 34]
    rest = width - sum(fixed)
    return [
        Paragraph("Sessions", s["h2"]),
        _table(rows, [rest * 0.4, rest * 0.6, *fixed], s),
        Paragraph("Votes show “–” for a session whose results were not revealed.", s["small"]),
    ]


def _themes(p: Programme, s: dict, width: float, charts: bool) -> list:
    from reportlab.platypus import Paragraph

    story = [Paragraph("Themes across sessions", s["h2"])]
    if charts and p.themes:
        story.append(_chart(themes_figure(p), width))
    head = ["Theme", "Ideas", "Votes"] + [f"{period}: ideas / votes" for period in p.periods]
    rows = [head]
    for t in p.themes:
        rows.append(
            [_safe(t.theme), str(t.ideas), str(t.votes)]
            + ["{} / {}".format(*t.by_period.get(period, (0, 0))) for period in p.periods]
        )
    n = len(p.periods)
    per = min(80, (width - 200) / max(n, 1))
    story.append(_table(rows, [width - 80 - per * n, 40, 40] + [per] * n, s))
    # Ideas per theme and team
    teams = p.teams
    if teams and p.themes:
        story.append(Paragraph("Ideas per theme, team by team", s["h2"]))
        head = ["Team"] + [_safe(t.theme, 30) for t in p.themes[:8]]
        rows = [head] + [
            [_safe(team)] + [str(t.by_team.get(team, 0)) for t in p.themes[:8]] for team in teams
        ]
        cols = len(head) - 1
        story.append(_table(rows, [width - 80 * cols] + [80] * cols, s))
    return story


def _comparison(p: Programme, s: dict, width: float) -> list:
    from reportlab.platypus import Paragraph

    if not p.comparison:
        return []
    a, b = p.comparison
    total_a = sum(c.before[1] for c in p.changes) or 1
    total_b = sum(c.after[1] for c in p.changes) or 1
    head = ["Theme", f"{a} ideas", f"{b} ideas", "Change", f"{a} share of votes", f"{b} share of votes"]
    rows = [head]
    for c in p.changes:
        change = c.after[0] - c.before[0]
        rows.append(
            [
                _safe(c.theme),
                str(c.before[0]),
                str(c.after[0]),
                f"{change:+d}",
                f"{100 * c.before[1] / total_a:.0f}%",
                f"{100 * c.after[1] / total_b:.0f}%",
            ]
        )
    return [
        Paragraph(f"Comparing {a} with {b}", s["h2"]),
        _table(rows, [width - 5 * 70] + [70] * 5, s),
    ]


def _recurring(p: Programme, s: dict, width: float) -> list:
    from reportlab.platypus import Paragraph

    story = [Paragraph("Recurring ideas across teams", s["h2"])]
    if not p.recurring:
        return [*story, Paragraph("No suggestion came up in more than one team.", s["body"])]
    story.append(
        Paragraph(
            "The same suggestion made in several teams, in their own words (found with the duplicate "
            "suggester), is one finding.",
            s["small"],
        )
    )
    rows = [["Suggestion", "Teams", "Sessions", "Votes"]]
    for r in p.recurring:
        others = len(r.wordings) - 1
        text = _safe(r.text)
        if others:
            text += f"<br/><font color='{GREY}'>and {others} other wording{'s' if others != 1 else ''}; "
            text += _safe(", ".join(r.teams)) + "</font>"
        else:
            text += f"<br/><font color='{GREY}'>{_safe(', '.join(r.teams))}</font>"
        rows.append([text, str(len(r.teams)), str(r.sessions), str(r.votes)])
    story.append(_table(rows, [width - 140, 40, 55, 45], s))
    return story


def _actions(p: Programme, s: dict, width: float) -> list:
    from reportlab.platypus import Paragraph

    story = [Paragraph("Action log", s["h2"])]
    if not p.actions:
        return [*story, Paragraph("No session in the programme agreed an action.", s["body"])]
    story.append(
        Paragraph(
            f"{len(p.overdue)} overdue (in red), then the rest by due date. A follow-up's review "
            "gives the latest status and what was done.",
            s["small"],
        )
    )
    rows = [["Team", "Action", "Owner", "Due", "Status"]]
    red = []
    for n, a in enumerate(p.actions, start=1):
        status = a.status + (f"<br/><font color='{GREY}'>{_safe(a.note, 160)}</font>" if a.note else "")
        if a.reviewed_in:
            status += f"<br/><font color='{GREY}' size=7>reviewed in {_safe(a.reviewed_in, 80)}</font>"
        due = _nice(a.due_date)
        if a.overdue:
            due = f"<font color='{OVERDUE}'><b>{due}</b><br/>overdue</font>"
            red.append(("BACKGROUND", (0, n), (-1, n), "#FBEDEC"))
        rows.append([_safe(a.team), _safe(a.idea), _safe(a.owner, 80), due, status])
    story.append(_table(rows, [80, width - 80 - 70 - 55 - 110, 70, 55, 110], s, extra=red))
    return story


def _unreadable(p: Programme, s: dict, width: float) -> list:
    from reportlab.platypus import Paragraph

    if not p.unreadable:
        return []
    rows = [["File", "Why it was left out"]] + [[_safe(u.name), _safe(u.reason)] for u in p.unreadable]
    return [Paragraph("Files not included", s["h2"]), _table(rows, [150, width - 150], s)]


def build_story(p: Programme, s: dict, width: float, charts: bool = True) -> list:
    return [
        *_cover(p, s, width),
        *_sessions(p, s, width),
        *_themes(p, s, width, charts),
        *_comparison(p, s, width),
        *_recurring(p, s, width),
        *_actions(p, s, width),
        *_unreadable(p, s, width),
    ]


def build_programme_pdf(
    programme: Programme, paper: str = "a4", generated: dt.datetime | None = None, charts: bool = True
) -> bytes:
    """The programme report as PDF bytes."""
    from reportlab.lib.pagesizes import A4, LETTER
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    regular, bold = register_fonts()
    styles = _styles(regular, bold)
    stamp = (generated or dt.datetime.now()).strftime("%Y-%m-%d %H:%M")
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize={"a4": A4, "letter": LETTER}[paper],
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title="Programme report",
        author="Facilitator",
        subject="Listening sessions across teams and periods",
        creator=f"Facilitator {__version__}",
        invariant=int(generated is not None),
    )

    def furniture(canvas, document) -> None:
        from reportlab.lib import colors

        w, _h = document.pagesize
        margin = 18 * mm
        canvas.saveState()
        canvas.setFillColor(colors.HexColor(GREY))
        canvas.setStrokeColor(colors.HexColor(RULE))
        canvas.setFont(regular, 8)
        canvas.line(margin, 40, w - margin, 40)
        canvas.drawString(margin, 28, f"Programme report · generated {stamp} by Facilitator {__version__}")
        canvas.drawRightString(w - margin, 28, f"Page {document.page}")
        canvas.restoreState()

    doc.build(
        build_story(programme, styles, doc.width, charts), onFirstPage=furniture, onLaterPages=furniture
    )
    return out.getvalue()


def programme_to_csv(programme: Programme) -> bytes:
    """One row per idea and its session (an author column only in a named report)."""
    columns = CSV_COLUMNS + (["author"] if programme.named else [])
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for i in programme.ideas:
        row = [
            i.file,
            i.session,
            i.team,
            i.date,
            i.period,
            i.theme,
            i.text,
            _num(i.votes).replace("–", ""),
            i.outcome,
        ]
        if programme.named:
            row.append(i.author)
        writer.writerow([neutralise(c) for c in row])
    return out.getvalue().encode("utf-8-sig")
