"""The search index kept by the app's users on a team server (search_pg.drain under
row-level security, through the functions server_index_sql.index_functions installs):
what a user's save sends, that a user's delete takes its entry along, and a clear
refusal when `server init` was not run again after an upgrade."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event

from briefing_app.cli import main
from tests.rls_server import PRESS, PUBLIC_TEXT, SECRET_RESTRICTED

INDEX_FUNCTIONS = ("briefing_index_read", "briefing_index_put", "briefing_index_forget",
                   "briefing_index_rows", "briefing_participants_readable",
                   "briefing_index_visible")


@contextmanager
def _statements(db: Any) -> Iterator[list[str]]:
    sent: list[str] = []

    def _keep(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        sent.append(statement)

    event.listen(db.write_engine, "before_cursor_execute", _keep)
    try:
        yield sent
    finally:
        event.remove(db.write_engine, "before_cursor_execute", _keep)


def _owner_sql(rls: Any, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    from briefing_app.core.server_db import open_server

    db = open_server(rls.owner_url)
    try:
        with db.write_engine.begin() as conn:
            result = conn.exec_driver_sql(sql, params)
            return [tuple(r) for r in result] if result.returns_rows else []
    finally:
        db.close()


def _entries(rls: Any, kind: str, row_id: int) -> list[tuple[Any, ...]]:
    return _owner_sql(rls, "SELECT title FROM search_index_docs WHERE kind = %s AND "
                      "row_id = %s", (kind, row_id))


def test_a_users_save_re_indexes_in_one_call_per_kind_and_one_to_write(rls):
    """The press user's rename of the public event: the marks are taken, the event's
    text read through briefing_index_read, and the entries written by one
    briefing_index_put; the new title is found, the old is not."""
    from briefing_app.core.ops import entities as ent
    from briefing_app.core.search import search
    from briefing_app.core.server_db import open_server

    db = open_server(rls.url(PRESS))
    try:
        ev = next(e for e in ent.list_for_visit(db, "event", rls.visit_id)
                  if e.title == PUBLIC_TEXT)
        with _statements(db) as sent:
            ent.update(db, "event", ev.id, {"title": "Renamed-Ix3 ceremony"}, ev.row_version)
        drain = sent[sent.index(next(s for s in sent if s.startswith("WITH taken"))):]
        # the event, and its brief (titled by the event; hidden from this user)
        assert [s.split("(")[0] for s in drain[1:]] == [
            "SELECT o_id, o_visit, o_title, o_body, o_hidden FROM public.briefing_index_read",
            "SELECT o_id, o_visit, o_title, o_body, o_hidden FROM public.briefing_index_read",
            "SELECT public.briefing_index_put"]
        assert [h.kind for h in search(db, "Renamed-Ix3")] == ["event"]
        assert search(db, PUBLIC_TEXT) == []
    finally:
        db.close()
    assert _entries(rls, "event", ev.id) == [("renamed-ix3 ceremony",)]


def test_a_users_delete_takes_its_entry_along(rls):
    """Once the row is gone the index's policy hides its entry from every user, so a
    user's own DELETE of it found nothing and the entry stayed (the owner's search
    still listed it); briefing_index_forget drops it with the owner's rights."""
    from briefing_app.core.ops import entities as ent
    from briefing_app.core.server_db import open_server

    db = open_server(rls.url(PRESS))
    try:
        fact = ent.create(db, "fact", rls.visit_id, {"statement": "Forget-Fg5 trade grew"})
        assert _entries(rls, "fact", fact.id) == [("forget-fg5 trade grew",)]
        ent.delete(db, "fact", fact.id, fact.row_version)
    finally:
        db.close()
    assert _entries(rls, "fact", fact.id) == []


def test_forget_leaves_the_entries_of_rows_that_exist(rls):
    """Called by a user with the keys of rows hidden from them, briefing_index_forget
    drops nothing: it only forgets rows that are gone."""
    from briefing_app.core.server_db import open_server

    hidden = _owner_sql(rls, "SELECT key, row_id FROM search_index_docs WHERE kind = "
                        "'talking_point' AND body LIKE %s", (f"%{SECRET_RESTRICTED[0][:10].lower()}%",))
    assert len(hidden) == 1
    db = open_server(rls.url(PRESS))
    try:
        with db.write_engine.begin() as conn:
            conn.exec_driver_sql("SELECT public.briefing_index_forget(%s)", ([hidden[0][0]],))
    finally:
        db.close()
    assert len(_entries(rls, "talking_point", hidden[0][1])) == 1


