"""The programme shown at start-up is read from the database file itself (with sqlite3,
before the database layer loads): the same rows as the live programme, greyed and
read-only until the live data replaces it, never out of date, and giving way when the
file does not open."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from briefing_app.core.database import open_database
from briefing_app.core.ops import entities, links
from briefing_app.core.ops.visits import list_visits
from briefing_app.core.quick_programme import read_programme
from briefing_app.gui.views.programme_rows import titled_rows
from briefing_app.gui.views.programme_view import programme_rows


def _titles(rows: list[Any]) -> list[str]:
    return [r.cells[2] for r in rows if not r.is_day]


def _fresh_window(qtbot: Any) -> Any:
    from briefing_app.gui.window.main_window import MainWindow

    win = MainWindow()
    qtbot.addWidget(win)
    return win


def test_quick_rows_equal_the_live_rows_of_the_demo_visit(demo_db_path: Path) -> None:
    db = open_database(demo_db_path)
    visit = list_visits(db)[0]
    live = programme_rows(db, visit)
    db.close()
    quick = titled_rows(read_programme(demo_db_path))
    assert quick == live  # title, summary, every cell: times, venue, participants, tooltips
    cells = [r.cells for r in quick[2] if not r.is_day]
    assert any("Тоқаев" in c[5] and "习近平" in c[5] for c in cells)
    assert any("CST" in c[0] and "UTC+6" in c[1] for c in cells)


def test_quick_rows_equal_the_live_rows_with_a_conflict(db_path: Path) -> None:
    db = open_database(db_path)
    visit = entities.create(db, "visit", None, {
        "title": "Visit to China", "visit_type": "state visit", "start_date": "2019-09-10",
        "end_date": "2019-09-12", "home_tz": "Asia/Almaty", "host_country": "China"})
    xi = entities.create(db, "person", visit.id, {"native_name": "习近平",
                                                   "latin_name": "Xi Jinping"})
    for title, start, end in (("Talks", "2019-09-11 10:00", "2019-09-11 11:00"),
                              ("Lunch", "2019-09-11 10:30", "2019-09-11 12:00")):
        event = entities.create(db, "event", visit.id, {
            "title": title, "event_type": "talks", "tz": "Asia/Shanghai", "start_local": start,
            "end_local": end})
        links.set_participant(db, event.id, xi.id, "host")
    live = programme_rows(db, visit)
    db.close()
    quick = titled_rows(read_programme(db_path))
    assert quick == live and "1 conflict" in quick[1]
    assert [r.conflict for r in quick[2] if not r.is_day] == [True, True]


def test_quick_programme_is_shown_greyed_then_the_live_data_takes_over(
        qtbot: Any, demo_db_path: Path) -> None:
    win = _fresh_window(qtbot)
    assert win.show_quick_programme(demo_db_path)
    win.show()
    view = win.view("programme")
    assert len(_titles(view.model.rows)) > 15 and win.state.db is None
    assert not view.table.isEnabled() and not win.navigator.isEnabled()
    assert not any(b.isEnabled() for b in (view.b_new, view.b_edit, view.b_dup, view.b_cancel,
                                           view.b_delete))
    assert "read-only" in win.statusBar().currentMessage()
    quick_titles = _titles(view.model.rows)
    assert win.open_database(demo_db_path, first_run=False)
    assert _titles(view.model.rows) == quick_titles
    assert view.table.isEnabled() and win.navigator.isEnabled() and view.b_new.isEnabled()
    win.close()


def test_a_change_made_by_another_program_is_shown_at_once(qtbot: Any,
                                                           demo_db_path: Path) -> None:
    """Nothing is cached between sessions: a change made while the app was closed (or a
    restored backup) is what the first frames show."""
    con = sqlite3.connect(demo_db_path)
    con.execute("UPDATE events SET title = 'Renamed meanwhile' WHERE id = "
                "(SELECT min(id) FROM events)")
    con.commit()
    con.close()
    win = _fresh_window(qtbot)
    assert win.show_quick_programme(demo_db_path)
    assert "Renamed meanwhile" in _titles(win.view("programme").model.rows)


def test_quick_programme_gives_way_when_the_file_cannot_be_opened(
        qtbot: Any, demo_db_path: Path, tmp_path: Path) -> None:
    from briefing_app.gui.operations import errors

    win = _fresh_window(qtbot)
    assert win.show_quick_programme(demo_db_path)
    win.show()
    bad = tmp_path / "not-a-database.sqlite"
    bad.write_bytes(b"this is not SQLite" * 100)
    assert not win.show_quick_programme(bad)
    assert not win.open_database(bad, first_run=False)
    assert win.view("programme").model.rows == []
    assert win.navigator.topLevelItemCount() == 0
    assert errors.shown
    win.close()
