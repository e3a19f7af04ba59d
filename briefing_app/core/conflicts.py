"""Scheduling conflicts: what a protocol officer must fix before the programme is final."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from briefing_app.core import models as M
from briefing_app.core.database import Database
from briefing_app.core.enums import EventStatus
from briefing_app.core.ops import registry as reg
from briefing_app.core.timezones import local_date


@dataclass(frozen=True)
class Conflict:
    """One problem: kind is 'double booking', 'venue clash' or 'outside visit'."""

    kind: str
    event_ids: tuple[int, ...]
    message: str


def find_conflicts(db: Database, visit_id: int) -> list[Conflict]:
    """Every conflict in a visit's programme (cancelled events are ignored).

    - a person in two overlapping events (double booking);
    - the principal in overlapping events at different venues (venue clash);
    - an event outside the visit's dates (in the event's own local dates).
    """
    with db.read() as s:
        visit = reg.fetch(s, "visit", visit_id)
        events = list(s.scalars(select(M.Event).where(
            M.Event.visit_id == visit_id, M.Event.status != EventStatus.CANCELLED).order_by(
            M.Event.starts_at)))
        people: dict[int, set[int]] = {}
        names: dict[int, str] = {}
        for part, person in s.execute(select(M.Participation, M.Person).join(
                M.Person, M.Person.id == M.Participation.person_id).where(
                M.Person.visit_id == visit_id)):
            people.setdefault(part.event_id, set()).add(person.id)
            names[person.id] = person.latin_name or person.native_name
        out: list[Conflict] = []
        for ev in events:
            first = local_date(ev.starts_at, ev.tz)
            last = local_date(ev.ends_at - timedelta(microseconds=1) if ev.ends_at > ev.starts_at
                              else ev.ends_at, ev.end_tz or ev.tz)
            if first < visit.start_date or last > visit.end_date:
                out.append(Conflict("outside visit", (ev.id,),
                                    f"{ev.title!r} ({first}) is outside the visit's dates "
                                    f"{visit.start_date} – {visit.end_date}"))
        for i, a in enumerate(events):
            for b in events[i + 1:]:
                if b.starts_at >= a.ends_at:
                    break
                if not (a.starts_at < b.ends_at and b.starts_at < a.ends_at):
                    continue
                shared = people.get(a.id, set()) & people.get(b.id, set())
                for pid in sorted(shared, key=lambda p: names[p]):
                    kind = "double booking"
                    msg = f"{names[pid]} is in both {a.title!r} and {b.title!r}"
                    if pid == visit.principal_id and a.venue_id != b.venue_id:
                        kind = "venue clash"
                        msg = (f"the principal, {names[pid]}, would be at two venues: "
                               f"{a.title!r} and {b.title!r} overlap")
                    out.append(Conflict(kind, (a.id, b.id), msg))
        return out


def conflicting_event_ids(conflicts: list[Conflict]) -> set[int]:
    return {eid for c in conflicts for eid in c.event_ids}
