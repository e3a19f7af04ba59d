"""What a ministry's briefing book carries: issuing department, drafter, clearance,
"as at", distribution list, risks, duty contacts (visits); meeting format, order of
speaking, "do not raise" (events).

Revision ID: 0005_book_fields
Revises: 0001_initial
Create Date: 2026-12-01 21:40:00

The integrator re-chains `down_revision` after other branches' migrations.
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_book_fields"
down_revision = "0001_initial"
branch_labels = None
depends_on = None

VISIT_COLUMNS = (
    ("issuing_department", sa.String(300)),
    ("drafted_by", sa.String(300)),
    ("cleared_by", sa.String(300)),
    ("as_at", sa.String(100)),
    ("distribution", sa.Text()),
    ("risks", sa.Text()),
    ("duty_contacts", sa.Text()),
)
EVENT_COLUMNS = (
    ("meeting_format", sa.String(100)),
    ("speaking_order", sa.Text()),
    ("do_not_raise", sa.Text()),
)


def upgrade() -> None:
    # server_default fills the rows that exist; the models give new rows "" too.
    with op.batch_alter_table("visits") as batch:
        for name, type_ in VISIT_COLUMNS:
            batch.add_column(sa.Column(name, type_, nullable=False, server_default=""))
    with op.batch_alter_table("events") as batch:
        for name, type_ in EVENT_COLUMNS:
            batch.add_column(sa.Column(name, type_, nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("events") as batch:
        for name, _type in reversed(EVENT_COLUMNS):
            batch.drop_column(name)
    with op.batch_alter_table("visits") as batch:
        for name, _type in reversed(VISIT_COLUMNS):
            batch.drop_column(name)
