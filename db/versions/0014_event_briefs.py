"""An event's positions in a row of their own, so that row-level security can hide them.

Revision ID: 0014_event_briefs
Revises: 0013_delegate_passports
Create Date: 2026-12-03 11:00:00

Issue 11: the material only some may read lives in rows of its own. An event's
`objectives`, `their_objectives`, `our_response`, `if_raised`, `do_not_raise` and
`background_nfd` (background not for disclosure) leave `events` for `event_briefs`: one
row per event that has any of them, its level `restricted`, or `confidential` if its
event is. A press officer cleared for the programme then reads the events and not our
positions. On a team server the row is covered by the policies `briefing-app server
init` installs (models.LEVELLED); until it is run again after this upgrade the table has
row-level security forced and no policy for the users, who may query it but read no row.

Search: the six fields leave the event's index entry for an entry of the brief's own
(kind `event_brief`, code 0, titled by its event), so a user who may read the event but
not its brief still finds the event and never the brief's text. Both are re-indexed
here with this revision's kinds.

Each brief row's UUID is derived from its event's (uuid5), as the bundle reader derives
it for an older app's bundle: a laptop and the server that both upgrade make the same
row, and a laptop's sync state is split the same way (0013 did it for passports). The
downgrade puts the fields back on `events` as they were (on SQLite the table is rebuilt
from its own SQL, so the file is as 0013 left it).
"""

import json
import uuid

import sqlalchemy as sa
from alembic import op

revision = "0014_event_briefs"
down_revision = "0013_delegate_passports"
branch_labels = None
depends_on = None

LEVELS = ("public", "press", "restricted", "confidential")  # frozen as at this revision
FIELDS = ("objectives", "their_objectives", "our_response", "if_raised", "do_not_raise",
          "background_nfd")
TABLE = "event_briefs"
# The new table's audit trigger as 0010 gives every data table one (a test compares 0010's
# TARGETS, 0013's and this with core.server_audit.audit_targets()).
AUDITED = [(TABLE, ("visit_id",))]

