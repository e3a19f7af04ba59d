"""Row-level security on the team server: who may read which rows (PostgreSQL only).

`install(conn, database)` is what `briefing-app server init` runs as the database's
owner after the migrations: a group role for the app's users (it owns nothing), their
grants, and on every table `ENABLE` and `FORCE ROW LEVEL SECURITY` with policies:

- a visit's item tables (core/models.LEVELLED): the row's level ≤ the user's clearance
  for its visit, and ≤ `briefing.cap` when the transaction set one (an edition, see
  core/server_db.make_server_engine);
- `visits`: the user holds a clearance for that visit (any level);
- rows that hang off others (a participation, a link, an agreement's texts, a seat):
  every row they must refer to is visible to the user (PostgreSQL applies the parents'
  policies inside the subquery, which looks each parent up by key: ONE_BY_ONE);
- `search_index_docs`: the row it indexes is visible, so search shows nothing more;
- `clearances`: a user reads their own rows and writes none;
- any other table (added by a later migration): the owner only, until it is named here.

The owner keeps a policy that passes everything (it runs the migrations; with FORCE it
would otherwise see nothing). No user needs a clearance row to see nothing. The
functions the policies call run with the caller's rights (SECURITY INVOKER): the
clearance is read through the `clearances` policy. The exceptions, with the owner's
rights (DEFINERS, executable by the app's users only): whether an event has a
participant the caller may not read (`briefing_participants_readable`, see
`index_conditions`); which rows of an indexed table exist, ids only
(`briefing_index_rows`); dropping the index entries of rows that are gone
(`briefing_index_forget`); writing a save's index entries, each checked as the policy
would (`briefing_index_put`); and the search (`briefing_index_find`). The last two keep
to what the logged-in user may read as `server_index_sql.spelled_out` says.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from briefing_app.core import models as M
from briefing_app.core.errors import ValidationError
from briefing_app.core.kinds import KINDS
from briefing_app.core.levels import LEVELS
from briefing_app.core.search_schema import DIRTY_TABLE, DOCS_TABLE, INDEXED
from briefing_app.core.server_index_sql import (
    GENERIC,
    ONE_BY_ONE,
    PATH,
    index_conditions,
    index_functions,
    key_codes,
    literal,
    parents,
)

OWNER_POLICY = "briefing_owner_all"
USER_POLICY = "briefing_cleared"
_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
# Tables with no visit data: users read them (the schema's revision) or write keys only.
READ_ONLY = ("alembic_version",)
NO_VISIT_DATA = (DIRTY_TABLE,)
# The audit trail (core/server_audit.py): users read the lines of the visits they hold a
# clearance for; only its SECURITY DEFINER functions write it, as the owner.
AUDIT_TABLE = "audit_log"
# Deletions the laptops learn of (core/sync): written by a trigger as the deleting user,
# read by every user cleared for the visit; never changed or deleted by a user.
TOMBSTONES = "sync_tombstones"


def quote(name: str) -> str:
    """An SQL identifier, quoted."""
    return '"' + name.replace('"', '""') + '"'


def check_name(name: str, what: str = "user name") -> str:
    """A role name as the app creates them: plain, so it reads the same everywhere."""
    if not _NAME.match(name):
        raise ValidationError(what, f"{name!r} is not a plain name (lower-case letters, "
                              "digits and _, starting with a letter, at most 63)")
    return name


# Trigger functions the migrations made that name their tables without a schema: those
# of the search index that run with the owner's rights (db/versions/0014_event_briefs.py)
# and two that run with the writer's (0002's marks, 0011's tombstones). `server init`
# gives them PATH: a user's own temporary table of the same name cannot take their
# rows (a delete whose tombstone went there would never reach the laptops).
MARKERS = ("public.search_index_mark_related()", "public.search_index_mark_briefs()",
           "public.search_index_mark()", "public.sync_tombstone()")
# The functions with the owner's rights: the app's users may call them, no one else.
DEFINERS = ("public.briefing_participants_readable(bigint)",
            "public.briefing_index_rows(text, bigint[])",
            "public.briefing_index_forget(bigint[])",
            "public.briefing_index_put(bigint[], jsonb, bigint[])",
            "public.briefing_index_find(text[], boolean, text[], bigint, integer)")


def group_role(database: str) -> str:
    """The group role of one database's users (roles are shared by a whole server)."""
    plain = re.sub(r"[^a-z0-9_]", "_", database.lower())
    return f"briefing_{plain}"[:57] + "_users"


