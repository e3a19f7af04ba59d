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
  policies inside the subquery);
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
(`briefing_index_forget`); and the search, which keeps to what the logged-in user may
read as `spelled_out` says (`briefing_index_find`, see search_functions).
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
            "public.briefing_index_find(text[], boolean, text[], bigint, integer)")


def group_role(database: str) -> str:
    """The group role of one database's users (roles are shared by a whole server)."""
    plain = re.sub(r"[^a-z0-9_]", "_", database.lower())
    return f"briefing_{plain}"[:57] + "_users"


# Functions whose statements PostgreSQL would otherwise re-plan on every call: a plan
# made once per connection, for any argument (their statements look rows up by key).
GENERIC = "SET plan_cache_mode = force_generic_plan"
# The search_path of every function with the owner's rights (and of those they call):
# pg_temp named last, else PostgreSQL looks there first for tables and types, and a user
# could put a type or table of their own (with their code in it) in the owner's way.
PATH = "SET search_path = pg_catalog, public, pg_temp"
# The most entries one search for a user returns (the app asks for a few hundred).
SEARCH_LIMIT = 5000


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


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
        + " ".join(f"WHEN {_literal(t)} THEN RETURN QUERY SELECT id::bigint FROM public.{t} "
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


# What a user's save runs to re-index (search_pg.drain): its statements in PL/pgSQL
# functions, because there each is planned once per connection and its plan kept
# (`force_generic_plan`). Sent from the client, the index's policy (a CASE over every
# kind, each with its sub-queries) was planned again on every statement: ~11 ms of a
# user's save for the old entry's DELETE alone (docs/team-server.md, the load test).
# A migration that adds an indexed kind needs `server init` again, as for the policies;
# until then a save that re-indexes the new kind is refused with that message.
_STALE = ("RAISE EXCEPTION USING MESSAGE = 'the search index of ' || {what} || ' is not "
          "installed on this server: its owner runs briefing-app server init again', "
          "ERRCODE = 'P0001';")


def index_functions() -> list[str]:
    """briefing_index_read (the caller's rights): the texts of the rows among `p_ids` that
    the caller may index (index_conditions), and the ids of those that exist but whose
    entry they may not read (hidden: the entry waits). briefing_index_forget (the
    owner's rights): drops the entries of rows that are gone, which the index's policy
    hides from every user (their row is no longer there to make them visible).
    briefing_index_put (the caller's rights): drops the old entries, writes the new ones
    (checked by the policy), marks the held-back keys again."""
    branches = []
    for k in INDEXED:
        extra = index_conditions(k)[1:]  # the first ties the entry to its row
        readable = " AND ".join(["s.id = x.id", *extra])
        branches.append(
            f"WHEN {_literal(k.kind)} THEN "
            "RETURN QUERY SELECT x.id, d.visit, d.title, d.body, d.id IS NULL "
            f"FROM public.briefing_index_rows({_literal(k.table)}, p_ids) AS x(id) "
            f"LEFT JOIN LATERAL (SELECT s.id, ({k.visit_expr.format(r='s')})::bigint AS visit, "
            f"({k.title_expr.format(r='s')})::text AS title, "
            f"({k.body_expr.format(r='s')})::text AS body FROM public.{k.table} AS s "
            f"WHERE {readable}) AS d ON true;")
    forget = " ".join(
        f"DELETE FROM public.{DOCS_TABLE} d WHERE d.key = ANY(p_keys) AND d.kind = "
        f"{_literal(k.kind)} AND NOT EXISTS (SELECT 1 FROM public.{k.table} s "
        "WHERE s.id = d.row_id);" for k in INDEXED)
    # and entries of a kind no longer indexed (the policy's ELSE hides them from all)
    forget += (f" DELETE FROM public.{DOCS_TABLE} d WHERE d.key = ANY(p_keys) AND d.kind "
               f"NOT IN ({', '.join(_literal(k.kind) for k in INDEXED)});")
    return [
        "CREATE OR REPLACE FUNCTION public.briefing_index_read(p_kind text, p_ids bigint[]) "
        "RETURNS TABLE (o_id bigint, o_visit bigint, o_title text, o_body text, "
        f"o_hidden boolean) LANGUAGE plpgsql STABLE {GENERIC} AS $$ BEGIN CASE p_kind "
        + " ".join(branches) + " ELSE " + _STALE.format(what="p_kind")
        + " END CASE; END $$",
        "CREATE OR REPLACE FUNCTION public.briefing_index_forget(p_keys bigint[]) "
        f"RETURNS void LANGUAGE plpgsql SECURITY DEFINER {GENERIC} "
        f"{PATH} AS $$ BEGIN {forget} END $$",
        "CREATE OR REPLACE FUNCTION public.briefing_index_put(p_drop bigint[], "
        f"p_entries jsonb, p_keep bigint[]) RETURNS void LANGUAGE plpgsql {GENERIC} AS $$ "
        f"BEGIN DELETE FROM public.{DOCS_TABLE} WHERE key = ANY(p_drop); "
        "PERFORM public.briefing_index_forget(p_drop); "
        f"INSERT INTO public.{DOCS_TABLE} (key, kind, row_id, visit_id, title, body, "
        "title_terms, terms) SELECT e.key, e.kind, e.row_id, e.visit_id, e.title, e.body, "
        "e.title_terms, e.terms FROM jsonb_to_recordset(p_entries) AS e(key bigint, "
        "kind text, row_id bigint, visit_id bigint, title text, body text, "
        "title_terms text[], terms text[]); "
        f"INSERT INTO public.{DIRTY_TABLE} (key) SELECT unnest(p_keep); END $$",
        *search_functions(),
    ]


def _clearance_of_session_user(visit: str) -> str:
    """briefing_clearance for the logged-in user, as a sub-query: a SQL function that
    reads a table is not inlined, and in a statement a PL/pgSQL function runs again and
    again its query was planned anew each time (~0.2 ms per entry a search checked)."""
    return ("(SELECT coalesce(max(public.briefing_level_rank(c.level)), -1) FROM "
            "public.clearances c WHERE c.role_name = session_user AND "
            f"(c.visit_id = {visit} OR c.visit_id IS NULL))")


def spelled_out(table: str, alias: str, depth: int = 0) -> str:
    """When the logged-in user (session_user) may read row `alias` of `table`, spelled out
    as user_rules' policies decide it, for a query that runs with the owner's rights
    (no policy applies there): a levelled row by its level and the user's clearance for
    its visit under the cap; a row that hangs off others by each of them; a table with
    no rule, never. tests/core/test_server_index.py checks it shows a user exactly the
    index entries the policies show them."""
    levelled = {m.__tablename__ for m in M.LEVELLED}
    if table == "visits":
        return f"{_clearance_of_session_user(alias + '.id')} >= 0"
    if table in levelled:
        return (f"public.briefing_level_rank({alias}.level) <= least("
                f"{_clearance_of_session_user(alias + '.visit_id')}, public.briefing_cap())")
    kind = next((k for k in KINDS if k.table.name == table), None)
    if kind is None or not _parents(kind.table):
        return "false"
    p = f"p{depth}"
    return " AND ".join(
        f"EXISTS (SELECT 1 FROM public.{parent} {p} WHERE {p}.id = {alias}.{column} "
        f"AND {spelled_out(parent, p, depth + 1)})" for column, parent in _parents(kind.table))


def _entry_visible(k: Any) -> str:
    """index_conditions(k), spelled out (see spelled_out), for the entry's row `s`."""
    return " AND ".join(["s.id = p_row", spelled_out(k.table, "s", 1),
                         *index_conditions(k, spell=True)[1:]])


def search_functions() -> list[str]:
    """The search for a user, with the owner's rights. Under the policies, PostgreSQL
    checks the index's policy on every entry before any condition that is not
    LEAKPROOF (LIKE, array containment: none of pg_trgm's or GIN's operators is), so
    the indexes were never used and every search read the whole visit (4.5 s on a
    5,000-event visit for a word found nowhere). This runs the same query as the
    owner (search_pg.candidates) and keeps only the entries the logged-in user may
    read (briefing_index_visible, spelled_out): checked on the rows the text matched.

    The query is built here from its parts (tokens every entry must hold, LIKE
    patterns, the visit, the limit), all bound as parameters: no text of the caller's
    becomes SQL. (No `%` in these bodies: the driver would take it for a placeholder.)"""
    visible = " ".join(
        f"WHEN {_literal(k.kind)} THEN RETURN EXISTS (SELECT 1 FROM public.{k.table} s "
        f"WHERE {_entry_visible(k)});" for k in INDEXED)
    return [
        # PL/pgSQL: each kind's check is one look-up by key with its plan kept. (As SQL
        # it was inlined into the search's query, whose planner then hashed the
        # visibility of every row of the visit: 6.7 s for "trade" on 5,000 events.)
        # Generic plans: a custom plan per call (PostgreSQL's default here) cost more than
        # the look-up. Called by a user directly, it runs with their rights and shows
        # nothing more.
        "CREATE OR REPLACE FUNCTION public.briefing_index_visible(p_kind text, p_row bigint) "
        f"RETURNS boolean LANGUAGE plpgsql STABLE {GENERIC} "
        f"{PATH} AS $$ BEGIN CASE p_kind {visible} "
        "ELSE RETURN false; END CASE; END $$",
        # The entries matching the text, newest first, checked one by one until
        # `p_limit` visible ones are found: only the rows a user's search takes are
        # checked, not every match (a common word matches most of a visit). Only the
        # visits the user holds a clearance for are looked at. The caller gives the
        # folded text to find inside entries, never a pattern: the LIKE patterns are
        # made here, every wildcard and escape in the text escaped, so no pattern can
        # fail (an error raised by a match on hidden text would tell what it holds).
        # chr(37) is `%` (the driver would take it for a placeholder), chr(92) a backslash.
        # Named anew when what it takes changed: the first version (an earlier build of
        # this change, never released) took LIKE patterns where this takes text, and
        # an app and a server of different versions must fail loudly, not search wrong.
        "DROP FUNCTION IF EXISTS public.briefing_index_search(text[], boolean, text[], bigint, "
        "integer)",
        "DROP FUNCTION IF EXISTS public.briefing_index_find(text[], boolean, text[], bigint, "
        "integer)",
        "CREATE FUNCTION public.briefing_index_find(p_tokens text[], "
        "p_title_only boolean, p_inside text[], p_visit bigint, p_limit integer) "
        "RETURNS TABLE (o_key bigint, o_title text, o_body text) LANGUAGE plpgsql STABLE "
        f"SECURITY DEFINER {PATH} AS $$ "
        "DECLARE q pg_catalog.text := 'SELECT d.key, d.kind, d.row_id, d.title, d.body "
        "FROM public.search_index_docs d WHERE d.visit_id = ANY($4)'; r record; "
        "n integer := 0; v_likes pg_catalog.text[]; v_visits bigint[]; BEGIN "
        "IF coalesce(p_limit, 0) <= 0 THEN RETURN; END IF; "
        "v_visits := ARRAY(SELECT v.id::bigint FROM public.visits v WHERE "
        + spelled_out("visits", "v") + "); "
        "v_likes := ARRAY(SELECT chr(37) || replace(replace(replace(x.t, chr(92), "
        "chr(92) || chr(92)), chr(37), chr(92) || chr(37)), '_', chr(92) || '_') || chr(37) "
        "FROM unnest(p_inside) WITH ORDINALITY AS x(t, i) ORDER BY x.i); "
        "IF coalesce(cardinality(p_tokens), 0) > 0 THEN q := q || CASE WHEN p_title_only "
        "THEN ' AND d.title_terms @> $1' ELSE ' AND d.terms @> $1' END; END IF; "
        "FOR i IN 1 .. coalesce(cardinality(v_likes), 0) LOOP q := q || CASE WHEN "
        "p_title_only THEN ' AND d.title LIKE ($2)[' || i || ']' ELSE "
        "' AND (d.title LIKE ($2)[' || i || '] OR d.body LIKE ($2)[' || i || '])' END; "
        "END LOOP; "
        "IF p_visit IS NOT NULL THEN q := q || ' AND d.visit_id = $3'; END IF; "
        "q := q || ' ORDER BY d.visit_id DESC, d.key DESC'; "
        "FOR r IN EXECUTE q USING p_tokens, v_likes, p_visit, v_visits LOOP "
        "IF public.briefing_index_visible(r.kind, r.row_id) THEN "
        "o_key := r.key; o_title := r.title; o_body := r.body; RETURN NEXT; "
        f"n := n + 1; EXIT WHEN n >= least(p_limit, {SEARCH_LIMIT}); END IF; END LOOP; END $$",
    ]


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


def _parents(table: Any) -> list[tuple[str, str]]:
    """(column, parent table) of every reference a row of `table` must have."""
    return [(c.name, fk.column.table.name) for c in table.columns if not c.nullable
            for fk in c.foreign_keys]


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
        parents = _parents(table)
        assert parents, f"{table.name}: no visit and no parent to take visibility from"
        rules[table.name] = " AND ".join(
            f"EXISTS (SELECT 1 FROM public.{parent} p WHERE p.id = {table.name}.{column})"
            for column, parent in parents)
    cases = " ".join(f"WHEN '{k.kind}' THEN EXISTS (SELECT 1 FROM public.{k.table} s "
                     f"WHERE {' AND '.join(index_conditions(k))})" for k in INDEXED)
    rules[DOCS_TABLE] = f"CASE kind {cases} ELSE false END"
    return rules


def index_conditions(k: Any, *, spell: bool = False) -> list[str]:
    """When a user may read the index entry of a row of kind `k` (alias `s`): the row is
    readable, and so is every row whose text its entry holds. A car seat's, a room's and
    a delegate's entry is named by its person; an event's holds its participants' names
    (core/kinds.py): shown to someone who may read the seat but not the person, it would
    give the name away. Derived from the kind's index SQL, so new derived text is
    covered: each foreign key the SQL reads must point at a readable row (or at none),
    and an entry that reads participations needs every participant readable
    (`briefing_participants_readable`; such a user finds the event in the programme but
    not by searching). `spell`: each row named readable as spelled_out says, for a
    query with the owner's rights."""
    table = next(kind.table for kind in KINDS if kind.table.name == k.table)
    text = f"{k.title_expr} {k.body_expr}"
    out = [f"s.id = {DOCS_TABLE}.row_id"]
    for column in table.columns:
        if column.name == "visit_id" or not re.search(r"\{r\}\." + column.name + r"\b", text):
            continue
        for fk in column.foreign_keys:
            target = fk.column.table.name
            also = f" AND {spelled_out(target, 't', 10)}" if spell else ""
            out.append(f"(s.{column.name} IS NULL OR EXISTS (SELECT 1 FROM public.{target} t "
                       f"WHERE t.id = s.{column.name}{also}))")
    if re.search(r"\bFROM participations\b", text):
        out.append("public.briefing_participants_readable(s.id)")
    return out


def _write_check(table: str, rule: str) -> str:
    """What a written row must satisfy besides being readable."""
    if table == "visits":  # a user never sets a visit's default above their clearance
        return (f"{rule} AND public.briefing_level_rank(default_level) <= "
                "public.briefing_clearance(id)")
    if table == DOCS_TABLE:  # an entry's key is its row's: no entry squats another's key
        codes = " ".join(f"WHEN {_literal(k.kind)} THEN {k.code}" for k in INDEXED)
        return f"{rule} AND key = row_id * 16 + CASE kind {codes} END"
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
        if table in READ_ONLY or table in ("clearances", AUDIT_TABLE):
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
