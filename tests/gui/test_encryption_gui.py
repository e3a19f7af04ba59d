"""The window on encrypted files: unlock (three tries), remember, Encrypt…, Change
Passphrase…, the idle lock. Dialogs are answered through encryption_actions.ask."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backend import KeyringBackend

from briefing_app.core import cipher
from briefing_app.core.database import open_database
from briefing_app.core.demo import load_demo
from briefing_app.gui.window import encryption_actions
from briefing_app.gui.window.main_window import MainWindow

PASS = "state visit passphrase"


class MemoryKeyring(KeyringBackend):
    """A key store in this test's memory (never the user's)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.items.pop((service, username), None)


@pytest.fixture
def memory_keyring() -> Any:
    before = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    yield ring
    keyring.set_keyring(before)


@pytest.fixture
def encrypted(tmp_path: Path) -> Path:
    path = tmp_path / "secret.sqlite"
    db = open_database(path, key=cipher.new_key(PASS))
    load_demo(db)
    db.close()
    cipher.KEYS.clear()
    return path


class Answers:
    """Scripted answers to the passphrase dialog; records what it was shown."""

    def __init__(self, *answers: tuple[str, bool] | None) -> None:
        self.answers = list(answers)
        self.asked: list[dict[str, Any]] = []

    def __call__(self, win: Any, title: str, prompt: str, **kw: Any) -> tuple[str, bool] | None:
        self.asked.append({"title": title, "prompt": prompt, **kw})
        return self.answers.pop(0)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _window(qtbot: Any) -> MainWindow:
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    return win


def test_unlock_at_open_after_a_wrong_try(qtbot, encrypted, monkeypatch):
    answers = Answers(("wrong one", False), (PASS, False))
    monkeypatch.setattr(encryption_actions, "ask", answers)
    win = _window(qtbot)
    assert win.open_database(encrypted, first_run=False)
    assert win.state.visit is not None and "Kazakhstan" in win.state.visit.title
    assert "wrong" in answers.asked[1]["message"] and "2 tries left" in answers.asked[1]["message"]
    assert "damaged" not in answers.asked[1]["message"]
    assert win.actions.change_passphrase.isEnabled() and not win.actions.encrypt.isEnabled()
    win.close()


def test_three_wrong_tries_leave_the_file_untouched_and_closed(qtbot, encrypted, monkeypatch):
    answers = Answers(("a", False), ("b", False), ("c", False))
    monkeypatch.setattr(encryption_actions, "ask", answers)
    warned: list[str] = []
    monkeypatch.setattr(encryption_actions.QMessageBox, "warning",
                        staticmethod(lambda _w, _t, text: warned.append(text)))
    before = sorted(p.name for p in encrypted.parent.iterdir())
    digest = _digest(encrypted)
    win = _window(qtbot)
    assert not win.open_database(encrypted, first_run=False)
    assert len(answers.asked) == 3
    assert warned and "wrong 3 times" in warned[0] and "unchanged" in warned[0]
    assert win.state.db is None
    assert _digest(encrypted) == digest
    assert sorted(p.name for p in encrypted.parent.iterdir()) == before
    win.close()


def test_cancel_opens_nothing(qtbot, encrypted, monkeypatch):
    monkeypatch.setattr(encryption_actions, "ask", Answers(None))
    win = _window(qtbot)
    assert not win.open_database(encrypted, first_run=False)
    assert win.state.db is None
    win.close()


def test_remember_on_this_computer_keeps_the_key_not_the_passphrase(
        qtbot, encrypted, monkeypatch, memory_keyring):
    monkeypatch.setattr(encryption_actions, "ask", Answers((PASS, True)))
    win = _window(qtbot)
    assert win.open_database(encrypted, first_run=False)
    win.close()
    (stored,) = memory_keyring.items.values()
    assert PASS not in stored and len(bytes.fromhex(stored)) == cipher.KEY_SIZE
    cipher.KEYS.clear()
    monkeypatch.setattr(encryption_actions, "ask", Answers())  # asking again would fail
    win = _window(qtbot)
    assert win.open_database(encrypted, first_run=False)
    win.close()


def test_a_failing_key_store_only_means_asking(qtbot, encrypted, monkeypatch):
    # The session's back end is keyring's "fail" one (tests/conftest.py).
    monkeypatch.setattr(encryption_actions, "ask", Answers((PASS, True)))
    win = _window(qtbot)
    assert win.open_database(encrypted, first_run=False)
    assert "key store is not available" in win.statusBar().currentMessage()
    win.close()


def test_encrypt_from_the_file_menu_then_change_the_passphrase(qtbot, demo_db_path, monkeypatch):
    win = _window(qtbot)
    assert win.open_database(demo_db_path, first_run=False)
    visit = win.state.visit.id
    assert win.actions.encrypt.isEnabled() and not win.actions.change_passphrase.isEnabled()
    answers = Answers((PASS, False))
    monkeypatch.setattr(encryption_actions, "ask", answers)
    win.actions.encrypt.trigger()
    assert answers.asked[0]["new"] is True
    assert not demo_db_path.read_bytes().startswith(b"SQLite format 3")
    assert win.state.db is not None and win.state.visit.id == visit
    assert win.actions.change_passphrase.isEnabled()
    monkeypatch.setattr(encryption_actions, "ask", Answers(("a new passphrase", False)))
    win.actions.change_passphrase.trigger()
    assert win.state.db is not None
    win.close()
    cipher.KEYS.clear()
    with pytest.raises(cipher.WrongPassphraseError):
        cipher.unlock(demo_db_path, PASS)
    cipher.unlock(demo_db_path, "a new passphrase")


