"""The search index never drifts from the data: whatever wrote the rows (operations,
cascades, undo, bundle import, duplicate visit, another tool, a migration), the index
equals one rebuilt from scratch."""

from __future__ import annotations

import importlib.util
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing_app.core import search_schema
from briefing_app.core.database import open_database
from briefing_app.core.migrations import alembic_config
from briefing_app.core.ops import agreements as ag
from briefing_app.core.ops import entities as ent
from briefing_app.core.ops.links import remove_participant, set_participant
from briefing_app.core.ops.visits import duplicate_visit, list_visits
from briefing_app.core.search import search
from briefing_app.core.search_index import rebuild
from briefing_app.interop.bundle_export import export_bundle
from briefing_app.interop.bundle_merge import import_bundle
from tests.core.helpers import make_event, make_person, make_visit

ROOT = Path(__file__).resolve().parents[2]


def snapshot(db) -> dict[str, list[tuple]]:
    """Everything the index holds, table by table."""
    with db.read() as s:
        conn = s.connection()
        out = {t: sorted(tuple(r) for r in conn.exec_driver_sql(f"SELECT rowid, * FROM {t}"))
               for t in (*search_schema.FTS_TABLES, search_schema.DOCS_TABLE)}
        out["dirty"] = [tuple(r) for r in conn.exec_driver_sql("SELECT * FROM search_index_dirty")]
    return out


def rebuilt(db) -> dict[str, list[tuple]]:
    with db.write() as s:
        rebuild(s.connection())
    return snapshot(db)


def assert_exact(db) -> None:
    maintained = snapshot(db)
    assert maintained["dirty"] == []
    assert maintained == rebuilt(db)


def test_index_is_exact_after_duplicate_undo_cascade_and_bundle_import(demo_db, db, tmp_path):
    visit = list_visits(demo_db)[0]
    copy = duplicate_visit(demo_db, visit.id, "Next year's visit", "2020-09-10")
    assert {h.visit_id for h in search(demo_db, "Tokayev")} == {visit.id, copy.id}
    event = ent.list_for_visit(demo_db, "event", copy.id)[0]
    tomb = ent.delete(demo_db, "event", event.id)
    ent.undelete(demo_db, tomb)
    person = ent.list_for_visit(demo_db, "person", copy.id)[0]
    ent.delete(demo_db, "person", person.id)  # cascades to participations: events re-indexed
    agreement = ent.list_for_visit(demo_db, "agreement", copy.id)[0]
    ent.update(demo_db, "agreement", agreement.id, {"title": "Renamed agreement"})
    assert any(h.title.startswith("Renamed agreement — version") for h in search(demo_db, "renamed"))
    assert_exact(demo_db)
    export_bundle(demo_db, copy.id, tmp_path / "visit.json")
    import_bundle(db, tmp_path / "visit.json", backup=False)
    assert_exact(db)
    assert search(db, "Renamed agreement")
    ent.delete(demo_db, "visit", copy.id)
    assert {h.visit_id for h in search(demo_db, "Tokayev")} == {visit.id}
    assert_exact(demo_db)


WORDS = ["Müller", "MULLER", "Straße", "strasse", "Тоқаев", "тоқаев", "阿里巴巴", "阿里",
         "trade", "Trader", "mu\u0308ller", "ﬁnance", "Қазақстан", "", "EU"]
TEXT = st.lists(st.sampled_from(WORDS), max_size=4).map(" ".join)
OPS = st.lists(st.tuples(st.sampled_from(["person", "event", "point", "rename", "edit",
                                          "join", "leave", "delete", "undo"]),
                         st.integers(0, 7), TEXT), min_size=1, max_size=12)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=OPS)
