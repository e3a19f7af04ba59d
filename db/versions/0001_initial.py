"""Initial schema: the visit and everything prepared for it, plus the search index.

Revision ID: 0001_initial
Revises:
Create Date: 2026-11-29 17:13:03.025925
"""

import sqlalchemy as sa
from alembic import op

revision = "0001_initial"
down_revision = None
branch_labels = None
depends_on = None


# The full-text index, frozen as it was at this revision (see core/search_schema.py).
FTS_CREATE = [
    "CREATE VIRTUAL TABLE search_index USING fts5(title, body, kind UNINDEXED, row_id UNINDEXED, visit_id UNINDEXED, tokenize='trigram case_sensitive 0')",
    "CREATE TRIGGER visits_ai AFTER INSERT ON visits BEGIN INSERT INTO search_index(rowid, title, body, kind, row_id, visit_id) VALUES (NEW.id * 16 + 1, NEW.title, coalesce(NEW.purpose, '') || ' ' || coalesce(NEW.objectives, '') || ' ' || coalesce(NEW.key_messages, '') || ' ' || coalesce(NEW.host_country, '') || ' ' || coalesce(NEW.host_city, '') || ' ' || coalesce(NEW.notes, ''), 'visit', NEW.id, NEW.id); END",
    "CREATE TRIGGER visits_ad AFTER DELETE ON visits BEGIN DELETE FROM search_index WHERE rowid = OLD.id * 16 + 1; END",
    "CREATE TRIGGER visits_au AFTER UPDATE ON visits BEGIN DELETE FROM search_index WHERE rowid = OLD.id * 16 + 1; INSERT INTO search_index(rowid, title, body, kind, row_id, visit_id) VALUES (NEW.id * 16 + 1, NEW.title, coalesce(NEW.purpose, '') || ' ' || coalesce(NEW.objectives, '') || ' ' || coalesce(NEW.key_messages, '') || ' ' || coalesce(NEW.host_country, '') || ' ' || coalesce(NEW.host_city, '') || ' ' || coalesce(NEW.notes, ''), 'visit', NEW.id, NEW.id); END",
    "CREATE TRIGGER events_ai AFTER INSERT ON events BEGIN INSERT INTO search_index(rowid, title, body, kind, row_id, visit_id) VALUES (NEW.id * 16 + 2, NEW.title, coalesce(NEW.objectives, '') || ' ' || coalesce(NEW.their_objectives, '') || ' ' || coalesce(NEW.our_response, '') || ' ' || coalesce(NEW.if_raised, '') || ' ' || coalesce(NEW.press_line, '') || ' ' || coalesce(NEW.background, '') || ' ' || coalesce(NEW.background_nfd, '') || ' ' || coalesce(NEW.scenario, '') || ' ' || coalesce(NEW.protocol_notes, '') || ' ' || coalesce(NEW.logistics_notes, '') || ' ' || coalesce(NEW.dress_code, '') || ' ' || coalesce(NEW.kind, ''), 'event', NEW.id, NEW.visit_id); END",
    "CREATE TRIGGER events_ad AFTER DELETE ON events BEGIN DELETE FROM search_index WHERE rowid = OLD.id * 16 + 2; END",
    "CREATE TRIGGER events_au AFTER UPDATE ON events BEGIN DELETE FROM search_index WHERE rowid = OLD.id * 16 + 2; INSERT INTO search_index(rowid, title, body, kind, row_id, visit_id) VALUES (NEW.id * 16 + 2, NEW.title, coalesce(NEW.objectives, '') || ' ' || coalesce(NEW.their_objectives, '') || ' ' || coalesce(NEW.our_response, '') || ' ' || coalesce(NEW.if_raised, '') || ' ' || coalesce(NEW.press_line, '') || ' ' || coalesce(NEW.background, '') || ' ' || coalesce(NEW.background_nfd, '') || ' ' || coalesce(NEW.scenario, '') || ' ' || coalesce(NEW.protocol_notes, '') || ' ' || coalesce(NEW.logistics_notes, '') || ' ' || coalesce(NEW.dress_code, '') || ' ' || coalesce(NEW.kind, ''), 'event', NEW.id, NEW.visit_id); END",
    "CREATE TRIGGER people_ai AFTER INSERT ON people BEGIN INSERT INTO search_index(rowid, title, body, kind, row_id, visit_id) VALUES (NEW.id * 16 + 3, NEW.native_name || ' ' || coalesce(NEW.latin_name, ''), coalesce(NEW.title, '') || ' ' || coalesce(NEW.organisation, '') || ' ' || coalesce(NEW.country, '') || ' ' || coalesce(NEW.form_of_address, '') || ' ' || coalesce(NEW.biography, '') || ' ' || coalesce(NEW.notes, ''), 'person', NEW.id, NEW.visit_id); END",
    "CREATE TRIGGER people_ad AFTER DELETE ON people BEGIN DELETE FROM search_index WHERE rowid = OLD.id * 16 + 3; END",
    "CREATE TRIGGER people_au AFTER UPDATE ON people BEGIN DELETE FROM search_index WHERE rowid = OLD.id * 16 + 3; INSERT INTO search_index(rowid, title, body, kind, row_id, visit_id) VALUES (NEW.id * 16 + 3, NEW.native_name || ' ' || coalesce(NEW.latin_name, ''), coalesce(NEW.title, '') || ' ' || coalesce(NEW.organisation, '') || ' ' || coalesce(NEW.country, '') || ' ' || coalesce(NEW.form_of_address, '') || ' ' || coalesce(NEW.biography, '') || ' ' || coalesce(NEW.notes, ''), 'person', NEW.id, NEW.visit_id); END",
    "CREATE TRIGGER talking_points_ai AFTER INSERT ON talking_points BEGIN INSERT INTO search_index(rowid, title, body, kind, row_id, visit_id) VALUES (NEW.id * 16 + 4, coalesce(nullif(NEW.heading, ''), substr(NEW.text, 1, 80)), coalesce(NEW.text, '') || ' ' || coalesce(NEW.answer, '') || ' ' || coalesce(NEW.topics, '') || ' ' || coalesce(NEW.kind, ''), 'talking_point', NEW.id, NEW.visit_id); END",
    "CREATE TRIGGER talking_points_ad AFTER DELETE ON talking_points BEGIN DELETE FROM search_index WHERE rowid = OLD.id * 16 + 4; END",
    "CREATE TRIGGER talking_points_au AFTER UPDATE ON talking_points BEGIN DELETE FROM search_index WHERE rowid = OLD.id * 16 + 4; INSERT INTO search_index(rowid, title, body, kind, row_id, visit_id) VALUES (NEW.id * 16 + 4, coalesce(nullif(NEW.heading, ''), substr(NEW.text, 1, 80)), coalesce(NEW.text, '') || ' ' || coalesce(NEW.answer, '') || ' ' || coalesce(NEW.topics, '') || ' ' || coalesce(NEW.kind, ''), 'talking_point', NEW.id, NEW.visit_id); END",
    "CREATE TRIGGER facts_ai AFTER INSERT ON facts BEGIN INSERT INTO search_index(rowid, title, body, kind, row_id, visit_id) VALUES (NEW.id * 16 + 5, substr(NEW.statement, 1, 120), coalesce(NEW.statement, '') || ' ' || coalesce(NEW.unit, '') || ' ' || coalesce(NEW.source, '') || ' ' || coalesce(NEW.topics, ''), 'fact', NEW.id, NEW.visit_id); END",
    "CREATE TRIGGER facts_ad AFTER DELETE ON facts BEGIN DELETE FROM search_index WHERE rowid = OLD.id * 16 + 5; END",
    "CREATE TRIGGER facts_au AFTER UPDATE ON facts BEGIN DELETE FROM search_index WHERE rowid = OLD.id * 16 + 5; INSERT INTO search_index(rowid, title, body, kind, row_id, visit_id) VALUES (NEW.id * 16 + 5, substr(NEW.statement, 1, 120), coalesce(NEW.statement, '') || ' ' || coalesce(NEW.unit, '') || ' ' || coalesce(NEW.source, '') || ' ' || coalesce(NEW.topics, ''), 'fact', NEW.id, NEW.visit_id); END",
    "CREATE TRIGGER agreements_ai AFTER INSERT ON agreements BEGIN INSERT INTO search_index(rowid, title, body, kind, row_id, visit_id) VALUES (NEW.id * 16 + 6, NEW.title, coalesce(NEW.parties, '') || ' ' || coalesce(NEW.lead_agency, '') || ' ' || coalesce(NEW.languages, '') || ' ' || coalesce(NEW.notes, '') || ' ' || coalesce(NEW.kind, ''), 'agreement', NEW.id, NEW.visit_id); END",
    "CREATE TRIGGER agreements_ad AFTER DELETE ON agreements BEGIN DELETE FROM search_index WHERE rowid = OLD.id * 16 + 6; END",
    "CREATE TRIGGER agreements_au AFTER UPDATE ON agreements BEGIN DELETE FROM search_index WHERE rowid = OLD.id * 16 + 6; INSERT INTO search_index(rowid, title, body, kind, row_id, visit_id) VALUES (NEW.id * 16 + 6, NEW.title, coalesce(NEW.parties, '') || ' ' || coalesce(NEW.lead_agency, '') || ' ' || coalesce(NEW.languages, '') || ' ' || coalesce(NEW.notes, '') || ' ' || coalesce(NEW.kind, ''), 'agreement', NEW.id, NEW.visit_id); END",
    "CREATE TRIGGER agreement_versions_ai AFTER INSERT ON agreement_versions BEGIN INSERT INTO search_index(rowid, title, body, kind, row_id, visit_id) VALUES (NEW.id * 16 + 7, (SELECT title FROM agreements WHERE id = NEW.agreement_id) || ' — version ' || NEW.number, coalesce(NEW.text, '') || ' ' || coalesce(NEW.note, '') || ' ' || coalesce(NEW.author, ''), 'agreement_version', NEW.id, (SELECT visit_id FROM agreements WHERE id = NEW.agreement_id)); END",
    "CREATE TRIGGER agreement_versions_ad AFTER DELETE ON agreement_versions BEGIN DELETE FROM search_index WHERE rowid = OLD.id * 16 + 7; END",
    "CREATE TRIGGER agreement_versions_au AFTER UPDATE ON agreement_versions BEGIN DELETE FROM search_index WHERE rowid = OLD.id * 16 + 7; INSERT INTO search_index(rowid, title, body, kind, row_id, visit_id) VALUES (NEW.id * 16 + 7, (SELECT title FROM agreements WHERE id = NEW.agreement_id) || ' — version ' || NEW.number, coalesce(NEW.text, '') || ' ' || coalesce(NEW.note, '') || ' ' || coalesce(NEW.author, ''), 'agreement_version', NEW.id, (SELECT visit_id FROM agreements WHERE id = NEW.agreement_id)); END",
    "CREATE TRIGGER venues_ai AFTER INSERT ON venues BEGIN INSERT INTO search_index(rowid, title, body, kind, row_id, visit_id) VALUES (NEW.id * 16 + 8, NEW.name, coalesce(NEW.city, '') || ' ' || coalesce(NEW.address, '') || ' ' || coalesce(NEW.notes, ''), 'venue', NEW.id, NEW.visit_id); END",
    "CREATE TRIGGER venues_ad AFTER DELETE ON venues BEGIN DELETE FROM search_index WHERE rowid = OLD.id * 16 + 8; END",
    "CREATE TRIGGER venues_au AFTER UPDATE ON venues BEGIN DELETE FROM search_index WHERE rowid = OLD.id * 16 + 8; INSERT INTO search_index(rowid, title, body, kind, row_id, visit_id) VALUES (NEW.id * 16 + 8, NEW.name, coalesce(NEW.city, '') || ' ' || coalesce(NEW.address, '') || ' ' || coalesce(NEW.notes, ''), 'venue', NEW.id, NEW.visit_id); END",
    "CREATE TRIGGER agreements_au_versions AFTER UPDATE OF title ON agreements BEGIN UPDATE agreement_versions SET number = number WHERE agreement_id = NEW.id; END",
]
FTS_DROP = [
    "DROP TRIGGER IF EXISTS agreements_au_versions",
    "DROP TRIGGER IF EXISTS visits_ai",
    "DROP TRIGGER IF EXISTS visits_ad",
    "DROP TRIGGER IF EXISTS visits_au",
    "DROP TRIGGER IF EXISTS events_ai",
    "DROP TRIGGER IF EXISTS events_ad",
    "DROP TRIGGER IF EXISTS events_au",
    "DROP TRIGGER IF EXISTS people_ai",
    "DROP TRIGGER IF EXISTS people_ad",
    "DROP TRIGGER IF EXISTS people_au",
    "DROP TRIGGER IF EXISTS talking_points_ai",
    "DROP TRIGGER IF EXISTS talking_points_ad",
    "DROP TRIGGER IF EXISTS talking_points_au",
    "DROP TRIGGER IF EXISTS facts_ai",
    "DROP TRIGGER IF EXISTS facts_ad",
    "DROP TRIGGER IF EXISTS facts_au",
    "DROP TRIGGER IF EXISTS agreements_ai",
    "DROP TRIGGER IF EXISTS agreements_ad",
    "DROP TRIGGER IF EXISTS agreements_au",
    "DROP TRIGGER IF EXISTS agreement_versions_ai",
    "DROP TRIGGER IF EXISTS agreement_versions_ad",
    "DROP TRIGGER IF EXISTS agreement_versions_au",
    "DROP TRIGGER IF EXISTS venues_ai",
    "DROP TRIGGER IF EXISTS venues_ad",
    "DROP TRIGGER IF EXISTS venues_au",
    "DROP TABLE IF EXISTS search_index",
]


