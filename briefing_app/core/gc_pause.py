"""Pausing Python's cycle collector while a whole-visit read builds its records.

Why: reading the programme of a 5,000-event visit allocates ~150,000 objects (rows,
instants, frozen records); every 700 allocations the collector scans the youngest
objects, and once enough have survived it scans *every* object of the process — in the
window, with Qt's and SQLAlchemy's objects, one such pass measured 130–190 ms, more
than the rest of the read. The records hold no reference cycles (frozen records,
tuples, instants), so nothing is left for the collector to find during the read: it
is paused, and resumes as before afterwards (the next collection counts the survivors
as usual). Nested pauses resume only when the outermost ends.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cycle collection inside the block (if the collector was on, it is on again
    after the block, whatever happened inside)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
