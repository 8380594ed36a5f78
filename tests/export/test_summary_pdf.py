"""The one-page staff summary: always one page, and it answers every idea that reached the plan."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from facilitator.core import model as m
from facilitator.export.summary_pdf import build_summary_pdf
from facilitator.store.session_store import SessionStore
from tests.export.conftest import HOSTILE, make_state, norm, pdf_pages, printed, rtl_norm

WHEN = dt.datetime(2026, 11, 20, 9, 30)


def test_demo_summary_is_one_page_with_question_commitments_reasons_and_checkin(demo_path: Path) -> None:
    store = SessionStore.open(demo_path, read_only=True)
    state = store.load()
    store.close()
    pages = pdf_pages(build_summary_pdf(state, generated=WHEN))
    assert len(pages) == 1
    text = norm(pages[0])
    assert "Yousaid,wedid" in text
    assert norm(state.info.question) in text
    from facilitator.export.digest import digest
    from facilitator.export.summary_pdf import answered_items

    commitments, refusals = answered_items(digest(state))
    for e in commitments[:3]:  # the most-voted, with who does it
        assert norm(e.idea.text) in text
        assert norm(e.action.owner) in text
    for e in refusals[:2]:
        assert norm(e.why) in text
    shown = sum(1 for e in commitments if norm(e.idea.text) in text)
    assert shown == len(commitments) or f"and{len(commitments) - shown}moreinthefullminutes" in text
    assert "18Feb2027" in text


def test_no_checkin_line_when_none_is_set() -> None:
    state = make_state(["An idea"], placed=1)
    state.info.next_checkin = ""
    text = norm(pdf_pages(build_summary_pdf(state))[0])
    assert "checkprogress" not in text
    state.info.next_checkin = "2027-03-01"
    assert "1Mar2027" in norm(pdf_pages(build_summary_pdf(state))[0])


def test_empty_session_summary() -> None:
    pages = pdf_pages(build_summary_pdf(make_state([])))
    assert len(pages) == 1
    assert "Nocommitmentswererecordedyet." in norm(pages[0])


def test_many_commitments_still_fit_one_page_and_point_to_the_minutes() -> None:
    texts = [f"Commitment number {n} with a fairly long description of what we will do" for n in range(300)]
    state = make_state(texts, placed=300)
    pages = pdf_pages(build_summary_pdf(state))
    assert len(pages) == 1
    assert "moreinthefullminutes" in norm(pages[0])


def test_hostile_texts_in_the_summary() -> None:
    names = ["markup", "emoji", "greek", "cyrillic", "polish", "hebrew", "arabic", "long"]
    state = make_state([HOSTILE[n] for n in names], placed=len(names))
    for action in state.actions:
        action.decision = m.Decision.DO_NOW
        action.owner = "Zoë <Owner> & co"
    state.ballots = [m.Ballot(1, {n + 1: len(names) - n for n in range(len(names))})]  # in this order
    pages = pdf_pages(build_summary_pdf(state))
    assert len(pages) == 1
    text = norm(pages[0])
    assert norm("Zoë <Owner> & co") in text
    # 12-point type holds the most-voted; each one shown prints exactly.
    for name in names[:3]:
        assert rtl_norm(printed(HOSTILE[name])) in rtl_norm(pages[0]), name
    for name in ("hebrew", "arabic"):
        alone = make_state([HOSTILE[name]], placed=1)
        alone.actions[0].decision = m.Decision.DO_NOW
        assert rtl_norm(printed(HOSTILE[name])) in rtl_norm(pdf_pages(build_summary_pdf(alone))[0]), name
    # A 10,000-character idea is cut to its gist on a notice board.
    long = make_state([HOSTILE["long"]], placed=1)
    long.actions[0].decision = m.Decision.DO_NOW
    text = norm(pdf_pages(build_summary_pdf(long))[0])
    assert "word1word2word3" in text and "word1399" not in text


def test_letter_summary() -> None:
    import io

    from pypdf import PdfReader

    data = build_summary_pdf(make_state(["An idea"], placed=1), paper="letter")
    box = PdfReader(io.BytesIO(data)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
