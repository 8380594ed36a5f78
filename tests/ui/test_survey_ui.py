"""File > Import survey…: tick the questions, see a preview, import as one undoable step."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from facilitator.ui.shell.import_survey import SurveyImportDialog

SURVEY = (
    "Timestamp,Name,Email,Team,What could be better?,Anything else?\r\n"
    "2026-11-01 09:00,Ann Lee,ann@example.org,Ward 7,More breaks on long shifts,\r\n"
    "2026-11-01 09:05,Bo Chan,bo@example.org,Ward 7,Rota in one place,A quiet room\r\n"
)


def test_survey_dialog_imports_the_ticked_questions(
    make_window, session_path: Path, tmp_path: Path, qtbot
) -> None:
    survey = tmp_path / "survey.csv"
    survey.write_text(SURVEY, encoding="utf-8")
    window = make_window(session_path)
    dialog = window.import_survey()
    assert isinstance(dialog, SurveyImportDialog)
    dialog.load(survey)
    qtbot.waitUntil(lambda: dialog.table is not None)
    items = [dialog.questions.item(i) for i in range(dialog.questions.count())]
    enabled = [bool(i.flags() & Qt.ItemFlag.ItemIsEnabled) for i in items]
    assert enabled == [True, False, False, True, True, True]  # the session is anonymous
    assert dialog.preview.item(0, 1).text() == "(hidden)" and dialog.preview.item(0, 4).text() == (
        "More breaks on long shifts"
    )
    assert not dialog.do_import.isEnabled()
    # Space ticks the current question from the keyboard.
    dialog.questions.setCurrentRow(4)
    qtbot.keyClick(dialog.questions, Qt.Key.Key_Space)
    dialog.set_chosen(["What could be better?", "Anything else?", "Email"], theme="Team")
    assert dialog.chosen() == ["What could be better?", "Anything else?"]
    assert "3 answers will become ideas" in dialog.status.text()
    qtbot.mouseClick(dialog.do_import, Qt.MouseButton.LeftButton)
    state = window.model.state()
    assert [i.text for i in state.ideas] == [
        "More breaks on long shifts",
        "Rota in one place",
        "A quiet room",
    ]
    assert {state.theme(i.theme_id).name for i in state.ideas} == {"Ward 7"}
    assert b"ann@example.org" not in session_path.read_bytes()
    window.model.undo()
    assert window.model.state().ideas == []
