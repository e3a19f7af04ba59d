"""What every view shares: refresh when data changes (or when next shown), the hooks
the Edit menu calls (new, delete, duplicate), and locking its editing controls while
the open database is read-only."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from briefing_app.gui.operations.errors import show_error
from briefing_app.gui.operations.run_step import run_step
from briefing_app.gui.operations.state import AppState
from briefing_app.gui.widgets.read_only import apply_read_only

# Deferred imports: this module is loaded before the first paint (or while the database
# opens), so the core (SQLAlchemy), ReportLab and Qt enums load only when first used
# (benchmarks/startup.py).


class BaseView(QWidget):
    """Reloads from the core when a kind it shows changes; lazily when hidden."""

    kinds: frozenset[str] = frozenset({"*"})
    new_label = ""  # Edit > New <thing>; empty: the view adds nothing
    can_delete = False
    can_duplicate = False

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self._dirty = True
        self.read_only = False
        state.data_changed.connect(self._on_data_changed)
        state.changed.connect(self._on_changes)
        state.visit_changed.connect(lambda _v: self._on_data_changed("*"))
        # The window calls set_read_only once the view is built (its controls exist
        # only then); afterwards this keeps it in step with the databases opened.
        state.read_only_changed.connect(self.set_read_only)

    def _on_data_changed(self, kind: str) -> None:
        if kind == "*" or "*" in self.kinds or kind in self.kinds or kind == "visit":
            self._dirty = True
            if self.isVisible():
                self.safe_refresh()

    def _on_changes(self, changes: Any) -> None:
        """A step's change set (core.ops.changes.ChangeSet): refresh only when it
        touches a kind this view shows (or the visit itself)."""
        if changes.touches(self.kinds | {"visit"}):
            self._on_data_changed("*")

    def refresh_if_dirty(self) -> None:
        """Called by the window when the view's tab is shown. (Not a showEvent override:
        a Python event handler makes PySide6 build QEvent's 180-member enum before the
        first paint.)"""
        if self._dirty:
            self.safe_refresh()

    def safe_refresh(self) -> None:
        self._dirty = False
        if self.state.db is None:
            return
        self._item_keys_everywhere()
        try:
            self.refresh()
        except Exception as exc:  # noqa: BLE001 - a view that cannot load says why
            show_error(exc, self)

    def _item_keys_everywhere(self) -> None:
        """Every list, table and tree of the view leaves on Tab, copies its rows with
        Ctrl+C and has a context menu (with Copy), even those with no actions of their
        own. Done once, when the view first shows data (after the first paint: the
        programme is painted before Qt's enums may be used)."""
        if getattr(self, "_keys_done", False):
            return
        self._keys_done = True
        from PySide6.QtWidgets import QAbstractItemView

        from briefing_app.gui.widgets import item_keys

        for view in self.findChildren(QAbstractItemView):
            # (a combo box's list or a calendar pops up in a window of its own: not those)
            if getattr(view, "item_keys", None) is None and view.window() is self.window():
                item_keys.install(view)

    def refresh(self) -> None:
        """Reload what the view shows from the core."""

    def editors(self) -> list[QWidget]:
        """The controls that change data (locked on a read-only database)."""
        return []

    def set_read_only(self, read_only: bool) -> None:
        """Lock or unlock the view's editing controls (see gui/widgets/read_only.py). Selection,
        scrolling, copying, filters and navigation stay as they are."""
        self.read_only = read_only
        apply_read_only(self.editors(), read_only)

    def show_item(self, kind: str, row_id: int) -> None:
        """Select one item (search result, navigator click)."""

    def new_item(self) -> None:
        """Edit > New in this view."""

    def selection_count(self) -> int:
        """How many items Delete would act on (Duplicate wants exactly one); the window
        turns its actions off at 0. A view without a selection of its own says 1."""
        return 1

    def delete_selected(self) -> None:
        """Edit > Delete in this view."""

    def duplicate_selected(self) -> None:
        """Edit > Duplicate in this view."""

    def push(self, command: Any) -> Any:
        """Run one undoable change; on failure show why and reload what is on screen."""
        return run_step(self.state, command, self, reload=self.safe_refresh).value


def hint_label(text: str) -> QLabel:
    """A grey one-line explanation shown above a list or in an empty panel."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color: #5f6670;")
    return label


def empty_state(text: str) -> QWidget:
    w = QWidget()
    lay = QVBoxLayout(w)
    lay.addStretch(1)
    lab = hint_label(text)
    lab.setStyleSheet("color: #5f6670; font-size: 13pt;")
    from PySide6.QtCore import Qt

    lab.setAlignment(Qt.AlignmentFlag.AlignCenter)
    lay.addWidget(lab)
    lay.addStretch(2)
    return w
