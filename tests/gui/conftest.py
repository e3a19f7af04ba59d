"""GUI fixtures: an isolated QSettings store, a main window on a fresh or demo database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

from briefing_app.gui.operations import errors

# Every delete confirmation asked during the current test: (title, text).
asked: list[tuple[str, str]] = []


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Settings, crash logs and confirmations never touch the real user environment."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                      str(tmp_path / "settings"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    from briefing_app.gui.operations import delete_many

    asked.clear()

    def answer(box: Any, _delete: Any) -> bool:  # Delete, as a user who read the question
        asked.append((box.windowTitle(), box.text()))
        return True

    monkeypatch.setattr(delete_many, "answer", answer)
    errors.shown.clear()
    yield
    for w in QApplication.topLevelWidgets():
        if w.objectName() == "errorBox":
            w.close()


def open_window(qtbot: Any, path: Path) -> Any:
    from briefing_app.gui.window.main_window import MainWindow

    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    assert win.open_database(path, first_run=False)
    return win


@pytest.fixture
def window(qtbot: Any, db_path: Path) -> Iterator[Any]:
    win = open_window(qtbot, db_path)
    yield win
    win.close()


@pytest.fixture
def demo_window(qtbot: Any, demo_db_path: Path) -> Iterator[Any]:
    win = open_window(qtbot, demo_db_path)
    yield win
    win.close()


def error_boxes() -> list[Any]:
    return [w for w in QApplication.topLevelWidgets()
            if w.objectName() == "errorBox" and w.isVisible()]


@pytest.fixture
def delete_questions() -> list[tuple[str, str]]:
    """The delete confirmations asked so far in this test: (title, text), answered Delete."""
    return asked


@pytest.fixture
def window_factory(qtbot: Any) -> Any:
    """open_window(path) for tests that open (and reopen) their own window."""
    return lambda path: open_window(qtbot, path)


@pytest.fixture
def visible_errors() -> Any:
    """A function listing the error dialogs on screen."""
    return error_boxes
