"""Encryption at rest: keys derived from a passphrase, and keyed SQLCipher connections.

Why a key of our own making rather than SQLCipher's passphrase mode: SQLCipher runs
its key derivation (PBKDF2, 256,000 rounds) on *every* connection, and the app opens
several per command (the file check, the reader, the writer, the change probe, each
backup). So the passphrase is stretched once per process with scrypt and SQLCipher
gets the 256-bit raw key (`PRAGMA key = "x'…'"`), which costs nothing per connection.

The file's first 16 bytes are its salt (SQLCipher's layout); a database and all its
backups share salt and key, so a key is found by the salt at the start of a file: any
file of the family (a backup, a staged copy, a held copy) opens once the family is
unlocked in this process. Unlocked keys live in `KEYS` for the life of the process
(the key must reach every connection to the file, from modules that know only a path).

Format (docs/data-safety.md, "Encryption"): SQLCipher 4 defaults (AES-256-CBC, HMAC-
SHA512 per page, 4096-byte pages); key = scrypt(passphrase UTF-8 NFC, salt, n=2**17,
r=8, p=1, 32 bytes). With the key in hex, the stock `sqlcipher` shell opens the file.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import threading
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from briefing_app.core.errors import DatabaseError

SALT_SIZE = 16
KEY_SIZE = 32
SCRYPT_N = 2**17  # ~0.35 s and 128 MiB here: OWASP's minimum for scrypt
SCRYPT_R = 8
SCRYPT_P = 1
_PLAIN_HEADER = b"SQLite format 3\x00"
_KNOWN_SIGNATURES = (_PLAIN_HEADER[:6], b"PK\x03\x04", b"%PDF", b"\x89PNG", b"\xff\xd8\xff",
                     b"BRIEFENC")
ENV_PASSPHRASE = "BRIEFING_APP_PASSPHRASE"
MAX_PASSPHRASE_FILE = 4096


class WrongPassphraseError(DatabaseError):
    """The passphrase does not open the file (never said of a damaged one)."""

    def __init__(self, path: Path, message: str = "") -> None:
        self.path = path
        super().__init__(message or f"the passphrase does not open {path}: it is wrong "
                         "(the file was left untouched)")


class LockedError(DatabaseError):
    """The file is encrypted and no passphrase was given."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(f"{path} is encrypted: give its passphrase (--passphrase-file FILE "
                         f"or the {ENV_PASSPHRASE} environment variable)")


@dataclass(frozen=True)
class Key:
    """A derived database key and the salt it was derived with (never printed)."""

    salt: bytes
    raw: bytes = field(repr=False)

    def pragma(self) -> str:
        """SQLCipher's raw-key statement: key then salt, in hex (no passphrase in it)."""
        return f"PRAGMA key = \"x'{self.raw.hex()}{self.salt.hex()}'\""


def derive(passphrase: str, salt: bytes) -> Key:
    """Stretch a passphrase into a key for the file family with this salt (slow on
    purpose). The text is NFC-normalised, so the same passphrase typed on another
    keyboard layout gives the same key."""
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    if not passphrase:
        raise DatabaseError("the passphrase is empty")
    data = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    raw = Scrypt(salt=salt, length=KEY_SIZE, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P).derive(data)
    return Key(salt, raw)


def new_key(passphrase: str) -> Key:
    """A key for a file that is about to be created or re-keyed: a fresh random salt."""
    return derive(passphrase, os.urandom(SALT_SIZE))


class KeyStore:
    """The keys unlocked in this process, by salt (thread-safe)."""

    def __init__(self) -> None:
        self._keys: dict[bytes, Key] = {}
        self._lock = threading.Lock()

    def add(self, key: Key) -> None:
        with self._lock:
            self._keys[key.salt] = key

    def forget(self, salt: bytes) -> None:
        with self._lock:
            self._keys.pop(salt, None)

    def clear(self) -> None:
        with self._lock:
            self._keys.clear()

    def get(self, salt: bytes | None) -> Key | None:
        if salt is None:
            return None
        with self._lock:
            return self._keys.get(salt)


KEYS = KeyStore()


def file_salt(path: Path) -> bytes | None:
    """The salt at the start of an encrypted file (None: missing, plain or too short)."""
    try:
        with Path(path).open("rb") as fh:
            head = fh.read(SALT_SIZE)
    except OSError:
        return None
    if len(head) < SALT_SIZE or head == _PLAIN_HEADER:
        return None
    return head


