"""Hostile files and inputs, tried with the real thing: a clear refusal or a fast result.

A real FIFO, a real hard link, a second real process holding the file, a real
small tmpfs (where the machine lets us mount one), a real 20,000-row CSV, a real
SIGKILLed export. The foreign-schema refusals are in test_foreign_schema.py.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from facilitator.core.errors import RuleError
from facilitator.export.csv_io import CsvError, import_csv_file, read_csv_file
from facilitator.ops.ideas import add_idea
from facilitator.ops.participants import add_participants, update_participant
from facilitator.ops.session import update_info
from facilitator.store import errors
from facilitator.store.session_store import SessionStore
from tests.badfiles import fingerprint

ROOT = Path(__file__).resolve().parents[2]


def _cli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "facilitator", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
    )


def _one_line_error(done: subprocess.CompletedProcess) -> str:
    assert done.returncode == 1, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    return lines[0]


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# ---- 1. not a regular file ------------------------------------------------------------------


def test_a_fifo_is_refused_at_once_by_check_import_and_the_window(make_window, tmp_path: Path) -> None:
    fifo = tmp_path / "x.roundtable"
    os.mkfifo(fifo)
    started = time.monotonic()
    line = _one_line_error(_cli("check", str(fifo), timeout=20))
    assert "x.roundtable: this is not a regular file" in line
    with pytest.raises(errors.NotAFile):
        SessionStore.open(fifo)
    csv_fifo = tmp_path / "ideas.csv"
    os.mkfifo(csv_fifo)
    line = _one_line_error(
        _cli("import", str(tmp_path / "new.roundtable"), "--csv", str(csv_fifo), timeout=20)
    )
    assert "not a regular file" in line
    assert not (tmp_path / "new.roundtable").exists()
    assert time.monotonic() - started < 20
    window = make_window()
    assert window.open_session(fifo) is False
    assert "this is not a regular file" in window.start.messages.text()


def test_a_device_is_refused(tmp_path: Path) -> None:
    with pytest.raises(errors.NotAFile):
        SessionStore.open("/dev/zero")
    with pytest.raises(CsvError, match="not a regular file"):
        read_csv_file("/dev/zero")


# ---- 2. long texts: limits on input, linear printing --------------------------------------------


def test_session_details_have_limits_on_input(tmp_path: Path) -> None:
    store = SessionStore.create(tmp_path / "s.roundtable")
    try:
        update_info(store, title="T" * 200, question="Q" * 1000)
        with pytest.raises(RuleError, match="The title can be at most 200 characters; this one has 201"):
            update_info(store, title="T" * 201)
        with pytest.raises(RuleError, match="The question can be at most 1,000 characters"):
            update_info(store, question="Q" * 1001)
        assert store.info().title == "T" * 200
        (person,) = add_participants(store, "Ann").value
        with pytest.raises(RuleError, match="A role can be at most 200 characters"):
            update_participant(store, person, role="R" * 201)
    finally:
        store.close()


def test_the_page_header_fits_a_huge_title_with_a_few_measurements(monkeypatch) -> None:
    from reportlab.pdfbase import pdfmetrics

    from facilitator.export import minutes_pdf
    from facilitator.export.fonts import register_fonts

    regular, _bold = register_fonts()
    calls = []
    real = pdfmetrics.stringWidth

    def counting(text, font, size, *args):
        calls.append(len(text))
        return real(text, font, size, *args)

    monkeypatch.setattr(pdfmetrics, "stringWidth", counting)
    minutes_pdf._fit.cache_clear()
    title = "Winter debrief and rota review " * 40_000  # 1.2 million characters
    fitted = minutes_pdf._fit(title, regular, 8, 400)
    assert fitted.endswith("…") and len(fitted) < 400
    assert real(fitted, regular, 8) <= 400
    assert len(calls) <= 16  # a binary search over a bounded prefix, not one measure per character
    assert max(calls) <= 5_000
    calls.clear()
    minutes_pdf._fit(title, regular, 8, 400)  # every later page: remembered
    assert calls == []


def test_an_80k_character_title_exports_in_seconds(demo_path: Path, tmp_path: Path) -> None:
    from pypdf import PdfReader

    title = ("Ward 7 winter debrief " * 4000)[:80_000]
    conn = sqlite3.connect(demo_path)
    conn.execute("UPDATE session SET title = ?", (title,))
    conn.commit()
    conn.close()
    out = tmp_path / "minutes.pdf"
    started = time.monotonic()
    done = _cli(
        "export", str(demo_path), "--pdf", str(out), "--summary", str(tmp_path / "s.pdf"), timeout=240
    )
    took = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    assert took < 120  # was over 400 s; about 5 s on a quiet 2-core machine
    pages = PdfReader(out).pages
    header = pages[1].extract_text().splitlines()
    assert any(line.startswith("Ward 7 winter debrief") and line.rstrip().endswith("…") for line in header)
    text = " ".join(page.extract_text() for page in pages).replace("\n", " ")
    assert "68,000 more characters, in the CSV export" in text


# ---- 4. the lock follows the file ---------------------------------------------------------------


HOLDER = """
import sys, time
from facilitator.store.session_store import SessionStore
store = SessionStore.open(sys.argv[1])
print("in_use" if store.in_use else "holding", flush=True)
sys.stdin.readline()
store.close()
"""


@contextlib.contextmanager
def _held_by_another_process(path: Path) -> Iterator[subprocess.Popen]:
    child = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert child.stdout.readline().strip() == "holding"
        yield child
    finally:
        child.stdin.close()
        child.wait(30)
        child.stdout.close()


def test_a_hard_link_finds_the_same_lock_in_the_window_and_the_cli(
    make_window, demo_path: Path, tmp_path: Path
) -> None:
    link = tmp_path / "other-name.roundtable"
    os.link(demo_path, link)
    window = make_window()
    assert window.open_session(demo_path)
    assert not window.model.read_only

    second = SessionStore.open(link)
    try:
        assert second.in_use and second.read_only
    finally:
        second.close()

    csv_file = tmp_path / "ideas.csv"
    csv_file.write_text("text\nFrom the command line\n", encoding="utf-8")
    before = fingerprint(demo_path)
    line = _one_line_error(_cli("import", str(link), "--csv", str(csv_file)))
    assert "is open in Facilitator" in line and "nothing was imported" in line
    assert fingerprint(demo_path) == before

    # The window's undo and redo keep working: nobody wrote behind its back.
    assert window.model.run("Add", add_idea, "Written in the window") is not None
    assert window.model.undo() and window.model.redo()
    window.close_session()
    done = _cli("import", str(link), "--csv", str(csv_file))
    assert done.returncode == 0, done.stderr


def test_a_second_process_holding_the_file_makes_the_window_read_only(
    make_window, demo_path: Path, tmp_path: Path
) -> None:
    with _held_by_another_process(demo_path):
        window = make_window()
        assert window.open_session(demo_path)
        assert window.model.read_only
        assert "already open in another Facilitator window" in window.workspace.messages.text()
        window.close_session()
    # The holder has gone (its lock went with it): the file opens for writing again.
    store = SessionStore.open(demo_path)
    try:
        assert not store.read_only
    finally:
        store.close()


def test_the_phones_room_respects_the_lock(demo_path: Path) -> None:
    with _held_by_another_process(demo_path):
        line = _one_line_error(_cli("room", str(demo_path)))
        assert "is open in Facilitator elsewhere" in line


def test_a_killed_holder_leaves_no_stale_lock(demo_path: Path) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(demo_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert child.stdout.readline().strip() == "holding"
        assert SessionStore.open(demo_path, read_only=False).read_only  # held
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(30)
        child.stdin.close()
        child.stdout.close()
    store = SessionStore.open(demo_path)
    try:
        assert not store.read_only
    finally:
        store.close()


# ---- 5. moved, deleted or replaced while open -----------------------------------------------------


@pytest.mark.parametrize("how", ["moved", "deleted", "replaced"])
def test_a_file_moved_deleted_or_replaced_while_open_says_so(
    how: str, make_window, demo_path: Path, tmp_path: Path
) -> None:
    window = make_window()
    assert window.open_session(demo_path)
    ideas = window.model.store.count("idea")
    if how == "moved":
        demo_path.rename(tmp_path / "elsewhere.roundtable")
    elif how == "deleted":
        demo_path.unlink()
    else:
        other = tmp_path / "other.roundtable"
        other.write_bytes(demo_path.read_bytes())
        os.replace(other, demo_path)
    assert window.model.run("Add", add_idea, "Said after the move") is None
    shown = window.workspace.messages.text()
    assert "was moved or deleted" in shown
    assert "read-only" not in shown and "Everything before it is safe" not in shown
    assert window.workspace.messages.action_button.text().startswith("Save as")
    target = tmp_path / "rescued.roundtable"
    assert window.save_session_as(target)
    assert window.model.run("Add", add_idea, "Said after Save as") is not None
    window.close_session()
    store = SessionStore.open(target, read_only=True)
    try:
        assert store.count("idea") == ideas + 1
    finally:
        store.close()


# ---- 6. full disk: a real small tmpfs ------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 256 KiB tmpfs, mounted for this test; skipped where mounting is not allowed."""
    yield from _tmpfs(tmp_path / "small", "256k")


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 12 KiB tmpfs: too small even for a new, empty session file."""
    yield from _tmpfs(tmp_path / "tiny", "12k")


def _tmpfs(mount: Path, size: str) -> Iterator[Path]:
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount)], capture_output=True, text=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here (needs root or CAP_SYS_ADMIN): {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _big_csv(path: Path, rows: int, width: int = 200) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write("text,theme\n")
        for n in range(rows):
            out.write(f"Idea {n} {'about the rota ' * (width // 15)},Theme {n % 5}\n")


def test_full_disk_during_import_of_a_new_file(small_disk: Path, tmp_path: Path) -> None:
    source = tmp_path / "ideas.csv"
    _big_csv(source, 3000)  # about 600 KB of text: more than the disk holds
    target = small_disk / "NEW.roundtable"
    line = _one_line_error(_cli("import", str(target), "--csv", str(source), timeout=120))
    assert "the disk is full" in line and "nothing was imported" in line
    assert _listing(small_disk) == []


def test_full_disk_while_import_creates_the_new_file(tiny_disk: Path, tmp_path: Path) -> None:
    source = tmp_path / "ideas.csv"
    _big_csv(source, 10)
    line = _one_line_error(_cli("import", str(tiny_disk / "NEW.roundtable"), "--csv", str(source)))
    assert "the disk is full, so it was not created" in line
    assert _listing(tiny_disk) == []


def test_full_disk_during_import_into_an_existing_file(small_disk: Path, tmp_path: Path) -> None:
    target = small_disk / "s.roundtable"
    SessionStore.create(target).close()
    before = fingerprint(target)
    source = tmp_path / "ideas.csv"
    _big_csv(source, 3000)
    line = _one_line_error(_cli("import", str(target), "--csv", str(source), timeout=120))
    assert "the disk is full" in line
    assert fingerprint(target) == before
    assert _listing(small_disk) == ["s.roundtable"]


def test_the_window_new_session_on_a_full_disk(make_window, small_disk: Path) -> None:
    filler = small_disk / "filler"
    with contextlib.suppress(OSError), filler.open("wb") as out:
        while True:
            out.write(b"\0" * 4096)
            out.flush()
    window = make_window()
    window.close_session()
    assert window.new_session(small_disk / "fresh.roundtable") is False
    shown = window.start.messages.text()
    assert "fresh.roundtable" in shown and "disk is full" in shown
    assert _listing(small_disk) == ["filler"]


def test_full_disk_during_import_simulated_by_max_page_count(demo_path: Path, tmp_path: Path) -> None:
    """The same promise where no tmpfs can be mounted: SQLite's page limit stands in for the disk."""
    source = tmp_path / "ideas.csv"
    _big_csv(source, 2000)
    store = SessionStore.open(demo_path)
    try:
        before = store.snapshot()
        pages = store.db.conn.execute("PRAGMA page_count").fetchone()[0]
        store.db.conn.execute(f"PRAGMA max_page_count={pages + 2}")
        with pytest.raises(errors.DiskFull):
            import_csv_file(store, source)
        assert store.snapshot() == before
    finally:
        store.close()


