"""The programme roll-up: several session files read together, never written, one report."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from facilitator import cli
from facilitator.core.outcome import unanswered
from facilitator.core.programme import period_of
from facilitator.demo_programme import TEAMS, build_programme_demo
from facilitator.ops.ideas import add_idea
from facilitator.ops.participants import add_participants
from facilitator.ops.session import update_info, update_rules
from facilitator.store.programme import programme_from_paths, read_session
from facilitator.store.session_store import SessionStore
from tests.badfiles import fingerprint, truncated

TODAY = "2026-11-30"
NAMES = [name for _, _, _, people in TEAMS for name in people]


@pytest.fixture(scope="module")
def programme_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("programme")
    build_programme_demo(folder)
    return folder


@pytest.fixture
def programme_dir(programme_template: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "programme"
    shutil.copytree(programme_template, folder)
    return folder


def _state_of_folder(folder: Path) -> dict[str, str]:
    return {p.name: fingerprint(p) for p in sorted(folder.iterdir())}


def test_the_programme_demo_is_a_real_programme(programme_dir: Path) -> None:
    p = programme_from_paths([programme_dir], today=TODAY)
    assert len(p.sessions) >= 12 and len(p.teams) >= 6 and p.unreadable == []
    debriefs = sorted({s.date for s in p.sessions if not s.follows})
    assert len(debriefs) == 2 and int(debriefs[1][:4]) - int(debriefs[0][:4]) == 1
    assert p.comparison == (period_of(debriefs[0]), period_of(debriefs[1]))
    assert {t.theme for t in p.themes} == {"Communication", "Safety", "Support"}
    follow_ups = [s for s in p.sessions if s.follows]
    assert len(follow_ups) >= 4
    # The follow-ups' reviews close some actions of the first debrief.
    reviewed = [a for a in p.actions if a.reviewed_in]
    assert {a.status for a in reviewed} >= {"Done", "In progress", "Stuck", "Dropped"}
    assert all(not a.overdue for a in reviewed if a.status in ("Done", "Dropped"))
    # Breaks on long shifts, said by several teams in their own words, is one finding.
    breaks = next(r for r in p.recurring if "breaks" in r.text.lower())
    assert len(breaks.teams) >= 4 and len(breaks.wordings) >= 3
    # Overdue is relative to the day given.
    assert p.overdue and all(a.due_date < TODAY and a.status not in ("Done", "Dropped") for a in p.overdue)
    assert programme_from_paths([programme_dir], today="2020-01-01").overdue == []
    # Every idea has its answer, in every session of the programme.
    for path in sorted(programme_dir.glob("*.roundtable")):
        assert unanswered(read_session(path)) == [], path.name


def test_report_over_the_programme_and_a_bad_file(
    programme_dir: Path, demo_path: Path, tmp_path: Path, capsys
) -> None:
    truncated(0.5)(demo_path, programme_dir / "broken.roundtable")
    before = _state_of_folder(programme_dir)
    pdf, table = tmp_path / "report.pdf", tmp_path / "ideas.csv"

    assert cli.main(["report", str(programme_dir), "--pdf", str(pdf), "--csv", str(table)]) == 0

    out = capsys.readouterr().out
    assert "Left out broken.roundtable: the file is cut short" in out
    assert "Reported 16 sessions of 6 teams, 1 left out" in out
    assert _state_of_folder(programme_dir) == before  # nothing written, nothing added beside them
    text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    flat = " ".join(text.split())
    for expected in (
        "Programme report",
        "16 sessions of 6 teams, 2025 and 2026",
        "Themes across sessions",
        "Comparing 2025 with 2026",
        "Recurring ideas across teams",
        "Action log",
        "Files not included",
        "broken.roundtable",
        "cut short",
    ):
        assert expected in flat, expected
    for _, team, _, _ in TEAMS:
        assert team in flat
    rows = list(csv.DictReader(io.StringIO(table.read_bytes().decode("utf-8-sig"))))
    p = programme_from_paths([programme_dir], today=TODAY)
    assert len(rows) == len(p.ideas) == sum(1 for i in p.ideas) and "author" not in rows[0]
    assert {r["file"] for r in rows} >= {s.name for s in p.sessions if s.ideas}
    # Anonymity carries over: nobody's name, in the report or the CSV.
    csv_text = table.read_text(encoding="utf-8-sig")
    for name in ("Tomasz", "Fatima", "Callum", "Priya", "Kofi"):
        assert name not in flat and name not in csv_text


def test_report_refuses_to_write_over_a_session(programme_dir: Path, capsys) -> None:
    target = next(programme_dir.glob("*.roundtable"))
    before = fingerprint(target)
    assert cli.main(["report", str(programme_dir), "--pdf", str(target)]) == 1
    assert "never writes into one" in capsys.readouterr().err
    assert fingerprint(target) == before


def test_nothing_readable_is_one_line_and_exit_1(demo_path: Path, tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.roundtable"
    truncated(0.1)(demo_path, bad)
    assert cli.main(["report", str(bad), "--pdf", str(tmp_path / "r.pdf")]) == 1
    assert capsys.readouterr().err.strip().count("\n") == 0
    assert not (tmp_path / "r.pdf").exists()


def test_a_file_needing_recovery_is_listed_not_recovered(demo_path: Path, tmp_path: Path) -> None:
    journal = demo_path.with_name(demo_path.name + "-journal")
    journal.write_bytes(b"\x00" * 512)
    before = (fingerprint(demo_path), fingerprint(journal))
    p = programme_from_paths([demo_path])
    assert p.sessions == [] and "not closed properly" in p.unreadable[0].reason
    assert (fingerprint(demo_path), fingerprint(journal)) == before


def test_an_older_file_is_migrated_in_memory_only(tmp_path: Path) -> None:
    from tests.store.test_migrations import _build_version_1

    old = tmp_path / "old.roundtable"
    _build_version_1(old)
    before = fingerprint(old)
    state = read_session(old)
    assert [i.text for i in state.ideas] == ["Fix the hoist"] and state.review == []
    assert fingerprint(old) == before


def _named_session(path: Path, team: str, anonymous: bool) -> None:
    store = SessionStore.create(path, title=f"{team} session")
    update_info(store, team=team, date="2026-05-01")
    rules = store.info().rules
    rules.anonymous = anonymous
    update_rules(store, rules)
    add_participants(store, "Zelda Quince\nYorick Pym")
    author = store.participants()[0].id
    add_idea(store, "Protected breaks on long shifts", author_id=author)
    store.close()


def test_names_only_when_every_session_is_named_and_asked(tmp_path: Path, capsys) -> None:
    _named_session(tmp_path / "a.roundtable", "Ward 1", anonymous=False)
    _named_session(tmp_path / "b.roundtable", "Ward 2", anonymous=False)
    plain = tmp_path / "plain.csv"
    assert cli.main(["report", str(tmp_path), "--csv", str(plain)]) == 0
    assert "Zelda" not in plain.read_text(encoding="utf-8-sig")
    named = tmp_path / "named.csv"
    assert cli.main(["report", str(tmp_path), "--csv", str(named), "--named"]) == 0
    assert "Zelda Quince" in named.read_text(encoding="utf-8-sig")
    _named_session(tmp_path / "c.roundtable", "Ward 3", anonymous=True)
    capsys.readouterr()
    assert cli.main(["report", str(tmp_path), "--csv", str(tmp_path / "x.csv"), "--named"]) == 1
    assert "every session to be named" in capsys.readouterr().err
    assert not (tmp_path / "x.csv").exists()


def test_demo_programme_cli(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "trust"
    assert cli.main(["demo", "--programme", str(folder)]) == 0
    files = sorted(folder.glob("*.roundtable"))
    assert len(files) == 16 and not [p for p in folder.iterdir() if p.name.startswith(".")]
    before = _state_of_folder(folder)
    assert cli.main(["demo", "--programme", str(folder)]) == 1
    assert "--replace" in capsys.readouterr().err
    assert _state_of_folder(folder) == before
