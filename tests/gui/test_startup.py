"""The first frame is built from what it shows only: no database layer, no `Qt` enum
namespace (PySide6 builds its ~90 enum classes on first use, ~20 ms), with the menus,
the toolbar and the navigator; the next frame has the programme, read from the file with
sqlite3 alone (core/quick_programme.py) — still without the database layer — on the
very first start as on every other.

Run in fresh processes: what one test imported would hide what the next one needs.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

FIRST_FRAME = r"""
import enum, json, sys
created = []
_create = enum.EnumMeta._create_
def _record(cls, class_name, names, **kw):
    created.append(class_name)
    return _create(cls, class_name, names, **kw)
enum.EnumMeta._create_ = _record
from briefing_app.gui.launch.app import _application
app = _application(offscreen=False)
from briefing_app.gui.launch.fonts import ensure_fonts
from briefing_app.gui.window.main_window import MainWindow
ensure_fonts()
win = MainWindow()
win.show()
app.processEvents()
win.grab()
nav = win.navigator
first = {
    "qt_namespace": "Key" in created,
    "sqlalchemy": any(m.startswith("sqlalchemy") for m in sys.modules),
    "core": "briefing_app.core.database" in sys.modules,
    "menus": [a.text() for a in win.menuBar().actions()],
    "toolbar": [a.iconText() for a in win.actions.toolbar.actions() if a.iconText()],
    "nav_width": win.nav_dock.width(),
}
first["quick"] = win.show_quick_programme(sys.argv[1])
app.processEvents()
win.view("programme").table.grab()
first.update({
    "quick_qt_namespace": "Key" in created,
    "quick_sqlalchemy": any(m.startswith("sqlalchemy") for m in sys.modules),
    "quick_core": "briefing_app.core.database" in sys.modules,
    "programme_rows": len(win.view("programme").model.rows),
    "table_enabled": win.view("programme").table.isEnabled(),
    "navigator_items": nav.topLevelItemCount(),
    "navigator_enabled": nav.isEnabled(),
})
win.complete_startup()  # docks, shortcuts, icons: still before the file is open
first["completed_cipher"] = "briefing_app.core.cipher" in sys.modules
win.open_database(sys.argv[1], first_run=False)
for _ in range(3):
    app.processEvents()
first["after"] = {"conflicts_dock": win.conflicts_dock is not None,
                  "shortcut": win.actions.undo.shortcut().toString(),
                  "icon": not win.actions.undo.icon().isNull()}
win.close()
print(json.dumps(first))
"""


def _run(db: Path, config: Path) -> dict:
    screen = config / "screen.json"  # a 1920x1080 screen (offscreen's own is 800x800)
    screen.write_text(json.dumps({"screens": [{"name": "test", "x": 0, "y": 0, "width": 1920,
                                               "height": 1080}]}), encoding="utf-8")
    env = dict(os.environ, XDG_CONFIG_HOME=str(config / "config"),
               XDG_CACHE_HOME=str(config / "cache"),
               QT_QPA_PLATFORM=f"offscreen:configfile={screen}", PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-c", FIRST_FRAME, str(db)], capture_output=True,
                         text=True, env=env, timeout=120, cwd=ROOT)
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_first_frame_needs_no_database_layer_and_no_qt_namespace(demo_db_path: Path,
                                                                   tmp_path: Path) -> None:
    first = _run(demo_db_path, tmp_path)  # the very first start: no layout saved yet
    assert not first["sqlalchemy"] and not first["core"]
    assert first["quick"] and first["programme_rows"] > 17  # the programme, at once
    assert not first["quick_sqlalchemy"] and not first["quick_core"]
    assert first["after"] == {"conflicts_dock": True, "shortcut": "Ctrl+Z", "icon": True}

    again = _run(demo_db_path, tmp_path)  # a returning user's start
    assert not again["qt_namespace"], "a Qt enum was used before the first paint"
    assert not again["sqlalchemy"] and not again["core"]
    assert again["menus"] == ["&File", "&Edit", "&View", "Vi&sit", "&Help"]
    assert again["toolbar"] == ["Undo", "Redo", "New", "Delete", "Find", "Export"]
    assert again["nav_width"] >= 240
    assert again["quick"] and not again["quick_qt_namespace"]
    assert not again["quick_sqlalchemy"] and not again["quick_core"]
    # The cipher module (with unicodedata, dataclasses…) waits for a file to be open.
    assert not first["completed_cipher"] and not again["completed_cipher"]
    assert again["programme_rows"] > 17 and again["navigator_items"] == 1
    assert not again["table_enabled"] and not again["navigator_enabled"]  # greyed until live


OPEN = r"""
import gc, json, sys
from briefing_app.gui.launch.app import _application
app = _application(offscreen=False)
from briefing_app.gui.window.main_window import MainWindow
import briefing_app.gui.operations.state as state
young = []  # objects in the youngest generation at each pass made while the layer loads
inside = []
def note(phase, info):
    if phase == "start" and inside:
        young.append(len(gc.get_objects(generation=0)))
gc.callbacks.append(note)
real = state.load_database_layer
def watched():
    inside.append(True)
    try:
        real()
    finally:
        inside.pop()
state.load_database_layer = watched
win = MainWindow()
win.show()
app.processEvents()
opened = win.open_database(sys.argv[1], first_run=False)
app.processEvents()
print(json.dumps({
    "opened": opened, "young": young, "frozen": gc.get_freeze_count(),
    "enabled": gc.isenabled(), "sync": win.offline_from,
    "loaded": sorted(m for m in sys.modules if m.startswith((
        "briefing_app.core.sync.run", "briefing_app.core.sync.rows", "briefing_app.interop",
        "briefing_app.gui.operations.offline_jobs")))}))
win.close()
"""


def test_opening_walks_no_import_with_the_collector_and_loads_no_sync(demo_db_path: Path,
                                                                         tmp_path: Path) -> None:
    """The database layer's objects are frozen before the collector resumes, so no pass
    walks the ~200,000 objects the imports made; and an open asks whether the file was
    taken offline without importing the sync or the bundle code."""
    screen = tmp_path / "screen.json"
    screen.write_text(json.dumps({"screens": [{"name": "test", "x": 0, "y": 0, "width": 1920,
                                               "height": 1080}]}), encoding="utf-8")
    env = dict(os.environ, XDG_CONFIG_HOME=str(tmp_path / "config"),
               XDG_CACHE_HOME=str(tmp_path / "cache"),
               QT_QPA_PLATFORM=f"offscreen:configfile={screen}", PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-c", OPEN, str(demo_db_path)], capture_output=True,
                         text=True, env=env, timeout=120, cwd=ROOT)
    assert out.returncode == 0, out.stderr[-2000:]
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["opened"] and seen["enabled"]
    assert seen["frozen"] > 50_000  # the layer (with Qt's wrappers) left out of full passes
    assert all(n < 20_000 for n in seen["young"]), seen["young"]
    assert seen["sync"] is None and seen["loaded"] == []
