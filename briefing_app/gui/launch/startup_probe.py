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


def mark(name: str, **extra: Any) -> None:
    now = time.time()  # before anything the measuring itself costs
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
    live one ends the run by closing the window, as a user would."""
    if not active():
        return
    view = win.view("programme")
    view.table.grab()
    rows = sum(1 for r in view.model.rows if not r.is_day)
    mark("programme" if source == "quick" else "live", rows=rows)
    if source == "live":
        win.close()
