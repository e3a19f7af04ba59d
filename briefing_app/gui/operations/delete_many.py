"""Deleting what is selected, one record or several: the confirmation names the thing
(or counts them) with Delete/Cancel buttons, and several go in one undoable step."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtWidgets import QAbstractButton, QMessageBox, QWidget

from briefing_app.core.enums import count, kind_label
from briefing_app.core.ops import entities
from briefing_app.gui.operations.commands import CallCommand, name_of, short


def question_box(parent: QWidget | None, title: str,
                 text: str) -> tuple[QMessageBox, QAbstractButton]:
    """A delete question and its Delete button (Cancel is the default: Enter keeps)."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    box.setObjectName("confirmDelete")
    delete = box.addButton("&Delete", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    return box, delete


def ask(parent: QWidget | None, title: str, text: str) -> bool:
    """Ask any delete question (an event, a visit, a point out of a brief); True: Delete."""
    return answer(*question_box(parent, title, text))


def delete_box(parent: QWidget | None, kind: str, records: Sequence[Any],
               detail: str = "") -> tuple[QMessageBox, QAbstractButton]:
    """The confirmation and its Delete button (Cancel is the default: Enter keeps);
    `detail`: what else goes or changes (a venue's events)."""
    noun = kind_label(kind)
    if len(records) == 1:
        title = f"Delete {noun}"
        text = f"Delete the {noun} “{short(name_of(records[0]), 60)}” and every link to it?"
    else:
        what = count(len(records), kind)
        title = f"Delete {what}"
        names = "\n".join(f"• {short(name_of(r), 60)}" for r in records[:8])
        more = f"\n… and {len(records) - 8} more" if len(records) > 8 else ""
        text = f"Delete these {what} and every link to them?\n\n{names}{more}"
    if detail:
        text += f"\n\n{detail}"
    return question_box(parent, title, text + "\n\nEdit ▸ Undo brings it back.")


def answer(box: QMessageBox, delete: QAbstractButton) -> bool:
    """Run the box; True when Delete was chosen (tests replace this)."""
    box.exec()
    return box.clickedButton() is delete


def confirm_delete(parent: QWidget | None, kind: str, records: Sequence[Any],
                   detail: str = "") -> bool:
    """Ask before deleting; True when the user chose Delete."""
    box, delete = delete_box(parent, kind, records, detail)
    return answer(box, delete)


def delete_many_command(state: Any, kind: str, records: Sequence[Any]) -> CallCommand:
    """One step deleting every record (one transaction; undo brings all of them back)."""
    rows = [(r.id, r.row_version) for r in records]
    what = count(len(rows), kind)
    return CallCommand(state, f"Deleted {what}\nDelete {what}", kind,
                       lambda db: entities.delete_many(db, kind, rows))
