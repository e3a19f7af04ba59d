"""An event edited in the first second of a start, while the database layer still loads
in its thread (gui/launch/deferred_open.py, gui/window/quick_edit.py): the dialog opens
on the file's own data, OK waits for the load, opens the file and saves through the
normal undoable command; a change saved elsewhere meanwhile is refused with everything
as typed. The load is held at a gate the test opens, so "before the layer has loaded"
is certain, not a race."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
from contextlib import closing
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog

from briefing_app.gui.launch.deferred_open import DeferredOpen
from briefing_app.gui.window.quick_edit import EarlyEdits

ROOT = Path(__file__).resolve().parents[2]
GATE_DEADLINE = 120  # s: a broken wait fails the test instead of hanging the suite


def _title(path: Path, event_id: int) -> tuple[str, int]:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute("SELECT title, row_version FROM events WHERE id = ?",
                            (event_id,)).fetchone()


def _first_event(path: Path) -> int:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute("SELECT id FROM events ORDER BY starts_at, id").fetchone()[0]


class Start:
    """The start-up of gui/launch/app.py `run`, with the layer's load held at a gate."""

    def __init__(self, qtbot: Any, path: Path) -> None:
        from briefing_app.gui.window.main_window import MainWindow

        self.gate = threading.Event()
        self.loads: list[str] = []
        self.opened: list[bool] = []
        self.win = MainWindow()
        qtbot.addWidget(self.win)
        self.win.show()
        assert self.win.show_quick_programme(path)
        self.win.complete_startup()
        self.opening = DeferredOpen(self.win, path, self.opened.append, load=self._load)
        self.view = self.win.view("programme")
        self.view.set_early(EarlyEdits(self.win, path, self.opening))
        self.opening.start()

    def _load(self) -> None:
        if not self.gate.wait(GATE_DEADLINE):
            raise TimeoutError("the test never opened the gate")
        self.loads.append("loaded")

    def select(self, event_id: int) -> None:
        self.view.table.selectRow(self.view.model.row_of_event(event_id))

    def in_dialog(self, act: Any) -> None:
        """Edit times… on the selected event; `act(dialog)` runs inside its event loop."""
        seen: list[Any] = []

        def run() -> None:
            dlg = QApplication.activeModalWidget()
            seen.append(dlg)
            try:
                act(dlg)
            finally:
                if dlg.isVisible():
                    dlg.reject()

        QTimer.singleShot(0, run)
        self.view.b_edit.click()
        assert seen, "the dialog never opened"


def test_an_event_is_edited_before_the_layer_has_loaded_and_saved_once_it_has(
        qtbot: Any, demo_db_path: Path) -> None:
    start = Start(qtbot, demo_db_path)
    eid = _first_event(demo_db_path)
    before, version = _title(demo_db_path, eid)
    assert start.win.state.db is None and start.opening.loader.running
    assert start.view.table.isEnabled()  # not greyed: it takes edits
    start.select(eid)
    assert start.view.b_edit.isEnabled()
    assert not start.view.b_delete.isEnabled()  # only the details, until the file is open
    results: list[Any] = []

    def edit(dlg: Any) -> None:
        assert dlg.title.text() == before  # read from the file, the layer still loading
        assert start.win.state.db is None and start.opening.loader.running
        dlg.title.setText(before + " — moved")
        start.gate.set()  # the load may end now; OK waits for it
        dlg.accept()
        results.append(dlg.result())

    start.in_dialog(edit)
    assert results == [QDialog.DialogCode.Accepted]
    assert start.loads == ["loaded"] and start.opened == [True]
    assert _title(demo_db_path, eid) == (before + " — moved", version + 1)
    state = start.win.state
    assert state.undo_stack.count() == 1  # one undoable step, as any edit
    state.undo_stack.undo()
    assert _title(demo_db_path, eid)[0] == before
    assert start.view.early is None
    start.win.close()


def test_an_early_edit_saved_elsewhere_first_is_refused_with_everything_as_typed(
        qtbot: Any, demo_db_path: Path) -> None:
    start = Start(qtbot, demo_db_path)
    eid = _first_event(demo_db_path)
    start.select(eid)
    outcome: dict[str, Any] = {}

    def edit(dlg: Any) -> None:
        dlg.title.setText("Typed in the first second")
        other = sqlite3.connect(demo_db_path)  # another program saves first, and ends
        with other:
            other.execute("UPDATE events SET title = 'Saved elsewhere', "
                          "row_version = row_version + 1 WHERE id = ?", (eid,))
        other.close()
        start.gate.set()
        dlg.accept()
        outcome.update(visible=dlg.isVisible(), typed=dlg.title.text(),
                       error=dlg.error.text(), result=dlg.result())

    start.in_dialog(edit)
    assert outcome["visible"] and outcome["typed"] == "Typed in the first second"
    assert "changed elsewhere" in outcome["error"]
    assert _title(demo_db_path, eid)[0] == "Saved elsewhere"
    assert start.loads == ["loaded"]  # the gate was opened by the test, not its deadline
    assert start.win.state.undo_stack.count() == 0
    start.win.close()


