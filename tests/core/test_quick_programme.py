"""The programme read with sqlite3 alone (for the window's first frame) equals the live
programme, and a file it cannot read safely gives None — never a change to the file."""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest

from briefing_app.core.conflicts import find_conflicts
from briefing_app.core.database import open_database
from briefing_app.core.ops import entities as ent
from briefing_app.core.ops import links
from briefing_app.core.ops.visits import list_visits
from briefing_app.core.programme import load_programme
from briefing_app.core.quick_programme import read_programme
from tests.core.helpers import make_event, make_person, make_visit

pytestmark = pytest.mark.sqlite_only(reason="the programme read from the file with sqlite3 alone")


def _times(dt: Any) -> tuple[str, str]:
    return dt.isoformat(), dt.tzname()


def _shape(prog: Any) -> dict[str, Any]:
    """What the programme view shows of a programme, from either source."""
    v = prog.visit
    return {
        "visit": (v.id, v.title, v.start_date, v.end_date, v.home_tz),
        "days": [(d.day, [(
            it.event.id, it.event.title, it.event.event_type, it.event.status,
            _times(it.start.venue), _times(it.start.home), _times(it.end.venue),
            _times(it.end.home),
            (it.venue.name, it.venue.city) if it.venue is not None else None,
            [(p.display_name, p.native_name, role) for p, role in it.participants],
            it.in_conflict) for it in d.items]) for d in prog.days],
        "conflicts": [(c.kind, tuple(c.event_ids), c.message) for c in prog.conflicts],
    }


def _fingerprint(path: Path) -> tuple[str, int, list[str]]:
    return (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns,
            sorted(p.name for p in path.parent.iterdir()))


def test_demo_visit_equals_the_live_programme(demo_db: Any, demo_db_path: Path) -> None:
    visit = list_visits(demo_db)[0]
    live = load_programme(demo_db, visit.id)
    demo_db.close()  # a closed file, as at start-up
    before = _fingerprint(demo_db_path)
    quick = read_programme(demo_db_path)
    assert quick is not None
    assert _shape(quick) == _shape(live)
    assert sum(len(d.items) for d in quick.days) >= 15
    names = {p.native_name for d in quick.days for it in d.items for p, _r in it.participants}
    assert {"Қасым-Жомарт Тоқаев", "习近平"} <= names
    assert quick.visits == ((visit.id, visit.title),)
    assert _fingerprint(demo_db_path) == before  # no side file, no change


def _busy_visit(db: Any) -> tuple[Any, Any]:
    """Conflicts of every kind, a cancelled event, a flight across zones, no venue."""
    visit = make_visit(db)
    boss = make_person(db, visit.id, "Қасым-Жомарт Тоқаев", "Kassym-Jomart Tokayev")
    ent.update(db, "visit", visit.id, {"principal_id": boss.id})
    xi = make_person(db, visit.id)
    ma = make_person(db, visit.id, "马云", "")
    hall = ent.create(db, "venue", visit.id, {"name": "Great Hall", "city": "Beijing",
                                               "tz": "Asia/Shanghai"})
    hotel = ent.create(db, "venue", visit.id, {"name": "Hotel", "tz": "Asia/Shanghai"})
    a = make_event(db, visit.id, "Talks", venue_id=hall.id)
    b = make_event(db, visit.id, "Forum", "2019-09-11 10:50", "2019-09-11 12:00",
                   venue_id=hotel.id, event_type="business forum")
    c = make_event(db, visit.id, "Lunch", "2019-09-11 10:30", "2019-09-11 12:30", event_type="meal")
    gone = make_event(db, visit.id, "Cancelled call", "2019-09-11 10:00", "2019-09-11 10:30")
    make_event(db, visit.id, "After party", "2019-09-13 00:30", "2019-09-13 01:00", event_type="meal")
    ent.create(db, "event", visit.id, {
        "title": "Flight home", "event_type": "flight", "tz": "Asia/Shanghai",
        "end_tz": "Asia/Almaty", "start_local": "2019-09-12 18:45",
        "end_local": "2019-09-12 23:15"})
    for event, person, role in ((a, boss, "principal"), (b, boss, "principal"),
                                (a, xi, "host"), (c, xi, "host"), (c, ma, "participant"),
                                (gone, xi, "host"), (gone, boss, "principal")):
        links.set_participant(db, event.id, person.id, role)
    ent.update(db, "event", gone.id, {"status": "cancelled"})
    other = make_visit(db, title="An earlier visit", start_date="2018-05-01",
                       end_date="2018-05-02")
    make_event(db, other.id, "Earlier talks", "2018-05-01 10:00", "2018-05-01 11:00")
    return visit, other


def test_conflicts_cancelled_events_and_zones_equal_the_live_programme(db: Any,
                                                                         db_path: Path) -> None:
    visit, other = _busy_visit(db)
    live = {flag: load_programme(db, visit.id, include_cancelled=flag) for flag in (True, False)}
    assert {c.kind for c in find_conflicts(db, visit.id)} == {
        "venue clash", "double booking", "outside visit"}
    visits = tuple((v.id, v.title) for v in list_visits(db))
    db.close()
    for flag in (True, False):
        quick = read_programme(db_path, visit.id, include_cancelled=flag)
        assert quick is not None and _shape(quick) == _shape(live[flag])
    assert read_programme(db_path, visit.id).visits == visits == (
        (other.id, "An earlier visit"), (visit.id, "Visit to China"))
    # No visit asked for, or one that is not there: the first in the navigator's order.
    for wanted in (None, 999):
        assert read_programme(db_path, wanted).visit.id == other.id


