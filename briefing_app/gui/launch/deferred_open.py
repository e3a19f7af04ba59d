"""Opening the file once the database layer has loaded in its thread.

At start-up the window paints, shows the programme read straight from the file
(core/quick_programme.py) and completes its docks; then the database layer loads in a
thread (gui/launch/layer_loader.py) beside the file check (core/file_check_ahead.py),
and the window takes input meanwhile: the programme is not greyed, and an event's
details can be edited at once (gui/window/quick_edit.py). When the layer is there, the
file is opened on the window's thread exactly as before (`MainWindow.open_database`:
the same checks, the same messages). Whatever needs the open database before that —
saving that first edit, a view built for the first time — calls `finish`, which waits
for what is left of the load and opens the file then and there, once. A file the user
opens meanwhile (File ▸ Open, Open Recent) replaces it: the deferred open is cancelled
(`cancel`, from `MainWindow.open_database`) and opens nothing when the load ends.

The load waits until the file check's thread has imported what it needs
(`CheckAhead.wait_imported`): two threads importing at once can deadlock or see a
half-made module (core/file_check_ahead.py, gui/launch/layer_loader.py).
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
        self._load = load or load_database_layer
        self.loader = LayerLoader(self._load_after_check_imports, self.loaded.emit)
        win.opening = self

    def start(self) -> None:
        """Start the file check and the load, each in its thread (once; `finish` starts
        them if an input handled before `start` already needs the file)."""
        if self.checked is not None or self._state != "loading":
            return
        self.checked = CheckAhead(self.path)  # quick_check runs without the lock
        self.loader.start()

    def _load_after_check_imports(self) -> None:  # in the loader's thread
        assert self.checked is not None  # noqa: S101 - start() sets it before the thread
        self.checked.wait_imported()
        self._load()

    def cancel(self) -> None:
        """Another file is being opened: open nothing when the load ends."""
        if self._state == "loading":
            self._done()

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
            self.start()  # not started yet: an input handled before it needs the file
            self._state = "opening"
            self.wait_for_layer()
            opened = False
            try:
                # A window closed before the layer had loaded opens nothing any more.
                if self.win.isVisible():
                    opened = self.win.open_database(self.path, checked=self.checked)
            finally:
                self._done()
                self._after(opened)
        return self.win.state.db is not None

    def _done(self) -> None:
        self._state = "done"
        if self.win.opening is self:
            self.win.opening = None
        self.win.view("programme").set_early(None)  # open (or not): edits as ever