# Frozen as they are at this revision (a test compares them with core/search_schema.py):
# what each kind of row contributes to the search index (core/search_schema.IndexedKind).
KINDS = [
    ('event_brief', 0, 'event_briefs', '{r}.visit_id', '(SELECT title FROM events WHERE id = {r}.event_id)', "coalesce({r}.objectives, '') || ' ' || coalesce({r}.their_objectives, '') || ' ' || coalesce({r}.our_response, '') || ' ' || coalesce({r}.if_raised, '') || ' ' || coalesce({r}.do_not_raise, '') || ' ' || coalesce({r}.background_nfd, '')"),
    ('visit', 1, 'visits', '{r}.id', '{r}.title', "coalesce({r}.purpose, '') || ' ' || coalesce({r}.objectives, '') || ' ' || coalesce({r}.key_messages, '') || ' ' || coalesce({r}.host_country, '') || ' ' || coalesce({r}.host_city, '') || ' ' || coalesce({r}.notes, '') || ' ' || coalesce({r}.press_contacts, '') || ' ' || coalesce({r}.duty_contacts, '') || ' ' || coalesce({r}.issuing_department, '') || ' ' || coalesce({r}.drafted_by, '') || ' ' || coalesce({r}.cleared_by, '') || ' ' || coalesce({r}.as_at, '') || ' ' || coalesce({r}.distribution, '') || ' ' || coalesce({r}.risks, '')"),
    ('event', 2, 'events', '{r}.visit_id', '{r}.title', "coalesce({r}.press_line, '') || ' ' || coalesce({r}.background, '') || ' ' || coalesce({r}.scenario, '') || ' ' || coalesce({r}.protocol_notes, '') || ' ' || coalesce({r}.logistics_notes, '') || ' ' || coalesce({r}.dress_code, '') || ' ' || coalesce({r}.event_type, '') || ' ' || coalesce({r}.media_notes, '') || ' ' || coalesce({r}.accreditation_point, '') || ' ' || coalesce({r}.meeting_format, '') || ' ' || coalesce({r}.speaking_order, '') || ' ' || coalesce((SELECT group_concat(n, ' ') FROM (SELECT p.native_name || ' ' || coalesce(p.latin_name, '') AS n FROM participations AS pa JOIN people AS p ON p.id = pa.person_id WHERE pa.event_id = {r}.id ORDER BY pa.position, pa.id) AS names), '')"),
    ('person', 3, 'people', '{r}.visit_id', "{r}.native_name || ' ' || coalesce({r}.latin_name, '')", "coalesce({r}.title, '') || ' ' || coalesce({r}.organisation, '') || ' ' || coalesce({r}.country, '') || ' ' || coalesce({r}.form_of_address, '') || ' ' || coalesce({r}.biography, '') || ' ' || coalesce({r}.notes, '') || ' ' || coalesce({r}.public_biography, '')"),
    ('talking_point', 4, 'talking_points', '{r}.visit_id', "coalesce(nullif({r}.heading, ''), substr({r}.text, 1, 80))", "coalesce({r}.text, '') || ' ' || coalesce({r}.answer, '') || ' ' || coalesce({r}.topics, '') || ' ' || coalesce({r}.point_type, '')"),
    ('fact', 5, 'facts', '{r}.visit_id', 'substr({r}.statement, 1, 120)', "coalesce({r}.statement, '') || ' ' || coalesce({r}.unit, '') || ' ' || coalesce({r}.source, '') || ' ' || coalesce({r}.topics, '')"),
    ('agreement', 6, 'agreements', '{r}.visit_id', '{r}.title', "coalesce({r}.parties, '') || ' ' || coalesce({r}.lead_agency, '') || ' ' || coalesce({r}.languages, '') || ' ' || coalesce({r}.notes, '') || ' ' || coalesce({r}.agreement_type, '')"),
    ('agreement_version', 7, 'agreement_versions', '(SELECT visit_id FROM agreements WHERE id = {r}.agreement_id)', "(SELECT title FROM agreements WHERE id = {r}.agreement_id) || ' — version ' || {r}.number", "coalesce({r}.text, '') || ' ' || coalesce({r}.note, '') || ' ' || coalesce({r}.author, '')"),
    ('venue', 8, 'venues', '{r}.visit_id', '{r}.name', "coalesce({r}.city, '') || ' ' || coalesce({r}.address, '') || ' ' || coalesce({r}.notes, '')"),
    ('press_qa', 9, 'press_qas', '{r}.visit_id', 'substr({r}.question, 1, 120)', "coalesce({r}.question, '') || ' ' || coalesce({r}.answer, '') || ' ' || coalesce({r}.topics, '')"),
    ('car_seat', 10, 'car_seats', '{r}.visit_id', "CASE {r}.vehicle WHEN 'aircraft' THEN 'Flight ' WHEN 'train' THEN 'Train ' WHEN 'coach' THEN 'Coach ' ELSE 'Car ' END || {r}.car_number || ' ' || coalesce((SELECT p.native_name || ' ' || coalesce(p.latin_name, '') FROM people AS p WHERE p.id = {r}.person_id), '')", "coalesce({r}.seat, '') || ' ' || coalesce({r}.driver, '') || ' ' || coalesce({r}.liaison, '') || ' ' || coalesce({r}.notes, '')"),
    ('delegate', 11, 'delegates', '{r}.visit_id', "coalesce((SELECT p.native_name || ' ' || coalesce(p.latin_name, '') FROM people AS p WHERE p.id = {r}.person_id), '')", "coalesce({r}.delegation_role, '') || ' ' || coalesce({r}.category, '') || ' ' || coalesce({r}.badge_number, '') || ' ' || coalesce({r}.nationality, '') || ' ' || coalesce({r}.visa_status, '') || ' ' || coalesce({r}.notes, '')"),
    ('room', 12, 'rooms', '{r}.visit_id', "'Room ' || {r}.room || ' ' || coalesce((SELECT p.native_name || ' ' || coalesce(p.latin_name, '') FROM people AS p WHERE p.id = {r}.person_id), '')", "coalesce({r}.notes, '')"),
    ('seating_plan', 13, 'seating_plans', '{r}.visit_id', '{r}.title', "coalesce({r}.notes, '') || ' ' || coalesce({r}.layout, '') || ' ' || coalesce({r}.convention, '')"),
    ('gift', 14, 'gifts', '{r}.visit_id', '{r}.description', "coalesce({r}.direction, '') || ' ' || coalesce({r}.currency, '') || ' ' || coalesce({r}.disposition, '') || ' ' || coalesce({r}.notes, '')"),
    ('speech', 15, 'speeches', '{r}.visit_id', '{r}.title', "coalesce({r}.text, '') || ' ' || coalesce({r}.notes, '')"),
]

