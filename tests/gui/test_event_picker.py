"""The Brief's event picker formats only the labels Qt shows, finds an event by its id
without a scan, and still lists, selects and steps through every event."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any, NamedTuple

import pytest

from briefing_app.gui.widgets import event_picker as picker_module
from briefing_app.gui.widgets.event_picker import ID_ROLE, event_picker


class Ev(NamedTuple):
    id: int
    starts_at: datetime
    tz: str
    title: str


def _events(n: int) -> list[Ev]:
    start = datetime(2019, 9, 10, 4, 0, tzinfo=UTC)
    return [Ev(100 + i, start + timedelta(minutes=7 * i), "Asia/Shanghai", f"Event {i}")
            for i in range(n)]


def test_labels_are_formatted_only_when_shown(qtbot: Any,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    formatted: list[str] = []
    real = picker_module.in_zone
    monkeypatch.setattr(picker_module, "in_zone",
                        lambda at, tz: formatted.append(tz) or real(at, tz))
    box, model = event_picker()
    qtbot.addWidget(box)
    model.set_events(_events(5000))
    box.show()
    box.setCurrentIndex(model.row_of(100 + 4321))
    qtbot.waitExposed(box)
    box.grab()
    box.sizeHint()
    assert 0 < len(formatted) < 50, len(formatted)  # not one per event
    assert box.currentText() == "Tue 01 Oct 12:07  Event 4321"  # 04:00 UTC + 7 × 4321 min
    assert box.currentData() == 4421
    assert box.count() == 5000


def test_ids_rows_and_a_refill(qtbot: Any) -> None:
    box, model = event_picker()
    qtbot.addWidget(box)
    events = _events(30)
    model.set_events(events)
    assert [model.row_of(ev.id) for ev in events] == list(range(30))
    assert model.row_of(99) == -1 and model.row_of(None) == -1
    assert box.itemData(7) == 107 and box.itemData(7, ID_ROLE) == 107
    assert box.itemText(0) == "Tue 10 Sep 12:00  Event 0"  # Shanghai: UTC+8
    renamed = [events[0]._replace(title="Renamed"), *events[1:]]
    model.set_events(renamed)  # a refill replaces the labels already made
    assert box.itemText(0) == "Tue 10 Sep 12:00  Renamed"
    model.set_events([])
    assert box.count() == 0 and model.row_of(100) == -1
