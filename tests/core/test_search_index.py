"""The search index never drifts from the data: whatever wrote the rows (operations,
cascades, undo, bundle import, duplicate visit, another tool, a migration up from 0001
or 0002, a downgrade to 0002), the index equals one rebuilt from scratch; press Q&A and
the press fields are found."""

from __future__ import annotations

import importlib.util
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, select

from briefing_app.core import models as M
from briefing_app.core import search_schema
from briefing_app.core.database import open_database
from briefing_app.core.migrations import alembic_config, upgrade
from briefing_app.core.ops import agreements as ag
from briefing_app.core.ops import entities as ent
from briefing_app.core.ops.links import remove_participant, set_participant
from briefing_app.core.ops.visits import duplicate_visit, list_visits
from briefing_app.core.schema_check import compare, read_schema
from briefing_app.core.schema_version import KNOWN_REVISIONS
from briefing_app.core.search import search
from briefing_app.core.search_index import rebuild
from briefing_app.interop.bundle_export import export_bundle
from briefing_app.interop.bundle_merge import import_bundle
from tests.core.helpers import make_event, make_person, make_visit

ROOT = Path(__file__).resolve().parents[2]


def snapshot(db) -> dict[str, list[tuple]]:
    """Everything the index holds, table by table (PostgreSQL keeps it in one table,
    core/search_pg.py, with no rowid: its key is the primary key)."""
    with db.read() as s:
        conn = s.connection()
        if conn.dialect.name == "postgresql":
            tables, columns = (search_schema.DOCS_TABLE,), "*"
        else:
            tables, columns = (*search_schema.FTS_TABLES, search_schema.DOCS_TABLE), "rowid, *"
        out = {t: sorted(tuple(r) for r in conn.exec_driver_sql(f"SELECT {columns} FROM {t}"))
               for t in tables}
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
# Empty words are dropped before joining: two of them make " ", a name validation refuses.
TEXT = st.lists(st.sampled_from(WORDS), max_size=4).map(lambda ws: " ".join(w for w in ws if w))
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
    docs = snapshot(demo_db)[search_schema.DOCS_TABLE]
    # press Q&A and the protocol office's kinds came after 0001
    later = {"press_qa", "seating_plan", "delegate", "car_seat", "room", "gift", "speech",
             "event_brief"}
    indexed = len([d for d in docs if d[2] not in later])
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
        _assert_press_text_is_found(db, list_visits(db)[0].id)
        assert_exact(db)
    finally:
        db.close()


def _migration(name):
    path = ROOT / "db" / "versions" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"_m{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _on_table(trigger_sql: str) -> str | None:
    if not trigger_sql.startswith("CREATE TRIGGER"):
        return None
    return trigger_sql.split(" BEGIN ")[0].split(" ON ")[-1]


def test_the_migrations_create_what_the_indexer_expects():
    m2, m4 = _migration("0002_search_folding"), _migration("0004_press_pack")
    assert m2.revision == "0002_search_folding" and m2.down_revision == "0001_initial"
    order = KNOWN_REVISIONS.index
    assert m4.revision == "0004_press_pack"
    assert order("0002_search_folding") <= order(m4.down_revision) < order(m4.revision)
    m8, m8b = _migration("0008_precedence_seating"), _migration("0008_protocol_office_lists")
    assert m8b.down_revision == m8.revision and order(m8.revision) < order(m8b.revision)
    m14 = _migration("0014_event_briefs")
    # 0002 creates the index and its triggers; 0004 adds those of press Q&A, 0008 those
    # of seating plans, 0008b those of the protocol office's lists, 0014 those of the
    # events' restricted briefs.
    assert sorted(m2.CREATE + m4.CREATE + m8.CREATE + m8b.CREATE + m14.CREATE
                  + m14.RELATED) == sorted(search_schema.create_statements())
    assert sorted(m2.DROP + m4.DROP + m8.DROP + m8b.DROP + m14.DROP
                  + m14.RELATED_DROP) == sorted(search_schema.drop_statements())
    assert set(m4.SEARCH_TRIGGERS) <= set(m2.CREATE)
    # 0004 rebuilds visits, events and people: it restores every 0002 trigger on them
    changed = ("visits", "events", "people")
    assert set(m4.SEARCH_TRIGGERS) == {s for s in m2.CREATE if _on_table(s) in changed}
    assert set(m4.ENQUEUE) <= set(m2.ENQUEUE_ALL)
    later = ("press_qas", "seating_plans", "delegates", "car_seats", "rooms", "gifts",
             "speeches", "event_briefs")
    assert set(m2.ENQUEUE_ALL + [s for s in search_schema.enqueue_all_statements()
                                 if any(t in s for t in later)]) == set(
                                     search_schema.enqueue_all_statements())
    # Each migration indexes with its own revision's kinds; the newest are the app's.
    m6 = _migration("0006_search_book_fields")
    assert m6.down_revision == "0005_book_fields" and m6.revision in KNOWN_REVISIONS
    m12 = _migration("0012_type_columns")  # the type columns' new names
    at_0013 = search_schema.kinds_by_code(m6.KINDS) | search_schema.kinds_by_code(
        m8.KINDS) | search_schema.kinds_by_code(m8b.KINDS) | search_schema.kinds_by_code(
            m12.KINDS)
    assert at_0013 == {c: k for c, k in search_schema.kinds_by_code(m14.KINDS).items()
                       if c != 0} | search_schema.kinds_by_code(m14.KINDS_BEFORE)
    # 0014 and 0015 froze every kind: the newest are the app's; 0015 changed the visit's
    m15 = _migration("0015_visit_briefs")
    at_0014 = search_schema.kinds_by_code(m14.KINDS)
    assert {c: k for c, k in search_schema.kinds_by_code(m15.KINDS).items() if c != 1} | (
        search_schema.kinds_by_code(m15.KINDS_BEFORE)) == at_0014
    assert search_schema.kinds_by_code(m15.KINDS) == search_schema.BY_CODE
    at_0004 = search_schema.kinds_by_code(m4.KINDS)
    assert search_schema.kinds_by_code(m6.KINDS) | search_schema.kinds_by_code(
        m6.KINDS_BEFORE) == at_0004
    assert {k[1] for k in m6.KINDS_BEFORE} == {1, 2}  # visits and events only
    assert set(m6.ENQUEUE) <= set(m2.ENQUEUE_ALL)
    before = search_schema.kinds_by_code(m4.KINDS_BEFORE)
    at_0002 = search_schema.kinds_by_code(m2.KINDS)
    assert {c: k for c, k in at_0004.items() if c != 9} | before == at_0002


