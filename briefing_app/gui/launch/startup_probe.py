"""Start-up timing for benchmarks/startup.py (active only when BRIEFING_STARTUP_PROBE is set).

Writes wall-clock instants (time.time()) as JSON lines: "window" once the main window
has painted, "programme" once the open visit's programme has painted (read from the
file), "editable" once it takes edits (before the file is open: gui/window/
quick_edit.py), "live" once the open file's programme has painted; then quits.

With BRIEFING_STARTUP_PROBE_EDIT set too, it edits as a user would at the instant the
window is editable: Edit times… on the first event, the title changed (" (edited)"
added, or taken off again), OK; "dialog" once the dialog has painted, "saved" once OK
has returned (`ok`: whether the dialog took it), and quits then.

Each mark proves its paint the way the empty-window baseline does (a `grab()`, counted
in that mark), but the probe's own earlier work — a grab of the whole window, 10–25 ms,
that a start without the probe never does — is taken off every later mark: "t" is the
instant less the time spent in the probe before it, "spent" that time.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

# Deferred imports: start-up itself: each step loads only what it needs, in the order
# the window paints (benchmarks/startup.py).

ENV = "BRIEFING_STARTUP_PROBE"
EDIT_ENV = "BRIEFING_STARTUP_PROBE_EDIT"
SUFFIX = " (edited)"


class _Spent:
    """Seconds this process has spent in the probe so far (one per process)."""

    total = 0.0


def active() -> bool:
    return bool(os.environ.get(ENV))


@contextmanager
def _measuring() -> Iterator[None]:
    """The probe's own work: its time is taken off the marks that come after it."""
    start = time.time()
    try:
        yield
    finally:
        _Spent.total += time.time() - start


def mark(name: str, now: float | None = None, **extra: Any) -> None:
    """Write the mark `name` at `now` (default: this call's instant), less the probe's
    earlier work."""
    now = time.time() if now is None else now  # before anything the measuring costs
    path = os.environ.get(ENV)
    if path:
        import json  # only when measuring

        line = {"mark": name, "t": now - _Spent.total, "spent": _Spent.total, **extra}
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(line) + "\n")


def window_painted(win: Any) -> None:
    if active():
        with _measuring():
            win.grab()
            mark("window")


def programme_painted(win: Any, source: str) -> None:
    """Called when the programme shows rows (read quickly with sqlite3, then live); the
    live one ends the run by closing the window, as a user would.

    The instant is taken once the table has painted, before the events are counted, and
    they are counted without reading the rows: reading one formats it (gui/views/
    programme_rows.py), which the window does for painted rows only, so counting by
    reading made the probe itself format every event (~0.2 s a mark on 5,000 events)."""
    if not active():
        return
    with _measuring():
        view = win.view("programme")
        view.table.grab()
        now = time.time()
        rows = view.model.rows
        events = sum(1 for i in range(len(rows)) if not rows.is_day(i))
        mark("programme" if source == "quick" else "live", now, rows=events)
    if source == "live" and not os.environ.get(EDIT_ENV):
        win.close()


def editable(win: Any) -> None:
    """The window takes edits from now on; with EDIT_ENV, make one."""
    if not active():
        return
    with _measuring():
        win.grab()
        mark("editable")
    if os.environ.get(EDIT_ENV):  # a click: an event the window's own loop delivers
        from PySide6.QtCore import QTimer

        QTimer.singleShot(0, lambda: _edit_first_event(win))


def _edit_first_event(win: Any) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QDialog

    view = win.view("programme")
    rows = view.model.rows
    view.table.selectRow(next(i for i in range(len(rows)) if not rows.is_day(i)))

    def type_and_save() -> None:
        dlg = QApplication.activeModalWidget()
        with _measuring():
            dlg.grab()
            mark("dialog")
        title = dlg.title.text()
        dlg.title.setText(title.removesuffix(SUFFIX) if title.endswith(SUFFIX)
                          else title + SUFFIX)
        dlg.accept()  # waits for what is left of the load, opens the file, saves
        mark("saved", ok=dlg.result() == QDialog.DialogCode.Accepted)

    QTimer.singleShot(0, type_and_save)  # runs inside the dialog's own event loop
    view.b_edit.click()
    win.close()
