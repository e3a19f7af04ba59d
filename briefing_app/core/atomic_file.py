"""Writing files so that a crash never leaves half of one under its name.

Used for every file the app writes for the user (bundles, calendars, briefing packs):
each is staged as a hidden temporary file in the target's folder, flushed to disk, and
only then renamed over the target — the reader sees the old file or the new one.
`fsync_dir` makes such a rename durable; backups, restores and encryption use it for
the renames they do themselves. In core (no Qt, no interop) so that interop, pdf and the
database's own file handling share one implementation.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from briefing_app.core.errors import BriefingError
from briefing_app.core.owned_files import refuse_owned_target


def check_target(path: Path | str, database: Path | None = None) -> Path:
    """The target as a Path, refused clearly if it is a folder, its folder is missing,
    or it is one of the files the app owns for `database` (core.owned_files)."""
    target = Path(path).expanduser()
    refuse_owned_target(target, database)
    if target.is_dir():
        raise BriefingError(f"{target} is a folder; give a file name")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise BriefingError(f"the folder {folder} does not exist")
    return target


def stage(target: Path, data: bytes, mode: int | None = None) -> Path:
    """`data` in a hidden temporary file beside `target`, fsynced; the caller commits it.

    `mode` sets the permissions (default: those of the file it replaces, else 0644)."""
    return stage_chunks(target, (data,), mode)


def stage_chunks(target: Path, chunks: Iterable[bytes], mode: int | None = None) -> Path:
    """As `stage`, written piece by piece as `chunks` yields them, so a large file is
    never held in memory whole."""
    folder = target.parent if str(target.parent) else Path(".")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=folder)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            for chunk in chunks:
                fh.write(chunk)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is None:
            mode = target.stat().st_mode & 0o777 if target.exists() else 0o644
        os.chmod(tmp, mode)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def commit(staged: Sequence[tuple[Path, Path]]) -> None:
    """Rename each staged temporary file over its target, then make the renames durable.
    On failure the temporary files not yet renamed are removed."""
    done = 0
    try:
        for tmp, target in staged:
            os.replace(tmp, target)
            done += 1
    finally:
        for tmp, _target in staged[done:]:
            tmp.unlink(missing_ok=True)
    for folder in {target.parent for _tmp, target in staged}:
        fsync_dir(folder if str(folder) else Path("."))


def write_atomically(path: Path | str, data: bytes, database: Path | None = None) -> Path:
    """Write `data` to `path` all at once (stage, then commit); never over a file the app
    owns for `database` (the database the data came from)."""
    target = check_target(path, database)
    commit([(stage(target, data), target)])
    return target


def fsync_dir(folder: Path) -> None:
    """Make a rename into `folder` durable (POSIX); harmless where a folder cannot be
    opened or synced (Windows), since there the rename is already as durable as it gets."""
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
