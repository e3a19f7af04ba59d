"""One event's details and its visit's venues, read straight from the SQLite file.

Why: the window takes an edit of an event while the database layer is still loading
(gui/window/quick_edit.py): the event dialog opens on what this reads with `sqlite3`
alone, under the same guards as the start-up programme (core/quick_programme.py: a
file at rest, intact, at this version's schema; None otherwise, and the caller then
waits for the normal open). The save itself goes through the normal operation once the
layer has loaded, checked against `row_version` as read here: a change saved
elsewhere in between is refused, never overwritten.
"""

# No `from __future__ import annotations`: see core/quick_programme.py.
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from briefing_app.core.quick_programme import read_at_rest, stored_instant

__all__ = ["EventDetails", "VenueChoice", "read_event"]


class VenueChoice(NamedTuple):
    """What the event dialog lists of a venue (as VenueRecord's fields)."""

    id: int
    name: str
    city: str
    tz: str


class EventDetails(NamedTuple):
    """What the event dialog shows and compares (as EventRecord's fields)."""

    id: int
    visit_id: int
    title: str
    event_type: str
    status: str
    press: str
    starts_at: datetime
    ends_at: datetime
    tz: str
    end_tz: str
    venue_id: int | None
    row_version: int

    @property
    def display_end_tz(self) -> str:
        return self.end_tz or self.tz


def read_event(db_path: Path | str, event_id: int
               ) -> tuple[EventDetails, tuple[VenueChoice, ...]] | None:
    """The event and the venues of its visit (by name), or None when the file cannot be
    read quickly and safely or has no such event."""
    return read_at_rest(db_path, lambda conn: _read(conn, event_id))


def _read(conn: sqlite3.Connection, event_id: int
          ) -> tuple[EventDetails, tuple[VenueChoice, ...]] | None:
    r = conn.execute(
        "SELECT id, visit_id, title, event_type, status, press, starts_at, ends_at, tz, end_tz, "
        "venue_id, row_version FROM events WHERE id = ?", (event_id,)).fetchone()
    if r is None:
        return None
    event = EventDetails(r[0], r[1], r[2], r[3], r[4], r[5], stored_instant(r[6]),
                         stored_instant(r[7]), r[8], r[9], r[10], r[11])
    venues = tuple(VenueChoice(*v) for v in conn.execute(
        "SELECT id, name, city, tz FROM venues WHERE visit_id = ? ORDER BY name, id",
        (event.visit_id,)))
    return event, venues
