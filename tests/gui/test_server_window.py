"""The window on a team server (`--db postgresql://…`): it opens the visit, edits and
undoes through the same commands, shows the address without its password and never
keeps it in the settings; file actions (backups, encryption, restore) are off; a server
that cannot be reached is one clear message and an empty window, not a crash."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings

from briefing_app.core.ops import entities
from briefing_app.gui.launch import settings
from briefing_app.gui.operations.commands import CreateCommand
from briefing_app.gui.window.main_window import MainWindow
from tests.conftest import PASSWORD_WORD


def _settings_text(tmp_path: Path) -> str:
    QSettings().sync()
    return "".join(p.read_text(encoding="utf-8", errors="replace")
                   for p in (tmp_path / "settings").rglob("*") if p.is_file())


def test_window_opens_edits_and_undoes_on_a_server(qtbot: Any, server_url: str,
                                                   tmp_path: Path) -> None:
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    assert win.open_database(server_url, first_run=False)
    state = win.state
    assert state.db is not None and state.db.on_server
    assert state.visit is not None and "China" in state.visit.title
    label = win.db_label.text()
    assert label.endswith("/" + server_url.rsplit("/", 1)[-1]) and PASSWORD_WORD not in label
    assert PASSWORD_WORD not in win.db_label.toolTip() and "***" in win.db_label.toolTip()
    for action in (win.actions.back_up, win.actions.encrypt, win.actions.restore):
        assert not action.isEnabled(), action.text()

    before = len(entities.list_for_visit(state.db, "person", state.visit.id))
    state.push(CreateCommand(state, "person", state.visit.id,
                             {"native_name": "Қасым-Жомарт Тоқаев 习近平"}))
    people = entities.list_for_visit(state.db, "person", state.visit.id)
    assert len(people) == before + 1
    state.undo()
    assert len(entities.list_for_visit(state.db, "person", state.visit.id)) == before

    win.resize(1366, 768)
    image = win.grab()
    image.save(str(tmp_path / "server_window.png"))
    assert not image.isNull()
    win.close()
    assert server_url not in str(settings.get(settings.RECENT_DATABASES))
    assert PASSWORD_WORD not in _settings_text(tmp_path)


def test_an_unreachable_server_is_one_clear_message(qtbot: Any, pg_cluster: Any,
                                                    visible_errors: Any) -> None:
    from tests.pg_cluster import _free_port

    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    url = f"postgresql://someone:{PASSWORD_WORD}1@127.0.0.1:{_free_port()}/briefing"
    assert not win.open_database(url, first_run=False)
    boxes = visible_errors()
    assert boxes, "no message shown"
    text = boxes[0].text()
    assert "cannot reach the database server" in text and "Connection refused" in text
    assert PASSWORD_WORD not in text and "Traceback" not in text
    assert win.state.db is None
    win.close()
