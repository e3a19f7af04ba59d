"""Start-up timing for benchmarks/startup.py (active only when BRIEFING_STARTUP_PROBE is set).

Writes wall-clock instants (time.time()) as JSON lines: "window" once the main window
has painted, "programme" once the open visit's programme has painted; then quits.
"""

from __future__ import annotations

import os
import time
from typing import Any

# Deferred imports: start-up itself: each step loads only what it needs, in the order
# the window paints (benchmarks/startup.py).

ENV = "BRIEFING_STARTUP_PROBE"


def active() -> bool:
    return bool(os.environ.get(ENV))


def mark(name: str, now: float | None = None, **extra: Any) -> None:
    """Write the mark `name` at `now` (default: this call's instant)."""
    now = time.time() if now is None else now  # before anything the measuring costs
    path = os.environ.get(ENV)
    if path:
        import json  # only when measuring

        with open(path, "a", encoding="utf-8") as fh:
            fh.write(json.dumps({"mark": name, "t": now, **extra}) + "\n")


def window_painted(win: Any) -> None:
    if active():
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
    view = win.view("programme")
    view.table.grab()
    now = time.time()
    rows = view.model.rows
    events = sum(1 for i in range(len(rows)) if not rows.is_day(i))
    mark("programme" if source == "quick" else "live", now, rows=events)
    if source == "live":
        win.close()
