"""Offline and back: the sync state of a laptop's file and the server's tombstones.

Revision ID: 0011_sync_state
Revises: 0008b_protocol_lists
Create Date: 2026-12-02 11:45:00

Four tables on both back ends (one schema; core/sync/tables.py): `sync_origin`,
`sync_base` and `sync_conflicts` are used in a laptop's file, `sync_tombstones` on the
server. On PostgreSQL one trigger per synced table writes a tombstone for every deleted
row (cascades included): the row's uuid, table, visit and the version it had, so a
laptop learns what was deleted while it was away. The tables are frozen here as they
are at this revision (the kinds of core/kinds.py in bundle order).
"""

import sqlalchemy as sa
from alembic import op

revision = "0011_sync_state"
down_revision = "0010_audit"
branch_labels = None
depends_on = None

# table -> how its visit is found: "self" (the visit), "visit_id", or "parent.fk column".
SYNCED = [
    ("visits", "self"), ("venues", "visit_id"), ("people", "visit_id"),
    ("events", "visit_id"), ("press_qas", "visit_id"), ("participations", "events.event_id"),
    ("talking_points", "visit_id"), ("facts", "visit_id"),
    ("event_talking_points", "events.event_id"),
    ("talking_point_facts", "talking_points.talking_point_id"),
    ("event_facts", "events.event_id"), ("agreements", "visit_id"),
    ("agreement_status_changes", "agreements.agreement_id"),
    ("agreement_signatories", "agreements.agreement_id"),
    ("agreement_versions", "agreements.agreement_id"), ("precedence", "people.person_id"),
    ("seating_plans", "visit_id"), ("seat_assignments", "seating_plans.plan_id"),
    ("delegates", "visit_id"), ("car_seats", "visit_id"), ("rooms", "visit_id"),
    ("gifts", "visit_id"), ("speeches", "visit_id"),
]

FUNCTION = """
CREATE FUNCTION sync_tombstone() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE v integer;
BEGIN
  IF TG_ARGV[0] = 'self' THEN
    v := OLD.id;
  ELSIF TG_ARGV[0] = 'visit_id' THEN
    v := (to_jsonb(OLD) ->> 'visit_id')::integer;
  ELSE
    EXECUTE 'SELECT visit_id FROM ' || quote_ident(TG_ARGV[0]) || ' WHERE id = $1' INTO v
      USING (to_jsonb(OLD) ->> TG_ARGV[1])::integer;
  END IF;
  INSERT INTO sync_tombstones (table_name, uuid, visit_id, row_version, deleted_at)
    VALUES (TG_TABLE_NAME, OLD.uuid, v, OLD.row_version, now() AT TIME ZONE 'utc');
  RETURN OLD;
END $$
"""


def upgrade() -> None:
    op.create_table(
        "sync_origin",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("visit_uuid", sa.String(36), nullable=False),
        sa.Column("server", sa.String(500), nullable=False),
        sa.Column("taken_at", sa.DateTime, nullable=False),
        sa.Column("pulled_at", sa.DateTime, nullable=True),
        sa.Column("pushed_at", sa.DateTime, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_sync_origin"),
        sa.UniqueConstraint("visit_uuid", name="uq_sync_origin_visit_uuid"),
    )
    op.create_table(
        "sync_base",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("uuid", sa.String(36), nullable=False),
        sa.Column("table_name", sa.String(64), nullable=False),
        sa.Column("visit_uuid", sa.String(36), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("data", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_sync_base"),
        sa.UniqueConstraint("uuid", name="uq_sync_base_uuid"),
    )
    op.create_index("ix_sync_base_visit_uuid", "sync_base", ["visit_uuid"])
    op.create_table(
        "sync_conflicts",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("visit_uuid", sa.String(36), nullable=False),
        sa.Column("table_name", sa.String(64), nullable=False),
        sa.Column("uuid", sa.String(36), nullable=False),
        sa.Column("field", sa.String(64), nullable=False),
        sa.Column("local_value", sa.Text, nullable=False),
        sa.Column("server_value", sa.Text, nullable=False),
        sa.Column("server_version", sa.Integer, nullable=False),
        sa.Column("found_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_sync_conflicts"),
    )
    op.create_index("ix_sync_conflicts_visit_uuid", "sync_conflicts", ["visit_uuid"])
    op.create_index("ix_sync_conflicts_uuid_field", "sync_conflicts", ["uuid", "field"],
                    unique=True)
    op.create_table(
        "sync_tombstones",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("table_name", sa.String(64), nullable=False),
        sa.Column("uuid", sa.String(36), nullable=False),
        sa.Column("visit_id", sa.Integer, nullable=True),
        sa.Column("row_version", sa.Integer, nullable=False),
        sa.Column("deleted_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_sync_tombstones"),
    )
    op.create_index("ix_sync_tombstones_uuid", "sync_tombstones", ["uuid"])
    if op.get_bind().dialect.name == "postgresql":
        conn = op.get_bind()
        conn.exec_driver_sql(FUNCTION)
        for table, visit in SYNCED:
            args = ", ".join(f"'{a}'" for a in visit.split("."))
            conn.exec_driver_sql(f"CREATE TRIGGER {table}_tombstone AFTER DELETE ON {table} "
                                 f"FOR EACH ROW EXECUTE FUNCTION sync_tombstone({args})")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        conn = op.get_bind()
        for table, _visit in SYNCED:
            conn.exec_driver_sql(f"DROP TRIGGER {table}_tombstone ON {table}")
        conn.exec_driver_sql("DROP FUNCTION sync_tombstone()")
    for table in ("sync_tombstones", "sync_conflicts", "sync_base", "sync_origin"):
        op.drop_table(table)
