"""A list of one kind of record beside the form that edits the selected one.

People, talking points and facts share this shape; subclasses declare their columns
and fields and may add filters and panels under the form.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelectionModel, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from briefing_app.core.enums import count
from briefing_app.core.ops import entities
from briefing_app.gui.operations.commands import CreateCommand, DeleteCommand, UpdateCommand, label
from briefing_app.gui.operations.delete_many import confirm_delete, delete_many_command
from briefing_app.gui.operations.errors import guarded, show_error
from briefing_app.gui.operations.state import AppState
from briefing_app.gui.views.base import BaseView
from briefing_app.gui.widgets import item_keys
from briefing_app.gui.widgets.abstract import QtABCMeta, abstractmethod
from briefing_app.gui.widgets.item_keys import Entry
from briefing_app.gui.widgets.level_field import (
    LEVELLED_KINDS,
    below_floor,
    level_column,
    marked,
    with_level,
)
from briefing_app.gui.widgets.record_form import Field, RecordForm
from briefing_app.gui.widgets.table_model import RECORD_ROLE, SORT_ROLE, Column, RecordTableModel


class ListFormView(BaseView, metaclass=QtABCMeta):
    kind = ""
    title_text = ""
    hint = ""
    can_delete = True
    can_duplicate = True
    new_values: dict[str, Any] = {}
    copy_fields: tuple[str, ...] = ()

    @abstractmethod
    def columns(self) -> list[Column]:
        """The list's columns."""

    @abstractmethod
    def fields(self) -> list[Field]:
        """The form's fields."""

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self.kinds = frozenset({self.kind})
        text = label(self.kind)
        self.new_label = text[:1].upper() + text[1:]
        columns = list(self.columns())
        if self.kind in LEVELLED_KINDS and columns:  # rows off the visit's default
            columns[0] = marked(columns[0], self._default_level)
            columns.append(level_column(self._default_level))
        self.model = RecordTableModel(columns, self, warn=self.warn, muted=self.muted)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.table = QTableView()
        self.table.setObjectName(f"{self.kind}Table")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # Several rows may be chosen (Shift/Ctrl+click): Delete and Copy act on all of
        # them; the form edits the current one.
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setHighlightSections(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        item_keys.install(self.table, self.menu_entries, self.edit_selected)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter…")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.count = QLabel()
        self.count.setStyleSheet("color: #5f6670;")
        heading = QLabel(self.title_text)
        heading.setStyleSheet("font-size: 13pt; font-weight: 600;")
        self.new_button = new_b = QPushButton(f"&New {label(self.kind)}")
        new_b.clicked.connect(self.new_item)
        self.delete_button = del_b = QPushButton("&Delete")
        del_b.clicked.connect(self.delete_selected)
        self.filters = QHBoxLayout()
        self.filters.addWidget(self.filter, 1)
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(self.count)
        top.addWidget(new_b)
        top.addWidget(del_b)

        self.form = RecordForm(with_level(self.kind, self.fields()))
        self.form.edited.connect(self._save)
        right = QWidget()
        self.right_layout = QVBoxLayout(right)
        self.right_layout.setContentsMargins(4, 0, 4, 0)
        self.right_layout.addWidget(self.form)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(right)
        left = QWidget()
        left_lay = QVBoxLayout(left)
        left_lay.setContentsMargins(0, 0, 0, 0)
        left_lay.addLayout(self.filters)
        left_lay.addWidget(self.table)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(scroll)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([700, 440])
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(split, 1)
        # Reading order: filter, list, then the form top to bottom.
        self.setTabOrder(self.filter, self.table)
        previous: QWidget = self.table
        for widget in self.form.widgets.values():
            self.setTabOrder(previous, widget)
            previous = widget

    # --- hooks for subclasses -------------------------------------------------------

    def editors(self) -> list[QWidget]:
        """The form and New/Delete; subclasses add their own editing controls."""
        return [self.form, self.new_button, self.delete_button]

    def warn(self, record: Any) -> bool:
        return False

    def _default_level(self) -> Any:
        """The level new items of the open visit take (None: no visit open)."""
        visit = self.state.visit
        return visit.default_level if visit is not None else None

    def muted(self, record: Any) -> bool:
        return False

    def accept(self, record: Any) -> bool:
        """Subclass filters (topic, kind, ...) beyond the text filter."""
        return True

    def on_record(self, record: Any) -> None:
        """Fill the panels under the form for the selected record."""

    def load(self) -> list[Any]:
        return entities.list_for_visit(self.state.require_db(), self.kind,
                                       self.state.require_visit().id)

    # --- data -----------------------------------------------------------------------

    def refresh(self) -> None:
        keep = self.selected()
        if self.state.visit is None:
            self.model.set_records([])
            self._current_changed()
            return
        records = [r for r in self.load() if self.accept(r)]
        self.model.set_records(records)
        self.count.setText(f"{len(records)} shown")
        for col in range(self.model.columnCount()):
            if self.table.columnWidth(col) < 40:
                self.table.resizeColumnToContents(col)
        if keep is not None and self.model.row_of(keep.id) >= 0:
            self.show_item(self.kind, keep.id)
        elif records:
            self.show_item(self.kind, self.model.record(0).id)
        else:
            self._current_changed()

    def selected(self) -> Any:
        idx = self.table.currentIndex()
        return self.proxy.data(idx, RECORD_ROLE) if idx.isValid() else None

    def selected_records(self) -> list[Any]:
        """Every selected record in the order shown (the current one when none is)."""
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        records = [self.proxy.data(self.proxy.index(r, 0), RECORD_ROLE) for r in rows]
        if not records and self.selected() is not None:
            records = [self.selected()]
        return [r for r in records if r is not None]

    def selection_count(self) -> int:
        return len(self.selected_records())

    def menu_entries(self) -> list[Entry]:
        """The list's context menu: what the Edit menu offers for the selection."""
        editable = not self.read_only and self.state.visit is not None
        n = len(self.selected_records())
        noun = label(self.kind)
        return [
            (f"&Edit {noun}\tF2", self.edit_selected, n == 1),
            (f"D&uplicate {noun}", self.duplicate_selected, editable and n == 1),
            None,
            (f"&New {noun}", self.new_item, editable),
            (f"&Delete {count(n, self.kind) if n > 1 else noun}…", self.delete_selected,
             editable and n > 0),
        ]

    def edit_selected(self, *_: Any) -> None:
        """F2: into the form, on its first field."""
        if self.selected() is None or not self.form.widgets:
            return
        first = next(iter(self.form.widgets.values()))
        first.setFocus()
        if isinstance(first, QLineEdit):
            first.selectAll()

    def _selection_changed(self, *_: Any) -> None:
        self.state.selection_changed.emit()

    def show_item(self, kind: str, row_id: int) -> None:
        if kind != self.kind:
            return
        row = self.model.row_of(row_id)
        if row < 0:
            return
        idx = self.proxy.mapFromSource(self.model.index(row, 0))
        if idx.isValid():
            self.table.selectionModel().setCurrentIndex(
                idx, QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
            self.table.scrollTo(idx)
        self._current_changed()

    def _current_changed(self, *_: Any) -> None:
        rec = self.selected()
        self.form.set_record(rec)
        self.state.selection_changed.emit()
        try:
            self.on_record(rec)
        except Exception as exc:  # noqa: BLE001
            show_error(exc, self)

    # --- changes --------------------------------------------------------------------

    def _save(self, changes: dict[str, Any]) -> None:
        """One undoable update; a refused value stays typed and marked in the form."""
        rec = self.selected()
        if rec is None:
            return
        why = below_floor(self.kind, rec, changes)
        if why is not None:  # the core would keep the old level: say so, save nothing
            self.form.refuse("level", why)
            return
        self.form.save_step(changes, self.state, UpdateCommand(self.state, self.kind, rec, changes),
                            self, reload=self.safe_refresh)

    @guarded
    def new_item(self, *_: Any) -> None:
        visit = self.state.require_visit()
        rec = self.push(CreateCommand(self.state, self.kind, visit.id, dict(self.new_values)))
        if rec is not None:
            self.filter.clear()
            self.show_item(self.kind, rec.id)
            first = next(iter(self.form.widgets.values()))
            first.setFocus()
            if isinstance(first, QLineEdit):
                first.selectAll()

    @guarded
    def delete_selected(self, *_: Any) -> None:
        records = self.selected_records()
        if not records:
            return
        if not confirm_delete(self, self.kind, records, self.delete_detail(records)):
            return
        if len(records) == 1:
            self.push(DeleteCommand(self.state, self.kind, records[0]))
        else:
            self.push(delete_many_command(self.state, self.kind, records))

    def delete_detail(self, records: list[Any]) -> str:
        """What else the delete question should say (a venue: the events using it)."""
        return ""

    @guarded
    def duplicate_selected(self, *_: Any) -> None:
        rec = self.selected()
        if rec is None:
            return
        values = {f: getattr(rec, f) for f in self.copy_fields}
        if self.kind in LEVELLED_KINDS:  # a copy of a confidential row stays confidential
            values["level"] = rec.level
        created = self.push(CreateCommand(self.state, self.kind, rec.visit_id, values))
        if created is not None:
            self.show_item(self.kind, created.id)
