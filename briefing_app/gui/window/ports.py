"""What the modules acting for the main window may use of it, written as protocols.

The *_actions modules, the menus and the dock layout are handed the window. Importing
`MainWindow` for its type would put each of them in an import cycle with
main_window.py (which calls them), and reaching into its private fields would tie them
to how the window happens to be built. So each protocol names exactly what its users
touch, and `MainWindow` provides all of it as public attributes and methods.

The window is also a `QMainWindow`: these modules pass it as the parent of the dialogs
and message boxes they open, so the Qt methods they call are listed too.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from PySide6.QtCore import QByteArray, QObject
    from PySide6.QtWidgets import (
        QDockWidget,
        QLabel,
        QMenuBar,
        QStatusBar,
        QStyle,
        QToolBar,
        QUndoView,
        QVBoxLayout,
    )

    from briefing_app.core.cipher import Key
    from briefing_app.gui.operations.state import AppState
    from briefing_app.gui.window.conflicts_panel import ConflictsPanel


class WindowPort(Protocol):
    """The window as the File and Visit actions see it (backup, encryption, exchange,
    spreadsheets, file decisions, drops, preferences, the idle lock)."""

    state: AppState
    db_path: Path | None  # the file last opened or tried (None: a server, or nothing)
    file_drop: Any  # the drop handler (gui/window/file_drop.py), once installed
    import_dialog: Any  # the open programme-import dialog, kept so it is not collected
    preferences_dialog: Any  # the open preferences dialog, likewise

    def statusBar(self) -> QStatusBar: ...  # noqa: N802 - Qt's name

    def open_database(self, path: Path | str, visit_id: int | None = None,
                      first_run: bool = True, offer_restore: bool = True,
                      read_only: bool = False, initialise: bool = False,
                      key: Key | None = None) -> bool: ...

    def show_locked(self, text: str) -> None: ...

    def switch_to(self, key: str) -> Any: ...

    def current_key(self) -> str: ...

    def installEventFilter(self, watched: QObject) -> None: ...  # noqa: N802

    def setAcceptDrops(self, on: bool) -> None: ...  # noqa: N802


class SyncPort(WindowPort, Protocol):
    """The window as Take Offline, Sync and Sync Conflicts see it (window/sync_actions.py)."""

    sync_dialog: Any  # the open Take Offline or Sync Conflicts dialog, kept likewise

    def sync_state_changed(self) -> None: ...


class MenuPort(WindowPort, Protocol):
    """The window as its menus and toolbar see it: the slots each action triggers."""

    def menuBar(self) -> QMenuBar: ...  # noqa: N802

    def addToolBar(self, title: str) -> QToolBar: ...  # noqa: N802

    def style(self) -> QStyle: ...

    def close(self) -> bool: ...

    def new_database(self, *_: Any) -> None: ...

    def choose_database(self, *_: Any) -> None: ...

    def export_pack(self, *_: Any) -> Any: ...

    def back_up_now(self, *_: Any) -> Any: ...

    def restore_backup(self, *_: Any) -> bool: ...

    def encrypt_database(self, *_: Any) -> bool: ...

    def change_passphrase(self, *_: Any) -> bool: ...

    def exchange(self, what: str, **kwargs: Any) -> Any: ...

    def new_item(self, *_: Any) -> None: ...

    def duplicate_item(self, *_: Any) -> None: ...

    def delete_item(self, *_: Any) -> None: ...

    def find(self, *_: Any) -> None: ...

    def new_visit(self, *_: Any) -> None: ...

    def visit_details(self, *_: Any) -> None: ...

    def duplicate_visit(self, *_: Any) -> None: ...

    def delete_visit(self, *_: Any) -> None: ...

    def add_event(self, *_: Any) -> None: ...

    def load_demo(self, *_: Any) -> None: ...

    def about(self, *_: Any) -> None: ...

    def show_shortcuts(self, *_: Any) -> None: ...


class LayoutPort(Protocol):
    """The window as its dock layout sees it (gui/window/window_layout.py)."""

    state: AppState
    actions: Any  # window/actions.Actions: its view_menu lists the docks (Any: no cycle)
    nav_dock: QDockWidget
    conflicts: ConflictsPanel | None
    conflicts_dock: QDockWidget | None
    history: QUndoView | None
    history_dock: QDockWidget | None
    banner: QLabel | None  # the read-only bar above the views, made when first needed
    central_layout: QVBoxLayout
    conflict_lines: int | None  # lines the conflicts dock was sized for (-1: restored)

    def conflict_count(self, n: int) -> None: ...

    def style(self) -> QStyle: ...

    def addDockWidget(self, area: Any, dock: QDockWidget) -> None: ...  # noqa: N802

    def restoreDockWidget(self, dock: QDockWidget) -> bool: ...  # noqa: N802

    def tabifyDockWidget(self, first: QDockWidget, second: QDockWidget) -> None: ...  # noqa: N802

    def resizeDocks(self, docks: list[QDockWidget], sizes: list[int],  # noqa: N802
                    orientation: Any) -> None: ...

    def setCorner(self, corner: Any, area: Any) -> None: ...  # noqa: N802

    def restoreGeometry(self, geometry: QByteArray) -> bool: ...  # noqa: N802

    def restoreState(self, state: QByteArray, version: int = 0) -> bool: ...  # noqa: N802

    def saveGeometry(self) -> QByteArray: ...  # noqa: N802

    def saveState(self, version: int = 0) -> QByteArray: ...  # noqa: N802
