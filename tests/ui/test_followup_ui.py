"""File > New follow-up session, the Review step at the start, and File > Open programme."""

from __future__ import annotations

import shutil
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import Qt

from facilitator.core.followup import ReviewStatus
from facilitator.demo_programme import build_programme_demo
from facilitator.store.session_store import SessionStore
from tests.badfiles import fingerprint, truncated


def _review(path: Path):
    store = SessionStore.open(path, read_only=True)
    try:
        return store.review()
    finally:
        store.close()


def test_review_from_the_keyboard_undo_and_presenter(
    make_window, demo_path: Path, tmp_path: Path, qtbot
) -> None:
    before = fingerprint(demo_path)
    window = make_window(active=True)
    new = tmp_path / "spring"
    assert window.new_followup(demo_path, new)
    new = new.with_suffix(".roundtable")
    assert fingerprint(demo_path) == before
    view = window.workspace.view(window.workspace.current_phase)
    panel = view.review
    assert panel.isVisible() and len(panel.items) == 10
    qtbot.waitUntil(lambda: panel.table.hasFocus())

    # 1 = Done, type what was done, Enter: saved, and the next action is selected.
    qtbot.keyClick(panel.table, Qt.Key.Key_1)
    assert panel.note.hasFocus()
    qtbot.keyClicks(panel.note, "Huddle runs on every shift")
    qtbot.keyClick(panel.note, Qt.Key.Key_Return)
    first = _review(new)[0]
    assert (first.status, first.note) == (ReviewStatus.DONE, "Huddle runs on every shift")
    assert panel.table.currentRow() == 1 and panel.table.hasFocus()

    # 3 = Stuck needs a reason: Enter in the note moves on to the reason first.
    qtbot.keyClick(panel.table, Qt.Key.Key_3)
    qtbot.keyClicks(panel.note, "Asked Estates twice")
    qtbot.keyClick(panel.note, Qt.Key.Key_Return)
    assert panel.reason.hasFocus() and _review(new)[1].status == ReviewStatus.PENDING
    qtbot.keyClicks(panel.reason, "No budget until April")
    qtbot.keyClick(panel.reason, Qt.Key.Key_Return)
    second = _review(new)[1]
    assert (second.status, second.reason) == (ReviewStatus.STUCK, "No budget until April")
    assert panel.table.item(1, 3).text() == "Stuck"

    presenter = window.open_presenter()
    text = presenter.shown_text()
    assert "Huddle runs on every shift" in text and "No budget until April" in text

    window.model.undo()
    assert _review(new)[1].status == ReviewStatus.PENDING
    assert panel.table.item(1, 3).text() == "Not reviewed"
    qtbot.waitUntil(lambda: "No budget until April" not in presenter.shown_text())


def test_a_bad_old_file_is_refused_in_the_window(make_window, demo_path: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.roundtable"
    truncated(0.5)(demo_path, bad)
    window = make_window()
    assert not window.new_followup(bad, tmp_path / "new.roundtable")
    assert not (tmp_path / "new.roundtable").exists()
    assert "cut short" in window.start.messages.text()


def test_programme_window_is_read_only_and_saves_a_report(
    make_window, demo_path: Path, tmp_path: Path, qtbot
) -> None:
    folder = tmp_path / "programme"
    folder.mkdir()
    build_programme_demo(folder)
    truncated(0.5)(demo_path, folder / "broken.roundtable")
    before = {p.name: fingerprint(p) for p in folder.iterdir()}
    window = make_window()
    programme = window.open_programme([folder])
    qtbot.waitUntil(lambda: programme.programme is not None, timeout=30_000)
    tabs = [programme.tabs.tabText(i).replace("&", "") for i in range(programme.tabs.count())]
    assert tabs == ["Sessions", "Themes", "Recurring ideas", "Actions", "Left out"]
    assert programme.findChild(object, "programmeSessions").rowCount() == 16
    assert programme.findChild(object, "programmeRecurring").rowCount() >= 3
    assert "broken.roundtable" in programme.findChild(object, "programmeUnreadable").item(0, 0).text()
    assert programme.export.isEnabled()
    job = programme.save_report(tmp_path / "report.pdf")
    qtbot.waitUntil(lambda: (tmp_path / "report.csv").exists() and programme.job is None, timeout=60_000)
    assert job is not None
    text = " ".join(page.extract_text() for page in PdfReader(tmp_path / "report.pdf").pages)
    assert "Programme report" in text and "Recurring ideas across teams" in " ".join(text.split())
    assert {p.name: fingerprint(p) for p in folder.iterdir()} == before
    shutil.rmtree(folder)
