"""The staff summary, "You said, we did", read back with pypdf: one page, each idea beside
what happens to it, the most-voted items always there, notice-board type."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from benchmarks.make_sessions import build_large
from facilitator.core import model as m
from facilitator.export.digest import digest
from facilitator.export.summary_pdf import answered_items, build_summary_pdf
from facilitator.store.session_store import SessionStore
from tests.export.conftest import norm, pdf_pages


def _load(path: Path) -> m.SessionState:
    store = SessionStore.open(path, read_only=True)
    try:
        return store.load()
    finally:
        store.close()


def _sizes(data: bytes) -> list[float]:
    """The font size of every piece of text on the first page."""
    from pypdf import PdfReader

    sizes: list[float] = []

    def visit(text, cm, tm, font, size) -> None:
        if text.strip():
            sizes.append(size * abs(tm[0]) * abs(cm[0]))

    PdfReader(io.BytesIO(data)).pages[0].extract_text(visitor_text=visit)
    return sizes


@pytest.fixture(scope="module", params=["demo", "300 ideas"])
def session(request, demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> m.SessionState:
    if request.param == "demo":
        return _load(demo_template)
    return _load(build_large(tmp_path_factory.mktemp("big") / "s.roundtable", ideas=300))


def test_one_page_pairs_you_said_with_we_will_and_shows_the_most_voted(session: m.SessionState) -> None:
    data = build_summary_pdf(session)
    pages = pdf_pages(data)
    assert len(pages) == 1
    text = norm(pages[0])
    assert "Yousaid" in text and "Wewill" in text and "Notnow,because" in text
    assert "Generated" not in text
    report = digest(session)
    cards = sorted(
        (e for e in report.entries.values() if e.idea.is_active and (e.decision or e.why)),
        key=lambda e: (-e.votes, e.number),
    )
    for e in cards[:3]:  # the three most-voted items always appear
        assert norm(e.idea.text[:60]) in text, e.idea.text
    commitments, refusals = answered_items(report)
    assert norm(refusals[0].idea.text[:60]) in text  # and the most-voted refusal
    assert norm(refusals[0].why[:60]) in text
    top = commitments[0]
    assert norm(top.action.owner) in text
    assert min(_sizes(data)) >= 12  # a notice-board poster


def test_ticks_only_for_what_is_done(demo_template: Path) -> None:
    state = _load(demo_template)
    assert "✓" not in pdf_pages(build_summary_pdf(state))[0]  # nothing in the demo is done yet
    commitments, _ = answered_items(digest(state))
    done = commitments[-1].action  # the least-voted commitment: what is done always shows
    done.status = m.ActionStatus.DONE
    text = pdf_pages(build_summary_pdf(state))[0]
    assert text.count("✓") == 1
    assert "We did" in text


def test_contact_line_from_setup_and_the_demo_count(demo_template: Path) -> None:
    state = _load(demo_template)
    text = norm(pdf_pages(build_summary_pdf(state))[0])
    assert norm(state.info.contact) in text
    assert norm("You shared 31 ideas: 10 of you round the table, and 8 more on cards") in text
    assert norm("Every idea has an answer") in text


def test_an_imported_session_says_you_not_zero_of_you() -> None:
    state = m.SessionState()
    state.info.revealed = True
    state.ideas = [m.Idea(n, f"Imported idea {n}") for n in range(1, 301)]
    text = norm(pdf_pages(build_summary_pdf(state))[0])
    assert norm("You shared 300 ideas") in text
    assert "0ofyou" not in text
    assert norm("300 still await an answer") in text
