"""Encrypting a plain database, and changing an encrypted one's passphrase.

Both write a new file with `sqlcipher_export` (SQLCipher's own copy of schema and data
into an attached database under another key; its backup API cannot change a key),
verify it (integrity check, the same row count in every table), and only then put it
in place of the original with an atomic rename — after a backup of the original. The
backups are then converted too, each verified before it replaces its old self: a
laptop whose backups stayed plain (or under an old passphrase) would give everything
away. The file must not be open (the GUI closes its Database first; another process
holding it open is refused).

Limit (docs/data-safety.md): the plain original's blocks are unlinked, not overwritten;
on an SSD no program can promise to erase them. Encrypt before the data goes in.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefing_app.core import cipher
from briefing_app.core.errors import DatabaseError

Progress = Callable[[str], None]


@dataclass(frozen=True)
class KeyChange:
    """What an encrypt or re-key did: the backup of the original, the backups converted."""

    path: Path
    backup: Path
    converted: int
    key: cipher.Key


def _sqlcipher(path: Path, key: cipher.Key | None) -> Any:
    import sqlcipher3

    conn = sqlcipher3.connect(str(path), timeout=10.0, isolation_level=None)
    conn.execute("PRAGMA cipher_log_level = NONE")
    if key is not None:
        conn.execute(key.pragma())
    conn.execute("PRAGMA temp_store = MEMORY")
    return conn


def _counts(conn: Any, schema: str = "main") -> dict[str, int]:
    names = [r[0] for r in conn.execute(
        f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table' "
        "AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name")]
    return {n: conn.execute(f'SELECT count(*) FROM {schema}."{n}"').fetchone()[0]
            for n in names}


def export_keyed(source: Path, target: Path, old: cipher.Key | None, new: cipher.Key) -> None:
    """Copy `source` (plain, or under `old`) into a new file `target` under `new`, and
    verify the copy; `target` is removed again on any failure."""
    import sqlcipher3

    for leftover in _with_sides(target):
        leftover.unlink(missing_ok=True)
    try:
        conn = _sqlcipher(source, old)
        try:
            conn.execute(f"ATTACH DATABASE ? AS briefing_new KEY \"x'{new.raw.hex()}"
                         f"{new.salt.hex()}'\"", (str(target),))
            conn.execute("BEGIN IMMEDIATE")  # nobody writes while the copy is taken
            expected = _counts(conn)
            conn.execute("SELECT sqlcipher_export('briefing_new')")
            conn.execute("COMMIT")
            conn.execute("DETACH DATABASE briefing_new")
        finally:
            conn.close()
        check = _sqlcipher(target, new)
        try:
            verdict = [r[0] for r in check.execute("PRAGMA integrity_check(4)")]
            got = _counts(check)
            check.execute("PRAGMA journal_mode = WAL")
        finally:
            check.close()
        if verdict != ["ok"] or got != expected:
            raise DatabaseError(f"the encrypted copy of {source} did not verify "
                                f"({'; '.join(verdict) if verdict != ['ok'] else 'row counts differ'})"
                                "; nothing was changed")
        with target.open("rb+") as fh:
            os.fsync(fh.fileno())
    except (sqlcipher3.Error, OSError) as exc:
        for leftover in _with_sides(target):
            leftover.unlink(missing_ok=True)
        text = getattr(exc, "strerror", None) or str(exc)
        raise DatabaseError(f"could not write the encrypted copy of {source}: {text}; "
                            "nothing was changed") from None
    except BaseException:
        for leftover in _with_sides(target):
            leftover.unlink(missing_ok=True)
        raise


def _with_sides(path: Path) -> tuple[Path, ...]:
    return (path, *(path.with_name(path.name + s) for s in ("-wal", "-shm", "-journal")))


def _refuse_if_open(path: Path) -> None:
    from briefing_app.core.wal_guard import session_record

    if session_record(path).exists():
        raise DatabaseError(f"{path} is open in another Briefing App window or process (or "
                            "was not closed cleanly): close it, or open and close it once, "
                            "then try again")


def _replace(staged: Path, path: Path) -> None:
    from briefing_app.core.atomic_file import fsync_dir

    for side in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        side.unlink(missing_ok=True)  # none with data: the file is closed (checked above)
    staged.replace(path)
    fsync_dir(path.parent)


def _convert_backups(path: Path, old: cipher.Key | None, new: cipher.Key,
                     progress: Progress | None) -> int:
    """Re-write every backup of `path` under `new`; one that cannot be read under `old`
    (damaged, or from elsewhere) is left as it is."""
    from briefing_app.core.backup import backups_dir, list_backups

    done = 0
    backups = list_backups(path)
    folders = [backups_dir(path) / "held", backups_dir(path) / "damaged"]
    extra = [p for f in folders if f.is_dir() for p in f.iterdir()
             if p.is_file() and not p.name.endswith(("-wal", "-shm"))]
    for i, item in enumerate([b.path for b in backups] + extra):
        if progress:
            progress(f"converting backup {i + 1} of {len(backups) + len(extra)}")
        salt = cipher.file_salt(item)
        if (old is None and salt is not None) or (old is not None and salt != old.salt):
            continue
        staged = item.with_name(f".{item.name}.rekey")
        try:
            export_keyed(item, staged, old, new)
        except DatabaseError:
            continue
        staged.replace(item)
        for side in (item.with_name(item.name + "-wal"), item.with_name(item.name + "-shm")):
            side.unlink(missing_ok=True)
        done += 1
    return done


def encrypt_database(path: Path, passphrase: str,
                     progress: Progress | None = None) -> KeyChange:
    """Encrypt the plain database at `path` (closed) with a key from `passphrase`."""
    from briefing_app.core.file_check import check_file

    path = Path(path).expanduser().resolve()
    if cipher.file_salt(path) is not None and cipher.looks_encrypted(path):
        raise DatabaseError(f"{path} is already encrypted; use change-passphrase to re-key it")
    check_file(path)
    _refuse_if_open(path)
    new = cipher.new_key(passphrase)
    return _rekey(path, None, new, "before-encrypt", progress)


def change_passphrase(path: Path, new_passphrase: str,
                      progress: Progress | None = None) -> KeyChange:
    """Re-key the encrypted database at `path` (closed, already unlocked) and its backups
    under a new passphrase (and a new salt)."""
    from briefing_app.core.file_check import check_file

    path = Path(path).expanduser().resolve()
    old = cipher.key_for(path)
    if old is None:
        raise DatabaseError(f"{path} is not encrypted (or not unlocked): use encrypt first")
    check_file(path)
    _refuse_if_open(path)
    new = cipher.new_key(new_passphrase)
    return _rekey(path, old, new, "before-passphrase-change", progress)


def _rekey(path: Path, old: cipher.Key | None, new: cipher.Key, reason: str,
           progress: Progress | None) -> KeyChange:
    from briefing_app.core.backup import make_backup

    if progress:
        progress("backing up")
    backup = make_backup(path, reason, retention=None)
    staged = path.with_name(f".{path.name}.encrypting")
    if progress:
        progress("writing the encrypted copy")
    export_keyed(path, staged, old, new)
    try:
        _replace(staged, path)
    except OSError as exc:
        staged.unlink(missing_ok=True)
        raise DatabaseError(f"could not put the encrypted copy in place of {path}: "
                            f"{exc.strerror}; the original is unchanged") from None
    cipher.KEYS.add(new)
    converted = _convert_backups(path, old, new, progress)
    if old is not None:
        cipher.KEYS.forget(old.salt)
    return KeyChange(path, backup, converted, new)
