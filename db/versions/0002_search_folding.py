"""Search with folding: accents, case and compatibility forms folded in Python; a word
index for whole words and one- or two-character CJK queries; person names in events.

The 0001 triggers wrote raw text into the FTS table; folding needs Python, so the
triggers now only mark changed rows dirty and the app re-indexes them before each
commit (briefing_app/core/search_schema.py explains why). This migration replaces the
old index and its triggers and indexes every existing row.

Revision ID: 0002_search_folding
Revises: 0001_initial
Create Date: 2026-12-01 21:50:00
"""

import importlib.util
from pathlib import Path

from alembic import op

revision = "0002_search_folding"
down_revision = "0001_initial"
branch_labels = None
depends_on = None

# The index and its triggers, frozen as they are at this revision (a test compares them
# with core/search_schema.py).
CREATE = [
    'CREATE TABLE search_index_dirty (key INTEGER NOT NULL)',
    'CREATE TABLE search_index_docs (key INTEGER PRIMARY KEY, kind TEXT NOT NULL, row_id INTEGER NOT NULL, visit_id INTEGER NOT NULL)',
    "CREATE VIRTUAL TABLE search_index USING fts5(title, body, tokenize='trigram case_sensitive 1')",
    "CREATE VIRTUAL TABLE search_index_titles USING fts5(title, tokenize='trigram case_sensitive 1')",
    'CREATE VIRTUAL TABLE search_index_words USING fts5(title, body, tokenize="unicode61 remove_diacritics 0 categories \'L* N* Co M*\'")',
    'CREATE TRIGGER visits_ai AFTER INSERT ON visits BEGIN INSERT INTO search_index_dirty(key) VALUES (NEW.id * 16 + 1); END',
    'CREATE TRIGGER visits_ad AFTER DELETE ON visits BEGIN INSERT INTO search_index_dirty(key) VALUES (OLD.id * 16 + 1); END',
    'CREATE TRIGGER visits_au AFTER UPDATE ON visits BEGIN INSERT INTO search_index_dirty(key) VALUES (OLD.id * 16 + 1), (NEW.id * 16 + 1); END',
    'CREATE TRIGGER events_ai AFTER INSERT ON events BEGIN INSERT INTO search_index_dirty(key) VALUES (NEW.id * 16 + 2); END',
    'CREATE TRIGGER events_ad AFTER DELETE ON events BEGIN INSERT INTO search_index_dirty(key) VALUES (OLD.id * 16 + 2); END',
    'CREATE TRIGGER events_au AFTER UPDATE ON events BEGIN INSERT INTO search_index_dirty(key) VALUES (OLD.id * 16 + 2), (NEW.id * 16 + 2); END',
    'CREATE TRIGGER people_ai AFTER INSERT ON people BEGIN INSERT INTO search_index_dirty(key) VALUES (NEW.id * 16 + 3); END',
    'CREATE TRIGGER people_ad AFTER DELETE ON people BEGIN INSERT INTO search_index_dirty(key) VALUES (OLD.id * 16 + 3); END',
    'CREATE TRIGGER people_au AFTER UPDATE ON people BEGIN INSERT INTO search_index_dirty(key) VALUES (OLD.id * 16 + 3), (NEW.id * 16 + 3); END',
    'CREATE TRIGGER talking_points_ai AFTER INSERT ON talking_points BEGIN INSERT INTO search_index_dirty(key) VALUES (NEW.id * 16 + 4); END',
    'CREATE TRIGGER talking_points_ad AFTER DELETE ON talking_points BEGIN INSERT INTO search_index_dirty(key) VALUES (OLD.id * 16 + 4); END',
    'CREATE TRIGGER talking_points_au AFTER UPDATE ON talking_points BEGIN INSERT INTO search_index_dirty(key) VALUES (OLD.id * 16 + 4), (NEW.id * 16 + 4); END',
    'CREATE TRIGGER facts_ai AFTER INSERT ON facts BEGIN INSERT INTO search_index_dirty(key) VALUES (NEW.id * 16 + 5); END',
    'CREATE TRIGGER facts_ad AFTER DELETE ON facts BEGIN INSERT INTO search_index_dirty(key) VALUES (OLD.id * 16 + 5); END',
    'CREATE TRIGGER facts_au AFTER UPDATE ON facts BEGIN INSERT INTO search_index_dirty(key) VALUES (OLD.id * 16 + 5), (NEW.id * 16 + 5); END',
    'CREATE TRIGGER agreements_ai AFTER INSERT ON agreements BEGIN INSERT INTO search_index_dirty(key) VALUES (NEW.id * 16 + 6); END',
    'CREATE TRIGGER agreements_ad AFTER DELETE ON agreements BEGIN INSERT INTO search_index_dirty(key) VALUES (OLD.id * 16 + 6); END',
    'CREATE TRIGGER agreements_au AFTER UPDATE ON agreements BEGIN INSERT INTO search_index_dirty(key) VALUES (OLD.id * 16 + 6), (NEW.id * 16 + 6); END',
    'CREATE TRIGGER agreement_versions_ai AFTER INSERT ON agreement_versions BEGIN INSERT INTO search_index_dirty(key) VALUES (NEW.id * 16 + 7); END',
    'CREATE TRIGGER agreement_versions_ad AFTER DELETE ON agreement_versions BEGIN INSERT INTO search_index_dirty(key) VALUES (OLD.id * 16 + 7); END',
    'CREATE TRIGGER agreement_versions_au AFTER UPDATE ON agreement_versions BEGIN INSERT INTO search_index_dirty(key) VALUES (OLD.id * 16 + 7), (NEW.id * 16 + 7); END',
    'CREATE TRIGGER venues_ai AFTER INSERT ON venues BEGIN INSERT INTO search_index_dirty(key) VALUES (NEW.id * 16 + 8); END',
    'CREATE TRIGGER venues_ad AFTER DELETE ON venues BEGIN INSERT INTO search_index_dirty(key) VALUES (OLD.id * 16 + 8); END',
    'CREATE TRIGGER venues_au AFTER UPDATE ON venues BEGIN INSERT INTO search_index_dirty(key) VALUES (OLD.id * 16 + 8), (NEW.id * 16 + 8); END',
    'CREATE TRIGGER agreements_au_versions AFTER UPDATE OF title, visit_id ON agreements BEGIN INSERT INTO search_index_dirty(key) SELECT id * 16 + 7 FROM agreement_versions WHERE agreement_id = NEW.id; END',
    'CREATE TRIGGER people_au_events AFTER UPDATE OF native_name, latin_name ON people BEGIN INSERT INTO search_index_dirty(key) SELECT event_id * 16 + 2 FROM participations WHERE person_id = NEW.id; END',
    'CREATE TRIGGER participations_ai AFTER INSERT ON participations BEGIN INSERT INTO search_index_dirty(key) VALUES (NEW.event_id * 16 + 2); END',
    'CREATE TRIGGER participations_ad AFTER DELETE ON participations BEGIN INSERT INTO search_index_dirty(key) VALUES (OLD.event_id * 16 + 2); END',
    'CREATE TRIGGER participations_au AFTER UPDATE ON participations BEGIN INSERT INTO search_index_dirty(key) VALUES (OLD.event_id * 16 + 2), (NEW.event_id * 16 + 2); END',
]
DROP = [
    'DROP TRIGGER IF EXISTS visits_ai',
    'DROP TRIGGER IF EXISTS visits_ad',
    'DROP TRIGGER IF EXISTS visits_au',
    'DROP TRIGGER IF EXISTS events_ai',
    'DROP TRIGGER IF EXISTS events_ad',
    'DROP TRIGGER IF EXISTS events_au',
    'DROP TRIGGER IF EXISTS people_ai',
    'DROP TRIGGER IF EXISTS people_ad',
    'DROP TRIGGER IF EXISTS people_au',
    'DROP TRIGGER IF EXISTS talking_points_ai',
    'DROP TRIGGER IF EXISTS talking_points_ad',
    'DROP TRIGGER IF EXISTS talking_points_au',
    'DROP TRIGGER IF EXISTS facts_ai',
    'DROP TRIGGER IF EXISTS facts_ad',
    'DROP TRIGGER IF EXISTS facts_au',
    'DROP TRIGGER IF EXISTS agreements_ai',
    'DROP TRIGGER IF EXISTS agreements_ad',
    'DROP TRIGGER IF EXISTS agreements_au',
    'DROP TRIGGER IF EXISTS agreement_versions_ai',
    'DROP TRIGGER IF EXISTS agreement_versions_ad',
    'DROP TRIGGER IF EXISTS agreement_versions_au',
    'DROP TRIGGER IF EXISTS venues_ai',
    'DROP TRIGGER IF EXISTS venues_ad',
    'DROP TRIGGER IF EXISTS venues_au',
    'DROP TRIGGER IF EXISTS agreements_au_versions',
    'DROP TRIGGER IF EXISTS people_au_events',
    'DROP TRIGGER IF EXISTS participations_ai',
    'DROP TRIGGER IF EXISTS participations_ad',
    'DROP TRIGGER IF EXISTS participations_au',
    'DROP TABLE IF EXISTS search_index',
    'DROP TABLE IF EXISTS search_index_titles',
    'DROP TABLE IF EXISTS search_index_words',
    'DROP TABLE IF EXISTS search_index_docs',
    'DROP TABLE IF EXISTS search_index_dirty',
]
ENQUEUE_ALL = [
    'INSERT INTO search_index_dirty(key) SELECT id * 16 + 1 FROM visits',
    'INSERT INTO search_index_dirty(key) SELECT id * 16 + 2 FROM events',
    'INSERT INTO search_index_dirty(key) SELECT id * 16 + 3 FROM people',
    'INSERT INTO search_index_dirty(key) SELECT id * 16 + 4 FROM talking_points',
    'INSERT INTO search_index_dirty(key) SELECT id * 16 + 5 FROM facts',
    'INSERT INTO search_index_dirty(key) SELECT id * 16 + 6 FROM agreements',
    'INSERT INTO search_index_dirty(key) SELECT id * 16 + 7 FROM agreement_versions',
    'INSERT INTO search_index_dirty(key) SELECT id * 16 + 8 FROM venues',
]
# What each kind of row contributes at this revision (kind, code, table, visit, title,
# body; see core/search_schema.IndexedKind), frozen: the indexer runs with these here, so
# a later revision that indexes new columns never makes this migration read them.
KINDS = [
    ('visit', 1, 'visits', '{r}.id', '{r}.title', "coalesce({r}.purpose, '') || ' ' || coalesce({r}.objectives, '') || ' ' || coalesce({r}.key_messages, '') || ' ' || coalesce({r}.host_country, '') || ' ' || coalesce({r}.host_city, '') || ' ' || coalesce({r}.notes, '')"),
    ('event', 2, 'events', '{r}.visit_id', '{r}.title', "coalesce({r}.objectives, '') || ' ' || coalesce({r}.their_objectives, '') || ' ' || coalesce({r}.our_response, '') || ' ' || coalesce({r}.if_raised, '') || ' ' || coalesce({r}.press_line, '') || ' ' || coalesce({r}.background, '') || ' ' || coalesce({r}.background_nfd, '') || ' ' || coalesce({r}.scenario, '') || ' ' || coalesce({r}.protocol_notes, '') || ' ' || coalesce({r}.logistics_notes, '') || ' ' || coalesce({r}.dress_code, '') || ' ' || coalesce({r}.kind, '') || ' ' || coalesce((SELECT group_concat(n, ' ') FROM (SELECT p.native_name || ' ' || coalesce(p.latin_name, '') AS n FROM participations AS pa JOIN people AS p ON p.id = pa.person_id WHERE pa.event_id = {r}.id ORDER BY pa.position, pa.id) AS names), '')"),
    ('person', 3, 'people', '{r}.visit_id', "{r}.native_name || ' ' || coalesce({r}.latin_name, '')", "coalesce({r}.title, '') || ' ' || coalesce({r}.organisation, '') || ' ' || coalesce({r}.country, '') || ' ' || coalesce({r}.form_of_address, '') || ' ' || coalesce({r}.biography, '') || ' ' || coalesce({r}.notes, '')"),
    ('talking_point', 4, 'talking_points', '{r}.visit_id', "coalesce(nullif({r}.heading, ''), substr({r}.text, 1, 80))", "coalesce({r}.text, '') || ' ' || coalesce({r}.answer, '') || ' ' || coalesce({r}.topics, '') || ' ' || coalesce({r}.kind, '')"),
    ('fact', 5, 'facts', '{r}.visit_id', 'substr({r}.statement, 1, 120)', "coalesce({r}.statement, '') || ' ' || coalesce({r}.unit, '') || ' ' || coalesce({r}.source, '') || ' ' || coalesce({r}.topics, '')"),
    ('agreement', 6, 'agreements', '{r}.visit_id', '{r}.title', "coalesce({r}.parties, '') || ' ' || coalesce({r}.lead_agency, '') || ' ' || coalesce({r}.languages, '') || ' ' || coalesce({r}.notes, '') || ' ' || coalesce({r}.kind, '')"),
    ('agreement_version', 7, 'agreement_versions', '(SELECT visit_id FROM agreements WHERE id = {r}.agreement_id)', "(SELECT title FROM agreements WHERE id = {r}.agreement_id) || ' — version ' || {r}.number", "coalesce({r}.text, '') || ' ' || coalesce({r}.note, '') || ' ' || coalesce({r}.author, '')"),
    ('venue', 8, 'venues', '{r}.visit_id', '{r}.name', "coalesce({r}.city, '') || ' ' || coalesce({r}.address, '') || ' ' || coalesce({r}.notes, '')"),
]
OLD_REFILL = [
    "INSERT INTO search_index(rowid, title, body, kind, row_id, visit_id) SELECT t.id * 16 + 1, t.title, coalesce(t.purpose, '') || ' ' || coalesce(t.objectives, '') || ' ' || coalesce(t.key_messages, '') || ' ' || coalesce(t.host_country, '') || ' ' || coalesce(t.host_city, '') || ' ' || coalesce(t.notes, ''), 'visit', t.id, t.id FROM visits AS t",
    "INSERT INTO search_index(rowid, title, body, kind, row_id, visit_id) SELECT t.id * 16 + 2, t.title, coalesce(t.objectives, '') || ' ' || coalesce(t.their_objectives, '') || ' ' || coalesce(t.our_response, '') || ' ' || coalesce(t.if_raised, '') || ' ' || coalesce(t.press_line, '') || ' ' || coalesce(t.background, '') || ' ' || coalesce(t.background_nfd, '') || ' ' || coalesce(t.scenario, '') || ' ' || coalesce(t.protocol_notes, '') || ' ' || coalesce(t.logistics_notes, '') || ' ' || coalesce(t.dress_code, '') || ' ' || coalesce(t.kind, ''), 'event', t.id, t.visit_id FROM events AS t",
    "INSERT INTO search_index(rowid, title, body, kind, row_id, visit_id) SELECT t.id * 16 + 3, t.native_name || ' ' || coalesce(t.latin_name, ''), coalesce(t.title, '') || ' ' || coalesce(t.organisation, '') || ' ' || coalesce(t.country, '') || ' ' || coalesce(t.form_of_address, '') || ' ' || coalesce(t.biography, '') || ' ' || coalesce(t.notes, ''), 'person', t.id, t.visit_id FROM people AS t",
    "INSERT INTO search_index(rowid, title, body, kind, row_id, visit_id) SELECT t.id * 16 + 4, coalesce(nullif(t.heading, ''), substr(t.text, 1, 80)), coalesce(t.text, '') || ' ' || coalesce(t.answer, '') || ' ' || coalesce(t.topics, '') || ' ' || coalesce(t.kind, ''), 'talking_point', t.id, t.visit_id FROM talking_points AS t",
    "INSERT INTO search_index(rowid, title, body, kind, row_id, visit_id) SELECT t.id * 16 + 5, substr(t.statement, 1, 120), coalesce(t.statement, '') || ' ' || coalesce(t.unit, '') || ' ' || coalesce(t.source, '') || ' ' || coalesce(t.topics, ''), 'fact', t.id, t.visit_id FROM facts AS t",
    "INSERT INTO search_index(rowid, title, body, kind, row_id, visit_id) SELECT t.id * 16 + 6, t.title, coalesce(t.parties, '') || ' ' || coalesce(t.lead_agency, '') || ' ' || coalesce(t.languages, '') || ' ' || coalesce(t.notes, '') || ' ' || coalesce(t.kind, ''), 'agreement', t.id, t.visit_id FROM agreements AS t",
    "INSERT INTO search_index(rowid, title, body, kind, row_id, visit_id) SELECT t.id * 16 + 7, (SELECT title FROM agreements WHERE id = t.agreement_id) || ' — version ' || t.number, coalesce(t.text, '') || ' ' || coalesce(t.note, '') || ' ' || coalesce(t.author, ''), 'agreement_version', t.id, (SELECT visit_id FROM agreements WHERE id = t.agreement_id) FROM agreement_versions AS t",
    "INSERT INTO search_index(rowid, title, body, kind, row_id, visit_id) SELECT t.id * 16 + 8, t.name, coalesce(t.city, '') || ' ' || coalesce(t.address, '') || ' ' || coalesce(t.notes, ''), 'venue', t.id, t.visit_id FROM venues AS t",
]


