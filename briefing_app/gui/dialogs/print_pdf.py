"""Print an exported pack without freezing the window.

Each page is rendered at the printer's own resolution (a 1200 dpi image per page made a
164 MB job for 24 pages and took a minute) in a worker thread: Qt allows QPainter on a
QPrinter and QtPdf rendering off the GUI thread, and the worker loads its own
QPdfDocument from the file, so nothing is shared with the preview. A non-modal progress
dialog shows the page being printed; Cancel aborts the job between pages.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QProgressDialog, QWidget

from briefing_app.gui.operations.errors import show_error
from briefing_app.gui.operations.workers import Worker, percent

MIN_DPI = 300


class PrintCancelled(Exception):
    """The user pressed Cancel; the printer job was aborted."""


def page_count(pdf: Path, password: str = "") -> int:
    """Pages of the exported file (0 when it cannot be read)."""
    document = _load(pdf, password)
    try:
        return document.pageCount()
    finally:
        document.close()


def _load(pdf: Path, password: str) -> Any:
    document = QPdfDocument()
    if password:
        document.setPassword(password)
    if document.load(str(pdf)) != QPdfDocument.Error.None_:
        raise OSError(5, "the exported file could not be read for printing", str(pdf))
    return document


def print_pages(pdf: Path, password: str, printer: Any, first: int, last: int, *,
                progress: Callable[[float, str], None],
                cancelled: Callable[[], bool]) -> int:
    """Render pages `first`..`last` (from 1) onto `printer`; returns how many were sent."""
    document = _load(pdf, password)
    painter = QPainter()
    total = last - first + 1
    try:
        if not painter.begin(printer):
            raise OSError(5, "the printer could not be started")
        rect = printer.pageRect(printer.Unit.DevicePixel).toRect()
        for done, n in enumerate(range(first - 1, last)):
            if cancelled():
                printer.abort()
                raise PrintCancelled()
            if done:
                printer.newPage()
            size = document.pagePointSize(n)
            scale = min(rect.width() / size.width(), rect.height() / size.height())
            image = document.render(n, QSize(round(size.width() * scale),
                                             round(size.height() * scale)))
            painter.drawImage(0, 0, image)
            progress((done + 1) / total, f"Printed page {done + 1} of {total}")
    finally:
        if painter.isActive():
            painter.end()
        document.close()
    return total


def start_printing(pdf: Path, password: str, printer: Any, first: int, last: int,
                   parent: QWidget | None = None,
                   on_done: Callable[[str], None] | None = None) -> Worker:
    """Run `print_pages` in the thread pool behind a non-modal progress dialog."""
    dialog = QProgressDialog("Preparing the printer…", "Cancel", 0, 100, parent)
    dialog.setObjectName("printProgress")
    dialog.setWindowTitle("Printing")
    dialog.setWindowModality(Qt.WindowModality.NonModal)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setMinimumDuration(0)
    worker = Worker(print_pages, pdf, password, printer, first, last, with_progress=True)
    worker.printer = printer  # kept alive with the job

    def progressed(fraction: float, message: str) -> None:
        dialog.setValue(percent(fraction))
        dialog.setLabelText(message)

    def finished(pages: int) -> None:
        dialog.close()
        if on_done:
            on_done(f"Sent {pages} page{'s' if pages != 1 else ''} to the printer.")

    def failed(exc: BaseException) -> None:
        dialog.close()
        if isinstance(exc, PrintCancelled):
            if on_done:
                on_done("Printing cancelled.")
            return
        show_error(exc, parent)

    worker.signals.progress.connect(progressed)
    worker.signals.finished.connect(finished)
    worker.signals.failed.connect(failed)
    dialog.canceled.connect(worker.cancel)
    worker.dialog = dialog
    dialog.show()
    worker.start()
    return worker


def print_document(pdf: Path, password: str = "", parent: QWidget | None = None,
                   on_done: Callable[[str], None] | None = None) -> Worker | None:
    """Ask for a printer and the pages, then print them off the GUI thread."""
    pages = page_count(pdf, password)
    printer = QPrinter(QPrinter.PrinterMode.PrinterResolution)
    if printer.resolution() < MIN_DPI:  # "print to file" reports 72 dpi: too coarse to read
        printer.setResolution(MIN_DPI)
    dialog = QPrintDialog(printer, parent)
    dialog.setMinMax(1, max(1, pages))
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    first = max(1, printer.fromPage() or 1)
    last = min(pages, printer.toPage() or pages)
    return start_printing(pdf, password, printer, first, last, parent, on_done)
