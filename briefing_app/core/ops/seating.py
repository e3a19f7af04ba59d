"""Seating plans and the order of precedence: each user action one transaction.

Run through `changes.run`, each returns with its Step (the GUI's undo stack holds it):
moving one person is one step, "Seat by precedence" is one step, reordering a side's
precedence is one step.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from briefing_app.core import models as M
from briefing_app.core.database import Database
from briefing_app.core.enums import Role, Side
from briefing_app.core.errors import NotFoundError, ValidationError
from briefing_app.core.ops import registry as reg
from briefing_app.core.ops.renumber import set_numbers
from briefing_app.core.precedence import in_precedence
from briefing_app.core.records import (
    EventRecord,
    PersonRecord,
    PrecedenceRecord,
    SeatingPlanRecord,
    SeatRecord,
    to_record,
)
from briefing_app.core.seating_layout import Layout, layout
from briefing_app.core.seating_rules import Placement, Problem, check_plan, seat_by_precedence
from briefing_app.core.validation import a_date, choice, integer

_SEAT = integer(1, 400)
_RANK = integer(1, 10_000)
_PEOPLE_ORDER = (M.Person.sort_order, M.Person.latin_name, M.Person.native_name, M.Person.id)


@dataclass(frozen=True)
class PlanData:
    """A plan with everything its diagram, list and checks need, read in one snapshot."""

    plan: SeatingPlanRecord
    event: EventRecord
    layout: Layout
    seats: tuple[SeatRecord, ...]
    people: dict[int, PersonRecord]  # the seated and the participants
    roles: dict[int, str]  # participant id -> role at the event
    problems: tuple[Problem, ...]

    def at(self, seat: int, behind: bool = False) -> list[PersonRecord]:
        return [self.people[s.person_id] for s in self.seats
                if s.seat == seat and s.behind == behind]


# --- precedence -----------------------------------------------------------------------

def _entries(s: Session, visit_id: int) -> dict[int, PrecedenceRecord]:
    rows = s.scalars(select(M.PrecedenceEntry).join(
        M.Person, M.Person.id == M.PrecedenceEntry.person_id).where(
        M.Person.visit_id == visit_id))
    return {r.person_id: to_record(PrecedenceRecord, r) for r in rows}


def _side_people(s: Session, visit_id: int, side: str) -> list[PersonRecord]:
    rows = s.scalars(select(M.Person).where(M.Person.visit_id == visit_id,
                                            M.Person.side == side).order_by(*_PEOPLE_ORDER))
    return [reg.record("person", p) for p in rows]


def precedence_order(db: Database, visit_id: int, side: str) -> list[tuple[PersonRecord, PrecedenceRecord | None]]:
    """One side's people in precedence order, each with their entry (None: unranked)."""
    side = choice(Side)("side", side)
    with db.read() as s:
        reg.fetch(s, "visit", visit_id)
        entries = _entries(s, visit_id)
        people = in_precedence(_side_people(s, visit_id, side), entries)
        return [(p, entries.get(p.id)) for p in people]


def precedence_map(db: Database, visit_id: int) -> dict[int, int]:
    """Person id -> their place (0 first) in their side's precedence: for sorting the
    programme's and the brief's participants."""
    with db.read() as s:
        entries = _entries(s, visit_id)
        rows = s.scalars(select(M.Person).where(M.Person.visit_id == visit_id)
                         .order_by(*_PEOPLE_ORDER))
        people = [reg.record("person", p) for p in rows]
    return {p.id: i for i, p in enumerate(in_precedence(people, entries))}


def reorder_precedence(db: Database, visit_id: int, side: str, person_ids: list[int]) -> None:
    """Drag to reorder: the side's people get ranks 1, 2, 3 … in the order given (office
    rank and appointment stay, for ties set later). The list must hold each once."""
    side = choice(Side)("side", side)
    with db.write() as s:
        reg.fetch(s, "visit", visit_id)
        present = [p.id for p in _side_people(s, visit_id, side)]
        if sorted(present) != sorted(person_ids):
            raise ValidationError("precedence", "the new order must list each person of "
                                  "this side once")
        rows = {r.person_id: r for r in s.scalars(select(M.PrecedenceEntry).where(
            M.PrecedenceEntry.person_id.in_(person_ids)))}
        ranks = dict(zip(person_ids, range(1, len(person_ids) + 1), strict=True))
        s.add_all(M.PrecedenceEntry(person_id=pid, rank=rank) for pid, rank in ranks.items()
                  if pid not in rows)
        set_numbers(s, "rank", {row: ranks[pid] for pid, row in rows.items()})


