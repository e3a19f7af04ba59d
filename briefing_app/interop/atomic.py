"""Writing an exchange file so that a crash never leaves half of it under its name."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from briefing_app.core.errors import BriefingError


def write_atomically(path: Path | str, data: bytes) -> Path:
    """Write `data` to `path` all at once: a temp file in the same folder, fsync, rename.

    The reader sees the old file or the new one, never a torn one; on any failure the
    temp file is removed and the old file (if any) is untouched.
    """
    target = Path(path).expanduser()
    if target.is_dir():
        raise BriefingError(f"{target} is a folder; give a file name")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise BriefingError(f"the folder {folder} does not exist")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=folder)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, target.stat().st_mode & 0o777 if target.exists() else 0o644)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(folder)
    return target


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (POSIX); harmless where unsupported."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
