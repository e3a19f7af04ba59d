"""Writing a visit's programme as an .xlsx sheet, as protocol offices keep programmes.

One row per event in time order: the date, start and end at the venue with the zone's
label (CST, UTC+6) and its IANA name, then the same instants at home, then what the
event is (title, kind, status, venue, press, dress code, logistics notes) and its ID.
Dates and times are real spreadsheet values (sortable, filterable), shown in a fixed
format. The headers are those `programme_sheet.guess_mapping` knows, so an exported
sheet edited and imported back updates the same events (by the ID column).

Like the calendar export, the sheet carries the schedule only — never a brief's
content. Text that starts with "=" is written as text, never as a formula (a title
such as `=HYPERLINK(...)` must not become a link or run in the reader's spreadsheet).
The file is written atomically, never over a file the app owns. Never imports Qt.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from briefing_app.core.atomic_file import check_target, commit, stage
from briefing_app.core.database import Database
from briefing_app.core.programme import ProgrammeItem, load_programme
from briefing_app.core.timezones import offset_label
from briefing_app.interop.xlsx_write import SheetWriter

HEADERS: tuple[tuple[str, int], ...] = (  # title, width in characters
    ("Date", 12), ("Start", 8), ("End", 8), ("Zone", 9), ("Time zone", 16),
    ("Home date", 12), ("Home start", 10), ("Home end", 10), ("Home zone", 10),
    ("Title", 44), ("Kind", 16), ("Status", 11), ("Venue", 32), ("City", 14),
    ("Arrival time zone", 16), ("Press", 8), ("Dress code", 16), ("Notes", 40), ("ID", 38),
)
_DATE, _TIME, _DATETIME = "yyyy-mm-dd", "hh:mm", "yyyy-mm-dd hh:mm"


@dataclass(frozen=True)
class ProgrammeExport:
    path: Path
    events: int
    zones: tuple[str, ...]
    size: int


def _naive(moment: datetime) -> datetime:
    return moment.replace(tzinfo=None)


def _end(start: datetime, end: datetime) -> tuple[datetime, str]:
    """An end on the start's day is a time; one on a later day keeps its date."""
    return (_naive(end).time(), _TIME) if end.date() == start.date() else (_naive(end), _DATETIME)


def row_values(item: ProgrammeItem) -> list[tuple[Any, str]]:
    """The cells of one event: (value, number format or "")."""
    ev, venue = item.event, item.venue
    v_start, v_end = item.start.venue, item.end.venue
    h_start, h_end = item.start.home, item.end.home
    zone = offset_label(v_start) + (f" → {offset_label(v_end)}" if ev.end_tz else "")
    return [
        (_naive(v_start).replace(hour=0, minute=0, second=0), _DATE),
        (_naive(v_start).time(), _TIME), _end(v_start, v_end), (zone, ""), (ev.tz, ""),
        (_naive(h_start).replace(hour=0, minute=0, second=0), _DATE),
        (_naive(h_start).time(), _TIME), _end(h_start, h_end), (offset_label(h_start), ""),
        (ev.title, ""), (ev.event_type, ""), (ev.status, ""),
        (venue.name if venue else "", ""), (venue.city if venue else "", ""),
        (ev.end_tz, ""), (ev.press, ""), (ev.dress_code, ""), (ev.logistics_notes, ""),
        (ev.uuid, ""),
    ]


def workbook_bytes(db: Database, visit_id: int) -> tuple[bytes, int, tuple[str, ...]]:
    """The .xlsx file of the programme, its number of events and the zones it uses."""
    programme = load_programme(db, visit_id)
    zones: dict[str, None] = {}
    with SheetWriter("Programme", HEADERS) as sheet:
        for day in programme.days:
            for item in day.items:
                sheet.append(row_values(item))
                zones[item.event.tz] = None
                if item.event.end_tz:
                    zones[item.event.end_tz] = None
        data = sheet.to_bytes(f"{programme.visit.title} — programme")
    return data, sheet.rows, tuple(zones)


def export_programme(db: Database, visit_id: int, path: Path | str) -> ProgrammeExport:
    """Write the programme to `path` (.xlsx) atomically; never over the database's files."""
    target = check_target(path, db.path)
    data, count, zones = workbook_bytes(db, visit_id)
    commit([(stage(target, data), target)])
    return ProgrammeExport(target, count, zones, len(data))

