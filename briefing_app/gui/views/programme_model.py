"""Qt model of the programme: day header rows spanning the table, then the events.

A QStandardItemModel filled once per refresh, so painting the table never calls back
into Python (a Python `data()` is called ~1,700 times for one paint of the demo
programme) and never touches the `Qt` namespace, whose ~90 enum classes PySide6 builds
on first use — this model is painted before that happens (see gui/app.py).
Roles are plain ints for the same reason (Qt::DisplayRole = 0 ... Qt::UserRole = 256),
and colours are stored as QColor (the delegate turns them into brushes): even
constructing a QBrush makes PySide6 build the `Qt` namespace to resolve its overloads.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QColor, QFont, QStandardItem, QStandardItemModel

from briefing_app.gui.programme_rows import COLUMNS, Row

FONT_ROLE, BACKGROUND_ROLE, FOREGROUND_ROLE = 6, 8, 9  # Qt::FontRole, ...
EVENT_ID_ROLE = 257  # Qt::UserRole + 1
DAY_BG = QColor("#e8edf4")
WARN_BG = QColor("#fde2c8")
MUTED = QColor("#8a8f98")


class ProgrammeModel(QStandardItemModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(0, len(COLUMNS), parent)
        self.setHorizontalHeaderLabels(list(COLUMNS))
        self.rows: list[Row] = []
        self.warn_icon: Any = None  # set after the first paint (QStyle is not loaded before)

    def set_rows(self, rows: list[Row]) -> None:
        self.rows = list(rows)
        self.removeRows(0, self.rowCount())
        bold = QFont()
        bold.setBold(True)
        struck = QFont()
        struck.setStrikeOut(True)
        for r in self.rows:
            items = [QStandardItem(text) for text in r.cells]
            items += [QStandardItem("") for _ in range(len(COLUMNS) - len(items))]
            for col, it in enumerate(items):
                it.setEditable(False)
                it.setData(r.event_id, EVENT_ID_ROLE)
                if r.is_day:
                    it.setSelectable(False)
                    it.setData(bold, FONT_ROLE)
                    it.setData(DAY_BG, BACKGROUND_ROLE)
                    continue
                it.setToolTip(r.tooltip or it.text())
                if r.cancelled:
                    it.setData(MUTED, FOREGROUND_ROLE)
                    if col == 2:
                        it.setData(struck, FONT_ROLE)
                elif r.conflict:
                    it.setData(WARN_BG, BACKGROUND_ROLE)
            if r.conflict and not r.cancelled and self.warn_icon is not None:
                items[2].setIcon(self.warn_icon)
            self.appendRow(items)

    def set_warn_icon(self, icon: Any) -> None:
        """Mark conflicting events with the warning icon (once QStyle is loaded)."""
        self.warn_icon = icon
        for i, r in enumerate(self.rows):
            if r.conflict and not r.cancelled and not r.is_day:
                self.item(i, 2).setIcon(icon)

    def row_of_event(self, event_id: int) -> int:
        for i, r in enumerate(self.rows):
            if not r.is_day and r.event_id == event_id:
                return i
        return -1
