"""Writing a visit's programme (or one person's itinerary) as an RFC 5545 calendar.

Each event keeps its own IANA zone as TZID, with a VTIMEZONE for every zone used
(built from the tz database for the years around the visit), so a phone or Outlook in
any zone shows the right instant and the venue's wall clock. A flight's DTEND carries
the arrival zone. The UID is the event's UUID: re-exporting updates the same entries
on a phone rather than adding copies, and importing the file back finds them.

The calendar is meant for phones: it carries the schedule (title, times, place,
who takes part, dress code, press access, logistics) but never a brief's content —
objectives, lines to take and background stay in the printed pack.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from briefing_app import __version__
from briefing_app.core.atomic_file import write_atomically
from briefing_app.core.database import Database
from briefing_app.core.enums import EventStatus
from briefing_app.core.errors import NotFoundError
from briefing_app.core.person_places import PersonPlaces, load_person_places
from briefing_app.core.programme import ProgrammeItem, load_programme
from briefing_app.core.records import PersonRecord, VisitRecord
from briefing_app.core.timezones import in_zone, offset_label

PRODID = f"-//Briefing App//Briefing App {__version__}//EN"
_STATUS = {
    EventStatus.CONFIRMED.value: "CONFIRMED",
    EventStatus.PROPOSED.value: "TENTATIVE",
    EventStatus.CANCELLED.value: "CANCELLED",
}


@dataclass(frozen=True)
class IcsExport:
    """What a calendar holds (and, once written, where it is)."""

    events: int
    zones: tuple[str, ...]
    person: PersonRecord | None
    path: Path | None = None


def _description(item: ProgrammeItem, visit: VisitRecord,
                 places: PersonPlaces | None = None) -> str:
    ev = item.event
    lines = [f"{ev.event_type.capitalize()} · {ev.status} · press {ev.press}"]
    if places is not None:  # one person's itinerary: where they sit
        transport, seats = places.at(ev.id)
        lines += [f"Your transport: {t}" for t in transport]
        lines += [f"Your seat: {s}" for s in seats]
    home_start = item.start.home
    home_end = item.end.home
    lines.append(f"Home time: {home_start:%a %d %b %H:%M}–{home_end:%H:%M} "
                 f"{offset_label(home_start)} ({visit.home_tz})")
    if item.venue is not None and item.venue.address:
        lines.append(f"Address: {item.venue.address}")
    if ev.dress_code:
        lines.append(f"Dress code: {ev.dress_code}")
    if item.participants:
        lines.append("Taking part:")
        lines += [f"  {person.display_name} — {role}" for person, role in item.participants]
    if ev.logistics_notes:
        lines += ["", ev.logistics_notes]
    lines += ["", f"Classification: {visit.classification}"]
    return "\n".join(lines)


def _location(item: ProgrammeItem) -> str:
    if item.venue is None:
        return ""
    return ", ".join(x for x in (item.venue.name, item.venue.city) if x)


def build_calendar(db: Database, visit_id: int, person_id: int | None = None) -> tuple[bytes, IcsExport]:
    """The calendar as bytes (CRLF lines, folded at 75 octets) and what it holds."""
    from icalendar import Calendar, Event  # only when a calendar is made

    prog = load_programme(db, visit_id)
    visit = prog.visit
    person = None
    places = None
    items = [item for day in prog.days for item in day.items]
    if person_id is not None:
        from briefing_app.core.ops.links import person_in_visit

        try:
            person = person_in_visit(db, visit_id, person_id)
        except NotFoundError:
            raise NotFoundError(f"person #{person_id} is not part of visit #{visit_id} "
                                f"({visit.title})") from None
        items = [i for i in items if any(p.id == person_id for p, _ in i.participants)]
        places = load_person_places(db, visit_id, person_id)
    name = visit.title if person is None else f"{visit.title} — {person.display_name}"
    cal = Calendar.new(prodid=PRODID, name=name, method="PUBLISH",
                       uid=visit.uuid if person is None else f"{visit.uuid}-{person.uuid}",
                       description=f"{visit.title} ({visit.start_date} – {visit.end_date}); "
                                   f"{visit.classification}" + (
                                       f"; your rooms: {'; '.join(places.rooms)}"
                                       if places is not None and places.rooms else ""))
    stamp = datetime.now(UTC).replace(microsecond=0)
    zones: set[str] = set()
    first, last = visit.start_date, visit.end_date
    for item in items:
        ev = item.event
        end_tz = ev.display_end_tz
        zones.update({ev.tz, end_tz})
        component = Event.new(
            uid=ev.uuid,
            summary=ev.title,
            start=in_zone(ev.starts_at, ev.tz),
            end=in_zone(ev.ends_at, end_tz),
            stamp=stamp,
            created=ev.created_at.replace(microsecond=0),
            last_modified=ev.updated_at.replace(microsecond=0),
            sequence=max(0, ev.row_version - 1),
            location=_location(item) or None,
            description=_description(item, visit, places),
            categories=[ev.event_type],
            status=_STATUS.get(ev.status),
        )
        cal.add_component(component)
        first = min(first, item.start.venue.date())
        last = max(last, item.end.venue.date())
    # Transitions from a year before to a year after: enough for every event shown.
    cal.add_missing_timezones(first_date=_shift_years(first, -1), last_date=_shift_years(last, 1))
    data = cal.to_ical()
    return data, IcsExport(len(items), tuple(sorted(zones)), person)


def _shift_years(day: date, years: int) -> date:
    return day.replace(day=min(day.day, 28), year=day.year + years)  # 28: no 29 Feb trap


def export_ics(db: Database, visit_id: int, out: Path | str, person_id: int | None = None) -> IcsExport:
    """Write the programme (or one person's itinerary) to `out`, atomically."""
    from briefing_app.core.server_audit import record_export

    data, info = build_calendar(db, visit_id, person_id)
    path = write_atomically(out, data, db.path)
    record_export(db, visit_id, "ics", {"person_id": person_id, "events": info.events})
    return IcsExport(info.events, info.zones, info.person, path)
