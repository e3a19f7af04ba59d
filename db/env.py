"""Alembic environment: runs migrations against the file named in the config."""

from __future__ import annotations

from alembic import context
from sqlalchemy import NullPool, create_engine, event

from briefing_app.core import cipher
from briefing_app.core.models import Base

config = context.config
target_metadata = Base.metadata


def _include_object(obj, name, type_, reflected, compare_to):  # noqa: ANN001
    # The FTS5 index and its shadow tables are managed by raw SQL in the migrations.
    return not (type_ == "table" and name and name.startswith("search_index"))


def _engine():  # noqa: ANN202
    """An engine for the file; an encrypted one through SQLCipher with its unlocked key."""
    path = config.attributes.get("db_path")
    if path is None or cipher.key_for(path) is None:
        return create_engine(config.get_main_option("sqlalchemy.url"))
    return create_engine("sqlite://", creator=lambda: cipher.connect(path),
                         module=cipher.dbapi_module(path), poolclass=NullPool)


def run_migrations_server(url: str) -> None:
    """PostgreSQL: transactional DDL, so the whole upgrade commits or none of it."""
    engine = create_engine(url, poolclass=NullPool, hide_parameters=True)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata,
                          transactional_ddl=True, transaction_per_migration=False,
                          include_object=_include_object)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


def run_migrations_online() -> None:
    if config.attributes.get("server_url"):
        run_migrations_server(config.attributes["server_url"])
        return
    engine = _engine()

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _rec):  # noqa: ANN001
        # We issue BEGIN ourselves: Python's sqlite3 would otherwise run DDL outside any
        # transaction, and a crash mid-upgrade could leave a half-built schema.
        dbapi_conn.isolation_level = None
        dbapi_conn.execute("PRAGMA journal_mode=WAL")
        dbapi_conn.execute("PRAGMA synchronous=FULL")

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # noqa: ANN001
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=True,
            transactional_ddl=True,  # SQLite can: the whole upgrade commits or none of it
            include_object=_include_object,
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline migrations are not supported")
run_migrations_online()
