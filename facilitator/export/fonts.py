"""The bundled print fonts: DejaVu Sans for Latin, Greek, Cyrillic, Hebrew and Arabic, and
Droid Sans Fallback for Chinese, Japanese and Korean, chosen character by character.

reportlab embeds TrueType outlines only (not CFF .otf), and a PDF font has no fallback of
its own, so each run of CJK characters is set in the fallback font (`runs`, `markup`).
Characters no bundled font has (emoji, mostly) print by their Unicode name."""

from __future__ import annotations

from pathlib import Path

from facilitator.resources import resources_dir

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
FAMILY = "DejaVu"

CJK = "DroidSansFallback"

# The CJK font sits in its own folder, so the app's window does not load its 3 MB at start-up.
_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf", CJK: "cjk/DroidSansFallback.ttf"}


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


def register_cjk() -> str:
    """Register the CJK fallback (once, and only when some text needs it: it is large)."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if CJK not in pdfmetrics.getRegisteredFontNames():
        path = font_path(CJK)
        if not path.exists():
            raise FileNotFoundError(f"The bundled font is missing: {path}. Reinstall Facilitator.")
        pdfmetrics.registerFont(TTFont(CJK, str(path)))
    for bold in (0, 1):  # the fallback has one weight: bold CJK prints in it too
        for italic in (0, 1):
            addMapping(CJK, bold, italic, CJK)
    return CJK


MISSING_GLYPH = "\u25a1"  # WHITE SQUARE, which DejaVu has; only for a character with no name
# Joiners and variation selectors only glue emoji together; alone they print nothing.
_GLUE = {0x200D, 0xFE0E, 0xFE0F}
_cmap: frozenset[int] | None = None
_cjk_cmap: frozenset[int] | None = None


def _bmp(name: str) -> frozenset[int]:
    from reportlab.pdfbase import pdfmetrics

    return frozenset(c for c in pdfmetrics.getFont(name).face.charToGlyph if c <= 0xFFFF)


def covered() -> frozenset[int]:
    """The code points DejaVu Sans can draw and the PDF can carry.

    Characters beyond the Basic Multilingual Plane (for example the styled
    letters U+1D400 onwards, which DejaVu has) are left out: reportlab writes
    them into the PDF's text map incorrectly, so they could not be copied or
    searched in the minutes. They print by their name, like emoji.
    """
    global _cmap
    if _cmap is None:
        register_fonts()
        _cmap = _bmp(REGULAR)
    return _cmap


def cjk_covered() -> frozenset[int]:
    """What the fallback font draws that DejaVu does not: Chinese, Japanese, Korean."""
    global _cjk_cmap
    if _cjk_cmap is None:
        register_cjk()
        _cjk_cmap = _bmp(CJK) - covered()
    return _cjk_cmap


def _name(char: str) -> str:
    """How a character no print font has is printed: its Unicode name, in brackets."""
    import unicodedata

    name = unicodedata.name(char, "")
    return f"[{name.lower()}]" if name else MISSING_GLYPH


def printable(text: str) -> tuple[str, bool]:
    """`text` with each character no print font can draw (emoji, mostly) written as its
    name ("[party popper]"), and whether anything was replaced. Chinese, Japanese and
    Korean stay as they are: they print in the fallback font (see `runs`).

    The session file and the CSV keep the exact text; only print needs this.
    """
    cmap = covered()
    if all(ord(c) in cmap or c in "\n\t" for c in text):
        return text, False
    cjk = cjk_covered()
    out: list[str] = []
    replaced = False
    for c in text:
        code = ord(c)
        if code in _GLUE or 0x1F3FB <= code <= 0x1F3FF:  # glue and skin tones belong to an emoji
            continue
        if code in cmap or code in cjk or c in "\n\t":
            out.append(c)
        else:
            if out and out[-1] not in " \n\t":
                out.append(" ")
            out.append(_name(c))
            replaced = True
    return "".join(out), replaced


def runs(text: str) -> list[tuple[str, str | None]]:
    """`text` split into runs: (part, None) in the main font, (part, CJK) in the fallback."""
    cjk = cjk_covered()
    if not any(ord(c) in cjk for c in text):
        return [(text, None)] if text else []
    out: list[tuple[str, str | None]] = []
    for c in text:
        font = CJK if ord(c) in cjk else None
        if out and out[-1][1] == font:
            out[-1] = (out[-1][0] + c, font)
        else:
            out.append((c, font))
    return out


def markup(text: str) -> str:
    """Printable `text` escaped for a Paragraph, each CJK run in the fallback font."""
    from xml.sax.saxutils import escape

    return "".join(
        escape(part) if font is None else f'<font face="{font}">{escape(part)}</font>'
        for part, font in runs(text)
    )
