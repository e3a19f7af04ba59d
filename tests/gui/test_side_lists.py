"""The read-only side lists (a venue's events, a point's or fact's uses, a person's
itinerary, the conflicts, the navigator) follow the list conventions: F2 and Enter
open the current item as a double-click does, the context menu starts with that
action, Ctrl+C copies the lines (issue 9)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QListWidget

from briefing_app.core.ops import entities


def _show_first_with(view: Any, side: QListWidget) -> None:
    """Select the first record of the view whose side list has a line to open."""
    for row in range(view.proxy.rowCount()):
        view.table.selectRow(row)
        if side.count() and side.item(0).data(Qt.ItemDataRole.UserRole):
            side.setCurrentRow(0)
            return
    pytest.fail("the demo data has no record with a side list to open")


@pytest.mark.parametrize(("key", "side"), [("venues", "used_in"), ("talking-points", "used"),
                                           ("people", "itinerary"), ("facts", "cited")])
@pytest.mark.parametrize("how", ["F2", "Return", "menu"])
def test_a_side_list_opens_the_current_event(demo_window: Any, key: str, side: str,
                                             how: str) -> None:
    demo_window.activateWindow()
    view = demo_window.switch_to(key)
    lst = getattr(view, side)
    _show_first_with(view, lst)
    event_id = lst.item(0).data(Qt.ItemDataRole.UserRole)
    lst.setFocus()
    if how == "menu":
        menu = lst.item_keys.build_menu()
        first = menu.actions()[0]
        assert first.text() == "Open the event's &brief" and first.isEnabled()
        first.trigger()
    else:
        QTest.keyClick(lst, getattr(Qt.Key, f"Key_{how}"))
    assert demo_window.current_key() == "brief"
    assert demo_window.state.current_event_id == event_id
    assert entities.get(demo_window.state.db, "event", event_id) is not None


def test_a_side_list_copies_its_lines(demo_window: Any) -> None:
    demo_window.activateWindow()
    view = demo_window.switch_to("venues")
    _show_first_with(view, view.used_in)
    view.used_in.selectAll()
    QGuiApplication.clipboard().clear()
    view.used_in.setFocus()
    QTest.keyClick(view.used_in, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    lines = QGuiApplication.clipboard().text().split("\n")
    assert lines == [" ".join(view.used_in.item(i).text().split())
                     for i in range(view.used_in.count())]


def test_nothing_to_open_leaves_open_off(demo_window: Any) -> None:
    """An empty side list, or a placeholder line, offers Open disabled and F2 does nothing."""
    demo_window.activateWindow()
    view = demo_window.switch_to("venues")
    view.used_in.clear()
    view.used_in.addItem("(nothing)")
    view.used_in.setCurrentRow(0)
    before = demo_window.current_key()
    assert not view.used_in.item_keys.build_menu().actions()[0].isEnabled()
    view.used_in.setFocus()
    QTest.keyClick(view.used_in, Qt.Key.Key_F2)
    assert demo_window.current_key() == before


def test_the_conflicts_panel_opens_and_shows(demo_window: Any) -> None:
    demo_window.complete_startup()
    panel = demo_window.conflicts
    visit = demo_window.state.visit
    after = visit.end_date + timedelta(days=1)
    entities.create(demo_window.state.db, "event", visit.id, {  # outside the visit: a conflict
        "title": "Late call", "event_type": "meeting", "tz": "Asia/Shanghai",
        "start_local": f"{after} 10:00", "end_local": f"{after} 11:00"})
    panel.reload()
    row = next(r for r in range(panel.count()) if panel.item(r).data(Qt.ItemDataRole.UserRole + 1))
    panel.setCurrentRow(row)
    ids = panel.item(row).data(Qt.ItemDataRole.UserRole + 1)
    texts = [a.text() for a in panel.item_keys.build_menu().actions() if a.text()]
    assert texts[:2] == ["Open the event's &brief", "Show in the &programme"]
    demo_window.activateWindow()
    panel.setFocus()
    QTest.keyClick(panel, Qt.Key.Key_F2)
    assert demo_window.current_key() == "brief" and demo_window.state.current_event_id == ids[0]


def test_the_navigator_opens_with_f2_and_enter(demo_window: Any) -> None:
    demo_window.complete_startup()
    nav = demo_window.navigator
    demo_window.activateWindow()
    event_id = entities.list_for_visit(demo_window.state.db, "event",
                                       demo_window.state.visit.id)[0].id
    item = nav._event_item(event_id)
    nav.setCurrentItem(item)
    nav.setFocus()
    QTest.keyClick(nav, Qt.Key.Key_Return)
    assert demo_window.current_key() == "brief" and demo_window.state.current_event_id == event_id
    demo_window.switch_to("programme")
    nav.setCurrentItem(item)
    nav.setFocus()
    QTest.keyClick(nav, Qt.Key.Key_F2)
    assert demo_window.current_key() == "brief"
    QGuiApplication.clipboard().clear()
    QTest.keyClick(nav, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == " ".join(item.text(0).split())
