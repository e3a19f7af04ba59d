"""Export: choose the options, read the visit and build the PDF in a worker thread
(progress, Cancel), then preview it in the app (QtPdf), open its folder or print it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from briefing_app.core import pack_data  # by module: tests stand in for load_pack_data
from briefing_app.core.ops import entities
from briefing_app.gui.dialogs.export_options import ExportOptionsForm
from briefing_app.gui.dialogs.print_pdf import print_document
from briefing_app.gui.launch.screen_fit import fit_dialog
from briefing_app.gui.operations.errors import guarded, show_error
from briefing_app.gui.operations.workers import Worker, percent
from briefing_app.gui.widgets.pdf_preview import PdfPreview
from briefing_app.pdf import ExportCancelled, build_pack, record_export

_READ_SHARE = 0.10  # the fraction of the bar given to reading the visit


def build_in_worker(db: Any, visit_id: int, options: Any, out: Path, *,
                    progress: Callable[[float, str], None],
                    cancelled: Callable[[], bool]) -> Any:
    """Read the visit and build the pack, both off the GUI thread (the Database pools a
    connection per thread). Cancel is honoured between the read and the build and then
    by the builder itself; either way no file is written."""
    progress(0, "reading the visit")
    data = pack_data.load_pack_data(db, visit_id)
    if cancelled():
        raise ExportCancelled()
    progress(_READ_SHARE, "laying out the pack")
    result = build_pack(data, options, out,
                        progress=lambda f, m="": progress(_READ_SHARE + f * (1 - _READ_SHARE), m),
                        cancel=_Flag(cancelled))
    record_export(db, visit_id, options, result)  # the team server's audit trail
    return result


class _Flag:
    """The `.is_set()` the PDF builder polls, answered by the worker's cancel check."""

    def __init__(self, cancelled: Callable[[], bool]) -> None:
        self.is_set = cancelled


