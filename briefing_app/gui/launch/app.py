"""Starting the window fast: paint first, then complete the window, then open the database.

Importing SQLAlchemy costs more than showing the whole window, so the window is shown
(and painted) before `open_database` is called: the first frame holds only what it
shows (menus, toolbar, navigator, the programme's table); the next one the programme
read straight from the file with `sqlite3` (core/quick_programme.py), greyed;
`MainWindow.complete_startup` adds docks, shortcuts and icons right after it; ReportLab
and the PDF code load only when an export starts; the other views are built the first
time they are shown.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

# Deferred imports: start-up itself: each step loads only what it needs, in the order
# the window paints (benchmarks/startup.py).

SCREENSHOT_VIEWS = ("programme", "timeline", "brief", "people", "talking-points", "facts",
                    "agreements", "search", "export", "press-qa", "venues", "seating",
                    "delegation", "movements", "gifts", "speeches")


def _application(offscreen: bool):  # -> QApplication
    if offscreen:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication

    from briefing_app.gui.launch import import_hook

    import_hook.install()  # before the rest of the app and SQLAlchemy are imported
    from briefing_app.gui.launch import settings

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName(settings.ORGANISATION)
    app.setApplicationName(settings.APPLICATION)
    app.setApplicationDisplayName("Briefing App")
    return app


def database_path(given: str | Path | None) -> Path | str:
    """--db if given (a server's postgresql://… URL stays a string), else the last
    database used, else the default file."""
    from briefing_app.core.server_url import is_server_url

    if given and is_server_url(given):
        return str(given)
    if given:
        return Path(given).expanduser()
    from briefing_app.gui.launch import settings

    last = settings.get(settings.LAST_DATABASE)
    if last and Path(last).exists():
        return Path(last)
    from briefing_app.core.paths import default_db_path

    return default_db_path()


def refuse_broken_binding(show_dialog: bool) -> bool:
    """True (after telling the user) when the Qt binding would crash the process later."""
    from briefing_app.gui.launch.binding_check import binding_problem

    problem = binding_problem()
    if problem is None:
        return False
    print(f"briefing-app: {problem}", file=sys.stderr)
    if show_dialog:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(None, "Briefing App cannot start", problem)
    return True


def _may_write(path: Path) -> bool:
    """Whether the file looks writable (else it opens read-only: nothing to edit early)."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def run(db: str | Path | None = None) -> int:
    """Open the main window; returns the exit status when it closes."""
    app = _application(offscreen=False)
    if refuse_broken_binding(show_dialog=True):
        return 1
    from PySide6.QtCore import QTimer

    from briefing_app.gui.launch.fonts import ensure_fonts
    from briefing_app.gui.operations.errors import install_excepthook
    from briefing_app.gui.window.main_window import MainWindow

    ensure_fonts()
    install_excepthook()
    from briefing_app.gui.launch import startup_probe
    from briefing_app.gui.window import preferences

    preferences.apply_at_start()  # the text size, before the first frame
    win = MainWindow()
    path = database_path(db)
    win.show()
    app.processEvents()  # the first paint happens before the database layer loads
    startup_probe.window_painted(win)
    # A file is read with sqlite3 alone, greyed until live (a server waits for the layer)
    quick = isinstance(path, Path) and win.show_quick_programme(path)
    if quick:
        app.processEvents()
        startup_probe.programme_painted(win, "quick")
    win.complete_startup()  # docks, shortcuts, icons: what the first frame did not need

    def opened(ok: bool) -> None:
        startup_probe.programme_painted(win, "live")
        if ok and win.isVisible():
            preferences.restore_last_view(win)  # the view the last session closed on

    if quick and _may_write(path):
        # The layer loads in a thread while the window takes input: an event's details
        # can be edited already (saved once the file is open: gui/window/quick_edit.py).
        from briefing_app.gui.launch.deferred_open import DeferredOpen
        from briefing_app.gui.window.quick_edit import EarlyEdits

        opening = DeferredOpen(win, path, opened)
        win.view("programme").set_early(EarlyEdits(win, path, opening))
        win.statusBar().showMessage("Opening the database…")
        app.processEvents()  # painted before the load begins: it would slow the paint
        startup_probe.editable(win)
        opening.start()
    else:
        QTimer.singleShot(0, lambda: opened(win.open_database(path)))
    return app.exec()


def screenshot(out: str | Path, view: str = "programme", db: str | Path | None = None,
               size: tuple[int, int] = (1366, 768)) -> int:
    """Open offscreen on `view` with the first visit and meeting selected; save a PNG."""
    if view not in SCREENSHOT_VIEWS:
        from briefing_app.core.errors import ValidationError

        raise ValidationError("view", f"{view!r} is not one of: {', '.join(SCREENSHOT_VIEWS)}")
    out = Path(out)
    if not out.parent.is_dir():
        raise FileNotFoundError(2, "the folder for the screenshot does not exist", str(out.parent))
    app = _application(offscreen=True)
    if refuse_broken_binding(show_dialog=False):
        return 1
    import tempfile

    from PySide6.QtCore import QSettings

    # Keep the user's settings (recent files, geometry) out of a screenshot run.
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                      tempfile.mkdtemp(prefix="briefing-shot-"))
    from briefing_app.gui.launch.fonts import ensure_fonts
    from briefing_app.gui.launch.screenshot import capture, prepare
    from briefing_app.gui.operations.errors import install_excepthook, shown
    from briefing_app.gui.window.main_window import MainWindow

    ensure_fonts()
    install_excepthook()
    win = MainWindow()
    win.resize(*size)
    win.show()
    app.processEvents()
    if not win.open_database(database_path(db), first_run=False, offer_restore=False):
        from briefing_app.core.errors import DatabaseError

        raise DatabaseError(shown.last_message("the database could not be opened"))
    # The asked size, whatever the offscreen screen (800×800 unless a configuration
    # file says otherwise): the start-up fitted the window to that screen.
    win.resize(*size)
    dialog = prepare(win, view)
    image = capture(win, view, dialog)
    if not image.save(str(out)):
        raise OSError(5, "could not write the PNG", str(out))
    win.close()
    return 0
