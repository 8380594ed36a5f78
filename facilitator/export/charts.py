"""Charts for the minutes as vector drawings: the feasibility/impact matrix and the vote results.

reportlab graphics `Drawing`s go straight into the PDF: no raster round trip, crisp at
any zoom, their text is real text (searchable, copyable, in any script the print fonts
cover), and they are far quicker to build than a rendered image.
Every card keeps its number from the plan; a card nudged aside (so that every number
shows) stays inside its own quadrant, so the chart never contradicts the tables.
"""

from __future__ import annotations

import math

from facilitator.core.matrix import AXIS_MAX, AXIS_MIN, MIDPOINT, quadrant
from facilitator.core.model import Quadrant
from facilitator.export.digest import Digest, PlanEntry
from facilitator.export.fonts import BOLD, REGULAR, printable, runs
from facilitator.export.rtl import has_rtl, visual

VOTE_BARS = 15
LABEL_LINES = 3  # a vote label wraps to this many lines before it is cut
INK = "#222222"
ACCENT = "#2F5D8A"
LINE = "#555555"
# Fills that differ in lightness too, so the quadrants stay apart on a black-and-white printer;
# each quadrant also carries its name, and the hard extras are hatched.
QUADRANT_COLOURS = {
    Quadrant.QUICK_WIN: "#D4EDCD",
    Quadrant.HEAVIER_LIFT: "#EBC486",
    Quadrant.EASY_EXTRA: "#E4EDF8",
    Quadrant.NOT_NOW: "#FFFFFF",
}
MARGIN = 0.14  # how far inside its quadrant a card is drawn, in axis units
LO, HI = AXIS_MIN - 0.5, AXIS_MAX + 0.5


