"""Files dropped on the main window: a visit bundle (.json), a calendar (.ics) or a
programme spreadsheet (.xlsx, .csv) is imported through the same actions as the File
menu's Import entries, with the same checks and summary.

Why a confirmation: a drop is easy to make by accident (a file let go over the wrong
window), while the menu's file dialog is itself the user's deliberate choice. A bundle
or calendar drop therefore asks first, naming the file and the visit; a spreadsheet
opens the column-mapping dialog, which writes nothing until Import. Anything else —
several files, a folder, another kind of file — is refused with what the window takes.
A photo belongs on a person (gui/views/photo_drop.py); dropped elsewhere, the message says so.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject

from briefing_app.gui.operations.errors import show_error

if TYPE_CHECKING:
    from briefing_app.gui.window.ports import WindowPort

# Deferred imports: this module is loaded before the first paint (or while the database
# opens), so the core (SQLAlchemy), ReportLab and Qt enums load only when first used
# (benchmarks/startup.py).

KINDS = {".json": "bundle", ".ics": "calendar", ".xlsx": "spreadsheet", ".csv": "spreadsheet"}
IMAGES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp")
TAKES = ("a visit bundle (.json), a calendar (.ics) or a programme spreadsheet "
         "(.xlsx, .csv)")


def dropped_files(mime: Any) -> list[Path]:
    """The local files a drag carries (URLs of other schemes are not files)."""
    if mime is None or not mime.hasUrls():
        return []
    return [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]


class FileDrop(QObject):
    """Event filter on the main window: accepts a drag of files, imports on drop."""

    def __init__(self, win: WindowPort) -> None:
        super().__init__(win)
        self.win = win
        self.last: Any = None  # what the last drop started (a job or a dialog), for tests

    def eventFilter(self, obj: Any, event: Any) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            if dropped_files(event.mimeData()):
                event.acceptProposedAction()
                return True
            return False
        if kind == QEvent.Type.Drop:
            files = dropped_files(event.mimeData())
            if not files:
                return False
            event.acceptProposedAction()
            try:
                self.last = drop(self.win, files)
            except Exception as exc:  # noqa: BLE001 - an event filter must never raise
                show_error(exc, self.win)
            return True
        return False


def install(win: WindowPort) -> FileDrop:
    win.setAcceptDrops(True)
    handler = FileDrop(win)
    win.installEventFilter(handler)
    win.file_drop = handler
    return handler


def _tell(win: WindowPort, title: str, text: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Information, title, text,
                      QMessageBox.StandardButton.Ok, win)
    box.setObjectName("dropRefused")
    box.open()


def _confirm(win: WindowPort, title: str, text: str) -> bool:
    from PySide6.QtWidgets import QMessageBox

    answer = QMessageBox.question(win, title, text, QMessageBox.StandardButton.Yes
                                  | QMessageBox.StandardButton.Cancel,
                                  QMessageBox.StandardButton.Yes)
    return answer == QMessageBox.StandardButton.Yes


def drop(win: WindowPort, files: list[Path]) -> Any:
    """Import one dropped file by its kind; returns the job or dialog it started."""
    from briefing_app.gui.window import exchange_actions, sheet_actions

    if len(files) != 1:
        _tell(win, "One file at a time", f"{len(files)} files were dropped; drop one at a "
              f"time: {TAKES}.")
        return None
    path = files[0]
    suffix = path.suffix.lower()
    if path.is_dir():
        _tell(win, "Cannot import a folder", f"{path.name} is a folder; drop {TAKES}.")
        return None
    if suffix in IMAGES:
        _tell(win, "Drop the photo onto a person",
              f"{path.name} is a picture: drop it onto a person in the People view (or on "
              "the photo beside their details) to make it their photo.")
        return None
    kind = KINDS.get(suffix)
    if kind is None:
        _tell(win, "Cannot import this file", f"{path.name} is not a file Briefing App "
              f"imports; drop {TAKES}.")
        return None
    if kind == "bundle":
        win.state.require_writable()
        if not _confirm(win, "Import visit bundle",
                        f"Merge the visit bundle {path.name} into this database?\n\nA backup "
                        "is taken first; the bundle never deletes anything."):
            return None
        return exchange_actions.import_bundle(win, path)
    visit = win.state.require_visit()
    if kind == "calendar":
        win.state.require_writable()
        if not _confirm(win, "Import calendar",
                        f"Add the events of {path.name} to “{visit.title}”?"):
            return None
        return exchange_actions.import_calendar(win, path)
    return sheet_actions.import_programme(win, path)
