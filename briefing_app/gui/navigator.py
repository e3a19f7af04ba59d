"""The visit navigator: every visit, and inside the open one its days and events.

Painted in the window's first frames (filled from the programme read by
core.quick_programme), so, like the programme, it avoids the `Qt` enums until the
database is open: roles are plain ints.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QSize
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

from briefing_app.gui.errors import guarded
from briefing_app.gui.state import AppState

KIND_ROLE = 257  # Qt::UserRole + 1
ID_ROLE = 258
DEFAULT_WIDTH = 260  # wide enough for "10:00  Talks with President Xi Ji…" at the default size


class Navigator(QTreeWidget):
    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setObjectName("navigator")
        self.setHeaderHidden(True)
        self.setUniformRowHeights(True)
        self.setIndentation(12)
        self.itemActivated.connect(self._activated)
        self.itemClicked.connect(self._clicked)
        state.visit_changed.connect(lambda _v: self.reload())
        state.data_changed.connect(self._on_changed)
        state.changed.connect(lambda c: self.reload() if c.touches({"visit", "event"}) else None)
        state.selection_requested.connect(self._select)

    def sizeHint(self) -> QSize:
        return QSize(DEFAULT_WIDTH, 480)

    def _on_changed(self, kind: str) -> None:
        if kind in ("*", "visit", "event"):
            self.reload()

    def reload(self) -> None:
        """Rebuild from the core; keeps the open visit expanded."""
        self.setEnabled(True)
        if self.state.db is None:
            self.clear()
            return
        from briefing_app.core.programme import load_programme

        visits = [(v.id, v.title, f"{v.title}\n{v.start_date} – {v.end_date} · {v.kind}")
                  for v in self.state.visits()]
        days: list[tuple[date, list[tuple[int, str, str, str, bool, bool]]]] = []
        if self.state.visit is not None:
            prog = load_programme(self.state.require_db(), self.state.visit.id)
            for day in prog.days:
                events = []
                for it in day.items:
                    ev = it.event
                    events.append((ev.id, f"{it.start.venue:%H:%M}", ev.title,
                                   f"{ev.title}\n{it.start.label()}",
                                   ev.status == "cancelled", it.in_conflict))
                days.append((day.day, events))
        self._fill(visits, self.state.visit.id if self.state.visit else None, days, icons=True)

    def show_preview(self, visits: list[tuple[int, str]], open_id: int, rows: list[Any]) -> None:
        """The tree from the programme's display rows (read before the database layer
        loaded); greyed until the database opens."""
        days: list[tuple[date, list[tuple[int, str, str, str, bool, bool]]]] = []
        for r in rows:
            if r.is_day:
                days.append((date.fromisoformat(r.day), []))
            elif days:
                days[-1][1].append((r.event_id, r.cells[0][:5], r.cells[2], r.cells[2],
                                    r.cancelled, r.conflict))
        self._fill([(vid, title, title) for vid, title in visits], open_id, days, icons=False)
        self.setEnabled(False)

    def _fill(self, visits: list[tuple[int, str, str]], open_id: int | None,
              days: list[tuple[date, list[tuple[int, str, str, str, bool, bool]]]],
              icons: bool) -> None:
        self.clear()
        # Rows as tall with or without icons, so the tree does not shift when the icons
        # come (they are left out of the first frame).
        row = QSize(0, max(self.fontMetrics().height(), 16) + 2)  # width: the column's
        visit_icon = day_icon = warn_icon = None
        if icons:  # QStyle's enums are loaded only once the window has painted
            from PySide6.QtWidgets import QStyle

            style = self.style()
            visit_icon = style.standardIcon(QStyle.StandardPixmap.SP_DirIcon)
            day_icon = style.standardIcon(QStyle.StandardPixmap.SP_FileDialogDetailedView)
            warn_icon = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        for vid, title, tip in visits:
            item = QTreeWidgetItem([title])
            item.setSizeHint(0, row)
            item.setToolTip(0, tip)
            item.setData(0, KIND_ROLE, "visit")
            item.setData(0, ID_ROLE, vid)
            if visit_icon is not None:
                item.setIcon(0, visit_icon)
            self.addTopLevelItem(item)
            if vid != open_id:
                continue
            font = item.font(0)
            font.setBold(True)
            item.setFont(0, font)
            for day, events in days:
                d = QTreeWidgetItem([f"{day:%a %d %b}"])
                d.setSizeHint(0, row)
                d.setData(0, KIND_ROLE, "day")
                d.setData(0, ID_ROLE, events[0][0] if events else 0)
                if day_icon is not None:
                    d.setIcon(0, day_icon)
                item.addChild(d)
                for eid, hhmm, ev_title, ev_tip, cancelled, conflict in events:
                    e = QTreeWidgetItem([f"{hhmm}  {ev_title}"])
                    e.setSizeHint(0, row)
                    e.setToolTip(0, ev_tip)
                    e.setData(0, KIND_ROLE, "event")
                    e.setData(0, ID_ROLE, eid)
                    if cancelled:
                        font = e.font(0)
                        font.setStrikeOut(True)
                        e.setFont(0, font)
                        e.setForeground(0, QBrush(QColor("#8a8f98")))
                    elif conflict and warn_icon is not None:
                        e.setIcon(0, warn_icon)
                    d.addChild(e)
                d.setExpanded(True)
            item.setExpanded(True)

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