def set_precedence(db: Database, person_id: int, rank: Any, office_rank: Any = 100,
                   appointed_on: Any = None) -> PrecedenceRecord:
    """Set one person's rank (equal ranks tie), office rank and date of appointment."""
    values = {"rank": _RANK("rank", rank), "office_rank": _RANK("office_rank", office_rank),
              "appointed_on": a_date(required=False)("appointed_on", appointed_on)}
    with db.write() as s:
        reg.fetch(s, "person", person_id)
        row = s.scalar(select(M.PrecedenceEntry).where(M.PrecedenceEntry.person_id == person_id))
        if row is None:
            row = M.PrecedenceEntry(person_id=person_id, **values)
            s.add(row)
        else:
            for k, v in values.items():
                if getattr(row, k) != v:
                    setattr(row, k, v)
        s.flush()
        return to_record(PrecedenceRecord, row)


# --- plans ----------------------------------------------------------------------------

def plans_of_visit(db: Database, visit_id: int) -> list[SeatingPlanRecord]:
    """A visit's plans in programme order (their events' times)."""
    with db.read() as s:
        return [reg.record("seating_plan", p) for p in _plan_rows(s, visit_id)]


def _plan_rows(s: Session, visit_id: int) -> list[M.SeatingPlan]:
    return list(s.scalars(select(M.SeatingPlan).join(
        M.Event, M.Event.id == M.SeatingPlan.event_id).where(
        M.SeatingPlan.visit_id == visit_id).order_by(
        M.Event.starts_at, M.SeatingPlan.title, M.SeatingPlan.id)))


def find_plan(db: Database, ref: str) -> SeatingPlanRecord:
    """A plan by id, UUID, or a fragment of its title (or its event's) that matches
    exactly one plan of any visit: what the CLI's PLAN argument names."""
    ref = (ref or "").strip()
    with db.read() as s:
        rows = list(s.execute(select(M.SeatingPlan, M.Event.title).join(
            M.Event, M.Event.id == M.SeatingPlan.event_id).order_by(
            M.Event.starts_at, M.SeatingPlan.id)))
        plans = [(reg.record("seating_plan", p), title) for p, title in rows]
    for p, _t in plans:
        if (ref.isdigit() and p.id == int(ref)) or p.uuid == ref:
            return p
    needle = ref.casefold()
    found = [p for p, title in plans
             if needle and (needle in p.title.casefold() or needle in title.casefold())]
    if len(found) == 1:
        return found[0]
    if not found:
        raise NotFoundError(f"no seating plan matches {ref!r} (its id, or a word of its "
                            "title or its event's)")
    names = "; ".join(f"#{p.id} {p.title}" for p in found[:5])
    raise NotFoundError(f"{ref!r} matches {len(found)} seating plans ({names}); use the id")


def plans_in_session(s: Session, visit_id: int) -> list[PlanData]:
    """Every plan of a visit with its seats and checks, inside an open read (the pack's)."""
    return [_plan_data(s, p.id) for p in _plan_rows(s, visit_id)]


def load_plan(db: Database, plan_id: int) -> PlanData:
    with db.read() as s:
        return _plan_data(s, plan_id)


def _plan_data(s: Session, plan_id: int) -> PlanData:
    plan = reg.fetch(s, "seating_plan", plan_id)
    event = reg.record("event", reg.fetch(s, "event", plan.event_id))
    seats = tuple(to_record(SeatRecord, r) for r in s.scalars(
        select(M.SeatAssignment).where(M.SeatAssignment.plan_id == plan_id)
        .order_by(M.SeatAssignment.seat, M.SeatAssignment.behind, M.SeatAssignment.id)))
    roles = {pid: str(role) for pid, role in s.execute(
        select(M.Participation.person_id, M.Participation.role).where(
            M.Participation.event_id == plan.event_id))}
    ids = set(roles) | {x.person_id for x in seats}
    people = {p.id: reg.record("person", p) for p in s.scalars(
        select(M.Person).where(M.Person.id.in_(ids)))}
    rec = reg.record("seating_plan", plan)
    problems = check_plan(rec.seat_count, rec.convention,
                          [Placement(x.person_id, x.seat, x.behind) for x in seats], roles,
                          {pid: p.display_name for pid, p in people.items()})
    return PlanData(rec, event, layout(rec.layout, rec.seat_count, rec.length_m, rec.width_m),
                    seats, people, roles, tuple(problems))


