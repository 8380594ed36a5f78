"""In "Every idea, by theme" each idea prints its number, its words and, right under its last
line on the same page, its outcome line: also when a long idea runs over a page break.
Read back with pypdf, with where each run of text is drawn."""

from __future__ import annotations

import io
import re

import pytest

from facilitator.export.digest import digest
from facilitator.export.minutes_pdf import IDEA_LEADING, IDEA_SIZE, META_SIZE, build_minutes_pdf
from tests.export.conftest import make_state

# Ideas of 1 to about 8 lines, so that some run over a page break; each ends in its own word.
TEXTS = [f"Idea {n} " + "filler words " * ((n * 7) % 60) + f"end{n}." for n in range(1, 80)]


def _runs(pdf: bytes) -> list[list[tuple[str, float, float]]]:
    """Each page's runs of text in the order drawn: (text, baseline y, font size)."""
    from pypdf import PdfReader

    pages = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        runs: list[tuple[str, float, float]] = []

        def visit(text, cm, tm, font, size, runs=runs) -> None:
            if text.strip():
                runs.append((text.strip(), tm[4] * cm[1] + tm[5] * cm[3] + cm[5], size))

        page.extract_text(visitor_text=visit)
        pages.append(runs)
    return pages


@pytest.fixture(scope="module")
def minutes():
    state = make_state(TEXTS, placed=20)
    return state, _runs(build_minutes_pdf(state))


def test_each_outcome_line_prints_under_its_idea_on_the_same_page(minutes) -> None:
    state, pages = minutes
    report = digest(state)
    first_page, last_page = {}, {}
    for page, runs in enumerate(pages):
        for i, (text, y, size) in enumerate(runs):
            if size != IDEA_SIZE:  # tables show the same words smaller
                continue
            if start := re.match(r"Idea (\d+) ", text):
                n = int(start.group(1))
                first_page[n] = page
                # The number (or a bullet) prints at the start of the idea's first line.
                e = report.entries[n]
                assert runs[i - 1][0] == (f"#{e.number}" if e.number else "•"), text
                assert runs[i - 1][1] == pytest.approx(y)
            if end := re.search(r"end(\d+)\.$", text):
                n = int(end.group(1))
                last_page[n] = page
                outcome, below, small = runs[i + 1]
                e = report.entries[n]
                dots = f"{e.votes} dot" + ("" if e.votes == 1 else "s")
                assert outcome.startswith(f"{dots} · {e.outcome()}"), (text, outcome)
                assert small == META_SIZE
                assert y - below == pytest.approx(IDEA_LEADING)  # the next line down
    assert sorted(first_page) == sorted(last_page) == list(range(1, len(TEXTS) + 1))
    assert any(first_page[n] != last_page[n] for n in first_page)  # some idea ran over a page break


def test_a_long_outcome_starts_under_its_idea_and_goes_on_over_the_page() -> None:
    from tests.export.conftest import norm, pdf_body

    state = make_state(TEXTS[:12])
    reason = " ".join(f"<b>reason{n}&amp;" for n in range(1, 1200))  # markup prints as typed
    withdrawn = state.ideas[10]
    withdrawn.withdrawn, withdrawn.withdrawn_reason = True, reason
    pdf = build_minutes_pdf(state)
    pages = _runs(pdf)
    end = next(
        (page, i)
        for page, runs in enumerate(pages)
        for i, run in enumerate(runs)
        if run[0].endswith(" end11.")
    )
    page, i = end
    (_, y, _), bold, reason_line = pages[page][i : i + 3]
    assert bold[0] == "Withdrawn." and reason_line[0].startswith("Reason: <b>reason1&amp; <b>reason2&amp;")
    assert y - reason_line[1] == pytest.approx(IDEA_LEADING)
    last = next(page for page, runs in enumerate(pages) if any("reason1199&amp;" in r[0] for r in runs))
    assert last > page
    assert norm(f"Withdrawn. Reason: {reason}") in norm(pdf_body(pdf))
