"""Where one person sits and sleeps: their car or flight seat at each transfer, their
place at each seating plan, their rooms. A person's itinerary (the person edition of the
pack and their calendar) prints it beside each event, so nobody has to look it up in the
protocol office's lists on the day."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from briefing_app.core import models as M
from briefing_app.core.database import Database
from briefing_app.core.enums import Vehicle
from briefing_app.core.protocol_lists import vehicle_name
from briefing_app.core.reads import select_records
from briefing_app.core.records import CarSeatRecord, RoomRecord


@dataclass(frozen=True)
class PersonPlaces:
    """One person's transport and seats by event id, and their rooms in date order."""

    transport: Mapping[int, tuple[str, ...]] = field(default_factory=dict)
    seats: Mapping[int, tuple[str, ...]] = field(default_factory=dict)
    rooms: tuple[str, ...] = ()

    def at(self, event_id: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(transport, seats) at one event; empty when the lists give none."""
        return self.transport.get(event_id, ()), self.seats.get(event_id, ())


def vehicle_line(seat: Any) -> str:
    """"Car 1, rear right", "Flight KAZ 001, seat 2A": one transfer seat in words."""
    where = seat.seat.strip()
    if not where:
        return vehicle_name(seat)
    car = str(seat.vehicle) == Vehicle.CAR
    return f"{vehicle_name(seat)}, " + (where if car else f"seat {where}")


def places_of(person_id: int, transfer_seats: Iterable[Any], rooms: Iterable[Any],
              plan_seats: Iterable[tuple[int, str, Any]],
              hotel_names: Mapping[int, str]) -> PersonPlaces:
    """The places of `person_id` from the lists: `transfer_seats` are CarSeat records,
    `rooms` Room records, `plan_seats` (event id, plan title, SeatAssignment record)."""
    transport: dict[int, list[str]] = {}
    # the car to the aircraft before the flight itself
    for s in sorted(transfer_seats, key=lambda s: (str(s.vehicle) != Vehicle.CAR,
                                                     s.car_position, s.car_number)):
        if s.person_id == person_id and s.event_id is not None:
            transport.setdefault(s.event_id, []).append(vehicle_line(s))
    seats: dict[int, list[str]] = {}
    for event_id, title, a in plan_seats:
        if a.person_id == person_id:
            where = f"behind seat {a.seat}" if a.behind else f"seat {a.seat}"
            seats.setdefault(event_id, []).append(f"{title}: {where}" if title else where)
    mine = sorted((r for r in rooms if r.person_id == person_id),
                  key=lambda r: (r.check_in is None, r.check_in or 0, r.room))
    lines = []
    for r in mine:
        hotel = hotel_names.get(r.hotel_id or 0, "")
        nights = ""
        if r.check_in is not None and r.check_out is not None:
            nights = f" ({r.check_in:%d %b} – {r.check_out:%d %b})"
        lines.append(f"{hotel + ', ' if hotel else ''}room {r.room}{nights}")
    return PersonPlaces({k: tuple(v) for k, v in transport.items()},
                        {k: tuple(v) for k, v in seats.items()}, tuple(lines))


def plan_seats_of(plans: Iterable[Any]) -> list[tuple[int, str, Any]]:
    """(event id, plan title, seat) of every seat in `plans` (core.ops.seating.PlanData)."""
    return [(p.event.id, p.plan.title, a) for p in plans for a in p.seats]


def load_person_places(db: Database, visit_id: int, person_id: int) -> PersonPlaces:
    """One person's places read from the database in one read transaction."""
    with db.read() as s:
        transfer = select_records(s, CarSeatRecord, M.CarSeat,
                                  [M.CarSeat.visit_id == visit_id,
                                   M.CarSeat.person_id == person_id])
        rooms = select_records(s, RoomRecord, M.Room,
                               [M.Room.visit_id == visit_id, M.Room.person_id == person_id])
        plan_seats = s.execute(
            select(M.SeatingPlan.event_id, M.SeatingPlan.title, M.SeatAssignment)
            .join(M.SeatAssignment, M.SeatAssignment.plan_id == M.SeatingPlan.id)
            .where(M.SeatingPlan.visit_id == visit_id,
                   M.SeatAssignment.person_id == person_id)).all()
        hotel_ids = {r.hotel_id for r in rooms if r.hotel_id is not None}
        hotels = dict(s.execute(select(M.Venue.id, M.Venue.name).where(
            M.Venue.id.in_(hotel_ids))).all()) if hotel_ids else {}
        found = [(event_id, title, seat) for event_id, title, seat in plan_seats]
        return places_of(person_id, transfer, rooms, found, hotels)