def test_committed_changes_still_in_the_log_are_read(db: Any, db_path: Path) -> None:
    """Another program has the file open and has written to its log: the quick read
    sees what it committed (through the existing -shm), not what it has not."""
    visit = make_visit(db)
    event = make_event(db, visit.id, "Before")
    db.close()
    other = sqlite3.connect(db_path)
    other.execute("PRAGMA wal_autocheckpoint=0")
    other.execute("UPDATE events SET title = 'Committed' WHERE id = ?", (event.id,))
    other.commit()
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE events SET title = 'Not committed' WHERE id = ?", (event.id,))
    assert Path(f"{db_path}-wal").stat().st_size > 0
    quick = read_programme(db_path, visit.id)
    assert quick is not None and quick.days[0].items[0].event.title == "Committed"
    other.rollback()
    other.close()


def test_a_file_in_wal_mode_without_its_side_files_is_read_and_left_alone(
        demo_db_path: Path) -> None:
    assert not Path(f"{demo_db_path}-wal").exists()  # closed cleanly: no log, no -shm
    with demo_db_path.open("rb") as fh:
        assert fh.read(20)[18:20] == b"\x02\x02"  # WAL mode
    before = _fingerprint(demo_db_path)
    assert read_programme(demo_db_path) is not None
    assert _fingerprint(demo_db_path) == before


def test_a_file_in_rollback_journal_mode_is_read_and_left_alone(demo_db_path: Path,
                                                                  tmp_path: Path) -> None:
    """A backup (rollback-journal mode) put in place of the database and not opened yet."""
    from briefing_app.core.backup import make_backup

    copy = tmp_path / "restored.sqlite"
    make_backup(demo_db_path, "manual").replace(copy)
    with copy.open("rb") as fh:
        assert fh.read(20)[18:20] == b"\x01\x01"  # rollback journal, not WAL
    before = _fingerprint(copy)
    quick = read_programme(copy)
    assert quick is not None and quick == read_programme(demo_db_path)
    assert _fingerprint(copy) == before


def _damage_events_table(path: Path) -> None:
    """Flip the page-type byte of the events table's root page (read by the quick path)."""
    con = sqlite3.connect(path)
    root = con.execute("SELECT rootpage FROM sqlite_master WHERE name = 'events'").fetchone()[0]
    page_size = con.execute("PRAGMA page_size").fetchone()[0]
    con.close()
    data = bytearray(path.read_bytes())
    data[(root - 1) * page_size] = 0x07
    path.write_bytes(bytes(data))


def _newer(path: Path) -> None:
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = '0042_from_the_future'")
    con.commit()
    con.close()


def _foreign(path: Path) -> None:
    path.unlink()
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
    con.commit()
    con.close()


@pytest.mark.parametrize("spoil", [
    pytest.param(lambda p: p.write_bytes(b""), id="empty"),
    pytest.param(lambda p: p.write_text("Meeting notes\n" * 100), id="text"),
    pytest.param(lambda p: p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 2]),
                 id="cut-short"),
    pytest.param(lambda p: p.write_bytes(b"SQLite format 2" + p.read_bytes()[15:]),
                 id="header"),
    pytest.param(_damage_events_table, id="damaged-page"),
    pytest.param(_foreign, id="foreign"),
    pytest.param(_newer, id="newer-version"),
    pytest.param(lambda p: p.unlink(), id="missing"),
])
def test_a_file_it_cannot_read_safely_gives_none_and_stays_unchanged(
        demo_db_path: Path, spoil: Any) -> None:
    spoil(demo_db_path)
    before = _fingerprint(demo_db_path) if demo_db_path.exists() else None
    assert read_programme(demo_db_path) is None
    after = _fingerprint(demo_db_path) if demo_db_path.exists() else None
    assert after == before


def test_a_file_locked_by_a_writer_in_rollback_mode_gives_none_at_once(
        demo_db_path: Path) -> None:
    con = sqlite3.connect(demo_db_path, isolation_level=None)
    con.execute("PRAGMA journal_mode=DELETE")
    con.execute("BEGIN EXCLUSIVE")
    con.execute("UPDATE events SET title = 'half-written' WHERE id = (SELECT min(id) FROM events)")
    before = _fingerprint(demo_db_path)
    result: list[Any] = []
    reader = threading.Thread(target=lambda: result.append(read_programme(demo_db_path)))
    reader.start()
    reader.join(timeout=5)
    assert not reader.is_alive() and result == [None]  # no waiting for the lock
    assert _fingerprint(demo_db_path) == before
    con.execute("ROLLBACK")
    con.close()


def test_an_upgrade_due_gives_none(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import briefing_app.core.quick_programme as qp

    monkeypatch.setattr(qp, "HEAD_REVISION", "0002_next")
    db = open_database(db_path)
    make_visit(db)
    db.close()
    assert read_programme(db_path) is None
