"""Event actions shared by the programme, the timeline and the brief: each is one
undoable command running one core operation (duplicate copies the event with its
brief, people, points and facts in one transaction)."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

from PySide6.QtWidgets import QDialog, QWidget

from briefing_app.core.enums import EventStatus
from briefing_app.core.free_slot import next_free_slot
from briefing_app.core.ops import entities, events
from briefing_app.gui.dialogs.event_dialog import EventDialog
from briefing_app.gui.operations import history_text as H
from briefing_app.gui.operations.commands import (
    CallCommand,
    CompoundCreateCommand,
    CreateCommand,
    DeleteCommand,
    UpdateCommand,
)
from briefing_app.gui.operations.delete_many import ask
from briefing_app.gui.operations.state import AppState


def _venues(state: AppState) -> list[Any]:
    return entities.list_for_visit(state.require_db(), "venue", state.require_visit().id)


def default_zone(state: AppState) -> str:
    """The host's zone: the one most events of the visit use, else most venues, else
    the home zone (a visit just begun)."""

    visit = state.require_visit()
    db = state.require_db()
    for kind in ("event", "venue"):
        zones = Counter(r.tz for r in entities.list_for_visit(db, kind, visit.id) if r.tz)
        if zones:
            return zones.most_common(1)[0][0]
    return visit.home_tz


def _venue_maker(state: AppState, visit_id: int) -> Any:
    """Create a venue from the event dialog: its own undo step, before the event's."""
    def make(values: dict[str, Any]) -> Any:
        return state.push(CreateCommand(state, "venue", visit_id, values))
    return make


def new_event(state: AppState, parent: QWidget, start: datetime | None = None) -> Any:
    """Ask for the details of a new event and create it; returns the record or None.
    It starts in the host's zone at the first free hour of the visit (or at `start`,
    a time the user pointed at), and OK closes only once the core took it."""
    visit = state.require_visit()
    state.require_writable()
    zone = default_zone(state)
    if start is None:
        events = entities.list_for_visit(state.require_db(), "event", visit.id)
        start = next_free_slot(events, visit.start_date, visit.end_date, zone)
    dlg = EventDialog(parent, _venues(state), default_start=start, default_tz=zone,
                      make_venue=_venue_maker(state, visit.id))
    dlg.submit = lambda d: state.push(CreateCommand(state, "event", visit.id, d.values()))
    if dlg.exec() != QDialog.DialogCode.Accepted or dlg.result_value is None:
        return None
    rec = dlg.result_value
    state.select("event", rec.id)
    return rec


def edit_event(state: AppState, parent: QWidget, event_id: int) -> Any:
    rec = entities.get(state.require_db(), "event", event_id)
    dlg = EventDialog(parent, _venues(state), record=rec,
                      make_venue=_venue_maker(state, rec.visit_id))

    def submit(d: EventDialog) -> Any:
        changes = d.changes()
        return state.push(UpdateCommand(state, "event", rec, changes)) if changes else rec

    dlg.submit = submit
    if dlg.exec() != QDialog.DialogCode.Accepted:
        return None
    return dlg.result_value


def move_event(state: AppState, event_id: int, start_local: str, end_local: str) -> Any:
    """Move a dragged event; both times are wall clocks in the zone of its start."""
    rec = entities.get(state.require_db(), "event", event_id)
    return state.push(UpdateCommand(state, "event", rec,
                                    entities.move_changes(rec, start_local, end_local),
                                    text=H.both(f"Moved event {H.quoted(rec.title)} to {start_local}",
                                                f"Move event {H.quoted(rec.title)}")))


def cancel_event(state: AppState, event_id: int) -> Any:
    """Cancel, or reinstate with the status the event had before (the core keeps it)."""
    rec = entities.get(state.require_db(), "event", event_id)
    verb, done = ("Reinstate", "Reinstated") if rec.status == EventStatus.CANCELLED else \
        ("Cancel", "Cancelled")
    what = f"event {H.quoted(rec.title)}"
    version = rec.row_version
    return state.push(CallCommand(state, H.both(f"{done} {what}", f"{verb} {what}"), "event",
                                  lambda db: events.toggle_cancelled(db, event_id, version)))


def delete_event(state: AppState, parent: QWidget, event_id: int, confirm: bool = True) -> None:
    rec = entities.get(state.require_db(), "event", event_id)
    if confirm:
        if not ask(parent, "Delete event",
                              f"Delete the event “{rec.title}” with its participants and "
                              "brief?\n\nEdit ▸ Undo brings it back."):
            return
    state.push(DeleteCommand(state, "event", rec))


def duplicate_event(state: AppState, event_id: int) -> Any:
    """Copy an event with its brief, participants, talking points and cited facts:
    one transaction, one undo step; redo brings back the same copy (same ids)."""
    rec = entities.get(state.require_db(), "event", event_id)
    copy = state.push(CompoundCreateCommand(
        state, H.duplicated("event", rec.title), "event", "event",
        lambda db: events.duplicate_event(db, event_id)))
    state.select("event", copy.id)
    return copy
