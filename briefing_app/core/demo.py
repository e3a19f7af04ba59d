"""The demo visit: the 2019 state visit of the President of Kazakhstan to China.

The content lives in resources/demo/state_visit_2019.json (drawn from the interview in
the design notes). Every row gets a UUID derived from its key in that file, so loading
twice finds the visit already there and changes nothing.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from briefing_app.core import models as M
from briefing_app.core.database import Database
from briefing_app.core.ops import registry as reg
from briefing_app.core.ops.entities import event_times
from briefing_app.core.paths import resources_dir
from briefing_app.core.records import VisitRecord
from briefing_app.core.validation import clean

DEMO_FILE = "demo/state_visit_2019.json"
_NAMESPACE = uuid.UUID("6f1c2b1e-8a51-4f9e-9d55-0b7a3c2f2019")


def _uid(*parts: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, "/".join(parts)))


def demo_data() -> dict[str, Any]:
    with (resources_dir() / DEMO_FILE).open(encoding="utf-8") as fh:
        return json.load(fh)


def load_demo(db: Database) -> tuple[VisitRecord, bool]:
    """Load the demo visit in one transaction; (visit, False) if it is already there."""
    data = demo_data()
    with db.write() as s:
        existing = s.scalar(select(M.Visit).where(M.Visit.uuid == _uid("visit")))
        if existing is not None:
            return reg.record("visit", existing), False
        visit = _build(s, data)
        return reg.record("visit", visit), True


def _build(s: Any, data: dict[str, Any]) -> M.Visit:
    v = dict(data["visit"])
    principal_key = v.pop("principal")
    visit = M.Visit(uuid=_uid("visit"), **clean("visit", v))
    s.add(visit)
    s.flush()

    def add(model: type, kind: str, key: str, values: dict[str, Any], **extra: Any) -> Any:
        row = model(uuid=_uid(kind, key), visit_id=visit.id, **clean(kind, values), **extra)
        s.add(row)
        return row

    venues = {k: add(M.Venue, "venue", k, val) for k, val in data["venues"].items()}
    people = {k: add(M.Person, "person", k, val) for k, val in data["people"].items()}
    facts = {k: add(M.Fact, "fact", k, val) for k, val in data["facts"].items()}
    s.flush()
    points = {}
    for key, val in data["talking_points"].items():
        val = dict(val)
        cited = val.pop("facts", [])
        tp = add(M.TalkingPoint, "talking_point", key, val)
        s.flush()
        for fk in cited:
            s.add(M.TalkingPointFact(uuid=_uid("tpf", key, fk), talking_point_id=tp.id,
                                     fact_id=facts[fk].id))
        points[key] = tp
    visit.principal_id = people[principal_key].id
    events = {}
    for val in data["events"]:
        val = dict(val)
        key = val.pop("key")
        parts = val.pop("participants", {})
        pts = val.pop("points", [])
        cited = val.pop("facts", [])
        venue = val.pop("venue", None)
        arrival = val.pop("arrival_venue", None)
        val["start_local"], val["end_local"] = val.pop("start"), val.pop("end")
        times = event_times(val)
        ev = add(M.Event, "event", key, val, venue_id=venues[venue].id if venue else None,
                 arrival_venue_id=venues[arrival].id if arrival else None, **times)
        s.flush()
        for pos, (pk, role) in enumerate(parts.items(), start=1):
            s.add(M.Participation(uuid=_uid("part", key, pk), event_id=ev.id,
                                  person_id=people[pk].id, role=role, position=pos))
        for pos, tk in enumerate(pts, start=1):
            s.add(M.EventTalkingPoint(uuid=_uid("etp", key, tk), event_id=ev.id,
                                      talking_point_id=points[tk].id, position=pos))
        for pos, fk in enumerate(cited, start=1):
            s.add(M.EventFact(uuid=_uid("ef", key, fk), event_id=ev.id, fact_id=facts[fk].id,
                              position=pos))
        events[key] = ev
    for pos, val in enumerate(data.get("press_qas", []), start=1):
        val = dict(val)
        key, event = val.pop("key"), val.pop("event", "")
        add(M.PressQA, "press_qa", key, val, sort_order=pos,
            event_id=events[event].id if event else None)
    for val in data["agreements"]:
        val = dict(val)
        key = val.pop("key")
        history = val.pop("history", [])
        versions = val.pop("versions", [])
        signatories = val.pop("signatories", [])
        signing = val.pop("signing_event", None)
        ag = add(M.Agreement, "agreement", key, val,
                 signing_event_id=events[signing].id if signing else None,
                 status=history[-1][0] if history else "draft")
        s.flush()
        for n, (status, day) in enumerate(history):
            s.add(M.AgreementStatusChange(
                uuid=_uid("status", key, str(n)), agreement_id=ag.id, status=status,
                changed_at=datetime.fromisoformat(day).replace(hour=9, tzinfo=UTC)))
        for n, ver in enumerate(versions, start=1):
            ver = dict(ver)
            written = datetime.fromisoformat(ver.pop("date")).replace(hour=9, tzinfo=UTC)
            s.add(M.AgreementVersion(uuid=_uid("version", key, str(n)), agreement_id=ag.id,
                                     number=n, created_at=written, updated_at=written, **ver))
        for pos, pk in enumerate(signatories, start=1):
            s.add(M.AgreementSignatory(uuid=_uid("signatory", key, pk), agreement_id=ag.id,
                                       person_id=people[pk].id, position=pos))
    _protocol_lists(data, add, people, events, venues)
    s.flush()
    _protocol(s, visit, people, events)
    return visit


def _protocol(s: Any, visit: M.Visit, people: dict[str, Any], events: dict[str, Any]) -> None:
    """Precedence and seating plans (issue 13), seated by precedence, with UUIDs from keys."""
    from briefing_app.core import demo_seating
    from briefing_app.core.ops.seating import seat_in_session

    for plan_id in demo_seating.build(s, visit, people, events, _uid):
        seat_in_session(s, plan_id)
        plan = s.get(M.SeatingPlan, plan_id)
        for row in s.scalars(select(M.SeatAssignment).where(M.SeatAssignment.plan_id == plan_id)):
            row.uuid = _uid("seat", plan.uuid, str(row.person_id))
    s.flush()


# The protocol office's lists (issue 13): each entry names its people, events and hotel
# by their keys in the demo file.
_PROTOCOL_LISTS: tuple[tuple[str, type, str, dict[str, str]], ...] = (
    ("delegates", M.Delegate, "delegate", {"person": "people"}),
    ("car_seats", M.CarSeat, "car_seat", {"event": "events", "person": "people"}),
    ("rooms", M.Room, "room", {"hotel": "venues", "person": "people"}),
    ("gifts", M.Gift, "gift", {"event": "events", "giver": "people", "recipient": "people"}),
    ("speeches", M.Speech, "speech", {"speaker": "people", "event": "events"}),
)


def _protocol_lists(data: dict[str, Any], add: Any, people: dict[str, Any],
                    events: dict[str, Any], venues: dict[str, Any]) -> None:
    found = {"people": people, "events": events, "venues": venues}
    for section, model, kind, refs in _PROTOCOL_LISTS:
        for key, val in data.get(section, {}).items():
            val = dict(val)
            links = {}
            for name, where in refs.items():
                target = val.pop(name, None)
                links[f"{name}_id"] = found[where][target].id if target else None
            add(model, kind, key, {**val, **links})
