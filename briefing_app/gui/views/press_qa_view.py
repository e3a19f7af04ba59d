"""Press Q&A: the questions journalists are expected to ask and the answers cleared for
them; only approved ones reach the press pack, drafts are marked in the books."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from briefing_app.core import enums as E
from briefing_app.core.enums import label as enum_label
from briefing_app.core.ops import entities
from briefing_app.gui.operations.commands import short
from briefing_app.gui.operations.state import AppState
from briefing_app.gui.views.list_form import ListFormView
from briefing_app.gui.widgets.record_form import Field
from briefing_app.gui.widgets.table_model import Column


class PressQAView(ListFormView):
    kind = "press_qa"
    title_text = "Press Q&A"
    new_values = {"question": "New question"}
    copy_fields = ("question", "answer", "status", "event_id", "topics", "sort_order")

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        self._events: dict[int, str] = {}
        super().__init__(state, parent)
        self.kinds = frozenset({"press_qa", "event"})
        self.status = QComboBox()
        self.status.addItem("Any status", None)
        for s in E.PointStatus:
            self.status.addItem(enum_label(s.value), s.value)
        self.status.activated.connect(self.safe_refresh)
        self.filters.addWidget(self.status)
        for col, width in enumerate((380, 80, 240, 140)):
            self.table.setColumnWidth(col, width)
        note = QLabel("Only <b>approved</b> questions with an answer go into the press pack; "
                      "drafts print marked \u201cDRAFT \u2014 not cleared\u201d in the principal's "
                      "and the delegation's books.")
        note.setWordWrap(True)
        self.right_layout.addWidget(note)

    def columns(self) -> list[Column]:
        return [
            Column("Question", lambda q: short(q.question, 100), tooltip=lambda q: q.question),
            Column("Status", lambda q: enum_label(q.status)),
            Column("Event", lambda q: self._events.get(q.event_id or 0, "— general —")),
            Column("Topics", lambda q: ", ".join(q.topic_list)),
        ]

    def fields(self) -> list[Field]:
        return [
            Field("question", "&Question", "text", rows=3),
            Field("answer", "&Answer", "text", rows=6),
            Field("status", "&Status", "choice", choices=[s.value for s in E.PointStatus]),
            Field("event_id", "&Event", "ref"),
            Field("topics", "T&opics", placeholder="comma-separated, e.g. trade, transit"),
            Field("sort_order", "Or&der", "int", lo=-1_000_000, hi=1_000_000),
        ]

    def warn(self, record: Any) -> bool:
        return record.status != E.PointStatus.APPROVED

    def load(self) -> list[Any]:
        events = entities.list_for_visit(self.state.require_db(), "event",
                                         self.state.require_visit().id)
        self._events = {e.id: e.title for e in events}
        self.form.set_choices("event_id", [("— general (no event) —", None)]
                              + [(e.title, e.id) for e in events])
        return super().load()

    def accept(self, record: Any) -> bool:
        status = self.status.currentData() if hasattr(self, "status") else None
        return status is None or record.status == status
