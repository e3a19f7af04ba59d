"""Opening a database file: connection settings, schema checks, sessions.

One `Database` per open file, passed to whoever needs it (no globals). Every
connection enforces foreign keys, uses WAL with synchronous=FULL (a committed change
survives a crash or power cut) and waits for a busy lock instead of failing at once.
Writes begin with BEGIN IMMEDIATE so two processes never deadlock upgrading locks.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Hashable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import quote

from sqlalchemy import Engine, QueuePool, create_engine, event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError as _Stale

from briefing_app.core.errors import ConflictError, DatabaseError
from briefing_app.core.file_check import (
    SQLITE_HEADER,
    DatabaseFileError,
    check_file,
    use_immutable,
)
from briefing_app.core.schema_version import HEAD_REVISION, KNOWN_REVISIONS

if TYPE_CHECKING:
    from briefing_app.core.cipher import Key
    from briefing_app.core.file_check_ahead import CheckAhead
    from briefing_app.core.page_check import PageCheck

BUSY_TIMEOUT_MS = 10_000
T = TypeVar("T")
__all__ = ["Database", "DatabaseFileError", "SQLITE_HEADER", "inspect_file", "open_database"]


def _configure(dbapi_conn: sqlite3.Connection, read_only: bool = False) -> None:
    dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (see _on_begin)
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA temp_store=MEMORY")  # sorts and temp tables never reach a temp file
    if not read_only:  # changing the journal mode would write the file
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
    cur.close()


def _make_engine(path: Path, begin: str) -> Engine:
    # hide_parameters: an error's text must never carry a row's values (restricted text)
    from briefing_app.core import cipher

    if cipher.key_for(path) is None:
        engine = create_engine(f"sqlite:///{path}",
                               connect_args={"timeout": BUSY_TIMEOUT_MS / 1000},
                               hide_parameters=True)
    else:  # SQLCipher: keyed in the creator; `module` gives SQLAlchemy its error classes
        def connect() -> Any:
            return cipher.connect(path, timeout=BUSY_TIMEOUT_MS / 1000,
                                  check_same_thread=False)

        engine = create_engine("sqlite://", creator=connect, module=cipher.dbapi_module(path),
                               poolclass=QueuePool, hide_parameters=True)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        _configure(dbapi_conn)

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
    read_only_reason: str = ""
    session: bool = False  # this Database marked the file (core/wal_guard.py)
    # How the change probe connects (see data_version); "" for the plain file.
    probe_uri: str = ""
    _memo: dict[Hashable, tuple[int, Any]] = field(default_factory=dict, repr=False)
    # (version before, version after, change set) of the last write of ours that no
    # other connection committed beside (see `note_own_changes` and `memo`'s `patch`).
    _own_changes: tuple[int, int, Any] | None = field(default=None, repr=False)

    @property
    def on_server(self) -> bool:
        """False: a file, with its own backups (core/server_db.ServerDatabase says True:
        a server's copies are its administrator's, so imports make none beside it)."""
        return False

    def __post_init__(self) -> None:
        self._writer = sessionmaker(self.write_engine, expire_on_commit=False)
        self._reader = sessionmaker(self.read_engine, expire_on_commit=False)
        event.listen(self._writer, "before_commit", _reindex_before_commit)
        event.listen(self._writer, "after_begin", self._mark_after_begin)
        event.listen(self._writer, "after_commit", self._mark_after_commit)
        self._probe: sqlite3.Connection | None = None
        self._probe_lock = threading.Lock()
        self._own = threading.local()  # .versions: this thread's last clean write

    # --- our own commits, for memo's patches ----------------------------------------

    def _mark_after_begin(self, session: Session, _transaction: Any, connection: Any) -> None:
        """Right after BEGIN IMMEDIATE, the write lock held (nobody else can commit until
        our COMMIT): the probe's version, and the writing connection's own, which moves
        only when another connection commits. (Not at COMMIT: our own writes may restart
        the log, which moves the probe's version without any change of content.)"""
        from briefing_app.core import cipher

        self._own.versions = None
        version = self.data_version()
        if version is None:  # a server (no memo), or no probe: nothing to mark
            return
        try:
            raw = connection.connection.dbapi_connection
            mine = raw.execute("PRAGMA data_version").fetchone()[0]
        except cipher.errors():  # no mark: memo reads again, as ever
            return
        session.info[_OWN_MARK] = (version, mine, raw)

    def _mark_after_commit(self, session: Session) -> None:
        """After COMMIT, the connection still the session's: the probe's version now,
        then the writer's. If the writer's did not move, no other connection committed
        since BEGIN, so what changed between the probe's two versions is ours alone."""
        mark = session.info.pop(_OWN_MARK, None)
        if mark is None:
            return
        from briefing_app.core import cipher

        before, mine, raw = mark
        after = self.data_version()
        try:
            still = raw.execute("PRAGMA data_version").fetchone()[0]
        except cipher.errors():  # unknown: no patch
            return
        if after is not None and still == mine and after != before:
            self._own.versions = (before, after)

    def note_own_changes(self, changes: Any) -> None:
        """What this thread's last write changed (core/ops/changes.py calls it with the
        step's change set): a memo entry of the version before that write may then be
        brought up to date by its `patch` instead of read again. A write that another
        connection committed beside leaves nothing to patch from."""
        versions = getattr(self._own, "versions", None)
        self._own.versions = None
        # (A step that wrote nothing has no versions of its own to pair with.)
        self._own_changes = None if versions is None or not changes else (*versions, changes)

    def data_version(self) -> int | None:
        """A number that changes whenever anyone — this process or another — commits to
        the file (SQLite's `PRAGMA data_version`, on a connection of its own that never
        writes, so our own commits count too). It reads no table. None if unavailable."""
        from briefing_app.core import cipher

        with self._probe_lock:
            try:
                if self._probe is None:
                    uri = self.probe_uri or f"file:{quote(str(self.path))}?mode=rw"
                    self._probe = cipher.connect(uri, uri=True, check_same_thread=False,
                                                 timeout=BUSY_TIMEOUT_MS / 1000,
                                                 isolation_level=None)
                    self._probe.execute("PRAGMA query_only=1")
                return int(self._probe.execute("PRAGMA data_version").fetchone()[0])
            except cipher.errors():
                return None

    def memo(self, key: Hashable, load: Callable[[], T],
             patch: Callable[[T, Any], T | None] | None = None) -> T:
        """`load()`'s result, shared by every caller until the file changes.

        Whole-visit reads (the programme and its conflicts) are asked for by several
        views after one change; they read once. The version is taken before `load`
        reads, so a commit made meanwhile only causes one more read, never a stale
        answer. Values must be immutable (frozen records, tuples).

        `patch(value, changes)`: when the only commit since `value` was read is a write
        of ours whose change set is `changes` (`note_own_changes`), the value brought
        up to date from it (reading only what changed), or None to read it all."""
        version = self.data_version()
        if version is None:
            return load()
        hit = self._memo.get(key)
        if hit is not None and hit[0] == version:
            return hit[1]  # type: ignore[no-any-return]
        own = self._own_changes
        value = None
        if (patch is not None and hit is not None and own is not None
                and own[0] == hit[0] and own[1] == version):
            value = patch(hit[1], own[2])
        if value is None:
            value = load()
        # Entries of older versions can never be used again.
        self._memo = {k: v for k, v in self._memo.items() if v[0] == version}
        self._memo[key] = (version, value)
        return value

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction for one user action: all of it is committed, or none."""
        if self.read_only:
            raise DatabaseError(self.read_only_reason + "; changes cannot be saved"
                                if self.read_only_reason else
                                f"{self.path} is open read-only; changes cannot be saved")
        try:
            with self._transaction(self._writer) as session:
                yield session
        except _Stale:
            raise ConflictError(
                "this item was changed elsewhere since it was read; reload and try again"
            ) from None
        except OperationalError as exc:
            raise self._operational_error(exc) from None

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A consistent snapshot for reading; never writes."""
        try:
            with self._transaction(self._reader) as session:
                yield session
        except OperationalError as exc:
            raise self._operational_error(exc) from None

    def _transaction(self, maker: sessionmaker[Session]) -> AbstractContextManager[Session]:
        """A session in a transaction, committed at the end (a server connects first:
        core/server_db.ServerDatabase._transaction)."""
        return maker.begin()

    def _operational_error(self, exc: OperationalError) -> DatabaseError:
        """The user's message for a driver error (a server words its own: server_db)."""
        return _as_database_error(exc, self.path)

    def close(self) -> None:
        """Close every connection; the last one folds the log into the file, and then the
        session record goes too (a log left after that is not ours)."""
        with self._probe_lock:
            if self._probe is not None:
                self._probe.close()
                self._probe = None
        self._memo.clear()
        self._own_changes = None
        self.write_engine.dispose()
        self.read_engine.dispose()
        if self.session:
            from briefing_app.core.wal_guard import end_session

            end_session(self.path)
            self.session = False


_OWN_MARK = "briefing_app_own_commit"  # session.info: versions noted before COMMIT


def _reindex_before_commit(session: Session) -> None:
    """Bring the search index up to date inside the transaction that changed the rows.

    Triggers mark what changed (search_schema explains why they cannot fold); whatever
    wrote it — ORM, raw SQL, a cascade — the index commits with the data or not at all.
    """
    from briefing_app.core.search_index import drain

    session.flush()
    drain(session.connection())


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
    """The schema revision of an existing file (None for a new one or one without tables).

    Reads through a read-only connection so that a bad file is never modified; raises
    DatabaseFileError (a DatabaseError) naming what is wrong — an empty file, a text
    file, a cut-short or damaged file (`quick_check`), another program's database, a
    file from a newer version of the app — and listing the backups that could replace it.
    """
    return check_file(path, KNOWN_REVISIONS).revision


def open_database(path: Path | str, *, migrate: bool = True, read_only: bool = False,
                  create: bool = True, initialise: bool = False,
                  checked: CheckAhead | None = None, key: Key | None = None,
                  page_check: PageCheck | None = None) -> Database:
    """Open (creating or upgrading as needed) the database at `path`.

    `create=False` refuses a path where no database exists yet (commands that only read
    must not leave an empty database — and its folders — at a mistyped path). An
    existing SQLite file with no tables is never filled with our schema unless
    `initialise=True` says the user confirmed it (it may be another program's file).

    A file at an older revision is backed up, then upgraded; a file from a newer
    version of the app is refused, untouched. A file the app may not write (write-
    protected, or on read-only media) opens read-only, and `Database.read_only_reason`
    says so plainly; `read_only=True` asks for that explicitly. `checked` is the file's
    check started earlier in a thread (core/file_check_ahead.py); its answer is used
    only if the file has not changed since. `page_check` is the file's page check
    running in a thread (core/page_check.py): the check here then skips the pages, and
    anything written at open (an upgrade, the search index catching up) waits for its
    verdict; the caller must ask for the verdict before it trusts what it read.

    An encrypted file opens once its key is unlocked (`cipher.unlock`, or `key`); a
    path where no database exists yet is created encrypted with `key` (core/cipher.py).
    """
    from briefing_app.core import cipher
    from briefing_app.core.server_url import is_server_url

    if isinstance(path, str) and is_server_url(path):  # a team server (core/server_db.py)
        from briefing_app.core.server_db import open_server

        return open_server(path)
    path = Path(path).expanduser().resolve()
    if key is not None and path.exists():
        cipher.KEYS.add(key)
        checked = None  # a check made before this key was known cannot have used it
    if page_check is not None:
        checked = None
    state = (checked.result(path) if checked is not None else
             check_file(path, KNOWN_REVISIONS, check_pages=page_check is None))
    revision = state.revision
    if not create and not state.exists:
        raise DatabaseError(f"there is no database at {path} (check the path, or create one "
                            "with `briefing-app --db PATH demo` or by opening it in the app)")
    if state.exists and revision is None and not initialise:
        raise DatabaseFileError(
            path, "uninitialised",
            f"{path} is an empty SQLite database (it has no tables), not a Briefing App "
            "database; it was left untouched. To set it up as one, open it in the window "
            f"and confirm, or run `briefing-app --db {path} demo --initialise`")
    reason = state.read_only_reason or (
        f"{path} was opened read-only on request" if read_only else "")
    if revision != HEAD_REVISION:
        if reason:
            problem = (f"cannot create a database: {reason}" if not state.exists else
                       f"{path} needs an upgrade to schema {HEAD_REVISION}, but {reason}; "
                       "copy it to a writable folder and open the copy")
            raise DatabaseFileError(path, "read-only", problem)
        if not migrate:
            raise DatabaseError(f"{path} needs an upgrade to schema {HEAD_REVISION}")
        if page_check is not None and state.exists:
            page_check.verdict()  # never upgrade a damaged file
        if key is not None and not state.exists:
            _create_encrypted(path, key)
        _create_or_upgrade(path, revision, fresh=not state.exists)
    if reason:
        immutable = use_immutable(path, writable=False)
        engine = _make_read_only_engine(path, immutable)
        return Database(path, engine, engine, read_only=True, read_only_reason=reason,
                        probe_uri=_read_only_uri(path, immutable))
    from briefing_app.core.wal_guard import mark_session

    marked = mark_session(path)  # before the first connection that may write a log
    db = Database(path, _make_engine(path, "BEGIN IMMEDIATE"), _make_engine(path, "BEGIN"),
                  session=marked)
    _catch_up_search_index(db, page_check)
    return db


def _catch_up_search_index(db: Database, page_check: PageCheck | None = None) -> None:
    """Index rows another tool (sqlite3, a script) changed since the app last wrote."""
    from briefing_app.core.search_index import pending

    with db.read() as s:
        stale = pending(s.connection())
    if stale:
        if page_check is not None:
            page_check.verdict()  # write nothing into a damaged file
        with db.write():
            pass  # the commit re-indexes (see _reindex_before_commit)


def _create_encrypted(path: Path, key: Key) -> None:
    """Start an encrypted file: SQLCipher writes its salt and first page, so every later
    connection (migrations included) finds the key by the salt (core/cipher.py)."""
    from briefing_app.core import cipher

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = cipher.connect(path, key=key)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("CREATE TABLE briefing_app_new(x)")
            conn.execute("DROP TABLE briefing_app_new")
            conn.commit()
        finally:
            conn.close()
    except (OSError, *cipher.errors()) as exc:
        path.unlink(missing_ok=True)
        raise DatabaseError(f"cannot create the encrypted database {path}: {exc}") from None
    cipher.KEYS.add(key)


def _create_or_upgrade(path: Path, revision: str | None, fresh: bool = False) -> None:
    """Run the migrations (Alembic imported only now); back the file up first.
    A `fresh` file (it did not exist) then holds exactly what the migrations create:
    its schema becomes the cached reference for the head revision."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseError(f"cannot create the folder {path.parent}: {exc.strerror}") from None
    from briefing_app.core import cipher
    from briefing_app.core.migrations import upgrade
    from briefing_app.core.wal_guard import mark_session

    mark_session(path)  # a migration killed half-way leaves a log that is ours
    saved = None
    if revision is not None:
        from briefing_app.core.backup import make_backup

        saved = make_backup(path, f"before-upgrade-from-{revision}")
    try:
        upgrade(path)
    except (OperationalError, *cipher.errors()) as exc:
        where = f"; your data before the upgrade is safe in {saved}" if saved else ""
        orig = getattr(exc, "orig", None) or exc
        raise DatabaseError(f"could not prepare the database {path}: {orig}{where}") from None
    from briefing_app.core import schema_check

    if fresh:
        schema_check.remember_fresh_schema(HEAD_REVISION, path)
    else:  # Alembic is loaded now: make the next start's reference without it
        schema_check.expected_schema(HEAD_REVISION)


def _read_only_uri(path: Path, immutable: bool) -> str:
    return f"file:{quote(str(path))}?mode=ro" + ("&immutable=1" if immutable else "")


def _make_read_only_engine(path: Path, immutable: bool) -> Engine:
    """An engine that can only read: `mode=ro`, or `immutable=1` on read-only media."""
    uri = _read_only_uri(path, immutable)

    from briefing_app.core import cipher

    def connect() -> sqlite3.Connection:
        return cipher.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000,  # type: ignore[no-any-return]
                              check_same_thread=False)

    engine = create_engine("sqlite://", creator=connect, poolclass=QueuePool,
                           module=cipher.dbapi_module(path), hide_parameters=True)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        _configure(dbapi_conn, read_only=True)

    @event.listens_for(engine, "begin")
    def _on_begin(conn: object) -> None:
        conn.exec_driver_sql("BEGIN")  # type: ignore[attr-defined]

    return engine
