"""Turning an exception into a clear dialog, so a failed action never ends the app.

Core operations are single transactions: when one raises, nothing was written, so
showing the message is all that is left to do. Unexpected errors also get a crash log
(`briefing_app.core.crash_log`, shared with the command line), and neither the dialog
nor the log ever carries a field's value.

Where an error can escape, and what catches it:

- a slot wrapped in `guarded` (most of ours): the dialog at once, parented to its widget;
- any other slot, and `QTimer` callbacks: `sys.excepthook` (PySide hands it uncaught
  slot errors), installed by `install_excepthook`;
- a Python thread: `threading.excepthook`, installed by the same call;
- a virtual override Qt calls while painting (`data()`, `paintEvent`): PySide writes
  "Error calling Python override …" straight to the C stderr before any hook runs, so
  those are wrapped in `never_raises`, which reports and returns a harmless default.

All but the first report through `report_uncaught`: log first, then one dialog on the GUI
thread, later and never re-entrantly (not from inside a paint event, not one box per
cell — errors that follow while the box is open are counted in it).
"""

from __future__ import annotations

import functools
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QWidget

from briefing_app.core.crash_log import format_details, summary, write_crash_log

# Deferred imports: this module is loaded before the first paint (or while the database
# opens), so the core (SQLAlchemy), ReportLab and Qt enums load only when first used
# (benchmarks/startup.py).

F = TypeVar("F", bound=Callable[..., Any])

class ShownErrors:
    """The last errors shown, as (title, message): what the screenshot mode reports when
    the database does not open, and what tests watch instead of dialogs. Bounded: a
    session that shows errors all day keeps only the latest `limit` of them."""

    def __init__(self, limit: int = 50) -> None:
        self._items: deque[tuple[str, str]] = deque(maxlen=limit)
        self._lock = threading.Lock()  # shown from the GUI thread, read from any

    def append(self, item: tuple[str, str]) -> None:
        with self._lock:
            self._items.append(item)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def last_message(self, default: str) -> str:
        """The message of the latest error shown, else `default`."""
        with self._lock:
            return self._items[-1][1] if self._items else default

    def __getitem__(self, index: int) -> tuple[str, str]:
        with self._lock:
            return self._items[index]

    def __iter__(self) -> Iterator[tuple[str, str]]:
        with self._lock:
            return iter(list(self._items))

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)


# The one record of the app's shown errors (tests and the screenshot mode read it).
shown = ShownErrors()
# Called with each error before its box; one that answers True has shown it itself
# (the reconnect flow's status bar: gui/window/server_reconnect.py).
watchers: list[Callable[[BaseException], bool]] = []


def field_label(field: str) -> str:
    """'start_date' -> 'Start date' for a form field; a path into a file
    ('events[2].tz') is kept exactly, so the user can find it."""
    if any(c in field for c in ".[]"):
        return field
    return field.replace("_", " ").capitalize()


def describe(exc: BaseException) -> tuple[str, str, bool]:
    """(title, message, expected) for an exception."""
    from briefing_app.core.errors import (
        BriefingError,
        ConflictError,
        DatabaseError,
        NotFoundError,
        ValidationError,
    )

    if isinstance(exc, ConflictError):
        return ("Changed elsewhere", f"{exc}\n\nNothing was saved. The view has been reloaded "
                "with the current data; make your change again.", True)
    if isinstance(exc, ValidationError):
        return ("Cannot save this", f"{field_label(exc.field)}: {exc.reason}", True)
    if isinstance(exc, NotFoundError):
        return ("No longer there", str(exc), True)
    if isinstance(exc, DatabaseError):
        return ("Database problem", str(exc), True)
    if isinstance(exc, BriefingError):
        return ("Cannot do this", str(exc), True)
    if isinstance(exc, OSError):
        name = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
        return ("File problem", f"{name}{exc.strerror or exc}", True)
    return ("Unexpected error", f"{summary(exc)}\n\nYour data is as it was "
            "before this action.", False)


