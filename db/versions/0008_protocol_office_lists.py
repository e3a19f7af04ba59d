"""The protocol office's lists: the delegation list (with restricted passport data), the
car plan of each transfer, the rooming lists, the gift register and speeches.

Revision ID: 0008b_protocol_lists
Revises: 0008_precedence_seating
Create Date: 2026-12-02 04:55:00

Five new tables, each searched (docs/search.md): delegates as kind 11, rooms 12, car seats
10, gifts 14, speeches 15. A delegate's passport number, date of birth and passport
expiry are not part of the index text: search never shows restricted data.
"""

import sqlalchemy as sa
from alembic import op

revision = "0008b_protocol_lists"
down_revision = "0008_precedence_seating"
branch_labels = None
depends_on = None

# Frozen as they are at this revision (a test compares them with core/search_schema.py).
KINDS = [
    ('delegate', 11, 'delegates', '{r}.visit_id', "coalesce((SELECT p.native_name || ' ' || coalesce(p.latin_name, '') FROM people AS p WHERE p.id = {r}.person_id), '')", "coalesce({r}.delegation_role, '') || ' ' || coalesce({r}.category, '') || ' ' || coalesce({r}.badge_number, '') || ' ' || coalesce({r}.nationality, '') || ' ' || coalesce({r}.visa_status, '') || ' ' || coalesce({r}.notes, '')"),
    ('room', 12, 'rooms', '{r}.visit_id', "'Room ' || {r}.room || ' ' || coalesce((SELECT p.native_name || ' ' || coalesce(p.latin_name, '') FROM people AS p WHERE p.id = {r}.person_id), '')", "coalesce({r}.notes, '')"),
    ('car_seat', 10, 'car_seats', '{r}.visit_id', "CASE {r}.vehicle WHEN 'aircraft' THEN 'Flight ' WHEN 'train' THEN 'Train ' WHEN 'coach' THEN 'Coach ' ELSE 'Car ' END || {r}.car_number || ' ' || coalesce((SELECT p.native_name || ' ' || coalesce(p.latin_name, '') FROM people AS p WHERE p.id = {r}.person_id), '')", "coalesce({r}.seat, '') || ' ' || coalesce({r}.driver, '') || ' ' || coalesce({r}.liaison, '') || ' ' || coalesce({r}.notes, '')"),
    ('gift', 14, 'gifts', '{r}.visit_id', '{r}.description', "coalesce({r}.direction, '') || ' ' || coalesce({r}.currency, '') || ' ' || coalesce({r}.disposition, '') || ' ' || coalesce({r}.notes, '')"),
    ('speech', 15, 'speeches', '{r}.visit_id', '{r}.title', "coalesce({r}.text, '') || ' ' || coalesce({r}.notes, '')"),
]

