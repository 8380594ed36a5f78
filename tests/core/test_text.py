"""Short one-line renderings of ideas, used wherever a widget quotes an idea in a sentence."""

from __future__ import annotations

from facilitator.core.text import one_line


def test_one_line_joins_lines_and_keeps_short_text_whole() -> None:
    assert one_line("More  staff\non nights", 40) == "More staff on nights"


def test_one_line_cuts_long_text_to_the_limit_with_an_ellipsis() -> None:
    cut = one_line("Handover takes too long on every shift", 20)
    assert cut == "Handover takes too …"
    assert len(cut) == 20
