"""The migrations on PostgreSQL, both ways: the demo's database goes down to 0007 (the
protocol office's tables and their search triggers leave) and up to head again, and the
new kinds are indexed as before; the app refuses a server at an older schema by name."""

from __future__ import annotations

import pytest

from briefing_app.core.errors import DatabaseError
from briefing_app.core.ops import entities as ent
from briefing_app.core.ops.visits import list_visits
from briefing_app.core.search import search
from briefing_app.core.server_db import open_server

NEW_TABLES = ("precedence", "seating_plans", "seat_assignments", "delegates", "car_seats",
              "rooms", "gifts", "speeches")


def _tables(url: str) -> set[str]:
    from sqlalchemy import create_engine

    engine = create_engine(url)
    with engine.connect() as conn:
        names = {r[0] for r in conn.exec_driver_sql(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}
        triggers = {r[0] for r in conn.exec_driver_sql(
            "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")}
    engine.dispose()
    return names | triggers


def test_0008_and_0008b_go_down_and_up_on_postgresql(pg_cluster, _pg_templates):
    from alembic import command

    from briefing_app.core.migrations import server_config, upgrade_server

    name = "mig_down_up"
    pg_cluster.drop_database(name)
    url = pg_cluster.copy_database(_pg_templates["demo"], name)
    try:
        before = _tables(url)
        assert {"gifts", "gifts_search", "seating_plans_search"} <= before
        db = open_server(url)
        assert any(h.kind == "gift" for h in search(db, "hand-made dombra silver"))
        db.close()
        command.downgrade(server_config(url), "0007_venue_country_prior_status")
        after = _tables(url)
        assert not set(NEW_TABLES) & after
        assert not {"gifts_search", "seating_plans_search", "delegates_search"} & after
        with pytest.raises(DatabaseError, match="needs an upgrade to schema"):
            open_server(url)
        upgrade_server(url)
        assert _tables(url) == before
        db = open_server(url)
        try:
            visit = list_visits(db)[0]
            gift = ent.create(db, "gift", visit.id, {"description": "Домбыра 习近平"})
            assert [(h.kind, h.row_id) for h in search(db, "Домбыра")] == [("gift", gift.id)]
            assert [h.kind for h in search(db, "习近平 Домбыра")] == ["gift"]
            # the demo's gifts went with their table: nothing of them is found any more
            assert search(db, "hand-made dombra silver") == []
        finally:
            db.close()
    finally:
        pg_cluster.drop_database(name)


def test_the_documented_set_up_owner_schema_and_a_user_with_table_rights(pg_cluster):
    """docs/team-server.md, steps 2–4: a non-superuser owner creates the schema (pg_trgm
    included); a user with only the documented grants reads, writes and searches."""
    from briefing_app.core.migrations import upgrade_server

    admin = pg_cluster._admin
    for role in ("doc_anna", "doc_owner"):
        pg_cluster.drop_database("doc_visits")
        admin(f"DROP ROLE IF EXISTS {role}")
    admin("CREATE ROLE doc_owner LOGIN PASSWORD 'owner-pw'")
    admin("CREATE DATABASE doc_visits OWNER doc_owner ENCODING 'UTF8' TEMPLATE template0")
    try:
        upgrade_server(pg_cluster.libpq_url("doc_visits", "doc_owner", "owner-pw"))
        admin("CREATE ROLE doc_anna LOGIN PASSWORD 'anna-pw'")
        owner_url = pg_cluster.url("doc_visits", "doc_owner", "owner-pw")
        from sqlalchemy import create_engine

        engine = create_engine(owner_url)
        with engine.begin() as conn:
            conn.exec_driver_sql("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN "
                                 "SCHEMA public TO doc_anna")
            conn.exec_driver_sql("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public "
                                 "TO doc_anna")
            conn.exec_driver_sql("REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON audit_log "
                                 "FROM doc_anna")
        engine.dispose()
        db = open_server(pg_cluster.libpq_url("doc_visits", "doc_anna", "anna-pw"))
        try:
            visit = ent.create(db, "visit", None, {
                "title": "Визит Тоқаев 习近平", "visit_type": "state visit",
                "start_date": "2019-09-10", "end_date": "2019-09-12",
                "home_tz": "Asia/Almaty"})
            person = ent.create(db, "person", visit.id, {"native_name": "习近平"})
            assert ("person", person.id) in {(h.kind, h.row_id) for h in search(db, "习近平")}
            ent.delete(db, "person", person.id)
            assert [v.title for v in list_visits(db)] == ["Визит Тоқаев 习近平"]
            from briefing_app.core import server_audit

            trail = server_audit.entries(db, visit_id=visit.id)
            assert [e.action for e in trail] == ["delete", "insert", "insert"]
            assert {e.login for e in trail} == {"doc_anna"}
        finally:
            db.close()
    finally:
        pg_cluster.drop_database("doc_visits")
        for role in ("doc_anna", "doc_owner"):
            admin(f"DROP ROLE IF EXISTS {role}")


def test_the_migrations_alone_leave_no_owners_rights_function_searching_pg_temp_first(
        pg_cluster, _pg_templates):
    """Every SECURITY DEFINER function the migrations make names pg_temp last in its
    search_path (else PostgreSQL looks there first for tables and types, and a user's
    temporary table could stand in for the owner's: 0014's marking functions did), so
    an upgraded server is safe before `server init` runs again."""
    import sqlalchemy as sa

    name = "mig_definers"
    pg_cluster.drop_database(name)
    url = pg_cluster.copy_database(_pg_templates["demo"], name)
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.exec_driver_sql(
                "SELECT p.proname, p.proconfig FROM pg_proc p JOIN pg_namespace n "
                "ON n.oid = p.pronamespace WHERE n.nspname = 'public' AND p.prosecdef "
                "ORDER BY p.proname").all()
    finally:
        engine.dispose()
        pg_cluster.drop_database(name)
    assert {r[0] for r in rows} >= {"search_index_mark_related", "search_index_mark_briefs"}
    for proname, config in rows:
        paths = [c for c in config or [] if c.startswith("search_path=")]
        assert paths and paths[0].replace(" ", "").endswith(",pg_temp"), (proname, config)
