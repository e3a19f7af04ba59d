"""Everything a briefing pack needs for one visit, read in one transaction.

The PDF builder runs on a worker thread and must never touch the database or live
ORM objects: `load_pack_data` returns plain frozen dataclasses read from one
consistent snapshot, so a pack never mixes data from before and after a save.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from briefing_app.core import models as M
from briefing_app.core.clearance import reader_clearance
from briefing_app.core.database import Database
from briefing_app.core.enums import EventStatus
from briefing_app.core.facts import is_stale
from briefing_app.core.kinds import ITEMS
from briefing_app.core.ops import registry as reg
from briefing_app.core.precedence import event_order
from briefing_app.core.programme import TimePair, time_pair
from briefing_app.core.reads import select_records
from briefing_app.core.records import (
    AgreementRecord,
    AgreementVersionRecord,
    EventRecord,
    FactRecord,
    PersonRecord,
    PrecedenceRecord,
    PressQARecord,
    TalkingPointRecord,
    VenueRecord,
    VisitRecord,
    to_record,
)
from briefing_app.core.timezones import now_utc


@dataclass(frozen=True)
class PackPoint:
    """A talking point as placed in one event's brief, with the facts it cites."""

    point: TalkingPointRecord
    fact_ids: tuple[int, ...]


@dataclass(frozen=True)
class PackEvent:
    """One programme item with everything its programme entry and brief show."""

    event: EventRecord
    venue: VenueRecord | None
    start: TimePair
    end: TimePair
    participants: tuple[tuple[int, str], ...]  # (person id, role): core.precedence.event_order
    points: tuple[PackPoint, ...]  # in the user's order for this event
    fact_ids: tuple[int, ...]  # cited by the event itself, in the user's order
    arrival: VenueRecord | None = None  # a flight's arrival airport

    @property
    def day(self) -> date:
        """Programme days are the venue's local dates."""
        return self.start.venue.date()

    @property
    def cancelled(self) -> bool:
        return self.event.status == EventStatus.CANCELLED

    def cited_fact_ids(self) -> tuple[int, ...]:
        """The event's own facts, then those its points cite, each once."""
        seen: dict[int, None] = dict.fromkeys(self.fact_ids)
        for p in self.points:
            seen.update(dict.fromkeys(p.fact_ids))
        return tuple(seen)


@dataclass(frozen=True)
class PackAgreement:
    agreement: AgreementRecord
    signatory_ids: tuple[int, ...]
    latest: AgreementVersionRecord | None
    previous: AgreementVersionRecord | None  # the version before `latest`, for a redline


@dataclass(frozen=True)
class PackData:
    """A visit's whole pack as plain data; editions filter it with dataclasses.replace."""

    visit: VisitRecord
    principal: PersonRecord | None
    people: tuple[PersonRecord, ...]
    events: tuple[PackEvent, ...]  # time order
    agreements: tuple[PackAgreement, ...]  # signing order, then title
    facts: tuple[FactRecord, ...]
    stale_fact_ids: frozenset[int]
    issued: date
    source: Path | None = None  # the database read: a pack is never written over its files
    press_qas: tuple[PressQARecord, ...] = ()  # the user's order
    # Every other kind of item (core/kinds.py) as its records in list order, by kind name:
    # a new kind's pack section finds its rows here without a field of its own.
    rows: Mapping[str, tuple[Any, ...]] = field(default_factory=dict)
    seating: tuple[Any, ...] = ()  # core.ops.seating.PlanData, in programme order
    clearance: str | None = None  # on a team server: the reader's clearance in this visit

    @cached_property
    def people_by_id(self) -> dict[int, PersonRecord]:
        return {p.id: p for p in self.people}

    @cached_property
    def facts_by_id(self) -> dict[int, FactRecord]:
        return {f.id: f for f in self.facts}

    @cached_property
    def events_by_id(self) -> dict[int, PackEvent]:
        return {e.event.id: e for e in self.events}

    def days(self) -> list[tuple[date, list[PackEvent]]]:
        """Events grouped by the venue's local date, in time order."""
        out: dict[date, list[PackEvent]] = {}
        for ev in self.events:
            out.setdefault(ev.day, []).append(ev)
        return sorted(out.items())


