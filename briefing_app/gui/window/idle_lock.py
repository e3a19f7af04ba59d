"""Locking the window after a time without use, when the open database is encrypted.

While an encrypted file is open, an application-wide event filter restarts a
single-shot timer on every key press, click, wheel turn or mouse move; when it fires,
the window closes the database, forgets its key and asks for the passphrase again
(gui/window/encryption_actions.lock). The time comes from settings.IDLE_LOCK_MINUTES (0: never).

The filter is there only while it can matter (`follow`): it hands every event of the
application, for every object, to Python. Besides the call per event, the first object
of a class the binding does not know (Qt's private QAnimationTimer, when a dock first
animates) makes PySide6 create every enum of QtCore, QtGui and QtWidgets at once: ~20 ms
in the middle of start-up on a plain file, for nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:
    from briefing_app.gui.window.ports import WindowPort

# Deferred imports: this module is loaded before the first paint (or while the database
# opens), so the core (SQLAlchemy), ReportLab and Qt enums load only when first used
# (benchmarks/startup.py).

_ACTIVITY = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress,
                       QEvent.Type.MouseMove, QEvent.Type.Wheel, QEvent.Type.TouchBegin})


class IdleLock(QObject):
    """Watches for activity and locks `win` after `minutes` without any."""

    def __init__(self, win: WindowPort, minutes: int) -> None:
        super().__init__(win)
        self.win = win
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.fire)
        self._locking = False
        self.watching = False  # the application's events come through eventFilter
        self.set_minutes(minutes)

    def follow(self, db: Any) -> None:
        """The window opened `db`: watch for activity if it is encrypted, else not."""
        path = None if db is None or db.on_server else db.path
        if path is None:  # (at start-up, before the file is open: no cipher module)
            self.watch(False)
            return
        from briefing_app.core import cipher

        self.watch(cipher.key_for(path) is not None)

    def watch(self, on: bool) -> None:
        """Install (or remove) the application-wide event filter."""
        app = QApplication.instance()
        if app is None or on == self.watching:
            return
        if on:
            app.installEventFilter(self)
        else:
            app.removeEventFilter(self)
        self.watching = on

    def set_minutes(self, minutes: int) -> None:
        """Change the idle time (0 turns the lock off)."""
        self.minutes = max(0, int(minutes))
        self.timer.stop()
        if self.minutes:
            self.timer.start(self.minutes * 60_000)

    def eventFilter(self, obj: Any, event: Any) -> bool:  # noqa: N802 - Qt's name
        if self.minutes and not self._locking and event.type() in _ACTIVITY:
            self.timer.start(self.minutes * 60_000)
        return False

    def fire(self) -> bool:
        """The idle time is up: lock if an encrypted database is open."""
        from briefing_app.gui.window import encryption_actions

        if self._locking:
            return False
        self._locking = True
        try:
            return encryption_actions.lock(self.win, self.minutes)
        finally:
            self._locking = False
            if self.minutes:
                self.timer.start(self.minutes * 60_000)
