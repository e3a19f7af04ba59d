"""The visit's positions in a row of their own, so that row-level security can hide them.

Revision ID: 0015_visit_briefs
Revises: 0014_event_briefs
Create Date: 2026-12-03 12:00:00

Issue 11: the material only some may read lives in rows of its own. A visit's
`objectives`, `key_messages` and `risks` (risks and sensitivities) leave `visits` for
`visit_briefs`: one row per visit that has any of them, its level `restricted`. A press
officer cleared for the visit then reads its programme and press arrangements, not our
positions. On a team server the row is covered by the policies `briefing-app server
init` installs (models.LEVELLED); until it is run again after this upgrade the table has
row-level security forced and no policy for the users, who may query it but read no row.

Search: the three fields leave the visit's index entry and are not indexed elsewhere:
every kind code of the index key (id * 16 + code) is taken, and folding them into the
visit's entry would show them to whoever may read the visit. The visit is re-indexed
here with this revision's kinds.

Each brief row's UUID is derived from its visit's (uuid5), as the bundle reader derives
it for an older app's bundle; a laptop's sync state is split the same way (0013, 0014).
The downgrade puts the fields back on `visits` as they were (on SQLite the table is
rebuilt from its own SQL, so the file is as 0014 left it).
"""

import json
import uuid

import sqlalchemy as sa
from alembic import op

revision = "0015_visit_briefs"
down_revision = "0014_event_briefs"
branch_labels = None
depends_on = None

LEVELS = ("public", "press", "restricted", "confidential")  # frozen as at this revision
FIELDS = ("objectives", "key_messages", "risks")
TABLE = "visit_briefs"
# The new table's audit trigger as 0010 gives every data table one (a test compares 0010's
# TARGETS, 0013's, 0014's and this with core.server_audit.audit_targets()).
AUDITED = [(TABLE, ("visit_id",))]

# Frozen as they are at this revision (a test compares them with core/search_schema.py):
# what each kind of row contributes to the search index (core/search_schema.IndexedKind).
KINDS = [
    ('event_brief', 0, 'event_briefs', '{r}.visit_id', '(SELECT title FROM events WHERE id = {r}.event_id)', "coalesce({r}.objectives, '') || ' ' || coalesce({r}.their_objectives, '') || ' ' || coalesce({r}.our_response, '') || ' ' || coalesce({r}.if_raised, '') || ' ' || coalesce({r}.do_not_raise, '') || ' ' || coalesce({r}.background_nfd, '')"),
    ('visit', 1, 'visits', '{r}.id', '{r}.title', "coalesce({r}.purpose, '') || ' ' || coalesce({r}.host_country, '') || ' ' || coalesce({r}.host_city, '') || ' ' || coalesce({r}.notes, '') || ' ' || coalesce({r}.press_contacts, '') || ' ' || coalesce({r}.duty_contacts, '') || ' ' || coalesce({r}.issuing_department, '') || ' ' || coalesce({r}.drafted_by, '') || ' ' || coalesce({r}.cleared_by, '') || ' ' || coalesce({r}.as_at, '') || ' ' || coalesce({r}.distribution, '')"),
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

# The visit's entry as it was at 0014 (downgrade).
KINDS_BEFORE = [
    ('visit', 1, 'visits', '{r}.id', '{r}.title', "coalesce({r}.purpose, '') || ' ' || coalesce({r}.objectives, '') || ' ' || coalesce({r}.key_messages, '') || ' ' || coalesce({r}.host_country, '') || ' ' || coalesce({r}.host_city, '') || ' ' || coalesce({r}.notes, '') || ' ' || coalesce({r}.press_contacts, '') || ' ' || coalesce({r}.duty_contacts, '') || ' ' || coalesce({r}.issuing_department, '') || ' ' || coalesce({r}.drafted_by, '') || ' ' || coalesce({r}.cleared_by, '') || ' ' || coalesce({r}.as_at, '') || ' ' || coalesce({r}.distribution, '') || ' ' || coalesce({r}.risks, '')"),
]


def brief_uuid(visit_uuid: str) -> str:
    """The brief row's UUID: the same wherever the same visit's row is split."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{TABLE}:{visit_uuid}"))


def _on_postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def _dumps(value: object) -> str:
    """As core/sync/rows.dumps writes a row (frozen here)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _reindex(conn: sa.Connection, kinds: list[tuple[str, int, str, str, str, str]]) -> None:
    """Re-index the visits with `kinds` (the app's indexer, in this transaction)."""
    from briefing_app.core.search_index import drain
    from briefing_app.core.search_schema import kinds_by_code

    conn.exec_driver_sql("INSERT INTO search_index_dirty(key) SELECT id * 16 + 1 FROM visits")
    drain(conn, kinds_by_code(kinds))


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        *(sa.Column(name, sa.Text(), nullable=False) for name in FIELDS),
        sa.Column("level", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["visit_id"], ["visits.id"],
                                name=op.f(f"fk_{TABLE}_visit_id_visits"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{TABLE}")),
        sa.UniqueConstraint("uuid", name=op.f(f"uq_{TABLE}_uuid")),
        sa.UniqueConstraint("visit_id", name=op.f(f"uq_{TABLE}_visit_id")),
    )
    op.create_index(op.f(f"ix_{TABLE}_visit_id"), TABLE, ["visit_id"], unique=False)
    conn = op.get_bind()
    columns = ", ".join(FIELDS)
    rows = conn.execute(sa.text(
        f"SELECT id, uuid, created_at, updated_at, {columns} FROM visits WHERE "
        + " OR ".join(f"{f} <> ''" for f in FIELDS))).all()
    if rows:
        conn.execute(sa.text(
            f"INSERT INTO {TABLE} (uuid, visit_id, {columns}, level, created_at, updated_at, "
            "row_version) VALUES (:u, :v, " + ", ".join(f":{f}" for f in FIELDS)
            + ", 'restricted', :created, :updated, 1)"),
            [{"u": brief_uuid(r.uuid), "v": r.id, **{f: getattr(r, f) for f in FIELDS},
              "created": r.created_at, "updated": r.updated_at} for r in rows])
    _split_sync_state(conn)
    for name in FIELDS:  # in place (SQLite 3.35+): no table is rebuilt
        conn.exec_driver_sql(f"ALTER TABLE visits DROP COLUMN {name}")
    if _on_postgres():
        _server_objects(conn)
    _reindex(conn, KINDS)


def _split_sync_state(conn: sa.Connection) -> None:
    """A laptop's base copy of each visit loses the three fields to a base copy of its
    brief row, as the server will hold it (version 1); kept conflicts on those fields
    follow them."""
    for row_id, data, visit_uuid in conn.execute(sa.text(
            "SELECT id, data, visit_uuid FROM sync_base WHERE table_name = 'visits'")).all():
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
                **dict.fromkeys(FIELDS, ""), **moved, "uuid": own, "level": "restricted",
                "created_at": value.get("created_at"), "updated_at": value.get("updated_at")})})
    marks = ", ".join(f"'{f}'" for f in FIELDS)
    for conflict_id, visit_uuid in conn.execute(sa.text(
            f"SELECT id, uuid FROM sync_conflicts WHERE table_name = 'visits' AND field IN "
            f"({marks})")).all():
        conn.execute(sa.text("UPDATE sync_conflicts SET table_name = :t, uuid = :u "
                             "WHERE id = :i"),
                     {"t": TABLE, "u": brief_uuid(visit_uuid), "i": conflict_id})