# The kinds PackData gives a shape of their own (events with their briefs, ...).
_SHAPED = frozenset({"visit", "venue", "person", "event", "talking_point", "fact", "agreement",
                     "press_qa"})


def load_pack_data(db: Database, visit_id: int, issued: date | None = None) -> PackData:
    """Read the visit and everything in it from one snapshot (one read transaction)."""
    with db.read() as s:
        visit: VisitRecord = reg.record("visit", reg.fetch(s, "visit", visit_id))
        clearance = reader_clearance(s, visit_id) if db.on_server else None  # core/clearance.py
        rows = {k.name: tuple(select_records(
            s, k.record, k.model, [k.model.visit_id == visit_id],
            [*(getattr(k.model, c) for c in k.order), k.model.id]))
            for k in ITEMS if k.name not in _SHAPED and k.record is not None}
        people = [reg.record("person", p) for p in s.scalars(
            select(M.Person).where(M.Person.visit_id == visit_id).order_by(
                M.Person.sort_order, M.Person.latin_name, M.Person.native_name, M.Person.id))]
        venues = {v.id: reg.record("venue", v) for v in s.scalars(
            select(M.Venue).where(M.Venue.visit_id == visit_id))}
        facts = [reg.record("fact", f) for f in s.scalars(
            select(M.Fact).where(M.Fact.visit_id == visit_id).order_by(M.Fact.id))]
        points = {t.id: reg.record("talking_point", t) for t in s.scalars(
            select(M.TalkingPoint).where(M.TalkingPoint.visit_id == visit_id))}
        point_facts: dict[int, list[int]] = {}
        for tp_id, fact_id in s.execute(
                select(M.TalkingPointFact.talking_point_id, M.TalkingPointFact.fact_id).join(
                    M.Fact, M.Fact.id == M.TalkingPointFact.fact_id).where(
                    M.Fact.visit_id == visit_id).order_by(M.TalkingPointFact.id)):
            point_facts.setdefault(tp_id, []).append(fact_id)
        event_rows = list(s.scalars(select(M.Event).where(M.Event.visit_id == visit_id).order_by(
            M.Event.starts_at, M.Event.ends_at, M.Event.id)))
        parts: dict[int, list[tuple[int, str]]] = {}
        for ev_id, person_id, role in s.execute(
                select(M.Participation.event_id, M.Participation.person_id, M.Participation.role)
                .join(M.Event, M.Event.id == M.Participation.event_id)
                .where(M.Event.visit_id == visit_id)
                .order_by(M.Participation.position, M.Participation.id)):
            parts.setdefault(ev_id, []).append((person_id, str(role)))
        ev_points: dict[int, list[int]] = {}
        for ev_id, tp_id in s.execute(
                select(M.EventTalkingPoint.event_id, M.EventTalkingPoint.talking_point_id)
                .join(M.Event, M.Event.id == M.EventTalkingPoint.event_id)
                .where(M.Event.visit_id == visit_id)
                .order_by(M.EventTalkingPoint.position, M.EventTalkingPoint.id)):
            ev_points.setdefault(ev_id, []).append(tp_id)
        ev_facts: dict[int, list[int]] = {}
        for ev_id, fact_id in s.execute(
                select(M.EventFact.event_id, M.EventFact.fact_id)
                .join(M.Event, M.Event.id == M.EventFact.event_id)
                .where(M.Event.visit_id == visit_id)
                .order_by(M.EventFact.position, M.EventFact.id)):
            ev_facts.setdefault(ev_id, []).append(fact_id)
        agreements = _load_agreements(s, visit_id)
        press_qas = tuple(reg.record("press_qa", q) for q in s.scalars(
            select(M.PressQA).where(M.PressQA.visit_id == visit_id).order_by(
                M.PressQA.sort_order, M.PressQA.id)))
        seating = _load_seating(s, visit_id)
        entries = {r.person_id: to_record(PrecedenceRecord, r) for r in s.scalars(
            select(M.PrecedenceEntry).join(M.Person, M.Person.id == M.PrecedenceEntry.person_id)
            .where(M.Person.visit_id == visit_id))}

    sides = {p.id: str(p.side) for p in people}
    events = []
    for row in event_rows:
        ev: EventRecord = reg.record("event", row)
        events.append(PackEvent(
            event=ev,
            venue=venues.get(ev.venue_id) if ev.venue_id else None,
            start=time_pair(ev.starts_at, ev.tz, visit.home_tz),
            end=time_pair(ev.ends_at, ev.display_end_tz, visit.home_tz),
            participants=tuple(event_order(parts.get(ev.id, ()), sides, entries)),
            points=tuple(PackPoint(points[tp], tuple(point_facts.get(tp, ())))
                         for tp in ev_points.get(ev.id, ()) if tp in points),
            fact_ids=tuple(ev_facts.get(ev.id, ())),
            arrival=venues.get(ev.arrival_venue_id) if ev.arrival_venue_id else None,
        ))
    by_id = {p.id: p for p in people}
    stale = frozenset(f.id for f in facts if is_stale(f, visit))
    return PackData(
        visit=visit,
        principal=by_id.get(visit.principal_id) if visit.principal_id else None,
        people=tuple(people),
        events=tuple(events),
        agreements=agreements,
        facts=tuple(facts),
        stale_fact_ids=stale,
        issued=issued or now_utc().date(),
        source=db.path,
        press_qas=press_qas,
        rows=rows,
        seating=seating,
        clearance=clearance,
    )


