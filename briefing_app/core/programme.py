"""The programme as people read it: days at the venue, venue time beside home time."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import select, type_coerce
from sqlalchemy.types import NULLTYPE

from briefing_app.core import models as M
from briefing_app.core.conflict_rules import Conflict, detect
from briefing_app.core.database import Database
from briefing_app.core.enums import EventStatus
from briefing_app.core.gc_pause import collector_paused
from briefing_app.core.ops import registry as reg
from briefing_app.core.reads import plain_rows, select_records
from briefing_app.core.records import (
    PersonRecord,
    ProgrammeEventRecord,
    VenueRecord,
    VisitRecord,
)
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
    event: ProgrammeEventRecord  # the brief's texts are read with the brief
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
    """The whole programme, grouped by the venue's local date, in time order.

    Read once per change of the file and shared (`Database.memo`): the programme view,
    the navigator, the timeline and the conflicts dock all ask for it after one edit."""
    full = db.memo(("programme", visit_id), lambda: _read_programme_paused(db, visit_id),
                   patch=lambda old, changes: _carried_over(db, visit_id, old, changes))
    if include_cancelled:
        return full
    days = []
    for day in full.days:
        items = tuple(i for i in day.items if i.event.status != EventStatus.CANCELLED)
        if items:
            days.append(ProgrammeDay(day.day, items))
    return Programme(full.visit, tuple(days), full.conflicts)


def _read_programme_paused(db: Database, visit_id: int) -> Programme:
    with collector_paused():  # ~150,000 acyclic objects on a large visit (core/gc_pause.py)
        return _read_programme(db, visit_id)


# Beyond this many changed events a full read costs about as much as the patch.
PATCH_LIMIT = 200
_EVENTS = M.Event.__tablename__
_BRIEFS = M.EventBrief.__tablename__  # the brief's texts: no field of ProgrammeEventRecord


def _carried_over(db: Database, visit_id: int, old: Programme, changes: Any
                  ) -> Programme | None:
    """`old` brought up to date after a step of ours that changed only existing events
    of the visit (their fields or their briefs' texts: no participants, venues or
    people): those events are read again, the rest kept; conflicts are detected again
    on the whole programme. None (read it all) for anything else. Equal to a fresh `_read_programme`
    (tests/core/test_programme_patch.py). Why: after an edit of one event of a 5,000-
    event visit the views asked for the whole programme again (~0.1–0.2 s)."""
    if changes.everything:
        return None
    # Rows of these two tables only: the "links" the change set names then come from
    # the briefs' rows (a brief belongs to its event), not from participants.
    ids = {row_id for table, row_id in changes.rows if table == _EVENTS}
    briefs = sum(1 for table, _id in changes.rows if table == _BRIEFS)
    if len(ids) + briefs != len(changes.rows) or len(ids) > PATCH_LIMIT:
        return None
    if not ids:
        return old  # only the briefs' long texts, which the programme does not hold
    items = {it.event.id: it for day in old.days for it in day.items}
    if not ids <= items.keys():
        return None  # a new event
    with collector_paused(), db.read() as s:
        fresh = {r.id: r for r in select_records(
            s, ProgrammeEventRecord, M.Event, [M.Event.id.in_(ids), M.Event.visit_id == visit_id])}
        venue_ids = {r.venue_id for r in fresh.values() if r.venue_id}
        venues = {v.id: v for v in select_records(s, VenueRecord, M.Venue,
                                                  [M.Venue.id.in_(venue_ids)])} if venue_ids else {}
    if len(fresh) != len(ids):
        return None  # deleted, or moved to another visit
    events = sorted((fresh.get(i, it.event) for i, it in items.items()),
                    key=lambda r: (r.starts_at, r.ends_at, r.id))  # the read's ORDER BY
    parts = {i: list(it.participants) for i, it in items.items() if it.participants}
    visit = old.visit
    conflicts = detect(visit, events, parts)
    flagged = {eid for c in conflicts for eid in c.event_ids}
    out = []
    for rec in events:
        item, flag = items[rec.id], rec.id in flagged
        if rec.id in fresh:
            item = _item(rec, venues, visit, item.participants, flag)
        elif item.in_conflict != flag:
            item = replace(item, in_conflict=flag)
        out.append(item)
    return _by_day(visit, out, conflicts)


def _read_programme(db: Database, visit_id: int) -> Programme:
    """Five queries whatever the size of the visit (one per table, no ORM objects), in
    one snapshot; conflicts are detected on the rows just read."""
    with db.read() as s:
        visit = reg.record("visit", reg.fetch(s, "visit", visit_id))
        events = select_records(s, ProgrammeEventRecord, M.Event, [M.Event.visit_id == visit_id],
                                [M.Event.starts_at, M.Event.ends_at, M.Event.id])
        venues = {v.id: v for v in select_records(s, VenueRecord, M.Venue,
                                                  [M.Venue.visit_id == visit_id])}
        parts_rows = plain_rows(s,  # plain values: the role is shown as text
            select(M.Participation.event_id, M.Participation.person_id,
                   type_coerce(M.Participation.role, NULLTYPE))
            .join(M.Event, M.Event.id == M.Participation.event_id)
            .where(M.Event.visit_id == visit_id)
            .order_by(M.Participation.event_id, M.Participation.position,
                      M.Participation.id))
        # Each person once (a person takes part in many events), only those who do.
        people = {p.id: p for p in select_records(s, PersonRecord, M.Person, [
            M.Person.visit_id == visit_id,
            M.Person.id.in_(select(M.Participation.person_id).join(
                M.Event, M.Event.id == M.Participation.event_id).where(
                M.Event.visit_id == visit_id))])}
    parts: dict[int, list[tuple[PersonRecord, str]]] = {}
    for event_id, person_id, role in parts_rows:
        person = people.get(person_id)
        if person is not None:
            parts.setdefault(event_id, []).append((person, str(role)))
    conflicts = detect(visit, events, parts)
    flagged = {eid for c in conflicts for eid in c.event_ids}
    return _by_day(visit, [_item(rec, venues, visit, tuple(parts.get(rec.id, ())),
                                 rec.id in flagged) for rec in events], conflicts)


def _item(rec: ProgrammeEventRecord, venues: dict[int, VenueRecord], visit: VisitRecord,
          participants: tuple[tuple[PersonRecord, str], ...], in_conflict: bool
          ) -> ProgrammeItem:
    """One event of the programme: its venue, its times at the venue and at home."""
    return ProgrammeItem(rec, venues.get(rec.venue_id) if rec.venue_id else None,
                         time_pair(rec.starts_at, rec.tz, visit.home_tz),
                         time_pair(rec.ends_at, rec.display_end_tz, visit.home_tz),
                         participants, in_conflict)


def _by_day(visit: VisitRecord, items: list[ProgrammeItem], conflicts: list[Conflict]
            ) -> Programme:
    """Items (in time order) grouped by the venue's local date."""
    days: dict[date, list[ProgrammeItem]] = {}
    for item in items:
        days.setdefault(item.start.venue.date(), []).append(item)
    return Programme(visit, tuple(ProgrammeDay(d, tuple(its)) for d, its in sorted(days.items())),
                     tuple(conflicts))
