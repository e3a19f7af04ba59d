"""Every scheduling conflict of the open visit; choosing one shows its events."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QStyle, QWidget

from briefing_app.gui.operations.errors import guarded
from briefing_app.gui.operations.state import AppState

# Deferred imports: this module is loaded before the first paint (or while the database
# opens), so the core (SQLAlchemy), ReportLab and Qt enums load only when first used
# (benchmarks/startup.py).

IDS_ROLE = Qt.ItemDataRole.UserRole + 1


class ConflictsPanel(QListWidget):
    count_changed = Signal(int)

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setObjectName("conflicts")
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)
        self.itemClicked.connect(self._clicked)
        self.itemActivated.connect(self._activated)
        from briefing_app.gui.widgets.item_keys import install_opener

        # F2 / Enter open the first event's brief, as a double-click does (issue 9)
        install_opener(self, lambda i: self._activated(self.itemFromIndex(i)),
                       "Open the event's &brief",
                       lambda: [("Show in the &programme", self._show_current,
                                 self._current_ids())],
                       opens=lambda i: bool(i.data(IDS_ROLE)))
        state.visit_changed.connect(lambda _v: self.reload())
        state.data_changed.connect(self._changed)
        state.changed.connect(lambda c: self.reload() if c.touches(
            {"event", "person", "visit", "venue"}) else None)

    def sizeHint(self) -> QSize:
        # Compact by default: one line ("No scheduling conflicts."); the window grows
        # the dock when there are conflicts to list (window_layout.fit_conflicts).
        return QSize(400, self.line_height() + 2 * self.frameWidth())

    def minimumSizeHint(self) -> QSize:
        return QSize(120, self.line_height() + 2 * self.frameWidth())

    def line_height(self) -> int:
        return max(self.sizeHintForRow(0), self.fontMetrics().height() + 6)

    def _changed(self, kind: str) -> None:
        if kind in ("*", "event", "person", "visit", "venue"):
            self.reload()

    def reload(self) -> None:
        from briefing_app.core.conflicts import find_conflicts

        self.clear()
        conflicts = []
        if self.state.db is not None and self.state.visit is not None:
            conflicts = find_conflicts(self.state.db, self.state.visit.id)
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        for c in conflicts:
            it = QListWidgetItem(icon, f"{c.kind.capitalize()}: {c.message}")
            it.setData(IDS_ROLE, list(c.event_ids))
            it.setToolTip("Click to show the event; double-click to open its brief.")
            self.addItem(it)
        if not conflicts and self.state.visit is not None:
            it = QListWidgetItem("No scheduling conflicts.")
            it.setFlags(Qt.ItemFlag.NoItemFlags)
            self.addItem(it)
        self.count_changed.emit(len(conflicts))

    def _current_ids(self) -> bool:
        item = self.currentItem()
        return item is not None and bool(item.data(IDS_ROLE))

    def _show_current(self) -> None:
        if self.currentItem() is not None:
            self._clicked(self.currentItem())

    @guarded
    def _clicked(self, item: QListWidgetItem) -> None:
        ids = item.data(IDS_ROLE)
        if ids:
            self.state.view_requested.emit("programme")
            self.state.select("event", ids[0])

    @guarded
    def _activated(self, item: QListWidgetItem) -> None:
        ids = item.data(IDS_ROLE)
        if ids:
            self.state.select("event", ids[0])
            self.state.view_requested.emit("brief")
