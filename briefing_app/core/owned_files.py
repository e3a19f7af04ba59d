"""The files the app owns beside a database, and the one check every writer runs.

Why: `export --out` naming the open database (or its `-wal`, or a file in its backups
folder) used to write the PDF over it. Every file the app writes for the user (packs,
bundles, calendars) goes through `refuse_owned_target` first, which compares the
target with the database, its side files and its backups folder after following
symlinks and making relative paths absolute, and — for a target that exists —
by device and inode, so a hard link to the database is caught too.
"""

from __future__ import annotations

import os
from pathlib import Path

from briefing_app.core.errors import ValidationError

SIDE_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("-wal", "write-ahead log"),
    ("-shm", "shared-memory file"),
    ("-journal", "rollback journal"),
    ("-session", "session record"),
)


def _real(path: Path) -> Path:
    """Absolute, with every symlink followed (also for a path that does not exist yet)."""
    return Path(os.path.realpath(os.path.abspath(os.path.expanduser(path))))


def backups_folder(db_path: Path) -> Path:
    """Where the backups of `db_path` live (as core.backup.backups_dir, without importing it)."""
    return db_path.parent / f"{db_path.stem}-backups"


def owned_files(db_path: Path) -> list[tuple[Path, str]]:
    """The database file and its side files, each with what it is called in a message."""
    db_path = Path(db_path)
    return [(db_path, "the open database")] + [
        (db_path.with_name(db_path.name + suffix), f"the database's {what}")
        for suffix, what in SIDE_SUFFIXES]


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def owner_of(target: Path | str, db_path: Path | str) -> str | None:
    """What `target` is among the files the app owns for `db_path` (None: none of them)."""
    real = _real(Path(target))
    db_real = _real(Path(db_path))
    target_id = _identity(real)
    for path, what in owned_files(db_real):
        if real == path or os.path.normcase(real) == os.path.normcase(path):
            return what
        if target_id is not None and target_id == _identity(path):
            return what + " (through a hard link)"
    folder = backups_folder(db_real)
    if real == folder or real.is_relative_to(folder):
        return f"in the database's backups folder {folder}"
    if target_id is not None and target_id in _backup_identities(folder):
        return f"a hard link to a file in the database's backups folder {folder}"
    return None


def _backup_identities(folder: Path) -> set[tuple[int, int]]:
    """Device and inode of every file in the backups folder (a few dozen at most)."""
    found: set[tuple[int, int]] = set()
    for sub in (folder, folder / "held", folder / "damaged"):
        try:
            entries = list(os.scandir(sub))
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.is_file(follow_symlinks=False):
                    st = entry.stat(follow_symlinks=False)
                    found.add((st.st_dev, st.st_ino))
            except OSError:
                continue
    return found


def refuse_owned_target(target: Path | str, databases: Path | str | None | tuple = None) -> None:
    """Raise ValidationError if writing `target` would overwrite a file the app owns.

    `databases` is the database path (or several) whose files are protected; None
    protects nothing (a writer that has no database behind it)."""
    if databases is None:
        return
    paths = databases if isinstance(databases, tuple) else (databases,)
    for db_path in paths:
        if db_path is None:
            continue
        what = owner_of(target, db_path)
        if what is not None:
            where = f"is {what}" if what.startswith("in ") else f"is {what} ({_real(Path(db_path))})"
            raise ValidationError(
                "out", f"{target} {where}; choose another file name — nothing was written")
