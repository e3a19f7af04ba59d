"""Every dialog and form keeps what was typed when the core refuses it: the dialog stays
open (the form stays on its record), the field is marked, the reason is shown."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit, QPlainTextEdit

from briefing_app.core.ops import entities
from briefing_app.gui.widgets.marks import is_marked


def _click_ok(dlg: Any) -> None:
    QTest.mouseClick(dlg.buttons.button(QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)


def _type(widget: Any, text: str) -> None:
    """Key presses, as a keyboard sends them (QTest's own only knows ASCII keys)."""
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    widget = getattr(widget, "line", widget)
    widget.setFocus()
    if isinstance(widget, QLineEdit):
        widget.selectAll()
    for ch in text:
        if ch.isascii():
            QTest.keyClicks(widget, ch)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


def _count(window: Any, kind: str) -> int:
    return len(entities.list_for_visit(window.state.db, kind, window.state.visit.id))


def test_new_event_refused_keeps_title_times_and_zone(demo_window: Any, qtbot: Any,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from briefing_app.gui.dialogs.event_dialog import EventDialog, _qdt

    seen: dict[str, Any] = {}
    before = _count(demo_window, "event")

    def run(dlg: EventDialog) -> int:
        from datetime import datetime

        dlg.show()
        _type(dlg.title, "Breakfast with 习近平")
        _type(dlg.tz.lineEdit(), "Asia/Nowhere")
        dlg.start.setDateTime(_qdt(datetime(2019, 9, 11, 7, 30)))
        typed = dlg.values()
        _click_ok(dlg)
        seen["open"], seen["error"] = dlg.isVisible(), dlg.error.text()
        seen["marked"], seen["same"] = is_marked(dlg.tz), dlg.values() == typed
        _type(dlg.tz.lineEdit(), "Asia/Shanghai")
        _click_ok(dlg)
        seen["closed"] = not dlg.isVisible()
        return dlg.result()

    monkeypatch.setattr(EventDialog, "exec", run)
    demo_window.add_event()
    assert seen["open"] and "Asia/Nowhere" in seen["error"] and seen["marked"] and seen["same"]
    assert seen["closed"] and _count(demo_window, "event") == before + 1
    new = entities.get(demo_window.state.db, "event", demo_window.state.current_event_id)
    assert (new.title, new.tz) == ("Breakfast with 习近平", "Asia/Shanghai")


def test_new_visit_refused_keeps_every_value(window: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from briefing_app.gui.dialogs.visit_dialog import NewVisitDialog

    seen: dict[str, Any] = {}

    def run(dlg: NewVisitDialog) -> int:
        dlg.show()
        _type(dlg.title, "State visit to China")
        _type(dlg.principal_box.lineEdit(), "Қасым-Жомарт Тоқаев")
        _type(dlg.country, "China")
        _type(dlg.start, "10.09.2019")
        dlg.start.line.editingFinished.emit()
        _type(dlg.end, "09/09/2019")  # the day before: the core refuses it
        dlg.end.line.editingFinished.emit()
        _click_ok(dlg)
        seen["open"], seen["error"] = dlg.isVisible(), dlg.error.text()
        seen["marked"] = is_marked(dlg.end.line)
        seen["kept"] = (dlg.title.text(), dlg.principal_box.currentText(), dlg.country.text(),
                        dlg.start.date().isoformat(), dlg.end.date().isoformat())
        _type(dlg.end, "12 Sep 2019")
        dlg.end.line.editingFinished.emit()
        _click_ok(dlg)
        return dlg.result()

    monkeypatch.setattr(NewVisitDialog, "exec", run)
    window.new_visit()
    assert seen["open"] and "Last day" in seen["error"] and seen["marked"]
    assert seen["kept"] == ("State visit to China", "Қасым-Жомарт Тоқаев", "China",
                            "2019-09-10", "2019-09-09")
    visit = window.state.visit
    assert (visit.title, visit.end_date.isoformat()) == ("State visit to China", "2019-09-12")
    principal = entities.get(window.state.db, "person", visit.principal_id)
    assert principal.native_name == "Қасым-Жомарт Тоқаев"
    window.state.undo()  # one step: the visit and its principal go together
    assert window.state.visits() == []


def test_a_date_that_cannot_be_read_is_refused_in_place(window: Any) -> None:
    from briefing_app.gui.dialogs.visit_dialog import NewVisitDialog

    dlg = NewVisitDialog(window)
    dlg.submit = lambda d: pytest.fail("the core must not be asked")
    dlg.show()
    _type(dlg.title, "Visit")
    _type(dlg.start, "31.02.2019")
    _click_ok(dlg)
    assert dlg.isVisible() and "First day" in dlg.error.text()
    assert dlg.start.text() == "31.02.2019" and is_marked(dlg.start.line)
    dlg.close()


def test_last_day_follows_first_day(window: Any) -> None:
    from briefing_app.gui.dialogs.visit_dialog import NewVisitDialog

    dlg = NewVisitDialog(window)
    dlg.show()
    dlg.start.setDate(QDate(2019, 9, 10))
    dlg.end.setDate(QDate(2019, 9, 12))
    dlg._first = dlg.start.date()
    _type(dlg.start, "2019-10-01")
    dlg.start.line.editingFinished.emit()
    assert dlg.end.date().isoformat() == "2019-10-03"  # the three days move together
    dlg.close()


def test_venue_dialog_and_duplicate_visit_stay_open(demo_window: Any) -> None:
    from briefing_app.gui.dialogs.duplicate_visit_dialog import DuplicateVisitDialog
    from briefing_app.gui.dialogs.venue_dialog import VenueDialog

    venue = VenueDialog(demo_window, default_tz="Asia/Shanghai")
    venue.submit = lambda d: entities.create(demo_window.state.db, "venue",
                                             demo_window.state.visit.id, d.values())
    venue.show()
    _type(venue.city, "Beijing")
    _click_ok(venue)  # no name
    assert venue.isVisible() and "Name" in venue.error.text() and is_marked(venue.name)
    assert venue.city.text() == "Beijing" and venue.tz.currentText() == "Asia/Shanghai"
    venue.close()

    dup = DuplicateVisitDialog(demo_window, demo_window.state.visit)
    dup.submit = lambda d: pytest.fail("the core must not be asked")
    dup.show()
    _type(dup.title, "Return visit")
    _type(dup.start, "next spring")
    _click_ok(dup)
    assert dup.isVisible() and dup.title.text() == "Return visit"
    assert dup.start.text() == "next spring" and "not a date" in dup.error.text()
    dup.close()


@pytest.mark.parametrize(("view_key", "field"), [
    ("people", "native_name"), ("venues", "name"), ("talking-points", "text"),
    ("facts", "statement"), ("agreements", "title"), ("press-qa", "question")])
def test_list_forms_keep_a_refused_value(demo_window: Any, visible_errors: Any,
                                         view_key: str, field: str) -> None:
    view = demo_window.switch_to(view_key)
    rec = view.selected()
    assert rec is not None
    widget = view.form.widgets[field]
    if isinstance(widget, QPlainTextEdit):
        widget.setPlainText("  ")
        view.form._commit(field)  # what leaving the box does
        assert widget.toPlainText() == "  "
    else:
        widget.setText("  ")
        widget.editingFinished.emit()
        assert widget.text() == "  "
    assert not visible_errors() and is_marked(widget)
    assert "required" in view.form.error.text()
    assert getattr(entities.get(demo_window.state.db, view.kind, rec.id), field) == \
        getattr(rec, field)
    assert not demo_window.state.undo_stack.canUndo()


def test_brief_and_visit_details_keep_a_refused_value(demo_window: Any) -> None:
    from briefing_app.gui.dialogs.visit_dialog import VisitDetailsDialog

    state = demo_window.state
    first = entities.list_for_visit(state.db, "event", state.visit.id)[0]
    state.select("event", first.id)
    brief = demo_window.switch_to("brief")
    assert brief.record is not None and brief.record.id == first.id
    title = brief.details.widgets["title"]
    title.setText("")
    title.editingFinished.emit()
    assert title.text() == "" and is_marked(title) and "required" in brief.details.error.text()

    dlg = VisitDetailsDialog(demo_window.state, demo_window)
    dlg.show()
    end = dlg.form.widgets["end_date"]
    _type(end, "01.01.2019")  # before the first day
    end.line.editingFinished.emit()
    assert dlg.isVisible() and end.date().isoformat() == "2019-01-01" and is_marked(end.line)
    assert "visit ends before it starts" in dlg.form.error.text()
    assert demo_window.state.visit.end_date.isoformat() == "2019-09-12"
    dlg.close()


def test_new_point_and_text_version_dialogs_stay_open(demo_window: Any,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from briefing_app.gui.dialogs.text_dialogs import NewPointDialog, VersionDialog

    state, db = demo_window.state, demo_window.state.db
    state.select("event", entities.list_for_visit(db, "event", state.visit.id)[1].id)
    panel = demo_window.switch_to("brief").points
    seen: dict[str, Any] = {}

    def blank(dlg: NewPointDialog) -> int:
        dlg.show()
        dlg.text.setPlainText("   ")
        _click_ok(dlg)
        seen["point"] = (dlg.isVisible(), dlg.error.text(), is_marked(dlg.text))
        dlg.reject()
        return dlg.result()

    monkeypatch.setattr(NewPointDialog, "exec", blank)
    panel._new()
    assert seen["point"][0] and "required" in seen["point"][1] and seen["point"][2]

    agreements = demo_window.switch_to("agreements")
    versions_before = state.undo_stack.count()

    def too_long(dlg: VersionDialog) -> int:
        dlg.show()
        dlg.text.setPlainText("Article 1. The Parties …")
        dlg.author.setText("Legal department " * 20)  # longer than a name may be
        _click_ok(dlg)
        seen["version"] = (dlg.isVisible(), dlg.error.text(), is_marked(dlg.author),
                           dlg.text.toPlainText())
        dlg.reject()
        return dlg.result()

    monkeypatch.setattr(VersionDialog, "exec", too_long)
    agreements.panels._add_version()
    visible, error, marked, text = seen["version"]
    assert visible and error.startswith("Author") and marked
    assert text == "Article 1. The Parties …"
    assert state.undo_stack.count() == versions_before


@pytest.mark.parametrize("make", ["new visit", "new venue", "new event"])
def test_a_dialog_opens_ready_to_type_into_its_first_field(qtbot: Any, make: str) -> None:
    """The first field has the keyboard when the dialog opens (the e2e session found
    New visit opening with focus on a later combo box, so the title went nowhere)."""
    from briefing_app.gui.dialogs.event_dialog import EventDialog
    from briefing_app.gui.dialogs.venue_dialog import VenueDialog
    from briefing_app.gui.dialogs.visit_dialog import NewVisitDialog

    dlg = {"new visit": lambda: NewVisitDialog(None),
           "new venue": lambda: VenueDialog(None, "Asia/Almaty"),
           "new event": lambda: EventDialog(None, [], default_tz="Asia/Almaty")}[make]()
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    first = {"new visit": "title", "new venue": "name", "new event": "title"}[make]
    assert dlg.focusWidget() is getattr(dlg, first)
    _type(dlg.focusWidget(), "Тоқаев 习近平")
    assert getattr(dlg, first).text() == "Тоқаев 习近平"
