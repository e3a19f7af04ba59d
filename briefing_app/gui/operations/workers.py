"""Slow work off the GUI thread: a QRunnable that reports back through signals.

The job is a plain function; it may accept `progress` (called with a fraction done,
0.0..1.0, and a message) and `cancelled` (returns True once Cancel was pressed). The
fraction is the scale the PDF builder reports in too, so it passes through unchanged
from the core to the signal; only a progress bar turns it into its 0..100 (`percent`).
Each job opens its own database connection through the core, so sessions never cross
threads.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


def percent(fraction: float) -> int:
    """A fraction done (0.0..1.0) as a progress bar's 0..100, clamped."""
    return max(0, min(100, round(fraction * 100)))


class WorkerSignals(QObject):
    progress = Signal(float, str)  # fraction done 0.0..1.0, message
    finished = Signal(object)
    failed = Signal(object)


class Worker(QRunnable):
    """Runs `job(*args, progress=..., cancelled=...)` in the global thread pool."""

    def __init__(self, job: Callable[..., Any], *args: Any, with_progress: bool = False) -> None:
        super().__init__()
        self.job = job
        self.args = args
        self.with_progress = with_progress
        self.signals = WorkerSignals()
        self._cancel = threading.Event()
        self.setAutoDelete(False)

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def run(self) -> None:
        try:
            if self.with_progress:
                result = self.job(*self.args, progress=self._progress, cancelled=self.is_cancelled)
            else:
                result = self.job(*self.args)
        except BaseException as exc:  # noqa: BLE001 - reported to the GUI thread
            self.signals.failed.emit(exc)
        else:
            self.signals.finished.emit(result)

    def _progress(self, fraction: float, message: str = "") -> None:
        self.signals.progress.emit(float(fraction), message)

    def start(self) -> None:
        QThreadPool.globalInstance().start(self)
