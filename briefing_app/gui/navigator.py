"""The visit navigator: every visit, and inside the open one its days and events."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStyle, QTreeWidget, QTreeWidgetItem, QWidget

from briefing_app.gui.errors import guarded
from briefing_app.gui.state import AppState

KIND_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2


class Navigator(QTreeWidget):
    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setObjectName("navigator")
        self.setHeaderHidden(True)
        self.setUniformRowHeights(True)
        self.setIndentation(14)
        self.itemActivated.connect(self._activated)
        self.itemClicked.connect(self._clicked)
        state.visit_changed.connect(lambda _v: self.reload())
        state.data_changed.connect(self._on_changed)
        state.selection_requested.connect(self._select)

    def _on_changed(self, kind: str) -> None:
        if kind in ("*", "visit", "event"):
            self.reload()

    def reload(self) -> None:
        """Rebuild from the core; keeps the open visit expanded."""
        self.clear()
        if self.state.db is None:
            return
        style = self.style()
        visit_icon = style.standardIcon(QStyle.StandardPixmap.SP_DirIcon)
        day_icon = style.standardIcon(QStyle.StandardPixmap.SP_FileDialogDetailedView)
        open_id = self.state.visit.id if self.state.visit else None
        for v in self.state.visits():
            item = QTreeWidgetItem([v.title])
            item.setToolTip(0, f"{v.title}\n{v.start_date} – {v.end_date} · {v.kind}")
            item.setIcon(0, visit_icon)
            item.setData(0, KIND_ROLE, "visit")
            item.setData(0, ID_ROLE, v.id)
            self.addTopLevelItem(item)
            if v.id == open_id:
                font = item.font(0)
                font.setBold(True)
                item.setFont(0, font)
                self._add_days(item, day_icon)
                item.setExpanded(True)

    def _add_days(self, parent: QTreeWidgetItem, icon: Any) -> None:
        from briefing_app.core.programme import load_programme

        prog = load_programme(self.state.require_db(), self.state.visit.id)
        for day in prog.days:
            d = QTreeWidgetItem([f"{day.day:%a %d %b}"])
            d.setIcon(0, icon)
            d.setData(0, KIND_ROLE, "day")
            d.setData(0, ID_ROLE, day.items[0].event.id if day.items else 0)
            parent.addChild(d)
            for it in day.items:
                ev = it.event
                e = QTreeWidgetItem([f"{it.start.venue:%H:%M}  {ev.title}"])
                e.setToolTip(0, f"{ev.title}\n{it.start.label()}")
                e.setData(0, KIND_ROLE, "event")
                e.setData(0, ID_ROLE, ev.id)
                if ev.status == "cancelled":
                    font = e.font(0)
                    font.setStrikeOut(True)
                    e.setFont(0, font)
                    e.setForeground(0, Qt.GlobalColor.gray)
                if it.in_conflict and ev.status != "cancelled":
                    e.setIcon(0, self.style().standardIcon(
                        QStyle.StandardPixmap.SP_MessageBoxWarning))
                d.addChild(e)
            d.setExpanded(True)

    def _select(self, kind: str, row_id: int) -> None:
        if kind != "event":
            return
        it = self._find("event", row_id)
        if it is not None:
            self.blockSignals(True)
            self.setCurrentItem(it)
            self.blockSignals(False)

    def _find(self, kind: str, row_id: int) -> QTreeWidgetItem | None:
        stack = [self.topLevelItem(i) for i in range(self.topLevelItemCount())]
        while stack:
            it = stack.pop()
            if it.data(0, KIND_ROLE) == kind and it.data(0, ID_ROLE) == row_id:
                return it
            stack += [it.child(i) for i in range(it.childCount())]
        return None

    @guarded
    def _clicked(self, item: QTreeWidgetItem, _col: int = 0) -> None:
        kind, row_id = item.data(0, KIND_ROLE), item.data(0, ID_ROLE)
        if kind == "visit":
            if self.state.visit is None or self.state.visit.id != row_id:
                self.state.set_visit(row_id)
                self.state.view_requested.emit("programme")
        elif kind in ("day", "event") and row_id:
            self.state.select("event", row_id)

    @guarded
    def _activated(self, item: QTreeWidgetItem, _col: int = 0) -> None:
        self._clicked(item)
        if item.data(0, KIND_ROLE) == "event":
            self.state.view_requested.emit("brief")
