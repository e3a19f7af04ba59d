"""File ▸ Take Offline…, File ▸ Sync and File ▸ Sync Conflicts… (issue 11), through
core/sync by way of gui/operations/offline_jobs.py.

Taking offline and syncing talk to the server, so they run in a worker (in the state's
database job pool: one at a time, and closing the file waits for them) while a
window-modal progress dialog keeps the window from being edited meanwhile. A refusal
(server down, wrong password, clock off, visit already in the file) is the core's one
line in the error box, and nothing changed.

A sync changes the file outside the undo stack, as an import does: when it brought or
sent anything the undo history is cleared (an undo could act on a row the server's
version replaced) and every view reloads. Resolving a conflict is final (see
gui/dialogs/sync_conflicts_dialog.py for why).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QInputDialog, QLineEdit, QProgressDialog
from sqlalchemy.engine import make_url

from briefing_app.core.database import Database
from briefing_app.core.errors import NotFoundError, ValidationError
from briefing_app.core.server_db import display_url
from briefing_app.core.sync.conflicts import list_conflicts, resolve_conflict
from briefing_app.core.sync.run import SyncError
from briefing_app.core.sync.tables import taken_from
from briefing_app.gui.dialogs.sync_conflicts_dialog import SyncConflictsDialog
from briefing_app.gui.dialogs.take_offline_dialog import TakeOfflineDialog
from briefing_app.gui.operations.errors import guarded, show_error
from briefing_app.gui.operations.offline_jobs import (
    Taken,
    asks_password,
    summary_lines,
    sync_file,
    take_offline_into,
    with_password,
)
from briefing_app.gui.operations.workers import Worker, percent
from briefing_app.gui.window.exchange_actions import ExchangeJob, show_info

if TYPE_CHECKING:
    from briefing_app.gui.window.ports import SyncPort as WindowPort

SYNC_UNDO_CLEARED = ("The undo history was cleared: changes made before the sync cannot "
                     "be undone.")


@guarded
def take_offline(win: WindowPort) -> TakeOfflineDialog:
    """Open the dialog (non-modal, kept on the window); OK takes the visit offline."""
    db = win.state.db
    open_file = db.path if db is not None and not db.on_server and not db.read_only else None
    folder = open_file.parent if open_file is not None else Path.home()
    dlg = TakeOfflineDialog(win, open_file, _free_name(folder / "offline.sqlite"))
    dlg.accepted.connect(lambda: _run_take_offline(win, *dlg.choice()))
    win.sync_dialog = dlg
    dlg.open()
    return dlg


def _free_name(path: Path) -> Path:
    n = 1
    while path.exists():
        n += 1
        path = path.with_name(f"offline-{n}.sqlite")
    return path


def _run_take_offline(win: WindowPort, url: str, visit_uuid: str,
                      new_file: Path | None) -> ExchangeJob | None:
    """Take the chosen visit into the new file or the open one, then open that file."""
    try:
        target: Database | Path = new_file if new_file is not None else \
            win.state.require_writable()
        if new_file is None and win.state.require_db().on_server:
            raise ValidationError("laptop file", "the open database is a team server; "
                                  "choose a new file")
    except Exception as exc:  # noqa: BLE001 - a slot: shown, never raised into Qt
        show_error(exc, win)
        return None

    def done(taken: Taken) -> None:
        win.open_database(taken.path, first_run=False)
        visit = win.state.visit
        show_info(win, "Visit taken offline",
                  f"Took the visit from {display_url(url)} into {taken.path.name}: "
                  f"{taken.summary.pulled} rows. Work on it here; File ▸ Sync sends the "
                  "changes back and brings the others'.", name="takeOfflineDone")
        if visit is not None:
            win.statusBar().showMessage(f"{visit.title} is offline in {taken.path.name}", 15000)

    return ExchangeJob(win, f"Taking the visit offline from {display_url(url)}…",
                       lambda: take_offline_into(target, url, visit_uuid), done)


def ask_password(win: WindowPort, where: str) -> str | None:
    """The server's password, asked because neither the address nor ~/.pgpass gave one
    (None: cancelled). Never stored; tests stand in for it."""
    text, ok = QInputDialog.getText(win, "Server password",
                                    f"The password for {where}:", QLineEdit.EchoMode.Password)
    return text if ok and text else None


class SyncJob(QObject):
    """One sync in the worker, with a progress dialog fed by the core's steps; `done`
    once the outcome was shown (tests wait on `finished`)."""

    def __init__(self, win: WindowPort, url: str) -> None:
        super().__init__(win)
        self.win = win
        self.url = url
        self.finished = False
        self.result: Any = None
        self.error: BaseException | None = None
        self.retry: SyncJob | None = None  # the sync run again with a password asked
        self.progress = QProgressDialog(f"Syncing with {display_url(url)}…", "", 0, 100,
                                        win)
        self.progress.setObjectName("syncProgress")
        self.progress.setWindowTitle("Sync")
        self.progress.setCancelButton(None)  # each step is one transaction: none to stop
        self.progress.setMinimumDuration(0)
        self.progress.setWindowModality(self.progress.windowModality().WindowModal)
        self.progress.setValue(0)
        self.worker = Worker(sync_file, win.state.require_writable(), url, with_progress=True)
        self.worker.signals.progress.connect(self._progress)
        self.worker.signals.finished.connect(self._finished)
        self.worker.signals.failed.connect(self._failed)
        win.state.backup_pool.start(self.worker)

    def _progress(self, fraction: float, message: str) -> None:
        self.progress.setValue(percent(fraction))
        if message:
            self.progress.setLabelText(message)

    def _end(self) -> None:
        self.finished = True
        self.progress.close()
        self.progress.deleteLater()

    def _finished(self, summary: Any) -> None:
        self.result = summary
        self._end()
        state = self.win.state
        changed = bool(summary.pulled or summary.pushed)
        if changed:
            state.clear_history()
            state.note_change()
        state.data_changed.emit("*")  # every view, shown or not, reloads
        state.reload_visit()
        self.win.sync_state_changed()
        lines = summary_lines(summary)
        if changed:
            lines += ["", SYNC_UNDO_CLEARED]
        show_info(self.win, "Synced", f"Synced with {display_url(self.url)}.\n\n"
                  + "\n".join(lines), name="syncDone")
        self.win.statusBar().showMessage(f"Synced: {summary.line()}", 15000)

    def _failed(self, exc: BaseException) -> None:
        self.error = exc
        self._end()
        if asks_password(exc) and make_url(self.url).password is None:
            password = ask_password(self.win, display_url(self.url))
            if password is not None:
                self.retry = SyncJob(self.win, with_password(self.url, password))
                return
        show_error(exc, self.win)


@guarded
def sync_now(win: WindowPort) -> SyncJob:
    """Sync the open file's visit with the server it was taken from."""
    url = taken_from(win.state.require_writable())
    if url is None:
        raise SyncError("this file holds no visit taken offline from a server "
                        "(File ▸ Take Offline… makes one)")
    return SyncJob(win, url)


@guarded
def show_conflicts(win: WindowPort) -> SyncConflictsDialog:
    """The open conflicts, each settled by its own button (final; see the dialog)."""
    db = win.state.require_writable()
    if taken_from(db) is None:
        raise NotFoundError("this file holds no visit taken offline: it has no sync "
                            "conflicts")

    def resolve(conflict_id: int, keep: str) -> list[Any] | None:
        try:
            c = resolve_conflict(db, conflict_id, keep)
        except Exception as exc:  # noqa: BLE001 - a slot: shown, never raised into Qt
            show_error(exc, dlg)
            return None
        what = "this file's" if keep == "local" else "the server's"
        field = "" if c.field == "*" else f" {c.field}"
        win.statusBar().showMessage(f"Kept {what} value of the {c.kind}{field}; the next "
                                    "sync sends it", 15000)
        if keep == "server":
            win.state.data_changed.emit("*")
            win.state.reload_visit()
        win.sync_state_changed()
        return list_conflicts(db)

    dlg = SyncConflictsDialog(win, list_conflicts(db), resolve)
    win.sync_dialog = dlg
    dlg.open()
    return dlg