def functions() -> list[str]:
    """The functions the policies call."""
    ranks = " ".join(f"WHEN '{name}' THEN {i}" for i, name in enumerate(LEVELS))
    top = len(LEVELS) - 1
    return [
        "CREATE OR REPLACE FUNCTION public.briefing_level_rank(level text) RETURNS integer "
        f"LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT CASE level {ranks} END $$",
        # -1: no clearance for this visit (nothing to see). NULL visit_id: every visit.
        # The policies call these three for every row they look at. Their every name is
        # schema-qualified (operators too) instead of a SET search_path clause: a
        # function with one is called through a wrapper that sets and restores the
        # setting on every call, which made a user's save under the policies 5-7 times
        # slower than the owner's (docs/team-server.md, the load test).
        # -1: no clearance for this visit (nothing to see). NULL visit_id: every visit.
        "CREATE OR REPLACE FUNCTION public.briefing_clearance(visit bigint) RETURNS integer "
        "LANGUAGE sql STABLE RESET ALL AS $$ "
        "SELECT coalesce(pg_catalog.max(public.briefing_level_rank(c.level)), -1) "
        "FROM public.clearances c WHERE c.role_name OPERATOR(pg_catalog.=) current_user "
        "AND (c.visit_id OPERATOR(pg_catalog.=) visit OR c.visit_id IS NULL) $$",
        # No cap set: the top level. A cap that names no level shows nothing.
        "CREATE OR REPLACE FUNCTION public.briefing_cap() RETURNS integer "
        "LANGUAGE sql STABLE RESET ALL AS $$ "
        "SELECT CASE WHEN coalesce(pg_catalog.current_setting('briefing.cap', true), '') "
        f"OPERATOR(pg_catalog.=) '' THEN {top} ELSE coalesce(public.briefing_level_rank("
        "pg_catalog.current_setting('briefing.cap', true)), -1) END $$",
        "CREATE OR REPLACE FUNCTION public.briefing_may_read(visit bigint, level text) "
        "RETURNS boolean LANGUAGE sql STABLE RESET ALL AS $$ "
        "SELECT public.briefing_level_rank(level) OPERATOR(pg_catalog.<=) "
        "least(public.briefing_clearance(visit), public.briefing_cap()) $$",
        # Whether the logged-in user (session_user: inside the function current_user is
        # the owner) may read every participant of an event, under the transaction's
        # cap. The one function with the owner's rights: a participant the caller may
        # not read is hidden from the caller's own query, so only the owner can tell
        # there is one. False, always, for an event of a visit the caller holds no
        # clearance for: it tells nothing of visits one may not read. Executed only by
        # the app's users (install revokes it from PUBLIC).
        "DROP FUNCTION IF EXISTS public.briefing_participants_readable(bigint, integer)",
        # PL/pgSQL, not SQL: a SECURITY DEFINER SQL function is never inlined, and its
        # query was planned again at each statement that called it (~0.7 ms of every
        # save of an event); PL/pgSQL keeps its plans for the connection.
        "CREATE OR REPLACE FUNCTION public.briefing_participants_readable(event bigint) "
        "RETURNS boolean LANGUAGE plpgsql STABLE SECURITY DEFINER "
        f"{GENERIC} {PATH} AS $$ "
        "DECLARE r integer; BEGIN "
        "SELECT least(coalesce(max(public.briefing_level_rank(c.level)), -1), "
        "public.briefing_cap()) INTO r FROM public.events e JOIN public.clearances c "
        "ON c.role_name = session_user AND (c.visit_id = e.visit_id OR c.visit_id IS NULL) "
        "WHERE e.id = event; "
        "RETURN r >= 0 AND NOT EXISTS (SELECT 1 FROM public.participations pa "
        "JOIN public.people p ON p.id = pa.person_id WHERE pa.event_id = event "
        "AND public.briefing_level_rank(p.level) > r); END $$",
        # Which of these rows of an indexed table exist, hidden or not (ids only, never
        # text), so that the indexer run by a user tells a row that is gone (its entry
        # goes) from one hidden from them (its entry waits for someone who may rebuild
        # it: search_pg.drain). The second function with the owner's rights; one
        # static query per table, so each keeps its plan.
        # ROWS 10: a save asks of a few rows; the default guess of 1,000 made the plans
        # that join it scan and hash the whole table instead of looking up each row.
        "CREATE OR REPLACE FUNCTION public.briefing_index_rows(tbl text, ids bigint[]) "
        f"RETURNS SETOF bigint LANGUAGE plpgsql STABLE SECURITY DEFINER ROWS 10 {GENERIC} "
        f"{PATH} AS $$ BEGIN CASE tbl "
        + " ".join(f"WHEN {literal(t)} THEN RETURN QUERY SELECT id::bigint FROM public.{t} "
                   "WHERE id = ANY(ids);" for t in sorted({k.table for k in INDEXED}))
        + " ELSE RETURN; END CASE; END $$",
        DELETE_GUARD,
        *index_functions(),
    ]


