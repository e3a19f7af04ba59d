"""The SQL of the search index on a team server that `server init` installs beside the
policies (core/server_policies.py): when a user may read an entry (index_conditions,
also the index's policy), the functions a user's save re-indexes through, and the
search a user runs with the owner's rights, keeping to what they may read
(spelled_out). PostgreSQL only.
"""

from __future__ import annotations

import re
from typing import Any

from briefing_app.core import models as M
from briefing_app.core.kinds import KINDS
from briefing_app.core.search_schema import DIRTY_TABLE, DOCS_TABLE, INDEXED

# Functions whose statements PostgreSQL would otherwise re-plan on every call: a plan
# made once per connection, for any argument (their statements look rows up by key).
GENERIC = "SET plan_cache_mode = force_generic_plan"
# The search_path of every function with the owner's rights (and of those they call):
# pg_temp named last, else PostgreSQL looks there first for tables and types, and a user
# could put a type or table of their own (with their code in it) in the owner's way.
PATH = "SET search_path = pg_catalog, public, pg_temp"
# Ends a sub-query that looks its parent row up by key, so that PostgreSQL does so for
# each row it checks: without it, on a small visit, the planner "hashed" the sub-query,
# reading the parent table whole, each of its rows through its own policy, once per
# statement (every event of every visit, to save one talking point's position: ~1.5 ms of
# 2.8 on the demo). PostgreSQL's planner neither flattens nor hashes a sub-query with an
# OFFSET (its source calls OFFSET 0 the traditional optimisation fence); tested by
# test_server_index.test_a_users_one_row_write_looks_its_parents_up_one_by_one.
ONE_BY_ONE = "OFFSET 0"
# The most entries one search for a user returns (the app asks for a few hundred).
SEARCH_LIMIT = 5000


def literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def parents(table: Any) -> list[tuple[str, str]]:
    """(column, parent table) of every reference a row of `table` must have."""
    return [(c.name, fk.column.table.name) for c in table.columns if not c.nullable
            for fk in c.foreign_keys]


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
                       f"WHERE t.id = s.{column.name}{also} {ONE_BY_ONE}))")
    if re.search(r"\bFROM participations\b", text):
        out.append("public.briefing_participants_readable(s.id)")
    return out


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


# The entries a save writes, as briefing_index_put takes them (alias `e`).
_ENTRIES = ("jsonb_to_recordset(p_entries) AS e(key bigint, kind text, row_id bigint, "
            "visit_id bigint, title text, body text, title_terms text[], terms text[])")


def key_codes() -> str:
    """CASE kind ... : each indexed kind's code (an entry's key is row_id * 16 + code)."""
    return " ".join(f"WHEN {literal(k.kind)} THEN {k.code}" for k in INDEXED)