def _assert_press_text_is_found(db, visit_id):
    qa = ent.create(db, "press_qa", visit_id, {"question": "Will Straße QAQUESTIONZETA open?",
                                               "answer": "Yes, QAANSWERETA in May.",
                                               "topics": "QATOPICTHETA"})
    ent.update(db, "visit", visit_id, {"press_contacts": "Desk PRESSDESKALPHA",
                                       "duty_contacts": "Officer DUTYBETA"})
    event = ent.list_for_visit(db, "event", visit_id)[0]
    ent.update(db, "event", event.id, {"accreditation_point": "Gate ACCREDGAMMA",
                                       "media_notes": "Pool POOLDELTA"})
    person = ent.list_for_visit(db, "person", visit_id)[0]
    ent.update(db, "person", person.id, {"public_biography": "Born in BIOEPSILON"})
    for query, kind, row_id in [("qaquestionzeta", "press_qa", qa.id),
                                ("QAANSWERETA", "press_qa", qa.id),
                                ("qatopictheta", "press_qa", qa.id),
                                ("strasse qaquestion", "press_qa", qa.id),
                                ("pressdeskalpha", "visit", visit_id),
                                ("DUTYBETA", "visit", visit_id),
                                ("accredgamma", "event", event.id),
                                ("pooldelta", "event", event.id),
                                ("bioepsilon", "person", person.id)]:
        assert [(h.kind, h.row_id) for h in search(db, query, visit_id)] == [(kind, row_id)], query
    ent.update(db, "press_qa", qa.id, {"answer": "No."})
    assert search(db, "QAANSWERETA", visit_id) == []
    ent.delete(db, "press_qa", qa.id)
    assert search(db, "qaquestionzeta", visit_id) == []


def test_press_qa_and_the_press_fields_are_found(demo_db):
    _assert_press_text_is_found(demo_db, list_visits(demo_db)[0].id)
    assert_exact(demo_db)


# The book's text fields (0005_book_fields), indexed since 0006_search_book_fields.
BOOK_VISIT_FIELDS = {"issuing_department": "Dept BOOKDEPTALPHA", "drafted_by": "BOOKDRAFTERBETA",
                     "cleared_by": "Director BOOKCLEARGAMMA", "as_at": "9 September BOOKASATDELTA",
                     "distribution": "Copy holder\nBOOKDISTEPSILON",
                     "risks": "- Xinjiang BOOKRISKZETA"}
BOOK_EVENT_FIELDS = {"meeting_format": "tête-à-tête BOOKFORMATETA",
                     "speaking_order": "1. Host BOOKORDERTHETA",
                     "do_not_raise": "Debt BOOKDONTIOTA"}


def _fill_book_fields(db, visit_id) -> int:
    ent.update(db, "visit", visit_id, BOOK_VISIT_FIELDS)
    event = ent.list_for_visit(db, "event", visit_id)[0]
    ent.update(db, "event", event.id, BOOK_EVENT_FIELDS)
    return event.id


def _brief_id(db, event_id) -> int:
    with db.read() as s:
        return s.scalar(select(M.EventBrief.id).where(M.EventBrief.event_id == event_id))