def _server_objects(conn: sa.Connection) -> None:
    """On PostgreSQL: the level's CHECK (as 0009 gave every level), the tombstone and
    audit triggers every synced table has (0011, 0010), and row-level security forced
    when the server has it (with the owner's pass-all policy), so the new rows are never
    readable before their policy is."""
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
        "SELECT count(*) FROM pg_class WHERE relname = 'visits' AND relrowsecurity").scalar()
    if protected:
        conn.exec_driver_sql(f"ALTER TABLE {TABLE} ENABLE ROW LEVEL SECURITY")
        conn.exec_driver_sql(f"ALTER TABLE {TABLE} FORCE ROW LEVEL SECURITY")
        owner = conn.exec_driver_sql(
            "SELECT quote_ident(pg_get_userbyid(relowner)) FROM pg_class "
            "WHERE relname = 'visits' AND relkind = 'r'").scalar()
        conn.exec_driver_sql(f"CREATE POLICY briefing_owner_all ON {TABLE} TO {owner} "
                             "USING (true) WITH CHECK (true)")
        # the users' group may query it (a visit's read joins it) but, with no policy
        # for them yet, reads no row: the positions look empty until `server init`
        groups = [r[0] for r in conn.exec_driver_sql(
            "SELECT DISTINCT pg_get_userbyid(a.grantee) FROM pg_class c, "
            "aclexplode(c.relacl) a WHERE c.relname = 'visits' "
            "AND a.grantee <> c.relowner AND a.grantee <> 0")]
        for group in groups:
            quoted = conn.exec_driver_sql("SELECT quote_ident(%s)", (group,)).scalar()
            conn.exec_driver_sql(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {TABLE} TO {quoted}")


# The three column definitions as 0001 and 0005 made them, and where they stood (SQLite
# keeps a table's SQL as written; DROP COLUMN cut exactly these out of it): the text
# after which each run is put back.
_PUT_BACK = (
    ("purpose TEXT NOT NULL, \n\t", "objectives TEXT NOT NULL, \n\tkey_messages TEXT NOT NULL, \n\t"),
    ("distribution TEXT DEFAULT '' NOT NULL, ", "risks TEXT DEFAULT '' NOT NULL, "),
)
_JOINED = ("SELECT v.*, " + ", ".join(f"coalesce(b.{f}, '') AS {f}" for f in FIELDS)
           + f" FROM visits v LEFT JOIN {TABLE} b ON b.visit_id = v.id")


def downgrade() -> None:
    conn = op.get_bind()
    _join_sync_state(conn)
    if _on_postgres():
        for name in FIELDS:  # as 0001 made them, and 0005 risks (with its default)
            default = " DEFAULT ''" if name == "risks" else ""
            conn.exec_driver_sql(f"ALTER TABLE visits ADD COLUMN {name} TEXT{default}")
        conn.exec_driver_sql(
            "UPDATE visits SET " + ", ".join(f"{f} = b.{f}" for f in FIELDS)
            + f" FROM {TABLE} b WHERE b.visit_id = visits.id")
        for name in FIELDS:
            conn.exec_driver_sql(f"UPDATE visits SET {name} = '' WHERE {name} IS NULL")
            conn.exec_driver_sql(f"ALTER TABLE visits ALTER COLUMN {name} SET NOT NULL")
        op.drop_index(op.f(f"ix_{TABLE}_visit_id"), table_name=TABLE)
        op.drop_table(TABLE)
    else:
        _sqlite_columns_back(conn)
    before = {row[1]: row for row in KINDS_BEFORE}
    _reindex(conn, [before.get(row[1], row) for row in KINDS])


def _sqlite_columns_back(conn: sa.Connection) -> None:
    """`visits` exactly as before (its SQL, indexes and triggers as they were), the
    fields back in it: an added column would stand last, so the table is rebuilt from its
    own SQL with the definitions put back where they stood (the other tables' foreign
    keys name it, and are not checked while a migration runs)."""
    table_sql = conn.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'visits'").scalar()
    if not all(anchor in table_sql for anchor, _definitions in _PUT_BACK):
        raise RuntimeError("visits is not as 0015_visit_briefs left it; not downgrading")
    for anchor, definitions in _PUT_BACK:
        table_sql = table_sql.replace(anchor, anchor + definitions, 1)
    others = [sql for (sql,) in conn.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE tbl_name = 'visits' AND type IN "
        "('index', 'trigger') AND sql IS NOT NULL ORDER BY rowid")]
    conn.exec_driver_sql(f"CREATE TEMP TABLE _visits_0015 AS {_JOINED}")
    op.drop_index(op.f(f"ix_{TABLE}_visit_id"), table_name=TABLE)
    op.drop_table(TABLE)
    conn.exec_driver_sql("DROP TABLE visits")
    conn.exec_driver_sql(table_sql)
    columns = ", ".join(r[1] for r in conn.exec_driver_sql("PRAGMA table_info(visits)"))
    conn.exec_driver_sql(f"INSERT INTO visits ({columns}) SELECT {columns} FROM _visits_0015")
    conn.exec_driver_sql("DROP TABLE _visits_0015")
    for sql in others:
        conn.exec_driver_sql(sql)


