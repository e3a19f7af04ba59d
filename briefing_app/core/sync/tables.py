"""The sync's own tables (revision 0011_sync_state), on the shared metadata so that the
migration and the models agree (tests/core/test_migrations.py compares them).

In the laptop's file: `sync_origin` (one row per visit taken offline: the server it came
from, without its password, and when a pull and a push last succeeded), `sync_base`
(per row: the server version it was based on and its values then, the third side of a
three-way merge) and `sync_conflicts` (a field both sides changed: both values kept
until the user chooses). On the server: `sync_tombstones`, written by a trigger on
every synced table when a row is deleted, so a laptop learns of deletions (a row that
is merely not shown to a user, by row-level security, has no tombstone).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Column, DateTime, Index, Integer, String, Table, Text, func, select

from briefing_app.core.models import Base, UTCDateTime

if TYPE_CHECKING:
    from briefing_app.core.database import Database

sync_origin = Table(
    "sync_origin", Base.metadata,
    Column("id", Integer, primary_key=True),
    Column("visit_uuid", String(36), nullable=False, unique=True),
    Column("server", String(500), nullable=False),  # the URL without its password
    Column("taken_at", UTCDateTime, nullable=False),
    Column("pulled_at", UTCDateTime, nullable=True),  # the last pull that committed
    Column("pushed_at", UTCDateTime, nullable=True),  # the last push that committed
)

sync_base = Table(
    "sync_base", Base.metadata,
    Column("id", Integer, primary_key=True),
    Column("uuid", String(36), nullable=False, unique=True),
    Column("table_name", String(64), nullable=False),
    Column("visit_uuid", String(36), nullable=False, index=True),
    Column("version", Integer, nullable=False),  # the server's row_version
    Column("data", Text, nullable=False),  # the row's JSON at that version
)

sync_conflicts = Table(
    "sync_conflicts", Base.metadata,
    Column("id", Integer, primary_key=True),
    Column("visit_uuid", String(36), nullable=False, index=True),
    Column("table_name", String(64), nullable=False),
    Column("uuid", String(36), nullable=False),
    Column("field", String(64), nullable=False),  # "*": the row (deleted on one side)
    Column("local_value", Text, nullable=False),  # JSON; the row deleted: "null" + row gone
    Column("server_value", Text, nullable=False),
    Column("server_version", Integer, nullable=False),
    Column("found_at", UTCDateTime, nullable=False),
    Index("ix_sync_conflicts_uuid_field", "uuid", "field", unique=True),
)

sync_tombstones = Table(
    "sync_tombstones", Base.metadata,
    Column("id", Integer, primary_key=True),
    Column("table_name", String(64), nullable=False),
    Column("uuid", String(36), nullable=False, index=True),
    Column("visit_id", Integer, nullable=True),  # None: its owner was gone already
    Column("row_version", Integer, nullable=False),
    Column("deleted_at", DateTime, nullable=False),  # the server's clock, UTC
)


def taken_from(db: Database | None) -> str | None:
    """The server address (without password) the open file's visit was taken from;
    None for a server, a file without a visit taken offline, or one holding several.
    Here, beside its table, so that the window can ask at every open without loading
    the sync itself (`run`, `rows` and the bundle code they import)."""
    if db is None or db.on_server:
        return None
    with db.read() as s:
        if s.scalar(select(func.count()).select_from(sync_origin)) != 1:
            return None
        return str(s.execute(select(sync_origin.c.server)).one().server)
