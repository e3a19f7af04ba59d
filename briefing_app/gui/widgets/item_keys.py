"""The conventions of a professional tool's lists and tables, in one place.

`install(view, ...)` gives any QAbstractItemView (table, list or tree):

- Tab and Shift+Tab leave it (they move focus through the form in reading order instead
  of stepping from cell to cell: `tabKeyNavigation` off);
- F2 edits the selected item (the view says what editing means: a dialog, its form);
- a context menu with the view's actions (edit, duplicate, delete …) and Copy;
- Ctrl+C copies the selected rows as tab-separated text, which a spreadsheet pastes as
  rows and columns (cells' own tabs and line breaks become spaces).

`install_opener(view, open_item, ...)` is the same for a read-only side list whose items
open somewhere else (an event's brief from a venue's "Events here"): F2, Enter and
double-click open the current item, and the context menu starts with that action.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QListView, QMenu

from briefing_app.gui.operations.errors import guarded

# One context-menu entry: (text, slot, enabled); None is a separator.
Entry = tuple[str, Callable[[], Any], bool] | None


def rows_as_text(view: QAbstractItemView) -> str:
    """The selected rows (else the current one) as tab-separated lines, in the order and
    with the columns the view shows."""
    model = view.model()
    sel = view.selectionModel()
    if model is None or sel is None:
        return ""
    # one index per selected row (a tree's rows are told apart by their parent)
    rows = {(i.parent(), i.row()): i for i in sel.selectedIndexes()}
    if not rows and view.currentIndex().isValid():
        current = view.currentIndex()
        rows = {(current.parent(), current.row()): current}
    picked = sorted(rows.values(), key=lambda i: view.visualRect(i).top())
    header_of = getattr(view, "horizontalHeader", None) or getattr(view, "header", None)
    header = header_of() if header_of is not None else None
    lines = []
    for index in picked:
        # a list has one column (and QListWidget's model keeps columnCount private)
        columns = range(1 if isinstance(view, QListView) else model.columnCount(index.parent()))
        if header is not None:
            columns = sorted((c for c in columns if not header.isSectionHidden(c)),
                             key=header.visualIndex)
        cells = [" ".join(str(model.index(index.row(), c, index.parent()).data() or "").split())
                 for c in columns]
        if any(cells):
            lines.append("\t".join(cells))
    return "\n".join(lines)


class ItemKeys(QObject):
    """F2, Ctrl+C and the context menu of one view (kept as the view's child)."""

    def __init__(self, view: QAbstractItemView, entries: Callable[[], Sequence[Entry]],
                 edit: Callable[[], Any] | None = None, *, enter: bool = False) -> None:
        super().__init__(view)
        self.view = view
        self.entries = entries
        self.edit = edit
        view.setTabKeyNavigation(False)
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(self._menu)
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        self.copy_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Copy), view)
        self.copy_key.setContext(context)
        self.copy_key.activated.connect(self.copy)
        self.edit_key = QShortcut(QKeySequence("F2"), view)
        self.edit_key.setContext(context)
        self.edit_key.activated.connect(self._edit)
        # Enter opens as F2 does, on every platform (Qt's own Enter-activates is
        # platform-dependent: not on macOS); only where the list has nothing else to do
        # with the key.
        self.enter_keys: list[QShortcut] = []
        if enter:
            for key in ("Return", "Enter"):
                shortcut = QShortcut(QKeySequence(key), view)
                shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
                shortcut.activated.connect(self._edit)
                self.enter_keys.append(shortcut)
        self.last_menu: QMenu | None = None  # the menu shown last (tests read it)

    @guarded
    def copy(self) -> str:
        text = rows_as_text(self.view)
        if text:
            QGuiApplication.clipboard().setText(text)
        return text

    @guarded
    def _edit(self) -> None:
        if self.edit is not None and self.view.currentIndex().isValid():
            self.edit()

    def build_menu(self) -> QMenu:
        """The context menu for the current selection: the view's entries, then Copy."""
        menu = QMenu(self.view)
        for entry in self.entries():
            if entry is None:
                menu.addSeparator()
                continue
            text, slot, enabled = entry
            a = QAction(text, menu)
            a.setEnabled(enabled)
            a.triggered.connect(lambda _=False, s=slot: guarded(s)())
            menu.addAction(a)
        if menu.actions() and not menu.actions()[-1].isSeparator():
            menu.addSeparator()
        copy = QAction("&Copy", menu)
        copy.setShortcut(QKeySequence(QKeySequence.StandardKey.Copy))
        copy.setEnabled(bool(self.view.selectionModel() and (
            self.view.selectionModel().hasSelection() or self.view.currentIndex().isValid())))
        copy.triggered.connect(self.copy)
        menu.addAction(copy)
        self.last_menu = menu
        return menu

    @guarded
    def _menu(self, pos: Any) -> None:
        index = self.view.indexAt(pos)
        sel = self.view.selectionModel()
        # A right-click on a row outside the selection selects that row first (as in
        # every file manager); inside the selection it keeps the selection.
        if index.isValid() and sel is not None and not sel.isSelected(index):
            self.view.setCurrentIndex(index)
        self.build_menu().popup(self.view.viewport().mapToGlobal(pos))


def install(view: QAbstractItemView, entries: Callable[[], Sequence[Entry]] = tuple,
            edit: Callable[[], Any] | None = None) -> ItemKeys:
    """Give `view` the conventions above; returns the helper (also `view.item_keys`)."""
    keys = ItemKeys(view, entries, edit)
    view.item_keys = keys  # type: ignore[attr-defined]
    return keys


def install_opener(view: QAbstractItemView, open_item: Callable[[Any], Any],
                   text: str = "&Open", more: Callable[[], Sequence[Entry]] = tuple,
                   *, opens: Callable[[Any], bool] = lambda _item: True) -> ItemKeys:
    """A read-only list's conventions: F2, Enter and the menu's first entry call
    `open_item(current index)`; `opens(index)` says whether an item opens at all (a
    placeholder line does not); `more` adds entries after it."""

    def current() -> Any:
        index = view.currentIndex()
        return index if index.isValid() and opens(index) else None

    def open_current() -> None:
        index = current()
        if index is not None:
            open_item(index)

    def entries() -> list[Entry]:
        return [(text, open_current, current() is not None), *more()]

    keys = ItemKeys(view, entries, open_current, enter=True)
    view.item_keys = keys  # type: ignore[attr-defined]
    return keys


def has_id(index: Any) -> bool:
    """An item that carries a record's id (Qt.UserRole): placeholder lines do not."""
    return bool(index.data(Qt.ItemDataRole.UserRole))
