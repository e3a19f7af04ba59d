"""The administrator's two steps on a team server: `init` and `add-user`.

Run with the database owner's URL. `init_server` brings the schema to this app's head
(core/migrations.upgrade_server) and then installs the group role, grants and policies
(core/server_policies.py) in one transaction; run again after an update of the app, it
upgrades and reinstalls them. `add_user` creates a login role in the group with its
clearance, or, for a user that exists, sets the clearance and password given.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from briefing_app.core import server_policies as P
from briefing_app.core.errors import DatabaseError, NotFoundError
from briefing_app.core.schema_version import HEAD_REVISION
from briefing_app.core.server_db import display_url, engine_url, server_error, server_revision


@dataclass(frozen=True)
class InitResult:
    where: str
    revision: str
    group: str
    tables: int


@dataclass(frozen=True)
class UserResult:
    created: bool
    group: str
    address: str  # host:port/database, for the user's --db


@contextmanager
def _owner(url: str) -> Iterator[tuple[Engine, Any]]:
    """The owner's engine and parsed URL; driver errors as one line naming the server."""
    engine = create_engine(engine_url(url), hide_parameters=True,
                           connect_args={"connect_timeout": 10,
                                         "application_name": "briefing-app server"})
    try:
        yield engine, make_url(engine_url(url))
    except DBAPIError as exc:
        raise _worded(exc, display_url(url)) from None
    finally:
        engine.dispose()


def _worded(exc: DBAPIError, where: str) -> DatabaseError:
    text = str(getattr(exc, "orig", ""))
    if "permission denied to create role" in text:
        return DatabaseError(f"{where}: this login may not create roles; the database's "
                             "owner needs CREATEROLE (createuser --createrole OWNER)")
    if "must be owner" in text or "permission denied for" in text:
        return DatabaseError(f"{where}: run this as the database's owner (the role that "
                             "created its schema)")
    return server_error(exc, where)


def init_server(url: str) -> InitResult:
    """Schema, group role, grants and row-level security on the database at `url`."""
    from briefing_app.core.migrations import upgrade_server

    where = display_url(url)
    with _owner(url) as (engine, parsed):
        with engine.connect() as conn:  # fails here, clearly, if the server cannot be used
            superuser = conn.exec_driver_sql("SHOW is_superuser").scalar() == "on"
        if superuser:
            raise DatabaseError(f"{where}: run `server init` as the database's owner, not "
                                "as a superuser (the tables' owner is the one the policies "
                                "exempt; docs/team-server.md)")
        try:
            upgrade_server(url)
        except DBAPIError as exc:
            raise _worded(exc, where) from None
        with engine.begin() as conn:
            owner = conn.exec_driver_sql("SELECT current_user").scalar()
            group = P.install(conn, owner, parsed.database, P.schema_tables(conn))
            tables = len(P.protected_tables(conn))
        revision = server_revision(engine) or ""
    if revision != HEAD_REVISION:  # pragma: no cover - upgrade_server went to head
        raise DatabaseError(f"{where}: schema {revision} after the upgrade")
    return InitResult(where, revision, group, tables)


def add_user(url: str, name: str, level: str, visits: Sequence[int], password: str) -> UserResult:
    """Create user `name` (or update it) with clearance `level` in `visits` (none: all)."""
    P.check_name(name)
    where = display_url(url)
    with _owner(url) as (engine, parsed):
        with engine.begin() as conn:
            group = P.group_role(parsed.database)
            if server_revision_of(conn) != HEAD_REVISION or P.role_state(
                    conn, group, group) == "absent":
                raise DatabaseError(f"{where} is not set up for users yet: run "
                                    "`briefing-app server init` first")
            state = P.role_state(conn, name, group)
            if state == "other":
                raise DatabaseError(f"{where}: a role {name!r} exists and is not a user of "
                                    "this database; choose another name")
            missing = P.set_clearance(conn, name, level, visits)
            if missing:
                raise NotFoundError(f"{where} has no visit "
                                    + ", ".join(f"#{v}" for v in missing))
            P.set_login(conn, name, password, group, create=state == "absent")
    address = f"{parsed.host or 'localhost'}:{parsed.port or 5432}/{parsed.database}"
    return UserResult(state == "absent", group, address)


def server_revision_of(conn: Any) -> str | None:
    """The schema revision seen on an open connection (None: no schema)."""
    if conn.exec_driver_sql("SELECT to_regclass('alembic_version')").scalar() is None:
        return None
    return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
