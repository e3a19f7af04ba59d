"""Event-level operations that touch several tables and must be one transaction."""

from __future__ import annotations

from typing import Any

from briefing_app.core import models as M
from briefing_app.core.database import Database
from briefing_app.core.enums import EventStatus
from briefing_app.core.ops import registry as reg
from briefing_app.core.ops.links import renumber_points, same_visit
from briefing_app.core.ops.trash import Tombstone, capture
from briefing_app.core.records import EventRecord, TalkingPointRecord
from briefing_app.core.validation import clean

_SKIP = {"id", "uuid", "created_at", "updated_at", "row_version"}


def duplicate_event(db: Database, event_id: int, title: str | None = None
                    ) -> tuple[EventRecord, Tombstone]:
    """Copy an event with its brief, participants, talking points and cited facts.

    Returns the copy and the tombstone that removes it again (for undo), both from the
    same transaction; `entities.undelete(db, tombstone)` redoes it with the same ids.
    """
    with db.write() as s:
        ev = reg.fetch(s, "event", event_id)
        values = {c.key: getattr(ev, c.key) for c in M.Event.__table__.columns
                  if c.key not in _SKIP}
        values["title"] = clean("event", {"title": title or f"{ev.title} (copy)"},
                                partial=True)["title"]
        copy = M.Event(**values)
        if ev.brief is not None:  # its restricted brief too, at the level it has
            copy.brief = M.EventBrief(level=ev.brief.level, **{
                name: getattr(ev.brief, name) for name in M.companion_fields(M.Event)})
        s.add(copy)
        s.flush()
        for p in ev.participations:
            s.add(M.Participation(event_id=copy.id, person_id=p.person_id, role=p.role,
                                  position=p.position))
        for link in ev.point_links:
            s.add(M.EventTalkingPoint(event_id=copy.id, talking_point_id=link.talking_point_id,
                                      position=link.position))
        for link in ev.fact_links:
            s.add(M.EventFact(event_id=copy.id, fact_id=link.fact_id, position=link.position))
        s.flush()
        return reg.record("event", copy), capture(s, M.Event.__table__, copy.id,
                                                  f"event {copy.title[:60]!r}")


def new_point_in_event(db: Database, event_id: int, values: dict[str, Any],
                       position: int | None = None) -> tuple[TalkingPointRecord, Tombstone]:
    """Write a new talking point into the library and into an event's brief at once.

    Returns the point and the tombstone that removes both (for undo).
    """
    cleaned = clean("talking_point", values)
    with db.write() as s:
        ev = reg.fetch(s, "event", event_id)
        tp = M.TalkingPoint(visit_id=ev.visit_id, **cleaned)
        s.add(tp)
        s.flush()
        same_visit(s, "event", event_id, "talking_point", tp.id)
        order = [link.talking_point_id for link in ev.point_links]
        order.insert(len(order) if position is None else max(0, position), tp.id)
        s.add(M.EventTalkingPoint(event_id=event_id, talking_point_id=tp.id))
        s.flush()
        renumber_points(s, event_id, order)
        s.flush()
        return reg.record("talking_point", tp), capture(
            s, M.TalkingPoint.__table__, tp.id, f"talking point {tp.text[:60]!r}")


def toggle_cancelled(db: Database, event_id: int, expected_version: int | None = None
                     ) -> EventRecord:
    """Cancel an event, or reinstate a cancelled one with the status it had before it
    was cancelled ("proposed" when that is not known: cancelled when created, or by an
    older version of the app). One transaction: the undo stack records it whole."""
    with db.write() as s:
        ev = reg.fetch(s, "event", event_id)
        reg.check_version("event", ev, expected_version)
        if ev.status == EventStatus.CANCELLED:
            ev.status = EventStatus(ev.prior_status or EventStatus.PROPOSED)
            ev.prior_status = ""
        else:
            ev.prior_status = ev.status.value
            ev.status = EventStatus.CANCELLED
        s.flush()
        return reg.record("event", ev)
