"""File ▸ New database…: a plain file, or one encrypted from the start (passphrase typed
twice, at least 8 characters). The dialog is driven directly (never exec'd), so no test
waits on a modal window."""

from __future__ import annotations

from typing import Any

import pytest

from briefing_app.core import cipher
from briefing_app.gui.dialogs.passphrase_dialog import PassphraseDialog

PASS = "new visit passphrase, Тоқаев 习近平"


@pytest.fixture(autouse=True)
def _no_keys() -> Any:
    cipher.KEYS.clear()
    yield
    cipher.KEYS.clear()


def _dialog(qtbot: Any) -> PassphraseDialog:
    dialog = PassphraseDialog(None, "New database", "Create x.sqlite.", new=True,
                              remember=True, optional="Encrypt the new database")
    qtbot.addWidget(dialog)
    return dialog


def test_the_passphrase_is_a_choice_and_checked_when_chosen(qtbot):
    dialog = _dialog(qtbot)
    assert not dialog.encrypt.isHidden() and not dialog.encrypt.isChecked()
    assert not dialog.passphrase.isEnabled() and not dialog.confirm.isEnabled()
    dialog.passphrase.setText("ignored")
    assert dialog.problem() == "" and dialog.value() == ""  # a plain file
    dialog.encrypt.setChecked(True)
    assert dialog.passphrase.isEnabled() and dialog.confirm.isEnabled()
    dialog.passphrase.setText("short")
    dialog.confirm.setText("short")
    assert "at least 8" in dialog.problem()
    dialog.passphrase.setText(PASS)
    dialog.confirm.setText(PASS + "x")
    assert "differ" in dialog.problem()
    dialog._check()
    assert dialog.result() != PassphraseDialog.DialogCode.Accepted
    assert "differ" in dialog.message.text() and not dialog.message.isHidden()
    dialog.confirm.setText(PASS)
    assert dialog.problem() == "" and dialog.value() == PASS


def test_an_unlock_dialog_still_needs_its_passphrase(qtbot):
    dialog = PassphraseDialog(None, "Unlock", "Type it.")
    qtbot.addWidget(dialog)
    assert dialog.encrypt.isHidden() and dialog.passphrase.isEnabled()
    assert dialog.problem() == "Type the passphrase."
