"""A visit's programme read straight from the SQLite file, for the window's first frame.

Why: the database layer (SQLAlchemy and the mappers) takes ~0.6 s to import, longer
than the whole window takes to paint. This module reads the few columns the programme
shows with the standard library's `sqlite3` alone, so the window can show the
programme — read from the database itself, not from a cache — while the database layer
loads. The GUI shows it greyed and read-only until the live programme replaces it.

It never writes: the file is opened with `mode=ro` and `query_only`; a file in WAL
mode with no data in its log is read as `immutable=1`, which creates no `-wal`/`-shm`
file either (changes another process is making go to its log, not the file, until a
checkpoint). A log with data is read through its existing `-shm` (as any SQLite reader
does); a file in rollback-journal mode (a restored backup not yet opened) with an
ordinary shared lock. A rollback journal left beside the file, a missing `-shm` for a
log with data, a header that does not describe an intact SQLite file, a schema this
version does not know, or any SQLite error (a damaged page, a lock: it never waits) give
None — the normal path then opens (or refuses) the file and says what is wrong. It runs
no `quick_check`: that is the normal open's job.

The result mirrors `core.programme.load_programme` (same fields, same order, the same
conflicts as `core.conflicts.find_conflicts`), so the GUI formats both with one function.
"""

# No `from __future__ import annotations`: typing.NamedTuple would compile each
# string annotation (~2 ms for these classes, paid before the first frame).
import sqlite3
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, NamedTuple, TypeVar
from urllib.parse import quote

from briefing_app.core.conflict_rules import Conflict, detect
from briefing_app.core.enums import EventStatus
from briefing_app.core.gc_pause import collector_paused
from briefing_app.core.schema_version import HEAD_REVISION
from briefing_app.core.timezones import zone

__all__ = ["QuickProgramme", "read_at_rest", "read_programme", "stored_instant"]

T = TypeVar("T")

_MAGIC = b"SQLite format 3\x00"


class QuickVisit(NamedTuple):
    id: int
    title: str
    visit_type: str
    start_date: date
    end_date: date
    home_tz: str
    principal_id: int | None


class QuickPerson(NamedTuple):
    id: int
    native_name: str
    latin_name: str

    @property
    def display_name(self) -> str:
        """As PersonRecord.display_name: native first, Latin beside when it differs."""
        if self.latin_name and self.latin_name != self.native_name:
            return f"{self.native_name} ({self.latin_name})"
        return self.native_name


class QuickVenue(NamedTuple):
    name: str
    city: str


class QuickEvent(NamedTuple):
    id: int
    title: str
    event_type: str
    status: str
    starts_at: datetime
    ends_at: datetime
    tz: str
    end_tz: str
    venue_id: int | None

    @property
    def display_end_tz(self) -> str:
        return self.end_tz or self.tz


class QuickTimes(NamedTuple):
    """An instant at the venue and at home (as core.programme.TimePair)."""

    venue: datetime
    home: datetime


class QuickItem(NamedTuple):
    event: QuickEvent
    venue: QuickVenue | None
    start: QuickTimes
    end: QuickTimes
    participants: tuple[tuple[QuickPerson, str], ...]
    in_conflict: bool


class QuickDay(NamedTuple):
    day: date
    items: tuple[QuickItem, ...]


class QuickProgramme(NamedTuple):
    """What load_programme returns (visit, days, conflicts), plus every visit's
    (id, title) in the order the navigator lists them."""

    visit: QuickVisit
    days: tuple[QuickDay, ...]
    conflicts: tuple[Conflict, ...]
    visits: tuple[tuple[int, str], ...]


def read_programme(db_path: Path | str, visit_id: int | None = None,
                   include_cancelled: bool = True) -> QuickProgramme | None:
    """The programme of visit `visit_id` (if the file has it, else of its first visit),
    or None when it cannot be read quickly and safely (see the module docstring)."""
    return read_at_rest(db_path, lambda conn: _read(conn, visit_id, include_cancelled))


def read_at_rest(db_path: Path | str, read: Callable[[sqlite3.Connection], T]) -> T | None:
    """`read(conn)` on a read-only connection to a file that looks intact, at rest and at
    this version's schema; None when it is not, or on any error (the normal path then
    opens the file and says what is wrong). Shared by core/quick_event.py."""
    try:
        conn = _connect(Path(db_path))
        if conn is None:
            return None
        try:
            revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            if revision is None or revision[0] != HEAD_REVISION:
                return None  # an upgrade is due (or a newer app's file): the open decides
            with collector_paused():  # acyclic records only (core/gc_pause.py)
                return read(conn)
        finally:
            conn.close()
    except Exception:  # noqa: BLE001 - any doubt: the normal path opens the file and explains
        return None


