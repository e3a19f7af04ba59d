"""The audit trail on a team server: who changed what and when, who exported what.

On PostgreSQL one trigger per data table (the tables come from core/kinds.py, never a
hand list) writes a row of `audit_log` for every insert, update and delete: the server's
time, the login (`session_user`) and the role in effect, the table, the row's id and
UUID, its visit, the action, the names of the columns an update changed (never their
contents: people who may read the audit may not be cleared for the text), and the row
versions before and after. Exports are written by `record_export` through the
`audit_export` function. Both functions are SECURITY DEFINER with a fixed search_path:
users write the audit only through them. The table belongs to the schema's owner;
users get SELECT only, and triggers refuse UPDATE, DELETE and TRUNCATE for everyone
(the owner included) and any INSERT that does not come through those functions.

`install(conn)` sets all of it up (idempotent: the migration 0010 and a future
`server init` call it); a SQLite file has no audit (docs/team-server.md says why).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from briefing_app.core.database import Database
from briefing_app.core.errors import DatabaseError

# What the trigger of a table is given to find the row's visit: ("visit_id",) for a
# visit's table, ("id",) for the visits, (column, parent table) for a link table.
Target = tuple[str, tuple[str, ...]]
EXPORTS = ("pack", "bundle", "ics")
MAX_DETAIL = 20_000  # characters of an export's detail (a distribution list of 200 copies)


def audit_targets() -> list[Target]:
    """Every data table with what its trigger needs to find the visit, from core/kinds.py."""
    from briefing_app.core.kinds import KINDS

    out: list[Target] = []
    for kind in KINDS:
        table = kind.table
        if table.name == "visits":
            out.append((table.name, ("id",)))
        elif "visit_id" in table.c:
            out.append((table.name, ("visit_id",)))
        else:
            parent = next((fk.parent.name, fk.column.table.name)
                          for column in table.columns for fk in column.foreign_keys
                          if "visit_id" in fk.column.table.c)
            out.append((table.name, parent))
    return out


def _ident(name: str) -> str:
    if not name.replace("_", "").isalnum():
        raise ValueError(f"not a plain SQL name: {name!r}")
    return f'"{name}"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


_TABLE = """
CREATE TABLE IF NOT EXISTS audit_log (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at timestamptz NOT NULL DEFAULT now(),
    login text NOT NULL DEFAULT session_user,
    acting_role text NOT NULL DEFAULT session_user,
    table_name text NOT NULL,
    row_id bigint,
    row_uuid text,
    visit_id bigint,
    action text NOT NULL CHECK (action IN ('insert', 'update', 'delete', 'export')),
    columns text[] NOT NULL DEFAULT '{}',
    old_version integer,
    new_version integer,
    xact xid8 NOT NULL DEFAULT pg_current_xact_id(),
    detail jsonb
);
CREATE INDEX IF NOT EXISTS ix_audit_log_visit ON audit_log (visit_id, id);
CREATE INDEX IF NOT EXISTS ix_audit_log_row ON audit_log (table_name, row_id, id);
CREATE INDEX IF NOT EXISTS ix_audit_log_xact ON audit_log (xact);
"""

# The role in effect: SET ROLE shows in the 'role' setting (current_user inside a
# SECURITY DEFINER function is the owner, so it cannot say).
_ACTING = "CASE current_setting('role') WHEN 'none' THEN session_user::text " \
          "ELSE current_setting('role') END"


def _functions(schema: str) -> str:
    path = f"SET search_path = pg_catalog, {_ident(schema)}, pg_temp"
    return f"""
CREATE OR REPLACE FUNCTION audit_row() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER {path} AS $$
DECLARE
    old_j jsonb; new_j jsonb; r jsonb; cols text[] := '{{}}'; vid bigint;
