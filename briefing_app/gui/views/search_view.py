"""Search everything in the open visit; results grouped by kind, matches highlighted.

The query runs in the thread pool (a big visit must not freeze the window); a newer
query makes older results obsolete, so typing fast never shows stale hits.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from briefing_app.core.enums import count, kind_label
from briefing_app.core.errors import ValidationError
from briefing_app.core.kinds import view_of
from briefing_app.core.search import opened_as, search
from briefing_app.gui.operations.errors import guarded, show_error
from briefing_app.gui.operations.state import AppState
from briefing_app.gui.operations.workers import Worker
from briefing_app.gui.views.base import BaseView
from briefing_app.gui.widgets import item_keys
from briefing_app.gui.widgets.html_delegate import HTML_ROLE, HtmlDelegate, highlight

HIT_ROLE = Qt.ItemDataRole.UserRole + 1


def run_search(db: Any, query: str, visit_id: int) -> list[Any]:
    return search(db, query, visit_id=visit_id, limit=500)


class SearchView(BaseView):
    kinds = frozenset()  # results are refreshed by the user, not by every edit

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self.query = QLineEdit()
        self.query.setObjectName("searchQuery")
        self.query.setPlaceholderText("Search the visit — names in any script (Тоқаев, 阿里), "
                                      "topics, figures, agreement texts…")
        self.query.setClearButtonEnabled(True)
        self.status = QLabel()
        self.status.setStyleSheet("color: #5f6670;")
        self.results = QTreeWidget()
        self.results.setObjectName("searchResults")
        self.results.setHeaderLabels(["Result", "Where it matches"])
        self.results.setColumnWidth(0, 380)
        self.results.setItemDelegate(HtmlDelegate(self.results))
        self.results.setUniformRowHeights(False)
        self.results.setAlternatingRowColors(True)
        self.results.itemActivated.connect(self._open)
        item_keys.install(self.results, lambda: [
            ("&Open\tEnter", lambda: self._open(self.results.currentItem()),
             self.results.currentItem() is not None)],
            lambda: self._open(self.results.currentItem()))
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(250)
        self.timer.timeout.connect(self._start)
        self.query.textChanged.connect(lambda _t: self.timer.start())
        self.query.returnPressed.connect(self._start)
        self._serial = 0
        self._workers: list[Worker] = []
        self.last_hits: list[Any] = []
        row = QHBoxLayout()
        row.addWidget(QLabel("&Find:"))
        row.itemAt(0).widget().setBuddy(self.query)
        row.addWidget(self.query, 1)
        lay = QVBoxLayout(self)
        lay.addLayout(row)
        lay.addWidget(self.status)
        lay.addWidget(self.results, 1)

    def focus_query(self) -> None:
        self.query.setFocus()
        self.query.selectAll()

    def refresh(self) -> None:
        if self.query.text().strip():
            self._start()

    def run_query(self, text: str) -> None:
        """Type `text` and search at once (used by the screenshot mode and tests)."""
        self.query.setText(text)
        self._start()

    def _start(self) -> None:
        self.timer.stop()
        text = self.query.text().strip()
        self._serial += 1
        if not text or self.state.db is None or self.state.visit is None:
            self.results.clear()
            self.status.setText("")
            return
        serial = self._serial
        worker = Worker(run_search, self.state.db, text, self.state.visit.id)
        worker.signals.finished.connect(lambda hits, s=serial, t=text: self._show(s, t, hits))
        worker.signals.failed.connect(lambda exc, s=serial: self._failed(s, exc))
        self._workers.append(worker)
        self.status.setText("Searching…")
        worker.start()

    def _failed(self, serial: int, exc: BaseException) -> None:
        if serial != self._serial:
            return

        if isinstance(exc, ValidationError):
            self.status.setText(exc.reason.capitalize())
            self.results.clear()
        else:
            show_error(exc, self)

    def _show(self, serial: int, text: str, hits: list[Any]) -> None:
        self._workers = [w for w in self._workers if not w.signals.signalsBlocked()]
        if serial != self._serial:
            return

        self.last_hits = hits
        terms = text.split()
        self.results.clear()
        groups: dict[str, QTreeWidgetItem] = {}
        for hit in hits:
            group = groups.get(hit.kind)
            if group is None:
                group = QTreeWidgetItem([kind_label(hit.kind, 2, capital=True)])
                font = group.font(0)
                font.setBold(True)
                group.setFont(0, font)
                group.setFirstColumnSpanned(True)
                self.results.addTopLevelItem(group)
                group.setExpanded(True)
                groups[hit.kind] = group
            item = QTreeWidgetItem([hit.title, hit.excerpt])
            item.setData(0, HTML_ROLE, highlight(hit.title, terms))
            item.setData(1, HTML_ROLE, highlight(hit.excerpt, terms))
            item.setData(0, HIT_ROLE, hit)
            item.setToolTip(1, hit.excerpt)
            group.addChild(item)
        for kind, group in groups.items():
            group.setText(0, f"{kind_label(kind, 2, capital=True)} ({group.childCount()})")
        n = len(hits)
        self.status.setText(f"{count(n, 'result')} for “{text}”" if n else
                            f"Nothing found for “{text}”.")

    @guarded
    def _open(self, item: QTreeWidgetItem, _col: int = 0) -> None:
        hit = item.data(0, HIT_ROLE)
        if hit is None:
            return

        # an agreement's text opens its agreement, a restricted brief its event
        kind, row_id = opened_as(self.state.require_db(), hit.kind, hit.row_id)
        if kind in ("visit", "venue"):  # shown by the programme, not selected in a list
            return self.state.view_requested.emit(view_of(kind))
        self.state.view_requested.emit(view_of(kind))
        self.state.select(kind, row_id)
