"""Print a PDF shown in the preview: each page rendered at the printer's resolution."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QDialog, QWidget


def print_document(document: Any, parent: QWidget | None = None) -> bool:
    """Ask for a printer and print every page (or the chosen range); False if cancelled."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    dialog.setMinMax(1, max(1, document.pageCount()))
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    first = max(1, printer.fromPage() or 1)
    last = min(document.pageCount(), printer.toPage() or document.pageCount())
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError(5, "the printer could not be started")
    try:
        rect = printer.pageRect(QPrinter.Unit.DevicePixel).toRect()
        for n in range(first - 1, last):
            if n > first - 1:
                printer.newPage()
            size = document.pagePointSize(n)
            scale = min(rect.width() / size.width(), rect.height() / size.height())
            image = document.render(n, QSize(int(size.width() * scale),
                                             int(size.height() * scale)))
            painter.drawImage(0, 0, image)
    finally:
        painter.end()
    return True
