"""Paragraphs from markup, parsed once per shape.

reportlab parses the markup of every Paragraph with an HTML parser, and that was most of
the time spent building the minutes' story: the 1,000 ideas of a large session differ in
their words, not in their tags, entities and style. `Paragraphs` parses each shape of
markup once, with a placeholder for each run of text, and gives every later paragraph of
that shape copies of the fragments with its own words: the fragments the parser itself
makes, so the lines, the pages and the PDF are the same.
"""

from __future__ import annotations

import re

# Tags and entities: the parser makes a fragment boundary at each, and a run of text between
# two of them becomes one fragment.
_TOKEN = re.compile(r"(<[^>]*>|&#?\w+;)")
# Placeholders are private-use characters; markup that holds one is parsed the usual way.
_FIRST = 0xE000
_PRIVATE = re.compile("[\ue000-\uf8ff]")
_UNPARSED = object()


class Paragraphs:
    """Makes reportlab Paragraphs, parsing each shape of markup (per style) once."""

    def __init__(self) -> None:
        self._shapes: dict[tuple, tuple | None] = {}

    def __call__(self, markup: str, style, bullet=None):
        """A Paragraph of `markup` in `style`; `bullet`: its bulletText (a string or fragments)."""
        from reportlab.platypus.paragraph import Paragraph, cleanBlockQuotedText

        text = cleanBlockQuotedText(markup)  # what Paragraph does first, to the whole markup
        parts = _TOKEN.split(text)  # runs of text at even places, tags and entities between
        if len(parts) > 0xF8FF - _FIRST or _PRIVATE.search(text):
            return Paragraph(markup, style, bulletText=bullet)
        key = (id(style), tuple(parts[1::2]), tuple(not run for run in parts[0::2]))
        shape = self._shapes.get(key, _UNPARSED)
        if shape is _UNPARSED:
            shape = self._shapes[key] = _shape(parts, style)
        if shape is None:
            return Paragraph(markup, style, bulletText=bullet)
        parsed_style, template = shape
        frags = []
        for frag, place in template:
            frag = frag.clone()
            if place is not None:
                frag.text = parts[place]
            frags.append(frag)
        return Paragraph(text, parsed_style, bulletText=bullet, frags=frags)


def _shape(parts: list[str], style) -> tuple | None:
    """The parser's fragments for `parts` with each run of text as a placeholder, each with
    the place of the run it stands for (None: a fragment of its own, such as an entity); or
    None when the fragments do not map one to one onto the runs."""
    from reportlab.platypus.paragraph import cleanBlockQuotedText
    from reportlab.platypus.paraparser import ParaParser

    skeleton = "".join(
        part if place % 2 else (chr(_FIRST + place) if part else "") for place, part in enumerate(parts)
    )
    if cleanBlockQuotedText(skeleton) != skeleton:
        return None
    parser = ParaParser()
    parser.caseSensitive = 1
    parsed_style, frags, bullet = parser.parse(skeleton, style)
    if frags is None or bullet or parsed_style.textTransform:
        return None
    template, seen = [], set()
    for frag in frags:
        text = getattr(frag, "text", "")
        holders = _PRIVATE.findall(text)
        if not holders:
            template.append((frag, None))
            continue
        place = ord(holders[0]) - _FIRST
        if text != holders[0] or place in seen or place % 2 or not parts[place]:
            return None
        seen.add(place)
        template.append((frag, place))
    if seen != {place for place in range(0, len(parts), 2) if parts[place]}:
        return None
    return parsed_style, template
