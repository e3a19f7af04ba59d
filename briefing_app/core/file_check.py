"""Checking a database file before it is opened, and saying in words what is wrong.

A laptop receives files from USB sticks and colleagues: an empty file, a text file
renamed `.sqlite`, a copy cut short, flipped bytes, a file from a newer version of the
app, a write-protected stick. Each must get a message naming the problem, and the file
must never be changed by looking at it: the check reads through a read-only SQLite
connection (or `immutable=1` where even the side files cannot be created) and removes
the empty `-wal`/`-shm` side files it created beside a file it then refuses.

Limit (documented in docs/data-safety.md): SQLite keeps no checksums of the data, so a
flipped byte inside a stored text is not detectable; damage to the file's structure
(header, b-tree pages, indexes, a truncated tail) is, by `quick_check`.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from briefing_app.core.errors import DatabaseError
from briefing_app.core.schema_version import KNOWN_REVISIONS

if TYPE_CHECKING:
    from briefing_app.core.schema_check import SchemaObject

SQLITE_HEADER = b"SQLite format 3\x00"
HEADER_SIZE = 100
CHECK_TIMEOUT_S = 10.0


class DatabaseFileError(DatabaseError):
    """The file cannot be opened as it is.

    `kind` names the problem for code ("encrypted" (no key unlocked yet), "empty", "not-sqlite", "truncated", "damaged",
    "foreign", "newer", "unreadable", "busy", "read-only", "folder", "schema" (objects
    the app did not create, listed in `objects`), "unversioned", "uninitialised" (an
    SQLite file with no tables), "stray-wal"), `problem` is the
    sentence for the user without advice, and `backups` are the verified backups that
    could replace the file (newest first) — the GUI offers a restore when there are any.
    """

    def __init__(self, path: Path, kind: str, problem: str, backups: Sequence[object] = (),
                 objects: Sequence[object] = (), advice: str = "") -> None:
        self.path = path
        self.kind = kind
        self.problem = problem
        self.backups = tuple(backups)
        self.objects = tuple(objects)  # kind "schema": the SchemaObjects not as we made them
        super().__init__(problem + advice + _restore_hint(self.backups, kind))

    @property
    def can_restore(self) -> bool:
        """True when a backup exists that the user may restore in place of the file."""
        return bool(self.backups) and self.kind not in ("busy", "folder")


def _restore_hint(backups: Sequence[object], kind: str) -> str:
    if not backups or kind in ("busy", "folder"):
        return ""
    newest = backups[0]
    when = getattr(newest, "label", str(newest))
    count = len(backups)
    which = "a backup exists" if count == 1 else f"{count} backups exist"
    return (f". The file was left untouched; {which} (newest: {when}) and can be restored "
            "with File ▸ Restore Backup… or `briefing-app restore 1`")


@dataclass(frozen=True)
class FileState:
    """What the check found: the schema revision (None: new or empty of tables) and
    whether the app may write the file (if not, `read_only_reason` says why)."""

    path: Path
    exists: bool
    revision: str | None
    writable: bool
    read_only_reason: str = ""


def side_files(path: Path) -> tuple[Path, Path]:
    """The WAL and shared-memory files SQLite keeps beside a database in WAL mode."""
    return path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")


def read_only_reason(path: Path) -> str:
    """Why the file cannot be written ('' when it can), checked before any SQLite call."""
    folder = path.parent
    if not os.access(folder, os.W_OK):
        return (f"{path} is in a read-only folder or on read-only media (for example a "
                "locked USB stick or a CD), so it opens read-only")
    if path.exists() and not os.access(path, os.W_OK):
        return f"{path} is a write-protected (read-only) file, so it opens read-only"
    return ""


def _fail(path: Path, kind: str, problem: str, objects: Sequence[object] = (),
          advice: str = "") -> DatabaseFileError:
    from briefing_app.core.backup import list_backups  # light module; no cycle at import

    try:
        backups = list_backups(path)
    except OSError:
        backups = []
    return DatabaseFileError(path, kind, problem, backups, objects, advice)


def _describe_foreign_bytes(head: bytes) -> str:
    """A guess at what a non-SQLite file is, so the message can say more than 'no'."""
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"PK\x03\x04"):
        return "it is a ZIP archive (a visit bundle is imported with import-bundle, not opened)"
    if stripped.startswith((b"{", b"[")):
        return "it is a JSON file (a visit bundle is imported with import-bundle, not opened)"
    if stripped.upper().startswith(b"BEGIN:VCALENDAR"):
        return "it is a calendar file (import it with import-ics)"
    if stripped.startswith(b"%PDF"):
        return "it is a PDF document"
    magic = head[: len(SQLITE_HEADER)]
    if len(magic) == len(SQLITE_HEADER) and sum(
            a != b for a, b in zip(magic, SQLITE_HEADER, strict=True)) <= 4:
        return "its header is damaged (a database whose first bytes were altered)"
    try:
        sample = head.decode("utf-8")
    except UnicodeDecodeError:
        return "its contents are not a database"
    if sample and all(ch.isprintable() or ch in "\r\n\t" for ch in sample):
        return f"it is a text file (it begins {sample[:30].strip()!r})"
    return "its contents are not a database"


def _check_header(path: Path, size: int) -> None:
    """Refuse what is visibly not an intact SQLite file, from its first 100 bytes."""
    try:
        with path.open("rb") as fh:
            head = fh.read(HEADER_SIZE)
    except OSError as exc:
        raise _fail(path, "unreadable", f"{path} cannot be read: {exc.strerror}") from None
    if not head.startswith(SQLITE_HEADER):
        if size < len(SQLITE_HEADER) and SQLITE_HEADER.startswith(head):
            raise _fail(path, "truncated", f"{path} is cut short ({size} bytes): "
                        "only the start of a database is there")
        raise _fail(path, "not-sqlite",
                    f"{path} is not a Briefing App database: {_describe_foreign_bytes(head)}")
    if size < HEADER_SIZE:
        raise _fail(path, "truncated", f"{path} is cut short ({size} bytes; a database "
                    "file has at least 512)")
    raw_page = int.from_bytes(head[16:18], "big")
    page_size = 65536 if raw_page == 1 else raw_page
    if page_size < 512 or page_size & (page_size - 1):
        raise _fail(path, "damaged", f"{path} is damaged: its header is corrupt "
                    f"(page size {raw_page})")
    pages = int.from_bytes(head[28:32], "big")
    header_valid = head[24:28] == head[92:96]
    if header_valid and pages and size < pages * page_size:
        raise _fail(path, "truncated", f"{path} is cut short: it holds {size:,} bytes but "
                    f"its header counts {pages * page_size:,} (an interrupted copy or download?)")
    if size % page_size:
        raise _fail(path, "damaged", f"{path} is damaged: its size ({size:,} bytes) is not a "
                    f"whole number of {page_size}-byte pages (cut short or appended to)")


def _connect_read_only(path: Path, immutable: bool) -> sqlite3.Connection:
    from briefing_app.core import cipher

    uri = f"file:{quote(str(path))}?mode=ro" + ("&immutable=1" if immutable else "")
    return cipher.connect(uri, uri=True, timeout=CHECK_TIMEOUT_S)  # type: ignore[no-any-return]


def use_immutable(path: Path, writable: bool) -> bool:
    """Read a non-writable file as immutable unless a WAL with data must be read too."""
    wal, _shm = side_files(path)
    return not writable and not (wal.exists() and wal.stat().st_size > 0)


class ReferenceNotAtHand(Exception):  # noqa: N818 - a signal, not an error for users
    """The schema reference for the file's revision must be built (with Alembic) first:
    raised instead, when `check_file(..., build_reference=False)` runs in a thread."""


def _examine(path: Path, immutable: bool, known: Collection[str],
             verify_schema: bool = True, build_reference: bool = True,
             check_pages: bool = True) -> str | None:
    """Run the SQLite-level checks; return the schema revision or raise.

    A file with no objects at all returns None (the caller decides whether it may be
    set up); one whose objects differ from what the app's migrations create at its
    revision is refused naming them (core/schema_check.py), before anything can run."""
    from briefing_app.core import cipher
    from briefing_app.core.schema_check import compare, expected_schema, read_schema

    try:
        conn = _connect_read_only(path, immutable)
        try:
            rows = read_schema(conn)
            tables = {name for kind, name, _t, _s in rows if kind == "table"}
            problems = _page_problems(conn, path) if check_pages else ["ok"]
            if problems != ["ok"]:
                raise damaged(path, problems)
            if "alembic_version" not in tables:
                if rows:
                    sample = ", ".join(sorted(tables or {n for _k, n, _t, _s in rows})[:4])
                    raise _fail(path, "foreign", f"{path} is an SQLite database of another "
                                f"program, not a Briefing App database (its tables: {sample})")
                return None
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            conn.close()
    except cipher.errors() as exc:
        raise _from_sqlite(path, exc) from None
    revision = row[0] if row else None
    if revision is None:
        if len(rows) == 1:  # only an empty version table (a downgrade to nothing)
            return None
        raise _fail(path, "unversioned", f"{path} cannot be recognised: its schema version "
                    "record (the alembic_version table) is empty, so which Briefing App "
                    "version made it is unknown; it was left untouched")
    if revision not in known:
        raise _newer(path, revision)
    if verify_schema:
        if not build_reference:
            from briefing_app.core.schema_check import reference_at_hand

            if not reference_at_hand(revision):
                raise ReferenceNotAtHand(revision)
        expected = expected_schema(revision)
        odd = compare(rows, expected) if expected is not None else []
        if odd:
            raise _schema_refusal(path, odd)
    return revision


def damaged(path: Path, problems: Sequence[str]) -> DatabaseFileError:
    """The refusal of a file whose pages failed their check (`problems` from it)."""
    return _fail(path, "damaged", f"{path} is damaged: " + "; ".join(problems[:3]))


def page_problems(path: Path) -> list[str]:
    """The page check of `path` on a read-only connection of its own: ["ok"], or what
    is damaged. Raises the driver's error as it is (the caller words it with
    `sqlite_problem`): this runs in a thread, which must not import (core/page_check.py)."""
    conn = _connect_read_only(path, use_immutable(path, not read_only_reason(path)))
    try:
        return _page_problems(conn, path)
    finally:
        conn.close()


def sqlite_problem(path: Path, exc: Exception) -> DatabaseFileError:
    """A driver error met while checking `path`, in words (busy, unreadable, damaged…)."""
    return _from_sqlite(path, exc)


def _page_problems(conn: sqlite3.Connection, path: Path) -> list[str]:
    """["ok"], or what is damaged. A plain file gets `quick_check`. An encrypted one gets
    SQLCipher's `cipher_integrity_check`: every page's HMAC, so any changed bit anywhere
    is found (stored text included, which the plain check cannot see); it costs a third
    of SQLCipher's own quick_check, which its bundled SQLite runs ~8× slower than ours."""
    from briefing_app.core import cipher

    if cipher.key_for(path) is None:
        return [r[0] for r in conn.execute("PRAGMA quick_check(4)")]
    found = [r[0] for r in conn.execute("PRAGMA cipher_integrity_check")][:4]
    return found or ["ok"]


