"""The two lists of the Movements view: the car plan of each transfer (one row per seat,
cars in motorcade order) and the rooming list of each hotel. Each is a list beside its
form; every edit is one undo step through ops/entities."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from briefing_app.core.enums import Vehicle
from briefing_app.core.ops import entities
from briefing_app.core.protocol_lists import motorcade, vehicle_name
from briefing_app.gui.operations.state import AppState
from briefing_app.gui.views.list_form import ListFormView
from briefing_app.gui.widgets.record_form import Field
from briefing_app.gui.widgets.table_model import Column
from briefing_app.gui.widgets.wide_choices import widen_choices


def _day(value: Any) -> str:
    return f"{value:%d %b %Y}" if value else ""


class _Panel(ListFormView):
    """A list with one extra filter box (a transfer, a hotel) and name look-ups."""

    filter_ref = ""  # the record's field the box filters on
    any_text = ""

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        self._names: dict[int, str] = {}
        self._titles: dict[int, str] = {}
        super().__init__(state, parent)
        self.kinds = frozenset({self.kind, "person", "event", "venue"})
        self.only = QComboBox()
        self.only.setObjectName(f"{self.kind}Only")
        self.only.setMinimumContentsLength(28)
        self.only.activated.connect(self.safe_refresh)
        self.filters.addWidget(self.only)
        widen_choices(self.form)

    def accept(self, record: Any) -> bool:
        wanted = self.only.currentData() if hasattr(self, "only") else None
        return wanted is None or getattr(record, self.filter_ref) == wanted

    def fill_only(self, items: list[tuple[str, Any]]) -> None:
        """The filter box's entries, keeping the one chosen while it still exists."""
        keep = self.only.currentData()
        self.only.clear()
        self.only.addItem(self.any_text, None)
        for text, value in items:
            self.only.addItem(text, value)
        i = self.only.findData(keep)
        self.only.setCurrentIndex(max(i, 0))

    def load_names(self, ref_kind: str) -> list[Any]:
        """People's names, and the rows of `ref_kind` (events, venues) by id."""
        db, visit_id = self.state.require_db(), self.state.require_visit().id
        people = entities.list_for_visit(db, "person", visit_id)
        self._names = {p.id: p.display_name for p in people}
        refs = entities.list_for_visit(db, ref_kind, visit_id)
        self._titles = {r.id: getattr(r, "title", None) or r.name for r in refs}
        self.form.set_choices("person_id", [("— nobody —", None)]
                              + [(p.display_name, p.id) for p in people])
        return refs

    def near(self, field: str) -> Any:
        """The chosen filter's value, else the selected row's (a new row goes there)."""
        wanted = self.only.currentData()
        rec = self.selected()
        return wanted if wanted is not None else getattr(rec, field, None)


