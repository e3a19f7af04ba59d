"""The programme as people read it: days at the venue, venue time beside home time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from briefing_app.core import models as M
from briefing_app.core.conflicts import Conflict, conflicting_event_ids, find_conflicts
from briefing_app.core.database import Database
from briefing_app.core.ops import registry as reg
from briefing_app.core.records import EventRecord, PersonRecord, VenueRecord, VisitRecord
from briefing_app.core.timezones import in_zone, offset_label


@dataclass(frozen=True)
class TimePair:
    """An instant shown at the venue and at home."""

    venue: datetime
    home: datetime

    def label(self) -> str:
        """'10:00 CST (08:00 UTC+6 home)'; the home date is added when it differs."""
        home = f"{self.home:%H:%M}"
        if self.home.date() != self.venue.date():
            home = f"{self.home:%a %d %b} {home}"
        return f"{self.venue:%H:%M} {offset_label(self.venue)} ({home} {offset_label(self.home)} home)"


@dataclass(frozen=True)
class ProgrammeItem:
    event: EventRecord
    venue: VenueRecord | None
    start: TimePair
    end: TimePair
    participants: tuple[tuple[PersonRecord, str], ...]
    in_conflict: bool


@dataclass(frozen=True)
class ProgrammeDay:
    day: date
    items: tuple[ProgrammeItem, ...]


@dataclass(frozen=True)
class Programme:
    visit: VisitRecord
    days: tuple[ProgrammeDay, ...]
    conflicts: tuple[Conflict, ...]


def time_pair(instant: datetime, zone_name: str, home_tz: str) -> TimePair:
    return TimePair(in_zone(instant, zone_name), in_zone(instant, home_tz))


def load_programme(db: Database, visit_id: int, include_cancelled: bool = True) -> Programme:
    """The whole programme, grouped by the venue's local date, in time order."""
    conflicts = find_conflicts(db, visit_id)
    flagged = conflicting_event_ids(conflicts)
    with db.read() as s:
        visit = reg.record("visit", reg.fetch(s, "visit", visit_id))
        events = list(s.scalars(select(M.Event).where(M.Event.visit_id == visit_id).order_by(
            M.Event.starts_at, M.Event.ends_at, M.Event.id)))
        venues = {v.id: reg.record("venue", v) for v in s.scalars(
            select(M.Venue).where(M.Venue.visit_id == visit_id))}
        parts: dict[int, list[tuple[PersonRecord, str]]] = {}
        for part, person in s.execute(select(M.Participation, M.Person).join(
                M.Person, M.Person.id == M.Participation.person_id).where(
                M.Person.visit_id == visit_id).order_by(M.Participation.position)):
            parts.setdefault(part.event_id, []).append((reg.record("person", person), str(part.role)))
    days: dict[date, list[ProgrammeItem]] = {}
    for ev in events:
        rec = reg.record("event", ev)
        if not include_cancelled and rec.status == "cancelled":
            continue
        start = time_pair(rec.starts_at, rec.tz, visit.home_tz)
        end = time_pair(rec.ends_at, rec.display_end_tz, visit.home_tz)
        item = ProgrammeItem(rec, venues.get(rec.venue_id) if rec.venue_id else None, start, end,
                             tuple(parts.get(rec.id, ())), rec.id in flagged)
        days.setdefault(start.venue.date(), []).append(item)
    return Programme(visit, tuple(ProgrammeDay(d, tuple(items)) for d, items in sorted(days.items())),
                     tuple(conflicts))
