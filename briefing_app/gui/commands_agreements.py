"""Undo for the agreement workflow and text versions.

Each step is one core operation in one transaction: a status change is taken back by
`undo_status_change` (its history entry goes, the previous status returns) and a new
text version by `remove_latest_version`. Both refuse when the step is no longer the
latest one (someone changed the agreement since), so an undo never rewrites history
it does not own. Redo runs the forward operation again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from briefing_app.gui.commands import Command, short

if TYPE_CHECKING:
    from briefing_app.gui.state import AppState


class StatusCommand(Command):
    """Move an agreement to the next status; undo takes that history entry back."""

    kind = "agreement"

    def __init__(self, state: AppState, record: Any, new_status: str, note: str = "") -> None:
        super().__init__(state, f"Mark {short(record.title, 30)!r} {new_status}")
        self.agreement_id = record.id
        self.new_status = new_status
        self.note = note
        self.version: int | None = record.row_version
        self.change_id: int | None = None

    def perform(self) -> Any:
        from briefing_app.core.ops import agreements

        # The history entry comes from the change's own transaction: reading the history
        # afterwards could pick up a change another window made in between.
        rec, change = agreements.change_status_recorded(
            self.db, self.agreement_id, self.new_status, self.note,
            expected_version=self.version)
        self.version = None  # a redo after undo applies to what undo restored
        self.change_id = change.id
        return rec

    def revert(self) -> None:
        from briefing_app.core.ops import agreements

        if self.change_id is None:
            return
        agreements.undo_status_change(self.db, self.agreement_id, self.change_id)
        self.change_id = None


class AddVersionCommand(Command):
    """Store a new text version; undo removes it again (only while it is the newest)."""

    kind = "agreement"

    def __init__(self, state: AppState, record: Any, text: str, author: str, note: str) -> None:
        super().__init__(state, f"Add a text version to {short(record.title, 30)!r}")
        self.agreement_id = record.id
        self.body = text
        self.author = author
        self.note = note
        self.number: int | None = None

    def perform(self) -> Any:
        from briefing_app.core.ops import agreements

        rec = agreements.add_version(self.db, self.agreement_id, self.body, self.author, self.note)
        self.number = rec.number
        return rec

    def revert(self) -> None:
        from briefing_app.core.ops import agreements

        if self.number is None:
            return
        agreements.remove_latest_version(self.db, self.agreement_id, self.number)
        self.number = None
