"""Create, read, update and delete any entity of a visit, validated, one transaction each.

Events are special only in their times, which `event_times` turns from what the user
typed (wall-clock time at the venue) into UTC instants.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from briefing_app.core.database import Database
from briefing_app.core.enums import EventStatus
from briefing_app.core.errors import ValidationError
from briefing_app.core.kinds import ITEMS, title_of
from briefing_app.core.ops import registry as reg
from briefing_app.core.ops.trash import Tombstone, delete_with_tombstone, restore
from briefing_app.core.reads import select_records
from briefing_app.core.timezones import to_utc
from briefing_app.core.validation import clean, event_span, instant, tz_name, wall_clock

_TIME_KEYS = ("start_local", "end_local", "starts_at", "ends_at")
_ORDER = {k.name: k.order for k in ITEMS}  # each kind's list order (core/kinds.py)


def parse_local(field: str, value: Any) -> datetime:
    """'2019-09-11 10:00' or a naive datetime: a wall-clock time (the core's rule)."""
    return wall_clock(field, value)


def event_times(values: dict[str, Any], current: Any | None = None) -> dict[str, Any]:
    """Resolve start/end into UTC instants; refuse an end before the start.

    Accepts `start_local`/`end_local` (wall-clock in `tz` / `end_tz`) or aware
    `starts_at`/`ends_at`. A wall-clock time in a DST gap or fold is refused.
    """
    times = {k: values.pop(k) for k in _TIME_KEYS if k in values}
    for key in ("tz", "end_tz"):  # judged before a time is placed in them
        if values.get(key):
            tz_name(key, values[key])
    tz = values.get("tz") or (current.tz if current is not None else None)
    end_tz = values.get("end_tz", current.end_tz if current is not None else "") or tz
    out: dict[str, Any] = {}
    if "start_local" in times:
        if not tz:
            raise ValidationError("tz", "is required to place a local time")
        out["starts_at"] = to_utc(parse_local("start", times["start_local"]), tz, "start")
    elif "starts_at" in times:
        out["starts_at"] = _aware("start", times["starts_at"])
    if "end_local" in times:
        out["ends_at"] = to_utc(parse_local("end", times["end_local"]), end_tz, "end")
    elif "ends_at" in times:
        out["ends_at"] = _aware("end", times["ends_at"])
    start = out.get("starts_at", current.starts_at if current is not None else None)
    end = out.get("ends_at", current.ends_at if current is not None else None)
    if start is None:
        raise ValidationError("start", "is required")
    if end is None:
        raise ValidationError("end", "is required")
    event_span(start, end)
    return out


def move_changes(current: Any, start_local: str, end_local: str) -> dict[str, Any]:
    """The changes that move an event to a new start, as the timeline drags it.

    Both times are wall clocks in the zone of the event's start (what the timeline
    shows). The end is handed on as an instant: read in the arrival zone, a flight's end
    would move by the difference between the zones. When the end falls in a DST change
    the event keeps its length; a start the venue's clocks skip or show twice is left
    for `event_times` to refuse with its message.
    """
    changes: dict[str, Any] = {"start_local": start_local}
    try:
        start = to_utc(parse_local("start", start_local), current.tz, "start")
    except ValidationError:
        return changes
    try:
        end = to_utc(parse_local("end", end_local), current.tz, "end")
    except ValidationError:
        end = start + (current.ends_at - current.starts_at)
    changes["ends_at"] = end
    return changes


def _aware(field: str, value: Any) -> datetime:
    if isinstance(value, datetime) and value.tzinfo is None:
        raise ValidationError(field, "must be an instant with its UTC offset")
    return instant(field, value)


def check_visit_rules(values: dict[str, Any], current: Any | None) -> None:
    """Refuse a visit whose dates would not make sense (shared with new_visit)."""
    start = values.get("start_date", getattr(current, "start_date", None))
    end = values.get("end_date", getattr(current, "end_date", None))
    if start and end and end < start:
        raise ValidationError("end_date", "the visit ends before it starts")


def _remember_prior_status(obj: Any, cleaned: dict[str, Any]) -> None:
    """Cancelling an event keeps the status it had, for reinstating it later (however
    it is cancelled: the programme's Cancel, the brief's status box, a bundle)."""
    new = cleaned.get("status")
    if new == EventStatus.CANCELLED and obj.status != EventStatus.CANCELLED and "prior_status" not in cleaned:
        cleaned["prior_status"] = str(getattr(obj.status, "value", obj.status))


def create(db: Database, kind: str, visit_id: int | None, values: dict[str, Any]) -> Any:
    """Add one entity to a visit (or a new visit when kind is 'visit')."""
    values = dict(values)
    extra = event_times(values) if kind == "event" else {}
    cleaned = clean(kind, values) | extra
    if kind == "visit":
        check_visit_rules(cleaned, None)
    with db.write() as s:
        if kind != "visit":
            reg.fetch(s, "visit", visit_id)
            cleaned["visit_id"] = visit_id
            reg.check_refs(s, kind, visit_id, cleaned)
        elif cleaned.get("principal_id") is not None:
            raise ValidationError("principal_id", "add the principal after creating the visit")
        obj = reg.MODELS[kind](**cleaned)
        s.add(obj)
        s.flush()
        return reg.record(kind, obj)


def update(
    db: Database, kind: str, row_id: int, changes: dict[str, Any], expected_version: int | None = None
) -> Any:
    """Change fields of one entity; refuses if it changed since `expected_version`."""
    changes = dict(changes)
    with db.write() as s:
        obj = reg.fetch(s, kind, row_id)
        reg.check_version(kind, obj, expected_version)
        extra = (
            event_times(changes, obj)
            if kind == "event" and (set(changes) & {*_TIME_KEYS, "tz", "end_tz"})
            else {}
        )
        cleaned = clean(kind, changes, partial=True) | extra
        if kind == "visit":
            check_visit_rules(cleaned, obj)
        if kind == "event":
            _remember_prior_status(obj, cleaned)
        visit_id = obj.id if kind == "visit" else obj.visit_id
        reg.check_refs(s, kind, visit_id, cleaned)
        for key, value in cleaned.items():
            setattr(obj, key, value)
        s.flush()
        return reg.record(kind, obj)


def delete(db: Database, kind: str, row_id: int, expected_version: int | None = None) -> Tombstone:
    """Delete one entity and what depends on it; the tombstone undoes it."""
    with db.write() as s:
        obj = reg.fetch(s, kind, row_id)
        reg.check_version(kind, obj, expected_version)
        model = reg.MODELS[kind]
        title = title_of(kind, obj)
        s.expunge(obj)
        return delete_with_tombstone(
            s, model.__table__, row_id, f"{reg.label(kind)} {title[:60]!r}".strip()
        )


def undelete(db: Database, tomb: Tombstone) -> None:
    """Bring back everything one delete removed, with the same ids and UUIDs."""
    with db.write() as s:
        restore(s, tomb)


def get(db: Database, kind: str, row_id: int) -> Any:
    with db.read() as s:
        return reg.record(kind, reg.fetch(s, kind, row_id))


def list_for_visit(db: Database, kind: str, visit_id: int) -> list[Any]:
    """All entities of a kind in a visit, in their natural order."""
    model = reg.MODELS[kind]
    order = [getattr(model, c) for c in _ORDER[kind]] + [model.id]
    with db.read() as s:  # one query, rows straight into records (core/reads.py)
        return select_records(s, reg.RECORDS[kind], model, [model.visit_id == visit_id], order)


def delete_many(db: Database, kind: str,
                rows: Sequence[tuple[int, int | None]]) -> list[Tombstone]:
    """Delete several entities of one kind, each with what depends on it, in one
    transaction: all of them or (on a missing or changed row) none. `rows` holds
    (id, the row version it was read at)."""
    tombs: list[Tombstone] = []
    with db.write() as s:
        for row_id, expected_version in rows:
            obj = reg.fetch(s, kind, row_id)
            reg.check_version(kind, obj, expected_version)
            title = getattr(obj, "title", None) or getattr(obj, "native_name", None) or ""
            s.expunge(obj)
            tombs.append(delete_with_tombstone(
                s, reg.MODELS[kind].__table__, row_id,
                f"{reg.label(kind)} {title[:60]!r}".strip()))
    return tombs
