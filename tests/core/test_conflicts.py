"""Scheduling conflicts."""

from briefing_app.core.conflicts import find_conflicts
from briefing_app.core.ops import entities as ent
from briefing_app.core.ops import links
from briefing_app.core.ops.visits import list_visits
from tests.core.helpers import make_event, make_person, make_visit


def test_demo_programme_has_no_conflicts(demo_db):
    assert find_conflicts(demo_db, list_visits(demo_db)[0].id) == []


def test_person_in_two_overlapping_events(db):
    visit = make_visit(db)
    a = make_event(db, visit.id, "Talks", "2019-09-11 10:00", "2019-09-11 11:00")
    b = make_event(db, visit.id, "Lunch", "2019-09-11 10:30", "2019-09-11 12:00", event_type="meal")
    xi = make_person(db, visit.id)
    links.set_participant(db, a.id, xi.id, "host")
    assert find_conflicts(db, visit.id) == []
    links.set_participant(db, b.id, xi.id, "host")
    (c,) = find_conflicts(db, visit.id)
    assert c.kind == "double booking" and set(c.event_ids) == {a.id, b.id}
    assert "Xi Jinping" in c.message


def test_back_to_back_events_do_not_conflict(db):
    visit = make_visit(db)
    a = make_event(db, visit.id, "A", "2019-09-11 10:00", "2019-09-11 11:00")
    b = make_event(db, visit.id, "B", "2019-09-11 11:00", "2019-09-11 12:00")
    p = make_person(db, visit.id)
    links.set_participant(db, a.id, p.id)
    links.set_participant(db, b.id, p.id)
    assert find_conflicts(db, visit.id) == []


def test_principal_at_two_venues_is_a_venue_clash(db):
    visit = make_visit(db)
    boss = make_person(db, visit.id, "Қасым-Жомарт Тоқаев", "Kassym-Jomart Tokayev")
    ent.update(db, "visit", visit.id, {"principal_id": boss.id})
    hall = ent.create(db, "venue", visit.id, {"name": "Great Hall", "tz": "Asia/Shanghai"})
    hotel = ent.create(db, "venue", visit.id, {"name": "Hotel", "tz": "Asia/Shanghai"})
    a = make_event(db, visit.id, "Talks", venue_id=hall.id)
    b = make_event(db, visit.id, "Forum", "2019-09-11 10:50", "2019-09-11 12:00", venue_id=hotel.id)
    for e in (a, b):
        links.set_participant(db, e.id, boss.id, "principal")
    (c,) = find_conflicts(db, visit.id)
    assert c.kind == "venue clash"


def test_cancelled_events_never_conflict(db):
    visit = make_visit(db)
    p = make_person(db, visit.id)
    a = make_event(db, visit.id, "A")
    b = make_event(db, visit.id, "B")
    links.set_participant(db, a.id, p.id)
    links.set_participant(db, b.id, p.id)
    assert len(find_conflicts(db, visit.id)) == 1
    ent.update(db, "event", b.id, {"status": "cancelled"})
    assert find_conflicts(db, visit.id) == []


def test_event_outside_the_visit_dates_in_local_time(db):
    visit = make_visit(db)  # 10-12 September
    make_event(db, visit.id, "Late dinner", "2019-09-12 23:00", "2019-09-12 23:59", event_type="meal")
    assert find_conflicts(db, visit.id) == []
    late = make_event(db, visit.id, "After party", "2019-09-13 00:30", "2019-09-13 01:00", event_type="meal")
    (c,) = find_conflicts(db, visit.id)
    assert c.kind == "outside visit" and c.event_ids == (late.id,)
