"""Dialogs for a long text the core then checks: a new talking point written into a
brief, a new text version of an agreement. OK closes only once the core took it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QWidget

from briefing_app.gui.dialogs.form_dialog import FormDialog


def _text_box(text: str = "", lines: int = 6) -> QPlainTextEdit:
    box = QPlainTextEdit(text)
    box.setTabChangesFocus(True)
    box.setMinimumHeight(box.fontMetrics().lineSpacing() * lines + 12)
    return box


class NewPointDialog(FormDialog):
    """The text of a new talking point (saved in the library and in this brief)."""

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent, "New talking point")
        self.setMinimumWidth(460)
        self.text = _text_box()
        self.text.setPlaceholderText("Point to make (saved in the library too)")
        self.form.addRow("&Text", self.text)
        self.fields["text"] = self.text

    def value(self) -> str:
        return self.text.toPlainText()


class VersionDialog(FormDialog):
    """The full text of an agreement's new version, who wrote it and why."""

    def __init__(self, parent: QWidget | None, start_from: str) -> None:
        super().__init__(parent, "Add a text version")
        self.text = _text_box(start_from, lines=14)
        self.author = QLineEdit()
        self.note = QLineEdit()
        self.form.addRow(QLabel("The full text of the new version (starts from the latest):"))
        self.form.addRow(self.text)
        self.form.addRow("&Author", self.author)
        self.form.addRow("&Note", self.note)
        self.fields.update({"text": self.text, "author": self.author, "note": self.note})
        self.wanted = QSize(720, 560)

    def values(self) -> tuple[str, str, str]:
        return self.text.toPlainText(), self.author.text(), self.note.text()

    def sizeHint(self) -> Any:  # noqa: N802 - Qt's name
        return self.wanted
