"""Opening the file once the database layer has loaded in its thread.

At start-up the window paints, shows the programme read straight from the file
(core/quick_programme.py) and completes its docks; then the database layer loads in a
thread (gui/launch/layer_loader.py) beside the file check (core/file_check_ahead.py),
and the window takes input meanwhile: the programme is not greyed, and an event's
details can be edited at once (gui/window/quick_edit.py). When the layer is there, the
file is opened on the window's thread exactly as before (`MainWindow.open_database`:
the same checks, the same messages). Whatever needs the open database before that —
saving that first edit, a view built for the first time — calls `finish`, which waits
for what is left of the load and opens the file then and there, once.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from briefing_app.core.file_check_ahead import CheckAhead
from briefing_app.gui.launch.layer_loader import LayerLoader
from briefing_app.gui.operations.state import load_database_layer

# Deferred imports: Qt's enums (the busy cursor) only when someone has to wait.


class DeferredOpen(QObject):
    """Loads the layer in a thread from `start`; opens `path` in `win` when it is loaded
    (or when `finish` is called first); `after(opened)` runs once the open is over."""

    loaded = Signal()  # emitted in the loader's thread: delivered queued, on the window's

    def __init__(self, win: Any, path: Path, after: Callable[[bool], None],
                 load: Callable[[], None] | None = None) -> None:
        """`load`: what the thread runs (default: `state.load_database_layer`)."""
        super().__init__(win)
        self.win = win
        self.path = path
        self._after = after
        self._state = "loading"  # then "opening", then "done"
        self.loaded.connect(self.finish)
        self.checked: CheckAhead | None = None
        self.loader = LayerLoader(load or load_database_layer, self.loaded.emit)
        win.opening = self

    def start(self) -> None:
        """Start the file check and the load, each in its thread."""
        self.checked = CheckAhead(self.path)  # quick_check runs without the lock
        self.loader.start()

    @property
    def opening_now(self) -> bool:
        """True while the file is being opened (a prompt of the open may be on screen)."""
        return self._state == "opening"

    def wait_for_layer(self) -> None:
        """Until the layer has loaded (with a busy cursor if that is not yet the case)."""
        if not self.loader.running:
            return
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QCursor, QGuiApplication

        QGuiApplication.setOverrideCursor(QCursor(Qt.CursorShape.WaitCursor))
        try:
            self.loader.wait()
        finally:
            QGuiApplication.restoreOverrideCursor()

    def finish(self) -> bool:
        """Open the file now if it is not open yet (waiting for the layer first); True when
        a database is open afterwards."""
        if self._state == "loading":
            self._state = "opening"
            self.wait_for_layer()
            opened = False
            try:
                # A window closed before the layer had loaded opens nothing any more.
                if self.win.isVisible():
                    opened = self.win.open_database(self.path, checked=self.checked)
            finally:
                self._state = "done"
                self.win.opening = None
                self.win.view("programme").set_early(None)  # open (or not): edits as ever
                self._after(opened)
        return self.win.state.db is not None
