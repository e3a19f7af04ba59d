"""Edit ▸ Preferences…: one row per `settings.PREFERENCES` entry, built from its
declaration (label, editor kind, choices, help), so a new preference needs no code here.

OK checks every value first (a time zone must be one the forms accept); a refused
value is marked and named in the dialog, which stays open with everything as typed.
Only then is each value stored, and those that act on the open window are applied
(gui/window/preferences.py APPLY).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from briefing_app.core.errors import ValidationError
from briefing_app.core.validation import clean, tz_name
from briefing_app.gui.launch import settings
from briefing_app.gui.widgets.record_form import COMMON_ZONES
from briefing_app.gui.window.preferences import APPLY

_BAD = "border: 1px solid #c0392b;"


class PreferencesDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preferences")
        self.setWindowTitle("Preferences")
        self.setMinimumWidth(480)
        self.editors: dict[str, QWidget] = {}
        form = QFormLayout()
        for pref in settings.PREFERENCES:
            editor = self._editor(pref)
            editor.setObjectName(f"pref_{pref.key.replace('/', '_')}")
            if pref.help:
                editor.setToolTip(pref.help)
            self.editors[pref.key] = editor
            label = QLabel(pref.label)
            label.setBuddy(editor)
            form.addRow(label, editor)
        self.error = QLabel()
        self.error.setObjectName("preferencesError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c0392b;")
        self.error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addWidget(buttons)

    # --- editors --------------------------------------------------------------------

    def _editor(self, pref: settings.Preference) -> QWidget:
        value = settings.get(pref)
        if pref.kind == "zone":
            w = QComboBox()
            w.setEditable(True)
            w.addItems(COMMON_ZONES)
            w.setCurrentText(str(value))
            return w
        if pref.kind == "choice":
            w = QComboBox()
            for data, label in pref.choices:
                w.addItem(label, data)
            found = [i for i, (data, _l) in enumerate(pref.choices)
                     if str(data).casefold() == str(value).casefold()]
            w.setCurrentIndex(found[0] if found else 0)
            return w
        if pref.kind == "int":
            w = QSpinBox()
            w.setRange(pref.minimum, pref.maximum)
            w.setSuffix(pref.suffix)
            w.setValue(int(value))
            return w
        if pref.kind == "bool":
            w = QCheckBox()
            w.setChecked(bool(value))
            return w
        if pref.kind == "text":
            return QLineEdit(str(value))
        raise ValueError(f"{pref.key}: unknown kind of preference {pref.kind!r}")

    def value(self, pref: settings.Preference) -> Any:
        w = self.editors[pref.key]
        if isinstance(w, QComboBox):
            return w.currentText().strip() if pref.kind == "zone" else w.currentData()
        if isinstance(w, QSpinBox):
            return w.value()
        if isinstance(w, QCheckBox):
            return w.isChecked()
        if isinstance(w, QLineEdit):
            return w.text().strip()
        return None

    def set_value(self, key: str, value: Any) -> None:
        """Put `value` into the editor of the preference `key` (tests, defaults)."""
        w = self.editors[key]
        if isinstance(w, QComboBox) and w.isEditable():
            w.setCurrentText(str(value))
        elif isinstance(w, QComboBox):
            w.setCurrentIndex(max(0, w.findData(value)))
        elif isinstance(w, QSpinBox):
            w.setValue(int(value))
        elif isinstance(w, QCheckBox):
            w.setChecked(bool(value))
        elif isinstance(w, QLineEdit):
            w.setText(str(value))

    # --- saving ---------------------------------------------------------------------

    def problem(self, pref: settings.Preference, value: Any) -> str:
        """Why `value` cannot be kept ('' when it can)."""
        try:
            if pref.kind == "zone":
                tz_name(pref.label.replace("&", ""), value)
            elif pref.key == settings.DEFAULT_CLASSIFICATION.key:
                clean("visit", {"classification": value}, partial=True)
        except ValidationError as exc:
            return f"{pref.label.replace('&', '')}: {exc.reason}"
        return ""

    def save(self) -> None:
        problems = []
        for pref in settings.PREFERENCES:
            reason = self.problem(pref, self.value(pref))
            self.editors[pref.key].setStyleSheet(_BAD if reason else "")
            if reason:
                problems.append(reason)
        if problems:
            self.error.setText("\n".join(problems))
            self.error.show()
            first = next(p for p in settings.PREFERENCES if self.problem(p, self.value(p)))
            self.editors[first.key].setFocus()
            return
        for pref in settings.PREFERENCES:
            value = self.value(pref)
            changed = value != settings.get(pref)
            settings.put(pref, value)
            if changed and pref.key in APPLY:
                APPLY[pref.key](value)
        self.accept()
