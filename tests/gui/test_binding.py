"""The Qt binding must not leak references to None (PySide6 6.12.0 on CPython 3.11 does).

A binding with the defect aborts the process after some tens of thousands of Qt calls,
so the long test runs the real main window in a child process: an abort there is a
failed test with its output, not a dead test run.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from briefing_app.gui.launch import app as gui_app
from briefing_app.gui.launch import binding_check

ROOT = Path(__file__).resolve().parents[2]

CHILD = textwrap.dedent("""
    import sys
    from pathlib import Path
    sys.path.insert(0, sys.argv[2])
    from tests.large_visit import VisitSize, populate
    path = Path(sys.argv[1])
    populate(path, VisitSize(days=10, events=1000, briefs=100, points=2000, people=200,
                             agreements=20))
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, sys.argv[3])
    app = QApplication([])
    from briefing_app.gui.window.main_window import MainWindow
    win = MainWindow()
    win.show()
    assert win.open_database(path, first_run=False)
    app.processEvents()
    before = sys.getrefcount(None)
    for _ in range(12):
        win.state.reload_visit()
        for _ in range(50):  # idle turns of the event loop
            app.processEvents()
    for key in ("timeline", "people", "talking-points", "agreements", "programme"):
        win.switch_to(key)
        app.processEvents()
    after = sys.getrefcount(None)
    win.close()
    print(f"NONE_DELTA {after - before}")
""")


def test_a_void_qt_call_keeps_its_reference_to_none() -> None:
    assert binding_check.none_references_lost() == 0


def test_the_window_survives_many_refreshes_of_a_large_visit(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-c", CHILD, str(tmp_path / "large.sqlite"), str(ROOT),
         str(tmp_path / "settings")],
        capture_output=True, text=True, timeout=600,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    assert run.returncode == 0, run.stderr[-3000:]
    delta = int(run.stdout.split("NONE_DELTA")[1].split()[0])
    # Refreshes build and drop Python objects, so None's count moves a little either way;
    # the defect loses thousands here (one per void call).
    assert delta > -200, f"sys.getrefcount(None) fell by {-delta}"


def test_a_binding_with_the_defect_is_refused_with_a_message(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        tmp_path: Path) -> None:
    monkeypatch.setattr(binding_check, "none_references_lost", lambda calls=64: calls)
    assert gui_app.refuse_broken_binding(show_dialog=False)
    err = capsys.readouterr().err
    assert "known defect" in err and "PySide6" in err and "Traceback" not in err

    from briefing_app.cli import main

    assert main(["--db", str(tmp_path / "x.sqlite"), "gui", "--screenshot",
                 str(tmp_path / "x.png")]) == 1
    assert not (tmp_path / "x.png").exists()
    assert "known defect" in capsys.readouterr().err


def test_a_sound_binding_is_not_refused() -> None:
    assert binding_check.binding_problem() is None