BEGIN
    IF TG_OP <> 'INSERT' THEN old_j := to_jsonb(OLD); END IF;
    IF TG_OP <> 'DELETE' THEN new_j := to_jsonb(NEW); END IF;
    IF TG_OP = 'UPDATE' THEN
        IF old_j = new_j THEN RETURN NULL; END IF;
        SELECT coalesce(array_agg(k ORDER BY k), '{{}}') INTO cols
          FROM jsonb_object_keys(new_j) AS k
         WHERE k NOT IN ('updated_at', 'row_version') AND new_j -> k IS DISTINCT FROM old_j -> k;
    END IF;
    r := coalesce(new_j, old_j);
    IF TG_NARGS = 1 THEN
        vid := (r ->> TG_ARGV[0])::bigint;
    ELSE
        EXECUTE format('SELECT visit_id FROM %I WHERE id = $1', TG_ARGV[1])
           INTO vid USING (r ->> TG_ARGV[0])::bigint;
    END IF;
    INSERT INTO audit_log (acting_role, table_name, row_id, row_uuid, visit_id, action,
                           columns, old_version, new_version)
    VALUES ({_ACTING}, TG_TABLE_NAME, (r ->> 'id')::bigint, r ->> 'uuid', vid, lower(TG_OP),
            cols, (old_j ->> 'row_version')::integer, (new_j ->> 'row_version')::integer);
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION audit_export(p_visit bigint, p_detail jsonb) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER {path} AS $$
DECLARE
    new_id bigint;
BEGIN
    IF jsonb_typeof(p_detail) IS DISTINCT FROM 'object'
       OR length(p_detail::text) > {MAX_DETAIL}
       OR NOT (p_detail ->> 'what') = ANY (ARRAY['pack', 'bundle', 'ics']) THEN
        RAISE EXCEPTION 'not an export the audit records' USING ERRCODE = '22023';
    END IF;
    INSERT INTO audit_log (acting_role, table_name, row_id, row_uuid, visit_id, action, detail)
    VALUES ({_ACTING}, 'visits', p_visit, (SELECT uuid FROM visits WHERE id = p_visit),
            p_visit, 'export', p_detail)
    RETURNING id INTO new_id;
    RETURN new_id;
END $$;

CREATE OR REPLACE FUNCTION audit_log_guard() RETURNS trigger
LANGUAGE plpgsql {path} AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        -- Only the audit functions (running as the owner) write; who and when are
        -- the server's, whatever the statement said.
        IF current_user::text <> (SELECT pg_get_userbyid(relowner)::text
                                    FROM pg_class WHERE oid = TG_RELID) THEN
            RAISE EXCEPTION 'the audit trail is written by the server only'
                  USING ERRCODE = '42501';
        END IF;
        NEW.at := now();
        NEW.login := session_user;
        NEW.xact := pg_current_xact_id();
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'the audit trail cannot be changed or deleted (%)', lower(TG_OP)
          USING ERRCODE = '42501';
