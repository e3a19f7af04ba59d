"""Visit menu actions: new, details, duplicate, delete, load the demo — all undoable."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QWidget,
)

from briefing_app.core.demo import load_demo as core_load_demo
from briefing_app.core.ops.new_visit import create_visit, known_people
from briefing_app.core.ops.visits import duplicate_visit as core_duplicate
from briefing_app.gui.dialogs.duplicate_visit_dialog import DuplicateVisitDialog
from briefing_app.gui.dialogs.visit_dialog import NewVisitDialog, VisitDetailsDialog
from briefing_app.gui.operations import history_text
from briefing_app.gui.operations.commands import CallCommand, DeleteCommand
from briefing_app.gui.operations.delete_many import ask
from briefing_app.gui.operations.state import AppState


class MadeVisitCommand(CallCommand):
    """A visit made by a core function (demo, duplicate); undo deletes all it made,
    redo brings it back with the same ids."""

    kind = "visit"

    def __init__(self, state: AppState, text: str, make: Callable[[Any], Any]) -> None:
        super().__init__(state, text, "visit", make)

    @property
    def record(self) -> Any:
        return self.value


def new_visit(state: AppState, parent: QWidget) -> Any:
    """Ask for the visit and its principal; OK closes only once the core took it."""
    state.require_writable()
    dlg = NewVisitDialog(parent, known_people(state.require_db()))

    def submit(d: NewVisitDialog) -> Any:
        values, principal = d.values(), d.principal()
        return state.push(MadeVisitCommand(
            state, history_text.added("visit", values["title"]),
            lambda db: create_visit(db, values, **principal)))

    dlg.submit = submit
    if dlg.exec() != QDialog.DialogCode.Accepted:
        return None
    rec = dlg.result_value
    state.set_visit(rec.id)
    return rec


def visit_details(state: AppState, parent: QWidget) -> None:
    VisitDetailsDialog(state, parent).exec()


def load_demo(state: AppState) -> Any:
    def make(db: Any) -> Any:
        visit, created = core_load_demo(db)
        made.append(created)
        return visit

    state.require_writable()
    made: list[bool] = []
    existing = {v.id for v in state.visits()}
    cmd = MadeVisitCommand(state, "Load the demo visit", make)
    rec = cmd.perform()
    if rec.id in existing:  # already there: nothing to undo
        state.set_visit(rec.id)
        state.message.emit("The demo visit is already in this database.")
        return rec
    state.keep(cmd)
    state.set_visit(rec.id)
    return rec


def duplicate_visit(state: AppState, parent: QWidget) -> Any:
    """Ask for the copy's title and first day; OK closes only once the core made it."""
    visit = state.require_visit()
    dlg = DuplicateVisitDialog(parent, visit)

    def submit(d: DuplicateVisitDialog) -> Any:
        new_title, first = d.values()
        return state.push(MadeVisitCommand(
            state, history_text.duplicated("visit", visit.title),
            lambda db: core_duplicate(db, visit.id, new_title, first)))

    dlg.submit = submit
    if dlg.exec() != QDialog.DialogCode.Accepted or dlg.result_value is None:
        return None
    rec = dlg.result_value
    state.set_visit(rec.id)
    return rec


def delete_visit(state: AppState, parent: QWidget, confirm: bool = True) -> None:
    visit = state.require_visit()
    if confirm:
        if not ask(parent, "Delete visit",
                              f"Delete the whole visit “{visit.title}” with its programme, "
                              "people, briefs, facts and agreements?\n\n"
                              "Edit ▸ Undo brings all of it back."):
            return
    state.push(DeleteCommand(state, "visit", visit))
    others = state.visits()
    state.set_visit(others[0].id if others else None)