def index_functions() -> list[str]:
    """briefing_index_read (the caller's rights): the texts of the rows among `p_ids` that
    the caller may index (index_conditions), and the ids of those that exist but whose
    entry they may not read (hidden: the entry waits). briefing_index_forget (the
    owner's rights): drops the entries of rows that are gone, which the index's policy
    hides from every user (their row is no longer there to make them visible).
    briefing_index_put (the owner's rights, the policy's checks its own): drops the old
    entries the caller may read, writes the new ones, marks the held-back keys again."""
    branches = []
    for k in INDEXED:
        extra = index_conditions(k)[1:]  # the first ties the entry to its row
        readable = " AND ".join(["s.id = x.id", *extra])
        branches.append(
            f"WHEN {literal(k.kind)} THEN "
            "RETURN QUERY SELECT x.id, d.visit, d.title, d.body, d.id IS NULL "
            f"FROM public.briefing_index_rows({literal(k.table)}, p_ids) AS x(id) "
            f"LEFT JOIN LATERAL (SELECT s.id, ({k.visit_expr.format(r='s')})::bigint AS visit, "
            f"({k.title_expr.format(r='s')})::text AS title, "
            f"({k.body_expr.format(r='s')})::text AS body FROM public.{k.table} AS s "
            f"WHERE {readable} {ONE_BY_ONE}) AS d ON true;")
    # One statement: the entries among p_keys whose row is gone, and those of a kind no
    # longer indexed (the policy's ELSE hides them from all).
    gone = " ".join(f"WHEN {literal(k.kind)} THEN NOT EXISTS (SELECT 1 FROM public.{k.table} s "
                    f"WHERE s.id = d.row_id {ONE_BY_ONE})" for k in INDEXED)
    forget = (f"DELETE FROM public.{DOCS_TABLE} d WHERE d.key = ANY(p_keys) AND "
              f"CASE d.kind {gone} ELSE true END;")
    codes = key_codes()
    # the visit an entry of row e.row_id belongs to (as search_pg._entry writes it)
    visit_of = "CASE e.kind " + " ".join(
        f"WHEN {literal(k.kind)} THEN (SELECT coalesce(({k.visit_expr.format(r='s')})::bigint, "
        f"0) FROM public.{k.table} s WHERE s.id = e.row_id)" for k in INDEXED) + " END"
    return [
        "CREATE OR REPLACE FUNCTION public.briefing_index_read(p_kind text, p_ids bigint[]) "
        "RETURNS TABLE (o_id bigint, o_visit bigint, o_title text, o_body text, "
        f"o_hidden boolean) LANGUAGE plpgsql STABLE {GENERIC} AS $$ BEGIN CASE p_kind "
        + " ".join(branches) + " ELSE " + _STALE.format(what="p_kind")
        + " END CASE; END $$",
        "CREATE OR REPLACE FUNCTION public.briefing_index_forget(p_keys bigint[]) "
        f"RETURNS void LANGUAGE plpgsql SECURITY DEFINER {GENERIC} "
        f"{PATH} AS $$ BEGIN {forget} END $$",
        # The owner's rights, the policy's checks made here: under the policy each
        # statement checked every entry it touched through the policy's sub-queries,
        # which PostgreSQL ran by hashing whole tables, each row's own policy evaluated
        # (~8 ms of a user's save of an event on the demo, a third of it). Here an entry
        # goes only if the caller may read it (briefing_index_visible, the policy spelled
        # out; tested equal) or its row is gone (forget), and the new ones are refused,
        # all of them, unless each is at its row's key, in its row's visit, and the
        # caller may read it. Users write the index only through this function and
        # forget (install grants them SELECT on it, no more). Its words are theirs to
        # give (the folding is the app's, in Python): a user can still make a row they
        # may read hard to find, as they could by editing the row itself.
        "CREATE OR REPLACE FUNCTION public.briefing_index_put(p_drop bigint[], "
        "p_entries jsonb, p_keep bigint[]) RETURNS void LANGUAGE plpgsql SECURITY DEFINER "
        f"{GENERIC} {PATH} AS $$ "
        f"BEGIN DELETE FROM public.{DOCS_TABLE} d WHERE d.key = ANY(p_drop) "
        "AND public.briefing_index_visible(d.kind, d.row_id); "
        "PERFORM public.briefing_index_forget(p_drop); "
        f"IF EXISTS (SELECT 1 FROM {_ENTRIES} WHERE e.key IS DISTINCT FROM "
        f"e.row_id * 16 + CASE e.kind {codes} END "
        f"OR e.visit_id IS DISTINCT FROM {visit_of} "
        "OR NOT public.briefing_index_visible(e.kind, e.row_id)) THEN "
        "RAISE EXCEPTION USING MESSAGE = 'new row violates row-level security policy for "
        f"table \"{DOCS_TABLE}\"', ERRCODE = '42501'; END IF; "
        f"INSERT INTO public.{DOCS_TABLE} (key, kind, row_id, visit_id, title, body, "
        "title_terms, terms) SELECT e.key, e.kind, e.row_id, e.visit_id, e.title, e.body, "
        f"e.title_terms, e.terms FROM {_ENTRIES}; "
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
    if kind is None or not parents(kind.table):
        return "false"
    p = f"p{depth}"
    return " AND ".join(
        f"EXISTS (SELECT 1 FROM public.{parent} {p} WHERE {p}.id = {alias}.{column} "
        f"AND {spelled_out(parent, p, depth + 1)})" for column, parent in parents(kind.table))


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
        f"WHEN {literal(k.kind)} THEN RETURN EXISTS (SELECT 1 FROM public.{k.table} s "
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


