"""Wall-clock entry is exact in the venue's zone whatever the laptop's own zone.

Each test runs under several machine zones (TZ set and re-read with time.tzset(), which
Qt follows: the fixture checks that Qt reports the zone, and one test shows that a plain
QDateTimeEdit really does move 02:30 to 03:30 under Europe/Berlin, so these tests would
catch the boxes the event dialog used to have).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QDate, QDateTime, Qt, QTime, QTimeZone
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDateTimeEdit

from briefing_app.core.ops import entities
from briefing_app.gui.dialogs.event_dialog import EventDialog, _qdt
from briefing_app.gui.dialogs.visit_dialog import NewVisitDialog
from briefing_app.gui.operations import errors

MACHINE_ZONES = ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Almaty", "UTC"]

# Wall-clock times some machine zone above skips or shows twice.
AWKWARD = [
    datetime(2019, 3, 31, 2, 30),  # Berlin: skipped
    datetime(2019, 10, 27, 2, 30),  # Berlin: twice
    datetime(2019, 3, 10, 2, 30),  # New York: skipped
    datetime(2019, 11, 3, 1, 30),  # New York: twice
    datetime(2019, 10, 6, 2, 15),  # Lord Howe: skipped (a half-hour change)
]

# For each machine zone, an hour before a wall-clock time that zone skips (Almaty and
# UTC have none in 2019: they get Berlin's, which must be just as exact there).
BEFORE_GAP = {
    "Europe/Berlin": datetime(2019, 3, 31, 1, 30),
    "America/New_York": datetime(2019, 3, 10, 1, 30),
    "Australia/Lord_Howe": datetime(2019, 10, 6, 1, 15),
}


def _before_gap(zone: str) -> datetime:
    return BEFORE_GAP.get(zone, BEFORE_GAP["Europe/Berlin"])


def _hm(value: datetime) -> str:
    return f"{value:%Y-%m-%d %H:%M}"


def _set_machine_zone(zone: str | None) -> None:
    if zone is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = zone
    time.tzset()


@pytest.fixture(params=MACHINE_ZONES)
def machine_zone(request: pytest.FixtureRequest, qapp: Any) -> Iterator[str]:
    """The laptop's zone for one test; restored afterwards."""
    before = os.environ.get("TZ")
    _set_machine_zone(request.param)
    try:
        assert QTimeZone.systemTimeZoneId().data().decode() == request.param, "Qt must see TZ"
        yield request.param
    finally:
        _set_machine_zone(before)


@pytest.fixture
def berlin_laptop(qapp: Any) -> Iterator[None]:
    before = os.environ.get("TZ")
    _set_machine_zone("Europe/Berlin")
    try:
        yield
    finally:
        _set_machine_zone(before)


def test_a_plain_qdatetimeedit_does_move_the_time_under_berlin(berlin_laptop: None) -> None:
    """The defect these tests guard against is real in this environment."""
    plain = QDateTimeEdit()
    plain.setDateTime(QDateTime(QDate(2019, 3, 31), QTime(2, 30)))
    assert plain.dateTime().time().hour() == 3


@pytest.mark.parametrize("wall", AWKWARD, ids=lambda d: f"{d:%Y%m%dT%H%M}")
def test_the_dialog_keeps_every_wall_clock_time_exactly(machine_zone: str, wall: datetime) -> None:
    dlg = EventDialog(None, [], default_start=wall, default_tz="Asia/Almaty")
    values = dlg.values()
    assert values["start_local"] == f"{wall:%Y-%m-%d %H:%M}"
    assert values["end_local"] == f"{wall + timedelta(hours=1):%Y-%m-%d %H:%M}"
    dlg.start.setDateTime(_qdt(wall - timedelta(days=1)))
    dlg.start.setDateTime(_qdt(wall))
    assert dlg.values()["start_local"] == f"{wall:%Y-%m-%d %H:%M}"


def test_stepping_goes_through_every_quarter_hour(machine_zone: str, qtbot: Any) -> None:
    first = _before_gap(machine_zone)
    dlg = EventDialog(None, [], default_start=first, default_tz="Asia/Almaty")
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.start.line.setFocus()
    seen = []
    for _ in range(8):
        QTest.keyClick(dlg.start.line, Qt.Key.Key_Up)
        seen.append(dlg.values()["start_local"])
    assert seen == [_hm(first + timedelta(minutes=15 * n)) for n in range(1, 9)]


def test_a_typed_hour_is_taken_as_typed(machine_zone: str, qtbot: Any) -> None:
    first = _before_gap(machine_zone)
    dlg = EventDialog(None, [], default_start=first, default_tz="Asia/Almaty")
    qtbot.addWidget(dlg)
    dlg.show()
    box = dlg.start.line
    box.setFocus()
    box.selectAll()
    QTest.keyClicks(box, f"{first.hour + 1:02d}:{first.minute:02d}")  # a time: keeps the date
    QTest.keyClick(box, Qt.Key.Key_Return)
    assert dlg.values()["start_local"] == _hm(first + timedelta(hours=1))


