"""The bundled DejaVu fonts, so accents, Greek and Cyrillic print on any machine."""

from __future__ import annotations

from pathlib import Path

from facilitator.resources import resources_dir

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
FAMILY = "DejaVu"

_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf"}


def font_path(name: str = REGULAR) -> Path:
    return resources_dir() / "fonts" / _FILES[name]


def register_fonts() -> tuple[str, str]:
    """Register DejaVu Sans and Sans Bold with reportlab (once) and return their names.

    The family mapping lets `<b>` inside a Paragraph pick the bold face.
    """
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    registered = set(pdfmetrics.getRegisteredFontNames())
    for name in (REGULAR, BOLD):
        if name not in registered:
            path = font_path(name)
            if not path.exists():
                raise FileNotFoundError(f"The bundled font is missing: {path}. Reinstall Facilitator.")
            pdfmetrics.registerFont(TTFont(name, str(path)))
    addMapping(FAMILY, 0, 0, REGULAR)
    addMapping(FAMILY, 1, 0, BOLD)
    addMapping(FAMILY, 0, 1, REGULAR)
    addMapping(FAMILY, 1, 1, BOLD)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, REGULAR)
    addMapping(REGULAR, 1, 1, BOLD)
    return REGULAR, BOLD


MISSING_GLYPH = "\u25a1"  # WHITE SQUARE, which DejaVu has
# Joiners and variation selectors only glue emoji together; alone they print nothing.
_GLUE = {0x200D, 0xFE0E, 0xFE0F}
_cmap: frozenset[int] | None = None


def covered() -> frozenset[int]:
    """The code points DejaVu Sans can draw and the PDF can carry.

    Characters beyond the Basic Multilingual Plane (for example the styled
    letters U+1D400 onwards, which DejaVu has) are left out: reportlab writes
    them into the PDF's text map incorrectly, so they could not be copied or
    searched in the minutes. They print as a square like emoji.
    """
    global _cmap
    if _cmap is None:
        from reportlab.pdfbase import pdfmetrics

        register_fonts()
        _cmap = frozenset(c for c in pdfmetrics.getFont(REGULAR).face.charToGlyph if c <= 0xFFFF)
    return _cmap


def printable(text: str) -> tuple[str, bool]:
    """`text` with each run of characters the font cannot draw (emoji, mostly)
    shown as one white square, and whether anything was replaced.

    The session file and the CSV keep the exact text; only print needs this.
    """
    cmap = covered()
    if all(ord(c) in cmap or c in "\n\t" for c in text):
        return text, False
    out: list[str] = []
    for c in text:
        code = ord(c)
        if code in cmap or c in "\n\t":
            if code in _GLUE and out and out[-1] == MISSING_GLYPH:
                continue
            out.append(c)
        elif not (out and out[-1] == MISSING_GLYPH):
            out.append(MISSING_GLYPH)
    return "".join(out), True
