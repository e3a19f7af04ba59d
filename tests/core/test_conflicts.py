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


# --- the rules on plain rows (core/conflict_rules.py), against a reference ------------

from collections import namedtuple  # noqa: E402
from datetime import UTC, date, datetime, timedelta  # noqa: E402

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from briefing_app.core.conflict_rules import detect  # noqa: E402
from briefing_app.core.timezones import local_date  # noqa: E402

_Visit = namedtuple("_Visit", "start_date end_date principal_id")
_Event = namedtuple("_Event", "id title status starts_at ends_at tz end_tz venue_id")
_Person = namedtuple("_Person", "id native_name latin_name")
# The widest offsets there are (UTC+14, UTC−12), half hours and quarters, DST, UTC itself
_ZONES = ("Pacific/Kiritimati", "Etc/GMT+12", "Asia/Kathmandu", "America/St_Johns",
          "Europe/Berlin", "Asia/Almaty", "UTC")
_PEOPLE = tuple(_Person(i, f"Лицо {i}", f"Person {i}" if i % 2 else "") for i in range(1, 5))


def _reference(visit, events, participants):
    """The rules worked out the plain way: every event's local dates, every pair."""
    active = sorted((e for e in events if e.status != "cancelled"),
                    key=lambda e: (e.starts_at, e.id))
    out = []
    for ev in active:
        first = local_date(ev.starts_at, ev.tz)
        last = local_date(ev.ends_at - timedelta(microseconds=1) if ev.ends_at > ev.starts_at
                          else ev.ends_at, ev.end_tz or ev.tz)
        if first < visit.start_date or last > visit.end_date:
            out.append(("outside visit", (ev.id,)))
    for i, a in enumerate(active):
        for b in active[i + 1:]:
            if a.starts_at < b.ends_at and b.starts_at < a.ends_at:
                ids_a = {p.id for p, _r in participants.get(a.id, ())}
                for p in sorted(ids_a & {p.id for p, _r in participants.get(b.id, ())}):
                    clash = p == visit.principal_id and a.venue_id != b.venue_id
                    out.append(("venue clash" if clash else "double booking", (a.id, b.id)))
    return sorted(out)


@st.composite
def _programmes(draw):
    start = date(2026, 3, 27)  # a DST change in Europe and near it
    visit = _Visit(start, start + timedelta(days=draw(st.integers(0, 3))),
                   draw(st.sampled_from([None, 1, 2])))
    events, participants = [], {}
    # Around the first and the last midnight, where a zone decides inside or outside
    edges = (datetime.combine(start, datetime.min.time(), UTC),
             datetime.combine(visit.end_date + timedelta(days=1), datetime.min.time(), UTC))
    for eid in range(1, draw(st.integers(1, 9)) + 1):
        begin = draw(st.sampled_from(edges)) + timedelta(
            minutes=15 * draw(st.integers(-4 * 30, 4 * 30)))
        length = timedelta(minutes=15 * draw(st.integers(0, 4 * 30)))
        events.append(_Event(eid, f"Event {eid}", draw(st.sampled_from(["planned", "cancelled"])),
                             begin, begin + length, draw(st.sampled_from(_ZONES)),
                             draw(st.sampled_from(["", *_ZONES])), draw(st.integers(1, 2))))
        people = draw(st.lists(st.sampled_from(_PEOPLE), max_size=3, unique=True))
        if people:
            participants[eid] = [(p, "member") for p in people]
    return visit, events, participants


@settings(max_examples=300, deadline=None)
@given(_programmes())
def test_the_rules_find_what_a_plain_check_of_every_event_and_pair_finds(programme):
    visit, events, participants = programme
    found = detect(visit, events, participants)
    assert sorted((c.kind, c.event_ids) for c in found) == _reference(visit, events,
                                                                       participants)
    for c in found:  # the message names the person by the Latin name where there is one
        if c.kind != "outside visit":
            assert "Person " in c.message or "Лицо " in c.message


def test_an_event_near_the_visits_first_or_last_midnight_is_judged_in_its_own_zone():
    """Every quarter hour from a day before to a day after each edge, in each zone: the
    shortcut for events surely inside (UTC bounds) never changes the answer."""
    start = date(2026, 3, 27)
    visit = _Visit(start, start + timedelta(days=2), None)
    edges = (datetime.combine(start, datetime.min.time(), UTC),
             datetime.combine(visit.end_date + timedelta(days=1), datetime.min.time(), UTC))
    checked = outside = 0
    for edge in edges:
        for quarter in range(-4 * 26, 4 * 26):
            begin = edge + timedelta(minutes=15 * quarter)
            for zone in _ZONES:
                ev = _Event(1, "E", "planned", begin, begin + timedelta(minutes=15), zone, "",
                            1)
                found = sorted((c.kind, c.event_ids) for c in detect(visit, [ev], {}))
                assert found == _reference(visit, [ev], {}), (begin, zone)
                checked += 1
                outside += bool(found)
    assert outside and outside < checked  # both answers were given