# The event's entry as it was at 0013 (downgrade).
KINDS_BEFORE = [
    ('event', 2, 'events', '{r}.visit_id', '{r}.title', "coalesce({r}.objectives, '') || ' ' || coalesce({r}.their_objectives, '') || ' ' || coalesce({r}.our_response, '') || ' ' || coalesce({r}.if_raised, '') || ' ' || coalesce({r}.press_line, '') || ' ' || coalesce({r}.background, '') || ' ' || coalesce({r}.background_nfd, '') || ' ' || coalesce({r}.scenario, '') || ' ' || coalesce({r}.protocol_notes, '') || ' ' || coalesce({r}.logistics_notes, '') || ' ' || coalesce({r}.dress_code, '') || ' ' || coalesce({r}.event_type, '') || ' ' || coalesce({r}.media_notes, '') || ' ' || coalesce({r}.accreditation_point, '') || ' ' || coalesce({r}.meeting_format, '') || ' ' || coalesce({r}.speaking_order, '') || ' ' || coalesce({r}.do_not_raise, '') || ' ' || coalesce((SELECT group_concat(n, ' ') FROM (SELECT p.native_name || ' ' || coalesce(p.latin_name, '') AS n FROM participations AS pa JOIN people AS p ON p.id = pa.person_id WHERE pa.event_id = {r}.id ORDER BY pa.position, pa.id) AS names), '')"),
]

CREATE = [
    'CREATE TRIGGER event_briefs_ai AFTER INSERT ON event_briefs BEGIN INSERT INTO search_index_dirty(key) VALUES (NEW.id * 16 + 0); END',
    'CREATE TRIGGER event_briefs_ad AFTER DELETE ON event_briefs BEGIN INSERT INTO search_index_dirty(key) VALUES (OLD.id * 16 + 0); END',
    'CREATE TRIGGER event_briefs_au AFTER UPDATE ON event_briefs BEGIN INSERT INTO search_index_dirty(key) VALUES (OLD.id * 16 + 0), (NEW.id * 16 + 0); END',
]
DROP = [
    'DROP TRIGGER IF EXISTS event_briefs_ai',
    'DROP TRIGGER IF EXISTS event_briefs_ad',
    'DROP TRIGGER IF EXISTS event_briefs_au',
]

# A brief's entry is titled by its event: a renamed event re-indexes it.
RELATED = ["CREATE TRIGGER events_au_briefs AFTER UPDATE OF title ON events BEGIN INSERT "
           "INTO search_index_dirty(key) SELECT id * 16 + 0 FROM event_briefs "
           "WHERE event_id = NEW.id; END"]
