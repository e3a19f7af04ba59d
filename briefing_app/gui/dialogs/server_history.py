"""History on the server: the audit trail of the selected item and of the open visit.

Read-only. An audit can be long, so the table model holds the lines fetched so far and
asks the core for the next page (core/server_audit.entries, 200 lines) only when the
view scrolls to the end (`canFetchMore` / `fetchMore`), as Qt's lazy models do.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTableView, QTabWidget, QVBoxLayout

from briefing_app.core import server_audit
from briefing_app.core.kinds import KIND, label
from briefing_app.gui.operations.errors import show_error

PAGE = 200
HEADERS = ("When (server time)", "Who", "What")
Index = QModelIndex | QPersistentModelIndex


class AuditModel(QAbstractTableModel):
    """Lines of the trail for a visit or an item (table, id), newest first, fetched lazily."""

    def __init__(self, db: Any, *, visit_id: int | None = None,
                 item: tuple[str, int] | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self._audit = server_audit
        self.db, self.visit_id, self.item = db, visit_id, item
        self.total = server_audit.count(db, visit_id=visit_id, item=item)
        self.lines: list[Any] = []

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self.lines) < self.total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        page = self._audit.entries(self.db, visit_id=self.visit_id, item=self.item,
                                   offset=len(self.lines), limit=PAGE)
        if not page:
            self.total = len(self.lines)  # the trail is read as it was counted
            return
        self.beginInsertRows(QModelIndex(), len(self.lines), len(self.lines) + len(page) - 1)
        self.lines.extend(page)
        self.endInsertRows()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        line = self.lines[index.row()]
        if index.column() == 0:
            return f"{line.at:%Y-%m-%d %H:%M:%S %Z}"
        if index.column() == 1:
            return line.login if line.acting_role == line.login else \
                f"{line.login} (as {line.acting_role})"
        return line.what()

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section]
        return None


class HistoryDialog(QDialog):
    """Tabs for the selected item (if any) and the visit; closes with Close."""

    def __init__(self, db: Any, visit: Any, item: tuple[str, int, str] | None,
                 parent: Any = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("History on the server")
        self.tabs = QTabWidget(self)
        self.models: list[AuditModel] = []
        if item is not None:
            table, row_id, name = item
            self._tab(AuditModel(db, item=(table, row_id), parent=self), name)
        if visit is not None:
            self._tab(AuditModel(db, visit_id=visit.id, parent=self), "The visit")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)
        self.resize(820, 480)

    def _tab(self, model: AuditModel, title: str) -> None:
        view = QTableView(self)
        view.setModel(model)
        view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        view.horizontalHeader().setStretchLastSection(True)
        view.setWordWrap(False)  # one line per change: a long trail reads as a list
        view.verticalHeader().hide()
        view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
        metrics = view.fontMetrics()
        pad = 3 * metrics.horizontalAdvance("M")
        # Sized from what the columns hold, not from the rows (which arrive lazily).
        view.setColumnWidth(0, max(metrics.horizontalAdvance("2026-12-02 12:56:32 UTC"),
                                   metrics.horizontalAdvance(HEADERS[0])) + pad)
        view.setColumnWidth(1, max(metrics.horizontalAdvance("m" * 16),
                                   metrics.horizontalAdvance(HEADERS[1])) + pad)
        self.models.append(model)
        self.tabs.addTab(view, f"{title} ({model.total})")


def selected_item(win: Any) -> tuple[str, int, str] | None:
    """(table, id, tab title) of the item selected in the current view, if any."""
    view = win.current_view()
    kind, row_id = getattr(view, "kind", ""), None
    if hasattr(view, "selected_event"):
        kind, row_id = "event", view.selected_event()
    elif hasattr(view, "selected") and kind in KIND:
        record = view.selected()
        row_id = None if record is None else record.id
    if row_id is None or kind not in KIND:
        return None
    return KIND[kind].table.name, row_id, f"This {label(kind)}"


def show_history(win: Any) -> HistoryDialog | None:
    """Open the history of the selected item and the visit (a team server only)."""
    state = win.state
    if state.db is None or not state.db.on_server:
        state.message.emit("History on the server: open a team server database first "
                           "(a database file keeps no audit trail)")
        return None
    try:
        dialog = HistoryDialog(state.db, state.visit, selected_item(win), win)
    except Exception as exc:  # noqa: BLE001 - shown as one message
        show_error(exc, win)
        return None
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