def _schema_refusal(path: Path, odd: Sequence[SchemaObject]) -> DatabaseFileError:
    """Objects the app did not create (or changed, or missing): name them, open nothing."""
    names = "; ".join(o.describe() for o in odd[:6]) + ("; …" if len(odd) > 6 else "")
    foreign = any(o.problem != "missing" for o in odd)
    what = ("holds database objects that Briefing App did not create" if foreign else
            "is missing parts of the schema Briefing App creates")
    return _fail(path, "schema", f"{path} {what} ({names}); it was not opened, so nothing in "
                 "it could run", odd,
                 advice=f". To keep its data, copy it into a clean file: `briefing-app --db "
                 f"{path} clean-copy NEW.sqlite`")


def _newer(path: Path, revision: str) -> DatabaseFileError:
    """A newer app's file: only backups this version can read are offered."""
    from briefing_app.core.backup import list_backups

    return DatabaseFileError(
        path, "newer",
        f"{path} was written by a newer version of Briefing App (schema {revision}); "
        "this version cannot open it without risking your data — please upgrade the app",
        [b for b in list_backups(path) if b.revision_known()])


_READ_ONLY_LOG = ("{path} cannot be read on this read-only disk because unsaved journal data "
                  "(its -wal file) would need to be applied; copy the file together with its "
                  "-wal file to a writable folder and open the copy")


