"""Paragraphs parsed once per shape: the same fragments, lines and PDF as reportlab's parser."""

from __future__ import annotations

import datetime as dt

import pytest

from facilitator.export import minutes_pdf
from facilitator.export.fonts import markup, printable, register_fonts
from facilitator.export.paragraphs import Paragraphs
from tests.export.conftest import HOSTILE, make_state


def _frags(paragraph) -> list[dict]:
    return [dict(vars(frag)) for frag in paragraph.frags]


@pytest.fixture(scope="module")
def styles() -> dict:
    return minutes_pdf.stylesheet(*register_fonts())


SHAPES = [
    '<b>#{n}</b>&nbsp;{text}<br/><font size="8" color="#666666">{n} dots · {text}</font>',
    "{text}",
    "<i>Why:</i> {text} &amp; {text} &lt;{n}&gt;",
    "<b>Withdrawn.</b> Reason: {text}<br/>{text}",
]


@pytest.mark.parametrize("shape", SHAPES)
def test_each_paragraph_has_the_fragments_the_parser_makes(styles: dict, shape: str) -> None:
    from reportlab.platypus import Paragraph

    make = Paragraphs()
    texts = [markup(printable(t)[0]).replace("\n", "<br/>") for t in HOSTILE.values()]
    texts += ["  spaced   out\n\nover lines  ", "好的 plan 中文", "\ue123 private use", "", "x"]
    for n, text in enumerate(texts * 2):  # the second round takes every shape from the cache
        source = shape.format(n=n, text=text)
        for style in ("idea", "cell", "small"):
            made, parsed = make(source, styles[style]), Paragraph(source, styles[style])
            assert _frags(made) == _frags(parsed), source
            assert made.text == parsed.text and made.style is parsed.style
            assert made.wrap(300, 1000) == parsed.wrap(300, 1000)
    assert len(make._shapes) < len(texts) * 3  # shapes were reused


def test_the_minutes_are_the_same_bytes_as_with_the_parser_alone(monkeypatch) -> None:
    from reportlab.platypus import Paragraph

    texts = [*HOSTILE.values(), *(f"Idea {n} & more, <b>plain</b> words" for n in range(40))]
    state = make_state(texts, placed=12)
    when = dt.datetime(2026, 11, 30, 9, 0)
    made = minutes_pdf.build_minutes_pdf(state, generated=when)
    monkeypatch.setattr(
        Paragraphs,
        "__call__",
        lambda self, text, style, bullet=None: Paragraph(text, style, bulletText=bullet),
    )
    assert made == minutes_pdf.build_minutes_pdf(state, generated=when)