def _join_sync_state(conn: sa.Connection) -> None:
    """The upgrade's split of a laptop's sync state, undone (a brief's visit is the
    visit its base copy belongs to)."""
    for row_id, data, visit_uuid in conn.execute(sa.text(
            f"SELECT id, data, visit_uuid FROM sync_base WHERE table_name = '{TABLE}'")).all():
        value = json.loads(data)
        base = conn.execute(sa.text("SELECT id, data FROM sync_base WHERE uuid = :u "
                                    "AND table_name = 'visits'"), {"u": visit_uuid}).first()
        if base is not None:
            visit = json.loads(base.data) | {f: value.get(f, "") for f in FIELDS}
            conn.execute(sa.text("UPDATE sync_base SET data = :d WHERE id = :i"),
                         {"d": _dumps(visit), "i": base.id})
        conn.execute(sa.text("DELETE FROM sync_base WHERE id = :i"), {"i": row_id})
    # a visit without a brief had the fields empty in its base copy before 0015
    empty = dict.fromkeys(FIELDS, "")
    for row_id, data in conn.execute(sa.text(
            "SELECT id, data FROM sync_base WHERE table_name = 'visits'")).all():
        value = json.loads(data)
        if not all(f in value for f in FIELDS):
            conn.execute(sa.text("UPDATE sync_base SET data = :d WHERE id = :i"),
                         {"d": _dumps(empty | value), "i": row_id})
    conn.execute(sa.text(
        f"UPDATE sync_conflicts SET table_name = 'visits', uuid = (SELECT v.uuid FROM "
        f"{TABLE} b JOIN visits v ON v.id = b.visit_id WHERE b.uuid = "
        f"sync_conflicts.uuid) WHERE table_name = '{TABLE}' AND uuid IN (SELECT uuid FROM "
        f"{TABLE})"))
