"""The bundled print fonts: DejaVu Sans for Latin, Greek, Cyrillic, Hebrew and Arabic, and
Droid Sans Fallback for Chinese, Japanese and Korean, chosen character by character.

reportlab embeds TrueType outlines only (not CFF .otf), and a PDF font has no fallback of
its own, so each run of CJK characters is set in the fallback font (`runs`, `markup`).
Characters no bundled font has (emoji, mostly) print by their Unicode name."""

from __future__ import annotations

import functools
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


# Words measured once per process and font: laying out the minutes measures the same words
# over and over (each word of each line, again when drawn). Cleared when it grows past this.
MAX_MEASURED = 200_000


@functools.cache
def _measured_font_class():
    from reportlab.pdfbase.ttfonts import TTFont

    class MeasuredFont(TTFont):
        """A TrueType font that remembers the width of each text it measured.

        The same sum as reportlab's own (the glyph widths of the text, in thousandths of
        the size), so every line breaks exactly where it did."""

        def stringWidth(self, text, size, encoding="utf8"):
            width = self.measured.get(text)
            if width is None:
                chars = text if isinstance(text, str) else text.decode(encoding or "utf8")
                known, default = self.face.charWidths.get, self.face.defaultWidth
                if len(self.measured) >= MAX_MEASURED:
                    self.measured.clear()
                width = self.measured[text] = sum(known(ord(c), default) for c in chars)
            return 0.001 * size * width

    return MeasuredFont


def _font(name: str, path: Path):
    font = _measured_font_class()(name, str(path))
    font.measured = {}
    return font


def register_fonts() -> tuple[str, str]:
    """Register DejaVu Sans and Sans Bold with reportlab (once) and return their names.

    The family mapping lets `<b>` inside a Paragraph pick the bold face.
    """
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics

    registered = set(pdfmetrics.getRegisteredFontNames())
    for name in (REGULAR, BOLD):
        if name not in registered:
            path = font_path(name)
            if not path.exists():
                raise FileNotFoundError(f"The bundled font is missing: {path}. Reinstall Facilitator.")
            pdfmetrics.registerFont(_font(name, path))
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

    if CJK not in pdfmetrics.getRegisteredFontNames():
        path = font_path(CJK)
        if not path.exists():
            raise FileNotFoundError(f"The bundled font is missing: {path}. Reinstall Facilitator.")
        pdfmetrics.registerFont(_font(CJK, path))
    for bold in (0, 1):  # the fallback has one weight: bold CJK prints in it too
        for italic in (0, 1):
            addMapping(CJK, bold, italic, CJK)
    return CJK


MISSING_GLYPH = "\u25a1"  # WHITE SQUARE, which DejaVu has; only for a character with no name
# Joiners and variation selectors only glue emoji together; alone they print nothing.
_GLUE = {0x200D, 0xFE0E, 0xFE0F}
_cmap: frozenset[int] | None = None
_cjk_cmap: frozenset[int] | None = None
_plain_chars: frozenset[str] | None = None


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


def _plain() -> frozenset[str]:
    """The characters DejaVu Sans draws, tab and newline: a text of only these needs no
    fallback font and no name, which one set operation (in C) tells."""
    global _plain_chars
    if _plain_chars is None:
        _plain_chars = frozenset(map(chr, covered())) | {"\n", "\t"}
    return _plain_chars


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
    if _plain().issuperset(text):
        return text, False
    cmap = covered()
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
    if _plain().issuperset(text):
        return [(text, None)] if text else []
    cjk = cjk_covered()
    if not any(ord(c) in cjk for c in text):
        return [(text, None)]
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
