"""The agreements register: parties, lead agency, status workflow, signing, texts."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QWidget

from briefing_app.core import enums as E
from briefing_app.core.enums import AgreementStatus
from briefing_app.core.enums import label as enum_label
from briefing_app.core.ops import entities
from briefing_app.gui.operations.state import AppState
from briefing_app.gui.views.agreement_panels import AgreementPanels
from briefing_app.gui.views.list_form import ListFormView
from briefing_app.gui.widgets.record_form import Field
from briefing_app.gui.widgets.table_model import Column


class AgreementsView(ListFormView):
    kind = "agreement"
    title_text = "Agreements register"
    new_values = {"title": "New agreement"}
    copy_fields = ("title", "agreement_type", "parties", "lead_agency", "signing_event_id", "languages",
                   "is_public", "signing_order", "notes")

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        self._events: dict[int, str] = {}
        super().__init__(state, parent)
        self.kinds = frozenset({"agreement", "event", "person"})
        self.status = QComboBox()
        self.status.addItem("Any status", None)
        for s in E.AgreementStatus:
            self.status.addItem(enum_label(s.value), s.value)
        self.status.activated.connect(self.safe_refresh)
        self.filters.addWidget(self.status)
        for col, width in enumerate((40, 330, 110, 120, 220, 220)):
            self.table.setColumnWidth(col, width)
        self.panels = AgreementPanels(state)
        self.right_layout.addWidget(self.panels)

    def editors(self) -> list[QWidget]:
        return [*super().editors(), self.panels]

    def columns(self) -> list[Column]:
        return [
            Column("#", lambda a: str(a.signing_order) if a.signing_order else "",
                   sort=lambda a: a.signing_order, align_right=True),
            Column("Title", lambda a: a.title),
            Column("Kind", lambda a: enum_label(a.agreement_type)),
            Column("Status", lambda a: enum_label(a.status)),
            Column("Lead agency", lambda a: a.lead_agency),
            Column("Signing event", lambda a: self._events.get(a.signing_event_id or 0, "")),
        ]

    def fields(self) -> list[Field]:
        return [
            Field("title", "&Title"),
            Field("agreement_type", "&Kind", "choice", choices=[k.value for k in E.AgreementType]),
            Field("parties", "&Parties", "text", rows=2),
            Field("lead_agency", "&Lead agency"),
            Field("signing_event_id", "Signing &event", "ref"),
            Field("signing_order", "Signing &order", "int", lo=0, hi=10_000),
            Field("languages", "Lan&guages"),
            Field("is_public", "P&ublic", "bool"),
            Field("notes", "&Notes", "text", rows=2),
        ]

    def muted(self, record: Any) -> bool:
        return record.status == AgreementStatus.DROPPED

    def load(self) -> list[Any]:
        events = entities.list_for_visit(self.state.require_db(), "event",
                                         self.state.require_visit().id)
        self._events = {e.id: e.title for e in events}
        self.form.set_choices("signing_event_id", [("— none —", None)]
                              + [(e.title, e.id) for e in events])
        return super().load()

    def accept(self, record: Any) -> bool:
        status = self.status.currentData() if hasattr(self, "status") else None
        return status is None or record.status == status

    def on_record(self, record: Any) -> None:
        self.panels.set_record(record)
