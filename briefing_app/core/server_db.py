"""A visit on a team server: the same `Database` over PostgreSQL instead of a file.

`--db postgresql://NAME:PASSWORD@HOST:PORT/DB` opens a database whose schema its
administrator prepared (core/migrations.upgrade_server; docs/team-server.md says how).
The app never creates or upgrades a server's schema on open: that is the
administrator's step, run with the owner's rights. Each user connects with the login
role and password the administrator gave them (`briefing-app server add-user`); what
it reads and writes is limited by row-level security to its clearance
(core/server_policies.py, installed by `briefing-app server init`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from uuid import uuid4

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import (
    ArgumentError,
    DBAPIError,
    IntegrityError,
    OperationalError,
    ProgrammingError,
)
from sqlalchemy.orm import Session, sessionmaker

from briefing_app.core.database import Database
from briefing_app.core.errors import ConflictError, DatabaseError, ServerUnreachableError
from briefing_app.core.levels import LEVELS
from briefing_app.core.schema_version import HEAD_REVISION, KNOWN_REVISIONS
from briefing_app.core.server_url import SCHEMES, is_server_url

__all__ = ["SCHEMES", "ServerDatabase", "display_url", "is_server_url", "open_server"]



def engine_url(url: str) -> str:
    """The SQLAlchemy URL: plain `postgresql://` means the psycopg 3 driver."""
    try:
        parsed = make_url(url)
        parsed.port  # noqa: B018 - a port that is not a number fails here, not later
    except (ArgumentError, ValueError):
        raise DatabaseError("the server address is not a valid URL (expected "
                            "postgresql://NAME:PASSWORD@HOST:PORT/DATABASE; is the port "
                            "a number?)") from None
    if parsed.get_backend_name() != "postgresql":
        raise DatabaseError(f"unsupported database server {parsed.get_backend_name()!r} "
                            "(PostgreSQL only)")
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if not parsed.database:
        raise DatabaseError("the server address names no database (…/DATABASE at the end)")
    return parsed.render_as_string(hide_password=False)


def display_url(url: str) -> str:
    """The address without its password, for titles and messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return "the database server"


SNAPSHOT = "briefing_snapshot"  # an execution option: the reader's transactions


def make_server_engine(url: str, cap: str | None = None) -> Engine:
    """An engine whose every transaction caps what it reads at `cap` (an edition).

    The driver runs in autocommit and each transaction sends its own BEGIN together
    with the cap, in one round trip (psycopg would send its BEGIN on its own first);
    COMMIT and ROLLBACK are psycopg's, which end whatever transaction is open. That
    first statement also serves as the connection's ping (ServerDatabase._transaction)."""
    if cap is not None and cap not in LEVELS:
        raise DatabaseError(f"unknown level {cap!r} (one of {', '.join(LEVELS)})")
    engine = create_engine(engine_url(url), hide_parameters=True, isolation_level="AUTOCOMMIT",
                           connect_args={"connect_timeout": 10,
                                         "application_name": "briefing-app"})
    # Per transaction (is_local = true): a pooled connection never carries one
    # transaction's cap into the next. The cap can only lower what the server
    # shows; who the user is comes from the login role, never from a setting.
    # No parameters (a cap is one of LEVELS), so both statements go in one message.
    # jit off, for the transaction: the row-level policies make the planner's estimates
    # high enough for PostgreSQL's JIT compiler (on by default since PostgreSQL 12),
    # which then spent ~0.3 s compiling each search a user ran, for a query that
    # executes in milliseconds. (A setting of the transaction, not of the connection's
    # start-up: a pooler such as PgBouncer refuses unknown start-up parameters.)
    settings = (f"SELECT set_config('briefing.cap', '{cap or ''}', true), "
                "set_config('jit', 'off', true)")
    write_begin = f"BEGIN; {settings}"
    # Reads see one snapshot (REPEATABLE READ), as a SQLite read transaction does.
    read_begin = f"BEGIN ISOLATION LEVEL REPEATABLE READ; {settings}"

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, record: Any) -> None:
        # asked once per connection, when it is made, not in a user's save
        from briefing_app.core.search_pg import GUARDED_SQL

        record.info["briefing_index_guarded"] = dbapi_conn.execute(GUARDED_SQL).fetchone()[0]
        dbapi_conn.rollback()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        snapshot = conn.get_execution_options().get(SNAPSHOT, False)
        conn.exec_driver_sql(read_begin if snapshot else write_begin,
                             execution_options={"no_parameters": True})

    return engine


