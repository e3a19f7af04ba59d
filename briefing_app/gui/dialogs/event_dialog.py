"""New event / edit an event's details and times, typed as wall-clock time at the venue.

The date-time boxes carry no zone (see widgets.wall_clock): the laptop's own zone never
moves, steps over or refuses a time; the core applies the venue's zone and refuses a
time in a DST gap or fold with its own message.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QDate, QDateTime, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from briefing_app.core import enums as E
from briefing_app.core.enums import label as enum_label
from briefing_app.core.validation import MAX_YEAR, MIN_YEAR
from briefing_app.gui.widgets.record_form import COMMON_ZONES
from briefing_app.gui.widgets.wall_clock import WallClockEdit, from_qt, to_qt

FMT = "%Y-%m-%d %H:%M"


def _qdt(dt: datetime) -> QDateTime:
    """A wall-clock time for the boxes (no zone: never shifted by the laptop's zone)."""
    return to_qt(dt)


def _py(q: QDateTime) -> datetime:
    return from_qt(q)


class EventDialog(QDialog):
    """Returns `values()` for a new event or `changes()` against the record being edited."""

    def __init__(self, parent: QWidget | None, venues: list[Any], *, record: Any = None,
                 default_start: datetime | None = None, default_tz: str = "Asia/Almaty") -> None:
        super().__init__(parent)
        self.record = record
        self.venues = {v.id: v for v in venues}
        self.setWindowTitle("Edit event" if record else "New event")
        self.setMinimumWidth(460)
        form = QFormLayout()
        self.title = QLineEdit()
        self.title.setPlaceholderText("e.g. Talks in restricted format")
        self.kind = QComboBox()
        for k in E.EventKind:
            self.kind.addItem(enum_label(k.value), k.value)
        self.venue = QComboBox()
        self.venue.addItem("— no venue —", None)
        for v in venues:
            self.venue.addItem(v.name + (f", {v.city}" if v.city else ""), v.id)
        self.start = WallClockEdit()
        self.end = WallClockEdit()
        for w in (self.start, self.end):
            w.setDisplayFormat("ddd dd MMM yyyy  HH:mm")
            w.setCalendarPopup(True)
            w.setDateRange(QDate(MIN_YEAR, 1, 1), QDate(MAX_YEAR, 12, 31))  # the core's bounds
        self.tz = QComboBox()
        self.tz.setEditable(True)
        self.tz.addItems(COMMON_ZONES)
        self.end_tz = QComboBox()
        self.end_tz.setEditable(True)
        self.end_tz.addItem("")
        self.end_tz.addItems(COMMON_ZONES)
        self.status = QComboBox()
        for s in E.EventStatus:
            self.status.addItem(enum_label(s.value), s.value)
        self.press = QComboBox()
        for p in E.PressAccess:
            self.press.addItem(f"Press: {enum_label(p.value)}", p.value)
        form.addRow("&Title", self.title)
        form.addRow("&Kind", self.kind)
        form.addRow("&Venue", self.venue)
        form.addRow("&Starts", self.start)
        form.addRow("&Ends", self.end)
        form.addRow("Time &zone", self.tz)
        form.addRow("&Arrival zone", self.end_tz)
        form.addRow("Stat&us", self.status)
        form.addRow("&Press", self.press)
        note = QLabel("Times are wall-clock times at the venue (the arrival zone applies to "
                      "the end of a flight).")
        note.setWordWrap(True)
        note.setStyleSheet("color: #5f6670;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(note)
        lay.addWidget(buttons)
        self._duration = timedelta(hours=1)
        self.start.dateTimeChanged.connect(self._keep_duration)
        self.end.dateTimeChanged.connect(self._remember_duration)
        self.venue.activated.connect(self._venue_zone)
        self._fill(record, default_start, default_tz)
        self.title.setFocus(Qt.FocusReason.OtherFocusReason)

    def _fill(self, rec: Any, default_start: datetime | None, default_tz: str) -> None:
        from briefing_app.core.timezones import in_zone

        if rec is None:
            start = default_start or datetime.now().replace(minute=0, second=0, microsecond=0)
            self.tz.setEditText(default_tz)
            self.start.setDateTime(_qdt(start))
            self.end.setDateTime(_qdt(start + self._duration))
            self.kind.setCurrentIndex(self.kind.findData(E.EventKind.MEETING.value))
            return
        self.title.setText(rec.title)
        self.kind.setCurrentIndex(max(0, self.kind.findData(rec.kind)))
        self.venue.setCurrentIndex(max(0, self.venue.findData(rec.venue_id)))
        self.tz.setEditText(rec.tz)
        self.end_tz.setEditText(rec.end_tz)
        self.start.setDateTime(_qdt(in_zone(rec.starts_at, rec.tz).replace(tzinfo=None)))
        self.end.setDateTime(_qdt(in_zone(rec.ends_at, rec.display_end_tz).replace(tzinfo=None)))
        self.status.setCurrentIndex(max(0, self.status.findData(rec.status)))
        self.press.setCurrentIndex(max(0, self.press.findData(rec.press)))

    def _keep_duration(self, value: QDateTime) -> None:
        self.end.blockSignals(True)
        self.end.setDateTime(_qdt(_py(value) + self._duration))
        self.end.blockSignals(False)

    def _remember_duration(self, value: QDateTime) -> None:
        delta = _py(value) - _py(self.start.dateTime())
        if delta >= timedelta(0):
            self._duration = delta

    def _venue_zone(self) -> None:
        venue = self.venues.get(self.venue.currentData())
        if venue is not None:
            self.tz.setEditText(venue.tz)

    def values(self) -> dict[str, Any]:
        """Everything typed, in the form `entities.create` takes."""
        return {
            "title": self.title.text(),
            "kind": self.kind.currentData(),
            "venue_id": self.venue.currentData(),
            "tz": self.tz.currentText().strip(),
            "end_tz": self.end_tz.currentText().strip(),
            "start_local": _py(self.start.dateTime()).strftime(FMT),
            "end_local": _py(self.end.dateTime()).strftime(FMT),
            "status": self.status.currentData(),
            "press": self.press.currentData(),
        }

    def changes(self) -> dict[str, Any]:
        """Only what differs from the record (times compared as typed)."""
        from briefing_app.core.timezones import in_zone

        rec = self.record
        new = self.values()
        old = {
            "title": rec.title, "kind": rec.kind, "venue_id": rec.venue_id, "tz": rec.tz,
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
