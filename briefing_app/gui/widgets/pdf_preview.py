"""The exported pack, previewed as a PDF reader shows it: page navigation (first,
previous, next, last and a page box), zoom (fit width, fit page, + and −) and a strip
of page thumbnails.

QtPdf does the work: QPdfView lays the pages out and keeps a QPdfPageNavigator in step
with the page scrolled to; QPdfPageSelector is the page box; thumbnails are rendered by
a QPdfPageRenderer in its own threads, so a 500-page book does not hold up the window.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPointF, QSize, Qt
from PySide6.QtGui import QIcon, QKeySequence, QPainter, QPixmap, QShortcut
from PySide6.QtPdf import QPdfDocument, QPdfPageRenderer
from PySide6.QtPdfWidgets import QPdfPageSelector, QPdfView
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

THUMB_WIDTH = 110  # pixels: a strip that leaves the page the room
ZOOM_STEP = 1.25
ZOOM_MIN, ZOOM_MAX = 0.1, 8.0


class PdfPreview(QWidget):
    """A QPdfDocument shown page by page, with navigation, zoom and thumbnails."""

    def __init__(self, document: QPdfDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.view = QPdfView()
        self.view.setObjectName("pdfPreview")
        self.view.setDocument(document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.navigator = self.view.pageNavigator()
        self.navigator.currentPageChanged.connect(self._page_changed)

        style = self.style()

        def button(tip: str, slot: Any, icon: QStyle.StandardPixmap | None = None,
                   text: str = "", keys: str = "", checkable: bool = False) -> QToolButton:
            b = QToolButton()
            if icon is not None:
                b.setIcon(style.standardIcon(icon))
            if text:
                b.setText(text)
            b.setToolTip(f"{tip} ({keys})" if keys else tip)
            b.setAutoRaise(True)
            b.setCheckable(checkable)
            b.clicked.connect(slot)
            if keys:
                key = QShortcut(QKeySequence(keys), self)
                key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                key.activated.connect(slot)
            return b

        SP = QStyle.StandardPixmap
        self.b_first = button("First page", self.first, SP.SP_MediaSkipBackward, keys="Ctrl+Home")
        self.b_prev = button("Previous page", self.previous, SP.SP_MediaSeekBackward,
                             keys="Ctrl+PgUp")
        self.selector = QPdfPageSelector()
        self.selector.setObjectName("pageSelector")
        self.selector.setDocument(document)
        self.selector.setToolTip("Page number: type one and press Enter")
        self.selector.currentPageChanged.connect(self.go_to)
        self.of_pages = QLabel("")
        self.b_next = button("Next page", self.next, SP.SP_MediaSeekForward, keys="Ctrl+PgDown")
        self.b_last = button("Last page", self.last, SP.SP_MediaSkipForward, keys="Ctrl+End")
        self.b_fit_width = button("Fit the page's width", self.fit_width, text="Fit &width",
                                  keys="Ctrl+0", checkable=True)
        self.b_fit_page = button("Show the whole page", self.fit_page, text="Fit &page",
                                 checkable=True)
        self.b_zoom_out = button("Zoom out", self.zoom_out, text="−", keys="Ctrl+-")
        self.b_zoom_in = button("Zoom in", self.zoom_in, text="+", keys="Ctrl++")
        self.zoom_label = QLabel("")
        self.zoom_label.setMinimumWidth(self.zoom_label.fontMetrics().horizontalAdvance("800 %"))
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        for w in (self.b_first, self.b_prev, self.selector, self.of_pages, self.b_next,
                  self.b_last):
            bar.addWidget(w)
        bar.addStretch(1)
        for w in (self.b_fit_width, self.b_fit_page, self.b_zoom_out, self.zoom_label,
                  self.b_zoom_in):
            bar.addWidget(w)

        self.thumbs = QListWidget()
        self.thumbs.setObjectName("pageThumbnails")
        self.thumbs.setViewMode(QListWidget.ViewMode.ListMode)
        self.thumbs.setIconSize(QSize(THUMB_WIDTH, int(THUMB_WIDTH * 1.42)))
        self.thumbs.setUniformItemSizes(True)
        self.thumbs.setSpacing(4)
        self.thumbs.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.thumbs.setMinimumWidth(THUMB_WIDTH + 36)
        self.thumbs.setMaximumWidth(THUMB_WIDTH + 60)
        self.thumbs.currentRowChanged.connect(self._thumb_chosen)
        self.renderer = QPdfPageRenderer(self)
        self.renderer.setDocument(document)
        self.renderer.setRenderMode(QPdfPageRenderer.RenderMode.MultiThreaded)
        self.renderer.pageRendered.connect(self._thumb_rendered)
        self.rendered: set[int] = set()  # pages whose thumbnail has been drawn

        split = QSplitter()
        split.addWidget(self.thumbs)
        split.addWidget(self.view)
        split.setStretchFactor(0, 0)
        split.setStretchFactor(1, 1)
        split.setCollapsible(1, False)
        split.setSizes([THUMB_WIDTH + 44, 10_000])  # the strip at its width, the page the rest
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(bar)
        lay.addWidget(split, 1)

        document.statusChanged.connect(self._status)
        self.view.zoomFactorChanged.connect(self._zoom_changed)
        self.view.zoomModeChanged.connect(self._zoom_changed)
        self._status()

    # --- pages ----------------------------------------------------------------------

    def page_count(self) -> int:
        return max(0, self.document.pageCount())

    def current_page(self) -> int:
        return self.navigator.currentPage()

    def go_to(self, page: int) -> None:
        """Show page `page` (0-based) at its top."""
        n = self.page_count()
        if n == 0:
            return
        page = max(0, min(n - 1, page))
        self.navigator.jump(page, QPointF(), self.navigator.currentZoom())
        self._page_changed(page)

    def first(self) -> None:
        self.go_to(0)

    def previous(self) -> None:
        self.go_to(self.current_page() - 1)

    def next(self) -> None:
        self.go_to(self.current_page() + 1)

    def last(self) -> None:
        self.go_to(self.page_count() - 1)

    def _page_changed(self, page: int) -> None:
        n = self.page_count()
        for b, on in ((self.b_first, page > 0), (self.b_prev, page > 0),
                      (self.b_next, page < n - 1), (self.b_last, page < n - 1)):
            b.setEnabled(on)
        if self.selector.currentPage() != page:
            self.selector.blockSignals(True)
            self.selector.setCurrentPage(page)
            self.selector.blockSignals(False)
        if 0 <= page < self.thumbs.count() and self.thumbs.currentRow() != page:
            self.thumbs.blockSignals(True)
            self.thumbs.setCurrentRow(page)
            self.thumbs.blockSignals(False)

    def _thumb_chosen(self, row: int) -> None:
        if row >= 0:
            self.go_to(row)

    # --- zoom -----------------------------------------------------------------------

    def fit_width(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

    def fit_page(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitInView)

    def effective_zoom(self) -> float:
        """The zoom the page is shown at, also in the fit modes (whose factor QPdfView
        does not report): page width on screen over its width at 100 %."""
        mode = self.view.zoomMode()
        if mode == QPdfView.ZoomMode.Custom or self.page_count() == 0:
            return self.view.zoomFactor()
        size = self.document.pagePointSize(max(0, self.current_page()))
        dpi = self.view.logicalDpiX() / 72.0
        if size.width() <= 0 or size.height() <= 0:
            return 1.0
        room = self.view.viewport().size()
        margin = 2 * self.view.documentMargins().left()
        by_width = (room.width() - margin) / (size.width() * dpi)
        if mode == QPdfView.ZoomMode.FitToWidth:
            return max(ZOOM_MIN, by_width)
        by_height = (room.height() - margin) / (size.height() * dpi)
        return max(ZOOM_MIN, min(by_width, by_height))

    def set_zoom(self, factor: float) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(ZOOM_MIN, min(ZOOM_MAX, factor)))

    def zoom_in(self) -> None:
        self.set_zoom(self.effective_zoom() * ZOOM_STEP)

    def zoom_out(self) -> None:
        self.set_zoom(self.effective_zoom() / ZOOM_STEP)

    def _zoom_changed(self, *_: Any) -> None:
        mode = self.view.zoomMode()
        self.b_fit_width.setChecked(mode == QPdfView.ZoomMode.FitToWidth)
        self.b_fit_page.setChecked(mode == QPdfView.ZoomMode.FitInView)
        zoom = self.effective_zoom()
        self.zoom_label.setText(f"{zoom * 100:.0f} %")
        self.b_zoom_in.setEnabled(zoom < ZOOM_MAX - 1e-6)
        self.b_zoom_out.setEnabled(zoom > ZOOM_MIN + 1e-6)

    def resizeEvent(self, event: Any) -> None:  # the fit modes' zoom follows the size
        super().resizeEvent(event)
        self._zoom_changed()

    # --- the document and its thumbnails --------------------------------------------

    def _status(self, *_: Any) -> None:
        ready = self.document.status() == QPdfDocument.Status.Ready
        n = self.page_count() if ready else 0
        self.of_pages.setText(f"of {n}" if n else "")
        self.thumbs.clear()
        self.rendered.clear()
        if not ready:
            self._page_changed(0)
            return
        blank = QPixmap(self.thumbs.iconSize())
        blank.fill(Qt.GlobalColor.white)
        for page in range(n):
            size = self.document.pagePointSize(page)
            height = int(THUMB_WIDTH * size.height() / size.width()) if size.width() else 0
            item = QListWidgetItem(_page_icon(blank), self.document.pageLabel(page) or str(page + 1))
            item.setTextAlignment(Qt.AlignmentFlag.AlignHCenter)
            item.setToolTip(f"Page {page + 1} of {n}")
            self.thumbs.addItem(item)
            self.renderer.requestPage(page, QSize(THUMB_WIDTH, max(1, height)))
        self._page_changed(max(0, self.current_page()))
        self._zoom_changed()

    def _thumb_rendered(self, page: int, _size: QSize, image: Any, *_: Any) -> None:
        item = self.thumbs.item(page)
        if item is not None and not image.isNull():
            paper = QPixmap(image.size())  # a page's render is transparent where nothing is
            paper.fill(Qt.GlobalColor.white)
            painter = QPainter(paper)
            painter.drawImage(0, 0, image)
            painter.end()
            item.setIcon(_page_icon(paper))
            self.rendered.add(page)

    def thumbnails_done(self) -> bool:
        """True once every page's thumbnail is drawn (tests wait for it)."""
        return self.thumbs.count() == self.page_count() > 0 and \
            len(self.rendered) == self.page_count()


def _page_icon(pixmap: QPixmap) -> QIcon:
    """The page as it is, also when chosen (the selection frames it, it does not tint it)."""
    icon = QIcon(pixmap)
    icon.addPixmap(pixmap, QIcon.Mode.Selected)
    return icon
