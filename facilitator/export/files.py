"""Writing an export to disk without ever leaving half a file behind."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path


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
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
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
