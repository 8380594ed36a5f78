"""The Minutes view: preview, exports in a worker, and clear messages when a file cannot be written."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QFileDialog

from facilitator.core import plan as plan_rules
from facilitator.core.model import Decision
from facilitator.ops import plan as plan_ops
from facilitator.store.session_store import SessionStore
from facilitator.ui.phases.minutes.view import MinutesView
from facilitator.ui.session import worker
from facilitator.ui.session.session_model import SessionModel

BUILD_TIMEOUT_MS = 120_000  # a loaded CI machine; the wait ends as soon as the signal comes


@pytest.fixture
def session(demo_path: Path):
    model = SessionModel(SessionStore.open(demo_path))
    yield model
    model.close()


@pytest.fixture
def view(qtbot, session: SessionModel) -> MinutesView:
    v = MinutesView(session)
    qtbot.addWidget(v)
    v.resize(1200, 800)
    return v


def _pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def _export(qtbot, view: MinutesView, key: str, path: Path) -> worker.Job:
    """Start an export and wait for the view to report it. The view's signal is emitted on
    the UI thread, so waiting on it cannot miss a job that finished very quickly."""
    with qtbot.waitSignal(view.export_finished, timeout=BUILD_TIMEOUT_MS) as finished:
        job = view.export_to(key, path)
        assert job is not None
    assert finished.args == [path]
    return job


def test_minutes_export_runs_in_a_worker_with_progress(qtbot, view: MinutesView, tmp_path: Path) -> None:
    target = tmp_path / "minutes.pdf"
    steps: list[tuple[int, int]] = []
    view.progress.valueChanged.connect(lambda value: steps.append((value, view.progress.maximum())))
    with qtbot.waitSignal(view.export_finished, timeout=BUILD_TIMEOUT_MS) as finished:
        job = view.export_to("minutes", target)
        # The call came straight back: the window is live, showing progress, buttons held.
        assert job is not None
        assert not view.progress.isHidden()
        assert not any(b.isEnabled() for b in view.buttons.values())
        assert "Writing the minutes" in view.status.text()
    assert finished.args == [target]
    assert job.thread_name and job.thread_name != threading.main_thread().name
    assert steps and steps[-1][0] == steps[-1][1] > 1  # progress counted up to the end
    assert [d for d, _ in steps] == sorted(d for d, _ in steps)
    assert view.progress.isHidden()
    assert all(b.isEnabled() for b in view.buttons.values())
    text = _pdf_text(target)
    assert "Ward 7 winter debrief" in text
    assert str(target) in view.messages.text()
    assert view.last_export == target


def test_letter_paper_is_used(qtbot, view: MinutesView, tmp_path: Path) -> None:
    view.paper.setCurrentIndex(view.paper.findData("letter"))
    target = tmp_path / "summary.pdf"
    _export(qtbot, view, "summary", target)
    box = PdfReader(target).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    assert "You said, we did" in _pdf_text(target)


def test_csv_export(qtbot, view: MinutesView, session: SessionModel, tmp_path: Path) -> None:
    target = tmp_path / "ideas.csv"
    _export(qtbot, view, "csv", target)
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    for idea in session.state().active_ideas():
        assert idea.text.split(";")[0] in text


@pytest.mark.parametrize("case", ["missing-folder", "a-folder"])
def test_unwritable_path_gives_a_clear_message_and_the_app_keeps_going(
    qtbot, view: MinutesView, tmp_path: Path, case: str
) -> None:
    target = tmp_path / "no such folder" / "minutes.pdf" if case == "missing-folder" else tmp_path
    with qtbot.waitSignal(view.export_failed, timeout=BUILD_TIMEOUT_MS) as failed:
        view.export_to("summary", target)
    message = view.messages.text()
    assert failed.args == [message]
    assert message.startswith("Could not save the staff summary to ")
    assert str(target) in message
    expected = "the folder does not exist" if case == "missing-folder" else "this is a folder"
    assert expected in message
    assert "Choose another folder" in message
    assert view.messages.action_button.isVisibleTo(view.messages)
    assert all(b.isEnabled() for b in view.buttons.values())
    good = tmp_path / "summary.pdf"
    _export(qtbot, view, "summary", good)  # the app carries on
    assert good.exists()


def _warning_after(qtbot, view: MinutesView, change) -> str:
    """Make a change, wait for the worker's answer to the last question, return the warning shown."""
    change()
    qtbot.waitUntil(lambda: view.warning_answered == view.warning_asked, timeout=10_000)
    return "" if view.warning.isHidden() else view.warning.text()


