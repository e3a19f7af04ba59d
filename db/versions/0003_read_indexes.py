"""Indexes for the reads a real-sized visit makes: every list the views show in order.

A 5,000-event visit was read with a sort of every table (events by time, people in
list order, a brief's talking points by position); these composite indexes let SQLite
return the rows already in order and find a visit's or an event's rows directly.

Revision ID: 0003_read_indexes
Revises: 0002_search_folding
Create Date: 2026-12-01 21:50:00

(Written after 0001_initial; a branch adding 0002 is re-chained in front of it.)
"""

from alembic import op

revision = "0003_read_indexes"
down_revision = "0002_search_folding"
branch_labels = None
depends_on = None

# (index name, table, columns) — the same as the models' __table_args__.
INDEXES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("ix_venues_visit_name", "venues", ("visit_id", "name")),
    ("ix_people_visit_order", "people", ("visit_id", "sort_order", "latin_name", "native_name")),
    ("ix_events_visit_time", "events", ("visit_id", "starts_at", "ends_at")),
    ("ix_participations_event_position", "participations", ("event_id", "position")),
    ("ix_talking_points_visit_priority", "talking_points", ("visit_id", "priority")),
    ("ix_event_talking_points_event_position", "event_talking_points", ("event_id", "position")),
    ("ix_event_facts_event_position", "event_facts", ("event_id", "position")),
    ("ix_agreements_visit_order", "agreements", ("visit_id", "signing_order", "title")),
    ("ix_agreement_status_changes_agreement_time", "agreement_status_changes",
     ("agreement_id", "changed_at")),
    ("ix_agreement_signatories_agreement_position", "agreement_signatories",
     ("agreement_id", "position")),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, list(columns), unique=False)


def downgrade() -> None:
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