# ---- 7. a killed export leaves a file a person can recognise, cleaned next time -------------------

KILLED_EXPORT = """
import os, sys, time
os.fsync = lambda fd: (print("writing", flush=True), time.sleep(600))
from facilitator.export.files import write_bytes_atomically
write_bytes_atomically(sys.argv[1], b"%PDF-1.4 unfinished")
"""


def test_a_killed_export_leaves_a_named_temp_file_that_the_next_export_removes(
    demo_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "exports"
    out.mkdir()
    target = out / "minutes.pdf"
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED_EXPORT, str(target)], stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    try:
        assert child.stdout.readline().strip() == "writing"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(30)
        child.stdout.close()
    (leftover,) = _listing(out)
    assert leftover.startswith("minutes.pdf.unfinished-facilitator-export-") and leftover.endswith(".tmp")
    assert not leftover.startswith(".")  # visible, and its name says what it is
    someone_elses = out / "minutes.pdf.tmp"
    someone_elses.write_bytes(b"not ours")
    done = _cli("export", str(demo_path), "--csv", str(out / "ideas.csv"))
    assert done.returncode == 0, done.stderr
    assert _listing(out) == ["ideas.csv", "minutes.pdf.tmp"]


# ---- 8. CSV: strict decoding, long cells, one transaction, linear ----------------------------------


