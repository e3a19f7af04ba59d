"""The Venues view: reachable four ways, lists which events use a venue, asks before
deleting one in use and undo brings it back; a venue made inside the event dialog;
cancel/reinstate; Delete in the Brief acts on the focused selection."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox

from briefing_app.core.ops import entities, links


def _venue(window: Any, name: str) -> Any:
    state = window.state
    return next(v for v in entities.list_for_visit(state.db, "venue", state.visit.id)
                if v.name == name)


def test_venues_view_is_reached_from_menu_shortcut_navigator_and_screenshot(
        demo_window: Any, tmp_path: Any) -> None:
    a = demo_window.actions
    assert a.views["venues"] in a.view_menu.actions()
    assert a.views["venues"].shortcut() == QKeySequence("Ctrl+0")
    a.views["venues"].trigger()
    assert demo_window.current_key() == "venues"
    demo_window.switch_to("programme")
    nav = demo_window.navigator
    visit = nav.topLevelItem(0)
    item = next(visit.child(i) for i in range(visit.childCount())
                if visit.child(i).text(0) == "Venues")
    nav.itemClicked.emit(item, 0)
    assert demo_window.current_key() == "venues"
    view = demo_window.view("venues")
    assert view.model.rowCount() == 9
    from briefing_app.cli.gui_command import VIEWS

    assert "venues" in VIEWS


def test_venue_lists_its_events_and_counts_them(demo_window: Any) -> None:
    view = demo_window.switch_to("venues")
    hall = _venue(demo_window, "Great Hall of the People")
    view.show_item("venue", hall.id)
    assert view.selected().id == hall.id
    titles = [view.used_in.item(i).text() for i in range(view.used_in.count())]
    assert titles and any("Talks with President Xi" in t for t in titles)
    row = view.proxy.mapFromSource(view.model.index(view.model.row_of(hall.id), 4))
    assert view.proxy.data(row) == str(len(titles))
    assert view.form.widgets["country"].text() == "China"


def test_deleting_a_venue_in_use_asks_naming_it_and_undo_restores(
        demo_window: Any, delete_questions: Any) -> None:
    state, db = demo_window.state, demo_window.state.db
    view = demo_window.switch_to("venues")
    hall = _venue(demo_window, "Great Hall of the People")
    users = [e.id for e in entities.list_for_visit(db, "event", state.visit.id)
             if e.venue_id == hall.id]
    assert len(users) >= 2
    view.show_item("venue", hall.id)
    delete_questions.clear()
    demo_window.actions.delete.trigger()
    title, text = delete_questions[-1]
    assert title == "Delete venue"
    assert "Great Hall of the People" in text and f"{len(users)} events" in text
    assert all(entities.get(db, "event", e).venue_id is None for e in users)
    assert view.model.row_of(hall.id) == -1
    demo_window.actions.undo.trigger()
    assert entities.get(db, "venue", hall.id).uuid == hall.uuid
    assert all(entities.get(db, "event", e).venue_id == hall.id for e in users)
    assert view.model.row_of(hall.id) >= 0


def test_declining_the_question_deletes_nothing(demo_window: Any,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from briefing_app.gui.operations import delete_many

    boxes: list[Any] = []

    def decline(box: Any, _delete: Any) -> bool:  # the box as built: Delete and Cancel
        boxes.append(box)
        return False

    monkeypatch.setattr(delete_many, "answer", decline)
    view = demo_window.switch_to("venues")
    hall = _venue(demo_window, "Great Hall of the People")
    view.show_item("venue", hall.id)
    view.delete_selected()
    box = boxes[0]
    texts = sorted(b.text().replace("&", "") for b in box.buttons())
    assert texts == ["Cancel", "Delete"] and box.defaultButton().text() == "Cancel"
    assert entities.get(demo_window.state.db, "venue", hall.id).name == hall.name


def test_new_venue_starts_in_the_host_zone(demo_window: Any) -> None:
    view = demo_window.switch_to("venues")
    demo_window.actions.new_item.trigger()
    rec = view.selected()
    visit = demo_window.state.visit
    assert (rec.name, rec.tz, rec.city, rec.country) == \
        ("New venue", "Asia/Shanghai", visit.host_city, visit.host_country)


def test_event_dialog_creates_a_venue_in_place(demo_window: Any,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from briefing_app.gui.dialogs.event_dialog import EventDialog
    from briefing_app.gui.dialogs.venue_dialog import VenueDialog

    def venue_exec(dlg: VenueDialog) -> int:
        dlg.show()
        dlg.name.setText("Astana Opera")
        dlg.city.setText("Nur-Sultan")
        dlg.tz.setEditText("Asia/Almaty")
        QTest.mouseClick(dlg.buttons.button(QDialogButtonBox.StandardButton.Ok),
                         Qt.MouseButton.LeftButton)
        return dlg.result()

    seen: dict[str, Any] = {}

    def event_exec(dlg: EventDialog) -> int:
        dlg.show()
        seen["tz"] = dlg.tz.currentText()
        seen["arrival shown"] = dlg.form.isRowVisible(dlg.end_tz)
        dlg.title.setText("Gala at the opera")
        QTest.mouseClick(dlg.new_venue, Qt.MouseButton.LeftButton)
        seen["venue"] = dlg.venue.currentText()
        seen["tz after"] = dlg.tz.currentText()
        dlg.event_type.setCurrentIndex(dlg.event_type.findData("flight"))
        seen["arrival for a flight"] = dlg.form.isRowVisible(dlg.end_tz)
        dlg.event_type.setCurrentIndex(dlg.event_type.findData("meal"))
        dlg.accept()
        return dlg.result()

    monkeypatch.setattr(VenueDialog, "exec", venue_exec)
    monkeypatch.setattr(EventDialog, "exec", event_exec)
    demo_window.add_event()
    assert seen["tz"] == "Asia/Shanghai"  # the host's zone, not the home zone (Almaty)
    assert not seen["arrival shown"] and seen["arrival for a flight"]
    assert seen["venue"].startswith("Astana Opera") and seen["tz after"] == "Asia/Almaty"
    state = demo_window.state
    ev = entities.get(state.db, "event", state.current_event_id)
    venue = entities.get(state.db, "venue", ev.venue_id)
    assert (ev.title, ev.tz, venue.name) == ("Gala at the opera", "Asia/Almaty", "Astana Opera")
    state.undo()  # the event goes first, then the venue
    state.undo()
    assert not [v for v in entities.list_for_visit(state.db, "venue", state.visit.id)
                if v.name == "Astana Opera"]


def test_new_event_defaults_to_the_next_free_slot(demo_window: Any,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from briefing_app.core.free_slot import next_free_slot
    from briefing_app.gui.dialogs.event_dialog import EventDialog, _py

    seen: list[Any] = []
    monkeypatch.setattr(EventDialog, "exec",
                        lambda d: seen.append(_py(d.start.dateTime())) or 0)
    demo_window.add_event()
    state = demo_window.state
    events = entities.list_for_visit(state.db, "event", state.visit.id)
    expected = next_free_slot(events, state.visit.start_date, state.visit.end_date,
                              "Asia/Shanghai")
    assert seen == [expected]
    assert expected.date() >= state.visit.start_date


def test_reinstating_restores_confirmed(demo_window: Any) -> None:
    state, db = demo_window.state, demo_window.state.db
    ev = next(e for e in entities.list_for_visit(db, "event", state.visit.id)
              if e.status == "confirmed")
    view = demo_window.switch_to("programme")
    state.select("event", ev.id)
    view._cancel()
    assert entities.get(db, "event", ev.id).status == "cancelled"
    view._cancel()
    assert entities.get(db, "event", ev.id).status == "confirmed"
    assert demo_window.actions.undo.text().startswith("&Undo Reinstate")
    state.undo()
    assert entities.get(db, "event", ev.id).status == "cancelled"
    state.undo()
    assert entities.get(db, "event", ev.id).status == "confirmed"


def test_delete_in_the_brief_acts_on_the_focused_talking_point(
        demo_window: Any, qtbot: Any, delete_questions: Any) -> None:
    state, db = demo_window.state, demo_window.state.db
    ev = next(e for e in entities.list_for_visit(db, "event", state.visit.id)
              if len(links.points_of_event(db, e.id)) >= 2)
    points = [p.id for p in links.points_of_event(db, ev.id)]
    state.select("event", ev.id)
    brief = demo_window.switch_to("brief")
    brief.tabs.setCurrentIndex(1)  # Talking points
    demo_window.activateWindow()
    brief.points.list.setCurrentRow(1)
    brief.points.list.setFocus()
    qtbot.waitUntil(lambda: brief.points.list.hasFocus())
    delete_questions.clear()
    demo_window.actions.delete.trigger()
    title, text = delete_questions[-1]
    assert title == "Remove talking point" and ev.title[:20] in text
    assert entities.get(db, "event", ev.id).title == ev.title  # the meeting stays
    assert [p.id for p in links.points_of_event(db, ev.id)] == [points[0], *points[2:]]
    assert entities.get(db, "talking_point", points[1]) is not None  # still in the library
    state.undo()
    assert [p.id for p in links.points_of_event(db, ev.id)] == points
    # Focus elsewhere (the title field): Delete means the event, and says which.
    brief.details.widgets["title"].setFocus()
    qtbot.waitUntil(lambda: brief.details.widgets["title"].hasFocus())
    delete_questions.clear()
    demo_window.actions.delete.trigger()
    assert delete_questions[-1][0] == "Delete event" and ev.title in delete_questions[-1][1]
