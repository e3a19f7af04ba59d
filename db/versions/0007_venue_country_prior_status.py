"""A venue's country (the Venues view lists it), and the status an event had before it
was cancelled, so that reinstating it brings back "confirmed" rather than "proposed".

Revision ID: 0007_venue_country_prior_status
Revises: 0005_book_fields
Create Date: 2026-12-02 00:30:00

Written beside another branch's 0006; the lead re-chains `down_revision` at merge.
Both columns are plain additions (no foreign key): SQLite adds them in place, so the
events table is not copied and its search triggers stay as they are.
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_venue_country_prior_status"
down_revision = "0005_book_fields"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # server_default fills the rows that exist; the models give new rows "" too.
    with op.batch_alter_table("venues") as batch:
        batch.add_column(sa.Column("country", sa.String(200), nullable=False, server_default=""))
    with op.batch_alter_table("events") as batch:
        batch.add_column(sa.Column("prior_status", sa.String(20), nullable=False,
                                   server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.drop_column("prior_status")
    with op.batch_alter_table("venues") as batch:
        batch.drop_column("country")
