"""A new visit's essentials, and the full visit details form (saved field by field)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QSize
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from briefing_app.core import enums as E
from briefing_app.core.ops import entities
from briefing_app.gui.dialogs.form_dialog import FormDialog
from briefing_app.gui.launch import settings
from briefing_app.gui.launch.screen_fit import fit_dialog
from briefing_app.gui.operations.commands import UpdateCommand
from briefing_app.gui.widgets.date_field import DateField
from briefing_app.gui.widgets.level_field import DEFAULT_LEVEL_FIELD
from briefing_app.gui.widgets.record_form import (
    COMMON_ZONES,
    HIDDEN_AT_CLEARANCE,
    RESTRICTED,
    Field,
    RecordForm,
)

# Deferred imports: the models and core.clearance load with the database layer, after
# the first frame (gui/launch/app.py); this module is imported before it.

VISIT_FIELDS = (
    Field("title", "&Title"),
    Field("visit_type", "&Kind", "choice", choices=[k.value for k in E.VisitType]),
    Field("status", "&Status", "choice", choices=[s.value for s in E.VisitStatus]),
    Field("principal_id", "&Principal", "ref"),
    Field("host_country", "Host &country"),
    Field("host_city", "Host c&ity"),
    Field("start_date", "&First day", "date"),
    Field("end_date", "&Last day", "date"),
    Field("home_tz", "&Home time zone", "tz"),
    Field("classification", "Cl&assification"),
    DEFAULT_LEVEL_FIELD,
    Field("fact_stale_days", "Facts stale after (days)", "int", lo=1, hi=36_500),
    Field("purpose", "P&urpose", "text", rows=3),
    Field("objectives", "&Objectives", "text", rows=4, **RESTRICTED),
    Field("key_messages", "Key &messages", "text", rows=4, **RESTRICTED),
    Field("risks", "&Risks and sensitivities", "text", rows=4, **RESTRICTED),
    Field("issuing_department", "Issuing &department"),
    Field("drafted_by", "Drafted b&y"),
    Field("cleared_by", "Cleared by"),
    Field("as_at", "Information as at"),
    # Short labels: the longest label sets the width of the whole label column.
    Field("distribution", "Distribution", "text", rows=4,
          placeholder="One recipient a line: copy 1, copy 2, …"),
    Field("duty_contacts", "Duty contacts", "text", rows=3,
          placeholder="One a line; printed on the programme pages and the pocket card"),
    Field("notes", "&Notes", "text", rows=3),
    Field("press_marking", "Press pack markin&g", placeholder="PUBLIC or FOR RELEASE"),
    Field("press_embargo", "Press &embargo", placeholder="e.g. 12:00 CST, 11 September 2019"),
    Field("press_contacts", "Press office contacts", "text", rows=3),
)


class NewVisitDialog(FormDialog):
    """The essentials of a new visit, its principal included (chosen from our people of
    earlier visits or typed as a new name). `values()` and `principal()` are what the
    core's `new_visit.create_visit` takes."""

    def __init__(self, parent: QWidget | None = None, people: Sequence[Any] = ()) -> None:
        super().__init__(parent, "New visit")
        self.setMinimumWidth(460)
        self.title = QLineEdit()
        self.title.setPlaceholderText("e.g. State visit of the President to China")
        self.visit_type = QComboBox()
        for k in E.VisitType:
            self.visit_type.addItem(k.value.capitalize(), k.value)
        self.principal_box = QComboBox()
        self.principal_box.setEditable(True)
        self.principal_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        # as wide as the text boxes: a name is typed here, not only chosen
        self.principal_box.setSizePolicy(QSizePolicy.Policy.Expanding,
                                         QSizePolicy.Policy.Fixed)
        self.principal_box.addItem("", None)
        for p in people:
            self.principal_box.addItem(p.display_name + (f" — {p.title}" if p.title else ""),
                                       p.id)
        self.principal_box.lineEdit().setPlaceholderText("choose, or type a new name")
        self.country = QLineEdit()
        self.city = QLineEdit()
        self.start = DateField()
        self.end = DateField()
        first = date.today() + timedelta(days=30)
        self.start.setDate(first)
        self.end.setDate(first + timedelta(days=2))
        self.start.date_changed.connect(self._end_follows)
        self.home = QComboBox()
        self.home.setEditable(True)
        self.home.addItems(COMMON_ZONES)

        self.home.setCurrentText(settings.get(settings.DEFAULT_HOME_TZ))
        self.classification = QLineEdit(settings.get(settings.DEFAULT_CLASSIFICATION))
        for label, name, w in (("&Title", "title", self.title), ("&Kind", "visit_type", self.visit_type),
                               ("Host &country", "host_country", self.country),
                               ("Host c&ity", "host_city", self.city),
                               ("&Principal", "principal", self.principal_box),
                               ("&First day", "start_date", self.start),
                               ("&Last day", "end_date", self.end),
                               ("&Home time zone", "home_tz", self.home),
                               ("Cl&assification", "classification", self.classification)):
            self.form.addRow(label, w)
            self.fields[name] = w

    def _end_follows(self, new_first: date | None) -> None:
        """Last day keeps the visit's length when the first day moves."""
        old_first, last = getattr(self, "_first", None), self.end.date()
        self._first = new_first
        if new_first is None or last is None:
            return
        length = (last - old_first) if old_first is not None else timedelta(days=2)
        self.end.setDate(new_first + max(length, timedelta(0)))

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        self._first = self.start.date()
        super().showEvent(event)

    def check(self) -> None:
        self.read_date("start_date")
        self.read_date("end_date")

    def principal(self) -> dict[str, Any]:
        """{'principal_from': id} for a person chosen, {'principal_name': text} typed."""
        text = self.principal_box.currentText().strip()
        i = self.principal_box.findText(text)
        if text and i > 0:
            return {"principal_from": self.principal_box.itemData(i)}
        return {"principal_name": text}

    def values(self) -> dict[str, Any]:
        return {
            "title": self.title.text(),
            "visit_type": self.visit_type.currentData(),
            "host_country": self.country.text(),
            "host_city": self.city.text(),
            "start_date": self.read_date("start_date"),
            "end_date": self.read_date("end_date"),
            "home_tz": self.home.currentText().strip(),
            "classification": self.classification.text(),
        }


class VisitDetailsDialog(QDialog):
    """Every field of the visit; each edit is saved (and undoable) at once."""

    def __init__(self, state: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setWindowTitle("Visit details")
        fit_dialog(self, QSize(620, 720))  # never beyond the screen
        self.form = RecordForm(VISIT_FIELDS)
        visit = state.require_visit()
        people = entities.list_for_visit(state.require_db(), "person", visit.id)
        self.form.set_choices("principal_id", [("— none —", None)]
                              + [(p.display_name, p.id) for p in people])
        self.form.set_record(visit)
        from briefing_app.core import models as M
        from briefing_app.core.clearance import companions_hidden

        if companions_hidden(state.require_db(), visit.id):  # below Restricted on a server
            self.form.lock(M.companion_fields(M.Visit), HIDDEN_AT_CLEARANCE)

        def save(changes: dict[str, Any]) -> None:
            """Saved at once; a refusal stays typed and marked (the dialog stays open)."""
            self.form.save_step(changes, state, UpdateCommand(state, "visit", state.visit, changes),
                                self)
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
