"""Scheduling conflicts: what a protocol officer must fix before the programme is final."""

from __future__ import annotations

from collections.abc import Iterable

from briefing_app.core.conflict_rules import Conflict
from briefing_app.core.database import Database

__all__ = ["Conflict", "conflicting_event_ids", "find_conflicts"]


def find_conflicts(db: Database, visit_id: int) -> list[Conflict]:
    """Every conflict in a visit's programme (rules in `conflict_rules.detect`).

    Detected once per change of the file, with the programme that shows them
    (`core.programme.load_programme`), however many views ask."""
    from briefing_app.core.programme import load_programme

    return list(load_programme(db, visit_id).conflicts)


def conflicting_event_ids(conflicts: Iterable[Conflict]) -> set[int]:
    return {eid for c in conflicts for eid in c.event_ids}