def test_a_utf8_csv_with_one_bad_byte_is_refused_with_its_line(tmp_path: Path) -> None:
    source = tmp_path / "mixed.csv"
    source.write_bytes("text\ncafé one\ncafé two\n".encode() + b"caf\xe9 three\ncaf\xc3\xa9 four\n")
    with pytest.raises(CsvError, match=r"Line 4 is not valid UTF-8 \(byte 0xE9\)"):
        read_csv_file(source)
    line = _one_line_error(_cli("import", str(tmp_path / "s.roundtable"), "--csv", str(source)))
    assert "Line 4 is not valid UTF-8" in line
    assert not (tmp_path / "s.roundtable").exists()


def test_a_windows_1252_csv_and_a_utf16_csv_still_import(tmp_path: Path) -> None:
    cp = tmp_path / "excel.csv"
    cp.write_bytes("text\ncafé “quoted” – dash\n".encode("cp1252"))
    assert [r.text for r in read_csv_file(cp)] == ["café “quoted” – dash"]
    utf16 = tmp_path / "utf16.csv"
    utf16.write_bytes("text\ncafé 🙂\n".encode("utf-16"))
    assert [r.text for r in read_csv_file(utf16)] == ["café 🙂"]
    good = tmp_path / "good.csv"
    good.write_bytes("text\ncafé\n".encode())
    assert [r.text for r in read_csv_file(good)] == ["café"]


