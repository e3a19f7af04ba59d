"""A person's itinerary prints where they sit and sleep; the movements list prints each
flight's passengers by seat (issue 13)."""

from __future__ import annotations

from briefing_app.core.ops import entities as ent
from briefing_app.core.ops.visits import list_visits
from briefing_app.core.pack_data import load_pack_data
from briefing_app.pdf import PackOptions, build_pack

from .conftest import flat, pdf_text


def _people(db, visit_id):
    return {p.latin_name: p for p in ent.list_for_visit(db, "person", visit_id)}


def test_the_itinerary_names_the_readers_car_flight_seat_table_seat_and_room(demo_db, tmp_path):
    visit = list_visits(demo_db)[0]
    me = _people(demo_db, visit.id)["Kassym-Jomart Tokayev"]
    path = tmp_path / "me.pdf"
    build_pack(load_pack_data(demo_db, visit.id),
               PackOptions(edition="person", person_id=me.id), path)
    text = flat(pdf_text(path))
    assert "Your transport: Car 1, rear right; Flight KAZ 001, seat 2A" in text
    assert "Your transport: Flight KAZ 001, seat 2A" in text  # the flights out and home
    assert "Your seat: Official lunch — table of honour: seat" in text
    assert "Your room: Diaoyutai" in text and "Villa 18 (10 Sep – 12 Sep)" in text
    # nobody else's place is printed
    assert "seat 3A" not in text and "Villa 18 / 204" not in text


def test_the_movements_list_prints_each_flights_passengers_by_seat(demo_db, tmp_path):
    visit = list_visits(demo_db)[0]
    path = tmp_path / "book.pdf"
    build_pack(load_pack_data(demo_db, visit.id),
               PackOptions(edition="delegation", sections=frozenset({"protocol"})), path)
    text = flat(pdf_text(path))
    assert "Car plan — Transfer to Hangzhou" in text
    assert "Flight KAZ 001 — Flight Nur-Sultan – Beijing" in text
    flight = text.split("Flight KAZ 001 — Flight Nur-Sultan – Beijing")[1]
    # seats by row: 2A before 5C before 8C
    assert flight.index("2A") < flight.index("5C") < flight.index("8C")
