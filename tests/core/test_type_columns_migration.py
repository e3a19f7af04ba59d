"""0012_type_columns on both back ends: the demo's database goes down to 0011 (the four
columns are `kind` again, every value kept) and up again (the new names, the same
values, a schema the app accepts); a laptop's sync state follows the rename both ways."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from briefing_app.core.database import open_database
from briefing_app.core.ops import entities as ent
from briefing_app.core.ops.visits import list_visits
from briefing_app.core.search import search

TYPES = {"visits": "visit_type", "events": "event_type", "talking_points": "point_type",
         "agreements": "agreement_type"}


def _types(execute, column_of) -> dict[str, list[tuple[str, str]]]:
    """(uuid, type) of every row of the four tables, by table."""
    return {t: sorted((r[0], r[1]) for r in execute(
        f"SELECT uuid, {column_of(t)} FROM {t}")) for t in TYPES}


def test_sqlite_down_to_0011_and_up_again(demo_db_path: Path) -> None:
    from alembic import command

    from briefing_app.core.migrations import alembic_config, upgrade

    with sqlite3.connect(demo_db_path) as conn:
        before = _types(lambda q: conn.execute(q).fetchall(), TYPES.get)
    conn.close()
    assert len(before["events"]) == 17 and ("talks" in {t for _u, t in before["events"]})
    command.downgrade(alembic_config(demo_db_path), "0011_sync_state")
    conn = sqlite3.connect(demo_db_path)
    try:
        for table, column in TYPES.items():
            names = {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}
            assert "kind" in names and column not in names, table
        assert _types(lambda q: conn.execute(q).fetchall(), lambda _t: "kind") == before
        # a laptop's sync state, as 0011's app wrote it: a base copy and a kept conflict
        talks = next(u for u, t in before["events"] if t == "talks")
        conn.execute("INSERT INTO sync_base (id, uuid, table_name, visit_uuid, version, data) "
                     "VALUES (1, ?, 'events', 'v', 3, ?)",
                     (talks, json.dumps({"kind": "talks", "title": "Talks 习近平"},
                                        ensure_ascii=False, sort_keys=True)))
        conn.execute("INSERT INTO sync_conflicts (id, visit_uuid, table_name, uuid, field, "
                     "local_value, server_value, server_version, found_at) VALUES "
                     "(1, 'v', 'events', ?, 'kind', '\"meal\"', '\"talks\"', 4, "
                     "'2019-09-10 10:00:00')", (talks,))
        conn.commit()
    finally:
        conn.close()

    upgrade(demo_db_path)
    conn = sqlite3.connect(demo_db_path)
    try:
        assert _types(lambda q: conn.execute(q).fetchall(), TYPES.get) == before
        assert json.loads(conn.execute("SELECT data FROM sync_base").fetchone()[0]) == {
            "event_type": "talks", "title": "Talks 习近平"}
        assert conn.execute("SELECT field FROM sync_conflicts").fetchall() == [("event_type",)]
        checks = " ".join(r[0] for r in conn.execute(
            "SELECT sql FROM sqlite_master WHERE name IN ('visits', 'events')"))
        assert "kind IN" not in checks and "event_type IN" in checks
    finally:
        conn.close()
    # the schema guard compares the file with one made at head: it must accept it
    db = open_database(demo_db_path)
    try:
        visit = list_visits(db)[0]
        ev = ent.create(db, "event", visit.id, {
            "title": "Press point TYPEMARK", "event_type": "press", "tz": "Asia/Shanghai",
            "start_local": "2019-09-11 18:00", "end_local": "2019-09-11 18:30"})
        assert ent.get(db, "event", ev.id).event_type == "press"
        assert [h.kind for h in search(db, "TYPEMARK")] == ["event"]
    finally:
        db.close()


def test_postgresql_down_to_0011_and_up_again(pg_cluster, _pg_templates) -> None:
    from alembic import command
    from sqlalchemy import create_engine

    from briefing_app.core.migrations import server_config, upgrade_server
    from briefing_app.core.server_db import open_server

    name = "types_down_up"
    pg_cluster.drop_database(name)
    url = pg_cluster.copy_database(_pg_templates["demo"], name)

    def read(column_of):
        engine = create_engine(url)
        try:
            with engine.connect() as conn:
                return _types(lambda q: conn.exec_driver_sql(q).all(), column_of)
        finally:
            engine.dispose()

    try:
        before = read(TYPES.get)
        assert len(before["events"]) == 17
        command.downgrade(server_config(url), "0011_sync_state")
        assert read(lambda _t: "kind") == before
        upgrade_server(url)
        assert read(TYPES.get) == before
        db = open_server(url)
        try:
            visit = list_visits(db)[0]
            point = ent.create(db, "talking_point", visit.id, {
                "text": "Transit TYPEMARK via Khorgos", "point_type": "if raised"})
            assert ent.get(db, "talking_point", point.id).point_type == "if raised"
            assert [h.kind for h in search(db, "TYPEMARK")] == ["talking_point"]
        finally:
            db.close()
    finally:
        pg_cluster.drop_database(name)
