"""Movements: the car plans of the transfers and the hotels' rooming lists, as two tabs.

The window talks to this view as to any other (New, Delete, Duplicate, a search hit);
each of those goes to the tab showing, and a hit on a room or a seat opens its tab.
The tabs have no Alt-key (the forms use every letter of their names): Ctrl+Tab
switches them."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from briefing_app.gui.operations.state import AppState
from briefing_app.gui.views.base import BaseView
from briefing_app.gui.views.movements_panels import CarPlanPanel, RoomingPanel


class MovementsView(BaseView):
    can_delete = True
    can_duplicate = True

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self.kinds = frozenset({"car_seat", "room", "person", "event", "venue"})
        self.cars = CarPlanPanel(state)
        self.rooms = RoomingPanel(state)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("movementsTabs")
        self.tabs.addTab(self.cars, "Car plan")
        self.tabs.addTab(self.rooms, "Rooming list")
        self.tabs.currentChanged.connect(self._tab_changed)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.tabs)

    @property
    def panels(self) -> tuple[Any, ...]:
        return (self.cars, self.rooms)

    @property
    def current(self) -> Any:
        """The list on the tab showing."""
        return self.tabs.currentWidget()

    @property
    def new_label(self) -> str:  # type: ignore[override]
        return self.current.new_label

    def _tab_changed(self, _index: int) -> None:
        self.current.refresh_if_dirty()
        self.state.selection_changed.emit()  # New/Delete now name the other list

    def refresh(self) -> None:
        # Each list reloads itself when shown and changed; this catches up a hidden one.
        for panel in self.panels:
            panel.refresh_if_dirty()

    def editors(self) -> list[QWidget]:
        return [w for panel in self.panels for w in panel.editors()]

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        for panel in self.panels:
            panel.read_only = read_only

    def show_item(self, kind: str, row_id: int) -> None:
        for panel in self.panels:
            if panel.kind == kind:
                self.tabs.setCurrentWidget(panel)
                panel.refresh_if_dirty()
                panel.show_item(kind, row_id)

    def selection_count(self) -> int:
        return self.current.selection_count()

    def new_item(self, *_: Any) -> None:
        self.current.new_item()

    def delete_selected(self, *_: Any) -> None:
        self.current.delete_selected()

    def duplicate_selected(self, *_: Any) -> None:
        self.current.duplicate_selected()
