"""Search: the book's fields of 0005_book_fields are found like every other text.

Revision ID: 0006_search_book_fields
Revises: 0005_book_fields
Create Date: 2026-12-02 00:30:00

The visit's issuing department, drafter, clearance, "as at", distribution list and risks
and sensitivities, and an event's format, order of speaking and "do not raise" list join
their row's index text (docs/search.md). Search is the staff's own tool and indexes
every field the app holds, restricted and not-for-disclosure text included (as 0002 and
0004 do: an event's background_nfd, restricted talking points); what an edition may
print is decided by the pack, never by the index.

Nothing is created or dropped here: the triggers of visits and events (0002, restored by
0004 and 0005 after their table rebuilds) already mark every update of those rows. Only
what a visit and an event contribute changes, so their rows are re-indexed, with this
revision's kinds (KINDS), in this transaction; the downgrade re-indexes them with
0004's.
"""

revision = "0006_search_book_fields"
down_revision = "0005_book_fields"
branch_labels = None
depends_on = None

# Frozen as they are at this revision (a test compares them with core/search_schema.py):
# what each kind of row contributes to the search index (core/search_schema.IndexedKind).
KINDS = [
    ('visit', 1, 'visits', '{r}.id', '{r}.title', "coalesce({r}.purpose, '') || ' ' || coalesce({r}.objectives, '') || ' ' || coalesce({r}.key_messages, '') || ' ' || coalesce({r}.host_country, '') || ' ' || coalesce({r}.host_city, '') || ' ' || coalesce({r}.notes, '') || ' ' || coalesce({r}.press_contacts, '') || ' ' || coalesce({r}.duty_contacts, '') || ' ' || coalesce({r}.issuing_department, '') || ' ' || coalesce({r}.drafted_by, '') || ' ' || coalesce({r}.cleared_by, '') || ' ' || coalesce({r}.as_at, '') || ' ' || coalesce({r}.distribution, '') || ' ' || coalesce({r}.risks, '')"),
    ('event', 2, 'events', '{r}.visit_id', '{r}.title', "coalesce({r}.objectives, '') || ' ' || coalesce({r}.their_objectives, '') || ' ' || coalesce({r}.our_response, '') || ' ' || coalesce({r}.if_raised, '') || ' ' || coalesce({r}.press_line, '') || ' ' || coalesce({r}.background, '') || ' ' || coalesce({r}.background_nfd, '') || ' ' || coalesce({r}.scenario, '') || ' ' || coalesce({r}.protocol_notes, '') || ' ' || coalesce({r}.logistics_notes, '') || ' ' || coalesce({r}.dress_code, '') || ' ' || coalesce({r}.kind, '') || ' ' || coalesce({r}.media_notes, '') || ' ' || coalesce({r}.accreditation_point, '') || ' ' || coalesce({r}.meeting_format, '') || ' ' || coalesce({r}.speaking_order, '') || ' ' || coalesce({r}.do_not_raise, '') || ' ' || coalesce((SELECT group_concat(n, ' ') FROM (SELECT p.native_name || ' ' || coalesce(p.latin_name, '') AS n FROM participations AS pa JOIN people AS p ON p.id = pa.person_id WHERE pa.event_id = {r}.id ORDER BY pa.position, pa.id) AS names), '')"),
    ('person', 3, 'people', '{r}.visit_id', "{r}.native_name || ' ' || coalesce({r}.latin_name, '')", "coalesce({r}.title, '') || ' ' || coalesce({r}.organisation, '') || ' ' || coalesce({r}.country, '') || ' ' || coalesce({r}.form_of_address, '') || ' ' || coalesce({r}.biography, '') || ' ' || coalesce({r}.notes, '') || ' ' || coalesce({r}.public_biography, '')"),
    ('talking_point', 4, 'talking_points', '{r}.visit_id', "coalesce(nullif({r}.heading, ''), substr({r}.text, 1, 80))", "coalesce({r}.text, '') || ' ' || coalesce({r}.answer, '') || ' ' || coalesce({r}.topics, '') || ' ' || coalesce({r}.kind, '')"),
    ('fact', 5, 'facts', '{r}.visit_id', 'substr({r}.statement, 1, 120)', "coalesce({r}.statement, '') || ' ' || coalesce({r}.unit, '') || ' ' || coalesce({r}.source, '') || ' ' || coalesce({r}.topics, '')"),
    ('agreement', 6, 'agreements', '{r}.visit_id', '{r}.title', "coalesce({r}.parties, '') || ' ' || coalesce({r}.lead_agency, '') || ' ' || coalesce({r}.languages, '') || ' ' || coalesce({r}.notes, '') || ' ' || coalesce({r}.kind, '')"),
    ('agreement_version', 7, 'agreement_versions', '(SELECT visit_id FROM agreements WHERE id = {r}.agreement_id)', "(SELECT title FROM agreements WHERE id = {r}.agreement_id) || ' — version ' || {r}.number", "coalesce({r}.text, '') || ' ' || coalesce({r}.note, '') || ' ' || coalesce({r}.author, '')"),
    ('venue', 8, 'venues', '{r}.visit_id', '{r}.name', "coalesce({r}.city, '') || ' ' || coalesce({r}.address, '') || ' ' || coalesce({r}.notes, '')"),
    ('press_qa', 9, 'press_qas', '{r}.visit_id', 'substr({r}.question, 1, 120)', "coalesce({r}.question, '') || ' ' || coalesce({r}.answer, '') || ' ' || coalesce({r}.topics, '')"),
]

