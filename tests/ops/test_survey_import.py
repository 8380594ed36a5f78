"""Survey exports: the chosen questions' answers become ideas; names and emails never come in."""

from __future__ import annotations

from pathlib import Path

import pytest

from facilitator import cli
from facilitator.core.errors import RuleError
from facilitator.core.survey import is_personal, survey_ideas
from facilitator.export.survey_io import read_survey
from facilitator.ops.session import update_rules
from facilitator.store.session_store import SessionStore

SURVEY = (
    "Timestamp,Full name,Email address,Team,What works well?,What could be better?\r\n"
    '2026-11-01 09:00,Ann Lee,ann@example.org,Ward 7,Good handovers,"More breaks on long shifts, please"\r\n'
    "2026-11-01 09:05,Bo Chan,bo@example.org,Ward 7,,Rota changes in one place\r\n"
    '2026-11-02 10:00,,,ED,"Team spirit\nand humour",\r\n'
    ",,,,,\r\n"
)


def _ideas(path: Path) -> list[tuple[str, str]]:
    store = SessionStore.open(path, read_only=True)
    try:
        state = store.load()
    finally:
        store.close()
    names = {t.id: t.name for t in state.themes}
    return [(i.text, names.get(i.theme_id, "")) for i in state.ideas]


def test_chosen_columns_become_ideas_one_per_answer(tmp_path: Path, capsys) -> None:
    survey = tmp_path / "survey.csv"
    survey.write_text(SURVEY, encoding="utf-8")
    session = tmp_path / "s.roundtable"
    argv = ["import", str(session), "--csv", str(survey), "--text-column", "What could be better?"]
    assert cli.main([*argv, "--text-column", "what works well?", "--theme-column", "Team"]) == 0
    assert "Added 4 ideas" in capsys.readouterr().out
    # The session is anonymous, so closing it sealed the row order out: the board lists by text.
    assert _ideas(session) == [
        ("Good handovers", "Ward 7"),
        ("More breaks on long shifts, please", "Ward 7"),
        ("Rota changes in one place", "Ward 7"),
        ("Team spirit\nand humour", "ED"),
    ]
    text = session.read_bytes()
    for private in (b"Ann Lee", b"ann@example.org", b"Bo Chan", b"2026-11-01 09:00"):
        assert private not in text


def test_unknown_column_is_refused_with_the_list(tmp_path: Path, capsys) -> None:
    survey = tmp_path / "survey.csv"
    survey.write_text(SURVEY, encoding="utf-8")
    session = tmp_path / "s.roundtable"
    assert cli.main(["import", str(session), "--csv", str(survey), "--text-column", "Comments"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no column called “Comments”" in err
    assert "“What could be better?”" in err and "“Timestamp”" in err
    assert not session.exists()


def test_names_and_emails_never_come_into_an_anonymous_session(tmp_path: Path, capsys) -> None:
    table = read_survey(SURVEY.encode())
    assert [is_personal(c) for c in table.columns] == [False, True, True, False, False, False]
    for column in ("Full name", "Email address"):
        with pytest.raises(RuleError, match="anonymous"):
            survey_ideas(table, [column])
    with pytest.raises(RuleError, match="anonymous"):
        survey_ideas(table, ["What could be better?"], theme_column="Email address")
    # A named session may take them (the facilitator chose names on).
    assert [i.text for i in survey_ideas(table, ["Full name"], anonymous=False)] == ["Ann Lee", "Bo Chan"]
    session = tmp_path / "named.roundtable"
    store = SessionStore.create(session)
    rules = store.info().rules
    rules.anonymous = False
    update_rules(store, rules)
    store.close()
    survey = tmp_path / "survey.csv"
    survey.write_bytes(SURVEY.encode())
    assert cli.main(["import", str(session), "--csv", str(survey), "--text-column", "Full name"]) == 0


def test_excel_and_empty_files_say_what_to_do(tmp_path: Path, capsys) -> None:
    with pytest.raises(RuleError, match="Save As"):
        read_survey(b"PK\x03\x04" + b"\x00" * 100)
    with pytest.raises(RuleError, match="empty"):
        read_survey(b"")
    table = read_survey("Q1;Q2\r\nja;nein\r\n".encode("cp1252"))
    assert table.columns == ["Q1", "Q2"] and table.rows == [["ja", "nein"]]
    with pytest.raises(RuleError, match="no answers"):
        survey_ideas(read_survey(b"Q1,Q2\r\n,x\r\n"), ["Q1"])