CREATE = [
    'CREATE TRIGGER delegates_ai AFTER INSERT ON delegates BEGIN INSERT INTO search_index_dirty(key) VALUES (NEW.id * 16 + 11); END',
    'CREATE TRIGGER delegates_ad AFTER DELETE ON delegates BEGIN INSERT INTO search_index_dirty(key) VALUES (OLD.id * 16 + 11); END',
    'CREATE TRIGGER delegates_au AFTER UPDATE ON delegates BEGIN INSERT INTO search_index_dirty(key) VALUES (OLD.id * 16 + 11), (NEW.id * 16 + 11); END',
    'CREATE TRIGGER rooms_ai AFTER INSERT ON rooms BEGIN INSERT INTO search_index_dirty(key) VALUES (NEW.id * 16 + 12); END',
    'CREATE TRIGGER rooms_ad AFTER DELETE ON rooms BEGIN INSERT INTO search_index_dirty(key) VALUES (OLD.id * 16 + 12); END',
    'CREATE TRIGGER rooms_au AFTER UPDATE ON rooms BEGIN INSERT INTO search_index_dirty(key) VALUES (OLD.id * 16 + 12), (NEW.id * 16 + 12); END',
    'CREATE TRIGGER car_seats_ai AFTER INSERT ON car_seats BEGIN INSERT INTO search_index_dirty(key) VALUES (NEW.id * 16 + 10); END',
    'CREATE TRIGGER car_seats_ad AFTER DELETE ON car_seats BEGIN INSERT INTO search_index_dirty(key) VALUES (OLD.id * 16 + 10); END',
    'CREATE TRIGGER car_seats_au AFTER UPDATE ON car_seats BEGIN INSERT INTO search_index_dirty(key) VALUES (OLD.id * 16 + 10), (NEW.id * 16 + 10); END',
    'CREATE TRIGGER gifts_ai AFTER INSERT ON gifts BEGIN INSERT INTO search_index_dirty(key) VALUES (NEW.id * 16 + 14); END',
    'CREATE TRIGGER gifts_ad AFTER DELETE ON gifts BEGIN INSERT INTO search_index_dirty(key) VALUES (OLD.id * 16 + 14); END',
    'CREATE TRIGGER gifts_au AFTER UPDATE ON gifts BEGIN INSERT INTO search_index_dirty(key) VALUES (OLD.id * 16 + 14), (NEW.id * 16 + 14); END',
    'CREATE TRIGGER speeches_ai AFTER INSERT ON speeches BEGIN INSERT INTO search_index_dirty(key) VALUES (NEW.id * 16 + 15); END',
    'CREATE TRIGGER speeches_ad AFTER DELETE ON speeches BEGIN INSERT INTO search_index_dirty(key) VALUES (OLD.id * 16 + 15); END',
    'CREATE TRIGGER speeches_au AFTER UPDATE ON speeches BEGIN INSERT INTO search_index_dirty(key) VALUES (OLD.id * 16 + 15), (NEW.id * 16 + 15); END',
]

DROP = [
    'DROP TRIGGER IF EXISTS delegates_ai',
    'DROP TRIGGER IF EXISTS delegates_ad',
    'DROP TRIGGER IF EXISTS delegates_au',
    'DROP TRIGGER IF EXISTS rooms_ai',
    'DROP TRIGGER IF EXISTS rooms_ad',
    'DROP TRIGGER IF EXISTS rooms_au',
    'DROP TRIGGER IF EXISTS car_seats_ai',
    'DROP TRIGGER IF EXISTS car_seats_ad',
    'DROP TRIGGER IF EXISTS car_seats_au',
    'DROP TRIGGER IF EXISTS gifts_ai',
    'DROP TRIGGER IF EXISTS gifts_ad',
    'DROP TRIGGER IF EXISTS gifts_au',
    'DROP TRIGGER IF EXISTS speeches_ai',
    'DROP TRIGGER IF EXISTS speeches_ad',
    'DROP TRIGGER IF EXISTS speeches_au',
]


_ACCREDITATION = ("head of delegation", "official", "security", "interpreter", "media", "staff")
_VISA = ("not required", "required", "applied", "granted", "refused")
_VEHICLE = ("car", "aircraft", "train", "coach")
_DIRECTION = ("given", "received")
_DISPOSITION = ("undecided", "kept by the state", "museum", "declared", "returned")


def _enum(values: tuple[str, ...], name: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def _table(name: str, *columns: sa.Column, refs: dict[str, tuple[str, str]]) -> None:
    """A visit's table: the common columns, `columns`, and the foreign keys `refs`
    (column -> (target table, on delete)), each indexed."""
    refs = {"visit_id": ("visits", "CASCADE"), **refs}
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        *columns,
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        *(sa.ForeignKeyConstraint([col], [f"{target}.id"],
                                  name=op.f(f"fk_{name}_{col}_{target}"), ondelete=on_delete)
          for col, (target, on_delete) in refs.items()),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{name}")),
        sa.UniqueConstraint("uuid", name=op.f(f"uq_{name}_uuid")),
    )
    with op.batch_alter_table(name, schema=None) as batch_op:
        for col in refs:
            batch_op.create_index(batch_op.f(f"ix_{name}_{col}"), [col], unique=False)


_TABLES = ("delegates", "car_seats", "rooms", "gifts", "speeches")


