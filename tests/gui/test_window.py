"""The window's menus, shortcuts and visit details behave like a desktop tool's."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QKeySequence

from briefing_app.core.ops import entities
from briefing_app.gui.views import VIEW_KEYS, view_shortcut


def test_menus_and_standard_shortcuts(demo_window: Any) -> None:
    titles = [a.text() for a in demo_window.menuBar().actions()]
    assert titles == ["&File", "&Edit", "&View", "Vi&sit", "&Help"]
    a = demo_window.actions

    def keys(action: Any) -> set[str]:
        return {s.toString() for s in action.shortcuts()}

    assert "Ctrl+Z" in keys(a.undo)
    assert {"Ctrl+Shift+Z", "Ctrl+Y"} <= keys(a.redo)
    assert "Ctrl+N" in keys(a.new_item) and "Ctrl+F" in keys(a.find)
    assert "Ctrl+P" in keys(a.export) and "Del" in keys(a.delete)
    for n, key in enumerate(VIEW_KEYS, start=1):
        assert a.views[key].shortcut() == QKeySequence(view_shortcut(n))
        a.views[key].trigger()
        assert demo_window.current_key() == key
    a.find.trigger()
    assert demo_window.current_key() == "search"
    assert demo_window.view("search").query.hasFocus() or not demo_window.isActiveWindow()


def test_new_item_follows_the_view(demo_window: Any) -> None:
    state, db = demo_window.state, demo_window.state.db
    demo_window.switch_to("facts")
    assert demo_window.actions.new_item.text() == "&New Fact"
    count = len(entities.list_for_visit(db, "fact", state.visit.id))
    demo_window.actions.new_item.trigger()
    assert len(entities.list_for_visit(db, "fact", state.visit.id)) == count + 1
    assert demo_window.view("facts").selected().statement == "New fact"
    assert demo_window.actions.undo.text() == "&Undo Add fact “New fact”"
    demo_window.actions.undo.trigger()
    assert len(entities.list_for_visit(db, "fact", state.visit.id)) == count


def test_visit_details_save_each_field_and_undo(demo_window: Any) -> None:
    from briefing_app.gui.dialogs.visit_dialog import VisitDetailsDialog

    state = demo_window.state
    old = state.visit.title
    dlg = VisitDetailsDialog(state, demo_window)
    field = dlg.form.widgets["title"]
    field.setText("Renamed visit")
    field.editingFinished.emit()
    assert state.visit.title == "Renamed visit"
    assert demo_window.windowTitle().startswith("Renamed visit")
    state.undo()
    assert entities.get(state.db, "visit", state.visit.id).title == old
    dlg.close()


def test_programme_filled_when_the_database_opens_before_the_window_shows(
        qtbot: Any, demo_db_path: Any) -> None:
    from briefing_app.gui.window.main_window import MainWindow

    win = MainWindow()
    qtbot.addWidget(win)
    assert win.open_database(demo_db_path, first_run=False)
    win.show()
    rows = win.view("programme").model.rows
    assert any(not r.is_day for r in rows) and win.view("programme").table.isEnabled()
    assert win.navigator.topLevelItemCount() >= 1 and win.navigator.isEnabled()
    win.close()


def test_visit_details_and_brief_carry_the_book_fields(demo_window: Any) -> None:
    from briefing_app.gui.dialogs.visit_dialog import VisitDetailsDialog

    state = demo_window.state
    dlg = VisitDetailsDialog(state, demo_window)
    for name in ("issuing_department", "drafted_by", "cleared_by", "as_at", "distribution",
                 "risks", "duty_contacts"):
        assert name in dlg.form.widgets, name
    field = dlg.form.widgets["issuing_department"]
    assert "Asia Department" in field.text()  # the demo's
    field.setText("Protocol Department")
    field.editingFinished.emit()
    assert state.visit.issuing_department == "Protocol Department"
    state.undo()
    dlg.close()
    from briefing_app.gui.views.brief_view import BRIEF, DETAILS

    names = {f.name for f in (*DETAILS, *BRIEF)}
    assert {"arrival_venue_id", "meeting_format", "speaking_order", "do_not_raise"} <= names
