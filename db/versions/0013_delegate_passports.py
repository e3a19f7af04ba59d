"""A delegate's passport data in a row of its own, so that row-level security can hide it.

Revision ID: 0013_delegate_passports
Revises: 0012_type_columns
Create Date: 2026-12-03 09:00:00

Issue 11: the material only some may read lives in rows of its own. `date_of_birth`,
`passport_number` and `passport_expiry` leave `delegates` for `delegate_passports` (one
row per delegate that has any of them, its level `restricted`, or `confidential` if its
delegate is). On a team server the row is covered by the policies `briefing-app server
init` installs (models.LEVELLED); until it is run again after this upgrade the table has
row-level security forced and no policy for the users, who may query it (the roles that
hold rights on `delegates` get the same) but read no row: passports look empty.

Each passport row's UUID is derived from its delegate's (uuid5), as the bundle reader
derives it for an older app's bundle (interop/bundle_read._moved): a laptop and the
server that both upgrade make the same row, and the laptop's sync state (its base copy
of each delegate, its kept conflicts) is split the same way, so the next sync finds
nothing changed. The downgrade puts the fields back on `delegates` as they were (on
SQLite the table is rebuilt from its own SQL, so the file is as 0012 left it).
"""

import json
import uuid

import sqlalchemy as sa
from alembic import op

revision = "0013_delegate_passports"
down_revision = "0012_type_columns"
branch_labels = None
depends_on = None

LEVELS = ("public", "press", "restricted", "confidential")  # frozen as at this revision
FIELDS = ("date_of_birth", "passport_number", "passport_expiry")
TABLE = "delegate_passports"
# The new table's audit trigger as 0010 gives every data table one (a test compares 0010's
# TARGETS and this with core.server_audit.audit_targets()).
AUDITED = [(TABLE, ("visit_id",))]


