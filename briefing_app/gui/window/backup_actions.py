"""File ▸ Back Up Now and File ▸ Restore Backup…, and the offer to restore when a file
does not open (damaged, cut short, foreign...). All through `briefing_app.core.backup`.

A restore closes the database (which waits for a backup in progress and backs up
changes not yet in a backup), puts the chosen backup's content in place — the core
keeps the current file first — and opens the file again, so every view reloads from
what is now in it. The undo history cannot survive that and is cleared; the user is
told so.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QDialog, QMessageBox

from briefing_app.core.backup import list_backups, make_backup, restore_backup
from briefing_app.core.errors import DatabaseError, NotFoundError
from briefing_app.gui.dialogs.restore_dialog import RestoreDialog, describe_reason, describe_time
from briefing_app.gui.operations.workers import Worker

if TYPE_CHECKING:
    from briefing_app.gui.window.ports import WindowPort


def back_up_now(win: WindowPort) -> Worker:
    """A manual, verified backup, written in the backup pool; the status bar says where."""
    db = win.state.require_db()
    win.statusBar().showMessage(f"Backing up {db.path.name}…")
    job = Worker(make_backup, db.path, "manual")
    job.signals.finished.connect(lambda path: win.statusBar().showMessage(
        f"Backup saved and verified: {Path(path).name} (in {Path(path).parent.name}/; "
        "kept until you delete it)", 15000))
    return win.state.run_backup_job(job, automatic=False)


def restore_from_menu(win: WindowPort) -> bool:
    """Choose one of the database's backups and restore it (after a confirmation)."""
    path = win.db_path
    if path is None:
        raise NotFoundError("open a database first (File ▸ Open database…)")
    if win.state.read_only:
        raise DatabaseError(f"{win.state.db.read_only_reason}; a backup cannot be restored "
                            "into it")
    backups = list_backups(path)
    if not backups:
        raise NotFoundError(f"{path.name} has no backups yet; File ▸ Back Up Now makes one "
                            "(and the app makes them while you edit)")
    return choose_and_restore(win, path, backups)


def choose_and_restore(win: WindowPort, path: Path, backups: list[Any],
                       problem: str = "") -> bool:
    dlg = RestoreDialog(backups, path, win, problem)
    if dlg.exec() != QDialog.DialogCode.Accepted or dlg.chosen() is None:
        return False
    return restore(win, path, dlg.chosen())


def confirm(win: WindowPort, backup: Any) -> bool:
    answer = QMessageBox.question(
        win, "Restore Backup",
        f"Replace the content of the database with the backup of {describe_time(backup)} "
        f"({describe_reason(backup.reason).lower()})?\n\nThe current state is kept as a "
        "backup first, so nothing is lost. The undo history will be cleared.")
    return answer == QMessageBox.StandardButton.Yes


def restore(win: WindowPort, path: Path, backup: Any, ask: bool = True) -> bool:
    """Restore `backup` over the database at `path` and reopen it; True when done."""
    if ask and not confirm(win, backup):
        return False
    state = win.state
    was_open = state.db is not None
    visit_id = state.visit.id if state.visit is not None else None
    state.close_database()  # waits for a running backup, then backs up unsaved-to-backup edits
    try:
        result = restore_backup(path, backup)
    except Exception:
        if was_open:  # nothing was changed: carry on with the file as it was
            win.open_database(path, visit_id, first_run=False, offer_restore=False)
        raise
    if not win.open_database(path, visit_id, first_run=False, offer_restore=False):
        return False
    state.data_changed.emit("*")  # every view, shown or not, reloads from the restored file
    tell_restored(win, result)
    return True


def tell_restored(win: WindowPort, result: Any) -> None:
    """Say what was restored, where the previous state went, and that undo starts afresh."""
    kept = result.previous_kept_as
    where = ""
    if kept is not None:
        how = "the damaged file was set aside as" if result.previous_was_damaged else \
            "the previous state was kept as the backup"
        where = f" {how.capitalize()} {kept.name}."
    text = (f"Restored the backup of {describe_time(result.restored_from)}.{where} "
            "The undo history was cleared: changes made before the restore cannot be undone.")
    win.statusBar().showMessage(text, 20000)
    box = QMessageBox(QMessageBox.Icon.Information, "Backup restored", text,
                      QMessageBox.StandardButton.Ok, win)
    box.setObjectName("restoreDone")
    box.open()


def offer_restore(win: WindowPort, path: Path, exc: Any) -> bool:
    """The file did not open (`DatabaseFileError` with backups): say what is wrong and
    offer the newest backup or a choice of them. True when a restored file is open."""
    newest = exc.backups[0]

    box = QMessageBox(QMessageBox.Icon.Warning, "The database cannot be opened",
                      exc.problem, QMessageBox.StandardButton.Cancel, win)
    box.setObjectName("offerRestore")
    count = len(exc.backups)
    box.setInformativeText(
        f"The file was left untouched. {count} backup{'s' if count != 1 else ''} can replace "
        f"it; the newest is from {describe_time(newest)} ({describe_reason(newest.reason).lower()})."
        " The file as it is now is kept aside first.")
    newest_button = box.addButton("Restore &newest backup", QMessageBox.ButtonRole.AcceptRole)
    choose_button = box.addButton("&Choose backup…", QMessageBox.ButtonRole.ActionRole)
    box.setDefaultButton(newest_button)
    box.exec()
    clicked = box.clickedButton()
    if clicked is newest_button:
        return restore(win, path, newest, ask=False)
    if clicked is choose_button:
        return choose_and_restore(win, path, list(exc.backups), problem=exc.problem)
    return False
