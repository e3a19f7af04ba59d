"""The programme, day by day: venue time and home time side by side.

This view is built and painted before the first paint of the window, so it uses no
style sheet (a style sheet switches the widget to the slower QStyleSheetStyle) and no
`Qt` enum (see programme_model.py); everything else may.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from briefing_app.core.enums import count
from briefing_app.gui.operations.errors import guarded, never_raises
from briefing_app.gui.operations.state import AppState
from briefing_app.gui.views.base import BaseView
from briefing_app.gui.views.programme_model import EVENT_ID_ROLE, ProgrammeModel
from briefing_app.gui.views.programme_rows import ProgrammeLine, sort_within_days, titled_rows

# Deferred imports: this module is loaded before the first paint (or while the database
# opens), so the core (SQLAlchemy), ReportLab and Qt enums load only when first used
# (benchmarks/startup.py).


class ProgrammeView(BaseView):
    kinds = frozenset({"event", "person", "venue"})
    new_label = "Event…"
    can_delete = True
    can_duplicate = True

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        # While the file is not open yet: gui/window/quick_edit.EarlyEdits (set by the
        # start-up), through which an event's details can be edited already.
        self.early: Any = None
        self.model = ProgrammeModel(self)
        self.table = QTableView()
        self.table.setObjectName("programmeTable")
        self.table.setModel(self.model)
        # Column titles from a model of their own (see programme_model.py).
        self.table.horizontalHeader().setModel(self.model.header_model)
        self.model.rowsInserted.connect(lambda _p, first, last: self._span_days(first, last))
        self.model.modelReset.connect(self._respan)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(False)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(
            self.table.fontMetrics().height() + 12)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        for col, width in enumerate((165, 150, 300, 120, 200, 190, 80)):
            self.table.setColumnWidth(col, width)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(self._open)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)

        self.title = QLabel()
        self.title.setObjectName("viewTitle")
        font = QFont(self.title.font())
        font.setPointSizeF(13)
        font.setBold(True)
        self.title.setFont(font)
        # A long visit title is cut rather than squeezing the navigator beside the view.
        self.title.setMinimumWidth(1)
        self.summary = QLabel()
        palette = self.summary.palette()
        palette.setColor(self.summary.foregroundRole(), QColor("#5f6670"))
        self.summary.setPalette(palette)
        self.summary.setMinimumWidth(1)  # on a narrow screen it is cut, the navigator is not
        self.show_cancelled = QCheckBox("Show &cancelled")
        self.show_cancelled.setChecked(True)
        self.show_cancelled.toggled.connect(self.safe_refresh)
        buttons = QHBoxLayout()
        self.b_new = QPushButton("&New event…")
        self.b_edit = QPushButton("&Edit times…")
        self.b_dup = QPushButton("D&uplicate")
        self.b_cancel = QPushButton("Cancel / &reinstate")
        self.b_delete = QPushButton("&Delete")
        for b, slot in ((self.b_new, self.new_item), (self.b_edit, self._edit),
                        (self.b_dup, self.duplicate_selected), (self.b_cancel, self._cancel),
                        (self.b_delete, self.delete_selected)):
            b.clicked.connect(slot)
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.summary)
        buttons.addSpacing(12)
        buttons.addWidget(self.show_cancelled)
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addLayout(buttons)
        lay.addWidget(self.table)
        self._update_buttons()
        # F2, Ctrl+C and the context menu need Qt's enums: they come with the database,
        # after the first paint (see the module docstring).
        self._keys: Any = None
        self.sort: tuple[int, bool] | None = None  # (column, descending) within each day
        state.database_opened.connect(self._install_keys)

    def _install_keys(self, *_: Any) -> None:
        if self._keys is None:
            from PySide6.QtCore import Qt

            from briefing_app.gui.widgets import item_keys

            self._keys = item_keys.install(self.table, self.menu_entries, self._edit)
            # Several events may be chosen (Shift/Ctrl+click) to delete or copy at once.
            self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
            self.table.selectionModel().selectionChanged.connect(self._selection_changed)
            # A click on a column title sorts each day's events by it (again: reverses).
            header = self.table.horizontalHeader()
            header.setSectionsClickable(True)
            header.setSortIndicatorShown(True)
            header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
            header.sortIndicatorChanged.connect(self._sort_changed)

    def _selection_changed(self, *_: Any) -> None:
        self._update_buttons()
        self.state.selection_changed.emit()

    def _sort_changed(self, column: int, order: Any) -> None:
        from PySide6.QtCore import Qt

        self.sort = None if column < 0 else (column, order == Qt.SortOrder.DescendingOrder)
        self.safe_refresh()

    def selected_events(self) -> list[int]:
        """The events selected, in the order shown (the current one when none is)."""
        rows = self.model.rows
        picked = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        ids = [rows[r].event_id for r in picked if r < len(rows) and not rows[r].is_day]
        current = self.selected_event()
        return ids or ([current] if current else [])

    def menu_entries(self) -> list[Any]:
        """The programme's context menu: the row buttons, for the event right-clicked."""
        editable = self.state.db is not None and not self.state.read_only
        has = self.selected_event() is not None
        cancelled = has and self.model.rows[self.table.currentIndex().row()].cancelled
        n = len(self.selected_events())
        return [
            ("&Open brief\tEnter", self._open, has),
            ("&Edit event…\tF2", self._edit, editable and has),
            ("D&uplicate", self.duplicate_selected, editable and has),
            ("&Reinstate" if cancelled else "&Cancel event", self._cancel, editable and has),
            None,
            ("&New event…", self.new_item, editable and self.state.visit is not None),
            (f"&Delete {count(n, 'event') if n > 1 else 'event'}…", self.delete_selected,
             editable and has),
        ]

    # --- data -----------------------------------------------------------------------

    def show_rows(self, rows: Sequence[ProgrammeLine], title: str, summary: str) -> None:
        """Fill the table (from the core, or at start-up from core.quick_programme)."""
        keep = self.selected_event()
        if self.sort is not None:
            rows = sort_within_days(rows, *self.sort)
        self.model.set_rows(rows)  # spans follow (_span_days)
        self.title.setText(title)
        self.title.setToolTip(title)
        self.summary.setText(summary)
        # Until the database is open (the start-up programme is on screen) only an
        # event's details can be edited, if the start-up offers it; else the table is
        # greyed and the buttons are off.
        self.table.setEnabled(self.state.db is not None or self.early is not None)
        if keep:
            self.show_item("event", keep)
        self._update_buttons()
        self.state.selection_changed.emit()

    def set_early(self, early: Any) -> None:
        """Take edits of an event's details before the file is open (through `early`,
        gui/window/quick_edit.EarlyEdits), or no more (None, once it is open)."""
        self.early = early
        self.table.setEnabled(self.state.db is not None or early is not None)
        self._update_buttons()

    def _respan(self) -> None:
        self.table.clearSpans()
        self._span_days(0, self.model.rowCount() - 1)

    def _span_days(self, first: int, last: int) -> None:
        """Day rows span the table: set for the rows the view has (it gets them in batches)."""
        columns = self.model.columnCount()
        rows = self.model.rows
        for i in range(first, last + 1):
            if rows.is_day(i):
                self.table.setSpan(i, 0, 1, columns)

    def refresh(self) -> None:
        visit = self.state.visit
        if visit is None:
            self.show_rows([], "No visit open", "")
            return
        title, summary, rows = programme_rows(self.state.require_db(), visit,
                                              self.show_cancelled.isChecked())
        self.show_rows(rows, title, summary)
        if self.selected_event() is None and self.state.current_event_id:
            self.show_item("event", self.state.current_event_id)

    def selection_count(self) -> int:
        return len(self.selected_events())

    def selected_event(self) -> int | None:
        idx = self.table.currentIndex()
        if not idx.isValid():
            return None
        eid = self.model.data(idx, EVENT_ID_ROLE)
        return eid or None

    def show_item(self, kind: str, row_id: int) -> None:
        if kind != "event":
            return
        from PySide6.QtCore import QItemSelectionModel

        row = self.model.row_of_event(row_id)
        if row >= 0:
            self.model.fetch_to(row)  # an event further down than the view has scrolled
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
            self.table.scrollTo(self.model.index(row, 0))

    def set_read_only(self, read_only: bool) -> None:
        """The buttons follow state.read_only (see _update_buttons)."""
        super().set_read_only(read_only)
        self._update_buttons()

    # --- actions --------------------------------------------------------------------

    def _current_changed(self, current: Any = None, previous: Any = None) -> None:
        if current is not None and current.isValid() and self.model.rows.is_day(current.row()):
            self._step_over_day(current.row(), previous)
            return
        eid = self.selected_event()
        if eid:
            self.state.current_event_id = eid
        self._update_buttons()
        self.state.selection_changed.emit()

    def _step_over_day(self, row: int, previous: Any) -> None:
        """A day row became current (click, arrow key): go on to the event next to it in
        the direction moved, so a day heading is never the selection."""
        from PySide6.QtCore import QItemSelectionModel

        rows = self.model.rows
        up = previous is not None and previous.isValid() and previous.row() > row
        order = (range(row - 1, -1, -1), range(row + 1, len(rows))) if up else (
            range(row + 1, len(rows)), range(row - 1, -1, -1))
        target = next((i for rng in order for i in rng if not rows.is_day(i)), -1)
        if target < 0:
            self.table.selectionModel().clear()
            return
        self.model.fetch_to(target)
        self.table.selectionModel().setCurrentIndex(
            self.model.index(target, max(0, self.table.currentIndex().column())),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)

    def _update_buttons(self) -> None:
        live = self.state.db is not None
        editable = live and not self.state.read_only  # a read-only file: look, do not touch
        has = editable and self.selected_event() is not None
        for b in (self.b_edit, self.b_dup, self.b_cancel, self.b_delete):
            b.setEnabled(has)
        if self.early is not None and not live:  # editing before the file is open
            self.b_edit.setEnabled(self.selected_event() is not None)
        self.b_new.setEnabled(editable and self.state.visit is not None)
        self.show_cancelled.setEnabled(live)

    @guarded
    def _open(self, *_: Any) -> None:
        eid = self.selected_event()
        if eid and self.state.db is None and self.early is not None:
            self.early.finish()  # the brief needs the open file: open it now
        if eid and self.state.db is not None:
            self.state.select("event", eid)
            self.state.view_requested.emit("brief")

    @guarded
    def new_item(self, *_: Any) -> None:
        from briefing_app.gui.window import event_actions as act

        act.new_event(self.state, self)

    @guarded
    def _edit(self, *_: Any) -> None:
        eid = self.selected_event()
        if eid and self.state.db is None and self.early is not None:
            self.early.edit_event(eid)
            return
        from briefing_app.gui.window import event_actions as act

        if eid:
            act.edit_event(self.state, self, eid)

    @guarded
    def duplicate_selected(self, *_: Any) -> None:
        from briefing_app.gui.window import event_actions as act

        if eid := self.selected_event():
            act.duplicate_event(self.state, eid)

    @guarded
    def _cancel(self, *_: Any) -> None:
        from briefing_app.gui.window import event_actions as act

        if eid := self.selected_event():
            act.cancel_event(self.state, eid)

    @guarded
    def delete_selected(self, *_: Any) -> None:
        from briefing_app.gui.window import event_actions as act

        ids = self.selected_events()
        if len(ids) > 1:
            from briefing_app.core.ops import entities
            from briefing_app.gui.operations.delete_many import confirm_delete, delete_many_command

            records = [entities.get(self.state.require_db(), "event", i) for i in ids]
            if confirm_delete(self, "event", records):
                self.push(delete_many_command(self.state, "event", records))
        elif ids:
            act.delete_event(self.state, self, ids[0])

    @never_raises()
    def keyPressEvent(self, event: Any) -> None:
        from PySide6.QtCore import Qt

        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._open()
            return
        super().keyPressEvent(event)


def programme_rows(db: Any, visit: Any, include_cancelled: bool = True
                   ) -> tuple[str, str, Sequence[ProgrammeLine]]:
    """(title, summary line, rows) of a visit's programme, as the view shows them."""
    from briefing_app.core.programme import load_programme

    return titled_rows(load_programme(db, visit.id, include_cancelled=include_cancelled))