def _initial() -> object:
    """Migration 0001, for the DDL of the index this one replaces."""
    path = Path(__file__).with_name("0001_initial.py")
    spec = importlib.util.spec_from_file_location("_briefing_0001_initial", path)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def upgrade() -> None:
    from briefing_app.core.search_schema import kinds_by_code

    if op.get_bind().dialect.name == "postgresql":  # the same index in PostgreSQL's terms
        from briefing_app.core import search_pg

        kinds = kinds_by_code(KINDS)
        for statement in (search_pg.create_statements(kinds.values())
                          + search_pg.enqueue_all_statements(kinds.values())):
            op.execute(statement)
        search_pg.drain(op.get_bind(), kinds)
        return
    for statement in _initial().FTS_DROP:
        op.execute(statement)
    for statement in CREATE + ENQUEUE_ALL:
        op.execute(statement)
    # Folding is Python: the app's indexer fills the new tables in this transaction,
    # with this revision's kinds.
    from briefing_app.core.search_index import drain
    from briefing_app.core.search_schema import kinds_by_code

    drain(op.get_bind(), kinds_by_code(KINDS))


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        from briefing_app.core import search_pg

        for statement in search_pg.drop_statements(KINDS):
            op.execute(statement)
        return
    for statement in DROP:
        op.execute(statement)
    for statement in _initial().FTS_CREATE + OLD_REFILL:
        op.execute(statement)