def _plan(s: Session, plan_id: int, person_id: int) -> M.SeatingPlan:
    plan = reg.fetch(s, "seating_plan", plan_id)
    person = reg.fetch(s, "person", person_id)
    if person.visit_id != plan.visit_id:
        raise ValidationError("person_id", f"person #{person_id} is not part of this visit")
    return plan


def seat_person(db: Database, plan_id: int, person_id: int, seat: Any,
                behind: bool = False) -> None:
    """Put a person in a seat (or the chair behind it). Someone already at that seat
    changes places with them, so a drag between two seats swaps; a person from outside
    the plan displaces the occupant to the unseated list."""
    with db.write() as s:
        plan = _plan(s, plan_id, person_id)
        seat = _SEAT("seat", seat)
        if seat > plan.seat_count:
            raise ValidationError("seat", f"this table has seats 1 to {plan.seat_count}")
        rows = list(s.scalars(select(M.SeatAssignment).where(M.SeatAssignment.plan_id == plan_id)))
        mine = next((r for r in rows if r.person_id == person_id), None)
        others = [r for r in rows if r.seat == seat and r.behind == bool(behind)
                  and r.person_id != person_id]
        for other in others:
            if mine is not None:
                other.seat, other.behind = mine.seat, mine.behind
            else:
                s.delete(other)
        if mine is None:
            s.add(M.SeatAssignment(plan_id=plan_id, person_id=person_id, seat=seat,
                                   behind=bool(behind)))
        elif (mine.seat, mine.behind) != (seat, bool(behind)):
            mine.seat, mine.behind = seat, bool(behind)


def unseat(db: Database, plan_id: int, person_id: int) -> bool:
    """Take a person off the plan (they stay a participant of the event)."""
    with db.write() as s:
        _plan(s, plan_id, person_id)
        return s.execute(delete(M.SeatAssignment).where(
            M.SeatAssignment.plan_id == plan_id,
            M.SeatAssignment.person_id == person_id)).rowcount > 0


def seat_plan_by_precedence(db: Database, plan_id: int) -> list[Placement]:
    """Replace a plan's seats by the convention's (plan.convention) from the event's
    participants in precedence order: the host's side is the side of the participant
    whose role is host (the counterpart when none is), the guests' the other."""
    with db.write() as s:
        return seat_in_session(s, plan_id)


def seat_in_session(s: Session, plan_id: int) -> list[Placement]:
    """`seat_plan_by_precedence` inside a transaction already open (the demo's)."""
    plan = reg.fetch(s, "seating_plan", plan_id)
    rec = reg.record("seating_plan", plan)
    parts = list(s.execute(select(M.Person, M.Participation.role).join(
        M.Participation, M.Participation.person_id == M.Person.id).where(
        M.Participation.event_id == plan.event_id).order_by(*_PEOPLE_ORDER)))
    entries = _entries(s, plan.visit_id)
    people = {p.id: reg.record("person", p) for p, _r in parts}
    roles = {p.id: str(r) for p, r in parts}
    host_side = next((str(p.side) for p, r in parts if r == Role.HOST), Side.COUNTERPART)
    ordered = in_precedence(people.values(), entries)

    def side_list(host: bool) -> list[int]:
        mine = [p.id for p in ordered if (str(p.side) == host_side) == host
                and roles[p.id] not in (Role.INTERPRETER, Role.SECURITY, Role.SUPPORT,
                                        Role.PRESS_OFFICER)]
        lead = Role.HOST if host else Role.PRINCIPAL
        first = [i for i in mine if roles[i] == lead]
        return first + [i for i in mine if i not in first]

    interpreters = {
        "host": [p.id for p in ordered if roles[p.id] == Role.INTERPRETER
                 and str(p.side) == host_side],
        "guest": [p.id for p in ordered if roles[p.id] == Role.INTERPRETER
                  and str(p.side) != host_side]}
    placements = seat_by_precedence(
        layout(rec.layout, rec.seat_count, rec.length_m, rec.width_m), rec.convention,
        side_list(True), side_list(False), interpreters)
    current = {r.person_id: r for r in s.scalars(
        select(M.SeatAssignment).where(M.SeatAssignment.plan_id == plan_id))}
    wanted = {p.person_id: p for p in placements}
    for pid, row in current.items():  # keep rows that stay, so undo is small
        if pid not in wanted:
            s.delete(row)
        elif (row.seat, row.behind) != (wanted[pid].seat, wanted[pid].behind):
            row.seat, row.behind = wanted[pid].seat, wanted[pid].behind
    for pid, p in wanted.items():
        if pid not in current:
            s.add(M.SeatAssignment(plan_id=plan_id, person_id=pid, seat=p.seat,
                                   behind=p.behind))
    s.flush()
    return placements

