"""Writing exports: all or nothing, and an existing file survives a failure."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from facilitator.export.files import write_bytes_atomically


def test_writes_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "out.pdf"
    write_bytes_atomically(target, b"first")
    write_bytes_atomically(target, b"second")
    assert target.read_bytes() == b"second"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.pdf"]
    assert target.stat().st_mode & 0o044  # readable by colleagues, not mkstemp's 0600


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="folder does not exist"):
        write_bytes_atomically(tmp_path / "nope" / "out.pdf", b"x")


def test_a_folder_is_not_overwritten(tmp_path: Path) -> None:
    with pytest.raises(IsADirectoryError, match="this is a folder"):
        write_bytes_atomically(tmp_path, b"x")


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_read_only_folder_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_bytes(b"old")
    tmp_path.chmod(0o555)
    try:
        with pytest.raises(PermissionError, match="no permission"):
            write_bytes_atomically(target, b"new")
    finally:
        tmp_path.chmod(0o755)
    assert target.read_bytes() == b"old"


def test_failure_mid_write_leaves_the_old_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A disk that fills up half-way: the old export stays whole, no temp file is left."""
    target = tmp_path / "out.csv"
    target.write_bytes(b"old")
    real_fdopen = os.fdopen

    def disk_full(*_args):
        raise OSError(28, "No space left on device")

    def fdopen_then_fill_up(fd, *args, **kwargs):
        handle = real_fdopen(fd, *args, **kwargs)
        handle.write = disk_full
        return handle

    monkeypatch.setattr(os, "fdopen", fdopen_then_fill_up)
    with pytest.raises(OSError, match="disk is full"):
        write_bytes_atomically(target, b"new")
    monkeypatch.undo()
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]
