"""Charts for the minutes: the feasibility/impact matrix and the vote results.

matplotlib `Figure` objects, never pyplot (no global state, safe in a worker
thread). matplotlib is imported inside the functions because it takes a third
of a second to load and the app must start fast.
"""

from __future__ import annotations

import io
import math
import textwrap
from typing import TYPE_CHECKING

from facilitator.core.matrix import AXIS_MAX, AXIS_MIN, MIDPOINT
from facilitator.core.model import Quadrant
from facilitator.export.digest import Digest
from facilitator.export.fonts import font_path, printable
from facilitator.export.rtl import has_rtl, visual

if TYPE_CHECKING:
    from matplotlib.figure import Figure

DPI = 220  # print resolution of the charts (the issue asks for at least 200)
VOTE_BARS = 15

QUADRANT_COLOURS = {
    Quadrant.QUICK_WIN: "#DCEFD8",
    Quadrant.HEAVIER_LIFT: "#FBE7C6",
    Quadrant.EASY_EXTRA: "#DCE8F5",
    Quadrant.NOT_NOW: "#ECECEC",
}
INK = "#222222"
ACCENT = "#2F5D8A"


def _font(size: float, bold: bool = False):
    from matplotlib.font_manager import FontProperties

    name = "DejaVuSans-Bold" if bold else "DejaVuSans"
    return FontProperties(fname=str(font_path(name)), size=size)


