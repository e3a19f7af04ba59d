"""A programme sheet's rows as events of a visit: the column mapping and each row's check.

The user says which column holds what (`Mapping`; `guess_mapping` proposes one from
the header names, including the headers `export_programme` writes, so an exported
sheet imports back). `plan_rows` turns every row into the values of an event, or into
a `RowProblem` naming the row number as the spreadsheet shows it, the column and what
is wrong. Nothing here writes: interop/programme_import.py applies a plan with no
problems in one transaction.

Times are wall-clock times at the event's place: the row's time zone column when
mapped, else its venue's zone, else the zone most of the visit's events use (else its
venues, else its home zone). A time the clocks skip or show twice
there is refused by name (core/timezones.place), never shifted. An event ends after it
starts; one past midnight gives its end with a date. Never imports Qt.
"""

from __future__ import annotations

import re
import uuid as uuid_mod
from collections.abc import Mapping as MappingABC
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from briefing_app.core import enums as E
from briefing_app.core.errors import ValidationError
from briefing_app.core.timezones import to_utc
from briefing_app.core.validation import clean, event_span, shown, text
from briefing_app.interop.sheet_cells import CellError, to_date, to_datetime
from briefing_app.interop.sheet_read import Sheet


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    required: bool = False
    names: tuple[str, ...] = ()  # header names (normalised) that mean this field


FIELDS: tuple[Field, ...] = (
    Field("title", "Title", True, ("title", "event", "programme item", "item", "what",
                                   "activity", "subject", "name", "event title")),
    Field("date", "Date", False, ("date", "day", "venue date", "local date")),
    Field("start", "Start", True, ("start", "starts", "begins", "from", "time", "start time",
                                   "venue start", "local start", "begin")),
    Field("end", "End", True, ("end", "ends", "until", "to", "end time", "finish",
                               "venue end", "local end")),
    Field("tz", "Time zone", False, ("time zone", "timezone", "tz", "time zone iana",
                                     "iana time zone")),
    Field("end_tz", "Arrival time zone", False, ("arrival time zone", "arrival time zone iana",
                                                 "end time zone")),
    Field("venue", "Venue", False, ("venue", "place", "location", "where")),
    Field("kind", "Kind", False, ("kind", "type", "category", "event type")),
    Field("status", "Status", False, ("status",)),
    Field("press", "Press", False, ("press", "press access", "media")),
    Field("dress_code", "Dress code", False, ("dress code", "dress")),
    Field("notes", "Notes", False, ("notes", "logistics", "logistics notes", "remarks",
                                    "comments")),
    Field("uuid", "ID", False, ("id", "uuid", "event id")),
)
FIELD_KEYS = tuple(f.key for f in FIELDS)
_FIELD = {f.key: f for f in FIELDS}

Mapping = dict[str, int]  # field key -> column index in the sheet


