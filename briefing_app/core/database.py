"""Opening a database file: connection settings, schema checks, sessions.

One `Database` per open file, passed to whoever needs it (no globals). Every
connection enforces foreign keys, uses WAL with synchronous=FULL (a committed change
survives a crash or power cut) and waits for a busy lock instead of failing at once.
Writes begin with BEGIN IMMEDIATE so two processes never deadlock upgrading locks.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError as _Stale

from briefing_app.core.errors import ConflictError, DatabaseError
from briefing_app.core.schema_version import HEAD_REVISION, KNOWN_REVISIONS

BUSY_TIMEOUT_MS = 10_000
SQLITE_HEADER = b"SQLite format 3\x00"


def _fold_contains(haystack: object, needle: object) -> int:
    """Case-insensitive substring test for any script (SQLite's LIKE folds ASCII only)."""
    if haystack is None or needle is None:
        return 0
    return int(str(needle).casefold() in str(haystack).casefold())


def _configure(dbapi_conn: sqlite3.Connection, begin: str) -> None:
    dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (see _on_begin)
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.close()
    dbapi_conn.create_function("fold_contains", 2, _fold_contains, deterministic=True)


def _make_engine(url: str, begin: str) -> Engine:
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        _configure(dbapi_conn, begin)

    @event.listens_for(engine, "begin")
    def _on_begin(conn: object) -> None:
        conn.exec_driver_sql(begin)  # type: ignore[attr-defined]

    return engine


@dataclass
class Database:
    """An open database file: `write()` for a change, `read()` for a query."""

    path: Path
    write_engine: Engine
    read_engine: Engine
    read_only: bool = False

    def __post_init__(self) -> None:
        self._writer = sessionmaker(self.write_engine, expire_on_commit=False)
        self._reader = sessionmaker(self.read_engine, expire_on_commit=False)

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction for one user action: all of it is committed, or none."""
        if self.read_only:
            raise DatabaseError(f"{self.path} is open read-only; changes cannot be saved")
        try:
            with self._writer.begin() as session:
                yield session
        except _Stale:
            raise ConflictError(
                "this item was changed elsewhere since it was read; reload and try again"
            ) from None
        except OperationalError as exc:
            raise _as_database_error(exc, self.path) from None

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A consistent snapshot for reading; never writes."""
        try:
            with self._reader.begin() as session:
                yield session
        except OperationalError as exc:
            raise _as_database_error(exc, self.path) from None

    def close(self) -> None:
        self.write_engine.dispose()
        self.read_engine.dispose()


def _as_database_error(exc: OperationalError, path: Path) -> DatabaseError:
    text = str(exc.orig) if exc.orig is not None else str(exc)
    if "locked" in text or "busy" in text:
        return DatabaseError(
            f"{path} is busy: another Briefing App process is saving; try again in a moment"
        )
    if "readonly" in text or "read-only" in text:
        return DatabaseError(f"{path} cannot be written (read-only file or folder)")
    if "disk" in text and "full" in text:
        return DatabaseError(f"the disk holding {path} is full; nothing was saved")
    return DatabaseError(f"database error on {path}: {text}")


def inspect_file(path: Path) -> str | None:
    """The schema revision of an existing file (None for a new or empty one).

    Reads with a plain read-only sqlite3 connection so that a bad file is never
    modified; raises DatabaseError naming what is wrong.
    """
    if not path.exists():
        return None
    if path.is_dir():
        raise DatabaseError(f"{path} is a folder, not a database file")
    size = path.stat().st_size
    if size == 0:
        return None
    try:
        with path.open("rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise DatabaseError(f"cannot read {path}: {exc.strerror}") from None
    if header != SQLITE_HEADER:
        raise DatabaseError(f"{path} is not a Briefing App database (not an SQLite file)")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if "alembic_version" not in tables:
                if tables:
                    raise DatabaseError(
                        f"{path} is an SQLite file but not a Briefing App database"
                    )
                return None
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            check = conn.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"{path} is damaged or not a database: {exc}") from None
    if check != "ok":
        raise DatabaseError(f"{path} is damaged: {check}")
    return row[0] if row else None


def open_database(path: Path | str, *, migrate: bool = True) -> Database:
    """Open (creating or upgrading as needed) the database at `path`.

    A file at an older revision is backed up, then upgraded; a file from a newer
    version of the app is refused, untouched.
    """
    path = Path(path).expanduser().resolve()
    revision = inspect_file(path)
    if revision is not None and revision not in KNOWN_REVISIONS:
        raise DatabaseError(
            f"{path} was written by a newer version of Briefing App (schema {revision}); "
            "this version cannot open it without risking your data — please upgrade the app"
        )
    if revision != HEAD_REVISION:
        if not migrate:
            raise DatabaseError(f"{path} needs an upgrade to schema {HEAD_REVISION}")
        path.parent.mkdir(parents=True, exist_ok=True)
        from briefing_app.core.migrations import upgrade  # Alembic only when needed

        if revision is not None:
            from briefing_app.core.backup import make_backup

            make_backup(path, f"before-upgrade-from-{revision}")
        upgrade(path)
    url = f"sqlite:///{path}"
    db = Database(path, _make_engine(url, "BEGIN IMMEDIATE"), _make_engine(url, "BEGIN"))
    return db