def _connect(path: Path) -> sqlite3.Connection | None:
    """A read-only connection, or None when the file does not look intact and at rest."""
    size = path.stat().st_size
    if size < 512:
        return None
    with path.open("rb") as fh:
        head = fh.read(100)
    if not head.startswith(_MAGIC):
        return None
    raw = int.from_bytes(head[16:18], "big")
    page_size = 65536 if raw == 1 else raw
    if page_size < 512 or page_size & (page_size - 1) or size % page_size:
        return None
    pages = int.from_bytes(head[28:32], "big")
    if head[24:28] == head[92:96] and pages and size < pages * page_size:
        return None  # cut short
    journal = Path(f"{path}-journal")
    if journal.exists() and journal.stat().st_size > 0:
        return None  # an interrupted write in rollback mode: only a writer may recover it
    wal, shm = Path(f"{path}-wal"), Path(f"{path}-shm")
    uri = f"file:{quote(str(path))}?mode=ro"
    if wal.exists() and wal.stat().st_size > 0:
        if not shm.exists():
            return None  # reading the log would create the -shm file
    elif head[18] == 2:  # WAL mode, no log: a plain reader would create -wal and -shm
        uri += "&immutable=1"
    # (A file in rollback-journal mode is read with a shared lock and creates nothing.)
    conn = sqlite3.connect(uri, uri=True, timeout=0)
    conn.execute("PRAGMA query_only=1")
    return conn


def stored_instant(text: str) -> datetime:
    """A stored UTC instant ('2019-09-10 06:00:00.000000', naive) as an aware datetime."""
    try:  # one C call (see core/reads.py `_instant`)
        return datetime.fromisoformat(text + "+00:00")
    except (TypeError, ValueError):
        return datetime.fromisoformat(text).replace(tzinfo=UTC)


def _read(conn: sqlite3.Connection, visit_id: int | None,
          include_cancelled: bool) -> QuickProgramme | None:
    visits = tuple((int(i), str(t)) for i, t in conn.execute(
        "SELECT id, title FROM visits ORDER BY start_date, title"))
    ids = [i for i, _t in visits]
    if not ids:
        return None
    vid = visit_id if visit_id in ids else ids[0]
    row = conn.execute("SELECT id, title, visit_type, start_date, end_date, home_tz, principal_id "
                       "FROM visits WHERE id = ?", (vid,)).fetchone()
    visit = QuickVisit(row[0], row[1], row[2], date.fromisoformat(row[3]),
                       date.fromisoformat(row[4]), row[5], row[6])
    events = [QuickEvent(r[0], r[1], r[2], r[3], stored_instant(r[4]), stored_instant(r[5]), r[6], r[7], r[8])
              for r in conn.execute(
                  "SELECT id, title, event_type, status, starts_at, ends_at, tz, end_tz, venue_id "
                  "FROM events WHERE visit_id = ? ORDER BY starts_at, ends_at, id", (vid,))]
    venues = {r[0]: QuickVenue(r[1], r[2]) for r in conn.execute(
        "SELECT id, name, city FROM venues WHERE visit_id = ?", (vid,))}
    # Each person once (1,000 rows), then the participations alone, driven by the visit's
    # events: their index and (event_id, position) give the order without sorting 20,000
    # rows in a temporary B-tree, and no person is looked up or built 20 times over
    # (together: ~0.05 s → ~0.02 s on 5,000 events).
    people = {r[0]: QuickPerson(r[0], r[1], r[2]) for r in conn.execute(
        "SELECT id, native_name, latin_name FROM people WHERE visit_id = ?", (vid,))}
    person = people.get
    parts: dict[int, list[tuple[QuickPerson, str]]] = {}
    for event_id, role, pid in conn.execute(
            "SELECT pa.event_id, pa.role, pa.person_id "
            "FROM events AS ev JOIN participations AS pa ON pa.event_id = ev.id "
            "WHERE ev.visit_id = ? ORDER BY ev.id, pa.position, pa.id", (vid,)):
        who = person(pid)
        if who is not None:  # a person of this visit (as the live read's join)
            parts.setdefault(event_id, []).append((who, str(role)))
    conflicts = find_conflicts(visit, events, parts)
    flagged = {eid for c in conflicts for eid in c.event_ids}
    days: dict[date, list[QuickItem]] = {}
    # Each zone looked up once (as core.timezones.in_zone: the instants are aware): the
    # four conversions of an event are then one C call each (~10 → ~7 ms on 5,000).
    home = zone(visit.home_tz)
    zones = {visit.home_tz: home}
    for ev in events:
        if not include_cancelled and ev.status == EventStatus.CANCELLED:
            continue
        at = zones.get(ev.tz) or zones.setdefault(ev.tz, zone(ev.tz))
        end_tz = ev.end_tz or ev.tz
        at_end = zones.get(end_tz) or zones.setdefault(end_tz, zone(end_tz))
        start = QuickTimes(ev.starts_at.astimezone(at), ev.starts_at.astimezone(home))
        end = QuickTimes(ev.ends_at.astimezone(at_end), ev.ends_at.astimezone(home))
        item = QuickItem(ev, venues.get(ev.venue_id) if ev.venue_id else None, start, end,
                         tuple(parts.get(ev.id, ())), ev.id in flagged)
        days.setdefault(start.venue.date(), []).append(item)
    return QuickProgramme(visit, tuple(QuickDay(d, tuple(items)) for d, items in
                                       sorted(days.items())), tuple(conflicts), visits)


def find_conflicts(visit: Any, events: list[QuickEvent],
                   parts: dict[int, list[tuple[QuickPerson, str]]]) -> list[Conflict]:
    """The rules of `core.conflict_rules.detect`, on the quick rows."""
    return detect(visit, events, parts)
