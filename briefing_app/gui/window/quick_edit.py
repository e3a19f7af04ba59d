"""Editing an event while the database layer is still loading (the first second of a start).

The event dialog opens on the event as read straight from the file (core/quick_event.py)
and takes typing at once. OK waits for what is left of the load, opens the file as
usual (gui/launch/deferred_open.py) and saves through the same undoable command as
ever, checked against the version the dialog was opened on: a change saved elsewhere
meanwhile is refused with the usual message. Until the core has taken the change the
dialog stays open with everything as typed — also when the file fails to open or
opens read-only — so nothing typed is lost. A file that cannot be read this way (or
an event no longer there) gets the normal path, after the open.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from briefing_app.core.errors import DatabaseError
from briefing_app.core.quick_event import read_event
from briefing_app.gui.dialogs.event_dialog import EventDialog

# Deferred imports: this module is loaded before the database layer (it imports the
# core's operations); what saves is imported once the file is open.


class EarlyEdits:
    """What the programme view asks while the file is not open yet: `edit_event` and
    `finish` (open now, waiting for the layer); given to it by the start-up."""

    def __init__(self, win: Any, path: Path, opening: Any) -> None:
        self.win = win
        self.path = path
        self.opening = opening  # gui/launch/deferred_open.DeferredOpen

    def finish(self) -> bool:
        """Open the file now (if not yet); True when a database is open."""
        return bool(self.opening.finish())

    def edit_event(self, event_id: int) -> Any:
        found = read_event(self.path, event_id)
        if found is None:  # the normal way, once the file is open
            if not self.finish():
                return None
            from briefing_app.gui.window import event_actions

            return event_actions.edit_event(self.win.state, self.win, event_id)
        record, venues = found
        dlg = EventDialog(self.win, list(venues), record=record,
                          make_venue=lambda values: self._make_venue(record.visit_id, values))
        dlg.submit = lambda d: self._save(record, d.changes())
        if dlg.exec() != EventDialog.DialogCode.Accepted:
            return None
        return dlg.result_value

    def _open_for_writing(self) -> Any:
        """The open AppState, or a refusal the dialog shows in place (the text stays)."""
        if self.opening.opening_now:
            raise DatabaseError("the database is still being opened; press OK again "
                                "once it is open")
        if not self.finish():
            raise DatabaseError("the database did not open, so this change was not saved; "
                                "what you typed is still here")
        state = self.win.state
        db = state.db
        if db is None or db.on_server or Path(db.path).resolve() != self.path.resolve():
            raise DatabaseError(f"{self.path.name} is no longer the open database, so this "
                                "change was not saved")
        state.require_writable()
        return state

    def _save(self, record: Any, changes: dict[str, Any]) -> Any:
        state = self._open_for_writing()
        if not changes:
            return record
        from briefing_app.gui.operations.commands import UpdateCommand

        # The version read from the file: saved elsewhere since, the core refuses it.
        return state.push(UpdateCommand(state, "event", record, changes))

    def _make_venue(self, visit_id: int, values: dict[str, Any]) -> Any:
        """New venue… from the dialog: its own undo step, as in the normal dialog."""
        state = self._open_for_writing()
        from briefing_app.gui.operations.commands import CreateCommand

        return state.push(CreateCommand(state, "venue", visit_id, values))
