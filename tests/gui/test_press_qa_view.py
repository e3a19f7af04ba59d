"""The Press Q&A view: list, form, create, edit and delete as undoable steps."""

from __future__ import annotations

from typing import Any

from briefing_app.core.ops import entities


def test_press_qa_view_creates_edits_deletes_with_undo(demo_window: Any, monkeypatch: Any) -> None:
    from PySide6.QtWidgets import QMessageBox

    state, db = demo_window.state, demo_window.state.db
    view = demo_window.switch_to("press-qa")
    before = entities.list_for_visit(db, "press_qa", state.visit.id)
    assert view.model.rowCount() == len(before) >= 5
    assert demo_window.actions.new_item.text() == "&New Press question"
    view.new_item()
    created = view.selected()
    assert created.question == "New question" and created.status == "draft"
    assert demo_window.actions.undo.text() == "&Undo Add press question “New question”"
    view.form.edited.emit({"question": "习近平 and Тоқаев: what was agreed?",
                           "status": "approved"})
    rec = entities.get(db, "press_qa", created.id)
    assert rec.status == "approved" and rec.question.startswith("习近平")
    state.undo()
    assert entities.get(db, "press_qa", created.id).status == "draft"
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)
    view.delete_selected()
    assert len(entities.list_for_visit(db, "press_qa", state.visit.id)) == len(before)
    state.undo()
    assert entities.get(db, "press_qa", created.id).uuid == created.uuid
    state.undo()
    state.undo()
    assert len(entities.list_for_visit(db, "press_qa", state.visit.id)) == len(before)
