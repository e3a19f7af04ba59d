"""Press pack: press Q&A, media arrangements, press lines' clearance, public biographies,
the press office's marking, embargo and contacts, and duty contacts.

Revision ID: 0004_press_pack
Revises: 0003_read_indexes
Create Date: 2026-12-01 21:40:00

Existing press lines start as drafts: nothing reaches a press pack until someone
clears it. Search (0002's design, docs/search.md): press Q&A is indexed as kind 9 and
its rows mark themselves dirty like every indexed table's; the new text fields of
visits, events and people are part of their index text, so those rows are re-indexed
here, with this revision's kinds (KINDS), in this transaction.
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_press_pack"
down_revision = "0003_read_indexes"
branch_labels = None
depends_on = None

# Frozen as they are at this revision (a test compares them with core/search_schema.py).
# What each kind of row contributes to the search index at this revision (see
# core/search_schema.IndexedKind): the press fields, and press Q&A as kind 9.
KINDS = [
    ('visit', 1, 'visits', '{r}.id', '{r}.title', "coalesce({r}.purpose, '') || ' ' || coalesce({r}.objectives, '') || ' ' || coalesce({r}.key_messages, '') || ' ' || coalesce({r}.host_country, '') || ' ' || coalesce({r}.host_city, '') || ' ' || coalesce({r}.notes, '') || ' ' || coalesce({r}.press_contacts, '') || ' ' || coalesce({r}.duty_contacts, '')"),
    ('event', 2, 'events', '{r}.visit_id', '{r}.title', "coalesce({r}.objectives, '') || ' ' || coalesce({r}.their_objectives, '') || ' ' || coalesce({r}.our_response, '') || ' ' || coalesce({r}.if_raised, '') || ' ' || coalesce({r}.press_line, '') || ' ' || coalesce({r}.background, '') || ' ' || coalesce({r}.background_nfd, '') || ' ' || coalesce({r}.scenario, '') || ' ' || coalesce({r}.protocol_notes, '') || ' ' || coalesce({r}.logistics_notes, '') || ' ' || coalesce({r}.dress_code, '') || ' ' || coalesce({r}.kind, '') || ' ' || coalesce({r}.media_notes, '') || ' ' || coalesce({r}.accreditation_point, '') || ' ' || coalesce((SELECT group_concat(n, ' ') FROM (SELECT p.native_name || ' ' || coalesce(p.latin_name, '') AS n FROM participations AS pa JOIN people AS p ON p.id = pa.person_id WHERE pa.event_id = {r}.id ORDER BY pa.position, pa.id) AS names), '')"),
    ('person', 3, 'people', '{r}.visit_id', "{r}.native_name || ' ' || coalesce({r}.latin_name, '')", "coalesce({r}.title, '') || ' ' || coalesce({r}.organisation, '') || ' ' || coalesce({r}.country, '') || ' ' || coalesce({r}.form_of_address, '') || ' ' || coalesce({r}.biography, '') || ' ' || coalesce({r}.notes, '') || ' ' || coalesce({r}.public_biography, '')"),
    ('talking_point', 4, 'talking_points', '{r}.visit_id', "coalesce(nullif({r}.heading, ''), substr({r}.text, 1, 80))", "coalesce({r}.text, '') || ' ' || coalesce({r}.answer, '') || ' ' || coalesce({r}.topics, '') || ' ' || coalesce({r}.kind, '')"),
    ('fact', 5, 'facts', '{r}.visit_id', 'substr({r}.statement, 1, 120)', "coalesce({r}.statement, '') || ' ' || coalesce({r}.unit, '') || ' ' || coalesce({r}.source, '') || ' ' || coalesce({r}.topics, '')"),
    ('agreement', 6, 'agreements', '{r}.visit_id', '{r}.title', "coalesce({r}.parties, '') || ' ' || coalesce({r}.lead_agency, '') || ' ' || coalesce({r}.languages, '') || ' ' || coalesce({r}.notes, '') || ' ' || coalesce({r}.kind, '')"),
    ('agreement_version', 7, 'agreement_versions', '(SELECT visit_id FROM agreements WHERE id = {r}.agreement_id)', "(SELECT title FROM agreements WHERE id = {r}.agreement_id) || ' — version ' || {r}.number", "coalesce({r}.text, '') || ' ' || coalesce({r}.note, '') || ' ' || coalesce({r}.author, '')"),
    ('venue', 8, 'venues', '{r}.visit_id', '{r}.name', "coalesce({r}.city, '') || ' ' || coalesce({r}.address, '') || ' ' || coalesce({r}.notes, '')"),
    ('press_qa', 9, 'press_qas', '{r}.visit_id', 'substr({r}.question, 1, 120)', "coalesce({r}.question, '') || ' ' || coalesce({r}.answer, '') || ' ' || coalesce({r}.topics, '')"),
]

# The kinds this revision changes, as they were at 0002_search_folding (downgrade).
KINDS_BEFORE = [
    ('visit', 1, 'visits', '{r}.id', '{r}.title', "coalesce({r}.purpose, '') || ' ' || coalesce({r}.objectives, '') || ' ' || coalesce({r}.key_messages, '') || ' ' || coalesce({r}.host_country, '') || ' ' || coalesce({r}.host_city, '') || ' ' || coalesce({r}.notes, '')"),
    ('event', 2, 'events', '{r}.visit_id', '{r}.title', "coalesce({r}.objectives, '') || ' ' || coalesce({r}.their_objectives, '') || ' ' || coalesce({r}.our_response, '') || ' ' || coalesce({r}.if_raised, '') || ' ' || coalesce({r}.press_line, '') || ' ' || coalesce({r}.background, '') || ' ' || coalesce({r}.background_nfd, '') || ' ' || coalesce({r}.scenario, '') || ' ' || coalesce({r}.protocol_notes, '') || ' ' || coalesce({r}.logistics_notes, '') || ' ' || coalesce({r}.dress_code, '') || ' ' || coalesce({r}.kind, '') || ' ' || coalesce((SELECT group_concat(n, ' ') FROM (SELECT p.native_name || ' ' || coalesce(p.latin_name, '') AS n FROM participations AS pa JOIN people AS p ON p.id = pa.person_id WHERE pa.event_id = {r}.id ORDER BY pa.position, pa.id) AS names), '')"),
    ('person', 3, 'people', '{r}.visit_id', "{r}.native_name || ' ' || coalesce({r}.latin_name, '')", "coalesce({r}.title, '') || ' ' || coalesce({r}.organisation, '') || ' ' || coalesce({r}.country, '') || ' ' || coalesce({r}.form_of_address, '') || ' ' || coalesce({r}.biography, '') || ' ' || coalesce({r}.notes, '')"),
]

# Press Q&A rows mark themselves dirty, as every indexed table's rows do.
CREATE = [
    'CREATE TRIGGER press_qas_ai AFTER INSERT ON press_qas BEGIN INSERT INTO search_index_dirty(key) VALUES (NEW.id * 16 + 9); END',
    'CREATE TRIGGER press_qas_ad AFTER DELETE ON press_qas BEGIN INSERT INTO search_index_dirty(key) VALUES (OLD.id * 16 + 9); END',
    'CREATE TRIGGER press_qas_au AFTER UPDATE ON press_qas BEGIN INSERT INTO search_index_dirty(key) VALUES (OLD.id * 16 + 9), (NEW.id * 16 + 9); END',
]

DROP = [
    'DROP TRIGGER IF EXISTS press_qas_ai',
    'DROP TRIGGER IF EXISTS press_qas_ad',
    'DROP TRIGGER IF EXISTS press_qas_au',
]

# 0002's triggers on the tables changed here (a batch rebuild drops a table's triggers).
SEARCH_TRIGGERS = [
    'CREATE TRIGGER visits_ai AFTER INSERT ON visits BEGIN INSERT INTO search_index_dirty(key) VALUES (NEW.id * 16 + 1); END',
    'CREATE TRIGGER visits_ad AFTER DELETE ON visits BEGIN INSERT INTO search_index_dirty(key) VALUES (OLD.id * 16 + 1); END',
    'CREATE TRIGGER visits_au AFTER UPDATE ON visits BEGIN INSERT INTO search_index_dirty(key) VALUES (OLD.id * 16 + 1), (NEW.id * 16 + 1); END',
    'CREATE TRIGGER events_ai AFTER INSERT ON events BEGIN INSERT INTO search_index_dirty(key) VALUES (NEW.id * 16 + 2); END',
    'CREATE TRIGGER events_ad AFTER DELETE ON events BEGIN INSERT INTO search_index_dirty(key) VALUES (OLD.id * 16 + 2); END',
    'CREATE TRIGGER events_au AFTER UPDATE ON events BEGIN INSERT INTO search_index_dirty(key) VALUES (OLD.id * 16 + 2), (NEW.id * 16 + 2); END',
    'CREATE TRIGGER people_ai AFTER INSERT ON people BEGIN INSERT INTO search_index_dirty(key) VALUES (NEW.id * 16 + 3); END',
    'CREATE TRIGGER people_ad AFTER DELETE ON people BEGIN INSERT INTO search_index_dirty(key) VALUES (OLD.id * 16 + 3); END',
    'CREATE TRIGGER people_au AFTER UPDATE ON people BEGIN INSERT INTO search_index_dirty(key) VALUES (OLD.id * 16 + 3), (NEW.id * 16 + 3); END',
    'CREATE TRIGGER people_au_events AFTER UPDATE OF native_name, latin_name ON people BEGIN INSERT INTO search_index_dirty(key) SELECT event_id * 16 + 2 FROM participations WHERE person_id = NEW.id; END',
]

# The rows whose index text changes here (the new fields are part of it).
ENQUEUE = [
    'INSERT INTO search_index_dirty(key) SELECT id * 16 + 1 FROM visits',
    'INSERT INTO search_index_dirty(key) SELECT id * 16 + 2 FROM events',
    'INSERT INTO search_index_dirty(key) SELECT id * 16 + 3 FROM people',
]

_STATUS = ("draft", "approved")


def _restore_search_triggers() -> None:
    """0002's triggers of visits, events and people (batch rebuilds drop a table's)."""
    if op.get_bind().dialect.name != "sqlite":  # ALTER TABLE in place keeps them
        return
    for statement in SEARCH_TRIGGERS:
        name = statement.split()[2]
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute(statement)


def _reindex(rows: list[tuple[str, int, str, str, str, str]]) -> None:
    """Re-index the rows whose text changes here, with the kinds `rows` (folding is Python:
    the app's indexer, core/search_index.drain, in this transaction)."""
    from briefing_app.core.search_index import drain
    from briefing_app.core.search_schema import kinds_by_code

    for statement in ENQUEUE:
        op.execute(statement)
    drain(op.get_bind(), kinds_by_code(rows))


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
    _restore_search_triggers()
    for statement in _press_qa_triggers(CREATE):
        op.execute(statement)
    _reindex(KINDS)


def _press_qa_triggers(sqlite_statements: list[str]) -> list[str]:
    """Press Q&A's dirty-marking triggers in this database's dialect."""
    if op.get_bind().dialect.name != "postgresql":
        return sqlite_statements
    from briefing_app.core import search_pg
    from briefing_app.core.search_schema import kinds_by_code

    kind = kinds_by_code(KINDS)[9]
    if sqlite_statements is DROP:
        return [f"DROP TRIGGER IF EXISTS {kind.table}_search ON {kind.table}"]
    return search_pg.kind_triggers(kind)


def downgrade() -> None:
    for statement in _press_qa_triggers(DROP):
        op.execute(statement)
    # Press Q&A leaves the index: its keys, once their rows are gone, just lose their entries.
    op.execute("INSERT INTO search_index_dirty(key) SELECT key FROM search_index_docs "
               "WHERE kind = 'press_qa'")
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
    _restore_search_triggers()
    before = {row[1]: row for row in KINDS_BEFORE}
    _reindex([before.get(row[1], row) for row in KINDS if row[0] != "press_qa"])
