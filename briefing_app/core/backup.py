"""Backups of the database: made consistently, verified, rotated, listed and restored.

What the GUI (File menu) and other modules call:

- `make_backup(db_path, reason)` -> Path: one verified copy now. Use reason "manual"
  for File ▸ Back Up Now (kept until the user deletes it), "before-import" before an
  import (the interop code does), anything else for automatic ones. Automatic backups
  are pruned by `DEFAULT_RETENTION` right after; raises DatabaseError on failure.
- `BackupScheduler(db_path)`: create one per open database; call `.note_change()` after
  every successful edit (it backs up when 30 minutes have passed since the last backup)
  and `.flush()` when the database is closed (backs up unsaved-to-backup changes).
  Both return the new backup's Path or None; they take some ms (see docs/data-safety.md).
- `list_backups(db_path)` -> [BackupInfo], newest first: `.label` for a menu,
  `.created_at`, `.reason`, `.size`, `.path`.
- `restore_backup(db_path, backup)` -> RestoreResult: verifies the backup, keeps the
  current file as a backup first (or, if it is damaged, preserves it as-is under
  `<name>-backups/damaged/`), then puts the backup's content in place. Works on a file
  that fails to open (`DatabaseFileError.can_restore` / `.backups` offer exactly this);
  a Database open in this process stays usable but must reload its views.

Copies are made with SQLite's backup API (never by copying an open file), written under
a temporary name, checked with `integrity_check`, synced and only then renamed, so a
listed backup is always a sound one. Backups live beside the database in
`<name>-backups/`.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

from briefing_app.core import cipher
from briefing_app.core.atomic_file import fsync_dir
from briefing_app.core.errors import DatabaseError
from briefing_app.core.retention import DEFAULT_RETENTION, RetentionPolicy, to_prune

__all__ = [
    "BUSY_TIMEOUT_S", "DEFAULT_RETENTION", "BackupInfo", "BackupScheduler", "RestoreResult",
    "RetentionPolicy", "backups_dir", "copy_verified", "discard_on_failure", "list_backups",
    "make_backup", "name_stamp", "prune_backups", "read_only_uri", "restore_backup",
    "sqlite_message", "verify_backup",
]

_STAMP = "%Y%m%dT%H%M%S%fZ"
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}T\d{12}Z)-(?P<reason>[A-Za-z0-9_-]*)\.sqlite$")
BUSY_TIMEOUT_S = 10.0  # how long a copy or restore waits for another process's write


@dataclass(frozen=True)
class BackupInfo:
    """One verified backup file (its time and reason are in its name)."""

    path: Path
    created_at: datetime
    reason: str
    size: int

    @property
    def pinned(self) -> bool:
        """Manual backups are never removed by the retention rule."""
        return self.reason.startswith("manual")

    @property
    def label(self) -> str:
        local = self.created_at.astimezone()
        return f"{local:%Y-%m-%d %H:%M:%S}, {self.reason}, {_size(self.size)}"

    @classmethod
    def of(cls, path: Path) -> BackupInfo:
        """Any file offered as a backup: time and reason from its name when it is one of
        ours, else its modification time and "external file" (restore takes both)."""
        path = Path(path)
        m = _NAME.match(path.name)
        created = (datetime.strptime(m["stamp"], _STAMP).replace(tzinfo=UTC) if m else
                   datetime.fromtimestamp(path.stat().st_mtime, UTC))
        return cls(path, created, m["reason"] if m else "external file", path.stat().st_size)

    def revision(self) -> str | None:
        """The schema revision stored in the backup (None if it has none)."""
        return _read_revision(self.path)

    def revision_known(self) -> bool:
        from briefing_app.core.schema_version import KNOWN_REVISIONS

        try:
            return self.revision() in KNOWN_REVISIONS
        except cipher.errors():
            return False


@dataclass(frozen=True)
class RestoreResult:
    """What a restore did: which backup went in, where the previous file was kept."""

    db_path: Path
    restored_from: BackupInfo
    previous_kept_as: Path | None
    previous_was_damaged: bool


def backups_dir(db_path: Path) -> Path:
    """Backups live beside the database, in `<name>-backups/`."""
    return db_path.parent / f"{db_path.stem}-backups"


def name_stamp(moment: datetime) -> str:
    """`moment` as backup names write it, so files kept beside backups sort with them."""
    return moment.strftime(_STAMP)


def _size(n: int) -> str:
    return f"{n / 1_048_576:.1f} MB" if n >= 1_048_576 else f"{max(1, n // 1024)} kB"


def read_only_uri(path: Path, immutable: bool = False) -> str:
    """An SQLite URI that opens `path` read-only (`immutable`: no locks, no side files —
    only for a file nobody writes, such as a backup)."""
    return f"file:{quote(str(path))}?mode=ro" + ("&immutable=1" if immutable else "")


def _source_uri(path: Path) -> str:
    """How to read a database for a backup. Read-write where we may write (the copy
    only reads; as the last connection closes, SQLite removes the -wal/-shm files it
    made), read-only otherwise — a read-only connection to a closed WAL database would
    leave empty -wal/-shm files behind."""
    if os.access(path, os.W_OK) and os.access(path.parent, os.W_OK):
        return f"file:{quote(str(path))}?mode=rw"
    return read_only_uri(path)


def _read_revision(path: Path) -> str | None:
    conn = cipher.connect(read_only_uri(path, immutable=True), uri=True)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "alembic_version" not in tables:
            return None
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None
    finally:
        conn.close()


def copy_verified(src_uri: str, target: Path, what: str) -> None:
    """SQLite-backup `src_uri` into a new file `target`, verify it, sync it to disk.

    Raises DatabaseError naming `what` on failure, leaving nothing at `target`."""
    partial = target.with_name(target.name + ".partial")
    try:  # an encrypted source's copy has its key (and salt): encrypted page by page
        src = cipher.connect(src_uri, uri=True, timeout=BUSY_TIMEOUT_S)
        try:
            dst = cipher.connect(partial, key=cipher.key_for(_file_of(src_uri)))
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode=DELETE")
                verdict = [r[0] for r in dst.execute("PRAGMA integrity_check(4)")]
            finally:
                dst.close()
        finally:
            src.close()
        if verdict != ["ok"]:
            raise DatabaseError(f"{what} failed its integrity check: {'; '.join(verdict)}")
        with partial.open("rb+") as fh:
            os.fsync(fh.fileno())
        partial.replace(target)
        fsync_dir(target.parent)
    except cipher.errors() as exc:
        raise DatabaseError(sqlite_message(what, exc)) from None
    except OSError as exc:
        raise DatabaseError(f"{what} could not be written: {exc.strerror or exc}") from None
    finally:  # a failed copy leaves nothing: not the file, nor the side files SQLite made
        for leftover in (partial, *(partial.with_name(partial.name + s)
                                    for s in ("-wal", "-shm", "-journal"))):
            leftover.unlink(missing_ok=True)


def _file_of(uri: str) -> Path:
    from urllib.parse import unquote, urlsplit

    return Path(unquote(urlsplit(uri).path))


def sqlite_message(what: str, exc: Exception) -> str:
    """A user's sentence for an SQLite failure while doing `what` (busy, missing, full)."""
    text = str(exc)
    if "locked" in text or "busy" in text:
        return f"{what} is waiting for another Briefing App process that is saving; try again"
    if "unable to open" in text:
        return f"{what}: the file cannot be opened (missing or no permission)"
    if "full" in text:
        return f"{what}: the disk is full"
    return f"{what} failed: {text}"


