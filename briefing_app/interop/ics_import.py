"""Importing calendar events into a visit: one transaction, nothing half-imported.

Identity: an event whose UID is one of our UUIDs (a file this app exported) is that
event; any other UID (and each occurrence of a recurring event) gets a UUID derived
from the visit, the UID and the occurrence's instant, so importing the same file
again finds the same events instead of adding copies.

For an event that already exists, the calendar's title, times, zones, status and
place are taken over; its brief, notes and participants are never touched. A new
event gets the DESCRIPTION as its logistics notes. LOCATION picks the visit's venue
of that name (or "name, city", as exported), otherwise a new venue is added.
A time given in UTC or as floating local time is placed in that venue's zone, else in
the zone most of the visit's events use, else the visit's home zone.
"""

from __future__ import annotations

import os
import stat
import uuid as uuid_mod
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from briefing_app.core import models as M
from briefing_app.core.database import Database
from briefing_app.core.errors import BriefingError, ValidationError
from briefing_app.core.ops import registry as reg
from briefing_app.core.validation import clean, event_span, text
from briefing_app.interop.bundle_merge import ensure_writable
from briefing_app.interop.ics_read import (
    MAX_ICS_BYTES,
    Occurrence,
    ReadContext,
    Skipped,
    parse_calendar,
)

_NAMESPACE = uuid_mod.UUID("5a0c3a1e-6f0b-4d5e-9b59-2f4b8f1d7c21")
_UPDATABLE = ("title", "starts_at", "ends_at", "tz", "end_tz", "status", "venue_id")


@dataclass
class IcsImportSummary:
    visit_id: int
    visit_title: str
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    venues_added: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    backup: Path | None = None

    @property
    def imported(self) -> int:
        return self.added + self.updated + self.unchanged


def _read(path: Path | str) -> bytes:
    """The file's bytes, refusing one over the limit before reading it all.

    The size on disk is checked first (and reported, not the limit); the read itself is
    bounded too, for what has no size on disk (a pipe, /dev/zero) or a file that grows.
    """
    path = Path(path).expanduser()
    try:
        with path.open("rb") as fh:
            info = os.fstat(fh.fileno())
            if stat.S_ISREG(info.st_mode) and info.st_size > MAX_ICS_BYTES:
                raise ValidationError("file", f"is too large ({info.st_size:,} bytes; "
                                      f"at most {MAX_ICS_BYTES:,})")
            data = fh.read(MAX_ICS_BYTES + 1)
    except FileNotFoundError:
        raise BriefingError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise BriefingError(f"{path} is a folder, not a calendar file") from None
    except OSError as exc:
        raise BriefingError(f"cannot read {path}: {exc.strerror or exc}") from None
    if len(data) > MAX_ICS_BYTES:
        raise ValidationError("file", f"is too large (it goes on past {MAX_ICS_BYTES:,} bytes, "
                              "the most a calendar file may hold)")
    return data


def _venue_names(venues: list[M.Venue]) -> dict[str, M.Venue]:
    names: dict[str, M.Venue] = {}
    for v in venues:
        names.setdefault(v.name.casefold(), v)
        if v.city:
            names.setdefault(f"{v.name}, {v.city}".casefold(), v)
    return names


def _context(s: Session, visit: M.Visit) -> ReadContext:
    venues = list(s.scalars(select(M.Venue).where(M.Venue.visit_id == visit.id)))
    by_name = _venue_names(venues)
    event_zones = Counter(s.scalars(select(M.Event.tz).where(M.Event.visit_id == visit.id)))
    default = event_zones.most_common(1)[0][0] if event_zones else visit.home_tz
    zones = tuple(dict.fromkeys([*event_zones, *(v.tz for v in venues), visit.home_tz]))

    def zone_for_location(location: str) -> str:
        venue = by_name.get(location.strip().casefold())
        return venue.tz if venue is not None else default

    return ReadContext((visit.start_date, visit.end_date), zones, zone_for_location)


def _events_by_uuid(s: Session, uuids: list[str]) -> dict[str, M.Event]:
    found: dict[str, M.Event] = {}
    for i in range(0, len(uuids), 500):
        found |= {e.uuid: e for e in s.scalars(select(M.Event).where(M.Event.uuid.in_(uuids[i:i + 500])))}
    return found


