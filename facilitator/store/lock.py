"""One writer per session file, on this computer: a lock that follows the file's identity.

The lock is keyed by the file's device and inode, not by its name, so a hard
link, a symlink or another spelling of the path finds the same lock. It is an
OS lock (`flock`, or `msvcrt.locking` on Windows) on a small file in the local
temp folder, never beside the user's file: the OS drops it when the process
ends, however it ends, so a crash never leaves a stale lock.

Every writer takes it: the window and `facilitator import` (through
`SessionStore.open`). A second writer opens the file read-only (the window) or
refuses (the command line).

It protects one computer only. Two computers opening one file on a network
drive do not see each other's lock; the README says plainly that a session
file must be open in one place at a time.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from pathlib import Path


def identity(path: Path | str) -> tuple[int, int]:
    """The file's device and inode (on Windows: volume serial and file index)."""
    st = os.stat(path)
    return st.st_dev, st.st_ino


def lock_path(ident: tuple[int, int]) -> Path:
    dev, ino = ident
    return Path(tempfile.gettempdir()) / f"facilitator-{dev:x}-{ino:x}.lock"


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


class SessionLock:
    """Held while a session file is open for writing; `release()` (or process exit) frees it."""

    def __init__(self, ident: tuple[int, int], fd: int, where: Path) -> None:
        self.identity = ident
        self._fd: int | None = fd
        self._where = where

    @classmethod
    def acquire(cls, path: Path | str) -> SessionLock | None:
        """The lock for `path`'s file, or None if another writer holds it.

        If the temp folder cannot hold a lock file, writing goes ahead unlocked
        rather than stopping the facilitator.
        """
        ident = identity(path)
        where = lock_path(ident)
        for _attempt in range(5):
            try:
                # Read-only is enough for flock, and lets another user's lock file be used;
                # Windows' byte-range locks need the file open for writing.
                mode = os.O_RDWR if sys.platform == "win32" else os.O_RDONLY
                fd = os.open(where, mode | os.O_CREAT, 0o644)
            except OSError:
                return cls(ident, -1, where)
            if not _try_lock(fd):
                os.close(fd)
                return None
            # The holder deletes the lock file on release; if it did so between our open
            # and our lock, we hold a lock on a deleted file: start again.
            try:
                same = os.path.samestat(os.fstat(fd), os.stat(where))
            except OSError:
                same = False
            if same:
                return cls(ident, fd, where)
            os.close(fd)
        return cls(ident, -1, where)

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None and fd >= 0:
            with contextlib.suppress(OSError):
                os.unlink(self._where)  # still ours: nobody else can hold it now
            with contextlib.suppress(OSError):
                os.close(fd)

    def __del__(self) -> None:
        # A store dropped without close() must not keep its file locked.
        self.release()

    @property
    def held(self) -> bool:
        return self._fd is not None
