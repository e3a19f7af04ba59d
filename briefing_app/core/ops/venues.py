"""Which events use a venue: the Venues view lists them, and a delete names how many."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import or_, select

from briefing_app.core import models as M
from briefing_app.core.database import Database
from briefing_app.core.records import EventRecord, to_record


def events_at_venue(db: Database, venue_id: int) -> list[EventRecord]:
    """Events held at the venue, or arriving there (a flight), in programme order."""
    with db.read() as s:
        rows = s.scalars(
            select(M.Event)
            .where(or_(M.Event.venue_id == venue_id, M.Event.arrival_venue_id == venue_id))
            .order_by(M.Event.starts_at, M.Event.id)
        ).all()
        return [to_record(EventRecord, e) for e in rows]


def venue_usage(db: Database, visit_id: int) -> dict[int, int]:
    """Venue id -> number of events of the visit that use it (one query)."""
    counts: Counter[int] = Counter()
    with db.read() as s:
        for venue_id, arrival_id in s.execute(
            select(M.Event.venue_id, M.Event.arrival_venue_id).where(M.Event.visit_id == visit_id)
        ):
            for ref in {venue_id, arrival_id} - {None}:
                counts[ref] += 1
    return dict(counts)