RELATED_DROP = ["DROP TRIGGER IF EXISTS events_au_briefs"]
# On PostgreSQL the function runs with the owner's rights: a user who renames an event
# may not read its brief (row-level security would hide it from the function's query),
# and the brief's entry must be marked all the same. It only lists keys. 0002's function
# for the other related rows (a renamed person's events, an agreement's texts) gets the
# same rights here, for the same reason.
# pg_temp last (added 2026-12-03, after review): without it PostgreSQL looks in the
# session's pg_temp first for tables, and a user's temporary search_index_dirty would
# stand in for ours inside a function with the owner's rights. `server init` sets the
# same path on servers that ran this migration before the fix.
PG_RELATED = [
    "CREATE FUNCTION search_index_mark_briefs() RETURNS trigger LANGUAGE plpgsql "
    "SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$ "
    "BEGIN INSERT INTO search_index_dirty(key) SELECT id * 16 + 0 FROM event_briefs "
    "WHERE event_id = NEW.id; RETURN NULL; END $$",
    "CREATE TRIGGER events_au_briefs AFTER UPDATE OF title ON events "
    "FOR EACH ROW EXECUTE FUNCTION search_index_mark_briefs()",
    "ALTER FUNCTION search_index_mark_related() SECURITY DEFINER "
    "SET search_path = pg_catalog, public, pg_temp",
]
PG_RELATED_DROP = ["DROP TRIGGER IF EXISTS events_au_briefs ON events",
                   "DROP FUNCTION IF EXISTS search_index_mark_briefs()",
                   "ALTER FUNCTION search_index_mark_related() SECURITY INVOKER RESET search_path"]


