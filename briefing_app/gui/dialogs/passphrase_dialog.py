"""Asking for a passphrase: to unlock a file, or a new one (typed twice) to encrypt."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

MIN_LENGTH = 8


class PassphraseDialog(QDialog):
    """One passphrase (unlock) or a new one and its confirmation (`new=True`).

    `message` says why it is asked (a wrong try, the idle lock); `remember` offers
    "Remember on this computer" (the OS key store). `optional` (the checkbox's label)
    makes the passphrase a choice: unticked, OK is accepted with no passphrase (a new
    database may start plain or encrypted)."""

    def __init__(self, parent: QWidget | None, title: str, prompt: str, *, new: bool = False,
                 remember: bool = False, message: str = "", optional: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("passphraseDialog")
        self.setWindowTitle(title)
        self.new = new
        layout = QVBoxLayout(self)
        text = QLabel(prompt)
        text.setWordWrap(True)
        layout.addWidget(text)
        self.message = QLabel(message)
        self.message.setObjectName("passphraseMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.message.setVisible(bool(message))
        layout.addWidget(self.message)
        self.encrypt = QCheckBox(optional)
        self.encrypt.setObjectName("encryptNew")
        self.encrypt.setVisible(bool(optional))
        self.encrypt.setChecked(not optional)
        layout.addWidget(self.encrypt)
        form = QFormLayout()
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("passphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow("New passphrase:" if new else "Passphrase:", self.passphrase)
        self.confirm = QLineEdit()
        self.confirm.setObjectName("passphraseConfirm")
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        if new:
            form.addRow("Type it again:", self.confirm)
        layout.addLayout(form)
        self.remember = QCheckBox("Remember on this computer (in the system's key store)")
        self.remember.setObjectName("rememberPassphrase")
        self.remember.setVisible(remember)
        layout.addWidget(self.remember)
        self.encrypt.toggled.connect(self._enable)
        self._enable(self.encrypt.isChecked())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)
        self.adjustSize()

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        # Open ready to type: into the passphrase, or (a new database, encryption not
        # ticked yet) on the checkbox. Focus set in __init__ on a field still disabled
        # went nowhere, so keys typed at once were lost.
        if self.focusWidget() is None or not self.focusWidget().isEnabled():
            target = self.passphrase if self.passphrase.isEnabled() else self.encrypt
            target.setFocus(Qt.FocusReason.TabFocusReason)
        super().showEvent(event)

    def _enable(self, on: bool) -> None:
        for field in (self.passphrase, self.confirm, self.remember):
            field.setEnabled(on)
        if on:
            self.passphrase.setFocus()
        else:
            self.show_message("")

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
        self.adjustSize()

    def problem(self) -> str:
        """What is wrong with the typed text ('' when it can be used)."""
        text = self.passphrase.text()
        if not self.encrypt.isChecked():
            return ""
        if not text:
            return "Type the passphrase."
        if self.new and len(text) < MIN_LENGTH:
            return f"Use at least {MIN_LENGTH} characters (a few words are best)."
        if self.new and text != self.confirm.text():
            return "The two passphrases differ."
        return ""

    def _check(self) -> None:
        problem = self.problem()
        if problem:
            self.show_message(problem)
            return
        self.accept()

    def value(self) -> str:
        """The passphrase typed ('' when `optional` and encryption was not ticked)."""
        return self.passphrase.text() if self.encrypt.isChecked() else ""
