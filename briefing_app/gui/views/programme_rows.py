"""The programme as display rows: plain strings, ready for the table and the navigator.

Built from the core's `load_programme` result or from `core.quick_programme` (the same
shape, read with `sqlite3` alone before the database layer has loaded); kept free of Qt
and SQLAlchemy so both go through this one formatting code. A NamedTuple, not a
dataclass: importing `dataclasses` alone costs ~3 ms at start-up.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any, NamedTuple

from briefing_app.core.enums import EventStatus, count
from briefing_app.core.enums import label as enum_label
from briefing_app.core.levels import RANK as LEVEL_RANK
from briefing_app.core.visit_days import day_number

# Deferred imports: this module is loaded before the first paint (or while the database
# opens), so the core (SQLAlchemy), ReportLab and Qt enums load only when first used
# (benchmarks/startup.py).

COLUMNS = ("Venue time", "Home time", "Event", "Kind", "Venue", "Participants", "Status")


class ProgrammeLine(NamedTuple):
    """One line of the programme table: a day heading (`is_day`) or an event's cells
    (named apart from models.Row, the columns every table has)."""

    is_day: bool
    event_id: int
    cells: tuple[str, ...]
    conflict: bool = False
    cancelled: bool = False
    tooltip: str = ""
    day: str = ""  # ISO date of the programme day
    level: str = ""  # the event's level when off the visit's default, else ""
    above: bool = False  # that level is above the default (fewer may read the event)


_LABELS: dict[tuple[Any, Any, Any], str] = {}


def _offset(dt: datetime) -> str:
    """The zone label of `dt`, looked up once per zone and offset (a programme of 5,000
    events asks 20,000 times for a handful of labels)."""
    key = (dt.tzinfo, dt.utcoffset(), dt.dst())
    label = _LABELS.get(key)
    if label is None:
        from briefing_app.core.timezones import offset_label

        label = _LABELS[key] = offset_label(dt)
    return label


def span(start: datetime, end: datetime, with_date: bool = False) -> str:
    """'10:00–11:30 CST'; the end date is shown when the event runs past midnight."""
    prefix = f"{start:%a %d %b} " if with_date else ""
    end_hm = f"{end.hour:02d}:{end.minute:02d}"
    end_text = end_hm if end.date() == start.date() else f"{end:%a} {end_hm}"
    start_hm = f"{start.hour:02d}:{start.minute:02d}"
    first, last = _offset(start), _offset(end)
    if first != last:  # a flight across zones: each end in its own
        return f"{prefix}{start_hm} {first} – {end_text} {last}"
    return f"{prefix}{start_hm}–{end_text} {first}"


def _short_name(native: str) -> str:
    """'Қасым-Жомарт Тоқаев' -> 'Тоқаев' (the surname); '习近平' stays whole."""
    parts = native.split()
    return parts[-1] if len(parts) > 1 else native


class ProgrammeRows(Sequence):
    """The programme's display rows, each event row formatted the first time it is read.

    A 5,000-event visit is shown 200 rows at a time (see gui/views/programme_model.py)
    and painted a screenful at a time, so formatting every row up front (~0.1–0.2 s on
    the large visit) was spent mostly on rows nobody had looked at yet. What the model
    needs for every row without formatting it — day or event, the event's id — is kept
    at hand (`is_day`, `event_id`, `row_of_event`); reading a row (`rows[i]`, iterating)
    gives the same `ProgrammeLine` as formatting it up front did."""

    def __init__(self, programme: Any = None, rows: Iterable[ProgrammeLine] = ()) -> None:
        self._done: list[ProgrammeLine | None] = list(rows)
        self._items: list[Any] = [None] * len(self._done)
        self._ids: list[int] = [r.event_id for r in self._done]
        self._messages: dict[int, list[str]] = {}
        self._default = ""
        if programme is not None:
            self._plan(programme)
        self._where: dict[int, int] | None = None

    def _plan(self, programme: Any) -> None:
        for c in programme.conflicts:
            for eid in c.event_ids:
                self._messages.setdefault(eid, []).append(f"{enum_label(c.kind)}: {c.message}")
        done, items, ids = self._done, self._items, self._ids
        # (the quick programme at start-up has no levels: no marks until live data)
        self._default = str(getattr(programme.visit, "default_level", "") or "")
        first = programme.visit.start_date
        for day in programme.days:
            number = day_number(first, day.day)
            label = f"{day.day:%A %d %B %Y}"
            if number:
                label += f"  ·  Day {number}"
            iso = day.day.isoformat()
            done.append(ProgrammeLine(True, 0, (label,), day=iso))
            items.append(None)
            ids.append(0)
            for item in day.items:
                done.append(None)
                items.append((item, iso))
                ids.append(item.event.id)

    def __len__(self) -> int:
        return len(self._done)

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        row = self._done[i]
        if row is None:
            item, iso = self._items[i]
            row = self._done[i] = _event_row(item, iso, self._messages, self._default)
            self._items[i] = None
        return row

    def __iter__(self) -> Iterator[ProgrammeLine]:
        for i in range(len(self._done)):
            yield self[i]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ProgrammeRows | list | tuple):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # a mutable cache, like a list

    def is_day(self, i: int) -> bool:
        return self._ids[i] == 0

    def event_id(self, i: int) -> int:
        return self._ids[i]

    def row_of_event(self, event_id: int) -> int:
        """The index of the event's row, -1 when it is not in the programme."""
        if self._where is None:
            self._where = {eid: i for i, eid in enumerate(self._ids) if eid}
        return self._where.get(event_id, -1)

    def formatted(self) -> int:
        """How many rows have been formatted so far (day rows always are)."""
        return sum(1 for r in self._done if r is not None)


