"""The talking points library: filter by topic, kind and status; see where each is used."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QListWidget, QWidget

from briefing_app.core import enums as E
from briefing_app.core.enums import label as enum_label
from briefing_app.core.ops import links
from briefing_app.gui.operations.commands import short
from briefing_app.gui.operations.errors import guarded
from briefing_app.gui.operations.state import AppState
from briefing_app.gui.views.list_form import ListFormView
from briefing_app.gui.widgets.item_keys import has_id, install_opener
from briefing_app.gui.widgets.record_form import Field
from briefing_app.gui.widgets.table_model import Column

PRIORITY = {1: "high", 2: "normal", 3: "low"}


class PointsView(ListFormView):
    kind = "talking_point"
    title_text = "Talking points library"
    new_values = {"text": "New talking point"}
    copy_fields = ("heading", "text", "answer", "point_type", "priority", "topics", "status",
                   "restricted")

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        self._used: dict[int, list[Any]] = {}
        super().__init__(state, parent)
        self.topic = QComboBox()
        self.topic.setMinimumWidth(140)
        self.point_kind = QComboBox()
        self.point_kind.addItem("All kinds", None)
        for k in E.PointType:
            self.point_kind.addItem(enum_label(k.value), k.value)
        self.status = QComboBox()
        self.status.addItem("Any status", None)
        for s in E.PointStatus:
            self.status.addItem(enum_label(s.value), s.value)
        for box in (self.topic, self.point_kind, self.status):
            box.activated.connect(self.safe_refresh)
            self.filters.addWidget(box)
        for col, width in enumerate((360, 130, 170, 80, 70, 80)):
            self.table.setColumnWidth(col, width)
        self.used = QListWidget()
        self.used.setMaximumHeight(150)
        self.used.itemActivated.connect(self._open_event)

        install_opener(self.used, lambda i: self._open_event(self.used.itemFromIndex(i)),
                       "Open the event's &brief", opens=has_id)
        self.right_layout.addWidget(QLabel("<b>Used in</b> (Enter or double-click opens the brief)"))
        self.right_layout.addWidget(self.used)

    def columns(self) -> list[Column]:
        return [
            Column("Point", lambda t: t.heading or short(t.text, 90),
                   tooltip=lambda t: t.text),
            Column("Kind", lambda t: enum_label(t.point_type)),
            Column("Topics", lambda t: ", ".join(t.topic_list)),
            Column("Status", lambda t: enum_label(t.status)),
            Column("Priority", lambda t: PRIORITY.get(t.priority, str(t.priority)),
                   sort=lambda t: t.priority),
            Column("Used in", lambda t: str(len(self._used.get(t.id, ()))),
                   sort=lambda t: len(self._used.get(t.id, ())), align_right=True),
        ]

    def fields(self) -> list[Field]:
        return [
            Field("heading", "&Heading"),
            Field("text", "&Text", "text", rows=5),
            Field("answer", "&Answer (to a question)", "text", rows=3),
            Field("point_type", "&Kind", "choice", choices=[k.value for k in E.PointType]),
            Field("priority", "&Priority", "int", lo=1, hi=3),
            Field("topics", "T&opics", placeholder="comma-separated, e.g. trade, transit"),
            Field("status", "&Status", "choice", choices=[s.value for s in E.PointStatus]),
            Field("restricted", "&Restricted", "bool"),
        ]

    def load(self) -> list[Any]:
        points = super().load()
        db = self.state.require_db()
        # One read for the whole library (a query per point took minutes at 20,000).
        self._used = {pid: list(evs) for pid, evs in
                      links.point_usage(db, self.state.require_visit().id).items()}
        topics = sorted({t for p in points for t in p.topic_list}, key=str.casefold)
        current = self.topic.currentData()
        self.topic.clear()
        self.topic.addItem("All topics", None)
        for t in topics:
            self.topic.addItem(t, t)
        self.topic.setCurrentIndex(max(0, self.topic.findData(current)))
        return points

    def accept(self, record: Any) -> bool:
        if not hasattr(self, "status"):
            return True
        topic, kind, status = (self.topic.currentData(), self.point_kind.currentData(),
                               self.status.currentData())
        return ((topic is None or topic in record.topic_list)
                and (kind is None or record.point_type == kind)
                and (status is None or record.status == status))

    def on_record(self, point: Any) -> None:
        self.used.clear()
        if point is None:
            return
        for ev in self._used.get(point.id, []):
            self.used.addItem(ev.title)
            self.used.item(self.used.count() - 1).setData(Qt.ItemDataRole.UserRole, ev.id)
        if not self._used.get(point.id):
            self.used.addItem("Not used in any brief yet.")

    @guarded
    def _open_event(self, item: Any) -> None:
        eid = item.data(Qt.ItemDataRole.UserRole)
        if eid:
            self.state.select("event", eid)
            self.state.view_requested.emit("brief")
