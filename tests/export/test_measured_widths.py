"""The print fonts remember the widths they measured: the same widths as reportlab's own."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from facilitator.export import fonts


def _stock_width(font, text: str, size: float) -> float:
    """reportlab's own sum for a TrueType font's width (what its stock class computes)."""
    from reportlab.lib.rl_accel import instanceStringWidthTTF

    return instanceStringWidthTTF(font, text, size)


@settings(max_examples=100, deadline=None)
@given(text=st.text(max_size=40), size=st.sampled_from([8, 9.5, 11, 20.25]), bold=st.booleans())
def test_a_measured_width_is_reportlabs_width_exactly(text: str, size: float, bold: bool) -> None:
    from reportlab.pdfbase import pdfmetrics

    font = pdfmetrics.getFont(fonts.register_fonts()[bold])
    stock = _stock_width(font, text, size)
    assert font.stringWidth(text, size) == stock
    assert font.stringWidth(text, size) == stock  # from what it remembered
    assert font.stringWidth(text.encode(), size) == stock


def test_what_it_remembers_is_bounded(monkeypatch) -> None:
    from reportlab.pdfbase import pdfmetrics

    monkeypatch.setattr(fonts, "MAX_MEASURED", 50)
    font = pdfmetrics.getFont(fonts.register_fonts()[0])
    for n in range(500):
        font.stringWidth(f"word{n}", 10)
    assert len(font.measured) <= 50
