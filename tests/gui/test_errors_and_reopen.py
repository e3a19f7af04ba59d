"""Errors in slots become dialogs and change nothing; closing and reopening keeps all."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from briefing_app.core.ops import entities
from briefing_app.gui.operations.commands import UpdateCommand


def test_validation_error_in_form_is_shown_in_place_and_keeps_what_was_typed(
        demo_window: Any, visible_errors: Any) -> None:
    from briefing_app.gui.widgets.marks import is_marked

    view = demo_window.switch_to("people")
    person = view.selected()
    name = view.form.widgets["native_name"]
    name.setText("   ")
    name.editingFinished.emit()
    assert not visible_errors()  # no box to dismiss: the form says it
    assert "required" in view.form.error.text() and not view.form.error.isHidden()
    assert is_marked(name) and "required" in name.toolTip()
    assert name.text() == "   "  # what was typed stays
    assert entities.get(demo_window.state.db, "person", person.id).native_name == \
        person.native_name
    assert not demo_window.state.undo_stack.canUndo()
    # Another field of the same person saves; the refused one keeps its text and mark.
    title = view.form.widgets["title"]
    title.setText("President")
    title.editingFinished.emit()
    assert entities.get(demo_window.state.db, "person", person.id).title == "President"
    assert name.text() == "   " and is_marked(name)
    name.setText("Тоқаев")
    name.editingFinished.emit()
    assert entities.get(demo_window.state.db, "person", person.id).native_name == "Тоқаев"
    assert not is_marked(name) and view.form.error.isHidden()


def test_unexpected_error_in_slot_shows_dialog(demo_window: Any, monkeypatch: Any,
                                               visible_errors: Any) -> None:
    from briefing_app.core.ops import events

    def boom(*_a: Any, **_k: Any) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(events, "duplicate_event", boom)
    view = demo_window.switch_to("programme")
    state = demo_window.state
    before = entities.list_for_visit(state.db, "event", state.visit.id)
    depth = state.undo_stack.count()
    state.select("event", before[0].id)
    assert view.selected_event() == before[0].id
    view.duplicate_selected()
    boxes = visible_errors()
    assert boxes and "disk on fire" in boxes[0].text()
    assert boxes[0].windowTitle() == "Unexpected error"
    assert demo_window.isVisible()
    # Nothing half-done: no new event, nothing on the undo stack.
    assert entities.list_for_visit(state.db, "event", state.visit.id) == before
    assert state.undo_stack.count() == depth


def test_stale_edit_is_refused_as_conflict(demo_window: Any, visible_errors: Any) -> None:
    state, db = demo_window.state, demo_window.state.db
    ev = entities.list_for_visit(db, "event", state.visit.id)[0]
    entities.update(db, "event", ev.id, {"dress_code": "Lounge suit"})  # another window
    view = demo_window.switch_to("brief")
    result = view.push(UpdateCommand(state, "event", ev, {"title": "Stale"}))
    assert result is None
    boxes = visible_errors()
    assert boxes and boxes[0].windowTitle() == "Changed elsewhere"
    assert entities.get(db, "event", ev.id).title == ev.title


def test_undo_after_someone_else_edited_is_refused(demo_window: Any,
                                                   visible_errors: Any) -> None:
    state, db = demo_window.state, demo_window.state.db
    ev = entities.list_for_visit(db, "event", state.visit.id)[0]
    state.push(UpdateCommand(state, "event", ev, {"title": "Mine"}))
    entities.update(db, "event", ev.id, {"title": "Theirs"})
    state.undo()
    assert entities.get(db, "event", ev.id).title == "Theirs"
    assert state.undo_stack.canUndo()  # the step stays; nothing was overwritten
    assert visible_errors()


def test_close_and_reopen_finds_everything(window_factory: Any, demo_db_path: Path) -> None:
    from briefing_app.gui.launch import settings

    win = window_factory(demo_db_path)
    state = win.state
    ev = entities.list_for_visit(state.db, "event", state.visit.id)[0]
    state.push(UpdateCommand(state, "event", ev, {"title": "Renamed before closing"}))
    visit_id = state.visit.id
    win.switch_to("facts")
    win.close()
    assert state.db is None
    assert settings.get(settings.LAST_DATABASE) == str(demo_db_path.resolve())
    assert settings.get(settings.RECENT_DATABASES)[0] == str(demo_db_path.resolve())
    assert settings.get(settings.LAST_VISIT) == visit_id
    assert not settings.get(settings.WINDOW_GEOMETRY).isEmpty()

    again = window_factory(Path(settings.get(settings.LAST_DATABASE)))
    assert again.state.visit.id == visit_id
    assert entities.get(again.state.db, "event", ev.id).title == "Renamed before closing"
    titles = [r.cells[2] for r in again.view("programme").model.rows if not r.is_day]
    assert "Renamed before closing" in titles
    again.close()


def test_first_run_offers_demo(window_factory: Any, db_path: Path, monkeypatch: Any) -> None:
    from briefing_app.gui.dialogs import first_run

    monkeypatch.setattr(first_run.FirstRunDialog, "exec",
                        lambda self: setattr(self, "choice", first_run.DEMO) or 1)
    win = window_factory(db_path)
    win.offer_first_run()
    assert win.state.visit is not None and "Kazakhstan" in win.state.visit.title
    win.state.undo()
    assert win.state.visits() == []
    win.close()


@pytest.mark.parametrize("view", ["programme"])
def test_screenshot_command(demo_db_path: Path, tmp_path: Path, view: str) -> None:
    out = tmp_path / f"{view}.png"
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.run([sys.executable, str(root / "main.py"), "--db", str(demo_db_path),
                           "gui", "--screenshot", str(out), "--view", view],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    from PySide6.QtGui import QImage

    image = QImage(str(out))
    assert (image.width(), image.height()) == (1366, 768)  # the laptop the window must fit


def test_screenshot_size_is_asked_and_a_bad_one_named(capsys: pytest.CaptureFixture[str],
                                                      tmp_path: Path) -> None:
    from briefing_app.cli.gui_command import window_size

    assert window_size("1920x1080") == (1920, 1080)
    assert window_size(" 1024 × 600 ") == (1024, 600)
    from briefing_app.cli import main

    with pytest.raises(SystemExit) as exc:
        main(["gui", "--screenshot", str(tmp_path / "x.png"), "--size", "big"])
    assert exc.value.code == 2
    assert "'big' is not a window size such as 1366x768" in capsys.readouterr().err


def test_screenshot_command_rejects_unknown_view(tmp_path: Path) -> None:
    from briefing_app.cli import main

    with pytest.raises(SystemExit) as exc:
        main(["gui", "--screenshot", str(tmp_path / "x.png"), "--view", "nonsense"])
    assert exc.value.code == 2


def test_field_paths_from_files_are_shown_exactly() -> None:
    from briefing_app.core.errors import ValidationError
    from briefing_app.gui.operations.errors import describe

    assert describe(ValidationError("start_date", "is required"))[1] == "Start date: is required"
    assert describe(ValidationError("events[2].tz", "unknown time zone"))[1] == (
        "events[2].tz: unknown time zone")
