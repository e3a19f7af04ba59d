"""Slow work off the GUI thread: a QRunnable that reports back through signals.

The job is a plain function; it may accept `progress` (called with 0..100 and a
message) and `cancelled` (returns True once Cancel was pressed). Each job opens its
own database connection through the core, so sessions never cross threads.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class WorkerSignals(QObject):
    progress = Signal(int, str)
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

    @property
    def cancel_flag(self) -> threading.Event:
        """The flag itself, for jobs that poll `.is_set()` (the PDF builder does)."""
        return self._cancel

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

    def _progress(self, percent: float, message: str = "") -> None:
        self.signals.progress.emit(int(percent), message)

    def start(self) -> None:
        QThreadPool.globalInstance().start(self)