# PostgreSQL runs a foreign key's ON DELETE CASCADE past the policies: deleting a visit
# (or a person, an event) one may read would take rows with it that one may not. Before
# each levelled row goes, this refuses unless the logged-in user (session_user: a
# cascade runs as the tables' owner) may read it; the owner (migrations, `server init`)
# may delete anything. 42501 is what the app words as "your clearance does not allow
# this change".
DELETE_GUARD = (
    "CREATE OR REPLACE FUNCTION public.briefing_delete_guard() RETURNS trigger "
    f"LANGUAGE plpgsql {PATH} AS $$ DECLARE r integer; "
    "BEGIN IF session_user = (SELECT pg_get_userbyid(relowner) FROM pg_class "
    "WHERE oid = TG_RELID) THEN RETURN OLD; END IF; "
    "SELECT coalesce(max(public.briefing_level_rank(c.level)), -1) INTO r "
    "FROM public.clearances c WHERE c.role_name = session_user "
    "AND (c.visit_id = OLD.visit_id OR c.visit_id IS NULL); "
    "r := least(r, public.briefing_cap()); "
    "IF public.briefing_level_rank(OLD.level) > r THEN RAISE EXCEPTION USING MESSAGE = "
    "'this delete would also remove ' || TG_TABLE_NAME || ' rows you may not read', "
    "ERRCODE = '42501'; END IF; RETURN OLD; END $$")


def delete_guards(tables: Iterable[str]) -> list[str]:
    """The guard's trigger on every levelled table among `tables` (replacing any)."""
    levelled = {m.__tablename__ for m in M.LEVELLED}
    out = []
    for table in tables:
        if table in levelled:
            name = quote(f"{table}_delete_guard")
            out += [f"DROP TRIGGER IF EXISTS {name} ON public.{quote(table)}",
                    f"CREATE TRIGGER {name} BEFORE DELETE ON public.{quote(table)} "
                    "FOR EACH ROW EXECUTE FUNCTION public.briefing_delete_guard()"]
    return out