def make_backup(db_path: Path, reason: str, *,
                retention: RetentionPolicy | None = DEFAULT_RETENTION) -> Path:
    """Copy the database (consistently, even while open elsewhere) and verify the copy.

    The copy is written under a temporary name and renamed only once
    `integrity_check` says it is sound, so a listed backup is always a good one.
    Afterwards older automatic backups are pruned by `retention` (None: keep all).
    """
    db_path = Path(db_path)
    if not db_path.is_file() or db_path.stat().st_size == 0:
        raise DatabaseError(f"there is no database at {db_path} to back up")
    from briefing_app.core.file_check import refuse_stray_wal

    refuse_stray_wal(db_path)  # reading it would apply (and fold in) a stranger's log
    target_dir = backups_dir(db_path)
    try:
        target_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseError(f"cannot create the backup folder {target_dir}: "
                            f"{exc.strerror}") from None
    safe_reason = "".join(c if c.isalnum() or c in "-_" else "-" for c in reason)[:40]
    now = datetime.now(UTC)
    target = target_dir / f"{db_path.stem}-{now.strftime(_STAMP)}-{safe_reason}.sqlite"
    while target.exists():  # two backups in one microsecond
        now += timedelta(microseconds=1)
        target = target_dir / f"{db_path.stem}-{now.strftime(_STAMP)}-{safe_reason}.sqlite"
    copy_verified(_source_uri(db_path), target, f"the backup of {db_path}")
    if retention is not None:
        prune_backups(db_path, retention)
    return target