def _unreadable_log(path: Path) -> bool:
    """A log with data in a folder where SQLite cannot create the -shm it needs to read it
    (SQLite then says only "unable to open database file")."""
    wal, shm = side_files(path)
    try:
        has_data = wal.stat().st_size > 0
    except OSError:
        return False
    return has_data and not shm.exists() and not os.access(path.parent, os.W_OK)


def _from_sqlite(path: Path, exc: Exception) -> DatabaseFileError:
    text = str(exc)
    if "locked" in text or "busy" in text:
        return _fail(path, "busy", f"{path} is locked by another program that is writing "
                     "to it; close that program or try again in a moment")
    if "readonly" in text or "read-only" in text:
        return _fail(path, "read-only", _READ_ONLY_LOG.format(path=path))
    if "unable to open" in text and _unreadable_log(path):
        return _fail(path, "read-only", _READ_ONLY_LOG.format(path=path))
    if "unable to open" in text:
        return _fail(path, "unreadable", f"{path} cannot be opened (no permission to read it?)")
    if "not a database" in text and _encrypted_with_known_key(path):
        # cipher.unlock proved the key right (on the file or a backup of it): page 1 of
        # the file does not decrypt, so it is damaged, never a wrong passphrase.
        text = "its first page does not decrypt"
    return _fail(path, "damaged", f"{path} is damaged ({text})")