def passport_uuid(delegate_uuid: str) -> str:
    """The passport row's UUID: the same wherever the same delegate's row is split."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{TABLE}:{delegate_uuid}"))


def _level(delegate_level: str | None) -> str:
    return "confidential" if delegate_level == "confidential" else "restricted"


def _on_postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("delegate_id", sa.Integer(), nullable=False),
        sa.Column("date_of_birth", sa.Date(), nullable=True),
        sa.Column("passport_number", sa.String(length=40), nullable=False),
        sa.Column("passport_expiry", sa.Date(), nullable=True),
        sa.Column("level", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["visit_id"], ["visits.id"],
                                name=op.f(f"fk_{TABLE}_visit_id_visits"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["delegate_id"], ["delegates.id"],
                                name=op.f(f"fk_{TABLE}_delegate_id_delegates"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{TABLE}")),
        sa.UniqueConstraint("uuid", name=op.f(f"uq_{TABLE}_uuid")),
        sa.UniqueConstraint("delegate_id", name=op.f(f"uq_{TABLE}_delegate_id")),
    )
    op.create_index(op.f(f"ix_{TABLE}_visit_id"), TABLE, ["visit_id"], unique=False)
    conn = op.get_bind()
    rows = conn.execute(sa.text(
        "SELECT id, uuid, visit_id, date_of_birth, passport_number, passport_expiry, level, "
        "created_at, updated_at FROM delegates WHERE date_of_birth IS NOT NULL "
        "OR passport_number <> '' OR passport_expiry IS NOT NULL")).all()
    if rows:
        conn.execute(sa.text(
            f"INSERT INTO {TABLE} (uuid, visit_id, delegate_id, date_of_birth, passport_number, "
            "passport_expiry, level, created_at, updated_at, row_version) VALUES (:u, :v, :d, "
            ":born, :number, :expiry, :level, :created, :updated, 1)"),
            [{"u": passport_uuid(r.uuid), "v": r.visit_id, "d": r.id, "born": r.date_of_birth,
              "number": r.passport_number, "expiry": r.passport_expiry,
              "level": _level(r.level), "created": r.created_at, "updated": r.updated_at}
             for r in rows])
    _split_sync_state(conn)
    for name in FIELDS:  # in place (SQLite 3.35+): no table is rebuilt
        conn.exec_driver_sql(f"ALTER TABLE delegates DROP COLUMN {name}")
    if _on_postgres():
        _server_objects(conn)


def _split_sync_state(conn: sa.Connection) -> None:
    """A laptop's base copy of each delegate loses the passport fields to a base copy of
    its passport row, as the server will hold it (version 1); kept conflicts on those
    fields follow them."""
    for row_id, data, visit_uuid in conn.execute(sa.text(
            "SELECT id, data, visit_uuid FROM sync_base WHERE table_name = 'delegates'")).all():
        value = json.loads(data)
        moved = {f: value.pop(f) for f in FIELDS if f in value}
        if not moved:
            continue
        conn.execute(sa.text("UPDATE sync_base SET data = :d WHERE id = :i"),
                     {"d": _dumps(value), "i": row_id})
        if all(v in (None, "") for v in moved.values()):
            continue
        own = passport_uuid(value["uuid"])
        conn.execute(sa.text(
            "INSERT INTO sync_base (uuid, table_name, visit_uuid, version, data) "
            "VALUES (:u, :t, :v, 1, :d)"),
            {"u": own, "t": TABLE, "v": visit_uuid, "d": _dumps({
                **moved, "uuid": own, "delegate": value["uuid"],
                "level": _level(value.get("level")), "created_at": value.get("created_at"),
                "updated_at": value.get("updated_at")})})
    for conflict_id, delegate_uuid in conn.execute(sa.text(
            "SELECT id, uuid FROM sync_conflicts WHERE table_name = 'delegates' AND field IN "
            "('date_of_birth', 'passport_number', 'passport_expiry')")).all():
        conn.execute(sa.text("UPDATE sync_conflicts SET table_name = :t, uuid = :u "
                             "WHERE id = :i"),
                     {"t": TABLE, "u": passport_uuid(delegate_uuid), "i": conflict_id})


def _dumps(value: object) -> str:
    """As core/sync/rows.dumps writes a row (frozen here)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


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
        "SELECT count(*) FROM pg_class WHERE relname = 'delegates' AND relrowsecurity"
    ).scalar()
    if protected:
        conn.exec_driver_sql(f"ALTER TABLE {TABLE} ENABLE ROW LEVEL SECURITY")
        conn.exec_driver_sql(f"ALTER TABLE {TABLE} FORCE ROW LEVEL SECURITY")
        # the users' group may query it (a delegate list joins it) but, with no policy
        # for them yet, reads no row: the passports look empty until `server init`
        groups = [r[0] for r in conn.exec_driver_sql(
            "SELECT DISTINCT pg_get_userbyid(a.grantee) FROM pg_class c, "
            "aclexplode(c.relacl) a WHERE c.relname = 'delegates' "
            "AND a.grantee <> c.relowner AND a.grantee <> 0")]
        for group in groups:
            quoted = conn.exec_driver_sql("SELECT quote_ident(%s)", (group,)).scalar()
            conn.exec_driver_sql(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {TABLE} TO {quoted}")


# The three column definitions as 0008b made them, and where they stood (SQLite keeps a
# table's SQL as written; DROP COLUMN cut exactly these out of it).
_ANCHOR = "nationality VARCHAR(200) NOT NULL, \n\t"
_DEFINITIONS = ("date_of_birth DATE, \n\tpassport_number VARCHAR(40) NOT NULL, \n\t"
                "passport_expiry DATE, \n\t")
_JOINED = (f"SELECT d.*, p.date_of_birth AS date_of_birth, coalesce(p.passport_number, '') "
           f"AS passport_number, p.passport_expiry AS passport_expiry FROM delegates d "
           f"LEFT JOIN {TABLE} p ON p.delegate_id = d.id")


def downgrade() -> None:
    conn = op.get_bind()
    _join_sync_state(conn)
    if _on_postgres():
        for name, kind in (("date_of_birth", "DATE"), ("passport_number", "VARCHAR(40)"),
                           ("passport_expiry", "DATE")):
            conn.exec_driver_sql(f"ALTER TABLE delegates ADD COLUMN {name} {kind}")
        conn.exec_driver_sql(
            f"UPDATE delegates SET date_of_birth = p.date_of_birth, passport_number = "
            f"p.passport_number, passport_expiry = p.passport_expiry FROM {TABLE} p "
            "WHERE p.delegate_id = delegates.id")
        conn.exec_driver_sql("UPDATE delegates SET passport_number = '' "
                             "WHERE passport_number IS NULL")
        conn.exec_driver_sql("ALTER TABLE delegates ALTER COLUMN passport_number SET NOT NULL")
        op.drop_index(op.f(f"ix_{TABLE}_visit_id"), table_name=TABLE)
        op.drop_table(TABLE)
        return
    _sqlite_columns_back(conn)


def _sqlite_columns_back(conn: sa.Connection) -> None:
    """`delegates` exactly as before (its SQL, indexes and triggers as they were), the
    passport data back in it: an added column would stand last and need a DEFAULT, so
    the table is rebuilt from its own SQL with the three definitions put back."""
    table_sql = conn.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'delegates'").scalar()
    if _ANCHOR not in table_sql:
        raise RuntimeError("delegates is not as 0013_delegate_passports left it; "
                           "not downgrading")
    others = [sql for (sql,) in conn.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE tbl_name = 'delegates' AND type IN "
        "('index', 'trigger') AND sql IS NOT NULL ORDER BY rowid")]
    conn.exec_driver_sql(f"CREATE TEMP TABLE _delegates_0013 AS {_JOINED}")
    op.drop_index(op.f(f"ix_{TABLE}_visit_id"), table_name=TABLE)
    op.drop_table(TABLE)
    conn.exec_driver_sql("DROP TABLE delegates")
    conn.exec_driver_sql(table_sql.replace(_ANCHOR, _ANCHOR + _DEFINITIONS, 1))
    columns = ", ".join(r[1] for r in conn.exec_driver_sql("PRAGMA table_info(delegates)"))
    conn.exec_driver_sql(f"INSERT INTO delegates ({columns}) SELECT {columns} "
                         "FROM _delegates_0013")
    conn.exec_driver_sql("DROP TABLE _delegates_0013")
    for sql in others:
        conn.exec_driver_sql(sql)