def _load_seating(s: Session, visit_id: int) -> tuple[Any, ...]:
    """The visit's seating plans with their seats and checks (issue 13)."""
    from briefing_app.core.ops.seating import plans_in_session

    return tuple(plans_in_session(s, visit_id))


def _load_agreements(s: Session, visit_id: int) -> tuple[PackAgreement, ...]:
    """Agreements with signatories and only their two latest texts (texts can be long)."""
    rows = list(s.scalars(select(M.Agreement).where(M.Agreement.visit_id == visit_id).order_by(
        M.Agreement.signing_order, M.Agreement.title, M.Agreement.id)))
    sigs: dict[int, list[int]] = {}
    for ag_id, person_id in s.execute(
            select(M.AgreementSignatory.agreement_id, M.AgreementSignatory.person_id)
            .join(M.Agreement, M.Agreement.id == M.AgreementSignatory.agreement_id)
            .where(M.Agreement.visit_id == visit_id)
            .order_by(M.AgreementSignatory.position, M.AgreementSignatory.id)):
        sigs.setdefault(ag_id, []).append(person_id)
    latest = (select(M.AgreementVersion.agreement_id, func.max(M.AgreementVersion.number).label("n"))
              .join(M.Agreement, M.Agreement.id == M.AgreementVersion.agreement_id)
              .where(M.Agreement.visit_id == visit_id)
              .group_by(M.AgreementVersion.agreement_id).subquery())
    versions: dict[int, dict[int, AgreementVersionRecord]] = {}
    for v in s.scalars(select(M.AgreementVersion).join(
            latest, latest.c.agreement_id == M.AgreementVersion.agreement_id).where(
            M.AgreementVersion.number >= latest.c.n - 1)):
        versions.setdefault(v.agreement_id, {})[v.number] = to_record(AgreementVersionRecord, v)
    out = []
    for ag in rows:
        by_number = versions.get(ag.id, {})
        numbers = sorted(by_number)
        out.append(PackAgreement(
            agreement=reg.record("agreement", ag),
            signatory_ids=tuple(sigs.get(ag.id, ())),
            latest=by_number[numbers[-1]] if numbers else None,
            previous=by_number[numbers[-2]] if len(numbers) > 1 else None,
        ))
    return tuple(out)