def brief_uuid(event_uuid: str) -> str:
    """The brief row's UUID: the same wherever the same event's row is split."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{TABLE}:{event_uuid}"))


def _level(event_level: str | None) -> str:
    return "confidential" if event_level == "confidential" else "restricted"


def _on_postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def _dumps(value: object) -> str:
    """As core/sync/rows.dumps writes a row (frozen here)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _reindex(conn: sa.Connection, kinds: list[tuple[str, int, str, str, str, str]], *,
             briefs: bool = True) -> None:
    """Re-index events (and their briefs, while their table is there) with `kinds`
    (folding is Python: the app's indexer, core/search_index.drain, in this
    transaction); a brief's key no kind in `kinds` owns just loses its entries."""
    from briefing_app.core.search_index import drain
    from briefing_app.core.search_schema import kinds_by_code

    conn.exec_driver_sql("INSERT INTO search_index_dirty(key) SELECT id * 16 + 2 FROM events")
    if briefs:
        conn.exec_driver_sql(f"INSERT INTO search_index_dirty(key) SELECT id * 16 + 0 "
                             f"FROM {TABLE}")
    drain(conn, kinds_by_code(kinds))


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        *(sa.Column(name, sa.Text(), nullable=False) for name in FIELDS),
        sa.Column("level", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["visit_id"], ["visits.id"],
                                name=op.f(f"fk_{TABLE}_visit_id_visits"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"],
                                name=op.f(f"fk_{TABLE}_event_id_events"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{TABLE}")),
        sa.UniqueConstraint("uuid", name=op.f(f"uq_{TABLE}_uuid")),
        sa.UniqueConstraint("event_id", name=op.f(f"uq_{TABLE}_event_id")),
    )
    op.create_index(op.f(f"ix_{TABLE}_visit_id"), TABLE, ["visit_id"], unique=False)
    conn = op.get_bind()
    columns = ", ".join(FIELDS)
    rows = conn.execute(sa.text(
        f"SELECT id, uuid, visit_id, level, created_at, updated_at, {columns} FROM events "
        f"WHERE " + " OR ".join(f"{f} <> ''" for f in FIELDS))).all()
    if rows:
        conn.execute(sa.text(
            f"INSERT INTO {TABLE} (uuid, visit_id, event_id, {columns}, level, created_at, "
            f"updated_at, row_version) VALUES (:u, :v, :e, "
            + ", ".join(f":{f}" for f in FIELDS) + ", :level, :created, :updated, 1)"),
            [{"u": brief_uuid(r.uuid), "v": r.visit_id, "e": r.id,
              **{f: getattr(r, f) for f in FIELDS}, "level": _level(r.level),
              "created": r.created_at, "updated": r.updated_at} for r in rows])
    _split_sync_state(conn)
    for name in FIELDS:  # in place (SQLite 3.35+): no table is rebuilt
        conn.exec_driver_sql(f"ALTER TABLE events DROP COLUMN {name}")
    if _on_postgres():
        _server_objects(conn)
        from briefing_app.core import search_pg

        for statement in search_pg.migration_triggers(
                [k for k in KINDS if k[2] == TABLE]) + PG_RELATED:
            conn.exec_driver_sql(statement)
    else:
        for statement in CREATE + RELATED:
            conn.exec_driver_sql(statement)
    _reindex(conn, KINDS)


def _split_sync_state(conn: sa.Connection) -> None:
    """A laptop's base copy of each event loses the six fields to a base copy of its
    brief row, as the server will hold it (version 1); kept conflicts on those fields
    follow them."""
    for row_id, data, visit_uuid in conn.execute(sa.text(
            "SELECT id, data, visit_uuid FROM sync_base WHERE table_name = 'events'")).all():
        value = json.loads(data)
        moved = {f: value.pop(f) for f in FIELDS if f in value}
        if not moved:
            continue
        conn.execute(sa.text("UPDATE sync_base SET data = :d WHERE id = :i"),
                     {"d": _dumps(value), "i": row_id})
        if all(v in (None, "") for v in moved.values()):
            continue
        own = brief_uuid(value["uuid"])
        conn.execute(sa.text(
            "INSERT INTO sync_base (uuid, table_name, visit_uuid, version, data) "
            "VALUES (:u, :t, :v, 1, :d)"),
            {"u": own, "t": TABLE, "v": visit_uuid, "d": _dumps({
                **dict.fromkeys(FIELDS, ""), **moved, "uuid": own, "event": value["uuid"],
                "level": _level(value.get("level")), "created_at": value.get("created_at"),
                "updated_at": value.get("updated_at")})})
    marks = ", ".join(f"'{f}'" for f in FIELDS)
    for conflict_id, event_uuid in conn.execute(sa.text(
            f"SELECT id, uuid FROM sync_conflicts WHERE table_name = 'events' AND field IN "
            f"({marks})")).all():
        conn.execute(sa.text("UPDATE sync_conflicts SET table_name = :t, uuid = :u "
                             "WHERE id = :i"),
                     {"t": TABLE, "u": brief_uuid(event_uuid), "i": conflict_id})


def _server_objects(conn: sa.Connection) -> None:
    """On PostgreSQL: the level's CHECK (as 0009 gave every level), the tombstone and
    audit triggers every synced table has (0011, 0010), and row-level security forced
    when the server has it, so the new rows are never readable before their policy is."""
    allowed = ", ".join(f"'{name}'" for name in LEVELS)
    conn.exec_driver_sql(f"ALTER TABLE {TABLE} ADD CONSTRAINT ck_{TABLE}_level "
                         f"CHECK (level IN ({allowed}))")
    conn.exec_driver_sql(f"CREATE TRIGGER {TABLE}_tombstone AFTER DELETE ON {TABLE} "
                         "FOR EACH ROW EXECUTE FUNCTION sync_tombstone('visit_id')")
    audited = conn.exec_driver_sql("SELECT to_regclass('audit_log') IS NOT NULL").scalar()
    if audited:
        for table, args in AUDITED:
            quoted = ", ".join(f"'{a}'" for a in args)
            conn.exec_driver_sql(f"CREATE TRIGGER {table}_audit AFTER INSERT OR UPDATE OR "
                                 f"DELETE ON {table} FOR EACH ROW EXECUTE FUNCTION "
                                 f"audit_row({quoted})")
    protected = conn.exec_driver_sql(
        "SELECT count(*) FROM pg_class WHERE relname = 'events' AND relrowsecurity").scalar()
    if protected:
        conn.exec_driver_sql(f"ALTER TABLE {TABLE} ENABLE ROW LEVEL SECURITY")
        conn.exec_driver_sql(f"ALTER TABLE {TABLE} FORCE ROW LEVEL SECURITY")
        # the owner's pass-all policy, as `server init` gives every table: the owner
        # (this migration's re-index, then `server init`) reads the rows
        owner = conn.exec_driver_sql(
            "SELECT quote_ident(pg_get_userbyid(relowner)) FROM pg_class "
            "WHERE relname = 'events' AND relkind = 'r'").scalar()
        conn.exec_driver_sql(f"CREATE POLICY briefing_owner_all ON {TABLE} TO {owner} "
                             "USING (true) WITH CHECK (true)")
        # the users' group may query it (an event's read joins it) but, with no policy
        # for them yet, reads no row: the positions look empty until `server init`
        groups = [r[0] for r in conn.exec_driver_sql(
            "SELECT DISTINCT pg_get_userbyid(a.grantee) FROM pg_class c, "
            "aclexplode(c.relacl) a WHERE c.relname = 'events' "
            "AND a.grantee <> c.relowner AND a.grantee <> 0")]
        for group in groups:
            quoted = conn.exec_driver_sql("SELECT quote_ident(%s)", (group,)).scalar()
            conn.exec_driver_sql(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {TABLE} TO {quoted}")


# The six column definitions as 0001 and 0005 made them, and where they stood (SQLite
# keeps a table's SQL as written; DROP COLUMN cut exactly these out of it): the text
# after which each run is put back.
_PUT_BACK = (
    ("scenario TEXT NOT NULL, \n\t",
     "objectives TEXT NOT NULL, \n\ttheir_objectives TEXT NOT NULL, \n\t"
     "our_response TEXT NOT NULL, \n\tif_raised TEXT NOT NULL, \n\t"),
    ("background TEXT NOT NULL, \n\t", "background_nfd TEXT NOT NULL, \n\t"),
    ("speaking_order TEXT DEFAULT '' NOT NULL, \n\t", "do_not_raise TEXT DEFAULT '' NOT NULL, "),
)
_JOINED = ("SELECT e.*, " + ", ".join(f"coalesce(b.{f}, '') AS {f}" for f in FIELDS)
           + f" FROM events e LEFT JOIN {TABLE} b ON b.event_id = e.id")


def downgrade() -> None:
    conn = op.get_bind()
    _join_sync_state(conn)
    if _on_postgres():
        for statement in PG_RELATED_DROP:
            conn.exec_driver_sql(statement)
        for name in FIELDS:  # as 0001 made them, and 0005 do_not_raise (with its default)
            default = " DEFAULT ''" if name == "do_not_raise" else ""
            conn.exec_driver_sql(f"ALTER TABLE events ADD COLUMN {name} TEXT{default}")
        conn.exec_driver_sql(
            "UPDATE events SET " + ", ".join(f"{f} = b.{f}" for f in FIELDS)
            + f" FROM {TABLE} b WHERE b.event_id = events.id")
        for name in FIELDS:
            conn.exec_driver_sql(f"UPDATE events SET {name} = '' WHERE {name} IS NULL")
            conn.exec_driver_sql(f"ALTER TABLE events ALTER COLUMN {name} SET NOT NULL")
        _reindex(conn, _kinds_before())
        _drop_dependent_policies(conn)
        op.drop_index(op.f(f"ix_{TABLE}_visit_id"), table_name=TABLE)
        op.drop_table(TABLE)
        return
    for statement in RELATED_DROP + DROP:
        conn.exec_driver_sql(statement)
    _sqlite_columns_back(conn)
    _reindex(conn, _kinds_before(), briefs=False)


def _drop_dependent_policies(conn: sa.Connection) -> None:
    """Policies of other tables that read the briefs (the search index's, which hides a
    brief's entry with its row) go with them: on a server with row-level security that
    table reads no row until `briefing-app server init` of the older app is run."""
    for policy, table in conn.exec_driver_sql(
            "SELECT DISTINCT p.polname, c.relname FROM pg_depend d JOIN pg_policy p "
            "ON d.classid = 'pg_policy'::regclass AND d.objid = p.oid JOIN pg_class c "
            f"ON c.oid = p.polrelid WHERE d.refobjid = '{TABLE}'::regclass "
            f"AND c.relname <> '{TABLE}'").all():
        quoted = conn.exec_driver_sql("SELECT quote_ident(%s), quote_ident(%s)",
                                      (policy, table)).one()
        conn.exec_driver_sql(f"DROP POLICY {quoted[0]} ON {quoted[1]}")


def _kinds_before() -> list[tuple[str, int, str, str, str, str]]:
    """The kinds as they were at 0013: the event's entry with the six fields, no brief."""
    before = {row[1]: row for row in KINDS_BEFORE}
    return [before.get(row[1], row) for row in KINDS if row[2] != TABLE]


def _sqlite_columns_back(conn: sa.Connection) -> None:
    """`events` exactly as before (its SQL, indexes and triggers as they were), the
    fields back in it: an added column would stand last, so the table is rebuilt from its
    own SQL with the definitions put back where they stood. The briefs' index entries
    are listed for removal first (their table goes)."""
    table_sql = conn.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'events'").scalar()
    if not all(anchor in table_sql for anchor, _definitions in _PUT_BACK):
        raise RuntimeError("events is not as 0014_event_briefs left it; not downgrading")
    for anchor, definitions in _PUT_BACK:
        table_sql = table_sql.replace(anchor, anchor + definitions, 1)
    others = [sql for (sql,) in conn.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE tbl_name = 'events' AND type IN "
        "('index', 'trigger') AND sql IS NOT NULL ORDER BY rowid")]
    conn.exec_driver_sql(f"INSERT INTO search_index_dirty(key) SELECT id * 16 + 0 FROM {TABLE}")
    conn.exec_driver_sql(f"CREATE TEMP TABLE _events_0014 AS {_JOINED}")
    op.drop_index(op.f(f"ix_{TABLE}_visit_id"), table_name=TABLE)
    op.drop_table(TABLE)
    conn.exec_driver_sql("DROP TABLE events")
    conn.exec_driver_sql(table_sql)
    columns = ", ".join(r[1] for r in conn.exec_driver_sql("PRAGMA table_info(events)"))
    conn.exec_driver_sql(f"INSERT INTO events ({columns}) SELECT {columns} FROM _events_0014")
    conn.exec_driver_sql("DROP TABLE _events_0014")
    for sql in others:
        conn.exec_driver_sql(sql)


def _join_sync_state(conn: sa.Connection) -> None:
    """The upgrade's split of a laptop's sync state, undone."""
    for row_id, data in conn.execute(sa.text(
            f"SELECT id, data FROM sync_base WHERE table_name = '{TABLE}'")).all():
        value = json.loads(data)
        base = conn.execute(sa.text("SELECT id, data FROM sync_base WHERE uuid = :u"),
                            {"u": value.get("event")}).first()
        if base is not None:
            event = json.loads(base.data) | {f: value.get(f, "") for f in FIELDS}
            conn.execute(sa.text("UPDATE sync_base SET data = :d WHERE id = :i"),
                         {"d": _dumps(event), "i": base.id})
        conn.execute(sa.text("DELETE FROM sync_base WHERE id = :i"), {"i": row_id})
    # an event without a brief had the fields empty in its base copy before 0014
    empty = dict.fromkeys(FIELDS, "")
    for row_id, data in conn.execute(sa.text(
            "SELECT id, data FROM sync_base WHERE table_name = 'events'")).all():
        value = json.loads(data)
        if not all(f in value for f in FIELDS):
            conn.execute(sa.text("UPDATE sync_base SET data = :d WHERE id = :i"),
                         {"d": _dumps(empty | value), "i": row_id})
    conn.execute(sa.text(
        f"UPDATE sync_conflicts SET table_name = 'events', uuid = (SELECT e.uuid FROM "
        f"{TABLE} b JOIN events e ON e.id = b.event_id WHERE b.uuid = "
        f"sync_conflicts.uuid) WHERE table_name = '{TABLE}' AND uuid IN (SELECT uuid FROM "
        f"{TABLE})"))