def _assert_book_text_is_found(db, visit_id, event_id) -> None:
    for field, value in BOOK_VISIT_FIELDS.items():
        query = value.split()[-1]
        # risks and sensitivities are in the visit's restricted brief, not indexed
        # (0015_visit_briefs)
        expected = [] if field == "risks" else [("visit", visit_id)]
        assert [(h.kind, h.row_id) for h in search(db, query, visit_id)] == expected, query
    for field, value in BOOK_EVENT_FIELDS.items():
        query = value.split()[-1].lower()
        # "do not raise" is in the event's restricted brief (0014_event_briefs), found
        # as an entry of its own
        expected = ("event", event_id) if field != "do_not_raise" else (
            "event_brief", _brief_id(db, event_id))
        assert [(h.kind, h.row_id) for h in search(db, query, visit_id)] == [
            expected], query
    # folded like every text: "tete-a-tete" finds "tête-à-tête"
    assert ("event", event_id) in {(h.kind, h.row_id)
                                   for h in search(db, "tete-a-tete bookformat", visit_id)}


def test_the_books_fields_are_found_and_forgotten_when_cleared(demo_db):
    visit = list_visits(demo_db)[0]
    event_id = _fill_book_fields(demo_db, visit.id)
    _assert_book_text_is_found(demo_db, visit.id, event_id)
    # the demo's own: Xinjiang is in a risk (the visit's restricted brief, not indexed)
    # and in the talks' "do not raise" (their restricted brief's own entry)
    assert {h.kind for h in search(demo_db, "Xinjiang", visit.id)} == {"event_brief"}
    ent.update(demo_db, "event", event_id, {"do_not_raise": ""})
    assert search(demo_db, "BOOKDONTIOTA", visit.id) == []
    assert_exact(demo_db)


def test_a_database_at_0005_is_upgraded_with_the_books_fields_indexed(
        demo_db, demo_db_path):
    """0006 re-indexes the visits and events a 0005 file holds; its downgrade forgets
    the book's fields again (0004's kinds), and the index stays exact both ways."""
    from alembic import command

    visit = list_visits(demo_db)[0]
    event_id = _fill_book_fields(demo_db, visit.id)
    demo_db.close()
    command.downgrade(alembic_config(demo_db_path), "0005_book_fields")
    engine = create_engine(f"sqlite:///{demo_db_path}")
    try:
        with engine.begin() as conn:
            maintained = _file_snapshot(conn)
            assert maintained["dirty"] == []
            docs = " ".join(str(r) for r in maintained[search_schema.FTS_TABLE])
            assert "bookriskzeta" not in docs and "bookdontiota" not in docs
            rebuild(conn, search_schema.kinds_by_code(_migration("0004_press_pack").KINDS))
            assert _file_snapshot(conn) == maintained  # 0005's index, complete
    finally:
        engine.dispose()
    db = open_database(demo_db_path)  # backs up, upgrades to head, re-indexes
    try:
        _assert_book_text_is_found(db, visit.id, event_id)
        assert_exact(db)
    finally:
        db.close()


def _file_snapshot(conn) -> dict[str, list[tuple]]:
    out = {t: sorted(tuple(r) for r in conn.exec_driver_sql(f"SELECT rowid, * FROM {t}"))
           for t in (*search_schema.FTS_TABLES, search_schema.DOCS_TABLE)}
    out["dirty"] = [tuple(r) for r in conn.exec_driver_sql("SELECT * FROM search_index_dirty")]
    return out


def _schema(path) -> list[tuple]:
    conn = sqlite3.connect(path)
    rows = read_schema(conn)
    conn.close()
    return rows


def test_a_database_at_0002_goes_down_to_0002_and_up_to_head_with_its_index_complete(
        demo_db, demo_db_path, tmp_path):
    from alembic import command

    visit = list_visits(demo_db)[0]
    _assert_press_text_is_found(demo_db, visit.id)
    ent.create(demo_db, "press_qa", visit.id, {"question": "Kept until the downgrade?"})
    demo_db.close()
    command.downgrade(alembic_config(demo_db_path), "0002_search_folding")
    reference = tmp_path / "at_0002.sqlite"
    upgrade(reference, "0002_search_folding")
    assert compare(_schema(demo_db_path), _schema(reference)) == []  # what 0002 creates
    engine = create_engine(f"sqlite:///{demo_db_path}")
    try:
        with engine.begin() as conn:
            maintained = _file_snapshot(conn)
            assert maintained["dirty"] == []
            assert "press_qa" not in {d[2] for d in maintained[search_schema.DOCS_TABLE]}
            rebuild(conn, search_schema.kinds_by_code(_migration("0002_search_folding").KINDS))
            assert _file_snapshot(conn) == maintained  # the 0002 index, complete
            # another tool writes at 0002: its rows wait, marked, for the upgrade
            conn.exec_driver_sql("UPDATE events SET title = 'Talks on Verkehrsstraße' "
                                 "WHERE id = (SELECT min(id) FROM events)")
    finally:
        engine.dispose()

    db = open_database(demo_db_path)  # backs up, upgrades to head, re-indexes
    try:
        assert search(db, "verkehrsstrasse", visit.id)[0].kind == "event"
        assert any(h.kind == "event" for h in search(db, "Tokayev"))
        assert_exact(db)
        _assert_press_text_is_found(db, visit.id)
        assert_exact(db)
    finally:
        db.close()


@pytest.mark.parametrize("table", ["visits", "events", "people", "talking_points", "facts",
                                   "agreements", "agreement_versions", "venues", "press_qas"])
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
