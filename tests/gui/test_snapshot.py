"""The start-up snapshot shows last session's programme only for an unchanged file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from briefing_app.core.database import open_database
from briefing_app.core.ops import entities
from briefing_app.gui import snapshot


def test_snapshot_written_on_close_and_invalidated_by_a_change(qtbot: Any, window_factory: Any,
                                                               demo_db_path: Path) -> None:
    win = window_factory(demo_db_path)
    titles = [r.cells[2] for r in win.view("programme").model.rows if not r.is_day]
    win.close()
    snap = snapshot.load(demo_db_path)
    assert snap is not None
    assert [r.cells[2] for r in snap["rows"] if not r.is_day] == titles

    from briefing_app.gui.main_window import MainWindow

    fresh = MainWindow()
    qtbot.addWidget(fresh)
    fresh.show_snapshot(snap)
    shown = [r.cells[2] for r in fresh.view("programme").model.rows if not r.is_day]
    assert shown == titles and fresh.state.db is None
    fresh.close()

    db = open_database(demo_db_path)  # another program changes the file
    visit = entities.list_for_visit(db, "event", snap["visit_id"])[0]
    entities.update(db, "event", visit.id, {"title": "Changed elsewhere"})
    db.close()
    assert snapshot.load(demo_db_path) is None
