"""File ▸ New database… from the window, with the real modal dialogs: each is answered
from the event loop once it is the active modal widget (typed at, with the keyboard, into
whatever has the focus), so the test shows that the dialog opens with the keyboard where
a user expects it. An answer that goes wrong rejects its dialog, so exec() always returns
and the test fails with the reason; nothing sleeps."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog

from briefing_app.core import cipher
from briefing_app.core.database import open_database
from briefing_app.core.file_check import DatabaseFileError
from briefing_app.gui.dialogs.first_run import DEMO, FirstRunDialog
from briefing_app.gui.dialogs.passphrase_dialog import PassphraseDialog
from briefing_app.gui.window.main_window import MainWindow

PASS = "new database passphrase, Тоқаев 习近平"
Answer = tuple[type[QDialog], Callable[[Any], None]]


class ModalAnswers:
    """Answers the next modal dialogs in order; `errors` says what went wrong."""

    def __init__(self, *answers: Answer) -> None:
        self.pending = list(answers)
        self.errors: list[str] = []
        self._timer = QTimer()
        self._timer.setInterval(5)
        self._timer.timeout.connect(self._poll)
        self._timer.start()

    def _poll(self) -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or not self.pending:
            return
        cls, answer = self.pending[0]
        if not isinstance(dialog, cls):
            return  # another modal (a message) is up; the test's waitUntil will say so
        self.pending.pop(0)
        try:
            answer(dialog)
        except Exception as exc:  # noqa: BLE001 - reported by the test, never a hang
            self.errors.append(f"{cls.__name__}: {exc!r}")
        if dialog.isVisible():
            self.errors.append(f"{cls.__name__} was still open after its answer")
            dialog.reject()

    def stop(self) -> None:
        self._timer.stop()


@pytest.fixture
def window(qtbot: Any) -> Any:
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    yield win
    win.close()
    cipher.KEYS.clear()


@pytest.fixture
def save_as(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    path = tmp_path / "trip" / "new.sqlite"
    path.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(path), "")))
    return path


def _type(widget: Any, text: str) -> None:
    """Type `text` as a keyboard would (QTest.keyClicks aborts on non-Latin letters)."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown,
                                                     Qt.KeyboardModifier.NoModifier, char))


def _type_encrypted(passphrase: str) -> Callable[[PassphraseDialog], None]:
    def answer(dialog: PassphraseDialog) -> None:
        assert dialog.focusWidget() is dialog.encrypt, dialog.focusWidget()
        QTest.keyClick(dialog.encrypt, Qt.Key.Key_Space)  # tick "Encrypt…"
        assert dialog.focusWidget() is dialog.passphrase
        _type(dialog.passphrase, passphrase)
        QTest.keyClick(dialog.passphrase, Qt.Key.Key_Tab)
        assert dialog.focusWidget() is dialog.confirm
        _type(dialog.confirm, passphrase)
        assert dialog.value() == passphrase
        QTest.keyClick(dialog.confirm, Qt.Key.Key_Return)
    return answer


def _load_demo(dialog: FirstRunDialog) -> None:
    QTest.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Return)  # the default: demo
    assert dialog.choice == DEMO


def _run(qtbot: Any, window: Any, *answers: Answer) -> ModalAnswers:
    script = ModalAnswers(*answers)
    try:
        window.actions.new_db.trigger()
        qtbot.waitUntil(lambda: not script.pending or bool(script.errors), timeout=20_000)
    finally:
        script.stop()
    assert not script.errors, script.errors
    return script


def test_a_new_database_encrypted_from_the_start(qtbot, window, save_as):
    _run(qtbot, window, (PassphraseDialog, _type_encrypted(PASS)), (FirstRunDialog, _load_demo))
    qtbot.waitUntil(lambda: window.state.visit is not None, timeout=20_000)
    assert window.state.db.path == save_as.resolve()
    assert "Kazakhstan" in window.state.visit.title
    assert "encrypted" in window.statusBar().currentMessage()
    window.close()
    written = [f for f in save_as.parent.rglob("*") if f.is_file()]
    assert any("backups" in f.parent.name for f in written)  # the demo's import backup
    for file in written:  # the file, its log and backups: none plain
        data = file.read_bytes()
        assert not data.startswith(b"SQLite format 3"), file.name
        for secret in ("Тоқаев", "习近平"):
            assert secret.encode() not in data, (file.name, secret)
    cipher.KEYS.clear()
    with pytest.raises(DatabaseFileError) as refused:
        open_database(save_as)
    assert refused.value.kind == "encrypted"
    cipher.unlock(save_as, PASS)
    db = open_database(save_as)
    db.close()


def test_a_new_database_left_plain_when_not_ticked(qtbot, window, save_as):
    def plain(dialog: PassphraseDialog) -> None:
        assert not dialog.passphrase.isEnabled()
        QTest.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)

    def later(dialog: FirstRunDialog) -> None:
        dialog.reject()

    _run(qtbot, window, (PassphraseDialog, plain), (FirstRunDialog, later))
    assert window.state.db is not None and window.state.db.path == save_as.resolve()
    assert save_as.read_bytes().startswith(b"SQLite format 3")


def test_a_short_or_mistyped_passphrase_keeps_the_dialog_open(qtbot, window, save_as):
    seen: list[str] = []

    def mistyped(dialog: PassphraseDialog) -> None:
        dialog.encrypt.setChecked(True)
        dialog.passphrase.setText("short")
        dialog.confirm.setText("short")
        QTest.keyClick(dialog.confirm, Qt.Key.Key_Return)  # OK
        seen.append(dialog.message.text())
        dialog.passphrase.setText(PASS)
        dialog.confirm.setText(PASS + "!")
        QTest.keyClick(dialog.confirm, Qt.Key.Key_Return)
        seen.append(dialog.message.text())
        assert dialog.isVisible()
        dialog.reject()  # then Cancel: nothing is created

    _run(qtbot, window, (PassphraseDialog, mistyped))
    assert "at least 8" in seen[0] and "differ" in seen[1]
    assert not save_as.exists() and list(save_as.parent.iterdir()) == []
    assert window.state.db is None or window.state.db.path != save_as.resolve()
