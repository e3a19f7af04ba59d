"""Questions the window asks before it opens a file the core would not open alone.

A journal (-wal) that no Briefing App session left behind: apply it, or set it aside
(core/wal_guard.py; either way the file and journal stay copied in the backups folder).
An existing SQLite file with no tables: set it up as a Briefing App database, or leave
it alone (it may be another program's). Nothing is changed unless the user says so.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

from briefing_app.core import wal_guard

if TYPE_CHECKING:
    from briefing_app.core.file_check import DatabaseFileError
    from briefing_app.gui.window.ports import WindowPort

APPLY, SET_ASIDE = "apply", "set-aside"


def ask_about_stray_wal(win: WindowPort, exc: DatabaseFileError) -> str | None:
    """APPLY, SET_ASIDE, or None when the user cancels (the file then stays closed)."""
    box = QMessageBox(win)
    box.setObjectName("strayWalDialog")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("A journal Briefing App did not leave behind")
    box.setText(exc.problem + ".")
    box.setInformativeText(
        "Apply its changes to the file, or set it aside and open the file as it was? "
        "Either way the file and the journal stay copied in the backups folder.")
    apply = box.addButton("Apply the journal", QMessageBox.ButtonRole.AcceptRole)
    aside = box.addButton("Set it aside", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    clicked = box.clickedButton()
    return APPLY if clicked is apply else SET_ASIDE if clicked is aside else None


def resolve_stray_wal(win: WindowPort, path: Path, exc: DatabaseFileError) -> bool:
    """Ask, act on the answer, open the file again; False if cancelled or refused."""
    choice = ask_about_stray_wal(win, exc)
    if choice is None:
        return False
    if choice == APPLY:
        wal_guard.apply_wal(path)
    else:
        kept = wal_guard.set_aside_wal(path)
        win.statusBar().showMessage(f"The journal was set aside; a copy is in {kept.parent}",
                                    15000)
    return win.open_database(path, first_run=False)


def confirm_initialise(win: WindowPort, path: Path, exc: DatabaseFileError) -> bool:
    """Set an empty SQLite file up as a Briefing App database only when the user agrees."""
    answer = QMessageBox.question(
        win, "Set up this file?",
        f"{path} is an empty SQLite database (it has no tables). It may belong to another "
        "program. Set it up as a Briefing App database?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No)
    if answer != QMessageBox.StandardButton.Yes:
        return False
    return win.open_database(path, initialise=True)
