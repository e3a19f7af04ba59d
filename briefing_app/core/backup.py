"""Consistent copies of the database, made with SQLite's backup API and verified."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from briefing_app.core.errors import DatabaseError


def backups_dir(db_path: Path) -> Path:
    """Backups live beside the database, in `<name>-backups/`."""
    return db_path.parent / f"{db_path.stem}-backups"


def make_backup(db_path: Path, reason: str) -> Path:
    """Copy the database (consistently, even while open elsewhere) and verify the copy.

    The copy is written under a temporary name and renamed only once
    `integrity_check` says it is sound, so a listed backup is always a good one.
    """
    target_dir = backups_dir(db_path)
    target_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    safe_reason = "".join(c if c.isalnum() or c in "-_" else "-" for c in reason)[:40]
    target = target_dir / f"{db_path.stem}-{stamp}-{safe_reason}.sqlite"
    partial = target.with_suffix(".partial")
    src = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
            verdict = dst.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            dst.close()
    except sqlite3.Error as exc:
        partial.unlink(missing_ok=True)
        raise DatabaseError(f"could not back up {db_path}: {exc}") from None
    finally:
        src.close()
    if verdict != "ok":
        partial.unlink(missing_ok=True)
        raise DatabaseError(f"backup of {db_path} failed its integrity check: {verdict}")
    partial.replace(target)
    return target
