"""Links between entities: participants, an event's talking points and facts, the facts
a talking point cites. Ordered links keep the user's order in `position`."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from briefing_app.core import models as M
from briefing_app.core.database import Database
from briefing_app.core.enums import Role
from briefing_app.core.errors import NotFoundError, ValidationError
from briefing_app.core.ops import registry as reg
from briefing_app.core.ops.renumber import set_numbers
from briefing_app.core.reads import select_records
from briefing_app.core.records import (
    EventRecord,
    FactRecord,
    ParticipationRecord,
    PersonRecord,
    TalkingPointRecord,
    to_record,
)
from briefing_app.core.validation import choice

_EVENT_ORDER = (M.Event.starts_at, M.Event.ends_at, M.Event.title, M.Event.id)


def same_visit(s: Session, a_kind: str, a_id: int, b_kind: str, b_id: int) -> tuple[Any, Any]:
    """Both items, refused unless they belong to one visit (links never cross visits)."""
    a = reg.fetch(s, a_kind, a_id)
    b = reg.fetch(s, b_kind, b_id)
    if a.visit_id != b.visit_id:
        raise ValidationError(f"{b_kind}_id", f"{reg.label(b_kind)} #{b_id} belongs to another visit")
    return a, b


# --- participants ---------------------------------------------------------------------

def set_participant(db: Database, event_id: int, person_id: int, role: str = Role.PARTICIPANT
                    ) -> ParticipationRecord:
    """Add a person to an event, or change their role if already there."""
    role = choice(Role)("role", role)
    with db.write() as s:
        same_visit(s, "event", event_id, "person", person_id)
        part = s.scalar(select(M.Participation).where(
            M.Participation.event_id == event_id, M.Participation.person_id == person_id))
        if part is None:
            last = s.scalar(select(M.Participation.position).where(
                M.Participation.event_id == event_id).order_by(M.Participation.position.desc()))
            part = M.Participation(event_id=event_id, person_id=person_id, role=role,
                                   position=(last or 0) + 1)
            s.add(part)
        else:
            part.role = role
        s.flush()
        return to_record(ParticipationRecord, part)


def remove_participant(db: Database, event_id: int, person_id: int) -> bool:
    with db.write() as s:
        res = s.execute(delete(M.Participation).where(
            M.Participation.event_id == event_id, M.Participation.person_id == person_id))
        return res.rowcount > 0


def participants(db: Database, event_id: int) -> list[tuple[PersonRecord, str]]:
    """(person, role) in the order they were added."""
    with db.read() as s:
        rows = s.execute(select(M.Person, M.Participation.role).join(
            M.Participation, M.Participation.person_id == M.Person.id).where(
            M.Participation.event_id == event_id).order_by(M.Participation.position))
        return [(reg.record("person", p), str(role)) for p, role in rows]


def events_of_person(db: Database, person_id: int) -> list[tuple[EventRecord, str]]:
    """(event, role) of one person's itinerary, in time order."""
    with db.read() as s:
        rows = s.execute(select(M.Event, M.Participation.role).join(
            M.Participation, M.Participation.event_id == M.Event.id).where(
            M.Participation.person_id == person_id).order_by(M.Event.starts_at))
        return [(reg.record("event", e), str(role)) for e, role in rows]


# --- talking points in an event -------------------------------------------------------

def link_point(db: Database, event_id: int, point_id: int, position: int | None = None) -> None:
    """Put a library talking point into an event's brief (at the end by default)."""
    with db.write() as s:
        ev, _tp = same_visit(s, "event", event_id, "talking_point", point_id)
        order = [link.talking_point_id for link in ev.point_links]
        if point_id in order:
            return
        order.insert(len(order) if position is None else max(0, position), point_id)
        s.add(M.EventTalkingPoint(event_id=event_id, talking_point_id=point_id))
        s.flush()
        renumber_points(s, event_id, order)


def unlink_point(db: Database, event_id: int, point_id: int) -> bool:
    with db.write() as s:
        res = s.execute(delete(M.EventTalkingPoint).where(
            M.EventTalkingPoint.event_id == event_id,
            M.EventTalkingPoint.talking_point_id == point_id))
        return res.rowcount > 0


def reorder_points(db: Database, event_id: int, point_ids: list[int]) -> list[int]:
    """Set the order of an event's talking points; the list must hold exactly them."""
    with db.write() as s:
        ev = reg.fetch(s, "event", event_id)
        current = {link.talking_point_id for link in ev.point_links}
        if set(point_ids) != current or len(point_ids) != len(current):
            raise ValidationError("talking points", "the new order must list each of the event's points once")
        renumber_points(s, event_id, point_ids)
        return list(point_ids)


