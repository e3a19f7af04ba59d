"""A read-only table model over plain records (frozen dataclasses from the core).

Columns are declared as data (title, how to get the text); the model never touches
the database: views hand it fresh records after each change.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from briefing_app.gui.operations.errors import never_raises

RECORD_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    title: str
    text: Callable[[Any], str]
    tooltip: Callable[[Any], str] | None = None
    sort: Callable[[Any], Any] | None = None
    align_right: bool = False
    icon: Callable[[Any], Any] | None = None


class RecordTableModel(QAbstractTableModel):
    """Rows of records; `warn(record)` paints a row in the warning colour."""

    WARN = QColor("#fde2c8")
    MUTED = QColor("#8a8f98")

    def __init__(self, columns: Sequence[Column], parent: Any = None,
                 warn: Callable[[Any], bool] | None = None,
                 muted: Callable[[Any], bool] | None = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.records: list[Any] = []
        self._warn = warn
        self._muted = muted

    def set_records(self, records: Sequence[Any]) -> None:
        self.beginResetModel()
        self.records = list(records)
        self.endResetModel()

    def record(self, row: int) -> Any:
        return self.records[row] if 0 <= row < len(self.records) else None

    def row_of(self, record_id: int) -> int:
        for i, rec in enumerate(self.records):
            if getattr(rec, "id", None) == record_id:
                return i
        return -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.records)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    @never_raises()
    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].title
        return None

    @never_raises()
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        rec = self.records[index.row()]
        col = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return col.text(rec)
        if role == Qt.ItemDataRole.ToolTipRole:
            return col.tooltip(rec) if col.tooltip else col.text(rec)
        if role == RECORD_ROLE:
            return rec
        if role == SORT_ROLE:
            return col.sort(rec) if col.sort else col.text(rec).casefold()
        if role == Qt.ItemDataRole.DecorationRole and col.icon:
            return col.icon(rec)
        if role == Qt.ItemDataRole.TextAlignmentRole and col.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and self._warn and self._warn(rec):
            return QBrush(self.WARN)
        if role == Qt.ItemDataRole.ForegroundRole and self._muted and self._muted(rec):
            return QBrush(self.MUTED)
        if role == Qt.ItemDataRole.FontRole and self._muted and self._muted(rec):
            font = QFont()
            font.setStrikeOut(True)
            return font
        return None