def upgrade() -> None:
    op.create_table(
        "visits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "state visit",
                "official visit",
                "working visit",
                "private visit",
                "conference",
                "other",
                name="visit_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("principal_id", sa.Integer(), nullable=True),
        sa.Column("host_country", sa.String(length=200), nullable=False),
        sa.Column("host_city", sa.String(length=200), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("home_tz", sa.String(length=64), nullable=False),
        sa.Column("classification", sa.String(length=100), nullable=False),
        sa.Column("purpose", sa.Text(), nullable=False),
        sa.Column("objectives", sa.Text(), nullable=False),
        sa.Column("key_messages", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "planning",
                "confirmed",
                "under way",
                "completed",
                "cancelled",
                name="visit_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("fact_stale_days", sa.Integer(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["principal_id"],
            ["people.id"],
            name=op.f("fk_visits_principal_id_people"),
            ondelete="SET NULL",
            use_alter=True,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visits")),
        sa.UniqueConstraint("uuid", name=op.f("uq_visits_uuid")),
    )
    op.create_table(
        "facts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("statement", sa.Text(), nullable=False),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("unit", sa.String(length=100), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=True),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("topics", sa.String(length=500), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["visit_id"], ["visits.id"], name=op.f("fk_facts_visit_id_visits"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_facts")),
        sa.UniqueConstraint("uuid", name=op.f("uq_facts_uuid")),
    )
    with op.batch_alter_table("facts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_facts_visit_id"), ["visit_id"], unique=False)

    op.create_table(
        "people",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("native_name", sa.String(length=300), nullable=False),
        sa.Column("latin_name", sa.String(length=300), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("organisation", sa.String(length=300), nullable=False),
        sa.Column("country", sa.String(length=200), nullable=False),
        sa.Column(
            "side",
            sa.Enum(
                "our delegation",
                "counterpart",
                "other",
                name="side",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("form_of_address", sa.String(length=300), nullable=False),
        sa.Column("biography", sa.Text(), nullable=False),
        sa.Column("photo", sa.LargeBinary(), nullable=True),
        sa.Column("photo_mime", sa.String(length=64), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["visit_id"], ["visits.id"], name=op.f("fk_people_visit_id_visits"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_people")),
        sa.UniqueConstraint("uuid", name=op.f("uq_people_uuid")),
    )
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_people_visit_id"), ["visit_id"], unique=False)

    op.create_table(
        "talking_points",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("heading", sa.String(length=300), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "point to make",
                "line to take",
                "question to ask",
                "expected question",
                "if raised",
                name="point_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("topics", sa.String(length=500), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "approved",
                name="point_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("restricted", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["visit_id"],
            ["visits.id"],
            name=op.f("fk_talking_points_visit_id_visits"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_talking_points")),
        sa.UniqueConstraint("uuid", name=op.f("uq_talking_points_uuid")),
    )
    with op.batch_alter_table("talking_points", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_talking_points_visit_id"), ["visit_id"], unique=False)

    op.create_table(
        "venues",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("city", sa.String(length=200), nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("tz", sa.String(length=64), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["visit_id"], ["visits.id"], name=op.f("fk_venues_visit_id_visits"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_venues")),
        sa.UniqueConstraint("uuid", name=op.f("uq_venues_uuid")),
    )
    with op.batch_alter_table("venues", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_venues_visit_id"), ["visit_id"], unique=False)

    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "talks",
                "meeting",
                "business forum",
                "speech",
                "site visit",
                "signing ceremony",
                "ceremony",
                "meal",
                "transfer",
                "flight",
                "press",
                "internal",
                "other",
                name="event_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("starts_at", sa.DateTime(), nullable=False),
        sa.Column("ends_at", sa.DateTime(), nullable=False),
        sa.Column("tz", sa.String(length=64), nullable=False),
        sa.Column("end_tz", sa.String(length=64), nullable=False),
        sa.Column("venue_id", sa.Integer(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "proposed",
                "confirmed",
                "cancelled",
                name="event_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "press",
            sa.Enum(
                "open",
                "closed",
                "pool",
                name="press_access",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("dress_code", sa.String(length=200), nullable=False),
        sa.Column("protocol_notes", sa.Text(), nullable=False),
        sa.Column("logistics_notes", sa.Text(), nullable=False),
        sa.Column("scenario", sa.Text(), nullable=False),
        sa.Column("objectives", sa.Text(), nullable=False),
        sa.Column("their_objectives", sa.Text(), nullable=False),
        sa.Column("our_response", sa.Text(), nullable=False),
        sa.Column("if_raised", sa.Text(), nullable=False),
        sa.Column("press_line", sa.Text(), nullable=False),
        sa.Column("background", sa.Text(), nullable=False),
        sa.Column("background_nfd", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["venue_id"], ["venues.id"], name=op.f("fk_events_venue_id_venues"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["visit_id"], ["visits.id"], name=op.f("fk_events_visit_id_visits"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
        sa.UniqueConstraint("uuid", name=op.f("uq_events_uuid")),
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_events_starts_at"), ["starts_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_events_venue_id"), ["venue_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_events_visit_id"), ["visit_id"], unique=False)

    op.create_table(
        "talking_point_facts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("talking_point_id", sa.Integer(), nullable=False),
        sa.Column("fact_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["fact_id"],
            ["facts.id"],
            name=op.f("fk_talking_point_facts_fact_id_facts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["talking_point_id"],
            ["talking_points.id"],
            name=op.f("fk_talking_point_facts_talking_point_id_talking_points"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_talking_point_facts")),
        sa.UniqueConstraint(
            "talking_point_id",
            "fact_id",
            name=op.f("uq_talking_point_facts_talking_point_id_fact_id"),
        ),
        sa.UniqueConstraint("uuid", name=op.f("uq_talking_point_facts_uuid")),
    )
    with op.batch_alter_table("talking_point_facts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_talking_point_facts_fact_id"), ["fact_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_talking_point_facts_talking_point_id"),
            ["talking_point_id"],
            unique=False,
        )

    op.create_table(
        "agreements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "agreement",
                "memorandum",
                "protocol",
                "joint statement",
                "joint declaration",
                "contract",
                "programme",
                "other",
                name="agreement_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("parties", sa.Text(), nullable=False),
        sa.Column("lead_agency", sa.String(length=300), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "under negotiation",
                "agreed",
                "initialled",
                "signed",
                "dropped",
                name="agreement_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("signing_event_id", sa.Integer(), nullable=True),
        sa.Column("languages", sa.String(length=200), nullable=False),
        sa.Column("is_public", sa.Boolean(), nullable=False),
        sa.Column("signing_order", sa.Integer(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["signing_event_id"],
            ["events.id"],
            name=op.f("fk_agreements_signing_event_id_events"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["visit_id"],
            ["visits.id"],
            name=op.f("fk_agreements_visit_id_visits"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agreements")),
        sa.UniqueConstraint("uuid", name=op.f("uq_agreements_uuid")),
    )
    with op.batch_alter_table("agreements", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_agreements_signing_event_id"), ["signing_event_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_agreements_visit_id"), ["visit_id"], unique=False)

    op.create_table(
        "event_facts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("fact_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_event_facts_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["fact_id"], ["facts.id"], name=op.f("fk_event_facts_fact_id_facts"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_facts")),
        sa.UniqueConstraint("event_id", "fact_id", name=op.f("uq_event_facts_event_id_fact_id")),
        sa.UniqueConstraint("uuid", name=op.f("uq_event_facts_uuid")),
    )
    with op.batch_alter_table("event_facts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_facts_event_id"), ["event_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_event_facts_fact_id"), ["fact_id"], unique=False)

    op.create_table(
        "event_talking_points",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("talking_point_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_event_talking_points_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["talking_point_id"],
            ["talking_points.id"],
            name=op.f("fk_event_talking_points_talking_point_id_talking_points"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_talking_points")),
        sa.UniqueConstraint(
            "event_id",
            "talking_point_id",
            name=op.f("uq_event_talking_points_event_id_talking_point_id"),
        ),
        sa.UniqueConstraint("uuid", name=op.f("uq_event_talking_points_uuid")),
    )
    with op.batch_alter_table("event_talking_points", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_event_talking_points_event_id"), ["event_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_event_talking_points_talking_point_id"),
            ["talking_point_id"],
            unique=False,
        )

    op.create_table(
        "participations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "principal",
                "host",
                "participant",
                "interpreter",
                "note-taker",
                "speaker",
                "signatory",
                "support",
                "security",
                "press officer",
                name="role",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_participations_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_participations_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_participations")),
        sa.UniqueConstraint(
            "event_id", "person_id", name=op.f("uq_participations_event_id_person_id")
        ),
        sa.UniqueConstraint("uuid", name=op.f("uq_participations_uuid")),
    )
    with op.batch_alter_table("participations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_participations_event_id"), ["event_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_participations_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "agreement_signatories",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("agreement_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agreement_id"],
            ["agreements.id"],
            name=op.f("fk_agreement_signatories_agreement_id_agreements"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_agreement_signatories_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agreement_signatories")),
        sa.UniqueConstraint(
            "agreement_id",
            "person_id",
            name=op.f("uq_agreement_signatories_agreement_id_person_id"),
        ),
        sa.UniqueConstraint("uuid", name=op.f("uq_agreement_signatories_uuid")),
    )
    with op.batch_alter_table("agreement_signatories", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_agreement_signatories_agreement_id"), ["agreement_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_agreement_signatories_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "agreement_status_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("agreement_id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "under negotiation",
                "agreed",
                "initialled",
                "signed",
                "dropped",
                name="agreement_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agreement_id"],
            ["agreements.id"],
            name=op.f("fk_agreement_status_changes_agreement_id_agreements"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agreement_status_changes")),
        sa.UniqueConstraint("uuid", name=op.f("uq_agreement_status_changes_uuid")),
    )
    with op.batch_alter_table("agreement_status_changes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_agreement_status_changes_agreement_id"), ["agreement_id"], unique=False
        )

    op.create_table(
        "agreement_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("agreement_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("author", sa.String(length=300), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agreement_id"],
            ["agreements.id"],
            name=op.f("fk_agreement_versions_agreement_id_agreements"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agreement_versions")),
        sa.UniqueConstraint(
            "agreement_id", "number", name=op.f("uq_agreement_versions_agreement_id_number")
        ),
        sa.UniqueConstraint("uuid", name=op.f("uq_agreement_versions_uuid")),
    )
    with op.batch_alter_table("agreement_versions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_agreement_versions_agreement_id"), ["agreement_id"], unique=False
        )

    if op.get_bind().dialect.name != "sqlite":
        # CREATE TABLE leaves a use_alter key out where ALTER TABLE can add it (SQLite
        # has it inline): the principal's key, made once both tables exist.
        op.create_foreign_key(op.f("fk_visits_principal_id_people"), "visits", "people",
                              ["principal_id"], ["id"], ondelete="SET NULL")
    if op.get_bind().dialect.name == "sqlite":  # PostgreSQL: 0002 builds its own index
        for statement in FTS_CREATE:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in FTS_DROP:
            op.execute(statement)
    else:
        op.drop_constraint(op.f("fk_visits_principal_id_people"), "visits", type_="foreignkey")
    with op.batch_alter_table("agreement_versions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agreement_versions_agreement_id"))

    op.drop_table("agreement_versions")
    with op.batch_alter_table("agreement_status_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agreement_status_changes_agreement_id"))

    op.drop_table("agreement_status_changes")
    with op.batch_alter_table("agreement_signatories", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agreement_signatories_person_id"))
        batch_op.drop_index(batch_op.f("ix_agreement_signatories_agreement_id"))

    op.drop_table("agreement_signatories")
    with op.batch_alter_table("participations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_participations_person_id"))
        batch_op.drop_index(batch_op.f("ix_participations_event_id"))

    op.drop_table("participations")
    with op.batch_alter_table("event_talking_points", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_talking_points_talking_point_id"))
        batch_op.drop_index(batch_op.f("ix_event_talking_points_event_id"))

    op.drop_table("event_talking_points")
    with op.batch_alter_table("event_facts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_facts_fact_id"))
        batch_op.drop_index(batch_op.f("ix_event_facts_event_id"))

    op.drop_table("event_facts")
    with op.batch_alter_table("agreements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agreements_visit_id"))
        batch_op.drop_index(batch_op.f("ix_agreements_signing_event_id"))

    op.drop_table("agreements")
    with op.batch_alter_table("talking_point_facts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_talking_point_facts_talking_point_id"))
        batch_op.drop_index(batch_op.f("ix_talking_point_facts_fact_id"))

    op.drop_table("talking_point_facts")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_events_visit_id"))
        batch_op.drop_index(batch_op.f("ix_events_venue_id"))
        batch_op.drop_index(batch_op.f("ix_events_starts_at"))

    op.drop_table("events")
    with op.batch_alter_table("venues", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_venues_visit_id"))

    op.drop_table("venues")
    with op.batch_alter_table("talking_points", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_talking_points_visit_id"))

    op.drop_table("talking_points")
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_people_visit_id"))

    op.drop_table("people")
    with op.batch_alter_table("facts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_facts_visit_id"))

    op.drop_table("facts")
    op.drop_table("visits")
