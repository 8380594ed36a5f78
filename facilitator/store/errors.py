"""Problems with a session file that the user can do something about.

Each class carries one plain sentence that says what is wrong and what to do.
Anything else that goes wrong is a bug and is reported as one.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path


class SessionFileError(Exception):
    """A file that cannot be opened as a session. The file is left unchanged."""

    reason = "cannot be opened."

    def __init__(self, path: Path | str, detail: str = "") -> None:
        self.path = Path(path)
        self.detail = " ".join(detail.split())  # always one line
        super().__init__(self.message)

    @property
    def message(self) -> str:
        from facilitator.core.display import quoted_name

        text = f"{quoted_name(self.path.name)}: {self.reason}"
        return f"{text} ({self.detail})" if self.detail else text


class FileMissing(SessionFileError):
    reason = "no such file. Check the name and the folder."


class IsAFolder(SessionFileError):
    reason = "this is a folder, not a session file. Choose a .roundtable file inside it."


class NotAFile(SessionFileError):
    reason = (
        "this is not a regular file (it is a pipe, a device or a socket), so it holds no session. "
        "Choose a .roundtable file."
    )


class EmptyFile(SessionFileError):
    reason = "the file is empty (0 bytes), so it holds no session. It may not have finished copying."


class NotSQLite(SessionFileError):
    reason = "this is not a Facilitator session file (it is not an SQLite database)."


class DamagedHeader(SessionFileError):
    reason = (
        "the start of the file has been overwritten, so it cannot be read. "
        "Open an earlier copy of this session."
    )


class ForeignDatabase(SessionFileError):
    reason = (
        "this is an SQLite database made by another program, not a Facilitator session. It was not changed."
    )


class TruncatedFile(SessionFileError):
    reason = (
        "the file is cut short (truncated), probably by an unfinished copy or download. "
        "Copy it again from its source."
    )


class CorruptFile(SessionFileError):
    reason = (
        "the file is damaged: it failed an integrity check. "
        "It was not changed; open an earlier copy of this session."
    )


class ForeignSchema(SessionFileError):
    reason = (
        "the file holds database parts that Facilitator did not create (another program changed it), "
        "so it was not opened. It was not changed; open an earlier copy of this session."
    )


class NewerVersion(SessionFileError):
    reason = "this session was saved by a newer version of Facilitator. Update the app to open it."


class NoPermission(SessionFileError):
    reason = "you do not have permission to read this file. Ask its owner, or copy it somewhere you can read."


# SQLite's extended code for a database file that was unlinked or renamed while open.
SQLITE_READONLY_DBMOVED = 1032


class WriteError(Exception):
    """A change could not be written. What is already in the file is safe."""

    message = "The change could not be saved."

    def __init__(self, detail: str = "") -> None:
        self.detail = detail
        super().__init__(self.message)


class DiskFull(WriteError):
    message = (
        "The disk is full, so the last change was not saved. Everything before it is safe. "
        "Free some space, or use Save as to put the session on another disk."
    )


class ReadOnly(WriteError):
    message = (
        "The session file is read-only, so the last change was not saved. Everything before it "
        "is safe. Use Save as to keep working on a copy."
    )


class FileBusy(WriteError):
    message = (
        "Another program is writing to the session file, so the last change was not saved. "
        "Close the other copy of Facilitator and try again."
    )


class FileUnavailable(WriteError):
    message = (
        "The session file can no longer be written (the disk or folder may have gone away), "
        "so the last change was not saved. Use Save as to keep working on a copy."
    )


class FileMoved(WriteError):
    message = (
        "The session file was moved or deleted (or another file was put in its place) while it was "
        "open, so the last change was not saved. Use Save as to put this session in a file again, "
        "then make the change again."
    )


def write_error_from(exc: sqlite3.Error) -> WriteError | None:
    """Translate the SQLite errors a user can fix; None means it is a bug."""
    code = getattr(exc, "sqlite_errorcode", None)
    text = str(exc).lower()
    if code == SQLITE_READONLY_DBMOVED:
        return FileMoved(str(exc))
    if code == sqlite3.SQLITE_FULL or "database or disk is full" in text:
        return DiskFull(str(exc))
    if (code is not None and code & 0xFF == sqlite3.SQLITE_READONLY) or "readonly" in text:
        return ReadOnly(str(exc))
    if code is not None and code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return FileBusy(str(exc))
    if code is not None and code & 0xFF in (sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CANTOPEN):
        if "disk" in text and "full" in text:
            return DiskFull(str(exc))
        return FileUnavailable(str(exc))
    return None
