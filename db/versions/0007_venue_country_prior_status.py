"""A venue's country (the Venues view lists it), and the status an event had before it
was cancelled, so that reinstating it brings back "confirmed" rather than "proposed".

Revision ID: 0007_venue_country_prior_status
Revises: 0006_search_book_fields
Create Date: 2026-12-02 00:30:00

Both columns are plain additions (no foreign key); the downgrade drops each
drop its column in place (SQLite 3.35+).
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_venue_country_prior_status"
down_revision = "0006_search_book_fields"
branch_labels = None
depends_on = None


def _triggers(table: str) -> list[str]:
    """The CREATE TRIGGER statements on `table`, as they stand in the database (the
    search index's): a batch that copies the table (SQLite drops a column that way)
    drops them, so they are re-created after it."""
    if op.get_bind().dialect.name != "sqlite":  # ALTER TABLE in place keeps them
        return []
    rows = op.get_bind().exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? AND sql IS NOT NULL",
        (table,))
    return [sql for (sql,) in rows]


def _restore(statements: list[str]) -> None:
    conn = op.get_bind()
    for sql in statements:
        name = sql.split()[2]
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
        conn.exec_driver_sql(sql)


def upgrade() -> None:
    # server_default fills the rows that exist; the models give new rows "" too.
    for table, column, type_ in (("venues", "country", sa.String(200)),
                                 ("events", "prior_status", sa.String(20))):
        triggers = _triggers(table)
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column(column, type_, nullable=False, server_default=""))
        _restore(triggers)


def downgrade() -> None:
    # SQLite's own DROP COLUMN (3.35+) edits the table in place: the table reads as
    # 0006 wrote it (a batch copy would rewrite its constraints, which the schema check
    # at 0006 then refuses as a changed table), and the triggers stay.
    for table, column in (("events", "prior_status"), ("venues", "country")):
        op.drop_column(table, column)
