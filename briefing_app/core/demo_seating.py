"""The demo visit's protocol office part: precedence and two seating plans.

Read from resources/demo/seating_2019.json and built in the demo's own transaction
(core/demo.py calls `build`), with UUIDs derived from the keys like the rest of the
demo; the plans are then seated by precedence, as a protocol officer would start.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import select

from briefing_app.core import models as M
from briefing_app.core.paths import resources_dir
from briefing_app.core.validation import clean

SEATING_FILE = "demo/seating_2019.json"


def seating_data() -> dict[str, Any]:
    with (resources_dir() / SEATING_FILE).open(encoding="utf-8") as fh:
        return json.load(fh)


def build(s: Any, visit: M.Visit, people: dict[str, M.Person], events: dict[str, M.Event],
          uid: Callable[..., str]) -> list[int]:
    """Add the protocol rows to the demo visit; returns the new plans' ids."""
    data = seating_data()
    for key, val in data["people"].items():
        people[key] = M.Person(uuid=uid("person", key), visit_id=visit.id,
                               **clean("person", val))
        s.add(people[key])
    s.flush()
    for key, (rank, office, appointed) in data["precedence"].items():
        s.add(M.PrecedenceEntry(uuid=uid("precedence", key), person_id=people[key].id,
                                rank=rank, office_rank=office,
                                appointed_on=date.fromisoformat(appointed) if appointed else None))
    for ev_key, parts in data["extra_participants"].items():
        ev = events[ev_key]
        last = max((p.position for p in s.scalars(select(M.Participation).where(
            M.Participation.event_id == ev.id))), default=0)
        for pk, role in parts.items():
            last += 1
            s.add(M.Participation(uuid=uid("part", ev_key, pk), event_id=ev.id,
                                  person_id=people[pk].id, role=role, position=last))
    plans = []
    for val in data["plans"]:
        val = dict(val)
        key, ev_key = val.pop("key"), val.pop("event")
        val["event_id"] = events[ev_key].id
        plan = M.SeatingPlan(uuid=uid("seating_plan", key), visit_id=visit.id,
                             **clean("seating_plan", val))
        s.add(plan)
        plans.append(plan)
    s.flush()
    return [p.id for p in plans]