def _join_sync_state(conn: sa.Connection) -> None:
    """The upgrade's split of a laptop's sync state, undone."""
    for row_id, data in conn.execute(sa.text(
            f"SELECT id, data FROM sync_base WHERE table_name = '{TABLE}'")).all():
        value = json.loads(data)
        base = conn.execute(sa.text("SELECT id, data FROM sync_base WHERE uuid = :u"),
                            {"u": value.get("delegate")}).first()
        if base is not None:
            delegate = json.loads(base.data) | {f: value.get(f) for f in FIELDS}
            conn.execute(sa.text("UPDATE sync_base SET data = :d WHERE id = :i"),
                         {"d": _dumps(delegate), "i": base.id})
        conn.execute(sa.text("DELETE FROM sync_base WHERE id = :i"), {"i": row_id})
    # a delegate without passport data had them empty in its base copy before 0013
    empty = {"date_of_birth": None, "passport_number": "", "passport_expiry": None}
    for row_id, data in conn.execute(sa.text(
            "SELECT id, data FROM sync_base WHERE table_name = 'delegates'")).all():
        value = json.loads(data)
        if not all(f in value for f in FIELDS):
            conn.execute(sa.text("UPDATE sync_base SET data = :d WHERE id = :i"),
                         {"d": _dumps(empty | value), "i": row_id})
    conn.execute(sa.text(
        f"UPDATE sync_conflicts SET table_name = 'delegates', uuid = (SELECT d.uuid FROM "
        f"{TABLE} p JOIN delegates d ON d.id = p.delegate_id WHERE p.uuid = "
        f"sync_conflicts.uuid) WHERE table_name = '{TABLE}' AND uuid IN (SELECT uuid FROM "
        f"{TABLE})"))