def list_backups(db_path: Path) -> list[BackupInfo]:
    """The database's backups, newest first (files that are not backups are ignored)."""
    db_path = Path(db_path)
    folder = backups_dir(db_path)
    if not folder.is_dir():
        return []
    found = []
    for entry in folder.iterdir():
        m = _NAME.match(entry.name)
        if not m or m["stem"] != db_path.stem or not entry.is_file():
            continue
        created = datetime.strptime(m["stamp"], _STAMP).replace(tzinfo=UTC)
        found.append(BackupInfo(entry, created, m["reason"], entry.stat().st_size))
    return sorted(found, key=lambda b: b.created_at, reverse=True)


def prune_backups(db_path: Path, policy: RetentionPolicy = DEFAULT_RETENTION,
                  now: datetime | None = None) -> list[Path]:
    """Delete the automatic backups the retention rule no longer keeps; return them."""
    backups = list_backups(db_path)
    doomed = to_prune([(b.created_at, b.pinned) for b in backups], policy,
                      now or datetime.now(UTC))
    removed = []
    for i in doomed:
        try:
            backups[i].path.unlink()
            removed.append(backups[i].path)
        except OSError:
            pass  # a backup we cannot delete is merely kept
    return removed


def verify_backup(path: Path) -> str | None:
    """Check a backup before it is restored; return its schema revision.

    Raises DatabaseError if it is not a sound Briefing App database this version can
    use (damaged, foreign, or from a newer version of the app).
    """
    from briefing_app.core.schema_version import KNOWN_REVISIONS

    path = Path(path)
    if not path.is_file():
        raise DatabaseError(f"the backup {path} does not exist")
    try:
        with path.open("rb") as fh:
            plain = fh.read(16) == b"SQLite format 3\x00"
        if not plain and cipher.key_for(path) is None:
            raise DatabaseError(f"{path} is not a database backup, or it is encrypted with "
                                "another passphrase than the database's")
        conn = cipher.connect(read_only_uri(path, immutable=True), uri=True)
        try:
            verdict = [r[0] for r in conn.execute("PRAGMA integrity_check(4)")]
        finally:
            conn.close()
        revision = _read_revision(path)
    except cipher.errors() as exc:
        raise DatabaseError(f"the backup {path} is damaged ({exc}); choose another") from None
    except OSError as exc:
        raise DatabaseError(f"the backup {path} cannot be read: {exc.strerror}") from None
    if verdict != ["ok"]:
        raise DatabaseError(f"the backup {path} is damaged ({'; '.join(verdict)}); "
                            "choose another")
    if revision is None:
        raise DatabaseError(f"{path} is not a Briefing App database backup")
    if revision not in KNOWN_REVISIONS:
        raise DatabaseError(f"the backup {path} was made by a newer version of Briefing App "
                            f"(schema {revision}); this version cannot restore it")
    return revision


def restore_backup(db_path: Path, backup: Path | BackupInfo) -> RestoreResult:
    """Replace the database's content with a verified backup, keeping the current file
    first (see briefing_app.core.restore for how each case is handled)."""
    from briefing_app.core.restore import restore

    return restore(db_path, backup)


class BackupScheduler:
    """Periodic backups while the data changes ("every 30 minutes of editing").

    The GUI calls `note_change()` after each successful edit: when changes exist and
    the newest backup (on disk, so it spans sessions) is older than `interval`, a
    backup is made at once. `flush()` at close backs up changes not yet in a backup.
    Safe to call from a worker thread.
    """

    def __init__(self, db_path: Path, interval: timedelta = timedelta(minutes=30),
                 retention: RetentionPolicy = DEFAULT_RETENTION,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.db_path = Path(db_path)
        self.interval = interval
        self.retention = retention
        self._clock = clock
        self._lock = threading.Lock()
        newest = list_backups(self.db_path)
        self._last: datetime | None = newest[0].created_at if newest else None
        self._pending = False

    @property
    def pending(self) -> bool:
        """True when changes were made since the last backup."""
        return self._pending

    def note_change(self) -> Path | None:
        """Record an edit; back up now if the interval has passed."""
        with self._lock:
            self._pending = True
            now = self._clock()
            if self._last is not None and now - self._last < self.interval:
                return None
            return self._backup("periodic", now)

    def flush(self) -> Path | None:
        """Back up changes not yet in a backup (call when closing the database)."""
        with self._lock:
            return self._backup("on-close", self._clock()) if self._pending else None

    def _backup(self, reason: str, now: datetime) -> Path:
        path = make_backup(self.db_path, reason, retention=self.retention)
        self._last = now
        self._pending = False
        return path


@contextmanager
def discard_on_failure(db_path: Path, copy: Path | None) -> Iterator[None]:
    """A refused import changes nothing, so the backup made for it goes too; older
    backups are pruned only once the import is in (the new one then counts)."""
    try:
        yield
    except BaseException:
        if copy is not None:
            copy.unlink(missing_ok=True)
        raise
    if copy is not None:
        prune_backups(db_path)