def renumber_points(s: Session, event_id: int, order: list[int]) -> None:
    """Give the event's talking points the positions 1.. in `order`."""
    links = {link.talking_point_id: link for link in s.scalars(
        select(M.EventTalkingPoint).where(M.EventTalkingPoint.event_id == event_id))}
    set_numbers(s, "position", {links[tp_id]: pos for pos, tp_id in enumerate(order, start=1)})


def points_of_event(db: Database, event_id: int) -> list[TalkingPointRecord]:
    with db.read() as s:
        rows = s.scalars(select(M.TalkingPoint).join(
            M.EventTalkingPoint, M.EventTalkingPoint.talking_point_id == M.TalkingPoint.id).where(
            M.EventTalkingPoint.event_id == event_id).order_by(M.EventTalkingPoint.position))
        return [reg.record("talking_point", t) for t in rows]


def events_using_point(db: Database, point_id: int) -> list[EventRecord]:
    with db.read() as s:
        rows = s.scalars(select(M.Event).join(
            M.EventTalkingPoint, M.EventTalkingPoint.event_id == M.Event.id).where(
            M.EventTalkingPoint.talking_point_id == point_id).order_by(M.Event.starts_at))
        return [reg.record("event", e) for e in rows]


def point_usage(db: Database, visit_id: int) -> dict[int, tuple[EventRecord, ...]]:
    """For every talking point of a visit, the events whose briefs use it (in time
    order): two queries for the whole library, not one per point."""
    with db.read() as s:
        events = {e.id: e for e in select_records(
            s, EventRecord, M.Event, [M.Event.visit_id == visit_id], _EVENT_ORDER)}
        pairs = s.connection().execute(
            select(M.EventTalkingPoint.talking_point_id, M.EventTalkingPoint.event_id)
            .join(M.Event, M.Event.id == M.EventTalkingPoint.event_id)
            .where(M.Event.visit_id == visit_id)).all()
    rank = {eid: i for i, eid in enumerate(events)}
    used: dict[int, list[int]] = {}
    for point_id, event_id in pairs:
        used.setdefault(point_id, []).append(event_id)
    return {pid: tuple(events[e] for e in sorted(eids, key=rank.__getitem__))
            for pid, eids in used.items()}


def events_citing_fact(db: Database, fact_id: int) -> list[EventRecord]:
    """Events whose briefs cite a fact, directly or through one of their talking points
    (what `facts_of_event` lists for each event), in programme order: one query."""
    direct = select(M.EventFact.event_id).where(M.EventFact.fact_id == fact_id)
    via_point = select(M.EventTalkingPoint.event_id).join(
        M.TalkingPointFact,
        M.TalkingPointFact.talking_point_id == M.EventTalkingPoint.talking_point_id).where(
        M.TalkingPointFact.fact_id == fact_id)
    with db.read() as s:
        return select_records(s, EventRecord, M.Event,
                              [M.Event.id.in_(direct.union(via_point))], _EVENT_ORDER)


# --- facts ----------------------------------------------------------------------------

def link_fact_to_event(db: Database, event_id: int, fact_id: int) -> None:
    with db.write() as s:
        ev, _f = same_visit(s, "event", event_id, "fact", fact_id)
        if any(link.fact_id == fact_id for link in ev.fact_links):
            return
        s.add(M.EventFact(event_id=event_id, fact_id=fact_id, position=len(ev.fact_links) + 1))


def unlink_fact_from_event(db: Database, event_id: int, fact_id: int) -> bool:
    with db.write() as s:
        res = s.execute(delete(M.EventFact).where(
            M.EventFact.event_id == event_id, M.EventFact.fact_id == fact_id))
        return res.rowcount > 0


def link_fact_to_point(db: Database, point_id: int, fact_id: int) -> None:
    with db.write() as s:
        tp, _f = same_visit(s, "talking_point", point_id, "fact", fact_id)
        if any(link.fact_id == fact_id for link in tp.fact_links):
            return
        s.add(M.TalkingPointFact(talking_point_id=point_id, fact_id=fact_id))


