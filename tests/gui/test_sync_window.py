"""File ▸ Take Offline…, Sync and Sync Conflicts… on the throw-away cluster: a visit
taken offline through the dialog (password in its own field, never kept), edited in the
window while the server changes the same field, synced (the password asked, as neither
the address nor ~/.pgpass gives it), the conflict settled in the dialog, synced again;
a server that is down is one message and changes nothing."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton
from sqlalchemy import select, update
from sqlalchemy.engine import make_url

from briefing_app.core import models as M
from briefing_app.core.database import open_database
from briefing_app.core.ops import entities
from briefing_app.core.server_db import open_server
from briefing_app.core.sync.conflicts import list_conflicts
from briefing_app.core.sync.run import server_address, take_offline
from briefing_app.core.sync.tables import sync_origin
from briefing_app.gui.operations.commands import UpdateCommand
from briefing_app.gui.window import sync_actions
from briefing_app.gui.window.main_window import MainWindow
from tests.conftest import PASSWORD_WORD
from tests.pg_cluster import _free_port


@pytest.fixture(autouse=True)
def _no_stored_password(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Neither ~/.pgpass nor PGPASSWORD gives a password: only what the user types."""
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-pgpass"))
    monkeypatch.delenv("PGPASSWORD", raising=False)


def _split(server_url: str) -> tuple[str, str]:
    return server_address(server_url), str(make_url(server_url).password)


def _box(name: str) -> Any:
    found = [w for w in QApplication.topLevelWidgets() + QApplication.allWidgets()
             if isinstance(w, QMessageBox) and w.objectName() == name and w.isVisible()]
    return found[0] if found else None


def _server_notes(server_url: str, uuid: str) -> str | None:
    server = open_server(server_url)
    try:
        with server.read() as s:
            return s.scalar(select(M.Person.notes).where(M.Person.uuid == uuid))
    finally:
        server.close()


def _sync(qtbot: Any, win: Any) -> Any:
    win.actions.sync.trigger()
    qtbot.waitUntil(lambda: _box("syncDone") is not None, timeout=60000)
    box = _box("syncDone")
    text = box.text()
    box.close()
    return text


def test_take_offline_edit_conflict_resolve_and_sync_again(
        qtbot: Any, server_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        visible_errors: Any) -> None:
    address, password = _split(server_url)
    asked: list[str] = []
    monkeypatch.setattr(sync_actions, "ask_password",
                        lambda _win, where: asked.append(where) or password)
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    assert not win.actions.sync.isEnabled()

    win.actions.take_offline.trigger()
    dlg = win.sync_dialog
    dlg.url.setText(address)
    dlg.password.setText(password)
    dlg.connect_button.click()
    qtbot.waitUntil(lambda: dlg.visit.count() > 0, timeout=60000)
    assert re.search(r"^\d+ visits? on the server you may read", dlg.status.text())
    dlg.visit.setCurrentIndex(dlg.visit.findText("China", Qt.MatchFlag.MatchContains))
    laptop = tmp_path / "laptop.sqlite"
    dlg.new_path.setText(str(laptop))
    dlg.grab().save(str(tmp_path / "take_offline_dialog.png"))
    dlg.ok.click()
    qtbot.waitUntil(lambda: _box("takeOfflineDone") is not None, timeout=60000)
    _box("takeOfflineDone").close()
    assert win.state.db is not None and win.state.db.path == laptop.resolve()
    assert win.state.visit is not None and "China" in win.state.visit.title
    assert win.actions.sync.isEnabled() and win.actions.sync_conflicts.isEnabled()
    with win.state.db.read() as s:
        recorded = s.execute(select(sync_origin.c.server)).scalar_one()
    assert recorded == address and PASSWORD_WORD not in recorded
    QSettings().sync()
    assert PASSWORD_WORD not in "".join(
        p.read_text(encoding="utf-8", errors="replace")
        for p in (tmp_path / "settings").rglob("*") if p.is_file())

    # The same field changed here (through the window's undoable edit) and on the server.
    state = win.state
    person = entities.list_for_visit(state.db, "person", state.visit.id)[0]
    state.push(UpdateCommand(state, "person", person, {"notes": "mine"}))
    server = open_server(server_url)
    with server.write() as s:
        s.execute(update(M.Person).where(M.Person.uuid == person.uuid)
                  .values(notes="theirs", row_version=M.Person.row_version + 1,
                          updated_at=datetime.now(UTC)))
    server.close()

    text = _sync(qtbot, win)
    assert asked and PASSWORD_WORD not in asked[0]  # the address, never the password
    assert "Conflicts to resolve: 1" in text and PASSWORD_WORD not in text
    assert "Brought from the server: 0" in text and "Sent to the server: 0" in text
    assert state.undo_stack.count() == 1  # nothing changed here: the edit stays undoable
    assert _server_notes(server_url, person.uuid) == "theirs"  # not sent until chosen

    win.actions.sync_conflicts.trigger()
    cdlg = win.sync_dialog
    table = cdlg.table
    assert table.rowCount() == 1
    cells = [table.item(0, c).text() for c in range(5)]
    assert cells[2:] == ["Notes", "mine", "theirs"] and cells[1] != "(untitled)"
    cdlg.grab().save(str(tmp_path / "sync_conflicts_dialog.png"))
    [c] = list_conflicts(state.db)
    cdlg.findChild(QPushButton, f"keep_local_{c.id}").click()
    assert list_conflicts(state.db) == [] and cdlg.empty.isVisible()
    assert "Kept this file's value" in win.statusBar().currentMessage()
    cdlg.close()

    text = _sync(qtbot, win)
    assert "Conflicts to resolve: 0" in text and "Sent to the server: 1" in text
    assert _server_notes(server_url, person.uuid) == "mine"
    assert state.undo_stack.count() == 0 and "undo history was cleared" in text
    assert entities.get(state.db, "person", person.id).notes == "mine"
    assert len(asked) == 2 and visible_errors() == []
    win.close()