def _encrypted_with_known_key(path: Path) -> bool:
    from briefing_app.core import cipher

    return cipher.key_for(path) is not None


def _check_encrypted(path: Path, size: int) -> None:
    """An SQLCipher file: refused as locked until its key is unlocked in this process;
    then only its size can be checked before SQLite (with the key) reads it."""
    from briefing_app.core import cipher

    if cipher.key_for(path) is None:
        raise DatabaseFileError(path, "encrypted", f"{path} is encrypted: it opens with its "
                                "passphrase")
    if size % 1024:
        raise _fail(path, "damaged", f"{path} is damaged: its size ({size:,} bytes) is not a "
                    "whole number of pages (cut short or appended to)")


def check_file(path: Path, known: Collection[str] = KNOWN_REVISIONS, *,
               verify_schema: bool = True, build_reference: bool = True,
               check_pages: bool = True) -> FileState:
    """Everything that can be said about the file before opening it; raises
    DatabaseFileError naming the problem (and the backups that could replace it).
    A schema revision not in `known` is a file from a newer version of the app;
    `verify_schema=False` skips the comparison with the migrations' objects (for
    copying the data out of a refused file); `build_reference=False` raises
    ReferenceNotAtHand rather than build the schema reference with Alembic;
    `check_pages=False` leaves the page check to the caller (core/page_check.py runs it
    beside a read-only command's reads)."""
    if not path.exists():
        writable = os.access(path.parent, os.W_OK) if path.parent.exists() else True
        return FileState(path, False, None, writable, read_only_reason(path) if not writable else "")
    if path.is_dir():
        raise DatabaseFileError(path, "folder", f"{path} is a folder, not a database file")
    size = path.stat().st_size
    if size == 0:
        raise _fail(path, "empty", f"{path} is empty (0 bytes): it holds no data — perhaps "
                    "a copy that failed; delete it to start a new database")
    from briefing_app.core import cipher

    if cipher.key_for(path) is not None or cipher.looks_encrypted(path):
        _check_encrypted(path, size)
    else:
        _check_header(path, size)
    refuse_stray_wal(path)
    reason = read_only_reason(path)
    wal, shm = side_files(path)
    had = (wal.exists(), shm.exists())
    try:
        revision = _examine(path, use_immutable(path, not reason), known, verify_schema,
                            build_reference, check_pages)
    except DatabaseFileError as exc:
        if exc.kind != "busy":
            _remove_created_side_files(path, had)
        raise
    return FileState(path, True, revision, not reason, reason)


def refuse_stray_wal(path: Path) -> None:
    """Refuse (after holding a copy) a `-wal` with data that no Briefing App session left
    behind, before SQLite can apply it (core/wal_guard.py says why and how)."""
    from briefing_app.core import wal_guard

    if wal_guard.is_stray(path):
        problem, advice = wal_guard.stray_problem(path)
        raise _fail(path, "stray-wal", problem, advice=advice)


def _remove_created_side_files(path: Path, had: tuple[bool, bool]) -> None:
    """Leave a refused file's folder as it was: drop the empty side files we created."""
    wal, shm = side_files(path)
    try:
        wal_empty = not wal.exists() or wal.stat().st_size == 0
    except OSError:
        wal_empty = False
    # The -shm is only an index of the log, rebuilt from it by the next reader; one that was
    # not there before this check was made by it. A -wal we made holds no data.
    for side, existed, removable in ((wal, had[0], wal_empty), (shm, had[1], True)):
        if not existed and removable:
            try:
                side.unlink(missing_ok=True)
            except OSError:
                pass