def test_opening_and_accepting_an_event_changes_nothing(machine_zone: str, db: Any) -> None:
    """A time the laptop's zone skips is a valid time in Almaty; the laptop used to move it."""
    wall = _before_gap(machine_zone) + timedelta(hours=1)
    visit = entities.create(db, "visit", None, {"title": "V", "visit_type": "working visit",
                                                "start_date": wall.date() - timedelta(days=1),
                                                "end_date": wall.date() + timedelta(days=1),
                                                "home_tz": "Asia/Almaty"})
    rec = entities.create(db, "event", visit.id, {"title": "Early talks", "event_type": "talks",
                                                  "tz": "Asia/Almaty", "start_local": _hm(wall),
                                                  "end_local": _hm(wall + timedelta(hours=1))})
    assert rec.starts_at == wall.replace(tzinfo=UTC) - timedelta(hours=6)  # Almaty, UTC+6
    dlg = EventDialog(None, [], record=rec)
    assert dlg.changes() == {}
    assert dlg.values()["start_local"] == _hm(wall)


def test_a_time_the_venue_skips_gets_the_cores_own_refusal(machine_zone: str, demo_window: Any,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    refused: list[str] = []

    def fill(d: EventDialog) -> int:
        d.title.setText("Breakfast in Berlin")
        d.tz.setEditText("Europe/Berlin")
        d.start.setDateTime(_qdt(datetime(2019, 3, 31, 2, 30)))
        d.accept()  # OK: the core refuses, the dialog stays open and says why
        refused.append(d.error.text())
        return d.result()

    monkeypatch.setattr(EventDialog, "exec", fill)
    db = demo_window.state.db
    before = len(entities.list_for_visit(db, "event", demo_window.state.visit.id))
    errors.shown.clear()
    demo_window.add_event()
    assert "2019-03-31 02:30 does not exist in Europe/Berlin" in refused[0]
    assert len(entities.list_for_visit(db, "event", demo_window.state.visit.id)) == before


def test_new_visit_dates_are_exact(machine_zone: str) -> None:
    dlg = NewVisitDialog(None)
    dlg.start.setDate(QDate(2019, 3, 31))
    dlg.end.setDate(QDate(2019, 10, 27))
    values = dlg.values()
    assert (values["start_date"].isoformat(), values["end_date"].isoformat()) == (
        "2019-03-31", "2019-10-27")


def _flight(window: Any) -> Any:
    return entities.create(window.state.db, "event", window.state.visit.id, {
        "title": "Flight Almaty - Beijing", "event_type": "flight", "tz": "Asia/Almaty",
        "end_tz": "Asia/Shanghai", "start_local": "2019-09-10 12:00",
        "end_local": "2019-09-10 18:40"})


def test_dragging_a_flight_keeps_its_length(berlin_laptop: None, demo_window: Any) -> None:
    """The timeline shows a flight's end on the clock of its start; it used to be read
    on the arrival clock, two hours off between Almaty and Beijing."""
    flight = _flight(demo_window)
    view = demo_window.switch_to("timeline")
    view.refresh()
    block = next(b for b in view.canvas.blocks if b.event_id == flight.id)
    start, end = block.start + timedelta(hours=1), block.end + timedelta(hours=1)
    view.canvas.moved.emit(flight.id, f"{start:%Y-%m-%d %H:%M}", f"{end:%Y-%m-%d %H:%M}")
    after = entities.get(demo_window.state.db, "event", flight.id)
    assert after.starts_at == flight.starts_at + timedelta(hours=1)
    assert after.ends_at - after.starts_at == flight.ends_at - flight.starts_at
    assert (after.tz, after.end_tz) == ("Asia/Almaty", "Asia/Shanghai")
    demo_window.state.undo()
    back = entities.get(demo_window.state.db, "event", flight.id)
    assert (back.starts_at, back.ends_at) == (flight.starts_at, flight.ends_at)


def test_dragging_onto_a_time_the_venue_skips_is_refused_by_the_core(berlin_laptop: None,
                                                                     demo_window: Any) -> None:
    db = demo_window.state.db
    ev = entities.create(db, "event", demo_window.state.visit.id, {
        "title": "Night call", "event_type": "meeting", "tz": "Europe/Berlin",
        "start_local": "2019-03-31 01:00", "end_local": "2019-03-31 01:30"})
    view = demo_window.switch_to("timeline")
    errors.shown.clear()
    view.canvas.moved.emit(ev.id, "2019-03-31 02:30", "2019-03-31 03:00")
    assert any("2019-03-31 02:30 does not exist in Europe/Berlin" in m for _t, m in errors.shown)
    assert entities.get(db, "event", ev.id).starts_at == ev.starts_at
