"""Backups in the window: File ▸ Back Up Now, File ▸ Restore Backup…, the automatic
backups while editing, the restore offered for a file that does not open, and a
database that opened read-only."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from briefing_app.core.backup import list_backups, make_backup, verify_backup
from briefing_app.core.database import open_database
from briefing_app.core.ops import entities
from briefing_app.gui.operations.commands import UpdateCommand


def _titles(win: Any) -> list[str]:
    return [r.cells[2] for r in win.view("programme").model.rows if not r.is_day]


def _nav_texts(win: Any) -> list[str]:
    out, stack = [], [win.navigator.topLevelItem(i)
                      for i in range(win.navigator.topLevelItemCount())]
    while stack:
        item = stack.pop()
        out.append(item.text(0))
        stack += [item.child(i) for i in range(item.childCount())]
    return out


def _when_shown(name: str, act: Callable[[Any], None], qtbot: Any) -> list[bool]:
    """Run `act(widget)` on the modal dialog called `name` as soon as it is open."""
    done: list[bool] = []

    def poll() -> None:
        for w in QApplication.topLevelWidgets():
            if w.objectName() == name and w.isVisible():
                done.append(True)
                act(w)
                return
        QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)
    return done


def _rename_first_event(win: Any, title: str) -> Any:
    state = win.state
    event = entities.list_for_visit(state.db, "event", state.visit.id)[0]
    state.push(UpdateCommand(state, "event", event, {"title": title}))
    return event


def test_file_menu_has_the_backup_actions(demo_window: Any) -> None:
    file_menu = demo_window.menuBar().actions()[0].menu()
    texts = [a.text() for a in file_menu.actions()]
    assert "&Back Up Now" in texts and "Restore Backup…" in texts
    assert demo_window.actions.back_up.isEnabled() and demo_window.actions.restore.isEnabled()


def test_back_up_now_writes_a_verified_manual_backup(qtbot: Any, demo_window: Any) -> None:
    path = demo_window.state.db.path
    assert list_backups(path) == []
    demo_window.actions.back_up.trigger()
    qtbot.waitUntil(lambda: "Backup saved and verified" in
                    demo_window.statusBar().currentMessage(), timeout=10_000)
    (backup,) = list_backups(path)
    assert backup.reason == "manual" and backup.pinned
    assert verify_backup(backup.path)  # a sound Briefing App database this version knows
    copy = open_database(backup.path, read_only=True)
    visit = demo_window.state.visit
    assert len(entities.list_for_visit(copy, "event", visit.id)) == len(_titles(demo_window))
    copy.close()


def test_every_change_undo_and_redo_is_noted_off_the_gui_thread(qtbot: Any,
                                                                demo_window: Any) -> None:
    state = demo_window.state
    calls: list[str] = []

    class Counting:
        def note_change(self) -> None:
            calls.append(threading.current_thread().name)

        def flush(self) -> None:
            calls.append("flush")

    real, state.scheduler = state.scheduler, Counting()
    _rename_first_event(demo_window, "Talks, renamed")
    state.undo()
    state.redo()
    state.backup_pool.waitForDone()
    qtbot.waitUntil(lambda: len(calls) == 3)
    assert threading.main_thread().name not in calls
    demo_window.history.setFocus()  # a step taken in the History dock counts too
    state.undo_stack.setIndex(0)
    state.backup_pool.waitForDone()
    qtbot.waitUntil(lambda: len(calls) == 4)
    demo_window.close()  # closing the database flushes the scheduler
    assert calls[-1] == "flush"
    state.scheduler = real


def test_first_edit_makes_a_periodic_backup_and_closing_an_on_close_one(
        qtbot: Any, window_factory: Any, demo_db_path: Path) -> None:
    win = window_factory(demo_db_path)
    _rename_first_event(win, "First edit")
    win.state.backup_pool.waitForDone()
    qtbot.waitUntil(lambda: [b.reason for b in list_backups(demo_db_path)] == ["periodic"])
    _rename_first_event(win, "Second edit")  # within 30 minutes: no new backup yet
    win.state.backup_pool.waitForDone()
    assert len(list_backups(demo_db_path)) == 1
    win.close()
    assert [b.reason for b in list_backups(demo_db_path)] == ["on-close", "periodic"]
    newest = open_database(list_backups(demo_db_path)[0].path, read_only=True)
    titles = [e.title for e in entities.list_for_visit(newest, "event", 1)]
    newest.close()
    assert "Second edit" in titles


def test_restore_dialog_restores_the_chosen_backup_and_every_view_reloads(
        qtbot: Any, demo_window: Any) -> None:
    win, state = demo_window, demo_window.state
    path = state.db.path
    original = _titles(win)
    make_backup(path, "manual")
    event = _rename_first_event(win, "Changed after the backup")
    state.select("event", event.id)
    win.switch_to("brief")
    assert win.view("brief").details.value("title") == "Changed after the backup"
    win.switch_to("programme")
    assert "Changed after the backup" in _titles(win)
    assert state.undo_stack.canUndo()
    state.backup_pool.waitForDone()

    def pick_manual(dialog: Any) -> None:
        reasons = [b.reason for b in dialog.backups]
        assert reasons[0] == "periodic"  # newest first: the one made after the edit
        assert dialog.list.topLevelItem(0).text(1) == "While editing (every 30 minutes)"
        dialog.select(reasons.index("manual"))
        dialog.restore_button.click()

    shown = _when_shown("restoreDialog", pick_manual, qtbot)
    assert win.restore_backup() is True
    assert shown
    assert _titles(win) == original
    assert not any("Changed after the backup" in t for t in _nav_texts(win))
    state.select("event", event.id)
    win.switch_to("brief")
    assert win.view("brief").details.value("title") == event.title
    assert not state.undo_stack.canUndo() and state.undo_stack.count() == 0
    done = [w for w in QApplication.topLevelWidgets()
            if w.objectName() == "restoreDone" and w.isVisible()]
    assert done and "undo history was cleared" in done[0].text()
    assert "before-restore" in [b.reason for b in list_backups(path)]
    done[0].close()


def test_restore_cancelled_at_the_confirmation_changes_nothing(
        qtbot: Any, demo_window: Any, monkeypatch: Any) -> None:
    win = demo_window
    make_backup(win.state.db.path, "manual")
    _rename_first_event(win, "Kept")
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *a, **k: QMessageBox.StandardButton.No))
    _when_shown("restoreDialog", lambda d: d.restore_button.click(), qtbot)
    assert win.restore_backup() is False
    assert "Kept" in _titles(win) and win.state.undo_stack.canUndo()


def _cut_short(path: Path) -> bytes:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return data[: len(data) // 2]


def test_damaged_file_offers_the_newest_backup_and_restoring_it_opens_the_file(
        qtbot: Any, demo_db_path: Path) -> None:
    from briefing_app.gui.window.main_window import MainWindow

    db = open_database(demo_db_path)
    titles = [e.title for e in entities.list_for_visit(db, "event", 1)]
    db.close()
    make_backup(demo_db_path, "manual")
    damaged = _cut_short(demo_db_path)
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    texts: list[str] = []

    def restore_newest(box: Any) -> None:
        texts.append(box.text() + "\n" + box.informativeText())
        next(b for b in box.buttons() if "newest" in b.text()).click()

    _when_shown("offerRestore", restore_newest, qtbot)
    assert win.open_database(demo_db_path, first_run=False) is True
    assert "cut short" in texts[0] and "1 backup can replace it" in texts[0]
    assert win.state.db is not None and _titles(win) == titles
    kept = [p for p in (demo_db_path.parent / "demo-backups" / "damaged").iterdir()
            if not p.name.endswith(("-wal", "-shm"))]
    assert [p.read_bytes() for p in kept] == [damaged]  # set aside byte for byte
    win.close()


def test_damaged_file_choose_another_backup_or_cancel(qtbot: Any, demo_db_path: Path) -> None:
    from briefing_app.gui.window.main_window import MainWindow

    make_backup(demo_db_path, "manual")
    damaged = _cut_short(demo_db_path)
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    _when_shown("offerRestore", lambda box: box.button(QMessageBox.StandardButton.Cancel).click(),
                qtbot)
    assert win.open_database(demo_db_path, first_run=False) is False
    assert demo_db_path.read_bytes() == damaged and win.state.db is None  # untouched
    assert win.actions.restore.isEnabled() and not win.actions.back_up.isEnabled()

    def choose(box: Any) -> None:
        next(b for b in box.buttons() if "Choose" in b.text()).click()

    def pick(dialog: Any) -> None:
        from PySide6.QtWidgets import QLabel

        problem.append(dialog.findChild(QLabel, "restoreProblem").text())
        dialog.restore_button.click()

    problem: list[str] = []
    _when_shown("offerRestore", choose, qtbot)
    _when_shown("restoreDialog", pick, qtbot)
    assert win.open_database(demo_db_path, first_run=False) is True
    assert "cut short" in problem[0] and len(_titles(win)) > 10
    win.close()


def test_read_only_database_says_so_and_refuses_edits_without_crashing(
        qtbot: Any, demo_db_path: Path, visible_errors: Any) -> None:
    from briefing_app.gui.window.main_window import MainWindow

    before = demo_db_path.read_bytes()
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    assert win.open_database(demo_db_path, first_run=False, read_only=True)
    assert win.state.read_only
    assert win.banner is not None and win.banner.isVisible()
    assert "Read-only" in win.banner.text() and "read-only on request" in win.banner.text()
    assert win.windowTitle().endswith("(read-only)")
    assert "(read-only)" in win.db_label.text()
    a = win.actions
    for action in (a.new_item, a.delete, a.duplicate, a.add_event, a.new_visit,
                   a.visit_details, a.delete_visit, a.load_demo, a.restore):
        assert not action.isEnabled(), action.text()
    assert a.find.isEnabled() and a.export.isEnabled() and a.back_up.isEnabled()
    programme = win.view("programme")
    assert _titles(win) and programme.table.isEnabled()
    assert not programme.b_new.isEnabled() and not programme.b_edit.isEnabled()

    people = win.switch_to("people")  # an edit typed into a form is refused, clearly
    person = people.selected()
    people._save({"title": "Changed"})
    assert visible_errors() and "changes cannot be saved" in visible_errors()[-1].text()
    assert people.selected().title == person.title
    assert not win.state.undo_stack.canUndo()
    win.close()
    assert demo_db_path.read_bytes() == before