def test_a_server_whose_index_functions_predate_the_app_refuses_saves_clearly(rls):
    """`server init` not run again after an upgrade: a user's save that re-indexes is
    refused with what to do, nothing saved; after `server init` it goes through."""
    from briefing_app.core.errors import DatabaseError
    from briefing_app.core.ops import entities as ent
    from briefing_app.core.server_db import open_server

    _owner_sql(rls, "DROP FUNCTION public.briefing_index_put(bigint[], jsonb, bigint[])")
    db = open_server(rls.url(PRESS))
    try:
        ev = next(e for e in ent.list_for_visit(db, "event", rls.visit_id)
                  if e.title == PUBLIC_TEXT)
        with pytest.raises(DatabaseError) as info:
            ent.update(db, "event", ev.id, {"title": "Stale-St8"}, ev.row_version)
        assert "server init" in str(info.value) and "nothing was saved" in str(info.value)
        assert ent.get(db, "event", ev.id).title == PUBLIC_TEXT
    finally:
        db.close()
    assert main(["server", "init", rls.owner_url]) == 0
    db = open_server(rls.url(PRESS))
    try:
        ev = ent.get(db, "event", ev.id)
        ent.update(db, "event", ev.id, {"title": "Stale-St8"}, ev.row_version)
        assert ent.get(db, "event", ev.id).title == "Stale-St8"
    finally:
        db.close()


def test_a_kind_the_servers_functions_do_not_know_is_refused_with_what_to_do(rls):
    """A migration that adds an indexed kind needs `server init` again; until then the
    functions name the kind instead of dropping its entries silently."""
    import sqlalchemy.exc

    from briefing_app.core.server_db import open_server

    db = open_server(rls.url(PRESS))
    try:
        with db.write_engine.begin() as conn, pytest.raises(sqlalchemy.exc.DBAPIError) as info:
            conn.exec_driver_sql("SELECT * FROM public.briefing_index_read('novel', '{1}')")
        assert "the search index of novel is not installed" in str(info.value)
        assert "server init" in str(info.value)
    finally:
        db.close()


def test_the_index_functions_plan_once_per_connection(rls):
    """Each keeps one plan per connection (PL/pgSQL, generic plans): sent as plain
    statements, the index's policy was planned again on every save (~11 ms)."""
    rows = _owner_sql(rls, "SELECT p.proname, l.lanname, p.proconfig FROM pg_proc p "
                      "JOIN pg_language l ON l.oid = p.prolang WHERE p.proname = ANY(%s) "
                      "ORDER BY p.proname", (list(INDEX_FUNCTIONS),))
    assert sorted(r[0] for r in rows) == sorted(INDEX_FUNCTIONS)
    for name, language, config in rows:
        assert language == "plpgsql", name
        assert "plan_cache_mode=force_generic_plan" in (config or []), name


ALL_VISIBLE = "SELECT o_key FROM public.briefing_index_find('{}', false, '{}', NULL, 5000)"


@pytest.mark.parametrize("cap", [None, "public", "press"])
def test_the_owners_rights_search_shows_a_user_exactly_the_entries_the_policies_do(rls, cap):
    """briefing_index_find runs as the owner and keeps to what the logged-in user may
    read (server_index_sql.spelled_out): over the demo (a visit these users hold no
    clearance for) and the test visit (a row at every level, a hidden guest), with and
    without an edition's cap, it shows each user the entries their policies show them,
    no more and no fewer."""
    from briefing_app.core.demo import load_demo
    from briefing_app.core.server_db import open_server
    from tests.rls_server import RESTRICTED

    owner = open_server(rls.owner_url)
    try:
        load_demo(owner)
    finally:
        owner.close()
    from briefing_app.core.server_index_sql import SEARCH_LIMIT

    total = len(_owner_sql(rls, "SELECT key FROM search_index_docs"))
    assert total < SEARCH_LIMIT == 5000  # ALL_VISIBLE takes every entry
    seen = {}
    for user in (PRESS, RESTRICTED):
        db = open_server(rls.url(user), cap=cap)
        try:
            with db.read() as s:
                conn = s.connection()
                by_policy = {r[0] for r in conn.exec_driver_sql(
                    "SELECT key FROM search_index_docs")}
                by_function = [r[0] for r in conn.exec_driver_sql(ALL_VISIBLE)]
        finally:
            db.close()
        assert by_policy and len(by_function) == len(set(by_function))
        assert set(by_function) == by_policy, user
        seen[user] = by_policy
    assert seen[PRESS] <= seen[RESTRICTED] and len(seen[RESTRICTED]) < total
    if cap is None:
        assert seen[PRESS] < seen[RESTRICTED]