def unlink_fact_from_point(db: Database, point_id: int, fact_id: int) -> bool:
    with db.write() as s:
        res = s.execute(delete(M.TalkingPointFact).where(
            M.TalkingPointFact.talking_point_id == point_id, M.TalkingPointFact.fact_id == fact_id))
        return res.rowcount > 0


def cited_facts(db: Database, event_id: int) -> list[tuple[FactRecord, bool]]:
    """Facts a brief cites: (fact, True) when the event cites it itself, (fact, False)
    when it comes only through one of the event's talking points — which is why it
    cannot be un-cited from the event alone."""
    with db.read() as s:
        ev = reg.fetch(s, "event", event_id)
        seen: dict[int, tuple[Any, bool]] = {}
        for link in ev.fact_links:
            seen.setdefault(link.fact_id, (link.fact, True))
        for plink in ev.point_links:
            for flink in plink.talking_point.fact_links:
                seen.setdefault(flink.fact_id, (flink.fact, False))
        return [(reg.record("fact", f), direct) for f, direct in seen.values()]


def facts_of_event(db: Database, event_id: int) -> list[FactRecord]:
    """Facts cited by the event directly, then those its talking points cite."""
    return [fact for fact, _direct in cited_facts(db, event_id)]


def facts_of_point(db: Database, point_id: int) -> list[FactRecord]:
    with db.read() as s:
        tp = reg.fetch(s, "talking_point", point_id)
        return [reg.record("fact", link.fact) for link in tp.fact_links]


def person_in_visit(db: Database, visit_id: int, person_id: int) -> PersonRecord:
    """The person, checked to be part of the visit (for --person)."""
    with db.read() as s:
        p = s.get(M.Person, person_id)
        if p is None or p.visit_id != visit_id:
            raise NotFoundError(f"person #{person_id} is not part of this visit")
        return reg.record("person", p)


# --- several at once: one user action (a multi-pick) is one transaction -----------------

def add_participants(db: Database, event_id: int, person_ids: list[int],
                     role: str = Role.PARTICIPANT) -> None:
    """Add several people to an event with one role, all or none."""
    role = choice(Role)("role", role)
    with db.write() as s:
        last = s.scalar(select(M.Participation.position).where(
            M.Participation.event_id == event_id).order_by(M.Participation.position.desc())) or 0
        present = set(s.scalars(select(M.Participation.person_id).where(
            M.Participation.event_id == event_id)))
        for pid in person_ids:
            same_visit(s, "event", event_id, "person", pid)
            if pid not in present:
                last += 1
                s.add(M.Participation(event_id=event_id, person_id=pid, role=role, position=last))
                present.add(pid)


def remove_participants(db: Database, event_id: int, person_ids: list[int]) -> int:
    with db.write() as s:
        return s.execute(delete(M.Participation).where(
            M.Participation.event_id == event_id,
            M.Participation.person_id.in_(person_ids))).rowcount


def link_points(db: Database, event_id: int, point_ids: list[int]) -> None:
    """Append several library points to an event's brief, all or none."""
    with db.write() as s:
        ev = reg.fetch(s, "event", event_id)
        order = [link.talking_point_id for link in ev.point_links]
        for tp_id in point_ids:
            same_visit(s, "event", event_id, "talking_point", tp_id)
            if tp_id not in order:
                order.append(tp_id)
                s.add(M.EventTalkingPoint(event_id=event_id, talking_point_id=tp_id))
        s.flush()
        renumber_points(s, event_id, order)


def unlink_points(db: Database, event_id: int, point_ids: list[int]) -> int:
    with db.write() as s:
        return s.execute(delete(M.EventTalkingPoint).where(
            M.EventTalkingPoint.event_id == event_id,
            M.EventTalkingPoint.talking_point_id.in_(point_ids))).rowcount


def link_facts_to_event(db: Database, event_id: int, fact_ids: list[int]) -> None:
    """Cite several facts in an event's brief, all or none."""
    with db.write() as s:
        ev = reg.fetch(s, "event", event_id)
        cited = [link.fact_id for link in ev.fact_links]
        for fid in fact_ids:
            same_visit(s, "event", event_id, "fact", fid)
            if fid not in cited:
                cited.append(fid)
                s.add(M.EventFact(event_id=event_id, fact_id=fid, position=len(cited)))


def unlink_facts_from_event(db: Database, event_id: int, fact_ids: list[int]) -> int:
    with db.write() as s:
        return s.execute(delete(M.EventFact).where(
            M.EventFact.event_id == event_id, M.EventFact.fact_id.in_(fact_ids))).rowcount
