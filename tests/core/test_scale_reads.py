"""Whole-visit reads stay batched and indexed as a visit grows (issue 8 §3).

Structure, not time: the number of SQL statements a read issues is the same for a
visit of 10 events as for one of 100 (no query per event, per person or per
agreement); a read the views share is made once per change of the file; the ordered
reads walk an index instead of sorting; records read as plain rows equal the ORM's.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import event, select

from briefing_app.core import models as M
from briefing_app.core.database import Database, open_database
from briefing_app.core.migrations import upgrade
from briefing_app.core.ops import entities
from briefing_app.core.ops import registry as reg
from briefing_app.core.schema_version import HEAD_REVISION, KNOWN_REVISIONS
from tests.large_visit import VisitSize, populate


@contextmanager
def statements(db: Database) -> Iterator[list[str]]:
    """Every SQL statement the database runs meanwhile (reads and writes), BEGINs aside."""
    seen: list[str] = []

    def record(_conn, _cursor, statement, _params, _context, _many) -> None:  # noqa: ANN001
        if not statement.lstrip().upper().startswith("BEGIN"):
            seen.append(statement)

    engines = {id(db.read_engine): db.read_engine, id(db.write_engine): db.write_engine}
    for engine in engines.values():
        event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        for engine in engines.values():
            event.remove(engine, "before_cursor_execute", record)


def _visit(tmp_path: Path, events: int) -> tuple[Database, int]:
    path = tmp_path / f"visit-{events}.sqlite"
    size = VisitSize(days=5, events=events, briefs=max(1, events // 5), points=events * 2,
                     people=max(8, events // 2), agreements=max(2, events // 10))
    visit_id = populate(path, size)
    return open_database(path), visit_id


@pytest.fixture(scope="module")
def small_and_large(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    folder = tmp_path_factory.mktemp("scale")
    small = _visit(folder, 10)[0]
    large = _visit(folder, 100)[0]
    small.close()
    large.close()
    yield small.path, large.path


def _count(path: Path, read) -> int:  # noqa: ANN001
    db = open_database(path)  # a fresh Database: nothing shared from an earlier read
    try:
        with statements(db) as seen:
            read(db, 1)
        return len(seen)
    finally:
        db.close()


def test_programme_read_issues_as_many_statements_for_100_events_as_for_10(small_and_large):
    from briefing_app.core.programme import load_programme

    small, large = small_and_large
    n_small, n_large = _count(small, load_programme), _count(large, load_programme)
    assert n_small == n_large <= 6, (n_small, n_large)


@pytest.mark.parametrize("kind", ["event", "person", "talking_point", "fact", "agreement",
                                  "venue"])
def test_lists_are_one_statement_whatever_their_length(small_and_large, kind):
    small, large = small_and_large

    def read(db: Database, visit_id: int) -> None:
        entities.list_for_visit(db, kind, visit_id)

    assert _count(small, read) == _count(large, read) == 1


def test_pack_data_and_bundle_do_not_query_per_row(small_and_large, tmp_path):
    from briefing_app.core.pack_data import load_pack_data
    from briefing_app.interop.bundle_export import export_bundle

    small, large = small_and_large
    assert _count(small, load_pack_data) == _count(large, load_pack_data)

    def bundle(db: Database, visit_id: int) -> None:
        export_bundle(db, visit_id, tmp_path / "visit.json")

    assert _count(small, bundle) == _count(large, bundle)


def test_views_asking_after_one_change_share_one_read(small_and_large, monkeypatch):
    """The programme view, the navigator, the timeline and the conflicts dock all ask
    for the programme (or its conflicts) after an edit: the rows are read and the
    conflicts detected once."""
    import briefing_app.core.programme as programme
    from briefing_app.core.conflicts import find_conflicts

    detected = []
    real = programme.detect
    monkeypatch.setattr(programme, "detect", lambda *a: detected.append(1) or real(*a))
    db = open_database(small_and_large[0])
    try:
        first = programme.load_programme(db, 1)
        with statements(db) as seen:
            assert programme.load_programme(db, 1) is first
            find_conflicts(db, 1)
            without = programme.load_programme(db, 1, include_cancelled=False)
        assert seen == [] and len(detected) == 1
        assert [i.event.id for d in without.days for i in d.items] == [
            i.event.id for d in first.days for i in d.items if i.event.status != "cancelled"]

        ev = first.days[0].items[0].event
        entities.update(db, "event", ev.id, {"title": "Renamed"}, expected_version=ev.row_version)
        again = programme.load_programme(db, 1)
        assert again.days[0].items[0].event.title == "Renamed"  # our own change is seen
        assert len(detected) == 2
    finally:
        db.close()


def test_a_change_by_another_connection_is_never_hidden_by_the_shared_read(small_and_large):
    """Another window or process writing the file: the next read shows its change."""
    from briefing_app.core.programme import load_programme

    db = open_database(small_and_large[0])
    other = open_database(small_and_large[0])
    try:
        ev = load_programme(db, 1).days[0].items[0].event
        entities.update(other, "event", ev.id, {"title": "Changed elsewhere"},
                        expected_version=ev.row_version)
        assert load_programme(db, 1).days[0].items[0].event.title == "Changed elsewhere"
        with sqlite3.connect(small_and_large[0]) as raw:  # not even through the app
            raw.execute("UPDATE events SET title = 'Raw write' WHERE id = ?", (ev.id,))
        raw.close()
        assert load_programme(db, 1).days[0].items[0].event.title == "Raw write"
    finally:
        other.close()
        db.close()


def test_plain_row_records_equal_the_orm_records(demo_db):
    """core/reads.py converts values itself: they must be exactly what the ORM gives
    (aware UTC instants, dates, enum members, booleans, bytes, None)."""
    visit_id = entities.list_for_visit(demo_db, "event", 1)[0].visit_id
    for kind in ("event", "person", "talking_point", "fact", "agreement", "venue"):
        model = reg.MODELS[kind]
        with demo_db.read() as s:
            orm = {o.id: reg.record(kind, o) for o in s.scalars(
                select(model).where(model.visit_id == visit_id))}
        plain = {r.id: r for r in entities.list_for_visit(demo_db, kind, visit_id)}
        assert plain == orm, kind
        for rec in plain.values():  # same types too, not only equal values
            twin = orm[rec.id]
            assert [type(v) for v in vars(rec).values()] == [type(v) for v in vars(twin).values()]


QUERIES = {
    "programme events": "SELECT * FROM events WHERE visit_id = 1 ORDER BY starts_at, ends_at",
    "people list": "SELECT * FROM people WHERE visit_id = 1 "
                   "ORDER BY sort_order, latin_name, native_name",
    "talking points list": "SELECT * FROM talking_points WHERE visit_id = 1 ORDER BY priority",
    "agreements list": "SELECT * FROM agreements WHERE visit_id = 1 "
                       "ORDER BY signing_order, title",
    "a brief's points": "SELECT * FROM event_talking_points WHERE event_id = 1 ORDER BY position",
    "a brief's people": "SELECT * FROM participations WHERE event_id = 1 ORDER BY position",
    "a brief's facts": "SELECT * FROM event_facts WHERE event_id = 1 ORDER BY position",
    "signatories": "SELECT * FROM agreement_signatories WHERE agreement_id = 1 ORDER BY position",
}


@pytest.mark.parametrize("what", sorted(QUERIES))
def test_the_ordered_reads_walk_an_index_instead_of_sorting(small_and_large, what):
    with sqlite3.connect(small_and_large[1]) as conn:
        plan = " | ".join(r[-1] for r in conn.execute("EXPLAIN QUERY PLAN " + QUERIES[what]))
    conn.close()
    assert "USING INDEX" in plan and "TEMP B-TREE" not in plan, plan


def test_an_older_file_gets_the_read_indexes_and_keeps_its_data(tmp_path):
    assert "0003_read_indexes" in KNOWN_REVISIONS and KNOWN_REVISIONS[-1] == HEAD_REVISION
    path = tmp_path / "older.sqlite"
    upgrade(path, "0001_initial")
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO visits (uuid, title, kind, start_date, end_date, home_tz, "
                     "classification, purpose, objectives, key_messages, status, "
                     "fact_stale_days, notes, host_country, host_city, created_at, updated_at, "
                     "row_version) VALUES ('u1', 'Kept', 'state visit', '2019-09-10', "
                     "'2019-09-12', 'Asia/Almaty', 'R', '', '', '', 'planning', 365, '', '', "
                     "'', '2019-01-01 00:00:00', '2019-01-01 00:00:00', 1)")
    conn.close()
    db = open_database(path)  # backs the file up and upgrades it
    db.close()
    with sqlite3.connect(path) as conn:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
        titles = [r[0] for r in conn.execute("SELECT title FROM visits")]
        revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    conn.close()
    expected = {i.name for t in M.Base.metadata.tables.values() for i in t.indexes}
    assert {"ix_events_visit_time", "ix_people_visit_order"} <= expected <= names
    assert titles == ["Kept"] and revision == HEAD_REVISION


def test_bundle_export_streams_instead_of_holding_the_visit_in_memory(small_and_large, tmp_path):
    """Python's own allocation peak while a bundle is written stays a fraction of the
    file's size (building it whole held the rows, their dictionaries and the JSON text:
    several times the file). Counted with tracemalloc, so machine load cannot move it."""
    import tracemalloc

    from briefing_app.interop.bundle_export import export_bundle

    db = open_database(small_and_large[1])
    try:
        export_bundle(db, 1, tmp_path / "warm.json")  # imports and caches out of the count
        tracemalloc.start()
        try:
            result = export_bundle(db, 1, tmp_path / "visit.json")
            _now, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    finally:
        db.close()
    assert result.size > 200_000
    assert peak < result.size / 2, (peak, result.size)


def test_library_usage_and_fact_citations_are_read_in_one_go(demo_db, small_and_large):
    """The talking-points library shows where each point is used and the facts view
    which briefs cite a fact: the same answers as asking point by point (or event by
    event), without a query per point or per event (that took minutes at 20,000)."""
    from briefing_app.core.ops import links

    visit_id = entities.list_for_visit(demo_db, "event", 1)[0].visit_id
    usage = links.point_usage(demo_db, visit_id)
    for point in entities.list_for_visit(demo_db, "talking_point", visit_id):
        expected = links.events_using_point(demo_db, point.id)
        assert list(usage.get(point.id, ())) == expected
    events = entities.list_for_visit(demo_db, "event", visit_id)
    cited = 0
    for fact in entities.list_for_visit(demo_db, "fact", visit_id):
        expected = [ev for ev in events
                    if any(f.id == fact.id for f in links.facts_of_event(demo_db, ev.id))]
        assert links.events_citing_fact(demo_db, fact.id) == expected
        cited += bool(expected)
    assert cited  # the demo has cited facts: the comparison is not empty

    small, large = small_and_large
    assert _count(small, links.point_usage) == _count(large, links.point_usage) == 2