def test_a_users_search_answers_as_under_the_policies(rls, monkeypatch):
    """The same hits, in the same order, whether the user's search runs through the
    owner's-rights function or plainly under the policies (as before it)."""
    from briefing_app.core import search_pg
    from briefing_app.core.search import search
    from briefing_app.core.server_db import open_server
    from tests.rls_server import LUNCH_TEXT, RESTRICTED

    queries = [PUBLIC_TEXT, LUNCH_TEXT, SECRET_RESTRICTED[0], SECRET_RESTRICTED[2], "Rls",
               "op", "ceremony", "Objective-Ob6", '"red line"', "1208"]
    for user in (PRESS, RESTRICTED):
        db = open_server(rls.url(user))
        try:
            through = [[(h.kind, h.row_id, h.title, h.excerpt) for h in search(db, q)] for q in queries]
            with monkeypatch.context() as m:
                m.setattr(search_pg, "_guarded", lambda conn: "plain")
                plainly = [[(h.kind, h.row_id, h.title, h.excerpt) for h in search(db, q)] for q in queries]
        finally:
            db.close()
        assert through == plainly, user
        assert any(through), user


def _psql_script(rls: Any, user: str, script: str) -> str:
    """Run `script` as `user` in one psql session, each statement on its own (psql
    commits each), errors reported and passed over: as a user would try things."""
    import subprocess

    from tests.core.test_server_rls import psql

    done = subprocess.run([psql(), "-X", "-At", "-d", rls.url(user), "-f", "-"],
                          input=script, capture_output=True, text=True, timeout=60)
    return done.stdout + done.stderr


def _clearances(rls: Any) -> list[tuple[Any, ...]]:
    return _owner_sql(rls, "SELECT role_name, visit_id, level FROM clearances "
                      "ORDER BY role_name, visit_id")


def test_text_searched_for_cannot_make_a_match_on_hidden_text_fail(rls):
    """The caller gives text, not patterns: a trailing backslash, % or _ is searched for
    as itself. (Given patterns, `'%qx7%\\'` failed exactly when some hidden entry held
    "qx7": an error that told hidden text one yes/no at a time.)"""
    hidden = SECRET_RESTRICTED[0].lower()[:12]  # "restricted-l", a restricted point's
    out = _psql_script(rls, PRESS, "".join(
        f"SELECT count(*) FROM public.briefing_index_find('{{}}', false, "
        f"ARRAY[$t${text}$t$], NULL, 50);\n"
        for text in (hidden + "\\", hidden + "%\\", "%" + hidden, hidden[:-1] + "_", "\\")))
    assert "ERROR" not in out, out
    assert out.split() == ["0"] * 5, out
    found = _psql_script(rls, PRESS, "SELECT o_title FROM public.briefing_index_find("
                         "'{}', false, ARRAY['opening-ceremony'], NULL, 50);")
    assert found.split() == [PUBLIC_TEXT.lower()], found


def test_a_users_own_temporary_objects_never_run_with_the_owners_rights(rls):
    """pg_temp comes last in the search_path of every function with the owner's rights:
    a type or table a user creates there does not stand in for the owner's. (Before, a
    press user's own `text` type made the search run their code as the owner, which
    gave them a clearance for every visit; a temporary `search_index_dirty` did the same
    through the marking trigger of a person's rename.)"""
    from briefing_app.core.ops import entities as ent
    from briefing_app.core.server_db import open_server

    owner = open_server(rls.owner_url)
    try:
        person = next(p for p in ent.list_for_visit(owner, "person", rls.visit_id)
                      if p.level in ("public", "press"))
    finally:
        owner.close()
    before = _clearances(rls)
    grab = ("INSERT INTO public.clearances (role_name, visit_id, level) "
            "VALUES (session_user, NULL, 'confidential')")
    out = _psql_script(rls, PRESS, f"""
CREATE FUNCTION pg_temp.grab(v pg_catalog.text) RETURNS boolean LANGUAGE plpgsql AS
$$ BEGIN {grab}; RETURN true; END $$;
CREATE DOMAIN pg_temp.text AS pg_catalog.text CHECK (pg_temp.grab(VALUE));
SELECT count(*) FROM public.briefing_index_find('{{}}', false, '{{}}', NULL, 1);
CREATE FUNCTION pg_temp.grab_row() RETURNS trigger LANGUAGE plpgsql AS
$$ BEGIN {grab}; RETURN NEW; END $$;
CREATE TABLE pg_temp.search_index_dirty (key bigint);
CREATE TRIGGER grab BEFORE INSERT ON pg_temp.search_index_dirty FOR EACH ROW
EXECUTE FUNCTION pg_temp.grab_row();
UPDATE public.people SET native_name = native_name || ' ' WHERE id = {person.id};
SELECT 'done';
""")
    assert "done" in out, out
    assert _clearances(rls) == before, out


