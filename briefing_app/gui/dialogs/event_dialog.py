"""New event / edit an event's details and times, typed as wall-clock time at the venue.

The date-time boxes (widgets.datetime_field) read a time as people type it and carry
no zone: the laptop's own zone never moves, steps over or refuses a time; the core
applies the venue's zone and refuses a time in a DST gap or fold with its own message.
A typed time the box cannot read is refused in place, naming the field.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from briefing_app.core import enums as E
from briefing_app.core.enums import label as enum_label
from briefing_app.core.timezones import in_zone
from briefing_app.gui.dialogs.form_dialog import FormDialog
from briefing_app.gui.dialogs.venue_dialog import VenueDialog
from briefing_app.gui.widgets.dates import DateParseError
from briefing_app.gui.widgets.datetime_field import DateTimeField
from briefing_app.gui.widgets.record_form import COMMON_ZONES
from briefing_app.gui.widgets.wall_clock import from_qt, to_qt

FMT = "%Y-%m-%d %H:%M"


def _qdt(dt: datetime) -> QDateTime:
    """A wall-clock time as a QDateTime the boxes take (no zone: never shifted by the
    laptop's zone)."""
    return to_qt(dt)


def _py(q: QDateTime) -> datetime:
    return from_qt(q)


TRANSPORT = frozenset({E.EventType.FLIGHT.value, E.EventType.TRANSFER.value})


class EventDialog(FormDialog):
    """Returns `values()` for a new event or `changes()` against the record being edited.

    OK hands them to `submit` (set by the caller) and closes only when the core took
    them: a refused time or zone keeps the dialog open with everything as typed.
    `New venue…` creates a venue in place (through `make_venue`, an undoable step)."""

    def __init__(self, parent: QWidget | None, venues: list[Any], *, record: Any = None,
                 default_start: datetime | None = None, default_tz: str = "Asia/Almaty",
                 make_venue: Callable[[dict[str, Any]], Any] | None = None) -> None:
        super().__init__(parent, "Edit event" if record else "New event")
        self.record = record
        self.make_venue = make_venue
        self.venues = {v.id: v for v in venues}
        self.setMinimumWidth(460)
        self.title = QLineEdit()
        self.title.setPlaceholderText("e.g. Talks in restricted format")
        self.event_type = QComboBox()
        for k in E.EventType:
            self.event_type.addItem(enum_label(k.value), k.value)
        self.venue = QComboBox()
        self.venue.addItem("— no venue —", None)
        for v in venues:
            self._add_venue_item(v)
        self.new_venue = QPushButton("Ne&w venue…")
        self.new_venue.setEnabled(make_venue is not None)
        self.new_venue.clicked.connect(self._create_venue)
        venue_row = QWidget()
        vr = QHBoxLayout(venue_row)
        vr.setContentsMargins(0, 0, 0, 0)
        vr.addWidget(self.venue, 1)
        vr.addWidget(self.new_venue)
        self.start = DateTimeField()
        self.end = DateTimeField()
        self.tz = QComboBox()
        self.tz.setEditable(True)
        self.tz.addItems(COMMON_ZONES)
        self.end_tz = QComboBox()
        self.end_tz.setEditable(True)
        self.end_tz.addItem("")
        self.end_tz.addItems(COMMON_ZONES)
        self.status = QComboBox()
        for st in E.EventStatus:
            self.status.addItem(enum_label(st.value), st.value)
        self.press = QComboBox()
        for pr in E.PressAccess:
            self.press.addItem(f"Press: {enum_label(pr.value)}", pr.value)
        rows = (("&Title", "title", self.title), ("&Kind", "event_type", self.event_type),
                ("&Venue", "venue_id", venue_row), ("&Starts", "start", self.start),
                ("&Ends", "end", self.end), ("Time &zone", "tz", self.tz),
                ("&Arrival zone", "end_tz", self.end_tz), ("Stat&us", "status", self.status),
                ("&Press", "press", self.press))
        for text, name, w in rows:
            self.form.addRow(text, w)
            self.fields[name] = w
        self.fields.update({"start_local": self.start, "starts_at": self.start,
                            "end_local": self.end, "ends_at": self.end})
        self.note = QLabel("Times are wall-clock times at the venue.")
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #5f6670;")
        self.layout_.insertWidget(1, self.note)
        self._duration = timedelta(hours=1)
        self.start.wall_changed.connect(self._keep_duration)
        self.end.wall_changed.connect(self._remember_duration)
        self.venue.activated.connect(self._venue_zone)
        self.event_type.currentIndexChanged.connect(self._transport_only)
        self._fill(record, default_start, default_tz)
        self._transport_only()
        self.title.setFocus(Qt.FocusReason.OtherFocusReason)

    def _add_venue_item(self, v: Any) -> None:
        self.venue.addItem(v.name + (f", {v.city}" if v.city else ""), v.id)

    def _transport_only(self, *_: Any) -> None:
        """The arrival zone is a flight's or a transfer's; other events end where they
        start, so the row is hidden for them (a value already set is kept)."""
        transport = self.event_type.currentData() in TRANSPORT or bool(self.end_tz.currentText())
        self.form.setRowVisible(self.end_tz, transport)
        self.note.setText("Times are wall-clock times at the venue (the arrival zone "
                          "applies to the end of the journey)." if transport else
                          "Times are wall-clock times at the venue.")

    def _create_venue(self) -> None:
        """Ask for a venue's name, city and zone and create it now (one undo step); it
        is then chosen for this event, whose zone becomes the venue's."""
        assert self.make_venue is not None
        dlg = VenueDialog(self, default_tz=self.tz.currentText().strip())
        dlg.submit = lambda d: self.make_venue(d.values())  # type: ignore[misc]
        if dlg.exec() != QDialog.DialogCode.Accepted or dlg.result_value is None:
            return
        venue = dlg.result_value
        self.venues[venue.id] = venue
        self._add_venue_item(venue)
        self.venue.setCurrentIndex(self.venue.findData(venue.id))
        self._venue_zone()

    def _fill(self, rec: Any, default_start: datetime | None, default_tz: str) -> None:
        if rec is None:
            start = default_start or datetime.now().replace(minute=0, second=0, microsecond=0)
            self.tz.setEditText(default_tz)
            self.start.set_wall(start)
            self.end.set_wall(start + self._duration)
            self.event_type.setCurrentIndex(self.event_type.findData(E.EventType.MEETING.value))
            return
        self.title.setText(rec.title)
        self.event_type.setCurrentIndex(max(0, self.event_type.findData(rec.event_type)))
        self.venue.setCurrentIndex(max(0, self.venue.findData(rec.venue_id)))
        self.tz.setEditText(rec.tz)
        self.end_tz.setEditText(rec.end_tz)
        self.start.set_wall(in_zone(rec.starts_at, rec.tz).replace(tzinfo=None))
        self.end.set_wall(in_zone(rec.ends_at, rec.display_end_tz).replace(tzinfo=None))
        self._duration = max(timedelta(0), self.end.wall() - self.start.wall())
        self.status.setCurrentIndex(max(0, self.status.findData(rec.status)))
        self.press.setCurrentIndex(max(0, self.press.findData(rec.press)))

    def _keep_duration(self, value: datetime) -> None:
        """End follows Start, keeping the event's length."""
        self.end.set_wall(value + self._duration)

    def _remember_duration(self, value: datetime) -> None:
        delta = value - self.start.wall()
        if delta >= timedelta(0):
            self._duration = delta

    def check(self) -> None:
        """A typed Starts or Ends that is not a time is refused here, naming the field
        (the core never sees it); everything typed stays."""
        for name, box in (("start_local", self.start), ("end_local", self.end)):
            try:
                box.parsed()
            except DateParseError as exc:
                exc.field = name  # type: ignore[attr-defined]
                raise

    def _venue_zone(self) -> None:
        venue = self.venues.get(self.venue.currentData())
        if venue is not None:
            self.tz.setEditText(venue.tz)

    def values(self) -> dict[str, Any]:
        """Everything typed, in the form `entities.create` takes."""
        return {
            "title": self.title.text(),
            "event_type": self.event_type.currentData(),
            "venue_id": self.venue.currentData(),
            "tz": self.tz.currentText().strip(),
            "end_tz": self.end_tz.currentText().strip(),
            "start_local": self.start.parsed().strftime(FMT),
            "end_local": self.end.parsed().strftime(FMT),
            "status": self.status.currentData(),
            "press": self.press.currentData(),
        }

    def changes(self) -> dict[str, Any]:
        """Only what differs from the record (times compared as typed)."""
        rec = self.record
        new = self.values()
        old = {
            "title": rec.title, "event_type": rec.event_type, "venue_id": rec.venue_id, "tz": rec.tz,
            "end_tz": rec.end_tz, "status": rec.status, "press": rec.press,
            "start_local": in_zone(rec.starts_at, rec.tz).strftime(FMT),
            "end_local": in_zone(rec.ends_at, rec.display_end_tz).strftime(FMT),
        }
        changed = {k: v for k, v in new.items() if v != old[k]}
        if {"tz", "end_tz"} & set(changed):
            # A new zone re-reads the typed times in it.
            changed.setdefault("start_local", new["start_local"])
            changed.setdefault("end_local", new["end_local"])
        return changed
