"""The start-up snapshot shows last session's programme only for an unchanged file, and
only read-only until the live data replaces it."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path
from typing import Any

from briefing_app.core.database import open_database
from briefing_app.core.ops import entities
from briefing_app.gui import snapshot


def _titles(rows: list[Any]) -> list[str]:
    return [r.cells[2] for r in rows if not r.is_day]


def test_snapshot_written_on_close_and_invalidated_by_a_change(qtbot: Any, window_factory: Any,
                                                               demo_db_path: Path) -> None:
    win = window_factory(demo_db_path)
    titles = _titles(win.view("programme").model.rows)
    win.close()
    snap = snapshot.load(demo_db_path)
    assert snap is not None
    assert _titles(snap["rows"]) == titles
    assert snap["visits"] and snap["visit_id"] == snap["visits"][0][0]

    db = open_database(demo_db_path)  # another program changes the file
    event = entities.list_for_visit(db, "event", snap["visit_id"])[0]
    entities.update(db, "event", event.id, {"title": "Changed elsewhere"})
    db.close()
    assert snapshot.load(demo_db_path) is None


def test_snapshot_is_shown_greyed_and_read_only(qtbot: Any, window_factory: Any,
                                                demo_db_path: Path) -> None:
    win = window_factory(demo_db_path)
    win.close()
    snap = snapshot.load(demo_db_path)
    from briefing_app.gui.main_window import MainWindow

    fresh = MainWindow()
    qtbot.addWidget(fresh)
    fresh.show_snapshot(snap)
    fresh.show()
    view = fresh.view("programme")
    assert _titles(view.model.rows) == _titles(snap["rows"]) and fresh.state.db is None
    assert not view.table.isEnabled() and not fresh.navigator.isEnabled()
    assert not any(b.isEnabled() for b in (view.b_new, view.b_edit, view.b_dup, view.b_cancel,
                                           view.b_delete))
    nav_events = []
    stack = [fresh.navigator.topLevelItem(0)]
    while stack:
        item = stack.pop()
        stack += [item.child(i) for i in range(item.childCount())]
        if item.childCount() == 0:
            nav_events.append(item.text(0).split("  ", 1)[1])
    assert sorted(nav_events) == sorted(_titles(snap["rows"]))
    assert fresh.open_database(demo_db_path, first_run=False)  # the live data takes over
    assert view.table.isEnabled() and fresh.navigator.isEnabled() and view.b_new.isEnabled()
    fresh.close()


def test_snapshot_reads_the_file_at_close_not_the_screen(window_factory: Any,
                                                         demo_db_path: Path) -> None:
    """A change made by another program while the window was open (and not yet shown
    by it) is in the snapshot, because the rows are read afresh when the window closes."""
    win = window_factory(demo_db_path)
    other = open_database(demo_db_path)
    event = entities.list_for_visit(other, "event", win.state.visit.id)[0]
    entities.update(other, "event", event.id, {"title": "Renamed meanwhile"})
    other.close()
    win.close()
    snap = snapshot.load(demo_db_path)
    assert snap is not None and "Renamed meanwhile" in _titles(snap["rows"])


def test_snapshot_void_when_the_log_holds_writes(window_factory: Any,
                                                 demo_db_path: Path) -> None:
    win = window_factory(demo_db_path)
    win.close()
    assert snapshot.load(demo_db_path) is not None
    con = sqlite3.connect(demo_db_path)  # another program writes; its log is not checkpointed
    con.execute("PRAGMA wal_autocheckpoint=0")
    con.execute("UPDATE events SET title = 'In the log only' WHERE id = "
                "(SELECT min(id) FROM events)")
    con.commit()
    assert Path(f"{demo_db_path}-wal").stat().st_size > 0
    assert snapshot.load(demo_db_path) is None
    con.close()


def test_snapshot_not_written_while_another_program_has_the_file(window_factory: Any,
                                                                 demo_db_path: Path) -> None:
    con = sqlite3.connect(demo_db_path)
    con.execute("PRAGMA wal_autocheckpoint=0")
    con.execute("SELECT count(*) FROM events").fetchone()
    win = window_factory(demo_db_path)
    con.execute("UPDATE events SET title = title || '.' WHERE id = (SELECT min(id) FROM events)")
    con.commit()  # stays in the log: the other program is still connected
    win.close()
    assert snapshot.load(demo_db_path) is None
    con.close()


def test_snapshot_void_for_a_restored_file_with_the_old_mtime(window_factory: Any,
                                                              demo_db_path: Path,
                                                              tmp_path: Path) -> None:
    """A backup copied back with its old size and modification time (cp -p) is another
    file: the change time and inode differ, so the snapshot is not used."""
    backup = tmp_path / "backup.sqlite"
    shutil.copy2(demo_db_path, backup)
    win = window_factory(demo_db_path)
    win.close()
    st = demo_db_path.stat()
    assert snapshot.load(demo_db_path) is not None
    os.replace(backup, demo_db_path)
    os.utime(demo_db_path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert demo_db_path.stat().st_size == st.st_size
    assert snapshot.load(demo_db_path) is None


def test_damaged_snapshot_is_ignored(window_factory: Any, demo_db_path: Path) -> None:
    win = window_factory(demo_db_path)
    win.close()
    path = snapshot._file(demo_db_path)
    text = path.read_text(encoding="ascii")
    for broken in (text[: len(text) // 2], text.replace("row\t", "row\tx\t", 1),
                   text.replace("\\u", "\\u0"), "", "garbage"):
        path.write_text(broken, encoding="ascii")
        assert snapshot.load(demo_db_path) is None


def test_snapshot_gives_way_when_the_file_cannot_be_opened(qtbot: Any, window_factory: Any,
                                                           demo_db_path: Path,
                                                           tmp_path: Path) -> None:
    win = window_factory(demo_db_path)
    win.close()
    snap = snapshot.load(demo_db_path)
    from briefing_app.gui import errors
    from briefing_app.gui.main_window import MainWindow

    fresh = MainWindow()
    qtbot.addWidget(fresh)
    fresh.show_snapshot(snap)
    fresh.show()
    bad = tmp_path / "not-a-database.sqlite"
    bad.write_bytes(b"this is not SQLite" * 100)
    assert not fresh.open_database(bad, first_run=False)
    assert fresh.view("programme").model.rows == []
    assert fresh.navigator.topLevelItemCount() == 0
    assert errors.shown
    fresh.close()