def test_a_user_writes_the_index_only_through_its_functions(rls):
    """A user may not insert, change or delete index entries with plain SQL: only
    briefing_index_put and _forget write them, and they check each entry (the test
    below). (With the table's write grants, a press user set the public event's entry's
    words and moved it into another visit's search, where it would show to whoever is
    cleared for that visit.)"""
    from briefing_app.core.ops import entities as ent
    from briefing_app.core.server_db import open_server

    db = open_server(rls.url(PRESS))
    try:
        ev = next(e for e in ent.list_for_visit(db, "event", rls.visit_id)
                  if e.title == PUBLIC_TEXT)
    finally:
        db.close()
    before = _owner_sql(rls, "SELECT key, visit_id, title FROM search_index_docs ORDER BY key")
    out = _psql_script(rls, PRESS, f"""
INSERT INTO public.search_index_docs (key, kind, row_id, visit_id, title)
VALUES ({(ev.id + 1000) * 16 + 5}, 'event', {ev.id}, {rls.visit_id}, 'squat');
UPDATE public.search_index_docs SET title = 'planted', visit_id = 2 WHERE row_id = {ev.id};
DELETE FROM public.search_index_docs WHERE row_id = {ev.id};
SELECT count(*) FROM public.search_index_docs WHERE row_id = {ev.id} AND kind = 'event';
""")
    assert out.count("permission denied") == 3 and out.split()[0] == "1", out
    assert _owner_sql(rls, "SELECT key, visit_id, title FROM search_index_docs ORDER BY key"
                      ) == before


def test_an_entry_of_a_kind_no_longer_indexed_goes_when_its_key_is_drained(rls):
    """The index's policy shows an entry of an unknown kind to no user, so only the
    owner's-rights forget can drop it when a user's save drains its key."""
    from briefing_app.core.ops import entities as ent
    from briefing_app.core.search_schema import INDEXED
    from briefing_app.core.server_db import open_server

    code = next(k.code for k in INDEXED if k.kind == "fact")
    key = 987_654 * 16 + code
    _owner_sql(rls, "INSERT INTO search_index_docs (key, kind, row_id, visit_id, title) "
               "VALUES (%s, 'retired', 987654, %s, 'retired')", (key, rls.visit_id))
    _owner_sql(rls, "INSERT INTO search_index_dirty (key) VALUES (%s)", (key,))
    db = open_server(rls.url(PRESS))
    try:
        ent.create(db, "fact", rls.visit_id, {"statement": "Drains-Dr2"})  # a save drains
    finally:
        db.close()
    assert _owner_sql(rls, "SELECT key FROM search_index_docs WHERE key = %s", (key,)) == []
    assert _owner_sql(rls, "SELECT key FROM search_index_dirty WHERE key = %s", (key,)) == []