def drawn_positions(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Where each card is drawn. Cards at the same spot are set round a small ring so every
    number shows; each drawn point stays strictly inside the card's own quadrant (a card
    on a dividing line is drawn on the side the boundary rule gives it)."""
    seen: dict[tuple[float, float], list[int]] = {}
    for index, (x, y) in enumerate(points):
        seen.setdefault((round(x, 2), round(y, 2)), []).append(index)
    out = list(points)
    for (x, y), members in seen.items():
        radius = 0 if len(members) < 2 else (0.16 if len(members) <= 6 else 0.28)
        # The ring's centre moves into the quadrant far enough for the whole ring to fit.
        cx, cy = _inside(quadrant(x, y), x, y, MARGIN + radius)
        for k, index in enumerate(members):
            angle = 2 * math.pi * k / len(members) + math.pi / 4
            out[index] = (cx + radius * math.cos(angle), cy + radius * math.sin(angle))
    return out


def _inside(q: Quadrant, x: float, y: float, margin: float = MARGIN) -> tuple[float, float]:
    """(x, y) moved, if need be, to at least `margin` inside quadrant `q`."""
    easy = q in (Quadrant.QUICK_WIN, Quadrant.EASY_EXTRA)
    high = q in (Quadrant.QUICK_WIN, Quadrant.HEAVIER_LIFT)
    x_lo, x_hi = (MIDPOINT + margin, HI - margin) if easy else (LO + margin, MIDPOINT - margin)
    y_lo, y_hi = (MIDPOINT + margin, HI - margin) if high else (LO + margin, MIDPOINT - margin)
    return min(x_hi, max(x_lo, x)), min(y_hi, max(y_lo, y))


# ---- text in several fonts ---------------------------------------------------------------------


def text_width(text: str, size: float, bold: bool = False) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return sum(stringWidth(part, font or (BOLD if bold else REGULAR), size) for part, font in runs(text))


def text(x: float, y: float, value: str, size: float, bold: bool = False, anchor: str = "start", colour=INK):
    """A line of text as a Group of Strings, one per font run (CJK falls back per character)."""
    from reportlab.graphics.shapes import Group, String
    from reportlab.lib import colors

    value, _ = printable(value)
    if has_rtl(value):
        value = visual(value)
    width = text_width(value, size, bold)
    start = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
    group = Group()
    for part, font in runs(value):
        name = font or (BOLD if bold else REGULAR)
        group.add(String(start, y, part, fontName=name, fontSize=size, fillColor=colors.HexColor(colour)))
        start += text_width(part, size, bold) if font is None else _width(part, name, size)
    return group


def _width(part: str, font: str, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(part, font, size)


def wrap(value: str, size: float, width: float, lines: int) -> list[str]:
    """`value` wrapped to `width` points in at most `lines` lines, the last cut with "…"."""
    value, _ = printable(" ".join(value.split()))
    out: list[str] = []
    rest = value
    while rest and len(out) < lines:
        if text_width(rest, size) <= width:
            out.append(rest)
            rest = ""
            break
        cut = len(rest)
        while cut > 1 and text_width(rest[:cut], size) > width:
            cut = max(1, int(cut * 0.9)) if cut > 40 else cut - 1
        space = rest.rfind(" ", 0, cut + 1)
        if space > cut // 2:
            cut = space
        out.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        last = out[-1] if out else ""
        while last and text_width(last + "…", size) > width:
            last = last[:-1]
        out[-1:] = [last.rstrip() + "…"]
    return out


# ---- the matrix ------------------------------------------------------------------------------


def matrix_drawing(report: Digest, width: float):
    """The 2x2 matrix with each prioritized card as a numbered dot; the numbers match
    the plan table. Faint bars show the middle half of the ratings (disagreement)."""
    from reportlab.graphics.shapes import Circle, Drawing, Line, Rect
    from reportlab.lib import colors

    pick = report.state.info.rules.pick_names
    height = width * 0.82
    left, bottom, right, top = 34.0, 30.0, 6.0, 6.0
    plot_w, plot_h = width - left - right, height - bottom - top

    def px(v: float) -> float:
        return left + (v - LO) / (HI - LO) * plot_w

    def py(v: float) -> float:
        return bottom + (v - LO) / (HI - LO) * plot_h

    d = Drawing(width, height)
    quads = {
        Quadrant.HEAVIER_LIFT: (LO, MIDPOINT, MIDPOINT, HI),
        Quadrant.QUICK_WIN: (MIDPOINT, MIDPOINT, HI, HI),
        Quadrant.NOT_NOW: (LO, LO, MIDPOINT, MIDPOINT),
        Quadrant.EASY_EXTRA: (MIDPOINT, LO, HI, MIDPOINT),
    }
    for q, (x0, y0, x1, y1) in quads.items():
        d.add(
            Rect(
                px(x0),
                py(y0),
                px(x1) - px(x0),
                py(y1) - py(y0),
                fillColor=colors.HexColor(QUADRANT_COLOURS[q]),
                strokeColor=None,
            )
        )
        if q is Quadrant.NOT_NOW:  # hatched, so it differs from the others in any print
            step = 9.0
            span = (px(x1) - px(x0)) + (py(y1) - py(y0))
            k = step
            while k < span:
                xa, ya = px(x0) + k, py(y0)
                xb, yb = px(x0), py(y0) + k
                if xa > px(x1):
                    ya += xa - px(x1)
                    xa = px(x1)
                if yb > py(y1):
                    xb += yb - py(y1)
                    yb = py(y1)
                d.add(Line(xa, ya, xb, yb, strokeColor=colors.HexColor("#BBBBBB"), strokeWidth=0.5))
                k += step
        right_side, top_side = x0 > LO, y0 > LO
        label = report_heading(q, pick)
        lx = px(x1) - 4 if right_side else px(x0) + 4
        ly = py(y1) - 11 if top_side else py(y0) + 4
        d.add(text(lx, ly, label, 9, bold=True, anchor="end" if right_side else "start", colour="#333333"))
    d.add(Line(px(MIDPOINT), py(LO), px(MIDPOINT), py(HI), strokeColor=colors.HexColor(LINE), strokeWidth=1))
    d.add(Line(px(LO), py(MIDPOINT), px(HI), py(MIDPOINT), strokeColor=colors.HexColor(LINE), strokeWidth=1))
    d.add(Rect(px(LO), py(LO), plot_w, plot_h, fillColor=None, strokeColor=colors.HexColor(LINE)))
    for v in range(AXIS_MIN, AXIS_MAX + 1):
        d.add(Line(px(v), py(LO), px(v), py(LO) - 3, strokeColor=colors.HexColor(LINE)))
        d.add(text(px(v), py(LO) - 11, str(v), 7.5, anchor="middle"))
        d.add(Line(px(LO), py(v), px(LO) - 3, py(v), strokeColor=colors.HexColor(LINE)))
        d.add(text(px(LO) - 5, py(v) - 2.5, str(v), 7.5, anchor="end"))
    d.add(text(left + plot_w / 2, 4, "Feasibility: hard → easy", 8.5, anchor="middle"))
    axis = text(0, 0, "Impact: low → high", 8.5, anchor="middle")
    axis.transform = (0, 1, -1, 0, 10, bottom + plot_h / 2)
    d.add(axis)

    entries: list[PlanEntry] = report.on_matrix
    spots = drawn_positions([(e.position.feasibility, e.position.impact) for e in entries])
    spread = colors.Color(0x2F / 255, 0x5D / 255, 0x8A / 255, alpha=0.4)
    for e, (x, y) in zip(entries, spots, strict=True):
        pos = e.position
        if pos.feasibility_spread and pos.feasibility_spread[0] != pos.feasibility_spread[1]:
            lo, hi = pos.feasibility_spread
            d.add(Line(px(lo), py(y), px(hi), py(y), strokeColor=spread, strokeWidth=1.2))
        if pos.impact_spread and pos.impact_spread[0] != pos.impact_spread[1]:
            lo, hi = pos.impact_spread
            d.add(Line(px(x), py(lo), px(x), py(hi), strokeColor=spread, strokeWidth=1.2))
    small = len(entries) > 40
    radius = 5.0 if small else 8.0
    for e, (x, y) in zip(entries, spots, strict=True):
        d.add(
            Circle(
                px(x),
                py(y),
                radius,
                fillColor=colors.HexColor(ACCENT),
                strokeColor=colors.white,
                strokeWidth=0.8,
            )
        )
        size = 5 if small else 7.5
        d.add(
            text(
                px(x), py(y) - size * 0.36, str(e.number), size, bold=True, anchor="middle", colour="#FFFFFF"
            )
        )
    if not entries:
        d.add(
            text(
                px(MIDPOINT), py(MIDPOINT + 0.35), "No ideas were placed on the matrix.", 10, anchor="middle"
            )
        )
    return d


def report_heading(q: Quadrant, pick: bool) -> str:
    return q.label(pick)


# ---- the vote results ---------------------------------------------------------------------------


def shown_votes(report: Digest) -> list[PlanEntry]:
    ranked = sorted(
        (e for e in report.entries.values() if e.idea.is_active and e.votes > 0),
        key=lambda e: (-e.votes, e.number or 0),
    )
    return ranked[:VOTE_BARS]


def votes_drawing(report: Digest, width: float):
    """Horizontal bars for the most-voted cards, highest first, each labelled with its
    number and its words (wrapped, never cut in the middle of what fits three lines)."""
    from reportlab.graphics.shapes import Drawing, Line, Rect
    from reportlab.lib import colors

    shown = shown_votes(report)
    if not shown:
        d = Drawing(width, 30)
        d.add(text(width / 2, 12, "No votes were cast.", 10, anchor="middle"))
        return d
    size = 7.5
    lead = size * 1.2
    label_w = width * 0.58
    bars_x = label_w + 8
    bars_w = width - bars_x - 24
    labels = [wrap(f"#{e.number}  {e.idea.text}", size, label_w, LABEL_LINES) for e in shown]
    rows = [max(len(lines) * lead + 6, 16) for lines in labels]
    axis_h = 26
    height = sum(rows) + axis_h
    d = Drawing(width, height)
    most = max(e.votes for e in shown)
    scale = bars_w / (most * 1.05)
    y = height
    for e, lines, row in zip(shown, labels, rows, strict=True):
        y -= row
        mid = y + row / 2
        first = mid + (len(lines) - 1) * lead / 2 - size * 0.35
        for n, line in enumerate(lines):
            d.add(text(label_w, first - n * lead, line, size, anchor="end"))
        bar_h = min(row - 4, 12)
        d.add(
            Rect(
                bars_x,
                mid - bar_h / 2,
                e.votes * scale,
                bar_h,
                fillColor=colors.HexColor(ACCENT),
                strokeColor=None,
            )
        )
        d.add(text(bars_x + e.votes * scale + 3, mid - size * 0.35, str(e.votes), size, bold=True))
    base = axis_h - 6
    d.add(Line(bars_x, base, bars_x + bars_w, base, strokeColor=colors.HexColor(LINE), strokeWidth=0.6))
    step = max(1, math.ceil(most / 6))
    for v in range(0, most + 1, step):
        d.add(Line(bars_x + v * scale, base, bars_x + v * scale, base - 3, strokeColor=colors.HexColor(LINE)))
        d.add(text(bars_x + v * scale, base - 11, str(v), 7, anchor="middle"))
    d.add(text(bars_x + bars_w / 2, 0, "Dots (ballots and tallies)", 8, anchor="middle"))
    return d
