"""A follow-up's minutes open with last time's actions; its staff summary leads with what was done."""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader

from facilitator.export.minutes_pdf import build_minutes_pdf
from facilitator.export.summary_pdf import build_summary_pdf
from facilitator.ops.followup import create_followup, review_action
from facilitator.store.session_store import SessionStore


def _text(data: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages]


def _reviewed_followup(demo_path: Path, tmp_path: Path):
    path = tmp_path / "next.roundtable"
    create_followup(demo_path, path, date="2027-02-18")
    store = SessionStore.open(path)
    items = store.review()
    review_action(store, items[0].id, "done", note="Huddle held on every shift since January")
    review_action(store, items[1].id, "stuck", note="Asked twice", reason="Waiting for the print budget")
    review_action(store, items[2].id, "dropped", reason="The trust's new rota app does it")
    state = store.load()
    store.close()
    return state, items


def test_minutes_open_with_progress_on_last_times_actions(demo_path: Path, tmp_path: Path) -> None:
    state, _items = _reviewed_followup(demo_path, tmp_path)
    pages = _text(build_minutes_pdf(state, charts=False))
    first = pages[0]
    assert "Progress on last time's actions" in first
    assert "This session followed up Ward 7 winter debrief (19 Nov 2026)" in first
    assert "1 done, 1 stuck, 1 dropped, 7 not reviewed yet" in first
    for expected in (
        "Huddle held on every shift since January",
        "Why: Waiting for the print budget",
        "Stuck",
    ):
        assert expected in first
    assert first.index("Progress on last time's actions") < first.index("Summary")


def test_staff_summary_leads_with_you_said_we_did(demo_path: Path, tmp_path: Path) -> None:
    state, _items = _reviewed_followup(demo_path, tmp_path)
    (text,) = _text(build_summary_pdf(state))
    assert "You said (19 Nov 2026), we did" in text
    assert "We did: Huddle held on every shift since January" in text
    assert text.index("You said (19 Nov 2026), we did") < text.index("We will / We did")
    assert "Waiting for the print budget" not in text  # only what was done leads; the minutes say why


def test_a_first_session_has_neither(demo_path: Path) -> None:
    store = SessionStore.open(demo_path, read_only=True)
    state = store.load()
    store.close()
    assert "Progress on last time" not in " ".join(_text(build_minutes_pdf(state, charts=False)))
    assert "You said (" not in " ".join(_text(build_summary_pdf(state)))
