"""The scheduling-conflict rules, on plain rows (no database layer imported).

Both the live programme (`core.conflicts`, through SQLAlchemy) and the window's first
frame (`core.quick_programme`, through plain sqlite3) call `detect`, so the rules live
in one place.
"""

from collections.abc import Iterable, Mapping
from datetime import timedelta
from typing import Any, NamedTuple

from briefing_app.core.enums import EventStatus
from briefing_app.core.timezones import local_date


class Conflict(NamedTuple):
    """One problem: kind is 'double booking', 'venue clash' or 'outside visit'."""

    kind: str
    event_ids: tuple[int, ...]
    message: str


def detect(visit: Any, events: Iterable[Any], people: Mapping[int, set[int]],
           names: Mapping[int, str]) -> list[Conflict]:
    """Every conflict among `events` (rows with id, title, status, starts_at, ends_at,
    tz, end_tz, venue_id); `people` maps an event id to the ids of its participants and
    `names` a person id to the name to show. Cancelled events are ignored.

    - an event outside the visit's dates (in the event's own local dates);
    - a person in two overlapping events (double booking);
    - the principal in overlapping events at different venues (venue clash).
    """
    active = sorted((e for e in events if e.status != EventStatus.CANCELLED),
                    key=lambda e: (e.starts_at, e.id))
    out: list[Conflict] = []
    for ev in active:
        first = local_date(ev.starts_at, ev.tz)
        last = local_date(ev.ends_at - timedelta(microseconds=1) if ev.ends_at > ev.starts_at
                          else ev.ends_at, ev.end_tz or ev.tz)
        if first < visit.start_date or last > visit.end_date:
            out.append(Conflict("outside visit", (ev.id,),
                                f"{ev.title!r} ({first}) is outside the visit's dates "
                                f"{visit.start_date} – {visit.end_date}"))
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