def test_warns_before_export_that_ideas_lack_a_reason(
    qtbot, view: MinutesView, session: SessionModel, tmp_path: Path
) -> None:
    assert _warning_after(qtbot, view, lambda: None) == ""  # the demo answers everyone
    heard = plan_rules.heard_not_prioritized(session.state())

    def clear_two() -> None:
        for idea in heard[:2]:
            session.run_untracked(plan_ops.set_reason, idea, "")

    assert "2 ideas heard, not taken forward, have no reason yet" in _warning_after(qtbot, view, clear_two)

    def decide_both() -> None:
        session.run("Decide", plan_ops.set_decision, heard[0], Decision.NOT_NOW)
        session.run("Decide", plan_ops.set_decision, heard[1], Decision.LATER)

    text = _warning_after(qtbot, view, decide_both)
    assert "2 ideas decided Later or Not now have no reason yet" in text
    assert view.buttons["minutes"].isEnabled()  # a warning, never a block

    target = tmp_path / "minutes.pdf"
    _export(qtbot, view, "minutes", target)
    assert "2 ideas still lack a reason" in view.messages.text()

    text = _warning_after(
        qtbot, view, lambda: session.run("Reason", plan_ops.set_reason, heard[0], "Funding decided in April")
    )
    assert "1 idea decided Later or Not now has no reason yet" in text

    def undo_and_answer() -> None:
        for _ in range(3):
            session.undo_stack.undo()
        for idea in heard[:2]:
            session.run_untracked(plan_ops.set_reason, idea, "Fewer votes this time")

    assert _warning_after(qtbot, view, undo_and_answer) == ""


def test_the_warning_is_read_from_the_file_off_the_ui_thread_and_the_last_answer_wins(
    qtbot, view: MinutesView, session: SessionModel
) -> None:
    heard = plan_rules.heard_not_prioritized(session.state())
    threads: list[str] = []
    real_reader = session.store.reader

    def reader():
        import threading

        opened = real_reader()
        real_load = opened.load

        def load():
            threads.append(threading.current_thread().name)
            return real_load()

        opened.load = load
        return opened

    session.store.reader = reader
    text = _warning_after(qtbot, view, lambda: session.run_untracked(plan_ops.set_reason, heard[0], ""))
    assert "1 idea heard, not taken forward, has no reason yet" in text
    assert threads and "MainThread" not in threads  # the window went on meanwhile

    # An answer overtaken by a later change is dropped: the warning shows the later file.
    view._on_warning_ready((view.warning_asked - 1, ["an older answer"]))
    assert "an older answer" not in view.warning.text()


def test_the_warning_falls_back_to_the_open_store_when_the_file_was_moved_away(
    qtbot, view: MinutesView, session: SessionModel, tmp_path: Path
) -> None:
    heard = plan_rules.heard_not_prioritized(session.state())
    _warning_after(qtbot, view, lambda: session.run_untracked(plan_ops.set_reason, heard[0], ""))
    session.store.path.rename(tmp_path / "moved.roundtable")
    text = _warning_after(qtbot, view, view._show_warning)
    assert "1 idea heard, not taken forward, has no reason yet" in text


