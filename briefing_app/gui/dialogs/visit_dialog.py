"""A new visit's essentials, and the full visit details form (saved field by field)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from briefing_app.core import enums as E
from briefing_app.gui.widgets.record_form import COMMON_ZONES, Field, RecordForm

VISIT_FIELDS = (
    Field("title", "&Title"),
    Field("kind", "&Kind", "choice", choices=[k.value for k in E.VisitKind]),
    Field("status", "&Status", "choice", choices=[s.value for s in E.VisitStatus]),
    Field("principal_id", "&Principal", "ref"),
    Field("host_country", "Host &country"),
    Field("host_city", "Host c&ity"),
    Field("start_date", "&First day", "date"),
    Field("end_date", "&Last day", "date"),
    Field("home_tz", "&Home time zone", "tz"),
    Field("classification", "Cl&assification"),
    Field("fact_stale_days", "Facts stale after (days)", "int", lo=1, hi=36_500),
    Field("purpose", "P&urpose", "text", rows=3),
    Field("objectives", "&Objectives", "text", rows=4),
    Field("key_messages", "Key &messages", "text", rows=4),
    Field("risks", "&Risks and sensitivities", "text", rows=4),
    Field("issuing_department", "Issuing &department"),
    Field("drafted_by", "Drafted b&y"),
    Field("cleared_by", "Cleared by"),
    Field("as_at", "Information as at"),
    Field("distribution", "Distribution (copy 1, 2, … one a line)", "text", rows=4),
    Field("duty_contacts", "Duty contacts (programme pages and pocket card; one a line)",
          "text", rows=3),
    Field("notes", "&Notes", "text", rows=3),
    Field("press_marking", "Press pack markin&g", placeholder="PUBLIC or FOR RELEASE"),
    Field("press_embargo", "Press &embargo", placeholder="e.g. 12:00 CST, 11 September 2019"),
    Field("press_contacts", "Press office contacts", "text", rows=3),
)


class NewVisitDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New visit")
        self.setMinimumWidth(440)
        form = QFormLayout()
        self.title = QLineEdit()
        self.title.setPlaceholderText("e.g. State visit of the President to China")
        self.kind = QComboBox()
        for k in E.VisitKind:
            self.kind.addItem(k.value.capitalize(), k.value)
        self.country = QLineEdit()
        self.city = QLineEdit()
        self.start = QDateEdit()
        self.end = QDateEdit()
        for w in (self.start, self.end):
            w.setCalendarPopup(True)
            w.setDisplayFormat("ddd dd MMM yyyy")
        today = date.today() + timedelta(days=30)
        self.start.setDate(QDate(today))
        self.end.setDate(QDate(today + timedelta(days=2)))
        self.home = QComboBox()
        self.home.setEditable(True)
        self.home.addItems(COMMON_ZONES)
        from briefing_app.gui import settings  # Edit ▸ Preferences… sets both defaults

        self.home.setCurrentText(settings.get(settings.DEFAULT_HOME_TZ))
        self.classification = QLineEdit(settings.get(settings.DEFAULT_CLASSIFICATION))
        form.addRow("&Title", self.title)
        form.addRow("&Kind", self.kind)
        form.addRow("Host &country", self.country)
        form.addRow("Host c&ity", self.city)
        form.addRow("&First day", self.start)
        form.addRow("&Last day", self.end)
        form.addRow("&Home time zone", self.home)
        form.addRow("Cl&assification", self.classification)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(buttons)

    def values(self) -> dict[str, Any]:
        return {
            "title": self.title.text(),
            "kind": self.kind.currentData(),
            "host_country": self.country.text(),
            "host_city": self.city.text(),
            "start_date": self.start.date().toPython(),
            "end_date": self.end.date().toPython(),
            "home_tz": self.home.currentText().strip(),
            "classification": self.classification.text(),
        }


class VisitDetailsDialog(QDialog):
    """Every field of the visit; each edit is saved (and undoable) at once."""

    def __init__(self, state: Any, parent: QWidget | None = None) -> None:
        from briefing_app.core.ops import entities
        from briefing_app.gui.commands import UpdateCommand
        from briefing_app.gui.errors import show_error

        super().__init__(parent)
        self.state = state
        self.setWindowTitle("Visit details")
        self.resize(620, 720)
        self.form = RecordForm(VISIT_FIELDS)
        visit = state.require_visit()
        people = entities.list_for_visit(state.require_db(), "person", visit.id)
        self.form.set_choices("principal_id", [("— none —", None)]
                              + [(p.display_name, p.id) for p in people])
        self.form.set_record(visit)

        def save(changes: dict[str, Any]) -> None:
            try:
                state.push(UpdateCommand(state, "visit", state.visit, changes))
            except Exception as exc:  # noqa: BLE001
                show_error(exc, self)
            self.form.set_record(state.visit)

        self.form.edited.connect(save)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(scroll)
        lay.addWidget(buttons)