def show_error(exc: BaseException, parent: QWidget | None = None) -> None:
    """Show the error in a window-modal box (non-blocking) and log unexpected ones."""
    from PySide6.QtWidgets import QMessageBox  # not at import: its enums cost start-up time

    if any([watch(exc) for watch in tuple(watchers)]):
        return
    title, message, expected = describe(exc)
    shown.append((title, message))
    if not expected:
        log = write_crash_log(exc, "window")
        message += f"\n\nDetails were written to {log}."
    if parent is None:
        parent = QApplication.activeWindow()
    box = QMessageBox(QMessageBox.Icon.Warning if expected else QMessageBox.Icon.Critical,
                      title, message, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("errorBox")
    if not expected:
        box.setDetailedText(format_details(exc))
    box.setWindowModality(box.windowModality().WindowModal if parent else box.windowModality())
    box.open()


def guarded(fn: F) -> F:
    """Wrap a slot: any exception becomes an error dialog instead of a crash."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except (Exception, SystemExit) as exc:  # noqa: BLE001 - every failure is shown;
            # SystemExit too: raised in a slot, PySide would end the process on the spot
            parent = args[0] if args and isinstance(args[0], QWidget) else None
            show_error(exc, parent)
            return None

    return wrapper  # type: ignore[return-value]


class _Relay(QObject):
    """Carries an uncaught error to the GUI thread (queued: always later, never inside
    the paint event or the worker that raised it)."""

    raised = Signal(object, str)

    def __init__(self) -> None:
        super().__init__()
        self.box: Any = None
        self.more = 0
        # Auto connection (an explicit QueuedConnection would build PySide's Qt
        # namespace before the first paint): queued from a worker thread, direct from
        # the GUI thread — and _deliver then defers the box with a zero timer.
        self.raised.connect(self._deliver)

    def _deliver(self, exc: BaseException, log: str) -> None:
        from PySide6.QtCore import QTimer

        QTimer.singleShot(0, functools.partial(self._show, exc, log))

    def _box_open(self) -> bool:
        from shiboken6 import isValid

        return self.box is not None and isValid(self.box) and self.box.isVisible()

    def _forget(self, *_: Any) -> None:
        self.box = None

    def _show(self, exc: BaseException, log: str) -> None:
        try:
            from PySide6.QtWidgets import QMessageBox

            title, message, expected = describe(exc)
            if self._box_open():
                self.more += 1  # one box for a burst: count the rest in it
                self.box.setInformativeText(f"{self.more} more error(s) followed; "
                                            f"details are in {log}.")
                return
            shown.append((title, message))
            if not expected:
                message += f"\n\nDetails were written to {log}."
            box = QMessageBox(QMessageBox.Icon.Warning if expected else QMessageBox.Icon.Critical,
                              title, message, QMessageBox.StandardButton.Ok,
                              QApplication.activeWindow())
            box.setObjectName("errorBox")
            if not expected:
                box.setDetailedText(format_details(exc))
            self.box, self.more = box, 0
            box.finished.connect(self._forget)
            box.destroyed.connect(self._forget)
            box.open()
        except Exception:  # noqa: BLE001 - the report must never raise in its turn
            _last_resort(exc, log)


_relay: _Relay | None = None
_logged: dict[tuple[str, str, int], str] = {}  # same error, same place: logged once
_lock = threading.Lock()


def _last_resort(exc: BaseException, log: str) -> None:
    """One line on stderr when no window can show the error (never a traceback)."""
    try:
        print(f"briefing-app: error: {summary(exc)} (details in {log})", file=sys.stderr)
    except Exception:  # noqa: BLE001 - nothing left to tell it with
        pass


def _place(exc: BaseException) -> tuple[str, str, int]:
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    where = (tb.tb_frame.f_code.co_filename, tb.tb_lineno) if tb is not None else ("", 0)
    return type(exc).__name__, where[0], where[1]


def report_uncaught(exc: BaseException, where: str = "window") -> None:
    """Log an error no slot caught and show it once the GUI thread is free. Safe from
    any thread and from inside a paint event; never raises, never prints a traceback."""
    try:
        from briefing_app.core.errors import BriefingError

        key = _place(exc)
        with _lock:
            log = _logged.get(key)
        repeated = log is not None
        if log is None:  # the 2nd…nth paint of one broken cell is not logged again
            log = "" if isinstance(exc, BriefingError) else str(write_crash_log(exc, where))
            with _lock:
                _logged[key] = log
        relay = _relay
        if relay is None or QApplication.instance() is None:
            if not repeated:
                _last_resort(exc, log or "no log")
            return
        relay.raised.emit(exc, log)
    except Exception:  # noqa: BLE001 - reporting must never raise in its turn
        _last_resort(exc, "no log")


def never_raises(default: Any = None) -> Callable[[F], F]:
    """For a virtual override Qt calls itself (`data`, `paintEvent`, mouse events): an
    error is reported and `default` returned, so PySide never prints a traceback and a
    broken cell cannot end the process."""

    def wrap(fn: F) -> F:
        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                return fn(*args, **kwargs)
            except (Exception, SystemExit) as exc:  # noqa: BLE001 - reported, never raised
                report_uncaught(exc, fn.__qualname__)
                return default

        return wrapper  # type: ignore[return-value]

    return wrap


def install_excepthook() -> None:
    """Errors no slot caught (any slot, a QTimer callback, a Python thread) are logged
    and shown in one dialog on the GUI thread instead of a traceback on the terminal.
    Call once a QApplication exists."""
    global _relay
    if _relay is None:
        _relay = _Relay()

    def hook(kind: type[BaseException], exc: BaseException, tb: Any) -> None:
        if issubclass(kind, KeyboardInterrupt):
            QApplication.quit()
            return
        report_uncaught(exc.with_traceback(tb) if tb is not None else exc, "slot")

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or issubclass(args.exc_type, SystemExit):
            return  # a thread ending itself with sys.exit is not an error
        name = args.thread.name if args.thread is not None else "a thread"
        report_uncaught(args.exc_value, f"thread {name}")

    sys.excepthook = hook
    threading.excepthook = thread_hook