def user_rules() -> dict[str, str]:
    """Table -> the condition under which a user reads and writes a row of it."""
    rules: dict[str, str] = {
        "visits": "public.briefing_clearance(id) >= 0",
        "clearances": "role_name = current_user",
        AUDIT_TABLE: "visit_id IS NULL OR public.briefing_clearance(visit_id) >= 0",
        TOMBSTONES: "visit_id IS NULL OR public.briefing_clearance(visit_id) >= 0",
    }
    for model in M.LEVELLED:
        rules[model.__tablename__] = "public.briefing_may_read(visit_id, level)"
    for kind in KINDS:
        table = kind.table
        if table.name in rules:
            continue
        refs = parents(table)
        assert refs, f"{table.name}: no visit and no parent to take visibility from"
        rules[table.name] = " AND ".join(
            f"EXISTS (SELECT 1 FROM public.{parent} p WHERE p.id = {table.name}.{column} "
            f"{ONE_BY_ONE})" for column, parent in refs)
    cases = " ".join(f"WHEN '{k.kind}' THEN EXISTS (SELECT 1 FROM public.{k.table} s "
                     f"WHERE {' AND '.join(index_conditions(k))})" for k in INDEXED)
    rules[DOCS_TABLE] = f"CASE kind {cases} ELSE false END"
    return rules


def _write_check(table: str, rule: str) -> str:
    """What a written row must satisfy besides being readable."""
    if table == "visits":  # a user never sets a visit's default above their clearance
        return (f"{rule} AND public.briefing_level_rank(default_level) <= "
                "public.briefing_clearance(id)")
    if table == DOCS_TABLE:  # an entry's key is its row's: no entry squats another's key
        return f"{rule} AND key = row_id * 16 + CASE kind {key_codes()} END"
    return rule