def test_opening_the_brief_early_opens_the_file_first(qtbot: Any, demo_db_path: Path) -> None:
    start = Start(qtbot, demo_db_path)
    eid = _first_event(demo_db_path)
    start.select(eid)
    start.gate.set()
    start.view._open()  # a double click: the brief needs the open file
    assert start.win.state.db is not None and start.opened == [True]
    assert start.win.current_key() == "brief" and start.loads == ["loaded"]
    start.win.close()


def test_a_window_closed_before_the_layer_has_loaded_opens_nothing(
        qtbot: Any, demo_db_path: Path) -> None:
    start = Start(qtbot, demo_db_path)
    start.win.close()
    start.gate.set()
    assert start.opening.finish() is False  # the loader's signal would call it now
    assert start.win.state.db is None and start.opened == [False]
    assert start.loads == ["loaded"]


def test_a_file_opened_by_the_user_before_the_layer_has_loaded_stays_open(
        qtbot: Any, demo_db_path: Path, tmp_path: Path) -> None:
    """File ▸ Open (or Open Recent) while start-up's file waits for the layer: the
    user's file is the one open afterwards, not replaced when the load ends."""
    import shutil

    other = tmp_path / "other.sqlite"
    shutil.copy2(demo_db_path, other)
    start = Start(qtbot, demo_db_path)
    start.gate.set()  # the user's open needs the layer: it waits for what is left
    assert start.win.open_database(other, first_run=False)
    start.opening.loader.wait()
    QApplication.processEvents()  # the loader's signal, queued to the window's thread
    assert start.loads == ["loaded"]
    assert Path(start.win.state.db.path) == other.resolve()
    assert start.opened == [] and start.win.opening is None
    assert start.view.early is None  # edits go the normal way, to the open file
    assert start.opening.finish() is True  # a late call opens nothing either
    assert Path(start.win.state.db.path) == other.resolve()


def test_an_input_handled_before_the_load_started_starts_it(
        qtbot: Any, demo_db_path: Path) -> None:
    """A double-click delivered while the window paints, before `start`: the open starts
    the load itself, and the later `start` starts nothing more."""
    from briefing_app.gui.window.main_window import MainWindow

    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    assert win.show_quick_programme(demo_db_path)
    opened: list[bool] = []
    opening = DeferredOpen(win, demo_db_path, opened.append)
    assert opening.finish() is True and opened == [True]
    checked = opening.checked
    assert checked is not None  # the file check ran, started by the open
    opening.start()
    assert opening.checked is checked and win.state.db is not None


def test_the_real_start_takes_an_edit_before_the_file_is_open(demo_db_path: Path,
                                                               tmp_path: Path) -> None:
    """`python -m briefing_app.gui` as a user starts it, editing at the first instant it
    can (gui/launch/startup_probe.py): the edit is saved, in one undoable step."""
    eid = _first_event(demo_db_path)
    before, version = _title(demo_db_path, eid)
    probe = tmp_path / "probe.jsonl"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", BRIEFING_STARTUP_PROBE=str(probe),
               BRIEFING_STARTUP_PROBE_EDIT="1", XDG_CONFIG_HOME=str(tmp_path / "config"),
               PYTHONPATH=str(ROOT))
    subprocess.run([sys.executable, "-m", "briefing_app.gui", "--db", str(demo_db_path)],
                   env=env, cwd=tmp_path, check=True, capture_output=True, timeout=300)
    marks = [json.loads(line) for line in probe.read_text().splitlines()]
    names = [m["mark"] for m in marks]
    assert names[:3] == ["window", "programme", "editable"]
    assert {"dialog", "live", "saved"} <= set(names)
    assert names.index("editable") < names.index("live")  # edits taken before the open
    saved = next(m for m in marks if m["mark"] == "saved")
    assert saved["ok"] is True
    assert _title(demo_db_path, eid) == (before + " (edited)", version + 1)
