"""Undo for the agreement workflow and text versions.

Each step is one core operation in one transaction, undone and redone by the reversal
the core hands back: a status change takes its own history entry back with the
previous status, a new text version goes again. Both are refused when the agreement
is no longer as the step left it (someone moved the status on or added a text since),
so an undo never rewrites history it does not own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from briefing_app.core.enums import label as enum_label
from briefing_app.core.ops import agreements
from briefing_app.gui.operations import history_text
from briefing_app.gui.operations.commands import OpCommand

if TYPE_CHECKING:
    from briefing_app.gui.operations.state import AppState


class StatusCommand(OpCommand):
    """Move an agreement to the next status; undo takes that history entry back."""

    def __init__(self, state: AppState, record: Any, new_status: str, note: str = "") -> None:
        what = f"agreement {history_text.quoted(record.title)}"
        super().__init__(state, history_text.both(
            f"Marked {what} {enum_label(new_status)}", f"Mark {what} {enum_label(new_status)}"),
            "agreement")
        self.agreement_id = record.id
        self.new_status = new_status
        self.note = note
        self.version: int | None = record.row_version

    @property
    def change_id(self) -> int | None:
        """The history entry this step wrote, from the change's own transaction (reading
        the history afterwards could pick up a change another window made in between)."""
        return None if self.value is None else self.value[1].id

    def operation(self, db: Any) -> Any:
        return agreements.change_status_recorded(
            db, self.agreement_id, self.new_status, self.note, expected_version=self.version)

    def perform(self) -> Any:
        super().perform()
        return self.value[0]


class AddVersionCommand(OpCommand):
    """Store a new text version; undo removes it again (only while nothing came after)."""

    def __init__(self, state: AppState, record: Any, text: str, author: str, note: str) -> None:
        what = f"agreement {history_text.quoted(record.title)}"
        super().__init__(state, history_text.both(f"Added a text version to {what}",
                                                  f"Add a text version to {what}"), "agreement")
        self.agreement_id = record.id
        self.body = text
        self.author = author
        self.note = note

    @property
    def number(self) -> int | None:
        return None if self.value is None else self.value.number

    def operation(self, db: Any) -> Any:
        return agreements.add_version(db, self.agreement_id, self.body, self.author, self.note)