END $$;
"""


_GUARDS = """
DROP TRIGGER IF EXISTS audit_log_insert ON audit_log;
CREATE TRIGGER audit_log_insert BEFORE INSERT ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_guard();
DROP TRIGGER IF EXISTS audit_log_change ON audit_log;
CREATE TRIGGER audit_log_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_guard();
DROP TRIGGER IF EXISTS audit_log_truncate ON audit_log;
CREATE TRIGGER audit_log_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_guard();
REVOKE ALL ON audit_log FROM PUBLIC;
GRANT SELECT ON audit_log TO PUBLIC;
REVOKE ALL ON FUNCTION audit_row() FROM PUBLIC;
REVOKE ALL ON FUNCTION audit_log_guard() FROM PUBLIC;
"""


def trigger_sql(targets: Iterable[Target]) -> list[str]:
    """One AFTER INSERT OR UPDATE OR DELETE trigger per data table."""
    out = []
    for table, args in targets:
        name = _ident(f"{table}_audit")
        out.append(f"DROP TRIGGER IF EXISTS {name} ON {_ident(table)}")
        out.append(f"CREATE TRIGGER {name} AFTER INSERT OR UPDATE OR DELETE ON {_ident(table)} "
                   f"FOR EACH ROW EXECUTE FUNCTION audit_row("
                   f"{', '.join(_literal(a) for a in args)})")
    return out


def install(conn: Connection, targets: Sequence[Target] | None = None) -> None:
    """Create (or bring up to date) the audit table, its functions, the triggers on
    every data table and the privileges; run as the schema's owner, in its transaction.
    Any write right a role was given on audit_log (GRANT … ON ALL TABLES) is taken back."""
    schema = conn.exec_driver_sql("SELECT current_schema()").scalar_one()
    _script(conn, _TABLE, _functions(schema), _GUARDS,
            *trigger_sql(audit_targets() if targets is None else targets))
    writers = conn.exec_driver_sql(
        "SELECT DISTINCT pg_get_userbyid(a.grantee) FROM pg_class AS c, "
        "aclexplode(c.relacl) AS a WHERE c.oid = 'audit_log'::regclass "
        "AND a.grantee <> c.relowner AND a.grantee <> 0 "
        "AND a.privilege_type <> 'SELECT'").scalars().all()
    for role in writers:
        quoted = conn.exec_driver_sql("SELECT quote_ident(%s)", (role,)).scalar_one()
        conn.exec_driver_sql(f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER "
                             f"ON audit_log FROM {quoted}")


def uninstall(conn: Connection, targets: Sequence[Target]) -> None:
    """Take the audit away again (the migration's downgrade; the owner may drop it)."""
    _script(conn, *(f"DROP TRIGGER IF EXISTS {_ident(table + '_audit')} ON {_ident(table)}"
                    for table, _args in targets),
            "DROP TABLE IF EXISTS audit_log",
            "DROP FUNCTION IF EXISTS audit_row(), audit_log_guard(), audit_export(bigint, jsonb)")


def _script(conn: Connection, *scripts: str) -> None:
    """Run SQL scripts as they are, in the connection's transaction: no parameters, so
    `%` (format's %I, RAISE's %) stays SQL and several statements may follow each other."""
    cursor = conn.connection.cursor()
    try:
        for script in scripts:
            cursor.execute(script)
    finally:
        cursor.close()


# --- writing exports and reading the trail ----------------------------------------------

def record_export(db: Database, visit_id: int, what: str, detail: dict[str, Any]) -> None:
    """Record an export on the server (who is the login, when is the server's clock);
    nothing on a database file, which has no audit."""
    if not db.on_server:
        return
    if what not in EXPORTS:
        raise ValueError(f"unknown export {what!r}")
    payload = json.dumps({"what": what, **detail}, ensure_ascii=False, separators=(",", ":"))
    try:
        with db.write() as session:
            session.connection().exec_driver_sql("SELECT audit_export(%s, %s::jsonb)",
                                                 (visit_id, payload))
    except DatabaseError as exc:  # the file exists: say so, not "nothing was saved"
        raise DatabaseError(f"the {_EXPORT_NAMES[what]} was written, but the server could "
                            f"not record the export in its audit trail: {exc}") from None


@dataclass(frozen=True)
class AuditEntry:
    """One line of the audit trail."""

    id: int
    at: datetime
    login: str
    acting_role: str
    table: str
    row_id: int | None
    row_uuid: str | None
    visit_id: int | None
    action: str
    columns: tuple[str, ...]
    old_version: int | None
    new_version: int | None
    detail: dict[str, Any] | None

    @property
    def kind(self) -> str:
        """The kind of row (core/kinds.py) the line is about, or its table."""
        from briefing_app.core.kinds import BY_TABLE

        known = BY_TABLE.get(self.table)
        return known.name if known is not None else self.table

    def what(self) -> str:
        """The change in words, without any of the row's content."""
        from briefing_app.core.kinds import label

        if self.action == "export":
            return describe_export(self.detail or {})
        noun = label(self.kind) if self.kind != self.table else self.table
        text = f"{_VERBS.get(self.action, self.action)} {noun} {self.row_id}"
        if self.columns:
            text += ": " + ", ".join(self.columns)
        return text


_VERBS = {"insert": "added", "update": "changed", "delete": "deleted"}
_EXPORT_NAMES = {"pack": "pack", "bundle": "bundle", "ics": "calendar"}


def describe_export(detail: dict[str, Any]) -> str:
    """'exported the press pack, copies 1–3 (1: Embassy, 2: …)' from an export's detail."""
    what = _EXPORT_NAMES.get(str(detail.get("what")), "?")
    parts = [f"exported the {what}"]
    if detail.get("edition"):
        parts[0] = f"exported the {detail['edition']} {what}"
    if detail.get("person_id") is not None:
        parts.append(f"for person {detail['person_id']}")
    copies = detail.get("copies")
    if isinstance(copies, int) and copies > 0:
        parts.append("copy 1 of 1" if copies == 1 else f"copies 1–{copies}")
    recipients = detail.get("recipients") or []
    if recipients:
        parts.append("(" + "; ".join(f"{i}: {r}" for i, r in enumerate(recipients, 1) if r)
                     + ")")
    if detail.get("classification"):
        parts.append(f"marked {detail['classification']}")
    return " ".join(parts)


def _where(session: Any, visit_id: int | None,
           item: tuple[str, int] | None) -> tuple[str, list[Any]]:
    clauses, params = [], []
    if visit_id is not None:
        clauses.append("visit_id = %s")
        params.append(visit_id)
    if item is not None:
        clause, item_params = _item_clause(session, *item)
        clauses.append(clause)
        params += item_params
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def _item_clause(session: Any, table: str, row_id: int) -> tuple[str, list[Any]]:
    """An item's lines, with those of its companion row (an event's restricted brief, a
    delegate's passport: models.COMPANIONS), found by the UUID derived from the item's,
    so a change of its positions shows in the item's history. Only to a reader who may
    read that row now: the trail's own rule is the visit's, and a press user must not
    learn when, by whom and in which fields the positions they cannot see changed."""
    from sqlalchemy import select

    from briefing_app.core import models as M

    owner = next((m for m in M.COMPANIONS if m.__tablename__ == table), None)
    clause, params = "table_name = %s AND row_id = %s", [table, row_id]
    if owner is None:
        return clause, params
    uuid = session.execute(select(owner.uuid).where(owner.id == row_id)).scalar()
    if uuid is None:
        return clause, params
    companion = M.COMPANIONS[owner][1].__tablename__
    own = M.companion_uuid(companion, uuid)
    return (f"(({clause}) OR (table_name = %s AND row_uuid = %s AND EXISTS "
            f"(SELECT 1 FROM public.{companion} c WHERE c.uuid = %s)))",
            [*params, companion, own, own])


def _require_server(db: Database) -> None:
    if not db.on_server:
        raise DatabaseError(f"{db.path} is a database file: the audit trail is kept on a "
                            "team server only (docs/team-server.md)")


def count(db: Database, *, visit_id: int | None = None,
          item: tuple[str, int] | None = None) -> int:
    """How many lines the trail holds for a visit, an item (table, id), or in all."""
    _require_server(db)
    with db.read() as session:
        where, params = _where(session, visit_id, item)
        return int(session.connection().exec_driver_sql(
            f"SELECT count(*) FROM audit_log{where}", tuple(params)).scalar_one())


def entries(db: Database, *, visit_id: int | None = None, item: tuple[str, int] | None = None,
            offset: int = 0, limit: int = 200) -> list[AuditEntry]:
    """Lines of the trail, newest first, one page (`offset`, `limit`) at a time."""
    _require_server(db)
    with db.read() as session:
        where, params = _where(session, visit_id, item)
        rows = session.connection().exec_driver_sql(
            "SELECT id, at, login, acting_role, table_name, row_id, row_uuid, visit_id, "
            "action, columns, old_version, new_version, detail FROM audit_log"
            f"{where} ORDER BY id DESC OFFSET %s LIMIT %s",
            (*params, offset, limit)).all()
    return [AuditEntry(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], tuple(r[9] or ()),
                       r[10], r[11], r[12]) for r in rows]
