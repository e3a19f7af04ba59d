"""The four type columns get names of their own: `kind` meant both a kind of item and a column.

Revision ID: 0012_type_columns
Revises: 0011_sync_state
Create Date: 2026-12-03 08:00:00

`visits.kind`, `events.kind`, `talking_points.kind` and `agreements.kind` become
`visit_type`, `event_type`, `point_type` and `agreement_type`, renamed in place on both
back ends (`ALTER TABLE … RENAME COLUMN`: SQLite rewrites the CHECK constraints and
triggers that name the column; PostgreSQL follows it by number), so no table is
rebuilt and no row moves. The CHECK constraints keep their names (`ck_events_event_kind`).

A laptop's sync state names fields too: the base copy of each row (`sync_base.data`, the
row as JSON) and a kept conflict (`sync_conflicts.field`) are carried to the new names,
so a visit taken offline before the upgrade syncs on as if nothing had happened. The
search index is untouched: it holds the columns' values, which do not change.
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0012_type_columns"
down_revision = "0011_sync_state"
branch_labels = None
depends_on = None

# The search index's kinds that name a type column, as they are at this revision (a test
# compares the newest frozen kinds with core/search_schema.py). Nothing is re-indexed:
# the index holds the column's values, which the rename does not change.
KINDS = [
    ('event', 2, 'events', '{r}.visit_id', '{r}.title', "coalesce({r}.objectives, '') || ' ' || coalesce({r}.their_objectives, '') || ' ' || coalesce({r}.our_response, '') || ' ' || coalesce({r}.if_raised, '') || ' ' || coalesce({r}.press_line, '') || ' ' || coalesce({r}.background, '') || ' ' || coalesce({r}.background_nfd, '') || ' ' || coalesce({r}.scenario, '') || ' ' || coalesce({r}.protocol_notes, '') || ' ' || coalesce({r}.logistics_notes, '') || ' ' || coalesce({r}.dress_code, '') || ' ' || coalesce({r}.event_type, '') || ' ' || coalesce({r}.media_notes, '') || ' ' || coalesce({r}.accreditation_point, '') || ' ' || coalesce({r}.meeting_format, '') || ' ' || coalesce({r}.speaking_order, '') || ' ' || coalesce({r}.do_not_raise, '') || ' ' || coalesce((SELECT group_concat(n, ' ') FROM (SELECT p.native_name || ' ' || coalesce(p.latin_name, '') AS n FROM participations AS pa JOIN people AS p ON p.id = pa.person_id WHERE pa.event_id = {r}.id ORDER BY pa.position, pa.id) AS names), '')"),
    ('talking_point', 4, 'talking_points', '{r}.visit_id', "coalesce(nullif({r}.heading, ''), substr({r}.text, 1, 80))", "coalesce({r}.text, '') || ' ' || coalesce({r}.answer, '') || ' ' || coalesce({r}.topics, '') || ' ' || coalesce({r}.point_type, '')"),
    ('agreement', 6, 'agreements', '{r}.visit_id', '{r}.title', "coalesce({r}.parties, '') || ' ' || coalesce({r}.lead_agency, '') || ' ' || coalesce({r}.languages, '') || ' ' || coalesce({r}.notes, '') || ' ' || coalesce({r}.agreement_type, '')"),
]

# Frozen at this revision: table, old name, new name.
RENAMES = [
    ("visits", "kind", "visit_type"),
    ("events", "kind", "event_type"),
    ("talking_points", "kind", "point_type"),
    ("agreements", "kind", "agreement_type"),
]


def _rename(old_index: int, new_index: int) -> None:
    conn = op.get_bind()
    for row in RENAMES:
        table, old, new = row[0], row[old_index], row[new_index]
        conn.exec_driver_sql(f"ALTER TABLE {table} RENAME COLUMN {old} TO {new}")
        _carry_sync_state(conn, table, old, new)


def _carry_sync_state(conn: sa.Connection, table: str, old: str, new: str) -> None:
    """The laptop's base copies and kept conflicts of `table`, under the field's new name
    (as core/sync/rows.dumps writes them: sorted keys, text as it is)."""
    rows = conn.execute(sa.text("SELECT id, data FROM sync_base WHERE table_name = :t"),
                        {"t": table}).all()
    for row_id, data in rows:
        value = json.loads(data)
        if old in value:
            value[new] = value.pop(old)
            conn.execute(sa.text("UPDATE sync_base SET data = :d WHERE id = :i"),
                         {"d": json.dumps(value, ensure_ascii=False, sort_keys=True),
                          "i": row_id})
    conn.execute(sa.text("UPDATE sync_conflicts SET field = :new "
                         "WHERE table_name = :t AND field = :old"),
                 {"new": new, "t": table, "old": old})


def upgrade() -> None:
    _rename(1, 2)


def downgrade() -> None:
    _rename(2, 1)
