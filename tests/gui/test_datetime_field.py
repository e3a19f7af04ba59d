"""The event dialog's Starts and Ends: typed the way people type a date and time, kept
as typed and refused in place when they cannot be read (issue 9)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLineEdit, QVBoxLayout, QWidget

from briefing_app.gui.dialogs.event_dialog import EventDialog
from briefing_app.gui.widgets.datetime_field import DateTimeField
from briefing_app.gui.widgets.marks import is_marked

START = datetime(2019, 9, 10, 9, 0)


def _type(box: DateTimeField, text: str) -> None:
    """Select all, type as a keyboard does, and leave with Return."""
    box.line.setFocus()
    box.line.selectAll()
    QTest.keyClicks(box.line, text)
    QTest.keyClick(box.line, Qt.Key.Key_Return)


def _dialog(qtbot: Any) -> EventDialog:
    dlg = EventDialog(None, [], default_start=START, default_tz="Asia/Almaty")
    qtbot.addWidget(dlg)
    dlg.show()
    return dlg


@pytest.mark.parametrize(("typed", "start"), [
    ("10 Sep 2019 14:30", "2019-09-10 14:30"), ("11/9 14:30", "2019-09-11 14:30"),
    ("14:30", "2019-09-10 14:30"), ("+1d", "2019-09-11 09:00"), ("12 Sep", "2019-09-12 09:00")])
def test_a_start_typed_as_people_type_it(qtbot: Any, typed: str, start: str) -> None:
    dlg = _dialog(qtbot)
    _type(dlg.start, typed)
    values = dlg.values()
    assert values["start_local"] == start
    # the end follows, keeping the hour the event lasts
    end = datetime.strptime(start, "%Y-%m-%d %H:%M") + timedelta(hours=1)
    assert values["end_local"] == f"{end:%Y-%m-%d %H:%M}"
    assert not is_marked(dlg.start.line)
    assert "14:30" in dlg.start.text() or start.endswith("09:00")  # shown in the app's format


def test_a_typed_end_sets_the_length_the_start_then_keeps(qtbot: Any) -> None:
    dlg = _dialog(qtbot)
    _type(dlg.end, "11:15")
    _type(dlg.start, "+1d")
    assert (dlg.values()["start_local"], dlg.values()["end_local"]) == (
        "2019-09-11 09:00", "2019-09-11 11:15")


def test_an_unreadable_time_is_refused_in_place_naming_the_field(qtbot: Any) -> None:
    dlg = _dialog(qtbot)
    dlg.title.setText("Talks with 习近平")
    dlg.submit = lambda d: pytest.fail("the core must not be asked")
    _type(dlg.end, "25:70")
    QTest.mouseClick(dlg.buttons.button(QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)
    assert dlg.isVisible()
    assert dlg.error.text().startswith("Ends: ") and "25:70" in dlg.error.text()
    assert is_marked(dlg.end.line) and not is_marked(dlg.start.line)
    assert dlg.end.text() == "25:70" and dlg.title.text() == "Talks with 习近平"  # kept as typed
    taken: list[str] = []
    dlg.submit = lambda d: taken.append(d.values()["end_local"]) or "ok"
    _type(dlg.end, "10:45")  # Return: the dialog's OK, now taken
    assert not is_marked(dlg.end.line)
    assert taken == ["2019-09-10 10:45"] and not dlg.isVisible()


def test_the_typed_text_is_read_even_before_the_box_is_left(qtbot: Any) -> None:
    """OK pressed straight after typing (no editingFinished yet) takes what is typed."""
    dlg = _dialog(qtbot)
    dlg.start.line.setText("13:05")
    taken: list[dict[str, Any]] = []
    dlg.submit = lambda d: taken.append(d.values()) or "ok"
    dlg.accept()
    assert taken[0]["start_local"] == "2019-09-10 13:05"


def test_arrow_keys_step_a_quarter_hour_and_page_keys_a_day(qtbot: Any) -> None:
    box = DateTimeField()
    qtbot.addWidget(box)
    box.set_wall(START)
    box.show()
    box.line.setFocus()
    for key in (Qt.Key.Key_Up, Qt.Key.Key_Up, Qt.Key.Key_PageUp, Qt.Key.Key_Down):
        QTest.keyClick(box.line, key)
    assert box.wall() == START + timedelta(days=1, minutes=15)


def test_stepping_and_showing_never_go_through_the_laptops_zone(qtbot: Any) -> None:
    """A wall-clock time in a DST gap somewhere is shown and stepped exactly: the box
    carries no zone at all."""
    box = DateTimeField()
    qtbot.addWidget(box)
    gap = datetime(2019, 3, 31, 2, 30)  # does not exist in Europe/Berlin
    box.set_wall(gap)
    assert box.parsed() == gap and box.wall() == gap
    box.step(timedelta(minutes=15))
    assert box.wall() == gap + timedelta(minutes=15)


def test_tab_leaves_the_box_in_one_stop(qtbot: Any) -> None:
    form = QWidget()
    qtbot.addWidget(form)
    lay = QVBoxLayout(form)
    before, box, after = QLineEdit(), DateTimeField(), QLineEdit()
    for w in (before, box, after):
        lay.addWidget(w)
    form.show()
    form.activateWindow()
    assert QTest.qWaitForWindowActive(form)
    box.setFocus()
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is after
    QTest.keyClick(after, Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is box.line
