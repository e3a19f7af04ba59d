"""The window asks before it applies a journal it did not leave behind, and before it
sets up an existing empty SQLite file; nothing changes unless the user agrees."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from tests.core.test_stray_wal import _killed_after_edit


def _stray(demo_db_path: Path, tmp_path: Path) -> Path:
    other = tmp_path / "elsewhere" / demo_db_path.name
    other.parent.mkdir()
    shutil.copy2(demo_db_path, other)
    _killed_after_edit(other, "Changed on another laptop")
    shutil.copy2(f"{other}-wal", f"{demo_db_path}-wal")
    return demo_db_path


def _click_when_shown(name: str, button_text: str) -> list[str]:
    """Click the button labelled `button_text` of the dialog `name` once it is open."""
    seen: list[str] = []

    def poll() -> None:
        for w in QApplication.topLevelWidgets():
            if w.objectName() == name and w.isVisible():
                seen.append(w.text())
                next(b for b in w.buttons() if b.text() == button_text).click()
                return
        QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)
    return seen


def _window(qtbot: Any) -> Any:
    from briefing_app.gui.window.main_window import MainWindow

    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    return win


def test_a_stray_journal_is_set_aside_when_the_user_says_so(qtbot, demo_db_path, tmp_path):
    path = _stray(demo_db_path, tmp_path)
    win = _window(qtbot)
    seen = _click_when_shown("strayWalDialog", "Set it aside")
    assert win.open_database(path, first_run=False)
    assert seen and "did not leave behind" in seen[0]
    assert win.state.visit.title != "Changed on another laptop"
    assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0
    assert list((path.parent / f"{path.stem}-backups" / "held").iterdir())
    win.close()


def test_a_stray_journal_is_applied_when_the_user_says_so(qtbot, demo_db_path, tmp_path):
    path = _stray(demo_db_path, tmp_path)
    win = _window(qtbot)
    _click_when_shown("strayWalDialog", "Apply the journal")
    assert win.open_database(path, first_run=False)
    assert win.state.visit.title == "Changed on another laptop"
    win.close()


def test_cancel_leaves_the_file_and_its_journal_closed_and_unchanged(qtbot, demo_db_path,
                                                                      tmp_path):
    path = _stray(demo_db_path, tmp_path)
    digests = [hashlib.sha256(Path(f"{path}{s}").read_bytes()).digest() for s in ("", "-wal")]
    win = _window(qtbot)
    _click_when_shown("strayWalDialog", "Cancel")
    assert not win.open_database(path, first_run=False)
    assert win.state.db is None
    assert digests == [hashlib.sha256(Path(f"{path}{s}").read_bytes()).digest()
                       for s in ("", "-wal")]
    win.close()


def _empty_sqlite(tmp_path: Path) -> Path:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 3")
    conn.close()
    return path


def _answer(monkeypatch: Any, button: QMessageBox.StandardButton) -> list[str]:
    asked: list[str] = []

    def question(*args: Any, **_k: Any) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return button

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    return asked


def test_an_empty_sqlite_file_is_set_up_only_after_asking(qtbot, tmp_path, monkeypatch):
    path = _empty_sqlite(tmp_path)
    before = path.read_bytes()
    asked = _answer(monkeypatch, QMessageBox.StandardButton.No)
    win = _window(qtbot)
    assert not win.open_database(path, first_run=False)
    assert asked and "empty SQLite database" in asked[0]
    assert path.read_bytes() == before
    asked = _answer(monkeypatch, QMessageBox.StandardButton.Yes)
    assert win.open_database(path, first_run=False)
    assert win.state.db is not None and not win.state.read_only
    win.close()


