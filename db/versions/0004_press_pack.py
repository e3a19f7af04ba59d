"""Press pack: press Q&A, media arrangements, press lines' clearance, public biographies,
the press office's marking, embargo and contacts, and duty contacts.

Revision ID: 0004_press_pack
Revises: 0003_read_indexes
Create Date: 2026-12-01 21:40:00

Existing press lines start as drafts: nothing reaches a press pack until someone
clears it. The search triggers of visits, events and people are recreated so the new
text fields are found; press Q&A gets its own (kind code 9).
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_press_pack"
down_revision = "0003_read_indexes"
branch_labels = None
depends_on = None

# Frozen as they are at this revision (see core/search_schema.py).
TRIGGERS_NEW = [
    "CREATE TRIGGER visits_ai AFTER INSERT ON visits BEGIN INSERT INTO search_index(rowid, title, body, kind, row_id, visit_id) VALUES (NEW.id * 16 + 1, NEW.title, coalesce(NEW.purpose, '') || ' ' || coalesce(NEW.objectives, '') || ' ' || coalesce(NEW.key_messages, '') || ' ' || coalesce(NEW.host_country, '') || ' ' || coalesce(NEW.host_city, '') || ' ' || coalesce(NEW.notes, '') || ' ' || coalesce(NEW.press_contacts, '') || ' ' || coalesce(NEW.duty_contacts, ''), 'visit', NEW.id, NEW.id); END",
    "CREATE TRIGGER visits_ad AFTER DELETE ON visits BEGIN DELETE FROM search_index WHERE rowid = OLD.id * 16 + 1; END",
    "CREATE TRIGGER visits_au AFTER UPDATE ON visits BEGIN DELETE FROM search_index WHERE rowid = OLD.id * 16 + 1; INSERT INTO search_index(rowid, title, body, kind, row_id, visit_id) VALUES (NEW.id * 16 + 1, NEW.title, coalesce(NEW.purpose, '') || ' ' || coalesce(NEW.objectives, '') || ' ' || coalesce(NEW.key_messages, '') || ' ' || coalesce(NEW.host_country, '') || ' ' || coalesce(NEW.host_city, '') || ' ' || coalesce(NEW.notes, '') || ' ' || coalesce(NEW.press_contacts, '') || ' ' || coalesce(NEW.duty_contacts, ''), 'visit', NEW.id, NEW.id); END",
    "CREATE TRIGGER events_ai AFTER INSERT ON events BEGIN INSERT INTO search_index(rowid, title, body, kind, row_id, visit_id) VALUES (NEW.id * 16 + 2, NEW.title, coalesce(NEW.objectives, '') || ' ' || coalesce(NEW.their_objectives, '') || ' ' || coalesce(NEW.our_response, '') || ' ' || coalesce(NEW.if_raised, '') || ' ' || coalesce(NEW.press_line, '') || ' ' || coalesce(NEW.background, '') || ' ' || coalesce(NEW.background_nfd, '') || ' ' || coalesce(NEW.scenario, '') || ' ' || coalesce(NEW.protocol_notes, '') || ' ' || coalesce(NEW.logistics_notes, '') || ' ' || coalesce(NEW.dress_code, '') || ' ' || coalesce(NEW.kind, '') || ' ' || coalesce(NEW.media_notes, '') || ' ' || coalesce(NEW.accreditation_point, ''), 'event', NEW.id, NEW.visit_id); END",
    "CREATE TRIGGER events_ad AFTER DELETE ON events BEGIN DELETE FROM search_index WHERE rowid = OLD.id * 16 + 2; END",
    "CREATE TRIGGER events_au AFTER UPDATE ON events BEGIN DELETE FROM search_index WHERE rowid = OLD.id * 16 + 2; INSERT INTO search_index(rowid, title, body, kind, row_id, visit_id) VALUES (NEW.id * 16 + 2, NEW.title, coalesce(NEW.objectives, '') || ' ' || coalesce(NEW.their_objectives, '') || ' ' || coalesce(NEW.our_response, '') || ' ' || coalesce(NEW.if_raised, '') || ' ' || coalesce(NEW.press_line, '') || ' ' || coalesce(NEW.background, '') || ' ' || coalesce(NEW.background_nfd, '') || ' ' || coalesce(NEW.scenario, '') || ' ' || coalesce(NEW.protocol_notes, '') || ' ' || coalesce(NEW.logistics_notes, '') || ' ' || coalesce(NEW.dress_code, '') || ' ' || coalesce(NEW.kind, '') || ' ' || coalesce(NEW.media_notes, '') || ' ' || coalesce(NEW.accreditation_point, ''), 'event', NEW.id, NEW.visit_id); END",
    "CREATE TRIGGER people_ai AFTER INSERT ON people BEGIN INSERT INTO search_index(rowid, title, body, kind, row_id, visit_id) VALUES (NEW.id * 16 + 3, NEW.native_name || ' ' || coalesce(NEW.latin_name, ''), coalesce(NEW.title, '') || ' ' || coalesce(NEW.organisation, '') || ' ' || coalesce(NEW.country, '') || ' ' || coalesce(NEW.form_of_address, '') || ' ' || coalesce(NEW.biography, '') || ' ' || coalesce(NEW.notes, '') || ' ' || coalesce(NEW.public_biography, ''), 'person', NEW.id, NEW.visit_id); END",
    "CREATE TRIGGER people_ad AFTER DELETE ON people BEGIN DELETE FROM search_index WHERE rowid = OLD.id * 16 + 3; END",
    "CREATE TRIGGER people_au AFTER UPDATE ON people BEGIN DELETE FROM search_index WHERE rowid = OLD.id * 16 + 3; INSERT INTO search_index(rowid, title, body, kind, row_id, visit_id) VALUES (NEW.id * 16 + 3, NEW.native_name || ' ' || coalesce(NEW.latin_name, ''), coalesce(NEW.title, '') || ' ' || coalesce(NEW.organisation, '') || ' ' || coalesce(NEW.country, '') || ' ' || coalesce(NEW.form_of_address, '') || ' ' || coalesce(NEW.biography, '') || ' ' || coalesce(NEW.notes, '') || ' ' || coalesce(NEW.public_biography, ''), 'person', NEW.id, NEW.visit_id); END",
    "CREATE TRIGGER press_qas_ai AFTER INSERT ON press_qas BEGIN INSERT INTO search_index(rowid, title, body, kind, row_id, visit_id) VALUES (NEW.id * 16 + 9, substr(NEW.question, 1, 120), coalesce(NEW.question, '') || ' ' || coalesce(NEW.answer, '') || ' ' || coalesce(NEW.topics, ''), 'press_qa', NEW.id, NEW.visit_id); END",
    "CREATE TRIGGER press_qas_ad AFTER DELETE ON press_qas BEGIN DELETE FROM search_index WHERE rowid = OLD.id * 16 + 9; END",
    "CREATE TRIGGER press_qas_au AFTER UPDATE ON press_qas BEGIN DELETE FROM search_index WHERE rowid = OLD.id * 16 + 9; INSERT INTO search_index(rowid, title, body, kind, row_id, visit_id) VALUES (NEW.id * 16 + 9, substr(NEW.question, 1, 120), coalesce(NEW.question, '') || ' ' || coalesce(NEW.answer, '') || ' ' || coalesce(NEW.topics, ''), 'press_qa', NEW.id, NEW.visit_id); END",
]

# The triggers of 0001_initial for the tables whose triggers change here.
TRIGGERS_OLD = [
    "CREATE TRIGGER visits_ai AFTER INSERT ON visits BEGIN INSERT INTO search_index(rowid, title, body, kind, row_id, visit_id) VALUES (NEW.id * 16 + 1, NEW.title, coalesce(NEW.purpose, '') || ' ' || coalesce(NEW.objectives, '') || ' ' || coalesce(NEW.key_messages, '') || ' ' || coalesce(NEW.host_country, '') || ' ' || coalesce(NEW.host_city, '') || ' ' || coalesce(NEW.notes, ''), 'visit', NEW.id, NEW.id); END",
    "CREATE TRIGGER visits_ad AFTER DELETE ON visits BEGIN DELETE FROM search_index WHERE rowid = OLD.id * 16 + 1; END",
    "CREATE TRIGGER visits_au AFTER UPDATE ON visits BEGIN DELETE FROM search_index WHERE rowid = OLD.id * 16 + 1; INSERT INTO search_index(rowid, title, body, kind, row_id, visit_id) VALUES (NEW.id * 16 + 1, NEW.title, coalesce(NEW.purpose, '') || ' ' || coalesce(NEW.objectives, '') || ' ' || coalesce(NEW.key_messages, '') || ' ' || coalesce(NEW.host_country, '') || ' ' || coalesce(NEW.host_city, '') || ' ' || coalesce(NEW.notes, ''), 'visit', NEW.id, NEW.id); END",
    "CREATE TRIGGER events_ai AFTER INSERT ON events BEGIN INSERT INTO search_index(rowid, title, body, kind, row_id, visit_id) VALUES (NEW.id * 16 + 2, NEW.title, coalesce(NEW.objectives, '') || ' ' || coalesce(NEW.their_objectives, '') || ' ' || coalesce(NEW.our_response, '') || ' ' || coalesce(NEW.if_raised, '') || ' ' || coalesce(NEW.press_line, '') || ' ' || coalesce(NEW.background, '') || ' ' || coalesce(NEW.background_nfd, '') || ' ' || coalesce(NEW.scenario, '') || ' ' || coalesce(NEW.protocol_notes, '') || ' ' || coalesce(NEW.logistics_notes, '') || ' ' || coalesce(NEW.dress_code, '') || ' ' || coalesce(NEW.kind, ''), 'event', NEW.id, NEW.visit_id); END",
    "CREATE TRIGGER events_ad AFTER DELETE ON events BEGIN DELETE FROM search_index WHERE rowid = OLD.id * 16 + 2; END",
    "CREATE TRIGGER events_au AFTER UPDATE ON events BEGIN DELETE FROM search_index WHERE rowid = OLD.id * 16 + 2; INSERT INTO search_index(rowid, title, body, kind, row_id, visit_id) VALUES (NEW.id * 16 + 2, NEW.title, coalesce(NEW.objectives, '') || ' ' || coalesce(NEW.their_objectives, '') || ' ' || coalesce(NEW.our_response, '') || ' ' || coalesce(NEW.if_raised, '') || ' ' || coalesce(NEW.press_line, '') || ' ' || coalesce(NEW.background, '') || ' ' || coalesce(NEW.background_nfd, '') || ' ' || coalesce(NEW.scenario, '') || ' ' || coalesce(NEW.protocol_notes, '') || ' ' || coalesce(NEW.logistics_notes, '') || ' ' || coalesce(NEW.dress_code, '') || ' ' || coalesce(NEW.kind, ''), 'event', NEW.id, NEW.visit_id); END",
    "CREATE TRIGGER people_ai AFTER INSERT ON people BEGIN INSERT INTO search_index(rowid, title, body, kind, row_id, visit_id) VALUES (NEW.id * 16 + 3, NEW.native_name || ' ' || coalesce(NEW.latin_name, ''), coalesce(NEW.title, '') || ' ' || coalesce(NEW.organisation, '') || ' ' || coalesce(NEW.country, '') || ' ' || coalesce(NEW.form_of_address, '') || ' ' || coalesce(NEW.biography, '') || ' ' || coalesce(NEW.notes, ''), 'person', NEW.id, NEW.visit_id); END",
    "CREATE TRIGGER people_ad AFTER DELETE ON people BEGIN DELETE FROM search_index WHERE rowid = OLD.id * 16 + 3; END",
    "CREATE TRIGGER people_au AFTER UPDATE ON people BEGIN DELETE FROM search_index WHERE rowid = OLD.id * 16 + 3; INSERT INTO search_index(rowid, title, body, kind, row_id, visit_id) VALUES (NEW.id * 16 + 3, NEW.native_name || ' ' || coalesce(NEW.latin_name, ''), coalesce(NEW.title, '') || ' ' || coalesce(NEW.organisation, '') || ' ' || coalesce(NEW.country, '') || ' ' || coalesce(NEW.form_of_address, '') || ' ' || coalesce(NEW.biography, '') || ' ' || coalesce(NEW.notes, ''), 'person', NEW.id, NEW.visit_id); END",
]

_STATUS = ("draft", "approved")


def _drop_triggers(tables: tuple[str, ...]) -> None:
    for table in tables:
        for suffix in ("ai", "ad", "au"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_{suffix}")


def _reindex(table: str) -> None:
    """Fire the new update trigger once per row so the index holds the new fields."""
    op.execute(f"UPDATE {table} SET id = id")


def upgrade() -> None:
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.add_column(sa.Column("press_marking", sa.String(length=100), nullable=False,
                                      server_default="PUBLIC"))
        batch_op.add_column(sa.Column("press_embargo", sa.String(length=200), nullable=False,
                                      server_default=""))
        batch_op.add_column(sa.Column("press_contacts", sa.Text(), nullable=False,
                                      server_default=""))
        batch_op.add_column(sa.Column("duty_contacts", sa.Text(), nullable=False,
                                      server_default=""))
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.add_column(sa.Column("public_biography", sa.Text(), nullable=False,
                                      server_default=""))
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.add_column(sa.Column(
            "press_line_status",
            sa.Enum(*_STATUS, name="press_line_status", native_enum=False,
                    create_constraint=True, length=32),
            nullable=False, server_default="draft"))
        batch_op.add_column(sa.Column("photo_opportunity", sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.add_column(sa.Column("accreditation_point", sa.String(length=300),
                                      nullable=False, server_default=""))
        batch_op.add_column(sa.Column("media_notes", sa.Text(), nullable=False,
                                      server_default=""))
    op.create_table(
        "press_qas",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("status", sa.Enum(*_STATUS, name="qa_status", native_enum=False,
                                    create_constraint=True, length=32), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("topics", sa.String(length=500), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"],
                                name=op.f("fk_press_qas_event_id_events"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["visit_id"], ["visits.id"],
                                name=op.f("fk_press_qas_visit_id_visits"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_press_qas")),
        sa.UniqueConstraint("uuid", name=op.f("uq_press_qas_uuid")),
    )
    with op.batch_alter_table("press_qas", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_press_qas_event_id"), ["event_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_press_qas_visit_id"), ["visit_id"], unique=False)
    _drop_triggers(("visits", "events", "people"))
    for statement in TRIGGERS_NEW:
        op.execute(statement)
    for table in ("visits", "events", "people"):
        _reindex(table)


def downgrade() -> None:
    _drop_triggers(("visits", "events", "people", "press_qas"))
    op.execute("DELETE FROM search_index WHERE kind = 'press_qa'")
    with op.batch_alter_table("press_qas", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_press_qas_visit_id"))
        batch_op.drop_index(batch_op.f("ix_press_qas_event_id"))
    op.drop_table("press_qas")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_constraint("press_line_status", type_="check")
        for name in ("media_notes", "accreditation_point", "photo_opportunity",
                     "press_line_status"):
            batch_op.drop_column(name)
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_column("public_biography")
    with op.batch_alter_table("visits", schema=None) as batch_op:
        for name in ("duty_contacts", "press_contacts", "press_embargo", "press_marking"):
            batch_op.drop_column(name)
    for statement in TRIGGERS_OLD:
        op.execute(statement)
