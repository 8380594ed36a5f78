"""Right-to-left text (Hebrew, Arabic) in print.

A PDF draws glyphs left to right in the order it is given, and reportlab does
no bidi reordering or Arabic shaping on its own (that needs a package outside
PyPI). So a text with right-to-left runs is shaped (Arabic letters take their
joined forms), wrapped into lines in reading order, and each line is then put
into visual order. Texts without such runs are left alone.
"""

from __future__ import annotations

import re
import unicodedata

_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")


def has_rtl(text: str) -> bool:
    return _RTL.search(text) is not None


def base_direction(text: str) -> str:
    """'R' when the first letter with a direction reads right to left, else 'L'."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "R"
        if kind == "L":
            return "L"
    return "L"


def visual(text: str, base: str | None = None) -> str:
    """One line in visual (left-to-right drawing) order, Arabic shaped."""
    import arabic_reshaper
    from bidi import get_display

    return get_display(arabic_reshaper.reshape(text), base_dir=base or base_direction(text))


def visual_lines(text: str, font: str, size: float, width: float) -> list[str]:
    """`text` wrapped to `width` points in `font` at `size`, each line in visual order.

    Wrapping happens first, in reading order, so the first words read are on
    the first line whichever way the line runs.
    """
    import arabic_reshaper
    from bidi import get_display
    from reportlab.lib.utils import simpleSplit

    lines: list[str] = []
    for paragraph in text.split("\n"):
        base = base_direction(paragraph)
        shaped = arabic_reshaper.reshape(paragraph)
        wrapped = simpleSplit(shaped, font, size, max(width, size * 4)) or [""]
        lines.extend(get_display(line, base_dir=base) for line in wrapped)
    return lines
