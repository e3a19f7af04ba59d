"""Visit-level operations: find, list, duplicate for the next visit."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select

from briefing_app.core import models as M
from briefing_app.core.database import Database
from briefing_app.core.errors import NotFoundError, ValidationError
from briefing_app.core.kinds import KIND, KINDS, Kind
from briefing_app.core.ops import registry as reg
from briefing_app.core.records import VisitRecord
from briefing_app.core.timezones import in_zone, to_utc
from briefing_app.core.validation import a_date, check_year, text


def list_visits(db: Database) -> list[VisitRecord]:
    """Every visit, by start date and title; plain rows into records (core/reads.py): no
    ORM objects, whose first query after an open costs the window ~30 ms."""
    from briefing_app.core.reads import select_records

    with db.read() as s:
        return select_records(s, VisitRecord, M.Visit, [],
                              [M.Visit.start_date, M.Visit.title, M.Visit.id])


def find_visit(db: Database, ref: str) -> VisitRecord:
    """A visit by id, UUID or a title fragment that matches exactly one visit."""
    ref = (ref or "").strip()
    visits = list_visits(db)
    if ref.isdigit():
        for v in visits:
            if v.id == int(ref):
                return v
    for v in visits:
        if v.uuid == ref:
            return v
    needle = ref.casefold()
    matches = [v for v in visits if needle and needle in v.title.casefold()]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise NotFoundError(f"no visit matches {ref!r} (see `briefing-app list`)")
    names = "; ".join(f"#{v.id} {v.title}" for v in matches[:5])
    raise NotFoundError(f"{ref!r} matches {len(matches)} visits ({names}); use the id")


_SKIP = {"id", "uuid", "created_at", "updated_at", "row_version", "visit_id"}


def _copy(obj: Any, **overrides: Any) -> Any:
    table = type(obj).__table__
    values = {c.name: getattr(obj, c.key) for c in table.columns if c.name not in _SKIP}
    values.update(overrides)
    return type(obj)(**values)


def duplicate_visit(db: Database, visit_id: int, title: str, start: date | str) -> VisitRecord:
    """Copy a visit as the template of the next one, shifted to a new start date.

    Every kind is copied by its declared policy (core/kinds.py, `Kind.copy`), with new
    UUIDs: events keep their wall-clock times at their venues on the shifted days;
    cancelled events are left out (with what hangs on them); agreements restart as
    drafts with their latest text as version 1 (history stays with the old visit);
    press lines and press Q&A restart as drafts (cleared for one visit is not cleared
    for the next).
    """
    title = text(300, required=True, single_line=True)("title", title)
    start = a_date()("start_date", start)
    with db.write() as s:
        old = reg.fetch(s, "visit", visit_id)
        shift = start - old.start_date
        check_year("start_date", (old.end_date + shift).year)  # the copy's last day too
        new = _copy(old, title=title, start_date=start, end_date=old.end_date + shift,
                    principal_id=None)
        s.add(new)
        s.flush()
        ids: dict[tuple[str, int], int] = {("visit", old.id): new.id}  # (kind, old id): new
        for kind in KINDS[1:]:
            if kind.copy.mode != "none":
                _copy_kind(s, kind, old, shift, ids)
        if old.principal_id is not None:
            new.principal_id = ids.get(("person", old.principal_id))
        s.flush()
        return reg.record("visit", new)


def _rows_of(s: Any, kind: Kind, visit_id: int) -> list[Any]:
    """The rows of `kind` in a visit, in id order (those of a link through its owner)."""
    model = kind.model
    if kind.owned_by_visit:
        where = model.visit_id == visit_id
    else:  # hangs off a row that belongs to the visit (a link's first end)
        column, target = next(iter(kind.references.items()))
        owner = KIND[target].model
        where = getattr(model, column).in_(select(owner.id).where(owner.visit_id == visit_id))
    return list(s.scalars(select(model).where(where).order_by(model.id)))


def _copy_kind(s: Any, kind: Kind, old: Any, shift: timedelta,
               ids: dict[tuple[str, int], int]) -> None:
    policy = kind.copy
    rows = _rows_of(s, kind, old.id)
    if policy.mode == "latest":  # one row per owner: the highest numbered
        owner = next(iter(kind.references))
        latest: dict[int, Any] = {}
        for row in rows:
            if row.number >= getattr(latest.get(getattr(row, owner)), "number", row.number):
                latest[getattr(row, owner)] = row
        rows = list(latest.values())
    copies: list[tuple[int, Any]] = []
    for row in rows:
        if any(getattr(row, col) == value for col, value in policy.skip.items()):
            continue
        values: dict[str, Any] = dict(policy.reset)
        if kind.owned_by_visit:
            values["visit_id"] = ids[("visit", old.id)]
        if not _remap(kind, row, ids, values):
            continue  # it hangs on a row that was not copied (a cancelled event's)
        if policy.shift_times:
            values |= _shifted_times(row, shift)
        if policy.mode == "latest":
            values |= {"number": 1, "note": f"copied from {old.title!r} v{row.number}"}
        copies.append((row.id, _copy(row, **values)))
    s.add_all(copy for _, copy in copies)
    s.flush()  # once per kind: a kind refers only to kinds before it
    ids.update(((kind.name, old_id), copy.id) for old_id, copy in copies)


def _remap(kind: Kind, row: Any, ids: dict[tuple[str, int], int], values: dict[str, Any]) -> bool:
    """Point the copy's references at the copies; False: a reference it needs is gone."""
    for column, target in kind.references.items():
        ref = getattr(row, column)
        if ref is None:
            continue
        new_id = ids.get((target, ref))
        if new_id is None and not kind.table.c[column].nullable:
            return False
        values[column] = new_id
    return True


def _shifted_times(ev: Any, shift: timedelta) -> dict[str, Any]:
    starts = _shift(ev.starts_at, ev.tz, shift)
    ends = _shift(ev.ends_at, ev.end_tz or ev.tz, shift)
    if ends < starts:  # one end fell in a DST change on the new day: keep the length
        ends = starts + (ev.ends_at - ev.starts_at)
    return {"starts_at": starts, "ends_at": ends}


def _shift(instant: datetime, tz: str, days: timedelta) -> datetime:
    local = in_zone(instant, tz).replace(tzinfo=None) + days
    try:
        return to_utc(local, tz)
    except ValidationError:
        return instant + days  # the same wall time falls in a DST change: keep duration
