"""`facilitator export` and `facilitator import` as a user runs them: real processes, real files."""

from __future__ import annotations

import codecs
import io
import subprocess
import sys
from pathlib import Path

import pytest

from tests.badfiles import fingerprint


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "facilitator", *args], capture_output=True, text=True, timeout=300
    )


def one_clean_line(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_export_all_three(demo_path: Path, tmp_path: Path) -> None:
    from pypdf import PdfReader

    before = fingerprint(demo_path)
    pdf, summary, table = tmp_path / "m.pdf", tmp_path / "s.pdf", tmp_path / "i.csv"
    result = run("export", str(demo_path), "--pdf", str(pdf), "--summary", str(summary), "--csv", str(table))
    assert result.returncode == 0, result.stderr
    assert f"Wrote the minutes to {pdf}" in result.stdout
    minutes = PdfReader(io.BytesIO(pdf.read_bytes()))
    assert 3 <= len(minutes.pages) <= 8
    assert len(PdfReader(io.BytesIO(summary.read_bytes())).pages) == 1
    assert table.read_bytes().startswith(codecs.BOM_UTF8)
    assert fingerprint(demo_path) == before  # exporting never changes the session


def test_export_letter_paper(demo_path: Path, tmp_path: Path) -> None:
    from pypdf import PdfReader

    out = tmp_path / "s.pdf"
    assert run("export", str(demo_path), "--summary", str(out), "--paper", "letter").returncode == 0
    box = PdfReader(io.BytesIO(out.read_bytes())).pages[0].mediabox
    assert round(float(box.width)) == 612


@pytest.mark.parametrize("where", ["missing folder", "a folder", "file as folder"])
def test_unwritable_output_is_one_line_and_writes_nothing(
    where: str, demo_path: Path, tmp_path: Path
) -> None:
    target = {
        "missing folder": tmp_path / "nowhere" / "m.pdf",
        "a folder": tmp_path,
        "file as folder": demo_path / "m.pdf",
    }[where]
    good = tmp_path / "good.csv"
    line = one_clean_line(run("export", str(demo_path), "--csv", str(good), "--pdf", str(target)))
    assert str(target) in line
    assert ("folder" in line) or ("does not exist" in line)
    assert not good.exists()  # every output is checked before any is written


def test_export_needs_something_to_write(demo_path: Path) -> None:
    assert "--pdf" in one_clean_line(run("export", str(demo_path)))


def test_export_of_a_file_that_is_not_a_session(tmp_path: Path) -> None:
    bad = tmp_path / "bad.roundtable"
    bad.write_bytes(b"not a database at all" * 100)
    one_clean_line(run("export", str(bad), "--pdf", str(tmp_path / "m.pdf")))
    assert not (tmp_path / "m.pdf").exists()


def test_import_creates_the_file_and_round_trips_the_demo(demo_path: Path, tmp_path: Path) -> None:
    from facilitator.store.session_store import SessionStore

    table = tmp_path / "ideas.csv"
    assert run("export", str(demo_path), "--csv", str(table)).returncode == 0
    target = tmp_path / "new.roundtable"
    result = run("import", str(target), "--csv", str(table))
    assert result.returncode == 0, result.stderr
    assert f"Added 31 ideas to a new session {target}" in result.stdout
    old = SessionStore.open(demo_path, read_only=True)
    new = SessionStore.open(target, read_only=True)
    try:
        # The CSV lists ideas by theme and text, never in the order recorded.
        assert sorted(i.text for i in new.ideas()) == sorted(i.text for i in old.ideas())
        assert {t.name for t in new.themes()} == {"Communication", "Safety", "Support"}
    finally:
        old.close()
        new.close()


def test_import_into_an_existing_session(demo_path: Path, tmp_path: Path) -> None:
    table = tmp_path / "cards.csv"
    table.write_text("text;theme\nA comment card;Estates\n", encoding="cp1252")
    result = run("import", str(demo_path), "--csv", str(table))
    assert result.returncode == 0, result.stderr
    assert "Added 1 ideas" in result.stdout and "new themes: Estates" in result.stdout


def test_bad_csv_is_one_line_with_the_line_number_and_no_file(tmp_path: Path) -> None:
    table = tmp_path / "ideas.csv"
    table.write_text("text,theme\nfine,A\n,B\n", encoding="utf-8")
    target = tmp_path / "new.roundtable"
    line = one_clean_line(run("import", str(target), "--csv", str(table)))
    assert "Line 3" in line
    assert not target.exists()


def test_bad_csv_leaves_an_existing_session_unchanged(demo_path: Path, tmp_path: Path) -> None:
    table = tmp_path / "ideas.csv"
    table.write_text("text\n" + "ok\n" * 48 + '"broken\n', encoding="utf-8")
    before = fingerprint(demo_path)
    assert "Line 50" in one_clean_line(run("import", str(demo_path), "--csv", str(table)))
    assert fingerprint(demo_path) == before


def test_missing_csv(tmp_path: Path) -> None:
    line = one_clean_line(run("import", str(tmp_path / "x.roundtable"), "--csv", str(tmp_path / "none.csv")))
    assert "none.csv" in line
    assert not (tmp_path / "x.roundtable").exists()


def test_help_lists_the_new_verbs() -> None:
    result = run("--help")
    assert "facilitator import" in result.stdout and "facilitator export" in result.stdout


def test_import_into_a_read_only_session_is_refused(demo_path: Path, tmp_path: Path) -> None:
    table = tmp_path / "ideas.csv"
    table.write_text("text\nAn idea\n", encoding="utf-8")
    demo_path.chmod(0o444)
    before = fingerprint(demo_path)
    line = one_clean_line(run("import", str(demo_path), "--csv", str(table)))
    assert "read-only" in line
    assert fingerprint(demo_path) == before