@dataclass
class ServerDatabase(Database):
    """A `Database` on PostgreSQL; `url` says where (with its password, so never in repr).

    Every write announces its change set to the other windows before it commits
    (core/server_notify.py); `origin` tells this database's own notices apart."""

    origin: str = field(default_factory=lambda: uuid4().hex[:16])

    @property
    def url(self) -> str:
        """Where, with the password (not a field: no repr or test report can show it)."""
        return str(self.write_engine.url.render_as_string(hide_password=False))

    @property
    def on_server(self) -> bool:
        return True

    def data_version(self) -> int | None:
        return None  # no cheap change counter on a server: memo() reads each time

    @contextmanager
    def write(self) -> Iterator[Session]:
        from briefing_app.core.server_notify import publish

        with self._worded(super().write()) as session:
            yield session
            publish(session, self.origin)  # inside the transaction: sent on commit only

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._worded(super().read()) as session:
            yield session

    @contextmanager
    def _worded(self, transaction: Any) -> Iterator[Session]:
        """A transaction whose driver errors reach the user as one line naming the server."""
        try:
            with transaction as session:
                yield session
        except IntegrityError as exc:
            if getattr(exc.orig, "sqlstate", None) == "23505":
                # A unique key taken between our read and our commit: another user made
                # the same new row (the first ranking of a side, the same participant)
                # at the same moment. Nothing of ours was saved; a retry sees theirs.
                raise ConflictError("another user made the same change at the same "
                                    "moment; nothing was saved — look again and retry"
                                    ) from None
            raise  # a broken rule, as on SQLite: the operations turn it into their message
        except DBAPIError as exc:
            raise self._error(exc) from None

    @contextmanager
    def _transaction(self, maker: sessionmaker[Session]) -> Iterator[Session]:
        """A session whose transaction has begun on a live connection.

        The transaction's first statement (its BEGIN and cap) is sent before anything of
        the caller's: a pooled connection that died with a restarted server fails there,
        is invalidated with the rest of the pool, and one more try takes a new one. That
        is what pool_pre_ping did, without a round trip of its own on every checkout."""
        for attempt in range(2):
            session = maker()
            try:
                session.connection()
                break
            except DBAPIError as exc:
                session.close()
                if attempt or not exc.connection_invalidated:
                    raise
        with session:
            try:
                yield session
            except BaseException:
                session.rollback()
                raise
            session.commit()

    def _error(self, exc: DBAPIError) -> DatabaseError:
        return server_error(exc, display_url(self.url))

    def _operational_error(self, exc: OperationalError) -> DatabaseError:
        # Not the file's wording ("database error on PATH"): a server that went away in
        # the middle of a transaction is "cannot reach …; nothing was saved".
        return self._error(exc)

    def close(self) -> None:
        self._memo.clear()
        self.write_engine.dispose()
        if self.read_engine is not self.write_engine:
            self.read_engine.dispose()


def server_error(exc: BaseException, where: str) -> DatabaseError:
    """A plain message for a server error; never the statement or its values."""
    orig = getattr(exc, "orig", None)
    sqlstate = getattr(orig, "sqlstate", None) or ""
    if sqlstate == "42501" or "row-level security" in str(orig):
        return DatabaseError(f"{where}: your clearance does not allow this change "
                             "(ask the visit's administrator)")
    if sqlstate == "28P01" or "password authentication failed" in str(orig):
        return DatabaseError(f"{where}: the server refused the user name or password")
    if "no password supplied" in str(orig):
        return DatabaseError(f"{where}: the server asks for a password; give it in the "
                             "address (NAME:PASSWORD@) or in ~/.pgpass (docs/team-server.md)")
    if sqlstate == "40001":
        return ConflictError("another user saved at the same moment; try again")
    if isinstance(exc, OperationalError):
        first = str(orig).strip().splitlines()[0] if orig is not None else "no answer"
        return ServerUnreachableError(f"cannot reach the database server {where} ({first}); "
                             "nothing was saved — try again when it is back")
    return DatabaseError(f"database server error on {where}: "
                         f"{type(orig).__name__ if orig is not None else type(exc).__name__}")


def server_revision(engine: Engine) -> str | None:
    """The schema revision on the server, None when it has no schema yet."""
    with engine.connect() as conn:
        exists = conn.exec_driver_sql("SELECT to_regclass('alembic_version')").scalar()
        if exists is None:
            return None
        return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


def open_server(url: str, *, cap: str | None = None) -> ServerDatabase:
    """Connect to a prepared server database; a clear error if it cannot be used."""
    if cap is not None and cap not in LEVELS:
        raise DatabaseError(f"unknown level {cap!r} (one of {', '.join(LEVELS)})")
    where = display_url(url)
    engine = make_server_engine(url, cap)
    try:
        revision = server_revision(engine)
    except (OperationalError, ProgrammingError, DBAPIError) as exc:
        engine.dispose()
        raise server_error(exc, where) from None
    if revision != HEAD_REVISION:
        engine.dispose()
        if revision is None:
            raise DatabaseError(f"{where} has no Briefing App schema; its administrator "
                                "prepares it (docs/team-server.md)")
        if revision not in KNOWN_REVISIONS:
            raise DatabaseError(f"{where} was set up by a newer version of Briefing App "
                                f"(schema {revision}); update the app")
        raise DatabaseError(f"{where} needs an upgrade to schema {HEAD_REVISION}; its "
                            "administrator upgrades it (docs/team-server.md)")
    reader = engine.execution_options(**{SNAPSHOT: True})
    return ServerDatabase(Path(where), engine, reader)