def test_a_megabyte_cell_is_named_as_too_long(tmp_path: Path) -> None:
    source = tmp_path / "long.csv"
    source.write_text('text\nshort one\n"' + "x" * 1_000_000 + '"\nafter\n', encoding="utf-8")
    with pytest.raises(CsvError, match=r"Line 3: a cell is longer than 100,000 characters"):
        read_csv_file(source)


def _csv_rows(path: Path, rows: int, bad_at: int | None = None) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write("text,theme\n")
        for n in range(rows):
            text = "" if n == bad_at else f"Idea {n}: more cover on the café rota at handover"
            out.write(f"{text},Theme {n % 9}\n")


def test_a_20000_row_csv_imports_in_one_transaction_all_or_nothing(tmp_path: Path) -> None:
    source = tmp_path / "big.csv"
    _csv_rows(source, 20_000)
    path = tmp_path / "s.roundtable"
    store = SessionStore.create(path)
    try:
        started = time.monotonic()
        with store.measure_work() as work:
            result = import_csv_file(store, source)
        took = time.monotonic() - started
        assert len(result.value.idea_ids) == 20_000
        assert work.commits == 1
        assert sum(1 for row in result.delta.rows if row.table == "idea") == 20_000
        assert store.count("idea") == 20_000
        assert took < 60  # was about 100 s; well under a second on a quiet 2-core machine
        store.undo(result.delta)  # one step takes it all back
        assert store.count("idea") == 0
    finally:
        store.close()

    bad = tmp_path / "bad.csv"
    _csv_rows(bad, 20_000, bad_at=19_998)
    before = fingerprint(path)
    line = _one_line_error(_cli("import", str(path), "--csv", str(bad), timeout=120))
    assert "Line 20000 has no text" in line
    assert fingerprint(path) == before


def test_import_work_grows_linearly(tmp_path: Path) -> None:
    """SQLite VM steps and statements, not wall-clock: a busy machine does not change them."""
    measured = {}
    for rows in (10_000, 20_000):
        source = tmp_path / f"{rows}.csv"
        _csv_rows(source, rows)
        store = SessionStore.create(tmp_path / f"{rows}.roundtable")
        try:
            with store.measure_work() as work:
                import_csv_file(store, source)
        finally:
            store.close()
        measured[rows] = work
    assert measured[20_000].steps / measured[10_000].steps < 2.5
    assert measured[20_000].statements / measured[10_000].statements < 2.5


# ---- 9. names from outside are printed escaped ------------------------------------------------------


def test_a_file_name_with_a_newline_and_a_bidi_override_prints_on_one_escaped_line(tmp_path: Path) -> None:
    name = "evil\nname\u202egnp.roundtable"
    path = tmp_path / name
    path.write_bytes(b"")
    line = _one_line_error(_cli("check", str(path)))
    assert "\u202e" not in line
    assert "'evil\\nname\\u202egnp.roundtable': the file is empty" in line


def test_the_window_title_escapes_a_bidi_override_in_the_file_name(make_window, demo_path: Path) -> None:
    tricky = demo_path.with_name("minutes\u202eelif.roundtable")
    demo_path.rename(tricky)
    window = make_window()
    assert window.open_session(tricky)
    assert "\u202e" not in window.windowTitle()
    assert window.windowTitle().startswith("'minutes\\u202eelif.roundtable'")