def install(conn: Any, owner: str, database: str, tables: Iterable[str]) -> str:
    """Create the group role, grants and policies (again: replaces them); returns the
    group role. `tables`: every table of the schema (the caller lists them)."""
    group = group_role(database)
    exists = conn.exec_driver_sql("SELECT 1 FROM pg_roles WHERE rolname = %s",
                                  (group,)).scalar()
    if not exists:
        conn.exec_driver_sql(f"CREATE ROLE {quote(group)} NOLOGIN")
    for statement in functions():
        conn.exec_driver_sql(statement)
    # The migrations' trigger functions (MARKERS) get the same search_path as ours:
    # pg_temp last (see PATH).
    for name in MARKERS:
        if conn.exec_driver_sql("SELECT to_regprocedure(%s)", (name,)).scalar():
            conn.exec_driver_sql(f"ALTER FUNCTION {name} {PATH}")
    g, o = quote(group), quote(owner)
    # the owner's-rights function: the app's users only (a function is PUBLIC's by default)
    for definer in DEFINERS:
        conn.exec_driver_sql(f"REVOKE ALL ON FUNCTION {definer} FROM PUBLIC")
        conn.exec_driver_sql(f"GRANT EXECUTE ON FUNCTION {definer} TO {g}")
    conn.exec_driver_sql("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
    conn.exec_driver_sql(f"GRANT USAGE ON SCHEMA public TO {g}")
    conn.exec_driver_sql(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {g}")
    rules = user_rules()
    tables = list(tables)
    for statement in delete_guards(tables):
        conn.exec_driver_sql(statement)
    for table in tables:
        t = f"public.{quote(table)}"
        conn.exec_driver_sql(f"REVOKE ALL ON {t} FROM {g}")
        if table in READ_ONLY or table in ("clearances", AUDIT_TABLE, DOCS_TABLE):
            # the index: written through briefing_index_put and _forget only
            conn.exec_driver_sql(f"GRANT SELECT ON {t} TO {g}")
        elif table == TOMBSTONES:
            conn.exec_driver_sql(f"GRANT SELECT, INSERT ON {t} TO {g}")
        else:
            conn.exec_driver_sql(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {t} TO {g}")
        if table in READ_ONLY or table in NO_VISIT_DATA:
            continue
        conn.exec_driver_sql(f"ALTER TABLE {t} ENABLE ROW LEVEL SECURITY")
        conn.exec_driver_sql(f"ALTER TABLE {t} FORCE ROW LEVEL SECURITY")
        for name in (OWNER_POLICY, USER_POLICY):
            conn.exec_driver_sql(f"DROP POLICY IF EXISTS {name} ON {t}")
        conn.exec_driver_sql(f"CREATE POLICY {OWNER_POLICY} ON {t} TO {o} "
                             "USING (true) WITH CHECK (true)")
        rule = rules.get(table)
        if rule is None:
            continue  # not named here: the owner's alone (deny by default)
        if table in ("clearances", AUDIT_TABLE):
            conn.exec_driver_sql(f"CREATE POLICY {USER_POLICY} ON {t} FOR SELECT TO {g} "
                                 f"USING ({rule})")
        else:
            conn.exec_driver_sql(f"CREATE POLICY {USER_POLICY} ON {t} TO {g} USING ({rule}) "
                                 f"WITH CHECK ({_write_check(table, rule)})")
    return group


def schema_tables(conn: Any) -> list[str]:
    """Every table of the public schema, by name."""
    return [r[0] for r in conn.exec_driver_sql(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")]


def protected_tables(conn: Any) -> list[str]:
    """The tables whose rows row-level security guards (forced), by name."""
    return [r[0] for r in conn.exec_driver_sql(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relrowsecurity "
        "AND c.relforcerowsecurity ORDER BY c.relname")]


def set_clearance(conn: Any, name: str, level: str, visits: Iterable[int]) -> list[int]:
    """Give role `name` clearance `level` in `visits` (none: every visit), replacing
    what it had there; returns the visit ids that do not exist (nothing is written)."""
    wanted = list(dict.fromkeys(visits))
    missing = [v for v in wanted if conn.exec_driver_sql(
        "SELECT 1 FROM public.visits WHERE id = %s", (v,)).scalar() is None]
    if missing:
        return missing
    if not wanted:
        conn.exec_driver_sql("DELETE FROM public.clearances WHERE role_name = %s "
                             "AND visit_id IS NULL", (name,))
        conn.exec_driver_sql("INSERT INTO public.clearances (role_name, visit_id, level) "
                             "VALUES (%s, NULL, %s)", (name, level))
    for visit in wanted:
        conn.exec_driver_sql("DELETE FROM public.clearances WHERE role_name = %s "
                             "AND visit_id = %s", (name, visit))
        conn.exec_driver_sql("INSERT INTO public.clearances (role_name, visit_id, level) "
                             "VALUES (%s, %s, %s)", (name, visit, level))
    return []


def role_state(conn: Any, name: str, group: str) -> str:
    """'absent', 'member' (a user of this database) or 'other' (a role that is not)."""
    row = conn.exec_driver_sql(
        "SELECT pg_has_role(r.oid, g.oid, 'MEMBER') AND r.oid <> g.oid "
        "FROM pg_roles r LEFT JOIN pg_roles g ON g.rolname = %s WHERE r.rolname = %s",
        (group, name)).first()
    if row is None:
        return "absent"
    return "member" if row[0] else "other"


def set_login(conn: Any, name: str, password: str, group: str, *, create: bool) -> None:
    """Create (or re-password) login role `name` in `group`. The password goes to the
    server already hashed (SCRAM, as psql's \\password does): it never appears in a
    statement, so no server log can show it."""
    raw = conn.connection.dbapi_connection
    verifier = raw.pgconn.encrypt_password(password.encode(), name.encode(),
                                           b"scram-sha-256").decode()
    literal = "'" + verifier.replace("'", "''") + "'"
    if create:
        conn.exec_driver_sql(f"CREATE ROLE {quote(name)} LOGIN PASSWORD {literal} "
                             f"IN ROLE {quote(group)}")
    else:
        conn.exec_driver_sql(f"ALTER ROLE {quote(name)} LOGIN PASSWORD {literal}")
