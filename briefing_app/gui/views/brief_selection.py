"""Which part of the brief Edit ▸ Delete means: the list that has the keyboard focus
and a selected row (talking points, participants, cited facts), else the event."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QApplication, QWidget

from briefing_app.gui.operations.commands import short


def _has_focus(widget: QWidget) -> bool:
    focus = QApplication.focusWidget()
    return focus is not None and (focus is widget or widget.isAncestorOf(focus))


def focused_part(view: Any) -> tuple[str, str, Callable[[], None]] | None:
    """(dialog title, question naming the item, the removal) for the focused selection."""
    title = short(view.record.title, 50)
    points = view.points
    if _has_focus(points.list) and points.list.currentItem() is not None:
        name = short(points.list.currentItem().text(), 60)
        return ("Remove talking point",
                f"Take the talking point “{name}” out of the brief for “{title}”?\n\n"
                "It stays in the talking points library; Edit ▸ Undo puts it back.",
                points.remove_current)
    people = view.participants
    if _has_focus(people.table) and people.table.currentIndex().isValid():
        rec = people.selected()
        if rec is not None:
            return ("Remove participant",
                    f"Remove {rec[0].display_name} from “{title}”?\n\n"
                    "Edit ▸ Undo puts them back.", people.remove_current)
    facts = view.facts
    row = facts.table.currentRow()
    if _has_focus(facts.table) and row >= 0 and facts.table.item(row, 0) is not None:
        name = short(facts.table.item(row, 0).text(), 60)
        return ("Stop citing fact",
                f"Stop citing “{name}” in the brief for “{title}”?\n\n"
                "The fact stays in Facts; Edit ▸ Undo cites it again.", facts.remove_current)
    return None
