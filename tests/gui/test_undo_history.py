"""Undo that stays right (issue 8 §2): several edits of one record undo and redo in
turn, and a History-dock jump never leaves the stack where the data is not."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelectionModel

from briefing_app.core.ops import entities


def _edit_in_form(window: Any, view_key: str, kind: str, row_id: int, field: str,
                  text: str) -> None:
    """Type into a form field and leave it, as the user does (saved at once)."""
    view = window.switch_to(view_key)
    view.show_item(kind, row_id)
    box = view.form.widgets[field]
    box.setText(text)
    box.editingFinished.emit()


def test_agreement_edited_three_times_undoes_and_redoes_every_step(
        demo_window: Any, visible_errors: Any) -> None:
    state, db = demo_window.state, demo_window.state.db
    ag = entities.list_for_visit(db, "agreement", state.visit.id)[0]
    _edit_in_form(demo_window, "agreements", "agreement", ag.id, "title", "Draft one")
    _edit_in_form(demo_window, "agreements", "agreement", ag.id, "title", "Draft two")
    _edit_in_form(demo_window, "agreements", "agreement", ag.id, "lead_agency", "MFA Legal")
    assert state.undo_stack.count() == 3 and not visible_errors()
    for _ in range(5):  # Ctrl+Z five times: three steps back, then nothing left
        demo_window.actions.undo.trigger()
        assert not visible_errors(), [b.text() for b in visible_errors()]
    now = entities.get(db, "agreement", ag.id)
    assert (now.title, now.lead_agency) == (ag.title, ag.lead_agency)
    assert state.undo_stack.index() == 0
    for _ in range(3):
        demo_window.actions.redo.trigger()
    assert not visible_errors()
    now = entities.get(db, "agreement", ag.id)
    assert (now.title, now.lead_agency) == ("Draft two", "MFA Legal")


def test_person_edited_twice_undoes_both(demo_window: Any, visible_errors: Any) -> None:
    state, db = demo_window.state, demo_window.state.db
    person = entities.list_for_visit(db, "person", state.visit.id)[0]
    _edit_in_form(demo_window, "people", "person", person.id, "title", "Chairman")
    _edit_in_form(demo_window, "people", "person", person.id, "organisation", "Council")
    state.undo()
    state.undo()
    assert not visible_errors(), [b.text() for b in visible_errors()]
    now = entities.get(db, "person", person.id)
    assert (now.title, now.organisation) == (person.title, person.organisation)
    assert state.undo_stack.index() == 0


def _click_history(window: Any, row: int) -> None:
    """Click a step in the History dock (row 0 is "Opened")."""
    view = window.history
    view.selectionModel().setCurrentIndex(view.model().index(row, 0),
                                          QItemSelectionModel.SelectionFlag.ClearAndSelect)


def test_history_jump_applies_every_step_in_between(demo_window: Any,
                                                    visible_errors: Any) -> None:
    state, db = demo_window.state, demo_window.state.db
    ag = entities.list_for_visit(db, "agreement", state.visit.id)[0]
    for title in ("One", "Two", "Three"):
        _edit_in_form(demo_window, "agreements", "agreement", ag.id, "title", title)
    _click_history(demo_window, 0)
    assert not visible_errors()
    assert state.undo_stack.index() == 0
    assert entities.get(db, "agreement", ag.id).title == ag.title
    view = demo_window.switch_to("agreements")
    assert view.form.widgets["title"].text() == ag.title  # the view saw the jump
    _click_history(demo_window, 2)
    assert state.undo_stack.index() == 2
    assert entities.get(db, "agreement", ag.id).title == "Two"


def test_history_jump_stops_where_a_step_is_refused(demo_window: Any,
                                                     visible_errors: Any) -> None:
    """Three edits of three records; another window then changes the second record.
    Jumping back to the start undoes the third edit, is refused at the second, and the
    index stays where the data is: after the first two steps."""
    state, db = demo_window.state, demo_window.state.db
    a, b, c = entities.list_for_visit(db, "agreement", state.visit.id)[:3]
    for rec, title in ((a, "A'"), (b, "B'"), (c, "C'")):
        _edit_in_form(demo_window, "agreements", "agreement", rec.id, "title", title)
    fresh = entities.get(db, "agreement", b.id)
    entities.update(db, "agreement", b.id, {"notes": "other window"},
                    expected_version=fresh.row_version)
    _click_history(demo_window, 0)
    assert visible_errors()  # the refusal is shown
    assert "changed elsewhere" in visible_errors()[0].text()
    for box in visible_errors():
        box.close()
    assert state.undo_stack.index() == 2
    assert demo_window.history.selectionModel().currentIndex().row() == 2
    titles = [entities.get(db, "agreement", r.id).title for r in (a, b, c)]
    assert titles == ["A'", "B'", c.title]
    # Redo from here runs the third step again: stack and data still agree.
    state.redo()
    assert not visible_errors()
    assert entities.get(db, "agreement", c.id).title == "C'"
    assert state.undo_stack.index() == 3


def test_views_refresh_once_and_only_when_the_change_set_touches_them(
        demo_window: Any, monkeypatch: Any) -> None:
    """An agreement edit reloads the agreements view once, never the programme, the
    navigator or the conflicts; its undo does the same."""
    from briefing_app.gui.views.agreements_view import AgreementsView
    from briefing_app.gui.views.programme_view import ProgrammeView
    from briefing_app.gui.window.conflicts_panel import ConflictsPanel
    from briefing_app.gui.window.navigator import Navigator

    state, db = demo_window.state, demo_window.state.db
    ag = entities.list_for_visit(db, "agreement", state.visit.id)[0]
    demo_window.switch_to("agreements").show_item("agreement", ag.id)
    calls: list[str] = []
    for cls, name in ((AgreementsView, "refresh"), (ProgrammeView, "refresh"),
                      (Navigator, "reload"), (ConflictsPanel, "reload")):
        original = getattr(cls, name)
        monkeypatch.setattr(cls, name, lambda self, o=original, c=cls.__name__: (
            calls.append(c), o(self))[1])
    _edit_in_form(demo_window, "agreements", "agreement", ag.id, "title", "Renamed")
    assert calls == ["AgreementsView"]
    calls.clear()
    state.undo()
    assert calls == ["AgreementsView"]
    calls.clear()
    ev = entities.list_for_visit(db, "event", state.visit.id)[0]
    demo_window.switch_to("programme")
    from briefing_app.gui.operations.commands import UpdateCommand

    state.push(UpdateCommand(state, "event", ev, {"title": "Talks, renamed"}))
    assert sorted(calls) == ["ConflictsPanel", "Navigator", "ProgrammeView"]
