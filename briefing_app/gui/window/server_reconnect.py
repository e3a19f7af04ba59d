"""The window on a team server that stops answering: offline, reconnecting, back.

When a save or a read fails because the server cannot be reached (ServerUnreachableError:
it stopped, restarted, or the network went), the window

- says so in the status bar: "offline — reconnecting…", and when the next try comes;
- greys editing the way a read-only database does (the views' `set_read_only`), so a
  change cannot be typed into a form that cannot be saved; reading stays possible for
  what is on screen;
- tries the server again with backoff (1, 2, 4, 8, 15, then every 30 s), driven by a
  single-shot QTimer — no sleeps, and a test calls `try_now` itself;
- when the server answers, re-enables editing and reloads the visit and the views.

The user's unsaved input is kept: the text boxes the user had changed (Qt's "modified"
flag: typed into, not loaded) when the server went away get their text back after the
reload, still marked modified, so the user can save it again. Nothing is saved on the
user's behalf: the save is theirs to make, against the data as it is now.

Only the first refusal shows a message box; the errors that follow while offline are in
the status bar already.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QTextEdit, QWidget

from briefing_app.core.errors import DatabaseError, ServerUnreachableError
from briefing_app.gui.operations import errors

BACKOFF_MS: tuple[int, ...] = (1_000, 2_000, 4_000, 8_000, 15_000, 30_000)
OFFLINE = "offline — reconnecting…"
REASON = "the database server cannot be reached (offline — reconnecting)"


class ServerReconnect(QObject):
    """Watches one window's state for a lost server and brings the window back."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.state = window.state
        self.offline = False
        self.tries = 0
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.try_now)
        self.label = QLabel()
        self.label.setObjectName("serverOfflineLabel")
        self.label.hide()
        window.statusBar().addPermanentWidget(self.label)
        self._kept: list[tuple[QWidget, str]] = []
        self._box_shown = False  # this time offline has had its one message box
        self.state.server_lost.connect(self.lost)
        errors.watchers.append(self._watch)
        self.destroyed.connect(lambda *_: _forget(self._watch))

    def _watch(self, exc: BaseException) -> bool:
        """errors.show_error asks first: an unreachable server starts the offline state;
        True (no box) once the status bar says so already."""

        if not isinstance(exc, ServerUnreachableError) or not self._on_server():
            return False
        self.lost(exc)
        shown, self._box_shown = self._box_shown, True
        return shown

    def _on_server(self) -> bool:
        db = self.state.db
        return db is not None and bool(getattr(db, "on_server", False))

    def lost(self, _exc: BaseException | None = None) -> None:
        """The server did not answer: keep the user's input, grey editing, start trying."""
        if self.offline or not self._on_server():
            return
        self.offline = True
        self.tries = 0
        self._box_shown = False
        self._kept = _modified_text_boxes(self.window)
        db = self.state.db
        db.read_only, db.read_only_reason = True, REASON
        self._announce()
        self._schedule()

    def try_now(self) -> bool:
        """One try: a round trip to the server. True when it answered (and the window is
        back), else the next try is scheduled, later each time."""

        self.timer.stop()
        if not self.offline:
            return True
        db = self.state.db
        if db is None or not self._on_server():
            self._back()
            return False
        try:
            with db.read() as session:
                session.connection().exec_driver_sql("SELECT 1")
        except DatabaseError:
            self.tries += 1
            self._schedule()
            return False
        self._back()
        return True

    def next_delay_ms(self) -> int:
        return BACKOFF_MS[min(self.tries, len(BACKOFF_MS) - 1)]

    def _schedule(self) -> None:
        delay = self.next_delay_ms()
        self.label.setText(f"{OFFLINE} (next try in {delay // 1000} s)")
        self.label.setToolTip("Changes cannot be saved until the database server answers. "
                              "What you typed is kept.")
        self.label.show()
        self.window.statusBar().showMessage(OFFLINE, 0)
        self.timer.start(delay)

    def _back(self) -> None:
        """Online again: editing back on, the visit and the views reloaded, the user's
        typed text restored on top."""
        self.offline = False
        self.timer.stop()
        db = self.state.db
        if db is not None and db.read_only_reason == REASON:
            db.read_only, db.read_only_reason = False, ""
        self._announce()
        self.label.hide()
        self.state.reload_visit()
        self.state.data_changed.emit("*")
        kept, self._kept = self._kept, []
        for box, text in kept:
            _set_modified_text(box, text)
        self.window.statusBar().showMessage("Back online: the visit was reloaded from "
                                            "the server", 6000)

    def _announce(self) -> None:
        self.state._announce_read_only()
        self.window._update_actions()


def _forget(watch: Any) -> None:
    if watch in errors.watchers:
        errors.watchers.remove(watch)


def _modified_text_boxes(window: QWidget) -> list[tuple[QWidget, str]]:
    """(box, text) of every text box the user has typed into since it was loaded."""
    kept: list[tuple[QWidget, str]] = []
    for box in window.findChildren(QLineEdit):
        if box.isModified() and not box.isReadOnly():
            kept.append((box, box.text()))
    for box in [*window.findChildren(QPlainTextEdit), *window.findChildren(QTextEdit)]:
        if box.document().isModified() and not box.isReadOnly():
            kept.append((box, box.toPlainText()))
    return kept


def _set_modified_text(box: QWidget, text: str) -> None:
    try:
        box.objectName()
    except RuntimeError:  # the reload rebuilt that form: its box is gone
        return
    if isinstance(box, QLineEdit):
        if box.text() != text:
            box.setText(text)
            box.setModified(True)
    elif isinstance(box, (QPlainTextEdit, QTextEdit)) and box.toPlainText() != text:
        box.setPlainText(text)
        box.document().setModified(True)