def test_a_users_temporary_tables_do_not_take_their_tombstones_or_marks(rls):
    """The writer's own trigger functions (0002's marks, 0011's tombstones) name their
    tables without a schema; after `server init` they look in pg_temp last, so a
    user's temporary `sync_tombstones` does not swallow the tombstone of their delete
    (the laptops would never learn of it), nor a temporary `search_index_dirty` the
    mark of their edit."""
    from briefing_app.core.ops import entities as ent
    from briefing_app.core.search_schema import INDEXED
    from briefing_app.core.server_db import open_server

    db = open_server(rls.url(PRESS))
    try:
        fact = ent.create(db, "fact", rls.visit_id, {"statement": "Tomb-Tb7 to go"})
    finally:
        db.close()
    out = _psql_script(rls, PRESS, f"""
CREATE TABLE pg_temp.sync_tombstones (table_name text, uuid text, visit_id integer,
  row_version integer, deleted_at timestamp);
CREATE TABLE pg_temp.search_index_dirty (key bigint);
UPDATE public.facts SET statement = 'Tomb-Tb7 renamed' WHERE id = {fact.id};
SELECT 'dirty', count(*) FROM pg_temp.search_index_dirty;
DELETE FROM public.facts WHERE id = {fact.id};
SELECT 'temp', count(*) FROM pg_temp.sync_tombstones;
""")
    assert "dirty|0" in out and "temp|0" in out, out
    assert _owner_sql(rls, "SELECT count(*) FROM sync_tombstones WHERE uuid = %s",
                      (fact.uuid,)) == [(1,)]
    code = next(k.code for k in INDEXED if k.kind == "fact")
    # marked in ours: the rename (old and new row) and the delete
    assert _owner_sql(rls, "SELECT count(*) FROM search_index_dirty WHERE key = %s",
                      (fact.id * 16 + code,)) == [(3,)]


def test_the_put_function_lets_a_user_write_and_drop_only_what_the_policy_would(rls):
    """briefing_index_put runs with the owner's rights (the policy's sub-queries cost a
    third of a user's save) and makes the policy's checks itself. Called by hand, as
    the press user: the entry of a restricted row and an entry at another row's key
    are refused, all of the call with them, and so is an entry put in another visit (its
    search would show it); dropping a hidden entry's key leaves it; a public event's own
    entry is written."""
    from briefing_app.core.search_schema import INDEXED

    code = {k.kind: k.code for k in INDEXED}
    point = _owner_sql(rls, "SELECT id FROM talking_points WHERE text = %s",
                       (SECRET_RESTRICTED[0],))[0][0]
    ev = _owner_sql(rls, "SELECT id FROM events WHERE title = %s", (PUBLIC_TEXT,))[0][0]
    hidden_key, ev_key = point * 16 + code["talking_point"], ev * 16 + code["event"]

    def put(drop: list[int], *entries: tuple[int, str, int], visit: int = rls.visit_id) -> str:
        rows = ", ".join(
            f'{{"key": {key}, "kind": "{kind}", "row_id": {row}, "visit_id": {visit}, '
            f'"title": "planted", "body": "", "title_terms": [], "terms": []}}'
            for key, kind, row in entries)
        return (f"SELECT public.briefing_index_put(ARRAY{drop}::bigint[], "
                f"'[{rows}]'::jsonb, '{{}}');\n")

    out = _psql_script(rls, PRESS, "".join([
        put([], (hidden_key, "talking_point", point)),  # a row the press may not read
        put([], (ev_key + 16000, "event", ev)),  # their event's entry, at another key
        put([], (ev_key, "event", ev), (hidden_key, "talking_point", point)),  # all or none
        put([ev_key], (ev_key, "event", ev), visit=rls.visit_id + 1),  # in another visit
        put([hidden_key]),  # drop what they cannot read
    ]))
    assert out.count("row-level security") == 4, out
    assert _owner_sql(rls, "SELECT count(*) FROM search_index_docs WHERE title = 'planted'"
                      ) == [(0,)]
    assert _owner_sql(rls, "SELECT count(*) FROM search_index_docs WHERE key = %s",
                      (hidden_key,)) == [(1,)]
    out = _psql_script(rls, PRESS, put([ev_key], (ev_key, "event", ev)))
    assert "ERROR" not in out, out
    assert _owner_sql(rls, "SELECT title FROM search_index_docs WHERE key = %s",
                      (ev_key,)) == [("planted",)]


def test_a_users_one_row_write_looks_its_parents_up_one_by_one(rls):
    """A link row's policy looks its event and its talking point up by key (ONE_BY_ONE)
    rather than as a hashed set of every row of those tables, each through its own
    policy: on a small visit PostgreSQL chose the hash, once per statement (~1.5 ms of a
    talking point's 2.8 ms move, and every event of every visit read)."""
    out = _psql_script(rls, PRESS, "".join(
        f"EXPLAIN {sql};\n" for sql in (
            "UPDATE event_talking_points SET position = position WHERE id = 1",
            "DELETE FROM participations WHERE id = 1",
            "UPDATE precedence SET rank = rank WHERE id = 1")))
    assert "SubPlan" in out and "ERROR" not in out, out  # the policies are there
    assert "hashed SubPlan" not in out, out
