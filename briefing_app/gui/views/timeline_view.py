"""The day timeline view: the canvas in a scroll area, with a legend and hints."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from briefing_app.core.programme import load_programme
from briefing_app.gui.operations.errors import guarded
from briefing_app.gui.operations.state import AppState
from briefing_app.gui.views.base import BaseView, hint_label
from briefing_app.gui.views.timeline_canvas import TimelineCanvas
from briefing_app.gui.window import event_actions as act


class TimelineView(BaseView):
    kinds = frozenset({"event", "person", "venue"})
    new_label = "Event…"
    can_delete = True
    can_duplicate = True

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self.canvas = TimelineCanvas()
        self.canvas.selected.connect(self._selected)
        self.canvas.opened.connect(self._opened)
        self.canvas.moved.connect(self._moved)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.canvas)
        title = QLabel("Day timeline (venue time)")
        title.setStyleSheet("font-size: 13pt; font-weight: 600;")
        self.edit_button = edit = QPushButton("Edit &times…")
        edit.clicked.connect(self._edit)
        self.new_button = new = QPushButton("&New event…")
        new.clicked.connect(self.new_item)
        self.hint = hint_label("")
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.hint)
        top.addWidget(new)
        top.addWidget(edit)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(scroll, 1)
        self.set_read_only(False)
        # A right-click on a block offers what the programme's rows offer; F2 edits.
        self.canvas.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.canvas.customContextMenuRequested.connect(self._menu)
        self.last_menu: QMenu | None = None
        f2 = QShortcut(QKeySequence("F2"), self)
        f2.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        f2.activated.connect(self._edit)

    def _update_buttons(self) -> None:
        """Edit times… applies to the chosen block: off while none is."""
        self.edit_button.setEnabled(not self.read_only and bool(self.canvas.current))

    def menu_entries(self) -> list[Any]:
        editable = self.state.db is not None and not self.read_only
        eid = self.canvas.current
        block = next((b for b in self.canvas.blocks if b.event_id == eid), None)
        cancelled = block is not None and getattr(block, "cancelled", False)
        return [
            ("&Open brief", lambda: self._opened(eid), block is not None),
            ("&Edit event…\tF2", self._edit, editable and block is not None),
            ("D&uplicate", self.duplicate_selected, editable and block is not None),
            ("&Reinstate" if cancelled else "&Cancel event",
             lambda: act.cancel_event(self.state, eid), editable and block is not None),
            None,
            ("&Delete event…", self.delete_selected, editable and block is not None),
        ]

    @guarded
    def _menu(self, pos: Any) -> None:
        block = self.canvas.block_at(QPointF(pos))
        if block is None:
            return
        self.canvas.current = block.event_id
        self.canvas.update()
        self._selected(block.event_id)
        menu = QMenu(self)
        for entry in self.menu_entries():
            if entry is None:
                menu.addSeparator()
                continue
            text, slot, enabled = entry
            a = menu.addAction(text)
            a.setEnabled(enabled)
            a.triggered.connect(lambda _=False, s=slot: guarded(s)())
        self.last_menu = menu
        menu.popup(self.canvas.mapToGlobal(pos))

    def editors(self) -> list[QWidget]:
        return [self.new_button, self.edit_button, self.canvas]

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self._update_buttons()
        self.hint.setText("Double-click a block to open its brief. Conflicts are orange."
                          if read_only else
                          "Drag a block to move the event (snaps to 5 minutes); "
                          "double-click to open its brief. Conflicts are orange.")

    def refresh(self) -> None:
        if self.state.visit is None:
            self.canvas.blocks, self.canvas.days = [], []
            self.canvas.update()
            return
        self.canvas.set_programme(load_programme(self.state.require_db(), self.state.visit.id))
        self.canvas.current = self.state.current_event_id
        self._update_buttons()

    def show_item(self, kind: str, row_id: int) -> None:
        if kind == "event":
            self.canvas.current = row_id
            self.canvas.update()
            self._update_buttons()

    def selection_count(self) -> int:
        return int(bool(self.canvas.current))

    def _selected(self, event_id: int) -> None:
        self.state.select("event", event_id)
        self._update_buttons()
        self.state.selection_changed.emit()

    def _opened(self, event_id: int) -> None:
        self.state.select("event", event_id)
        self.state.view_requested.emit("brief")

    @guarded
    def _moved(self, event_id: int, start: str, end: str) -> None:
        try:
            act.move_event(self.state, event_id, start, end)
        finally:
            self.safe_refresh()

    @guarded
    def _edit(self, *_: Any) -> None:
        if self.canvas.current:
            act.edit_event(self.state, self, self.canvas.current)

    @guarded
    def new_item(self, *_: Any) -> None:
        act.new_event(self.state, self)

    @guarded
    def delete_selected(self, *_: Any) -> None:
        if self.canvas.current:
            act.delete_event(self.state, self, self.canvas.current)

    @guarded
    def duplicate_selected(self, *_: Any) -> None:
        if self.canvas.current:
            act.duplicate_event(self.state, self.canvas.current)
