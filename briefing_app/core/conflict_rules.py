"""The scheduling-conflict rules, on plain rows (no database layer imported).

Both the live programme (`core.conflicts`, through SQLAlchemy) and the window's first
frame (`core.quick_programme`, through plain sqlite3) call `detect`, so the rules live
in one place.
"""

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime, time, timedelta
from typing import Any, NamedTuple

from briefing_app.core.enums import EventStatus
from briefing_app.core.timezones import local_date


class Conflict(NamedTuple):
    """One problem: kind is 'double booking', 'venue clash' or 'outside visit'."""

    kind: str
    event_ids: tuple[int, ...]
    message: str


# A zone's offset from UTC is always less than a day (Python's tzinfo contract; today's
# zones span UTC−12 to UTC+14, old local mean times a little more): an event from the
# visit's first UTC midnight plus a day to its last UTC midnight falls within the
# visit's dates wherever it is, with no zone worked out.
_DAY = timedelta(days=1)


def detect(visit: Any, events: Iterable[Any],
           participants: Mapping[int, Sequence[tuple[Any, str]]]) -> list[Conflict]:
    """Every conflict among `events` (rows with id, title, status, starts_at, ends_at,
    tz, end_tz, venue_id); `participants` maps an event id to its (person, role) pairs
    (a person has id, native_name and latin_name). Cancelled events are ignored.

    - an event outside the visit's dates (in the event's own local dates);
    - a person in two overlapping events (double booking);
    - the principal in overlapping events at different venues (venue clash).

    Called on every programme read (5,000 events on a large visit), so the work is kept
    to what can conflict: an event surely inside the visit's dates (by UTC bounds) needs
    no zone, and participants are compared only for events that overlap.
    """
    active = sorted((e for e in events if e.status != EventStatus.CANCELLED),
                    key=lambda e: (e.starts_at, e.id))
    out: list[Conflict] = []
    inside_from = datetime.combine(visit.start_date, time(), UTC) + _DAY
    inside_to = datetime.combine(visit.end_date, time(), UTC)
    for ev in active:
        if ev.starts_at >= inside_from and ev.ends_at < inside_to:
            continue  # inside the dates in any zone
        first = local_date(ev.starts_at, ev.tz)
        last = local_date(ev.ends_at - timedelta(microseconds=1) if ev.ends_at > ev.starts_at
                          else ev.ends_at, ev.end_tz or ev.tz)
        if first < visit.start_date or last > visit.end_date:
            out.append(Conflict("outside visit", (ev.id,),
                                f"{ev.title!r} ({first}) is outside the visit's dates "
                                f"{visit.start_date} – {visit.end_date}"))
    people: dict[int, dict[int, Any]] = {}  # event id → its people by id, when first needed

    def people_of(event_id: int) -> dict[int, Any]:
        found = people.get(event_id)
        if found is None:
            found = people[event_id] = {p.id: p for p, _r in participants.get(event_id, ())}
        return found

    n = len(active)
    for i, a in enumerate(active):
        j = i + 1
        while j < n:  # by index: a slice would copy the rest of the list for every event
            b = active[j]
            j += 1
            if b.starts_at >= a.ends_at:
                break
            if not (a.starts_at < b.ends_at and b.starts_at < a.ends_at):
                continue
            in_a = people_of(a.id)
            shared = [in_a[pid] for pid in in_a.keys() & people_of(b.id).keys()]
            for person in sorted(shared, key=_name):
                kind = "double booking"
                msg = f"{_name(person)} is in both {a.title!r} and {b.title!r}"
                if person.id == visit.principal_id and a.venue_id != b.venue_id:
                    kind = "venue clash"
                    msg = (f"the principal, {_name(person)}, would be at two venues: "
                           f"{a.title!r} and {b.title!r} overlap")
                out.append(Conflict(kind, (a.id, b.id), msg))
    return out


def _name(person: Any) -> str:
    """The name a conflict shows: Latin where there is one (read by every officer)."""
    return person.latin_name or person.native_name
