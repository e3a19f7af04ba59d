"""An event's participants with their roles: add, change role, remove (each undoable)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from briefing_app.core.enums import Role, count
from briefing_app.core.enums import label as enum_label
from briefing_app.core.ops import entities, links
from briefing_app.gui.dialogs.pick_dialog import PickDialog
from briefing_app.gui.operations import history_text as H
from briefing_app.gui.operations.commands import CallCommand
from briefing_app.gui.operations.errors import guarded
from briefing_app.gui.operations.run_step import run_step
from briefing_app.gui.operations.state import AppState
from briefing_app.gui.widgets import item_keys
from briefing_app.gui.widgets.item_keys import Entry
from briefing_app.gui.widgets.table_model import SORT_ROLE, Column, RecordTableModel


class ParticipantsPanel(QWidget):
    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.event_id: int | None = None
        self.model = RecordTableModel([
            Column("Name", lambda r: r[0].native_name),
            Column("Transliteration", lambda r: r[0].latin_name),
            Column("Title", lambda r: r[0].title),
            Column("Side", lambda r: enum_label(r[0].side)),
            Column("Role", lambda r: enum_label(r[1])),
        ], self)
        self.table = QTableView()
        # Sorted by any column (click a header); the model's order is the core's.
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 190)
        self.table.setColumnWidth(1, 190)
        self.role = QComboBox()
        for r in Role:
            self.role.addItem(enum_label(r.value), r.value)
        self.role.setToolTip("Role of the selected participant")
        self.role.activated.connect(self._set_role)
        item_keys.install(self.table, self.menu_entries, self.role.setFocus)
        add = QPushButton("&Add people…")
        add.clicked.connect(self._add)
        remove = QPushButton("&Remove")
        remove.clicked.connect(self.remove_current)
        # The editing controls sit in one bar, locked as a whole on a read-only database
        # (the role box keeps its own "a participant is selected" condition inside it).
        self.edit_bar = QWidget()
        row = QHBoxLayout(self.edit_bar)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        row.addWidget(self.role)
        lay = QVBoxLayout(self)
        lay.addWidget(self.edit_bar)
        lay.addWidget(self.table)
        self.table.selectionModel().currentRowChanged.connect(self._current)

    def set_read_only(self, read_only: bool) -> None:
        """Add, remove and the role box are off on a read-only database."""
        self.edit_bar.setEnabled(not read_only)

    def set_event(self, event_id: int | None) -> None:
        self.event_id = event_id
        rows = links.participants(self.state.require_db(), event_id) if event_id else []
        self.model.set_records(rows)
        self._current()

    def menu_entries(self) -> list[Entry]:
        editable = self.edit_bar.isEnabled() and self.event_id is not None
        has = self.selected() is not None
        return [("&Change role\tF2", self.role.setFocus, editable and has), None,
                ("&Add people…", self._add, editable),
                ("&Remove from the event", self.remove_current, editable and has)]

    def selected(self) -> Any:
        idx = self.proxy.mapToSource(self.table.currentIndex())
        return self.model.record(idx.row()) if idx.isValid() else None


    _selected = selected  # the older name, still used by tests

    def _current(self, *_: Any) -> None:
        rec = self.selected()
        self.role.setEnabled(rec is not None)
        if rec is not None:
            self.role.setCurrentIndex(max(0, self.role.findData(rec[1])))

    def _push(self, cmd: Any) -> None:
        # On success the brief refreshes from the step's change set; reload here only
        # when the change was refused (the data may have moved elsewhere).
        if not run_step(self.state, cmd, self).ok:
            self.set_event(self.event_id)

    @guarded
    def _add(self, *_: Any) -> None:
        if not self.event_id:
            return
        there = {p.id for p, _r in self.model.records}
        people = [p for p in entities.list_for_visit(self.state.require_db(), "person",
                                                     self.state.require_visit().id)
                  if p.id not in there]
        dlg = PickDialog(self, "Add participants",
                         [(f"{p.display_name} — {p.title}" if p.title else p.display_name, p.id)
                          for p in people],
                         extra=("Role", [r.value for r in Role], Role.PARTICIPANT.value))
        if not dlg.exec():
            return
        role, eid, chosen = dlg.extra_value(), self.event_id, list(dlg.chosen())
        if chosen:  # one pick, one transaction, one undo step
            self._push(CallCommand(
                self.state, H.both(f"Added {count(len(chosen), 'participant')} to the event",
                              f"Add {count(len(chosen), 'participant')}"),
                "event", lambda d: links.add_participants(d, eid, chosen, role)))

    @guarded
    def remove_current(self, *_: Any) -> None:
        rec = self.selected()
        if rec is None or not self.event_id:
            return
        person, eid = rec[0], self.event_id
        self._push(CallCommand(
            self.state, H.both(f"Removed {H.quoted(person.native_name)} from the event",
                               f"Remove {H.quoted(person.native_name)} from the event"), "event",
            lambda d: links.remove_participant(d, eid, person.id)))

    @guarded
    def _set_role(self, *_: Any) -> None:
        rec = self.selected()
        new = self.role.currentData()
        if rec is None or not self.event_id or rec[1] == new:
            return
        person, eid = rec[0], self.event_id
        self._push(CallCommand(
            self.state, H.both(f"Made {H.quoted(person.native_name)} {enum_label(new).lower()}",
                               f"Make {H.quoted(person.native_name)} {enum_label(new).lower()}"), "event",
            lambda d: links.set_participant(d, eid, person.id, new)))
