"""Qt model of the programme: day header rows spanning the table, then the events."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QApplication, QStyle

from briefing_app.gui.programme_rows import COLUMNS, Row

Index = QModelIndex | QPersistentModelIndex
EVENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
DAY_BG = QColor("#e8edf4")
WARN_BG = QColor("#fde2c8")
MUTED = QColor("#8a8f98")


class ProgrammeModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[Row] = []
        self._warn_icon: Any = None

    def set_rows(self, rows: list[Row]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def row_of_event(self, event_id: int) -> int:
        for i, r in enumerate(self.rows):
            if not r.is_day and r.event_id == event_id:
                return i
        return -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if index.isValid() and self.rows[index.row()].is_day:
            return Qt.ItemFlag.ItemIsEnabled
        return super().flags(index)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return row.cells[col] if col < len(row.cells) else ""
        if role == EVENT_ID_ROLE:
            return row.event_id
        if row.is_day:
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(DAY_BG)
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.tooltip or (row.cells[col] if col < len(row.cells) else "")
        if role == Qt.ItemDataRole.BackgroundRole and row.conflict and not row.cancelled:
            return QBrush(WARN_BG)
        if role == Qt.ItemDataRole.ForegroundRole and row.cancelled:
            return QBrush(MUTED)
        if role == Qt.ItemDataRole.FontRole and row.cancelled:
            font = QFont()
            font.setStrikeOut(col == 2)
            return font
        if role == Qt.ItemDataRole.DecorationRole and col == 2 and row.conflict \
                and not row.cancelled:
            if self._warn_icon is None:
                self._warn_icon = QApplication.style().standardIcon(
                    QStyle.StandardPixmap.SP_MessageBoxWarning)
            return self._warn_icon
        return None
