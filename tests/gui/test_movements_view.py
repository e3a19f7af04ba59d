"""The Movements view: the demo's car plan in motorcade order with each car's driver,
the rooming list, edits and deletes as single undo steps on the tab showing."""

from __future__ import annotations

from datetime import date
from typing import Any

from briefing_app.core.ops import entities


def _texts(panel: Any, column: int) -> list[str]:
    return [panel.proxy.index(r, column).data() for r in range(panel.proxy.rowCount())]


def test_car_plan_shows_the_motorcade_with_each_cars_driver(demo_window: Any) -> None:
    state = demo_window.state
    view = demo_window.switch_to("movements")
    cars = view.cars
    seats = entities.list_for_visit(state.db, "car_seat", state.visit.id)
    # the demo: 11 seats in the Hangzhou motorcade, 30 on the state aircraft's three flights
    assert cars.model.rowCount() == len(seats) == 41
    assert sum(s.vehicle == "aircraft" for s in seats) == 30
    transfers = [cars.only.itemText(i) for i in range(cars.only.count())]
    assert transfers == ["All transfers", "Flight Nur-Sultan – Beijing", "Transfer to Hangzhou",
                         "Flight Hangzhou – Nur-Sultan"]
    cars.only.setCurrentIndex(transfers.index("Transfer to Hangzhou"))
    cars.only.activated.emit(cars.only.currentIndex())
    assert cars.proxy.rowCount() == 11 + 10  # the motorcade, then the flight
    orders = [int(t) for t in _texts(cars, 1)]
    assert orders[0] == 1 and _texts(cars, 2)[0] == "Car Police lead"
    assert "Flight KAZ 001" in _texts(cars, 2)
    assert _texts(cars, 0)[0] == "Transfer to Hangzhou"
    people = _texts(cars, 3)
    row = next(i for i, p in enumerate(people)
               if p.startswith("Әйгерім") and _texts(cars, 2)[i] == "Car 1")
    # Her seat gives no driver: the car's (given on Tokayev's seat) is shown.
    assert _texts(cars, 5)[row] == "Wang Jun (王军)"
    assert demo_window.actions.new_item.text() == "&New Car seat"


def test_editing_a_seat_is_one_undo_step_and_a_new_seat_joins_the_car(demo_window: Any) -> None:
    state = demo_window.state
    cars = demo_window.switch_to("movements").cars
    seat = next(s for s in entities.list_for_visit(state.db, "car_seat", state.visit.id)
                if s.seat == "front" and s.car_number == "1")
    cars.show_item("car_seat", seat.id)
    cars.form.edited.emit({"seat": "rear centre", "liaison": "Тоқаев's aide 习"})
    stored = entities.get(state.db, "car_seat", seat.id)
    assert stored.seat == "rear centre" and stored.liaison == "Тоқаев's aide 习"
    state.undo()
    stored = entities.get(state.db, "car_seat", seat.id)
    assert stored.seat == "front" and stored.liaison == ""
    cars.show_item("car_seat", seat.id)
    demo_window.actions.new_item.trigger()
    created = cars.selected()
    assert (created.car_number, created.car_position, created.event_id) == ("1", 2, seat.event_id)
    assert cars.model.rowCount() == 42
    state.undo()
    assert cars.model.rowCount() == 41


def test_rooming_list_edit_delete_and_undo(demo_window: Any) -> None:
    state = demo_window.state
    view = demo_window.switch_to("movements")
    view.tabs.setCurrentIndex(1)
    rooms = view.rooms
    assert demo_window.actions.new_item.text() == "&New Room"
    assert rooms.model.rowCount() == 4
    assert set(_texts(rooms, 0)) == {"Diaoyutai State Guesthouse"}
    tokayev = next(r for r in entities.list_for_visit(state.db, "room", state.visit.id)
                   if r.room == "Villa 18")
    rooms.show_item("room", tokayev.id)
    assert "Тоқаев" in _texts(rooms, 2)[rooms.table.currentIndex().row()]
    rooms.form.edited.emit({"check_out": "2019-09-09"})
    assert entities.get(state.db, "room", tokayev.id).check_out == date(2019, 9, 9)
    assert rooms.warn(entities.get(state.db, "room", tokayev.id))  # out before in
    state.undo()
    assert entities.get(state.db, "room", tokayev.id).check_out == date(2019, 9, 12)
    demo_window.actions.delete.trigger()  # Edit > Delete acts on the tab showing
    assert rooms.model.rowCount() == 3 and view.cars.model.rowCount() == 41
    state.undo()
    assert rooms.model.rowCount() == 4


def test_a_room_found_elsewhere_opens_on_its_tab(demo_window: Any) -> None:
    state = demo_window.state
    room = entities.list_for_visit(state.db, "room", state.visit.id)[2]
    demo_window.switch_to("movements")
    state.select("room", room.id)
    view = demo_window.view("movements")
    assert view.current is view.rooms and view.rooms.selected().id == room.id


def test_the_selected_seats_car_is_shown_whole(demo_window: Any) -> None:
    state = demo_window.state
    cars = demo_window.switch_to("movements").cars
    seats = entities.list_for_visit(state.db, "car_seat", state.visit.id)
    rear_left = next(s for s in seats if s.car_number == "1" and s.seat == "rear left")
    cars.show_item("car_seat", rear_left.id)
    text = cars.car_box.text()
    assert "<b>Car 1</b> — no. 2 in the motorcade" in text
    assert "Driver: Wang Jun (王军)" in text and "Liaison: Liu Wei (刘伟), MFA Protocol" in text
    assert "rear right: Қасым-Жомарт Тоқаев (Kassym-Jomart Tokayev)" in text
    assert text.count("&nbsp;&nbsp;") == 3  # the car's three passengers
    cars.form.edited.emit({"seat": "<back> & left"})
    assert "&lt;back&gt; &amp; left: Әйгерім" in cars.car_box.text()