def test_random_edits_keep_the_index_equal_to_a_rebuild(db, ops):
    visit = list_visits(db)[0] if list_visits(db) else make_visit(db)
    tomb = None  # undo is only valid right after the delete (as on the undo stack)
    for op, n, text in ops:
        last, tomb = tomb, None
        people = ent.list_for_visit(db, "person", visit.id)
        events = ent.list_for_visit(db, "event", visit.id)
        points = ent.list_for_visit(db, "talking_point", visit.id)
        if op == "person":
            make_person(db, visit.id, native=text or "Name", latin=text)
        elif op == "event":
            make_event(db, visit.id, title=text or "Event", start="2019-09-11 10:00",
                       end="2019-09-11 11:00", objectives=text)
        elif op == "point":
            ent.create(db, "talking_point", visit.id, {"text": text or "Point"})
        elif op == "rename" and people:
            ent.update(db, "person", people[n % len(people)].id, {"latin_name": text})
        elif op == "edit" and points:
            ent.update(db, "talking_point", points[n % len(points)].id, {"text": text or "x"})
        elif op == "join" and people and events:
            set_participant(db, events[n % len(events)].id, people[n % len(people)].id)
        elif op == "leave" and people and events:
            remove_participant(db, events[n % len(events)].id, people[n % len(people)].id)
        elif op == "delete" and (people or events):
            kind, rows = ("person", people) if (n % 2 and people) or not events else (
                "event", events)
            tomb = ent.delete(db, kind, rows[n % len(rows)].id)
        elif op == "undo" and last is not None:
            ent.undelete(db, last)
    assert_exact(db)


def test_rows_written_by_another_tool_are_indexed_when_the_app_opens_the_file(db, db_path):
    visit = make_visit(db)
    ent.create(db, "talking_point", visit.id, {"text": "Original text"})
    db.close()
    conn = sqlite3.connect(db_path)  # no Python functions registered: plain SQLite
    conn.execute("UPDATE talking_points SET text = 'Verkehrsstraße Müller'")
    conn.commit()
    conn.close()
    reopened = open_database(db_path)
    try:
        assert [h.kind for h in search(reopened, "verkehrsstrasse muller")] == ["talking_point"]
        assert search(reopened, "Original") == []
        assert_exact(reopened)
    finally:
        reopened.close()


def test_a_database_at_0001_is_migrated_and_its_index_rebuilt(demo_db, demo_db_path):
    from alembic import command

    visit = list_visits(demo_db)[0]
    ent.create(demo_db, "talking_point", visit.id, {"heading": "Herr Müller", "text": "Straße"})
    indexed = len(snapshot(demo_db)[search_schema.DOCS_TABLE])
    demo_db.close()
    command.downgrade(alembic_config(demo_db_path), "0001_initial")
    conn = sqlite3.connect(demo_db_path)
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    old_rows = conn.execute("SELECT count(*) FROM search_index").fetchone()[0]
    version = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    conn.close()
    assert version == "0001_initial" and old_rows == indexed  # the old index, refilled
    assert "search_index_words" not in names and "search_index_docs" not in names

    db = open_database(demo_db_path)  # backs up, upgrades, indexes every row
    try:
        assert [h.title for h in search(db, "muller strasse")] == ["Herr Müller"]
        assert any("阿里巴巴" in h.title for h in search(db, "阿里"))
        assert any(h.kind == "event" for h in search(db, "Tokayev"))
        assert_exact(db)
    finally:
        db.close()


def _migration_0002():
    path = ROOT / "db" / "versions" / "0002_search_folding.py"
    spec = importlib.util.spec_from_file_location("_m0002", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_migration_creates_what_the_indexer_expects():
    m = _migration_0002()
    assert m.revision == "0002_search_folding" and m.down_revision == "0001_initial"
    assert m.CREATE == search_schema.create_statements()
    assert m.DROP == search_schema.drop_statements()
    assert m.ENQUEUE_ALL == search_schema.enqueue_all_statements()


@pytest.mark.parametrize("table", ["visits", "events", "people", "talking_points", "facts",
                                   "agreements", "agreement_versions", "venues"])
def test_every_indexed_table_has_its_three_triggers(db_path, table):
    conn = sqlite3.connect(db_path)
    names = {r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?", (table,))}
    conn.close()
    assert {f"{table}_ai", f"{table}_ad", f"{table}_au"} <= names


def test_a_renamed_agreement_renames_its_versions_in_the_index(db):
    visit = make_visit(db)
    a = ent.create(db, "agreement", visit.id, {"title": "Grain protocol"})
    ag.add_version(db, a.id, "Quarantine rules")
    ent.update(db, "agreement", a.id, {"title": "Cereal protocol"})
    assert [h.title for h in search(db, "Quarantine")] == ["Cereal protocol — version 1"]
    assert_exact(db)