def _event_row(item: Any, iso: str, messages: dict[int, list[str]],
               default: str = "") -> ProgrammeLine:
    ev = item.event
    level = str(getattr(ev, "level", "") or "")
    home_differs = item.start.home.date() != item.start.venue.date()
    who = ", ".join(_short_name(p.native_name) for p, _role in item.participants)
    who_all = "\n".join(f"{p.display_name} — {enum_label(role)}"
                        for p, role in item.participants)
    venue = ""
    if item.venue is not None:
        venue = item.venue.name + (f", {item.venue.city}" if item.venue.city else "")
    cells = (
        span(item.start.venue, item.end.venue),
        span(item.start.home, item.end.home, with_date=home_differs),
        ev.title,
        enum_label(ev.event_type),
        venue,
        who,
        enum_label(ev.status),
    )
    tip = "\n".join([*messages.get(ev.id, ()), *([who_all] if who_all else [])])
    if not default or level == default:
        level = ""
    return ProgrammeLine(False, ev.id, cells, item.in_conflict,
                         ev.status == EventStatus.CANCELLED, tip, iso, level,
                         bool(level) and LEVEL_RANK.get(level, 0) > LEVEL_RANK.get(default, 0))


def build_rows(programme: Any) -> list[ProgrammeLine]:
    """Day header rows followed by that day's events, in time order (all formatted)."""
    return list(ProgrammeRows(programme))


def titled_rows(programme: Any) -> tuple[str, str, ProgrammeRows]:
    """(title, summary line, rows) of a programme, as the programme view shows them."""
    visit = programme.visit
    rows = ProgrammeRows(programme)  # formatted as the view reads them
    n = sum(1 for i in range(len(rows)) if not rows.is_day(i))
    summary = f"{visit.start_date:%d %b} – {visit.end_date:%d %b %Y} · {count(n, 'event')} · " \
              f"home time {visit.home_tz}"
    if programme.conflicts:
        n = len(programme.conflicts)
        summary += f" · {count(n, 'conflict')}"
    return visit.title, summary, rows


def sort_within_days(rows: list[ProgrammeLine], column: int,
                     descending: bool = False) -> list[ProgrammeLine]:
    """The events of each day sorted by one column; the days stay in date order (a
    programme is read day by day). The time columns sort by time, ties keep time order."""
    out: list[ProgrammeLine] = []
    group: list[tuple[int, ProgrammeLine]] = []

    def flush() -> None:
        if column in (0, 1):  # venue or home time: the programme's own (time) order
            group.sort(key=lambda ir: ir[0], reverse=descending)
        else:
            group.sort(key=lambda ir: (ir[1].cells[column].casefold(), ir[0]),
                       reverse=descending)
        out.extend(r for _i, r in group)
        group.clear()

    for i, row in enumerate(rows):
        if row.is_day:
            flush()
            out.append(row)
        else:
            group.append((i, row))
    flush()
    return out