class _Plan:
    """What importing the occurrences would do to one visit (computed in a session)."""

    def __init__(self, s: Session, visit: M.Visit, items: list[Occurrence]) -> None:
        self.s, self.visit = s, visit
        self.venues = _venue_names(list(s.scalars(select(M.Venue).where(M.Venue.visit_id == visit.id))))
        self.new_venues: dict[str, M.Venue] = {}
        self.rows: list[tuple[str, Occurrence, dict[str, Any], Any]] = []  # action, item, values, obj
        self.skipped: list[Skipped] = []
        uuids = [self._uuid(i) for i in items]
        existing = _events_by_uuid(s, uuids)
        seen: dict[str, str] = {}
        for item, uid in zip(items, uuids, strict=True):
            obj = existing.get(uid)
            if obj is not None and obj.visit_id != visit.id:
                uid = self._derived(item)  # one of our UUIDs, but of another visit's event
                obj = s.scalar(select(M.Event).where(M.Event.uuid == uid))
            if uid in seen:
                self.skipped.append(Skipped(item.where, f"repeats {seen[uid]} (same UID)"))
                continue
            seen[uid] = item.where
            try:
                values = self._values(item, new=obj is None)
            except ValidationError as exc:
                self.skipped.append(Skipped(item.where, f"{exc.field}: {exc.reason}"))
                continue
            if obj is None:
                self.rows.append(("add", item, values | {"uuid": uid}, None))
            elif any(getattr(obj, k) != values[k] for k in _UPDATABLE if k in values):
                self.rows.append(("update", item, values, obj))
            else:
                self.rows.append(("same", item, values, obj))

    def _derived(self, item: Occurrence) -> str:
        return str(uuid_mod.uuid5(_NAMESPACE, f"{self.visit.uuid}|{item.key}"))

    def _uuid(self, item: Occurrence) -> str:
        if not item.recurring:
            try:
                parsed = uuid_mod.UUID(item.uid)
                if str(parsed) == item.uid.lower():
                    return str(parsed)
            except ValueError:
                pass
        return self._derived(item)

    def _values(self, item: Occurrence, *, new: bool) -> dict[str, Any]:
        raw: dict[str, Any] = {"title": item.title or "Untitled event", "tz": item.tz,
                               "end_tz": item.end_tz, "status": item.status}
        if new:
            raw |= {"event_type": item.event_type, "logistics_notes": item.description}
        values = clean("event", raw, partial=True)
        event_span(item.starts_at, item.ends_at)
        values |= {"starts_at": item.starts_at, "ends_at": item.ends_at}
        if item.location:
            values["venue_id"] = self._venue(item)
        return values

    def _venue(self, item: Occurrence) -> int | None:
        key = item.location.casefold()
        venue = self.venues.get(key) or self.new_venues.get(key)
        if venue is None:
            name = text(300, required=True, single_line=True)("location", item.location)
            venue = M.Venue(visit_id=self.visit.id, name=name, tz=item.tz)
            self.new_venues[key] = venue
        return venue.id

    @property
    def changes(self) -> bool:
        return any(action != "same" for action, *_ in self.rows)

    def apply(self) -> None:
        for venue in self.new_venues.values():
            self.s.add(venue)
        self.s.flush()
        for action, item, values, obj in self.rows:
            if item.location and values.get("venue_id") is None:
                values["venue_id"] = self.new_venues[item.location.casefold()].id
            if action == "add":
                self.s.add(M.Event(visit_id=self.visit.id, **values))
            elif action == "update":
                for key in _UPDATABLE:
                    if key in values:
                        setattr(obj, key, values[key])
        self.s.flush()

    def summary(self, skipped: list[Skipped], backup: Path | None) -> IcsImportSummary:
        count = Counter(action for action, *_ in self.rows)
        return IcsImportSummary(self.visit.id, self.visit.title, count["add"], count["update"],
                                count["same"], len(self.new_venues), skipped + self.skipped, backup)


def import_ics(db: Database, path: Path | str, visit_id: int, *, strict: bool = False,
               backup: bool = True) -> IcsImportSummary:
    """Import the events of the .ics file at `path` into the visit, all or nothing.

    Events that cannot be used are listed in `summary.skipped`; with `strict`, any
    skipped event refuses the whole file instead.
    """
    data = _read(path)
    with db.read() as s:
        visit = reg.fetch(s, "visit", visit_id)
        parsed = parse_calendar(data, _context(s, visit))
        plan = _Plan(s, visit, parsed.occurrences)
        skipped = parsed.skipped + plan.skipped
        if strict and skipped:
            raise ValidationError("file", f"{len(skipped)} event(s) cannot be imported, so nothing "
                                  f"was (first: {skipped[0]})")
        if not plan.changes:
            return plan.summary(parsed.skipped, None)
    ensure_writable(db)
    copy = None
    if backup and not db.on_server:  # a server's copies are its administrator's
        from briefing_app.core.backup import make_backup

        copy = make_backup(db.path, "before-import", retention=None)
    from briefing_app.core.backup import discard_on_failure

    with discard_on_failure(db.path, copy), db.write() as s:
        visit = reg.fetch(s, "visit", visit_id)
        plan = _Plan(s, visit, parsed.occurrences)
        plan.apply()
        return plan.summary(parsed.skipped, copy)
