"""Undo for the agreement workflow and text versions.

The core has no operation that takes a status back or removes a version (the
workflow forbids, for instance, signed → agreed). Undo therefore rewinds the whole
agreement: it deletes it (getting the tombstone of every row it owns), removes from
that tombstone what the step added, and restores it — same ids, same UUIDs. If the
restore fails, the unmodified tombstone is put back, so nothing is lost.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from briefing_app.gui.commands import Command, short

if TYPE_CHECKING:
    from briefing_app.gui.state import AppState


def rewind_agreement(db: Any, agreement_id: int, *, status: str | None = None,
                     drop: tuple[str, int] | None = None) -> None:
    """Restore an agreement with `status` set back and the row `drop` (table, id) removed."""
    from briefing_app.core.ops import entities

    tomb = entities.delete(db, "agreement", agreement_id)
    rows = []
    for table, row in tomb.rows:
        if drop is not None and table == drop[0] and row["id"] == drop[1]:
            continue
        if table == "agreements" and row["id"] == agreement_id and status is not None:
            row = {**row, "status": status}
        rows.append((table, row))
    try:
        entities.undelete(db, dataclasses.replace(tomb, rows=tuple(rows)))
    except Exception:
        entities.undelete(db, tomb)
        raise


class StatusCommand(Command):
    kind = "agreement"

    def __init__(self, state: AppState, record: Any, new_status: str, note: str = "") -> None:
        super().__init__(state, f"Mark {short(record.title, 30)!r} {new_status}")
        self.agreement_id = record.id
        self.old_status = record.status
        self.new_status = new_status
        self.note = note
        self.version: int | None = record.row_version
        self.change_id: int | None = None

    def perform(self) -> Any:
        from briefing_app.core.ops import agreements

        rec = agreements.change_status(self.db, self.agreement_id, self.new_status, self.note,
                                       expected_version=self.version)
        self.version = None
        history = agreements.status_history(self.db, self.agreement_id)
        self.change_id = max(h.id for h in history if h.status == self.new_status)
        return rec

    def revert(self) -> None:
        rewind_agreement(self.db, self.agreement_id, status=self.old_status,
                         drop=("agreement_status_changes", self.change_id or -1))


class AddVersionCommand(Command):
    kind = "agreement"

    def __init__(self, state: AppState, record: Any, text: str, author: str, note: str) -> None:
        super().__init__(state, f"Add a text version to {short(record.title, 30)!r}")
        self.agreement_id = record.id
        self.body = text
        self.author = author
        self.note = note
        self.version_id: int | None = None

    def perform(self) -> Any:
        from briefing_app.core.ops import agreements

        rec = agreements.add_version(self.db, self.agreement_id, self.body, self.author, self.note)
        self.version_id = rec.id
        return rec

    def revert(self) -> None:
        rewind_agreement(self.db, self.agreement_id,
                         drop=("agreement_versions", self.version_id or -1))
