"""One person's places from the protocol office's lists: their car or flight seat at
each transfer, their seat at each seating plan, their rooms (core/person_places.py)."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from briefing_app.core.ops import entities as ent
from briefing_app.core.ops.visits import list_visits
from briefing_app.core.person_places import load_person_places, places_of, vehicle_line
from briefing_app.core.protocol_lists import motorcade


def seat(**kw):
    base = dict(event_id=1, car_position=1, car_number="1", vehicle="car", person_id=7,
                seat="", driver="", liaison="", notes="")
    return SimpleNamespace(**{**base, **kw})


def test_each_vehicle_is_named_in_words():
    assert vehicle_line(seat(seat="rear right")) == "Car 1, rear right"
    assert vehicle_line(seat(vehicle="aircraft", car_number="KAZ 001", seat="2A")) == \
        "Flight KAZ 001, seat 2A"
    assert vehicle_line(seat(vehicle="train", car_number="G 7", seat="")) == "Train G 7"
    assert vehicle_line(seat(vehicle="coach", car_number="B", seat="12")) == "Coach B, seat 12"


def test_only_the_persons_own_places_are_gathered():
    seats = [seat(seat="front"), seat(person_id=8, seat="rear left"),
             seat(event_id=2, vehicle="aircraft", car_number="CA 1", seat="3C"),
             seat(event_id=None, seat="spare")]  # a seat not linked to an event
    rooms = [SimpleNamespace(person_id=7, hotel_id=5, room="1204", check_in=date(2019, 9, 12),
                             check_out=date(2019, 9, 13)),
             SimpleNamespace(person_id=7, hotel_id=None, room="8", check_in=date(2019, 9, 10),
                             check_out=None),
             SimpleNamespace(person_id=8, hotel_id=5, room="1205", check_in=None, check_out=None)]
    plan = [(3, "Official lunch", SimpleNamespace(person_id=7, seat=4, behind=False)),
            (3, "Official lunch", SimpleNamespace(person_id=8, seat=5, behind=False)),
            (4, "", SimpleNamespace(person_id=7, seat=2, behind=True))]
    places = places_of(7, seats, rooms, plan, {5: "Hotel Шангри-Ла 香格里拉"})
    assert places.at(1) == (("Car 1, front",), ())
    assert places.at(2) == (("Flight CA 1, seat 3C",), ())
    assert places.at(3) == ((), ("Official lunch: seat 4",))
    assert places.at(4) == ((), ("behind seat 2",))  # an interpreter behind their principal
    assert places.at(99) == ((), ())
    # rooms in date order, the hotel named when known
    assert places.rooms == ("room 8", "Hotel Шангри-Ла 香格里拉, room 1204 (12 Sep – 13 Sep)")


def test_cars_come_before_flights_on_one_transfer():
    found = motorcade([seat(vehicle="aircraft", car_number="KAZ 001", car_position=1),
                       seat(car_number="2", car_position=3), seat(car_number="1", car_position=2)])
    assert [(v.vehicle, v.number) for v in found[1]] == [
        ("car", "1"), ("car", "2"), ("aircraft", "KAZ 001")]


def test_the_demo_principal_has_a_car_a_flight_seat_a_room_and_a_seat_at_lunch(demo_db):
    visit = list_visits(demo_db)[0]
    people = {p.latin_name: p for p in ent.list_for_visit(demo_db, "person", visit.id)}
    events = {e.title: e for e in ent.list_for_visit(demo_db, "event", visit.id)}
    places = load_person_places(demo_db, visit.id, people["Kassym-Jomart Tokayev"].id)
    transport, _ = places.at(events["Transfer to Hangzhou"].id)
    assert transport == ("Car 1, rear right", "Flight KAZ 001, seat 2A")
    assert places.at(events["Flight Nur-Sultan – Beijing"].id)[0] == ("Flight KAZ 001, seat 2A",)
    lunch = events["Official lunch hosted by President Xi Jinping"]
    [at_lunch] = places.at(lunch.id)[1]
    assert at_lunch.startswith("Official lunch — table of honour: seat ")
    assert len(places.rooms) == 1 and "Villa 18 (10 Sep – 12 Sep)" in places.rooms[0]
    # someone with no place in the lists gets none
    nobody = load_person_places(demo_db, visit.id, people["Jiang Zemin"].id)
    assert not nobody.transport and not nobody.seats and nobody.rooms == ()
