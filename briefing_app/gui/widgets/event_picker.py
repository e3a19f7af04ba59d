"""The Brief's event picker: a combo box over a list model that formats lazily.

Why: a visit of 5,000 events refilled the combo box item by item after every edit of an
event (5,000 `addItem` calls, each label formatted with `strftime`: ~0.15 s of a title
edit), and the combo box measured every label for its width. The model holds the
events (id, start, zone, title) and formats a label only when Qt asks for it — the
current one and the rows of an open popup — and keeps an id → row map, so showing an
event is a look-up. The width comes from a fixed number of characters, not from the
labels; the popup's rows are all one height.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QComboBox, QWidget

from briefing_app.core.timezones import in_zone

DISPLAY = Qt.ItemDataRole.DisplayRole
ID_ROLE = Qt.ItemDataRole.UserRole
Index = QModelIndex | QPersistentModelIndex


class EventPickerModel(QAbstractListModel):
    """Events as 'Tue 10 Sep 12:00  Title', their id in Qt's UserRole."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._events: list[Any] = []
        self._row: dict[int, int] = {}
        self._labels: dict[int, str] = {}

    def set_events(self, events: Sequence[Any]) -> None:
        """Records with id, starts_at, tz and title, in the order shown."""
        self.beginResetModel()
        self._events = list(events)
        self._row = {ev.id: i for i, ev in enumerate(self._events)}
        self._labels = {}
        self.endResetModel()

    def row_of(self, event_id: Any) -> int:
        """The row of the event, or -1 (as QComboBox.findData)."""
        return self._row.get(event_id, -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's API
        return 0 if parent.isValid() else len(self._events)

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        row = index.row()
        if not index.isValid() or not 0 <= row < len(self._events):
            return None
        ev = self._events[row]
        if role == ID_ROLE:
            return ev.id
        if role == DISPLAY:
            label = self._labels.get(row)
            if label is None:
                label = self._labels[row] = (
                    f"{in_zone(ev.starts_at, ev.tz):%a %d %b %H:%M}  {ev.title}")
            return label
        return None


def event_picker(parent: QWidget | None = None) -> tuple[QComboBox, EventPickerModel]:
    """A combo box on a new EventPickerModel, sized without reading its labels."""
    box = QComboBox(parent)
    model = EventPickerModel(box)
    box.setModel(model)
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(28)
    box.view().setUniformItemSizes(True)
    return box, model
