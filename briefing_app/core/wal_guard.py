"""A write-ahead log the app did not leave behind is never applied without asking.

Why: SQLite applies whatever `-wal` file lies beside a database, and cannot tell a
stranger's: a `-wal` copied from another copy of the same database made rows vanish
and titles change, silently, under a read-only command. The app can tell. When the
last connection closes, SQLite folds the log into the file and deletes it, so a log
with data is only ever there while a session is open — or after one was killed.

So every session that may write marks the file: `<name>-session` beside it (written
before the first writable connection, removed on close once the log is gone). A log
with data and no such record is a stray: before SQLite sees it, the file, its `-wal`
and `-shm` are copied byte for byte to `<name>-backups/held/`, and the open is refused
(`DatabaseFileError` kind "stray-wal"); the user then applies it (`apply_wal`) or
sets it aside (`set_aside_wal`). A log left by a crash has its record, so recovery
runs as before. Limits (docs/data-safety.md): a record lost in a power cut makes the
app ask about its own log (nothing is lost: it is held and can be applied); a record
left by a crash stays until the next session on that file closes cleanly.
"""

from __future__ import annotations

import os
import shutil
import socket
from datetime import UTC, datetime
from pathlib import Path


def session_record(db_path: Path) -> Path:
    """The file that says a Briefing App session has (or had) the database open."""
    return db_path.with_name(db_path.name + "-session")


def _wal(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + "-wal")


def wal_has_data(db_path: Path) -> bool:
    """True when a `-wal` with frames lies beside the file."""
    try:
        return _wal(db_path).stat().st_size > 0
    except OSError:
        return False


def is_stray(db_path: Path) -> bool:
    """A log with data that no Briefing App session recorded (one stat when there is no
    log, which is the usual case: cheap enough for every open)."""
    return wal_has_data(db_path) and not session_record(db_path).exists()


def mark_session(db_path: Path) -> bool:
    """Record that this process may write the file; False if it cannot be recorded
    (a read-only folder: then nothing is written there either)."""
    record = session_record(db_path)
    text = (f"Briefing App session: pid {os.getpid()} on {socket.gethostname()}, "
            f"since {datetime.now(UTC):%Y-%m-%d %H:%M:%S} UTC\n")
    try:
        record.write_text(text, encoding="utf-8")
    except OSError:
        return False
    return True


def end_session(db_path: Path) -> None:
    """After the last connection closed: the log is folded in and gone, so the record
    is no longer needed. While another process keeps the log, the record stays."""
    if _wal(db_path).exists():
        return
    try:
        session_record(db_path).unlink(missing_ok=True)
    except OSError:
        pass


def hold_pair(db_path: Path) -> Path:
    """Copy the file with its `-wal` and `-shm` byte for byte under `<name>-backups/held/`
    (outside the backup list); return the copy of the database. Raises OSError."""
    from briefing_app.core.owned_files import backups_folder

    folder = backups_folder(db_path) / "held"
    folder.mkdir(parents=True, exist_ok=True)
    kept = folder / f"{db_path.name}-{datetime.now(UTC):%Y%m%dT%H%M%S%fZ}"
    shutil.copy2(db_path, kept)
    for suffix in ("-wal", "-shm"):
        side = db_path.with_name(db_path.name + suffix)
        if side.exists():
            shutil.copy2(side, kept.with_name(kept.name + suffix))
    return kept


def held_copies(db_path: Path) -> list[Path]:
    """The pairs held so far, newest first."""
    from briefing_app.core.owned_files import backups_folder

    folder = backups_folder(db_path) / "held"
    if not folder.is_dir():
        return []
    return sorted((p for p in folder.iterdir() if p.name.startswith(db_path.name)
                   and not p.name.endswith(("-wal", "-shm"))), reverse=True)


def apply_wal(db_path: Path) -> None:
    """The user accepts the log: record it as this app's, so the next open applies it
    (the pair stays held as it was found)."""
    db_path = Path(db_path).expanduser().resolve()
    if not wal_has_data(db_path):
        from briefing_app.core.errors import DatabaseError

        raise DatabaseError(f"{db_path} has no journal (-wal) with data to apply")
    if not mark_session(db_path):
        from briefing_app.core.errors import DatabaseError

        raise DatabaseError(f"cannot record the decision beside {db_path} (read-only folder?); "
                            "copy the file with its -wal to a writable folder first")


def set_aside_wal(db_path: Path) -> Path:
    """The user declines the log: keep the pair held, then remove `-wal` and `-shm` so the
    file opens as it is. Returns the held copy."""
    from briefing_app.core.errors import DatabaseError

    db_path = Path(db_path).expanduser().resolve()
    if not _wal(db_path).exists():
        raise DatabaseError(f"{db_path} has no journal (-wal) to set aside")
    try:
        kept = hold_pair(db_path)
        for suffix in ("-wal", "-shm"):
            db_path.with_name(db_path.name + suffix).unlink(missing_ok=True)
    except OSError as exc:
        raise DatabaseError(f"could not set the journal of {db_path} aside: "
                            f"{exc.strerror or exc}") from None
    return kept


def stray_problem(db_path: Path) -> tuple[str, str]:
    """Hold the pair and say what was found: (problem, advice) for the refusal."""
    problem = (f"{db_path} has a journal (-wal file) with changes that Briefing App did not "
               "leave behind — it always folds them into the file when it closes, and no "
               "session of it had the file open; it may come from another copy of this "
               "database. Nothing was applied")
    try:
        kept = hold_pair(db_path)
        problem += f"; the file and its journal were copied to {kept.parent}"
    except OSError as exc:
        problem += f" (no copy could be kept: {exc.strerror or exc})"
    advice = (f". To apply the journal: `briefing-app --db {db_path} journal apply` (or "
              "Apply in the window); to open the file without it: `briefing-app --db "
              f"{db_path} journal set-aside`")
    if not os.access(db_path.parent, os.W_OK):
        advice = (". The folder is read-only: copy the file together with its -wal file to a "
                  "writable folder, then decide there with `briefing-app --db COPY journal "
                  "apply` or `journal set-aside`")
    return problem, advice
