"""A new venue from inside the event dialog: name, city, country, address and zone."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget

from briefing_app.gui.dialogs.form_dialog import FormDialog
from briefing_app.gui.widgets.record_form import COMMON_ZONES


class VenueDialog(FormDialog):
    def __init__(self, parent: QWidget | None, default_tz: str = "",
                 city: str = "", country: str = "") -> None:
        super().__init__(parent, "New venue")
        self.setMinimumWidth(420)
        self.name = QLineEdit()
        self.name.setPlaceholderText("e.g. Diaoyutai State Guesthouse")
        self.city = QLineEdit(city)
        self.country = QLineEdit(country)
        self.address = QPlainTextEdit()
        self.address.setTabChangesFocus(True)
        self.address.setFixedHeight(self.address.fontMetrics().lineSpacing() * 3 + 12)
        self.tz = QComboBox()
        self.tz.setEditable(True)
        self.tz.addItems(COMMON_ZONES)
        self.tz.setEditText(default_tz)
        for text, name, w in (("&Name", "name", self.name), ("&City", "city", self.city),
                              ("C&ountry", "country", self.country),
                              ("&Address", "address", self.address),
                              ("Time &zone", "tz", self.tz)):
            self.form.addRow(text, w)
            self.fields[name] = w

    def values(self) -> dict[str, Any]:
        return {"name": self.name.text(), "city": self.city.text(),
                "country": self.country.text(), "address": self.address.toPlainText(),
                "tz": self.tz.currentText().strip()}