class CarPlanPanel(_Panel):
    kind = "car_seat"
    title_text = "Car plan"
    filter_ref = "event_id"
    any_text = "All transfers"
    copy_fields = ("event_id", "car_position", "car_number", "vehicle", "seat", "driver",
                   "liaison")

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        self._cars: dict[int, Any] = {}
        super().__init__(state, parent)
        for col, width in enumerate((150, 45, 80, 210, 80, 150, 150)):
            self.table.setColumnWidth(col, width)
        self.car_box = QLabel()
        self.car_box.setObjectName("carSummary")
        self.car_box.setWordWrap(True)
        self.car_box.setStyleSheet("border: 1px solid #c8ccd2; background: #f7f8fa; "
                                   "padding: 6px;")
        self.right_layout.addWidget(self.car_box)
        note = QLabel("A car's driver and liaison are those given on its first seat that "
                      "has them; the order puts the car in the motorcade.")
        note.setWordWrap(True)
        note.setStyleSheet("color: #5f6670;")
        self.right_layout.addWidget(note)
        self.right_layout.addStretch(1)

    @property
    def new_values(self) -> dict[str, Any]:  # type: ignore[override]
        """A new seat goes into the selected car (or car 1 of the chosen transfer)."""
        rec = self.selected()
        same_car = rec is not None and (self.only.currentData() in (None, rec.event_id))
        return {"event_id": self.near("event_id"),
                "car_position": rec.car_position if same_car else 1,
                "car_number": rec.car_number if same_car else "1",
                "vehicle": rec.vehicle if same_car else Vehicle.CAR.value}

    def columns(self) -> list[Column]:
        return [
            Column("Transfer", lambda s: self._titles.get(s.event_id or 0, "— no transfer —")),
            Column("Order", lambda s: str(s.car_position), align_right=True,
                   sort=lambda s: s.car_position),
            Column("Vehicle", lambda s: vehicle_name(s)),
            Column("Person", lambda s: self._names.get(s.person_id or 0, "")),
            Column("Seat", lambda s: s.seat),
            Column("Driver", lambda s: self._car(s, "driver")),
            Column("Liaison", lambda s: self._car(s, "liaison")),
        ]

    def _car(self, seat: Any, what: str) -> str:
        car = self._cars.get(seat.id)
        return getattr(car, what) if car is not None else getattr(seat, what)

    def on_record(self, seat: Any) -> None:
        """The selected seat's car as a whole: its place, driver, liaison, who sits where."""
        car = self._cars.get(seat.id) if seat is not None else None
        self.car_box.setVisible(car is not None)
        if car is None:
            return
        e = escape
        name = e(vehicle_name(car.seats[0])) if car.seats else f"Car {e(car.number)}"
        where = (f" — no. {car.position} in the motorcade" if car.vehicle == Vehicle.CAR
                 else f" — {len([s for s in car.seats if s.person_id])} aboard")
        lines = [f"<b>{name}</b>{where}"]
        for what, who in (("Driver", car.driver), ("Liaison", car.liaison)):
            if who:
                lines.append(f"{what}: {e(who)}")
        for s in car.seats:
            if s.person_id:
                where = f"{e(s.seat)}: " if s.seat else ""
                lines.append(f"&nbsp;&nbsp;{where}{e(self._names.get(s.person_id, '?'))}")
        self.car_box.setText("<br>".join(lines))

    def fields(self) -> list[Field]:
        return [
            Field("event_id", "T&ransfer", "ref"),
            Field("car_position", "&Order in the motorcade", "int", lo=1, hi=1_000),
            Field("vehicle", "Vehicle &kind", "choice", choices=[v.value for v in Vehicle]),
            Field("car_number", "&Car or flight", placeholder="e.g. 1, Police lead; KAZ 001"),
            Field("person_id", "&Person", "ref"),
            Field("seat", "Se&at", placeholder="e.g. rear right"),
            Field("driver", "Dr&iver"),
            Field("liaison", "&Liaison"),
            Field("notes", "No&tes", "text", rows=3),
        ]

    def load(self) -> list[Any]:
        events = self.load_names("event")
        self.form.set_choices("event_id", [("— no transfer —", None)]
                              + [(e.title, e.id) for e in events])
        records = super().load()
        used = {s.event_id for s in records}
        self.fill_only([(e.title, e.id) for e in events if e.id in used])
        self._cars = {seat.id: car for cars in motorcade(records).values()
                      for car in cars for seat in car.seats}
        return records


class RoomingPanel(_Panel):
    kind = "room"
    title_text = "Rooming list"
    filter_ref = "hotel_id"
    any_text = "All hotels"
    copy_fields = ("hotel_id", "room", "check_in", "check_out")

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        for col, width in enumerate((180, 105, 220, 100, 100)):
            self.table.setColumnWidth(col, width)
        self.right_layout.addStretch(1)  # a short form stays at the top

    @property
    def new_values(self) -> dict[str, Any]:  # type: ignore[override]
        """A new room is in the chosen (or selected) hotel for the same nights."""
        rec, visit = self.selected(), self.state.require_visit()
        return {"room": "New room", "hotel_id": self.near("hotel_id"),
                "check_in": rec.check_in if rec is not None else visit.start_date,
                "check_out": rec.check_out if rec is not None else visit.end_date}

    def columns(self) -> list[Column]:
        return [
            Column("Hotel", lambda r: self._titles.get(r.hotel_id or 0, "— no hotel —")),
            Column("Room", lambda r: r.room),
            Column("Person", lambda r: self._names.get(r.person_id or 0, "")),
            Column("Check-in", lambda r: _day(r.check_in),
                   sort=lambda r: r.check_in.toordinal() if r.check_in else 0),
            Column("Check-out", lambda r: _day(r.check_out),
                   sort=lambda r: r.check_out.toordinal() if r.check_out else 0,
                   tooltip=lambda r: "Check-out is before check-in" if self.warn(r)
                   else _day(r.check_out)),
        ]

    def fields(self) -> list[Field]:
        return [
            Field("hotel_id", "Hote&l", "ref"),
            Field("room", "&Room", placeholder="e.g. Villa 18 / 201"),
            Field("person_id", "&Person", "ref"),
            Field("check_in", "Check-&in", "optdate"),
            Field("check_out", "Check-&out", "optdate"),
            Field("notes", "No&tes", "text", rows=3),
        ]

    def warn(self, record: Any) -> bool:
        return bool(record.check_in and record.check_out and record.check_out < record.check_in)

    def load(self) -> list[Any]:
        venues = self.load_names("venue")
        self.form.set_choices("hotel_id", [("— no hotel —", None)]
                              + [(v.name, v.id) for v in venues])
        records = super().load()
        used = {r.hotel_id for r in records}
        self.fill_only([(v.name, v.id) for v in venues if v.id in used])
        return records
