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