def test_export_button_asks_where_without_blocking(qtbot, view: MinutesView, tmp_path: Path) -> None:
    view.show()
    qtbot.waitExposed(view)
    view.buttons["minutes"].click()  # returns at once: the dialog is not modal
    dialog = view.findChild(QFileDialog, "exportFileDialog")
    assert dialog is not None and dialog.isVisible() and not dialog.isModal()
    assert dialog.acceptMode() == QFileDialog.AcceptMode.AcceptSave
    assert view.suggested_path("minutes").name == "demo minutes.pdf"
    target = tmp_path / "chosen.pdf"
    with qtbot.waitSignal(view.export_finished, timeout=BUILD_TIMEOUT_MS):
        dialog.fileSelected.emit(str(target))  # what choosing a file and pressing Save does
        assert view.export_job is not None
    assert target.exists() and "Ward 7 winter debrief" in _pdf_text(target)


def test_one_export_at_a_time(qtbot, view: MinutesView, tmp_path: Path) -> None:
    with qtbot.waitSignal(view.export_finished, timeout=BUILD_TIMEOUT_MS):
        assert view.export_to("csv", tmp_path / "a.csv") is not None
        assert view.export_to("csv", tmp_path / "b.csv") is None
        assert "still being written" in view.messages.text()
    assert (tmp_path / "a.csv").exists()
    assert not (tmp_path / "b.csv").exists()


def test_preview_shows_the_real_first_page(qtbot, view: MinutesView, session: SessionModel) -> None:
    with qtbot.waitSignal(view.preview_ready, timeout=BUILD_TIMEOUT_MS):
        view.show()  # showing the view starts the preview
    image = view.preview.image
    assert image is not None and not image.isNull()
    assert abs(image.height() / image.width() - 297 / 210) < 0.01  # A4
    assert "pages" in view.preview.caption.text() and "A4" in view.preview.caption.text()
    assert view.preview.page.pixmap() is not None and not view.preview.page.pixmap().isNull()
    # The page is not blank: some pixels are dark (the title and the tables).
    dark = sum(
        1
        for y in range(0, image.height(), 7)
        for x in range(0, image.width(), 7)
        if image.pixelColor(x, y).lightness() < 100
    )
    assert dark > 50

    with qtbot.waitSignal(view.preview_ready, timeout=BUILD_TIMEOUT_MS):
        view.paper.setCurrentIndex(view.paper.findData("letter"))
    assert abs(view.preview.image.height() / view.preview.image.width() - 11 / 8.5) < 0.01
    assert "Letter" in view.preview.caption.text()


def test_no_system_viewer_offscreen(tmp_path: Path) -> None:
    path = tmp_path / "x.pdf"
    path.write_bytes(b"%PDF-1.4\n")
    assert not worker.can_open_viewer()
    assert worker.open_in_viewer(path) is False


def test_export_while_the_preview_is_drawn(qtbot, view: MinutesView, tmp_path: Path) -> None:
    """Both PDF builds share one lock, so an export during a preview waits its turn and succeeds."""
    view.show()
    qtbot.waitExposed(view)
    target = tmp_path / "minutes.pdf"
    with qtbot.waitSignals([view.preview_ready, view.export_finished], timeout=BUILD_TIMEOUT_MS):
        view._preview_timer.stop()
        assert view.refresh_preview() is not None
        assert view.export_to("minutes", target) is not None
    assert view.preview.image is not None
    assert "Ward 7 winter debrief" in _pdf_text(target)


def test_an_export_no_program_opens_says_where_the_file_is(qtbot, view: MinutesView, tmp_path: Path) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    view.show()
    target = tmp_path / "out" / "minutes.pdf"
    target.parent.mkdir()
    assert not worker.can_open_viewer()  # as on a computer with no PDF viewer
    with qtbot.waitSignal(view.export_finished, timeout=BUILD_TIMEOUT_MS):
        view.export_to("minutes", target)
    message = view.messages.text()
    assert "did not open by itself" in message and f"in the folder {target.parent}" in message
    assert view.messages.action_button.text() == "Copy the path"
    qtbot.mouseClick(view.messages.action_button, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == str(target)
