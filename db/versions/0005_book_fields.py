"""What a ministry's briefing book carries: issuing department, drafter, clearance,
"as at", distribution list, risks (visits); a flight's arrival airport, meeting
format, order of speaking, "do not raise" (events).

Revision ID: 0005_book_fields
Revises: 0004_press_pack
Create Date: 2026-12-01 21:40:00

The visit's duty contacts, which the book's programme pages print too, are the column
0004_press_pack added for the pocket card: one field, not added again here.
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_book_fields"
down_revision = "0004_press_pack"
branch_labels = None
depends_on = None

VISIT_COLUMNS = (
    ("issuing_department", sa.String(300)),
    ("drafted_by", sa.String(300)),
    ("cleared_by", sa.String(300)),
    ("as_at", sa.String(100)),
    ("distribution", sa.Text()),
    ("risks", sa.Text()),
)
EVENT_COLUMNS = (
    ("meeting_format", sa.String(100)),
    ("speaking_order", sa.Text()),
    ("do_not_raise", sa.Text()),
)


def _triggers(table: str) -> list[str]:
    """The CREATE TRIGGER statements on `table`: a batch that must copy the table (to
    add or drop a foreign key) drops its triggers, so they are re-created after it,
    as they stand in the database (the search index's triggers)."""
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
    with op.batch_alter_table("visits") as batch:
        for name, type_ in VISIT_COLUMNS:
            batch.add_column(sa.Column(name, type_, nullable=False, server_default=""))
    triggers = _triggers("events")
    with op.batch_alter_table("events") as batch:
        batch.add_column(sa.Column("arrival_venue_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_events_arrival_venue_id_venues", "venues",
                                 ["arrival_venue_id"], ["id"], ondelete="SET NULL")
        for name, type_ in EVENT_COLUMNS:
            batch.add_column(sa.Column(name, type_, nullable=False, server_default=""))
    _restore(triggers)


def downgrade() -> None:
    triggers = _triggers("events")
    with op.batch_alter_table("events") as batch:
        for name, _type in reversed(EVENT_COLUMNS):
            batch.drop_column(name)
        batch.drop_constraint("fk_events_arrival_venue_id_venues", type_="foreignkey")
        batch.drop_column("arrival_venue_id")
    _restore(triggers)
    with op.batch_alter_table("visits") as batch:
        for name, _type in reversed(VISIT_COLUMNS):
            batch.drop_column(name)
