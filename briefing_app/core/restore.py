"""Restoring a backup: keep what is there now, then put the backup's content in place.

A sound current file is backed up and the backup is written into it through SQLite's
backup API (one committed change that other processes see consistently); a damaged,
empty or foreign file is preserved byte for byte under `<name>-backups/damaged/` and
replaced atomically by a verified copy. Called through backup.restore_backup.
"""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

from briefing_app.core.atomic_file import fsync_dir
from briefing_app.core.backup import (
    BUSY_TIMEOUT_S,
    BackupInfo,
    RestoreResult,
    backups_dir,
    copy_verified,
    make_backup,
    name_stamp,
    prune_backups,
    read_only_uri,
    sqlite_message,
    verify_backup,
)
from briefing_app.core.errors import DatabaseError


def restore(db_path: Path, backup: Path | BackupInfo) -> RestoreResult:
    """Replace the database's content with a backup, keeping the current file first."""
    from briefing_app.core.file_check import DatabaseFileError, check_file
    from briefing_app.core.schema_version import HEAD_REVISION

    db_path = Path(db_path).expanduser().resolve()
    info = backup if isinstance(backup, BackupInfo) else BackupInfo.of(backup)
    revision = verify_backup(info.path)
    healthy = False
    if db_path.exists() and not db_path.is_dir():
        try:
            check_file(db_path)
            healthy = True
        except DatabaseFileError as exc:
            if exc.kind in ("busy", "read-only", "unreadable"):
                raise DatabaseError(f"cannot restore over {db_path}: {exc.problem}") from None
    if healthy:  # pruning waits until the chosen backup is in place
        _refuse_mixed(info.path, db_path)
        kept: Path | None = make_backup(db_path, "before-restore", retention=None)
        _restore_into_live(info.path, db_path)
    else:
        kept = _preserve_damaged(db_path) if db_path.exists() else None
        _replace_file(info.path, db_path)
    prune_backups(db_path)
    if revision != HEAD_REVISION:
        from briefing_app.core.database import open_database

        open_database(db_path).close()  # upgrades the restored content
    return RestoreResult(db_path, info, kept, not healthy and kept is not None)


def _refuse_mixed(source: Path, db_path: Path) -> None:
    """The backup API cannot copy between a plain and an encrypted file (or two keys)."""
    from briefing_app.core import cipher

    if cipher.key_for(source) != cipher.key_for(db_path):
        raise DatabaseError(f"cannot restore {source.name} into {db_path}: one of them is "
                            "encrypted and the other is not (or they have different "
                            "passphrases); restore it into a new file with `briefing-app "
                            "--db NEW.sqlite restore BACKUP`")


def _restore_into_live(source: Path, db_path: Path) -> None:
    """Write the backup into the live file through SQLite, so processes that have it
    open see one committed change (never a file swapped under them). The write goes
    through the log, so the session is recorded first: a restore killed half-way leaves
    a log that is ours (core/wal_guard.py)."""
    from briefing_app.core import cipher
    from briefing_app.core.wal_guard import end_session, mark_session

    marked = mark_session(db_path)
    try:
        src = cipher.connect(read_only_uri(source, immutable=True), uri=True)
        dst = cipher.connect(db_path, timeout=BUSY_TIMEOUT_S)
        try:
            src.backup(dst)
            verdict = dst.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            dst.close()
            src.close()
    except cipher.errors() as exc:
        raise DatabaseError(sqlite_message(f"restoring {db_path}", exc)) from None
    finally:
        if marked:
            end_session(db_path)
    if verdict != "ok":
        raise DatabaseError(f"{db_path} failed its check after the restore: {verdict}")


def _preserve_damaged(db_path: Path) -> Path:
    """Keep a damaged file (and its side files) byte for byte, out of the backup list."""
    from briefing_app.core.file_check import side_files

    folder = backups_dir(db_path) / "damaged"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = name_stamp(datetime.now(UTC))
    kept = folder / f"{db_path.name}-{stamp}"
    try:
        shutil.copy2(db_path, kept)
        for side in side_files(db_path):
            if side.exists():
                shutil.copy2(side, kept.with_name(kept.name + side.name[len(db_path.name):]))
        fsync_dir(folder)
    except OSError as exc:
        raise DatabaseError(f"could not keep a copy of the damaged {db_path} "
                            f"({exc.strerror}); nothing was restored") from None
    return kept


def _replace_file(source: Path, db_path: Path) -> None:
    """Put a verified copy of `source` at `db_path` atomically (file not in use)."""
    from briefing_app.core.file_check import side_files

    db_path.parent.mkdir(parents=True, exist_ok=True)
    staged = db_path.with_name(f".{db_path.name}.restoring")
    copy_verified(read_only_uri(source, immutable=True), staged, f"restoring {db_path}")
    try:
        for side in side_files(db_path):  # they belong to the damaged file (kept above)
            side.unlink(missing_ok=True)
        staged.replace(db_path)
        fsync_dir(db_path.parent)
    except OSError as exc:
        staged.unlink(missing_ok=True)
        raise DatabaseError(f"could not restore {db_path}: {exc.strerror}") from None
