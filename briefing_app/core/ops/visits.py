"""Visit-level operations: find, list, duplicate for the next visit."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select

from briefing_app.core import models as M
from briefing_app.core.database import Database
from briefing_app.core.enums import AgreementStatus, EventStatus, PointStatus
from briefing_app.core.errors import NotFoundError, ValidationError
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

    Everything is copied with new UUIDs; events keep their wall-clock times at their
    venues on the shifted days; cancelled events are left out; agreements restart as
    drafts with their latest text as version 1 (history stays with the old visit); press
    lines and press Q&A restart as drafts (cleared for one visit is not cleared for the next).
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
        ids: dict[tuple[str, int], Any] = {}
        for model, key in ((M.Person, "person"), (M.Venue, "venue"), (M.Fact, "fact"),
                           (M.TalkingPoint, "talking_point")):
            for row in s.scalars(select(model).where(model.visit_id == visit_id)):
                copy = _copy(row, visit_id=new.id)
                s.add(copy)
                ids[(key, row.id)] = copy
        s.flush()
        if old.principal_id is not None:
            new.principal_id = ids[("person", old.principal_id)].id
        for tp in s.scalars(select(M.TalkingPoint).where(M.TalkingPoint.visit_id == visit_id)):
            for link in tp.fact_links:
                s.add(M.TalkingPointFact(talking_point_id=ids[("talking_point", tp.id)].id,
                                         fact_id=ids[("fact", link.fact_id)].id))
        events = s.scalars(select(M.Event).where(M.Event.visit_id == visit_id,
                                                 M.Event.status != EventStatus.CANCELLED))
        for ev in events:
            starts = _shift(ev.starts_at, ev.tz, shift)
            ends = _shift(ev.ends_at, ev.end_tz or ev.tz, shift)
            if ends < starts:  # one end fell in a DST change on the new day: keep the length
                ends = starts + (ev.ends_at - ev.starts_at)
            copy = _copy(ev, visit_id=new.id, starts_at=starts, ends_at=ends,
                         press_line_status=PointStatus.DRAFT,
                         venue_id=ids[("venue", ev.venue_id)].id if ev.venue_id else None,
                         arrival_venue_id=ids[("venue", ev.arrival_venue_id)].id
                         if ev.arrival_venue_id else None)
            s.add(copy)
            s.flush()
            ids[("event", ev.id)] = copy
            for p in ev.participations:
                s.add(M.Participation(event_id=copy.id, person_id=ids[("person", p.person_id)].id,
                                      role=p.role, position=p.position))
            for link in ev.point_links:
                s.add(M.EventTalkingPoint(
                    event_id=copy.id, position=link.position,
                    talking_point_id=ids[("talking_point", link.talking_point_id)].id))
            for link in ev.fact_links:
                s.add(M.EventFact(event_id=copy.id, fact_id=ids[("fact", link.fact_id)].id,
                                  position=link.position))
        for qa in s.scalars(select(M.PressQA).where(M.PressQA.visit_id == visit_id)):
            linked = ids.get(("event", qa.event_id)) if qa.event_id else None
            s.add(_copy(qa, visit_id=new.id, event_id=linked.id if linked else None,
                        status=PointStatus.DRAFT))
        for ag in s.scalars(select(M.Agreement).where(M.Agreement.visit_id == visit_id)):
            sign = ids.get(("event", ag.signing_event_id)) if ag.signing_event_id else None
            copy = _copy(ag, visit_id=new.id, status=AgreementStatus.DRAFT,
                         signing_event_id=sign.id if sign else None)
            s.add(copy)
            s.flush()
            for sig in ag.signatories:
                s.add(M.AgreementSignatory(agreement_id=copy.id, position=sig.position,
                                           person_id=ids[("person", sig.person_id)].id))
            if ag.versions:
                latest = ag.versions[-1]
                s.add(M.AgreementVersion(agreement_id=copy.id, number=1, text=latest.text,
                                         author=latest.author,
                                         note=f"copied from {old.title!r} v{latest.number}"))
        s.flush()
        return reg.record("visit", new)


def _shift(instant: datetime, tz: str, days: timedelta) -> datetime:
    local = in_zone(instant, tz).replace(tzinfo=None) + days
    try:
        return to_utc(local, tz)
    except ValidationError:
        return instant + days  # the same wall time falls in a DST change: keep duration