def upgrade() -> None:
    _table("delegates",
           sa.Column("person_id", sa.Integer(), nullable=False),
           sa.Column("delegation_role", sa.String(length=300), nullable=False),
           sa.Column("category", _enum(_ACCREDITATION, "accreditation"), nullable=False),
           sa.Column("badge_number", sa.String(length=40), nullable=False),
           sa.Column("nationality", sa.String(length=200), nullable=False),
           sa.Column("date_of_birth", sa.Date(), nullable=True),
           sa.Column("passport_number", sa.String(length=40), nullable=False),
           sa.Column("passport_expiry", sa.Date(), nullable=True),
           sa.Column("visa_status", _enum(_VISA, "visa_status"), nullable=False),
           sa.Column("notes", sa.Text(), nullable=False),
           refs={"person_id": ("people", "CASCADE")})
    _table("car_seats",
           sa.Column("event_id", sa.Integer(), nullable=True),
           sa.Column("car_position", sa.Integer(), nullable=False),
           sa.Column("car_number", sa.String(length=40), nullable=False),
           sa.Column("vehicle", _enum(_VEHICLE, "vehicle"), nullable=False),
           sa.Column("person_id", sa.Integer(), nullable=True),
           sa.Column("seat", sa.String(length=100), nullable=False),
           sa.Column("driver", sa.String(length=300), nullable=False),
           sa.Column("liaison", sa.String(length=300), nullable=False),
           sa.Column("notes", sa.Text(), nullable=False),
           refs={"event_id": ("events", "SET NULL"), "person_id": ("people", "CASCADE")})
    _table("rooms",
           sa.Column("hotel_id", sa.Integer(), nullable=True),
           sa.Column("room", sa.String(length=40), nullable=False),
           sa.Column("person_id", sa.Integer(), nullable=True),
           sa.Column("check_in", sa.Date(), nullable=True),
           sa.Column("check_out", sa.Date(), nullable=True),
           sa.Column("notes", sa.Text(), nullable=False),
           refs={"hotel_id": ("venues", "SET NULL"), "person_id": ("people", "CASCADE")})
    _table("gifts",
           sa.Column("description", sa.String(length=300), nullable=False),
           sa.Column("direction", _enum(_DIRECTION, "gift_direction"), nullable=False),
           sa.Column("event_id", sa.Integer(), nullable=True),
           sa.Column("giver_id", sa.Integer(), nullable=True),
           sa.Column("recipient_id", sa.Integer(), nullable=True),
           sa.Column("value", sa.Float(), nullable=True),
           sa.Column("currency", sa.String(length=3), nullable=False),
           sa.Column("photo", sa.LargeBinary(), nullable=True),
           sa.Column("photo_mime", sa.String(length=64), nullable=False),
           sa.Column("disposition", _enum(_DISPOSITION, "gift_disposition"), nullable=False),
           sa.Column("notes", sa.Text(), nullable=False),
           refs={"event_id": ("events", "SET NULL"), "giver_id": ("people", "SET NULL"),
                 "recipient_id": ("people", "SET NULL")})
    _table("speeches",
           sa.Column("title", sa.String(length=300), nullable=False),
           sa.Column("speaker_id", sa.Integer(), nullable=True),
           sa.Column("event_id", sa.Integer(), nullable=True),
           sa.Column("text", sa.Text(), nullable=False),
           sa.Column("words_per_minute", sa.Integer(), nullable=False),
           sa.Column("notes", sa.Text(), nullable=False),
           refs={"speaker_id": ("people", "SET NULL"), "event_id": ("events", "SET NULL")})
    for statement in _dialect(CREATE):
        op.execute(statement)


def _dialect(sqlite_statements: list[str]) -> list[str]:
    """The search triggers of CREATE or DROP in this database's dialect (PostgreSQL:
    core/search_pg.py, one trigger per table derived from KINDS)."""
    if op.get_bind().dialect.name != "postgresql":
        return sqlite_statements
    from briefing_app.core import search_pg

    return search_pg.migration_triggers(KINDS, drop=sqlite_statements is DROP)


def downgrade() -> None:
    for statement in _dialect(DROP):
        op.execute(statement)
    # The kinds leave the index: their keys, once their rows are gone, lose their entries.
    op.execute("INSERT INTO search_index_dirty(key) SELECT key FROM search_index_docs "
               "WHERE kind IN ('delegate', 'room', 'car_seat', 'gift', 'speech')")
    for name in reversed(_TABLES):
        op.drop_table(name)
