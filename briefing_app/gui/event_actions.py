"""Event actions shared by the programme, the timeline and the brief: each is one
undoable command running one core operation (duplicate copies the event with its
brief, people, points and facts in one transaction)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from briefing_app.gui.commands import (
    CallCommand,
    CompoundCreateCommand,
    CreateCommand,
    DeleteCommand,
    UpdateCommand,
    short,
)
from briefing_app.gui.dialogs.event_dialog import EventDialog
from briefing_app.gui.state import AppState


def _venues(state: AppState) -> list[Any]:
    from briefing_app.core.ops import entities

    return entities.list_for_visit(state.require_db(), "venue", state.require_visit().id)


def default_zone(state: AppState) -> str:
    """The zone most events of the visit use (else the home zone)."""
    from collections import Counter

    from briefing_app.core.ops import entities

    visit = state.require_visit()
    zones = Counter(e.tz for e in entities.list_for_visit(state.require_db(), "event", visit.id))
    return zones.most_common(1)[0][0] if zones else visit.home_tz


def new_event(state: AppState, parent: QWidget, start: datetime | None = None) -> Any:
    """Ask for the details of a new event and create it; returns the record or None."""
    visit = state.require_visit()
    if start is None:
        start = datetime.combine(visit.start_date, datetime.min.time()).replace(hour=9)
    dlg = EventDialog(parent, _venues(state), default_start=start, default_tz=default_zone(state))
    if dlg.exec() != QDialog.DialogCode.Accepted:
        return None
    rec = state.push(CreateCommand(state, "event", visit.id, dlg.values()))
    state.select("event", rec.id)
    return rec


def edit_event(state: AppState, parent: QWidget, event_id: int) -> Any:
    from briefing_app.core.ops import entities

    rec = entities.get(state.require_db(), "event", event_id)
    dlg = EventDialog(parent, _venues(state), record=rec)
    if dlg.exec() != QDialog.DialogCode.Accepted:
        return None
    changes = dlg.changes()
    if not changes:
        return rec
    return state.push(UpdateCommand(state, "event", rec, changes))


def move_event(state: AppState, event_id: int, start_local: str, end_local: str) -> Any:
    """Move a dragged event; both times are wall clocks in the zone of its start."""
    from briefing_app.core.ops import entities

    rec = entities.get(state.require_db(), "event", event_id)
    return state.push(UpdateCommand(state, "event", rec,
                                    entities.move_changes(rec, start_local, end_local),
                                    text=f"Move {short(rec.title, 30)!r} to {start_local}"))


def cancel_event(state: AppState, event_id: int) -> Any:
    """Cancel, or reinstate with the status the event had before (the core keeps it)."""
    from briefing_app.core.ops import entities, events

    rec = entities.get(state.require_db(), "event", event_id)
    verb = "Reinstate" if rec.status == "cancelled" else "Cancel"
    version = rec.row_version
    return state.push(CallCommand(state, f"{verb} {short(rec.title, 30)!r}", "event",
                                  lambda db: events.toggle_cancelled(db, event_id, version)))


def delete_event(state: AppState, parent: QWidget, event_id: int, confirm: bool = True) -> None:
    from briefing_app.core.ops import entities

    rec = entities.get(state.require_db(), "event", event_id)
    if confirm:
        answer = QMessageBox.question(
            parent, "Delete event",
            f"Delete “{rec.title}” with its participants and brief?\n\n"
            "You can bring it back with Edit ▸ Undo.")
        if answer != QMessageBox.StandardButton.Yes:
            return
    state.push(DeleteCommand(state, "event", rec))


def duplicate_event(state: AppState, event_id: int) -> Any:
    """Copy an event with its brief, participants, talking points and cited facts:
    one transaction, one undo step; redo brings back the same copy (same ids)."""
    from briefing_app.core.ops import entities, events

    rec = entities.get(state.require_db(), "event", event_id)
    copy = state.push(CompoundCreateCommand(
        state, f"Duplicate {short(rec.title, 30)!r}", "event", "event",
        lambda db: events.duplicate_event(db, event_id)))
    state.select("event", copy.id)
    return copy