class ExportDialog(QDialog):
    """Not modal: the window stays usable while the pack is built and previewed."""

    def __init__(self, state: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModal(False)
        self.state = state
        self.visit = state.require_visit()
        self.setWindowTitle(f"Export briefing pack — {self.visit.title}")
        fit_dialog(self, QSize(720, 560))  # never beyond the screen
        people = entities.list_for_visit(state.require_db(), "person", self.visit.id)
        self.form = ExportOptionsForm(self.visit, people)
        self.worker: Worker | None = None
        self.result: Any = None
        self.print_job: Any = None  # the running print worker, kept alive while it prints
        self.document: Any = None
        self.preview: Any = None  # the QPdfView inside `reader`
        self.reader: Any = None  # the preview with its page navigation, zoom, thumbnails

        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        self.progress.hide()
        self.progress_label = QLabel("")
        self.progress_label.setStyleSheet("color: #3d4450;")
        self.info = QLabel("")
        self.info.setWordWrap(True)
        self.info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.pages = QStackedWidget()
        options_page = QWidget()
        lay = QVBoxLayout(options_page)
        lay.setContentsMargins(0, 0, 0, 0)
        options_scroll = QScrollArea()  # the options scroll on a small screen
        options_scroll.setWidgetResizable(True)
        options_scroll.setFrameShape(QFrame.Shape.NoFrame)
        options_scroll.setWidget(self.form)
        lay.addWidget(options_scroll, 1)
        lay.addWidget(self.progress_label)
        lay.addWidget(self.progress)
        self.pages.addWidget(options_page)
        self.preview_page = QWidget()
        QVBoxLayout(self.preview_page)
        self.pages.addWidget(self.preview_page)

        self.b_export = QPushButton("&Export")
        self.b_export.setDefault(True)
        self.b_cancel = QPushButton("&Cancel export")
        self.b_cancel.hide()
        self.b_back = QPushButton("◀ &Options")
        self.b_folder = QPushButton("Open &folder")
        self.b_print = QPushButton("&Print…")
        self.b_close = QPushButton("Close")
        for b in (self.b_back, self.b_folder, self.b_print):
            b.hide()
        self.b_export.clicked.connect(self.start)
        self.b_cancel.clicked.connect(self.cancel)
        self.b_back.clicked.connect(lambda: self._show_page(0))
        self.b_folder.clicked.connect(self.open_folder)
        self.b_print.clicked.connect(self.print_pack)
        self.b_close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.b_back)
        buttons.addWidget(self.b_folder)
        buttons.addWidget(self.b_print)
        buttons.addStretch(1)
        for b in (self.b_export, self.b_cancel, self.b_close):
            buttons.addWidget(b)
        main = QVBoxLayout(self)
        main.addWidget(self.pages, 1)
        main.addWidget(self.info)
        main.addLayout(buttons)

    # --- building -------------------------------------------------------------------

    @guarded
    def start(self, *_: Any) -> None:
        """Check the options here, then read and build in a worker: a big visit takes
        seconds to read, and the window must stay live (and Cancel work) meanwhile."""
        options = self.form.options()
        out = self.form.out_path()
        self.form.remember()
        worker = Worker(build_in_worker, self.state.require_db(), self.visit.id, options, out,
                        with_progress=True)
        worker.signals.progress.connect(self._progress)
        worker.signals.finished.connect(self._finished)
        worker.signals.failed.connect(self._failed)
        self.worker = worker
        self._busy(True)
        self.progress.show()
        self.progress.setValue(0)
        self.progress_label.setText("Reading the visit…")
        worker.start()

    def _busy(self, busy: bool) -> None:
        self.form.setEnabled(not busy)
        self.b_export.setVisible(not busy)
        self.b_cancel.setVisible(busy)
        self.b_close.setEnabled(not busy)

    def cancel(self) -> None:
        if self.worker is not None:
            self.worker.cancel()
            self.progress_label.setText("Cancelling…")

    def _progress(self, fraction: float, message: str) -> None:
        self.progress.setValue(percent(fraction))
        if message:
            self.progress_label.setText(message[:1].upper() + message[1:])

    def _finished(self, result: Any) -> None:
        self.worker = None
        self._busy(False)
        self.result = result
        self.progress.setValue(100)
        n = len(result.paths)
        where = result.path if n == 1 else f"{n} numbered copies in {result.path.parent}"
        self.progress_label.setText(f"Done: {result.pages} pages.")
        text = f"Saved {where}."
        if result.warnings:
            text += "\n⚠ " + "\n⚠ ".join(result.warnings[:6])
            if len(result.warnings) > 6:
                text += f"\n… and {len(result.warnings) - 6} more warnings"
        self.info.setText(text)
        self.state.message.emit(f"Exported {result.pages} pages to {result.path}")
        self.show_preview(result.path)

    def _failed(self, exc: BaseException) -> None:
        self.worker = None
        self._busy(False)
        self.progress.setValue(0)
        if isinstance(exc, ExportCancelled):
            self.progress_label.setText("Cancelled; no file was written.")
            return
        self.progress_label.setText("The export failed; no file was written.")
        show_error(exc, self)

    # --- preview, folder, print -----------------------------------------------------

    def show_preview(self, path: Path) -> None:

        if self.preview is None:
            self.document = QPdfDocument(self)
            self.reader = PdfPreview(self.document, self.preview_page)
            self.preview = self.reader.view
            self.preview_page.layout().addWidget(self.reader)
        self.document.close()
        password = self.form.password.text()
        if password:
            self.document.setPassword(password)
        self.document.load(str(path))
        self._show_page(1)

    def _show_page(self, index: int) -> None:
        self.pages.setCurrentIndex(index)
        on_preview = index == 1
        for b in (self.b_back, self.b_folder, self.b_print):
            b.setVisible(on_preview)
        self.b_export.setVisible(not on_preview)
        if on_preview:
            # Room for a page, but Print and Close stay on the screen (a 768-pixel laptop).
            fit_dialog(self, QSize(max(self.width(), 900), max(self.height(), 800)))

    @guarded
    def open_folder(self, *_: Any) -> None:
        if self.result is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.result.path.parent)))

    @guarded
    def print_pack(self, *_: Any) -> None:
        if self.result is not None:
            self.print_job = print_document(self.result.path, self.form.password.text(), self,
                                            self.state.message.emit)

    def reject(self) -> None:
        if self.worker is not None:  # closing while building cancels the build
            self.cancel()
            return
        super().reject()


def show_export(state: Any, parent: QWidget) -> ExportDialog:
    """File ▸ Export: the open visit's export window, raised if it is already open
    (a second Ctrl+P does not start a second one), else a new one, not modal."""
    visit = state.require_visit()
    for dialog in parent.findChildren(ExportDialog):
        if dialog.visit.id == visit.id and dialog.isVisible():
            dialog.raise_()
            dialog.activateWindow()
            return dialog
        if not dialog.isVisible() and dialog.worker is None and dialog.print_job is None:
            dialog.deleteLater()  # closed earlier: nothing of it is running any more
    dialog = ExportDialog(state, parent)
    dialog.show()
    return dialog