def _norm(header: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", header.casefold()).split())


def guess_mapping(headers: tuple[str, ...] | list[str]) -> Mapping:
    """Which column holds which field, judged by the header names (each column once)."""
    found: Mapping = {}
    normal = [_norm(h) for h in headers]
    for f in FIELDS:
        for i, h in enumerate(normal):
            if h in f.names and i not in found.values():
                found[f.key] = i
                break
    return found


def mapping_from_names(headers: tuple[str, ...], given: MappingABC[str, str]) -> Mapping:
    """A mapping from field keys (or labels) to header names, as the command line takes it."""
    out = guess_mapping(headers)
    by_label = {f.label.casefold(): f.key for f in FIELDS} | {k: k for k in FIELD_KEYS}
    for name, column in given.items():
        key = by_label.get(name.strip().casefold())
        if key is None:
            raise ValidationError("--map", f"{shown(name)} is not a field (fields: "
                                  f"{', '.join(FIELD_KEYS)})")
        if column.strip() == "":
            out.pop(key, None)
            continue
        matches = [i for i, h in enumerate(headers) if h.casefold() == column.strip().casefold()]
        if not matches:
            raise ValidationError("--map", f"the sheet has no column {shown(column)} (its "
                                  f"columns: {', '.join(headers)})")
        out[key] = matches[0]
    return out


def check_mapping(headers: tuple[str, ...], mapping: Mapping) -> list[str]:
    """What the mapping lacks or mixes up, as sentences (empty: it can be used)."""
    problems = []
    for f in FIELDS:
        if f.required and f.key not in mapping:
            if f.key in ("start", "end"):
                problems.append(f"choose the column that holds the {f.label.lower()} time")
            else:
                problems.append(f"choose the column that holds the {f.label.lower()}")
    used: dict[int, str] = {}
    for key, col in mapping.items():
        if not 0 <= col < len(headers):
            problems.append(f"{_FIELD[key].label}: the sheet has no column {col + 1}")
        elif col in used:
            problems.append(f"column {headers[col]!r} is chosen for both "
                            f"{used[col]} and {_FIELD[key].label}")
        else:
            used[col] = _FIELD[key].label
    return problems


@dataclass(frozen=True)
class VisitFacts:
    """What the check of a row needs to know about the visit (read in one session)."""

    visit_id: int
    uuid: str
    days: tuple[date, date]
    default_tz: str
    venues: MappingABC[str, tuple[int, str]]  # casefolded name (and "name, city") -> id, tz
    events: MappingABC[str, tuple[int, str, str]]  # uuid -> id, tz, end_tz: this visit's
    foreign_uuids: frozenset[str] = frozenset()  # event uuids of other visits named in the sheet


@dataclass(frozen=True)
class RowProblem:
    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        return f"row {self.row}, {self.column}: {self.reason}" if self.column else \
            f"row {self.row}: {self.reason}"


@dataclass(frozen=True)
class PlannedEvent:
    """One row as an event: `values` for the events table; `venue` a name to find or add."""

    row: int
    values: dict[str, Any]
    venue: str = ""
    event_id: int | None = None  # the event this row updates (the ID column named it)

    @property
    def action(self) -> str:
        return "update" if self.event_id else "add"


@dataclass
class ProgrammePlan:
    sheet: str
    events: list[PlannedEvent] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    mapping_problems: list[str] = field(default_factory=list)

    @property
    def new_venues(self) -> list[str]:
        """Venues the sheet names that the visit does not have yet (first spelling)."""
        return list(dict.fromkeys(p.venue for p in self.events if p.venue and
                                  p.values.get("venue_id") is None))

    @property
    def ok(self) -> bool:
        return not self.problems and not self.mapping_problems and bool(self.events)

    unchanged: set[int] = field(default_factory=set)  # rows naming an event as it already is

    def counts(self) -> tuple[int, int, int]:
        """(events to add, to update, already as the sheet says)."""
        adds = sum(1 for p in self.events if p.event_id is None)
        return adds, len(self.events) - adds - len(self.unchanged), len(self.unchanged)


def _choice(enum: type[E.StrEnum], value: Any) -> str:
    if value in (None, ""):
        return ""
    raw = str(value).strip().casefold()
    for member in enum:
        if raw in (member.value, member.name.casefold().replace("_", " ")):
            return member.value
    allowed = ", ".join(m.value for m in enum)
    raise CellError(f"{shown(value)} is not one of: {allowed}")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


class _Row:
    """The cells of one row by field key."""

    def __init__(self, cells: tuple[Any, ...], mapping: Mapping) -> None:
        self.cells = cells
        self.mapping = mapping

    def get(self, key: str) -> Any:
        col = self.mapping.get(key)
        return None if col is None or col >= len(self.cells) else self.cells[col]

    def has(self, key: str) -> bool:
        return self.get(key) not in (None, "")


def plan_rows(sheet: Sheet, mapping: Mapping, facts: VisitFacts) -> ProgrammePlan:
    """Every row of the sheet checked against the visit; nothing is written."""
    plan = ProgrammePlan(sheet.name, mapping_problems=check_mapping(sheet.headers, mapping))
    if plan.mapping_problems:
        return plan
    seen_ids: dict[str, int] = {}
    for number, cells in sheet.rows:
        row = _Row(cells, mapping)
        try:
            planned = _plan_row(number, row, facts, sheet.headers)
        except _Problem as exc:
            plan.problems.append(RowProblem(number, exc.column, exc.reason))
            continue
        uid = planned.values.get("uuid")
        if uid and uid in seen_ids:
            plan.problems.append(RowProblem(number, _label("uuid", mapping, sheet.headers),
                                            f"the same ID as row {seen_ids[uid]}"))
            continue
        if uid:
            seen_ids[uid] = number
        plan.events.append(planned)
    if not sheet.rows:
        plan.mapping_problems.append("the sheet has a header row but no rows below it")
    return plan


class _Problem(Exception):
    def __init__(self, column: str, reason: str) -> None:
        super().__init__(reason)
        self.column, self.reason = column, reason


def _label(key: str, mapping: Mapping, headers: tuple[str, ...]) -> str:
    """How a message names a field's column: its header in the sheet."""
    col = mapping.get(key)
    return headers[col] if col is not None and col < len(headers) else _FIELD[key].label


def _plan_row(number: int, row: _Row, facts: VisitFacts, headers: tuple[str, ...]) -> PlannedEvent:
    def fail(key: str, reason: str) -> _Problem:
        return _Problem(_label(key, row.mapping, headers), reason)

    def cell(key: str, convert: Any) -> Any:
        try:
            return convert(row.get(key))
        except CellError as exc:
            raise fail(key, str(exc)) from None
        except ValidationError as exc:
            raise fail(key, exc.reason) from None

    values: dict[str, Any] = {}
    raw: dict[str, Any] = {"title": _text(row.get("title"))}
    for key, column in (("kind", "event_type"), ("status", "status"), ("press", "press")):
        if row.has(key):
            enum = {"kind": E.EventType, "status": E.EventStatus, "press": E.PressAccess}[key]
            raw[column] = cell(key, lambda v, en=enum: _choice(en, v))
    # A mapped column's empty cell empties the field (the sheet is what the user edited).
    if "dress_code" in row.mapping:
        raw["dress_code"] = _text(row.get("dress_code"))
    if "notes" in row.mapping:
        raw["logistics_notes"] = _text(row.get("notes"))

    zone, end_zone = facts.default_tz, ""
    event_id = None
    if row.has("uuid"):
        uid = _text(row.get("uuid")).lower()
        try:
            uid = str(uuid_mod.UUID(uid))
        except ValueError:
            raise fail("uuid", f"{shown(row.get('uuid'))} is not an event ID (a UUID, as "
                       "Export Programme writes it); leave it empty for a new event") from None
        if uid in facts.foreign_uuids:
            raise fail("uuid", "belongs to an event of another visit")
        event_id, zone, end_zone = facts.events.get(uid, (None, zone, ""))
        values["uuid"] = uid
    venue_name = ""
    if row.has("venue"):
        venue_name = cell("venue", lambda v: text(300, required=True, single_line=True)(
            "venue", _text(v)))
        found = facts.venues.get(venue_name.casefold())
        if found is not None:
            values["venue_id"], zone = found
    elif "venue" in row.mapping:
        values["venue_id"] = None
    if row.has("tz"):
        zone = cell("tz", lambda v: clean("event", {"tz": _text(v)}, partial=True)["tz"])
    raw["tz"] = zone
    end_zone = end_zone or zone
    if row.has("end_tz"):
        end_zone = cell("end_tz", lambda v: clean("event", {"end_tz": _text(v)},
                                                  partial=True)["end_tz"])
        raw["end_tz"] = end_zone if end_zone != zone else ""

    for key in ("title", "event_type", "status", "press", "dress_code", "logistics_notes", "tz",
                "end_tz"):
        if key in raw:
            src = {"logistics_notes": "notes", "event_type": "kind"}.get(key, key)
            try:
                values |= clean("event", {key: raw[key]}, partial=True)
            except ValidationError as exc:
                raise fail(src, exc.reason) from None

    day = cell("date", lambda v: to_date(v, facts.days)) if row.has("date") else None
    start = cell("start", lambda v: to_datetime(v, day, facts.days))
    end = cell("end", lambda v: to_datetime(v, start.date(), facts.days))
    if not facts.days[0] <= start.date() <= facts.days[1]:  # (a last flight may land later)
        raise fail("start" if day is None else "date",
                   f"{start:%Y-%m-%d} is outside the visit ({facts.days[0]:%Y-%m-%d} "
                   f"to {facts.days[1]:%Y-%m-%d})")
    starts_at = cell("start", lambda _v: to_utc(start, zone, "start"))
    ends_at = cell("end", lambda _v: to_utc(end, end_zone, "end"))
    try:
        event_span(starts_at, ends_at)
    except ValidationError:
        raise fail("end", f"{end:%Y-%m-%d %H:%M} is before the start {start:%Y-%m-%d %H:%M}"
                   " (for an event past midnight give the end with its date)") from None
    values |= {"starts_at": starts_at, "ends_at": ends_at}

    if event_id is None:
        values.setdefault("event_type", E.EventType.OTHER.value)
    return PlannedEvent(number, values, venue_name, event_id)
