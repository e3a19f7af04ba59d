"""Duplicate a visit: the new title and first day (every date moves with it)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from PySide6.QtWidgets import QLineEdit, QWidget

from briefing_app.gui.dialogs.form_dialog import FormDialog
from briefing_app.gui.widgets.date_field import DateField


class DuplicateVisitDialog(FormDialog):
    def __init__(self, parent: QWidget | None, visit: Any) -> None:
        super().__init__(parent, "Duplicate visit")
        self.setMinimumWidth(420)
        self.title = QLineEdit(f"{visit.title} (next)")
        self.start = DateField()
        self.start.setDate(visit.start_date + timedelta(days=365))
        self.form.addRow("&Title of the new visit", self.title)
        self.form.addRow("&First day", self.start)
        self.fields.update({"title": self.title, "start": self.start, "start_date": self.start})

    def check(self) -> None:
        self.read_date("start")

    def values(self) -> tuple[str, Any]:
        return self.title.text(), self.read_date("start")