def _spread_out(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Cards at the same spot are set round a small ring, so every number shows."""
    seen: dict[tuple[float, float], list[int]] = {}
    for index, (x, y) in enumerate(points):
        seen.setdefault((round(x, 2), round(y, 2)), []).append(index)
    out = list(points)
    for (x, y), members in seen.items():
        if len(members) < 2:
            continue
        radius = 0.16 if len(members) <= 6 else 0.28
        for k, index in enumerate(members):
            angle = 2 * math.pi * k / len(members) + math.pi / 4
            px = min(AXIS_MAX + 0.35, max(AXIS_MIN - 0.35, x + radius * math.cos(angle)))
            py = min(AXIS_MAX + 0.35, max(AXIS_MIN - 0.35, y + radius * math.sin(angle)))
            out[index] = (px, py)
    return out


def matrix_figure(report: Digest, width_in: float = 6.6, height_in: float = 5.4) -> Figure:
    """The 2x2 matrix with each prioritized card as a numbered dot; the numbers
    match the plan table. A faint cross shows the middle half of the ratings,
    so disagreement is visible."""
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    pick = report.state.info.rules.pick_names
    fig = Figure(figsize=(width_in, height_in), dpi=DPI)
    ax = fig.add_subplot(1, 1, 1)
    lo, hi = AXIS_MIN - 0.5, AXIS_MAX + 0.5
    quads = {
        Quadrant.HEAVIER_LIFT: (lo, MIDPOINT, MIDPOINT - lo, hi - MIDPOINT),
        Quadrant.QUICK_WIN: (MIDPOINT, MIDPOINT, hi - MIDPOINT, hi - MIDPOINT),
        Quadrant.NOT_NOW: (lo, lo, MIDPOINT - lo, MIDPOINT - lo),
        Quadrant.EASY_EXTRA: (MIDPOINT, lo, hi - MIDPOINT, MIDPOINT - lo),
    }
    for quadrant, (x, y, w, h) in quads.items():
        ax.add_patch(
            Rectangle((x, y), w, h, facecolor=QUADRANT_COLOURS[quadrant], edgecolor="none", zorder=0)
        )
        right = x > lo
        top = y > lo
        ax.text(
            x + (w - 0.08 if right else 0.08),
            y + (h - 0.1 if top else 0.1),
            quadrant.label(pick),
            ha="right" if right else "left",
            va="top" if top else "bottom",
            fontproperties=_font(10, bold=True),
            color="#555555",
            zorder=1,
        )
    ax.axvline(MIDPOINT, color="#888888", linewidth=0.8, zorder=1)
    ax.axhline(MIDPOINT, color="#888888", linewidth=0.8, zorder=1)

    entries = report.on_matrix
    spots = _spread_out([(e.position.feasibility, e.position.impact) for e in entries])
    for e, (x, y) in zip(entries, spots, strict=True):
        pos = e.position
        if pos.feasibility_spread and pos.feasibility_spread[0] != pos.feasibility_spread[1]:
            ax.plot(pos.feasibility_spread, [y, y], color=ACCENT, alpha=0.35, linewidth=1.2, zorder=2)
        if pos.impact_spread and pos.impact_spread[0] != pos.impact_spread[1]:
            ax.plot([x, x], pos.impact_spread, color=ACCENT, alpha=0.35, linewidth=1.2, zorder=2)
    small = len(entries) > 40
    for e, (x, y) in zip(entries, spots, strict=True):
        ax.scatter(
            [x], [y], s=95 if small else 260, color=ACCENT, edgecolors="white", linewidths=0.8, zorder=3
        )
        ax.text(
            x,
            y,
            str(e.number),
            ha="center",
            va="center",
            color="white",
            fontproperties=_font(5 if small else 8, bold=True),
            zorder=4,
        )
    if not entries:
        ax.text(
            MIDPOINT,
            MIDPOINT + 0.35,
            "No ideas were placed on the matrix.",
            ha="center",
            fontproperties=_font(10),
            color=INK,
            zorder=4,
        )

    ax.set_xlim(lo, hi)
    ax.set_ylim(lo, hi)
    ax.set_xticks(range(AXIS_MIN, AXIS_MAX + 1))
    ax.set_yticks(range(AXIS_MIN, AXIS_MAX + 1))
    for label in [*ax.get_xticklabels(), *ax.get_yticklabels()]:
        label.set_fontproperties(_font(8))
    ax.set_xlabel("Feasibility: hard → easy", fontproperties=_font(9), color=INK)
    ax.set_ylabel("Impact: low → high", fontproperties=_font(9), color=INK)
    for side in ax.spines.values():
        side.set_color("#888888")
    fig.tight_layout()
    return fig


def _label(text: str, width: int = 46) -> str:
    text, _ = printable(" ".join(text.split()))
    if len(text) > width:
        short = textwrap.shorten(text, width=width, placeholder="…")
        text = short if len(short) > width // 2 else text[: width - 1] + "…"
    return visual(text) if has_rtl(text) else text


def votes_figure(report: Digest, width_in: float = 6.6) -> Figure:
    """Horizontal bars for the most-voted cards, highest first."""
    from matplotlib.figure import Figure

    ranked = sorted(
        (e for e in report.entries.values() if e.idea.is_active and e.votes > 0),
        key=lambda e: (-e.votes, e.idea.position, e.idea.id),
    )
    shown = ranked[:VOTE_BARS]
    height_in = 1.0 + 0.24 * max(len(shown), 2)
    fig = Figure(figsize=(width_in, height_in), dpi=DPI)
    ax = fig.add_subplot(1, 1, 1)
    if not shown:
        ax.text(0.5, 0.5, "No votes were cast.", ha="center", va="center", fontproperties=_font(10))
        ax.set_axis_off()
        return fig
    labels = [(f"#{e.number}  " if e.number else "") + _label(e.idea.text) for e in shown]
    counts = [e.votes for e in shown]
    rows = list(range(len(shown)))[::-1]
    bars = ax.barh(rows, counts, color=ACCENT, height=0.7)
    for bar, count in zip(bars, counts, strict=True):
        ax.text(
            bar.get_width() + max(counts) * 0.01,
            bar.get_y() + bar.get_height() / 2,
            str(count),
            va="center",
            fontproperties=_font(8, bold=True),
            color=INK,
        )
    ax.set_yticks(rows)
    ax.set_yticklabels(labels)
    for label in ax.get_yticklabels():
        label.set_fontproperties(_font(8))
    for label in ax.get_xticklabels():
        label.set_fontproperties(_font(8))
    ax.set_xlim(0, max(counts) * 1.12)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_xlabel("Dots (ballots and tallies)", fontproperties=_font(9), color=INK)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    fig.tight_layout()
    return fig


def figure_png(fig: Figure) -> bytes:
    """The figure as a PNG at print resolution."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=DPI)
    return out.getvalue()


def figure_flowable(fig: Figure, width_pt: float):
    """The figure as a reportlab Image `width_pt` wide, keeping its proportions."""
    from reportlab.platypus import Image

    w_in, h_in = fig.get_size_inches()
    return Image(io.BytesIO(figure_png(fig)), width=width_pt, height=width_pt * h_in / w_in)
