"""Confirmations that name the thing and offer Delete / Cancel (Cancel is the default,
so Enter or Esc on a misread question deletes nothing)."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget


def delete_box(parent: QWidget | None, title: str, text: str) -> QMessageBox:
    """The question, built but not shown: Delete (destructive) and Cancel (default)."""
    box = QMessageBox(parent)
    box.setObjectName("confirmDelete")
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setText(text)
    delete = box.addButton("&Delete", QMessageBox.ButtonRole.DestructiveRole)
    delete.setObjectName("deleteButton")
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    return box


def run_box(box: QMessageBox) -> bool:
    """Show the question and wait; True when Delete was chosen. (Tests replace this.)"""
    box.exec()
    clicked = box.clickedButton()
    return clicked is not None and clicked.objectName() == "deleteButton"


def confirm_delete(parent: QWidget | None, title: str, text: str) -> bool:
    """Ask before deleting; the text names what goes and says that Undo brings it back."""
    return run_box(delete_box(parent, title, text))
