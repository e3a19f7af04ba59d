"""Venues in use, cancel/reinstate keeping the prior status, a new visit with its
principal, and the next free slot for a new event."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from briefing_app.core.errors import ValidationError
from briefing_app.core.free_slot import next_free_slot
from briefing_app.core.ops import changes, entities, events
from briefing_app.core.ops.new_visit import create_visit, known_people
from briefing_app.core.ops.venues import events_at_venue, venue_usage
from tests.core.helpers import make_event, make_person, make_visit


def _venue(db: Any, visit_id: int, name: str = "Great Hall of the People") -> Any:
    return entities.create(db, "venue", visit_id, {"name": name, "city": "Beijing",
                                                   "country": "China", "tz": "Asia/Shanghai"})


def test_venue_usage_counts_events_and_arrivals(db: Any) -> None:
    visit = make_visit(db)
    hall, airport = _venue(db, visit.id), _venue(db, visit.id, "Beijing Capital Airport")
    talks = make_event(db, visit.id, venue_id=hall.id)
    make_event(db, visit.id, "Lunch", "2019-09-11 12:00", "2019-09-11 13:00", venue_id=hall.id)
    flight = make_event(db, visit.id, "Flight", "2019-09-10 08:00", "2019-09-10 12:00",
                        tz="Asia/Almaty", end_tz="Asia/Shanghai", event_type="flight",
                        arrival_venue_id=airport.id)
    assert venue_usage(db, visit.id) == {hall.id: 2, airport.id: 1}
    assert [e.id for e in events_at_venue(db, hall.id)] == [talks.id, talks.id + 1]
    assert [e.id for e in events_at_venue(db, airport.id)] == [flight.id]
    assert entities.get(db, "venue", hall.id).country == "China"


def test_deleting_a_venue_in_use_and_undoing_puts_every_event_back_at_it(db: Any) -> None:
    visit = make_visit(db)
    hall = _venue(db, visit.id)
    talks = make_event(db, visit.id, venue_id=hall.id)
    step = changes.run(entities.delete, db, "venue", hall.id)
    assert entities.get(db, "event", talks.id).venue_id is None
    step.reverse.apply(db)
    assert entities.get(db, "venue", hall.id).name == "Great Hall of the People"
    assert entities.get(db, "event", talks.id).venue_id == hall.id


@pytest.mark.parametrize("before", ["confirmed", "proposed"])
def test_reinstating_brings_back_the_status_it_had(db: Any, before: str) -> None:
    visit = make_visit(db)
    ev = make_event(db, visit.id, status=before)
    cancelled = events.toggle_cancelled(db, ev.id)
    assert (cancelled.status, cancelled.prior_status) == ("cancelled", before)
    back = events.toggle_cancelled(db, ev.id)
    assert (back.status, back.prior_status) == (before, "")


def test_cancelling_through_the_status_field_remembers_too_and_undo_restores(db: Any) -> None:
    visit = make_visit(db)
    ev = make_event(db, visit.id, status="confirmed")
    entities.update(db, "event", ev.id, {"status": "cancelled"})
    step = changes.run(events.toggle_cancelled, db, ev.id)
    assert step.value.status == "confirmed"
    step.reverse.apply(db)
    again = entities.get(db, "event", ev.id)
    assert (again.status, again.prior_status) == ("cancelled", "confirmed")


def test_an_event_created_cancelled_is_reinstated_as_proposed(db: Any) -> None:
    visit = make_visit(db)
    ev = make_event(db, visit.id, status="cancelled")
    assert events.toggle_cancelled(db, ev.id).status == "proposed"


def test_stale_toggle_is_refused(db: Any) -> None:
    from briefing_app.core.errors import ConflictError

    visit = make_visit(db)
    ev = make_event(db, visit.id)
    entities.update(db, "event", ev.id, {"title": "Moved on"})
    with pytest.raises(ConflictError):
        events.toggle_cancelled(db, ev.id, ev.row_version)
    assert entities.get(db, "event", ev.id).status == "proposed"


VISIT = {"title": "Working visit to Beijing", "visit_type": "working visit",
         "start_date": date(2020, 5, 1), "end_date": date(2020, 5, 2), "home_tz": "Asia/Almaty"}


def test_new_visit_with_a_typed_principal(db: Any) -> None:
    step = changes.run(create_visit, db, VISIT, principal_name="  Қасым-Жомарт  Тоқаев ")
    visit = step.value
    person = entities.get(db, "person", visit.principal_id)
    assert (person.native_name, person.side, person.visit_id) == \
        ("Қасым-Жомарт Тоқаев", "our delegation", visit.id)
    step.reverse.apply(db)  # one undo step takes the visit and its principal away
    assert entities.list_for_visit(db, "person", visit.id) == []


def test_new_visit_copies_a_known_principal_with_photo_and_biography(db: Any) -> None:
    old = make_visit(db)
    tokayev = make_person(db, old.id, "Қасым-Жомарт Тоқаев", "Kassym-Jomart Tokayev",
                          side="our delegation", biography="Born 1953.", photo=b"\x89PNG")
    make_person(db, old.id, side="counterpart")  # not offered as principal
    assert [p.id for p in known_people(db)] == [tokayev.id]
    visit = create_visit(db, VISIT, principal_from=tokayev.id)
    person = entities.get(db, "person", visit.principal_id)
    assert person.id != tokayev.id and person.visit_id == visit.id
    assert (person.latin_name, person.biography, person.photo) == \
        ("Kassym-Jomart Tokayev", "Born 1953.", b"\x89PNG")


def test_new_visit_refusals_name_the_field_and_write_nothing(db: Any) -> None:
    with pytest.raises(ValidationError) as err:
        create_visit(db, VISIT | {"end_date": date(2020, 4, 30)}, principal_name="Тоқаев")
    assert err.value.field == "end_date"
    with pytest.raises(ValidationError) as err:
        create_visit(db, VISIT, principal_name="x" * 400)
    assert err.value.field == "principal"
    assert entities.list_for_visit(db, "person", 1) == []
    from briefing_app.core.ops.visits import list_visits

    assert list_visits(db) == []


class _Ev:
    def __init__(self, start: str, end: str, status: str = "confirmed") -> None:
        self.starts_at = datetime.fromisoformat(start).replace(tzinfo=UTC)
        self.ends_at = datetime.fromisoformat(end).replace(tzinfo=UTC)
        self.status = status


def test_next_free_slot_skips_busy_hours_in_the_events_zone() -> None:
    day = date(2019, 9, 11)
    # 09:00-10:00 and 10:00-10:52 in Beijing (UTC+8), then a cancelled 11:00 that is free
    busy = [_Ev("2019-09-11T01:00", "2019-09-11T02:00"), _Ev("2019-09-11T02:00", "2019-09-11T02:52"),
            _Ev("2019-09-11T03:00", "2019-09-11T04:00", "cancelled")]
    assert next_free_slot(busy, day, day, "Asia/Shanghai") == datetime(2019, 9, 11, 10, 55)
    assert next_free_slot([], day, day, "Asia/Shanghai") == datetime(2019, 9, 11, 9, 0)
    full = [_Ev("2019-09-11T01:00", "2019-09-11T13:00")]  # 09:00-21:00 in Beijing
    assert next_free_slot(full, day, day + timedelta(days=1), "Asia/Shanghai") == \
        datetime(2019, 9, 12, 9, 0)
