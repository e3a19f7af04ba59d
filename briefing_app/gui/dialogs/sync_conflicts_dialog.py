"""File ▸ Sync Conflicts…: the fields changed both in this file and on the server since
the last sync, each with "Keep mine" and "Keep the server's" (core resolve_conflict).

A choice is final, not undoable: it settles the conflict in the file's sync state (the
record of what the server had), which the undo history does not hold, and "Keep the
server's" replaces the value here. Undoing it would have to bring back a conflict the
next sync could not see any more, so the dialog says so plainly instead, and the
choice only leaves this computer at the next File ▸ Sync.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from briefing_app.gui.operations.errors import field_label
from briefing_app.gui.operations.offline_jobs import shown_value

COLUMNS = ("Table", "Item", "Field", "Laptop value", "Server value", "Keep")


class SyncConflictsDialog(QDialog):
    """The open conflicts; `resolve(conflict_id, keep)` is called for a button pressed
    and returns the conflicts left (the window's action runs the core call)."""

    def __init__(self, parent: QWidget | None, conflicts: list[Any],
                 resolve: Callable[[int, str], list[Any] | None]) -> None:
        super().__init__(parent)
        self.setObjectName("syncConflictsDialog")
        self.setWindowTitle("Sync Conflicts")
        self._resolve = resolve
        note = QLabel("These fields were changed both here and on the server since the "
                      "last sync. Until you choose, this file keeps its value and the "
                      "server keeps its own. <b>A choice is final</b> (it cannot be "
                      "undone); it is sent at the next File ▸ Sync.")
        note.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("conflictTable")
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # no cell to edit: no focus frame
        header = self.table.horizontalHeader()
        for col in range(len(COLUMNS)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.empty = QLabel("No conflicts: everything this file and the server both "
                            "changed is settled.")
        self.empty.setObjectName("noConflicts")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(buttons)
        self.resize(900, 300)
        self.show_conflicts(conflicts)

    def show_conflicts(self, conflicts: list[Any]) -> None:
        """Fill the table, one row and its two buttons per conflict."""
        self.conflicts = list(conflicts)
        self.table.setRowCount(len(self.conflicts))
        for row, c in enumerate(self.conflicts):
            whole = c.field == "*"
            cells = (c.kind.capitalize(), c.title or "(untitled)",
                     "(the whole item)" if whole else field_label(c.field),
                     _side(c.local, whole, "here"), _side(c.server, whole, "on the server"))
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text if col < 3 else _full(c.local if col == 3 else c.server))
                self.table.setItem(row, col, item)
            self.table.setCellWidget(row, 5, self._buttons(c.id))
        self.table.resizeRowsToContents()
        self.table.setVisible(bool(self.conflicts))
        self.empty.setVisible(not self.conflicts)

    def _buttons(self, conflict_id: int) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(2, 0, 2, 0)
        for text, keep in (("Keep mine", "local"), ("Keep the server's", "server")):
            button = QPushButton(text)
            button.setObjectName(f"keep_{keep}_{conflict_id}")
            button.clicked.connect(lambda _=False, k=keep: self.choose(conflict_id, k))
            row.addWidget(button)
        return box

    def choose(self, conflict_id: int, keep: str) -> None:
        """One button pressed: the action resolves it; the table shows what is left."""
        left = self._resolve(conflict_id, keep)
        if left is not None:
            self.show_conflicts(left)


def _side(value: Any, whole: bool, where: str) -> str:
    if whole:
        return f"(deleted {where})" if value is None else f"(changed {where})"
    return shown_value(value)


def _full(value: Any) -> str:
    return value if isinstance(value, str) else shown_value(value) if value is None else \
        str(value)
