"""A 1366×768 laptop, at 100 % and at 150 % scaling (QT_SCALE_FACTOR=1.5: 911×512
logical pixels): the first start fits the window to the available screen, every view
fits in it, and every dialog — the export preview's Print and Close included — lies
wholly on the screen, long forms scrolling instead of running off its bottom.

Each screen runs in a fresh process: the offscreen platform takes its screen size from
a configuration file when the application starts (`offscreen:configfile=…`).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

CHILD = r"""
import json, sys
from pathlib import Path
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QPushButton
app = QApplication(["test"])
from briefing_app.gui.window.main_window import MainWindow
win = MainWindow()
win.show()
app.processEvents()
assert win.open_database(Path(sys.argv[1]), first_run=False)
app.processEvents()
area = app.primaryScreen().availableGeometry()
out = {"area": [area.width(), area.height()], "outside": [], "clipped": []}

def on_screen(name, widget):
    g = widget.frameGeometry() if widget.isWindow() else widget.rect().translated(
        widget.mapToGlobal(widget.rect().topLeft()))
    if not area.contains(g):
        out["outside"].append([name, g.x(), g.y(), g.width(), g.height()])

from briefing_app.core.ops import entities
state = win.state
state.select("event", entities.list_for_visit(state.db, "event", state.visit.id)[1].id)
central = win.tabs.size()
for key in ["programme", "timeline", "brief", "people", "venues", "talking-points", "facts",
            "agreements", "search", "press-qa"]:
    view = win.switch_to(key)
    app.processEvents()
    hint = view.minimumSizeHint()
    if hint.width() > central.width() or hint.height() > central.height():
        out["clipped"].append([key, hint.width(), hint.height(), central.width(), central.height()])
    on_screen(f"main window on {key}", win)  # a view's minimum must not push it off
    if win.navigator.width() < 160:  # squeezed by the view beside it
        out["clipped"].append([f"navigator beside {key}", win.navigator.width()])

from briefing_app.gui.dialogs.duplicate_visit_dialog import DuplicateVisitDialog
from briefing_app.gui.dialogs.event_dialog import EventDialog
from briefing_app.gui.dialogs.export_dialog import ExportDialog
from briefing_app.gui.dialogs.venue_dialog import VenueDialog
from briefing_app.gui.dialogs.visit_dialog import NewVisitDialog, VisitDetailsDialog

venues = entities.list_for_visit(state.db, "venue", state.visit.id)
dialogs = {
    "new visit": NewVisitDialog(win),
    "new event": EventDialog(win, venues, make_venue=lambda v: None),
    "new venue": VenueDialog(win),
    "duplicate visit": DuplicateVisitDialog(win, state.visit),
    "visit details": VisitDetailsDialog(state, win),
    "export": ExportDialog(state, win),
}
for name, dlg in dialogs.items():
    dlg.show()
    app.processEvents()
    on_screen(name, dlg)
    for button in dlg.findChildren(QPushButton):
        if button.isVisible():
            on_screen(f"{name}: {button.text()}", button)
    if name == "export":
        dlg._show_page(1)  # the preview, as after an export
        app.processEvents()
        on_screen("export preview", dlg)
        for button in (dlg.b_print, dlg.b_close, dlg.b_back):
            on_screen(f"export preview: {button.text()}", button)
    dlg.hide()
print(json.dumps(out))
"""


@pytest.mark.parametrize("scale", ["1", "1.5"])
def test_everything_fits_a_1366x768_laptop(demo_db_path: Path, tmp_path: Path,
                                          scale: str) -> None:
    screen = tmp_path / "screen.json"
    screen.write_text(json.dumps({"screens": [{"name": "laptop", "x": 0, "y": 0,
                                               "width": 1366, "height": 768}]}),
                      encoding="utf-8")
    env = dict(os.environ, XDG_CONFIG_HOME=str(tmp_path / "config"),
               XDG_CACHE_HOME=str(tmp_path / "cache"), XDG_STATE_HOME=str(tmp_path / "state"),
               QT_QPA_PLATFORM=f"offscreen:configfile={screen}", QT_SCALE_FACTOR=scale,
               PYTHONPATH=str(ROOT))
    run = subprocess.run([sys.executable, "-c", CHILD, str(demo_db_path)], capture_output=True,
                         text=True, env=env, timeout=300, cwd=ROOT)
    assert run.returncode == 0, run.stderr[-3000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    expected = [1366, 768] if scale == "1" else [911, 512]
    assert [abs(a - b) <= 1 for a, b in zip(result["area"], expected, strict=True)] == [True] * 2
    assert result["outside"] == []
    assert result["clipped"] == []
