"""Writing an export to disk without ever leaving half a file behind."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import tempfile
import time
from pathlib import Path

# An export is written to "minutes.pdf.unfinished-facilitator-export-PID-XXXX.tmp" beside
# the target, then renamed over it. The name tells a person what the file is if a killed
# export leaves one behind; the next export to that folder removes such leftovers.
TEMP_MARK = ".unfinished-facilitator-export-"
_TEMP_NAME = re.compile(re.escape(TEMP_MARK) + r"(\d+)-[A-Za-z0-9_]+\.tmp\Z")
# A leftover whose process cannot be asked (another computer, Windows) is removed once
# it is this old: no export takes that long.
STALE_AFTER_SECONDS = 3600


def _process_alive(pid: int) -> bool | None:
    """True/False for a process on this computer; None where that cannot be told."""
    if os.name != "posix":
        return None
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, under another user
    return True


def remove_stale_temp_files(folder: Path) -> list[Path]:
    """Delete our own unfinished-export files in `folder` whose export is no longer running."""
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        match = _TEMP_NAME.search(entry.name)
        if match is None or not entry.is_file(follow_symlinks=False):
            continue
        alive = _process_alive(int(match.group(1)))
        try:
            old = now - entry.stat(follow_symlinks=False).st_mtime > STALE_AFTER_SECONDS
        except OSError:
            continue
        if alive is False or (old and int(match.group(1)) != os.getpid()):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


def write_bytes_atomically(path: Path | str, data: bytes) -> Path:
    """Write `data` to `path` in one step: a temporary file in the same folder,
    flushed to disk, then renamed over the target. If anything fails, an existing
    file at `path` is left exactly as it was and no temporary file remains."""
    path = Path(path)
    folder = path.parent
    if path.is_dir():
        raise IsADirectoryError(errno.EISDIR, "this is a folder; give a file name to write", str(path))
    if not folder.is_dir():
        raise FileNotFoundError(errno.ENOENT, "the folder does not exist", str(folder))
    remove_stale_temp_files(folder)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f"{path.name}{TEMP_MARK}{os.getpid()}-", suffix=".tmp", dir=folder)
    except PermissionError as exc:
        raise PermissionError(errno.EACCES, "no permission to write in this folder", str(folder)) from exc
    try:
        with os.fdopen(fd, "wb") as out:
            # mkstemp's 0600 would hide the export from colleagues; use the usual mode.
            umask = os.umask(0)
            os.umask(umask)
            os.fchmod(out.fileno(), 0o666 & ~umask)
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
            raise OSError(errno.ENOSPC, "the disk is full; nothing was written", str(path)) from exc
        if isinstance(exc, PermissionError):
            raise PermissionError(errno.EACCES, "no permission to write this file", str(path)) from exc
        raise
    return path
