"""Live changes in the window on a team server: other users' change sets reach the views.

A `ServerListener` runs core/server_notify.Listener in a QThread of its own; each notice
another window sent (its own are left out by origin) is handed, through a queued signal,
to `AppState.apply_remote` on the GUI thread, and every view refreshes only what the
change set touches, as after a local edit. A lost connection is shown in the status bar
and the listener reconnects by itself; after a reconnect every view reloads once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject, QThread, Signal

from briefing_app.core.server_notify import Listener

if TYPE_CHECKING:
    from briefing_app.core.ops.changes import ChangeSet
    from briefing_app.core.server_db import ServerDatabase
    from briefing_app.core.server_notify import Notice


class LiveHost(Protocol):
    """What the listener needs of the app state (gui/operations/state.AppState): the open
    database, a way to hand on another user's change set, and the status line. A
    protocol, so that the state and its listener need not import each other."""

    db: Any
    message: Any  # Signal(str): a line for the status bar

    def apply_remote(self, changes: ChangeSet) -> None: ...


class _Thread(QThread):
    def __init__(self, listener: Listener, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.listener = listener

    def run(self) -> None:
        self.listener.run()


class ServerListener(QObject):
    """Listens while a server database is open; `stop()` before it is closed."""

    notice = Signal(object)  # core.server_notify.Notice, emitted in the listener's thread
    state_changed = Signal(str)  # "listening" or "lost"

    def __init__(self, state: LiveHost, db: ServerDatabase) -> None:
        super().__init__(state)  # type: ignore[arg-type]  # the state is a QObject
        self.state = state
        self.received = 0  # notices handed to the views (tests and the benchmark count)
        self.listener = Listener(db.url, self.notice.emit, ignore=db.origin,
                                 on_state=self.state_changed.emit)
        # Emitted in the listener's thread, received in the GUI thread (queued).
        self.notice.connect(self._deliver)
        self.state_changed.connect(self._announce)
        self._thread = _Thread(self.listener, self)
        self._lost = False

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """End the listener and wait for its thread (within its poll interval)."""
        self.listener.stop()
        self._thread.wait()

    def _deliver(self, notice: Notice) -> None:
        if self.listener.stopped or self.state.db is None:
            return  # the database closed while the notice was on its way
        self.received += 1
        self.state.apply_remote(notice.changes)

    def _announce(self, what: Any) -> None:
        if what == "lost":
            self._lost = True
            self.state.message.emit("Lost the connection to the team server's live "
                                    "changes; reconnecting…")
        elif self._lost:
            self._lost = False
            self.state.message.emit("Live changes from the team server again")