# The kinds this revision changes, as they were at 0004_press_pack (downgrade).
KINDS_BEFORE = [
    ('visit', 1, 'visits', '{r}.id', '{r}.title', "coalesce({r}.purpose, '') || ' ' || coalesce({r}.objectives, '') || ' ' || coalesce({r}.key_messages, '') || ' ' || coalesce({r}.host_country, '') || ' ' || coalesce({r}.host_city, '') || ' ' || coalesce({r}.notes, '') || ' ' || coalesce({r}.press_contacts, '') || ' ' || coalesce({r}.duty_contacts, '')"),
    ('event', 2, 'events', '{r}.visit_id', '{r}.title', "coalesce({r}.objectives, '') || ' ' || coalesce({r}.their_objectives, '') || ' ' || coalesce({r}.our_response, '') || ' ' || coalesce({r}.if_raised, '') || ' ' || coalesce({r}.press_line, '') || ' ' || coalesce({r}.background, '') || ' ' || coalesce({r}.background_nfd, '') || ' ' || coalesce({r}.scenario, '') || ' ' || coalesce({r}.protocol_notes, '') || ' ' || coalesce({r}.logistics_notes, '') || ' ' || coalesce({r}.dress_code, '') || ' ' || coalesce({r}.kind, '') || ' ' || coalesce({r}.media_notes, '') || ' ' || coalesce({r}.accreditation_point, '') || ' ' || coalesce((SELECT group_concat(n, ' ') FROM (SELECT p.native_name || ' ' || coalesce(p.latin_name, '') AS n FROM participations AS pa JOIN people AS p ON p.id = pa.person_id WHERE pa.event_id = {r}.id ORDER BY pa.position, pa.id) AS names), '')"),
]

# The rows whose index text changes here.
ENQUEUE = [
    'INSERT INTO search_index_dirty(key) SELECT id * 16 + 1 FROM visits',
    'INSERT INTO search_index_dirty(key) SELECT id * 16 + 2 FROM events',
]


def _reindex(rows: list[tuple[str, int, str, str, str, str]]) -> None:
    """Re-index visits and events with the kinds `rows` (folding is Python: the app's
    indexer, core/search_index.drain, in this transaction)."""
    from alembic import op

    from briefing_app.core.search_index import drain
    from briefing_app.core.search_schema import kinds_by_code

    for statement in ENQUEUE:
        op.execute(statement)
    drain(op.get_bind(), kinds_by_code(rows))


def upgrade() -> None:
    _reindex(KINDS)


def downgrade() -> None:
    before = {row[1]: row for row in KINDS_BEFORE}
    _reindex([before.get(row[1], row) for row in KINDS])