def test_a_server_that_is_down_is_one_message_and_changes_nothing(
        qtbot: Any, server_url: str, tmp_path: Path, visible_errors: Any) -> None:
    laptop = tmp_path / "laptop.sqlite"
    local = open_database(laptop, create=True)
    server = open_server(server_url)
    take_offline(local, server, server_url, "China")
    server.close()
    down = f"postgresql://someone@127.0.0.1:{_free_port()}/briefing"
    with local.write() as s:  # the server it came from has gone away
        s.execute(update(sync_origin).values(server=down))
    with local.read() as s:
        before = list(s.execute(select(sync_origin)))
    local.close()

    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    assert win.open_database(laptop, first_run=False)
    assert win.actions.sync.isEnabled()
    person = entities.list_for_visit(win.state.db, "person", win.state.visit.id)[0]
    win.state.push(UpdateCommand(win.state, "person", person, {"notes": "edited offline"}))
    win.actions.sync.trigger()
    qtbot.waitUntil(lambda: bool(visible_errors()), timeout=60000)
    [box] = visible_errors()
    assert "cannot reach the database server" in box.text() and "Traceback" not in box.text()
    assert win.state.undo_stack.count() == 1  # nothing changed: the edit can still be undone
    assert list_conflicts(win.state.db) == []
    assert entities.get(win.state.db, "person", person.id).notes == "edited offline"
    with win.state.db.read() as s:  # neither pulled nor pushed: the sync state as it was
        assert list(s.execute(select(sync_origin))) == before
    win.close()

    # Taking offline from it: the dialog says so in one line and writes no file.
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    win.actions.take_offline.trigger()
    dlg = win.sync_dialog
    dlg.url.setText(down)
    dlg.password.setText("x")
    dlg.connect_button.click()
    qtbot.waitUntil(lambda: dlg.connect_button.isEnabled(), timeout=60000)
    assert dlg.status.text().startswith("⚠ cannot reach the database server")
    assert "\n" not in dlg.status.text() and not dlg.ok.isEnabled()
    dlg.close()
    win.close()


def _dialog_connected(qtbot: Any, win: Any, address: str, password: str) -> Any:
    win.actions.take_offline.trigger()
    dlg = win.sync_dialog
    dlg.url.setText(address)
    dlg.password.setText(password)
    dlg.connect_button.click()
    qtbot.waitUntil(lambda: dlg.connect_button.isEnabled(), timeout=60000)
    return dlg


def test_refusals_are_one_line_each(qtbot: Any, server_url: str, tmp_path: Path,
                                    monkeypatch: pytest.MonkeyPatch,
                                    visible_errors: Any) -> None:
    """A wrong password (at Connect), a clock 10 minutes off and a visit already in the
    file (at Take Offline): one line each, and no file left by a refused one."""
    from briefing_app.core.sync import run

    address, password = _split(server_url)
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    dlg = _dialog_connected(qtbot, win, address, "wrong")
    assert "refused the user name or password" in dlg.status.text()
    assert "wrong" not in dlg.status.text() and not dlg.ok.isEnabled()
    dlg.close()

    real_now = run._utcnow
    monkeypatch.setattr(run, "_utcnow", lambda: real_now() + timedelta(minutes=10))
    dlg = _dialog_connected(qtbot, win, address, password)
    laptop = tmp_path / "laptop.sqlite"
    dlg.new_path.setText(str(laptop))
    dlg.ok.click()
    qtbot.waitUntil(lambda: bool(visible_errors()), timeout=60000)
    [box] = visible_errors()
    assert "clock is 10 minutes ahead of the server's" in box.text()
    assert not laptop.exists() and win.state.db is None
    box.close()

    monkeypatch.setattr(run, "_utcnow", real_now)
    dlg = _dialog_connected(qtbot, win, address, password)
    dlg.new_path.setText(str(laptop))
    dlg.ok.click()
    qtbot.waitUntil(lambda: _box("takeOfflineDone") is not None, timeout=60000)
    _box("takeOfflineDone").close()
    dlg = _dialog_connected(qtbot, win, address, password)
    assert dlg.to_open.isEnabled()
    dlg.to_open.setChecked(True)
    dlg.ok.click()
    qtbot.waitUntil(lambda: bool(visible_errors()), timeout=60000)
    [box] = visible_errors()
    assert "is already in this file; sync it instead" in box.text()
    assert PASSWORD_WORD not in box.text() and "Traceback" not in box.text()
    win.close()


def test_sync_reports_its_steps_in_order(server_url: str, tmp_path: Path) -> None:
    """The progress the Sync dialog shows comes from the core's own steps, in order."""
    from briefing_app.gui.operations.offline_jobs import sync_file

    local = open_database(tmp_path / "laptop.sqlite", create=True)
    server = open_server(server_url)
    take_offline(local, server, server_url, "China")
    server.close()
    seen: list[tuple[float, str]] = []
    done = sync_file(local, server_url, progress=lambda f, m: seen.append((f, m)))
    local.close()
    assert (done.pulled, done.pushed, done.conflicts) == (0, 0, 0)
    assert [f for f, _m in seen] == [0.05, 0.3, 0.5, 0.9, 1.0]
    assert seen[1][1] == "Bringing the server's changes…" and seen[-1][1] == "Synced"
