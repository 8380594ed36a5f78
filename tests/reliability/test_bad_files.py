"""Files the app cannot read: each gets its own clear message, never a traceback, and stays unchanged.

Every case of the shared corpus (`tests/badfiles.py`) goes through the command
line as a user runs it (a real process) and through the GUI's open. Then a
seeded fuzzer damages the demo file a few hundred ways (flipped bits, cut
short, pages zeroed or scrambled) and checks the same promise in-process.
"""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest

from facilitator import cli
from facilitator.store import errors
from facilitator.store.session_store import SessionStore
from facilitator.ui.shell.main_window import MainWindow
from tests.badfiles import BAD_FILES, fingerprint

FUZZ_CASES = 240
GUI_FUZZ_EVERY = 3  # every third fuzzed file is also opened in the GUI


@pytest.fixture
def window(make_window):
    return make_window()


def _check_subprocess(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "facilitator", "check", str(path)], capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_file_through_cli_and_gui(case: str, window: MainWindow, demo_path: Path, tmp_path: Path) -> None:
    make, expected = BAD_FILES[case]
    target = tmp_path / f"{case}.roundtable"
    make(demo_path, target)
    before = fingerprint(target)

    done = _check_subprocess(target)
    assert done.returncode == 1
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert lines[0] == f"facilitator: {target.name}: {expected.reason}" or lines[0].startswith(
        f"facilitator: {target.name}: {expected.reason} ("
    )
    assert fingerprint(target) == before

    assert window.open_session(target) is False
    assert window.pages.currentWidget() is window.start
    assert window.model is None
    shown = window.start.messages.text()
    assert expected.reason in shown and target.name in shown
    assert "Traceback" not in shown
    assert fingerprint(target) == before
    assert not any(p.name.endswith(("-journal", "-wal", "-shm")) for p in tmp_path.iterdir())


def test_every_bad_file_case_has_a_distinct_message() -> None:
    """Different problems say different things; the corpus covers every kind of refusal."""
    kinds = {cls for _, cls in BAD_FILES.values()}
    assert kinds >= {
        errors.TruncatedFile,
        errors.NotSQLite,
        errors.DamagedHeader,
        errors.ForeignDatabase,
        errors.NewerVersion,
        errors.EmptyFile,
        errors.IsAFolder,
        errors.NoPermission,
        errors.CorruptFile,
        errors.ForeignSchema,
    }
    assert len({cls.reason for cls in kinds}) == len(kinds)


def test_app_keeps_working_after_refusing_every_bad_file(
    window: MainWindow, demo_path: Path, tmp_path: Path
) -> None:
    for case, (make, _) in sorted(BAD_FILES.items()):
        target = tmp_path / f"{case}.roundtable"
        make(demo_path, target)
        assert not window.open_session(target)
    assert window.open_session(demo_path)
    assert window.workspace.isVisible()
    assert window.model.store.count("idea") > 0


def _damage(data: bytes, rng: random.Random) -> tuple[str, bytes]:
    data = bytearray(data)
    page = int.from_bytes(data[16:18], "big")
    kind = rng.choice(("flip", "flip", "flip", "truncate", "zero-page", "scramble-page", "header-field"))
    if kind == "flip":
        for _ in range(rng.randint(1, 4)):
            data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
    elif kind == "truncate":
        del data[rng.randrange(len(data)) :]
    elif kind == "zero-page":
        n = rng.randrange(len(data) // page)
        data[n * page : (n + 1) * page] = bytes(page)
    elif kind == "scramble-page":
        n = rng.randrange(len(data) // page)
        data[n * page : (n + 1) * page] = rng.randbytes(page)
    else:  # one field of the 100-byte header
        at = rng.randrange(16, 100)
        data[at] = rng.randrange(256)
    return kind, bytes(data)


def test_fuzzed_files_never_crash_and_refused_ones_are_unchanged(
    window: MainWindow, demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rng = random.Random(20261119)
    demo = demo_path.read_bytes()
    outcomes: dict[str, int] = {}
    for n in range(FUZZ_CASES):
        kind, data = _damage(demo, rng)
        target = tmp_path / f"fuzz-{n}-{kind}.roundtable"
        target.write_bytes(data)
        before = fingerprint(target)

        try:
            store = SessionStore.open(target, read_only=True)
        except errors.SessionFileError as exc:
            refused: errors.SessionFileError | None = exc
            outcomes[type(exc).__name__] = outcomes.get(type(exc).__name__, 0) + 1
        else:
            refused = None
            try:
                store.load()  # everything the app reads must be readable
            finally:
                store.close()
            outcomes["opened"] = outcomes.get("opened", 0) + 1

        capsys.readouterr()
        status = cli.main(["check", str(target)])
        _out, err = capsys.readouterr()
        if refused is None:
            assert status == 0, err
        else:
            assert status == 1
            assert err == f"facilitator: {refused.message}\n", (kind, err)
            assert fingerprint(target) == before, kind

        if n % GUI_FUZZ_EVERY == 0:
            opened = window.open_session(target)
            assert opened is (refused is None), (kind, window.start.messages.text())
            if refused is None:
                window.close_session()
            else:
                assert refused.reason in window.start.messages.text()
                assert fingerprint(target) == before, kind
    assert sum(outcomes.values()) == FUZZ_CASES
    # The fuzzer must actually reach both sides of the promise.
    assert outcomes.get("opened", 0) > 10 and outcomes.get("CorruptFile", 0) > 10, outcomes
    print(f"fuzzed files: {outcomes}")


def test_damaged_text_is_shown_not_fatal(demo_path: Path, window: MainWindow) -> None:
    """A damaged byte inside one idea's text (not UTF-8 any more) costs that character, not the session."""
    data = bytearray(demo_path.read_bytes())
    at = data.index(b"Protect a real break")
    data[at + 3] = 0xFF  # "Pro\xffect a real break"
    demo_path.write_bytes(bytes(data))
    before = fingerprint(demo_path)
    assert cli.main(["check", str(demo_path)]) == 0
    store = SessionStore.open(demo_path, read_only=True)
    try:
        texts = [i.text for i in store.load().ideas]
    finally:
        store.close()
    assert any(t.startswith("Pro\ufffdect a real break") for t in texts)
    assert window.open_session(demo_path)
    window.close_session()
    assert fingerprint(demo_path) == before