def looks_encrypted(path: Path) -> bool:
    """True for a file that may be an SQLCipher database: whole 1 KiB pages, no plain
    SQLite header or other known signature, and a first kilobyte that does not compress
    (SQLCipher's pages are indistinguishable from random bytes)."""
    import zlib

    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(1024)
    except OSError:
        return False
    if size < 1024 or size % 1024 or head.startswith(_KNOWN_SIGNATURES):
        return False
    return len(zlib.compress(head, 6)) >= 1000


def key_for(path: Path) -> Key | None:
    """The unlocked key of the file's family, if this process has it."""
    return KEYS.get(file_salt(path))


def _path_of(target: str | Path, uri: bool) -> Path:
    if not uri:
        return Path(target)
    parts = urlsplit(str(target))
    return Path(unquote(parts.path))


def connect(target: str | Path, *, uri: bool = False, key: Key | None = None,
            **kwargs: Any) -> Any:
    """A DB-API connection to `target` (a path or a `file:` URI): SQLCipher with the key
    when the file is encrypted with an unlocked key (or `key` is given, to create one),
    the standard library's sqlite3 otherwise. Temp tables and sorts stay in memory."""
    if key is None:
        key = key_for(_path_of(target, uri))
    if key is None:
        return sqlite3.connect(target, uri=uri, **kwargs)
    import sqlcipher3

    conn = sqlcipher3.connect(str(target), uri=uri, **kwargs)
    conn.execute("PRAGMA cipher_log_level = NONE")  # its errors reach us as exceptions
    conn.execute(key.pragma())
    conn.execute("PRAGMA temp_store = MEMORY")
    return conn


def errors() -> tuple[type[Exception], ...]:
    """The DB-API error classes of both drivers, for `except` clauses. SQLCipher's only
    once its module is loaded: until then none of its errors can have been raised (and
    importing it, ~6 ms, would be an import in the middle of a file check that runs
    beside the database layer's import: core/file_check_ahead.py)."""
    sqlcipher3 = sys.modules.get("sqlcipher3")
    if sqlcipher3 is None:
        return (sqlite3.Error,)
    return (sqlite3.Error, sqlcipher3.Error)


def dbapi_module(path: Path) -> Any:
    """The DB-API module SQLAlchemy must use for this file (its error classes)."""
    if key_for(path) is None:
        return sqlite3
    import sqlcipher3

    return sqlcipher3


def try_key(path: Path, key: Key) -> bool:
    """True when `key` opens `path` (reads page 1 only; writes nothing: `immutable`
    makes no -wal/-shm beside it, and page 1 of the file itself decides)."""
    from urllib.parse import quote

    import sqlcipher3

    uri = f"file:{quote(str(path))}?mode=ro&immutable=1"
    try:
        conn = connect(uri, uri=True, key=key)
    except sqlcipher3.Error:
        return False
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except sqlcipher3.Error as exc:
        return "not a database" not in str(exc)  # other errors: the key was right
    finally:
        conn.close()


def unlock(path: Path, passphrase: str) -> Key:
    """Derive the key for an encrypted file and check it opens the file; remember it.

    A wrong passphrase raises WrongPassphraseError. When page 1 does not decrypt, a
    backup of the same family decides: if the key opens one, the key is right and the
    file is damaged (the normal open then says so and offers the restore)."""
    path = Path(path)
    salt = file_salt(path)
    if salt is None:
        raise DatabaseError(f"{path} is not encrypted; it needs no passphrase")
    key = derive(passphrase, salt)
    if try_key(path, key) or _opens_a_backup(path, key):
        KEYS.add(key)
        return key
    raise WrongPassphraseError(path)


def _opens_a_backup(path: Path, key: Key) -> bool:
    from briefing_app.core.backup import list_backups

    try:
        backups = list_backups(path)
    except OSError:
        return False
    return any(file_salt(b.path) == key.salt and try_key(b.path, key) for b in backups)


def read_passphrase_file(path: Path) -> str:
    """The passphrase in a file: its first line (a trailing newline is not part of it)."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_PASSPHRASE_FILE:
            raise DatabaseError(f"the passphrase file {path} is larger than "
                                f"{MAX_PASSPHRASE_FILE} bytes; it should hold one line")
        data = path.read_bytes()
    except OSError as exc:
        raise DatabaseError(f"cannot read the passphrase file {path}: "
                            f"{exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DatabaseError(f"the passphrase file {path} is not UTF-8 text") from None
    line = text.splitlines()[0] if text else ""
    if not line:
        raise DatabaseError(f"the passphrase file {path} is empty")
    return line
