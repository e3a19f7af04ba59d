"""Scheduling conflicts: what a protocol officer must fix before the programme is final."""

from __future__ import annotations

from sqlalchemy import select

from briefing_app.core import models as M
from briefing_app.core.conflict_rules import Conflict, detect
from briefing_app.core.database import Database
from briefing_app.core.enums import EventStatus
from briefing_app.core.ops import registry as reg

__all__ = ["Conflict", "conflicting_event_ids", "find_conflicts"]


def find_conflicts(db: Database, visit_id: int) -> list[Conflict]:
    """Every conflict in a visit's programme (rules in `conflict_rules.detect`)."""
    with db.read() as s:
        visit = reg.fetch(s, "visit", visit_id)
        events = list(s.scalars(select(M.Event).where(
            M.Event.visit_id == visit_id, M.Event.status != EventStatus.CANCELLED)))
        people: dict[int, set[int]] = {}
        names: dict[int, str] = {}
        for part, person in s.execute(select(M.Participation, M.Person).join(
                M.Person, M.Person.id == M.Participation.person_id).where(
                M.Person.visit_id == visit_id)):
            people.setdefault(part.event_id, set()).add(person.id)
            names[person.id] = person.latin_name or person.native_name
        return detect(visit, events, people, names)


def conflicting_event_ids(conflicts: list[Conflict]) -> set[int]:
    return {eid for c in conflicts for eid in c.event_ids}