def test_the_idle_lock_closes_and_asks_again(qtbot, encrypted, monkeypatch, memory_keyring):
    monkeypatch.setattr(encryption_actions, "ask", Answers((PASS, True)))
    win = _window(qtbot)
    assert win.open_database(encrypted, first_run=False)
    answers = Answers(None)
    monkeypatch.setattr(encryption_actions, "ask", answers)
    win.idle_lock.set_minutes(5)
    assert not win.idle_lock.fire()  # locked; the user cancelled the unlock
    assert win.state.db is None and cipher.key_for(encrypted) is None
    assert "Locked after 5 minutes" in answers.asked[0]["message"]  # asked despite the key store
    assert "locked" in win.statusBar().currentMessage()
    monkeypatch.setattr(encryption_actions, "ask", Answers((PASS, False)))
    assert win.open_database(encrypted, first_run=False)  # reopening asks (or the key store)
    answers = Answers((PASS, False))
    monkeypatch.setattr(encryption_actions, "ask", answers)
    assert win.idle_lock.fire()
    assert win.state.db is not None and win.state.visit is not None
    win.close()


def test_the_idle_lock_leaves_a_plain_database_alone(qtbot, demo_db_path, monkeypatch):
    monkeypatch.setattr(encryption_actions, "ask", Answers())
    win = _window(qtbot)
    assert win.open_database(demo_db_path, first_run=False)
    assert not win.idle_lock.fire()
    assert win.state.db is not None
    win.close()


def _key_press_restarts_the_timer(win) -> bool:
    """A real key press, delivered by the application as any other: did the idle
    timer start again?"""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    win.idle_lock.timer.stop()
    QTest.keyClick(win.navigator, Qt.Key.Key_Down)
    return win.idle_lock.timer.isActive()


def test_activity_restarts_the_idle_timer_while_an_encrypted_file_is_open(
        qtbot, encrypted, demo_db_path, monkeypatch, memory_keyring):
    monkeypatch.setattr(encryption_actions, "ask", Answers((PASS, True)))
    win = _window(qtbot)
    assert win.open_database(encrypted, first_run=False)
    win.idle_lock.set_minutes(1)
    assert win.idle_lock.watching and _key_press_restarts_the_timer(win)
    assert win.idle_lock.timer.interval() == 60_000
    # A plain file: the application's events no longer go through Python at all
    # (gui/window/idle_lock.py says why); the timer is not restarted by them.
    assert win.open_database(demo_db_path, first_run=False)
    assert not win.idle_lock.watching and not _key_press_restarts_the_timer(win)
    assert win.open_database(encrypted, first_run=False)  # and back: watched again
    assert win.idle_lock.watching and _key_press_restarts_the_timer(win)
    win.idle_lock.set_minutes(0)
    assert not win.idle_lock.timer.isActive()
    win.close()


def test_a_plain_file_is_not_watched_for_activity(qtbot, demo_db_path):
    win = _window(qtbot)
    assert win.open_database(demo_db_path, first_run=False)
    win.idle_lock.set_minutes(1)
    assert not win.idle_lock.watching and not _key_press_restarts_the_timer(win)
    win.close()


def test_passphrase_dialog_checks_new_passphrases(qtbot):
    from briefing_app.gui.dialogs.passphrase_dialog import PassphraseDialog

    dialog = PassphraseDialog(None, "Encrypt", "Choose", new=True, remember=True)
    qtbot.addWidget(dialog)
    dialog.passphrase.setText("short")
    assert "at least" in dialog.problem()
    dialog.passphrase.setText("long enough 习近平")
    dialog.confirm.setText("different")
    assert "differ" in dialog.problem()
    dialog.confirm.setText("long enough 习近平")
    assert dialog.problem() == ""
    dialog.show_message("Locked after 10 minutes without use.")
    assert not dialog.message.isHidden()


def test_bundles_and_calendars_from_an_encrypted_window(qtbot, encrypted, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

    from briefing_app.gui.window.exchange_actions import ExchangeJob
    from briefing_app.interop.bundle_read import read_bundle_file

    monkeypatch.setattr(encryption_actions, "ask", Answers((PASS, False)))
    win = _window(qtbot)
    assert win.open_database(encrypted, first_run=False)
    out = tmp_path / "visit.bundle"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(out), "")))
    answers = Answers(("bundle passphrase 1", False))
    monkeypatch.setattr(encryption_actions, "ask", answers)
    before = set(win.findChildren(ExchangeJob))
    win.actions.export_bundle.trigger()
    (job,) = set(win.findChildren(ExchangeJob)) - before
    qtbot.waitUntil(lambda: job.finished, timeout=60_000)
    assert answers.asked[0]["new"] is True and "encrypted" in answers.asked[0]["prompt"]
    assert out.read_bytes().startswith(b"BRIEFENC")
    assert read_bundle_file(out, "bundle passphrase 1").visit.values["title"]
    asked: list[str] = []

    def question(_w, title, text, *a, **k):
        asked.append(text)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    ics = tmp_path / "a.ics"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(ics), "")))
    from briefing_app.gui.window import exchange_actions

    assert exchange_actions.export_calendar(win, ask_person=False) is None  # said No
    assert asked and "plain text" in asked[0] and not ics.exists()
    for w in QApplication.topLevelWidgets():
        if w.objectName().startswith("exchange"):
            w.close()
    win.close()
