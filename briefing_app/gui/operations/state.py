"""What the window is working on: the open database, the open visit, the undo stack.

Views never call each other: they listen to these signals. `push` runs a command's
core operation first and only puts it on the undo stack when it succeeded, so a
refused change leaves both the data and the history as they were. One user action is
one command running one core transaction (no QUndoStack macros), so undo and redo
are all-or-nothing too. The stack and the data never disagree: Ctrl+Z moves the stack
only after the core took the step back; a History-dock jump applies every step in
between and, when one is refused, stops there and puts the index back where the data
is. Each do, undo, redo (or jump) emits one `changed` with the core's change set, and
each view refreshes only when it touches what the view shows.

Every successful change (do, undo, redo) is also reported to the database's
`BackupScheduler`, off the GUI thread: it backs the file up at most every 30 minutes
of editing, and once more (`flush`) when the database is closed.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QThreadPool, Signal
from PySide6.QtGui import QUndoStack

from briefing_app.gui.operations.errors import show_error

if TYPE_CHECKING:
    from briefing_app.core.backup import BackupScheduler
    from briefing_app.core.cipher import Key
    from briefing_app.core.database import Database
    from briefing_app.core.ops.changes import ChangeSet, RowKey
    from briefing_app.gui.operations.commands import Command
    from briefing_app.gui.operations.workers import Worker

# Deferred imports: this module is loaded before the first paint (or while the database
# opens), so the core (SQLAlchemy), ReportLab and Qt enums load only when first used
# (benchmarks/startup.py).


class AppState(QObject):
    database_opened = Signal(str)
    visit_changed = Signal(object)  # VisitRecord | None
    data_changed = Signal(str)  # the kind that changed ("*" for everything)
    changed = Signal(object)  # ChangeSet: what one do, undo, redo or History jump touched
    selection_requested = Signal(str, int)  # kind, id: "show me this"
    message = Signal(str)
    view_requested = Signal(str)  # a view key: "switch to this view"
    backup_made = Signal(str)  # the path of an automatic backup just written
    selection_changed = Signal()  # a view's selection moved: which actions apply changes
    read_only_changed = Signal(bool)  # the open database became read-only (True) or not
    server_lost = Signal(object)  # a change was refused: the server is unreachable

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db: Database | None = None
        self.visit: Any = None
        self.current_event_id: int | None = None
        self.undo_stack = QUndoStack(self)
        # The version our own history last gave each row: a row at that version was put
        # back by our undo of a later step, not changed elsewhere (core.ops.changes).
        self.own_versions: dict[RowKey, int] = {}
        self._jump: list[ChangeSet] = []  # what the steps of a History jump touched
        self._refused: tuple[int, BaseException] | None = None  # where a jump stopped, why
        self._repairing = False
        self.undo_stack.indexChanged.connect(self._index_changed)
        self.scheduler: BackupScheduler | None = None
        # Backups run one at a time in a pool of their own, so closing the database can
        # wait for them without waiting for an export in the global pool.
        self.backup_pool = QThreadPool(self)
        self.backup_pool.setMaxThreadCount(1)
        self._jobs: set[Worker] = set()
        self._backup_failed = False
        self._read_only_announced = False
        self.live: Any = None  # gui/operations/server_listener.ServerListener while on a server

    @property
    def read_only(self) -> bool:
        """True when the open database cannot be changed (see Database.read_only_reason)."""
        return self.db is not None and self.db.read_only

    # --- database and visit ---------------------------------------------------------

    def open_database(self, path: Path | str, read_only: bool = False,
                      initialise: bool = False, key: Key | None = None,
                      checked: Any = None) -> None:
        """Open (creating or upgrading) a database file and forget the old one's history.
        `read_only` opens it for reading only (a file the app may not write always is);
        `initialise` sets up an existing empty SQLite file (the user confirmed it); a
        file that does not exist yet is created encrypted with `key` (if given)."""
        from briefing_app.core.server_url import is_server_url

        if is_server_url(path):  # a team server (core/server_db.py): no file to check
            load_database_layer()
            from briefing_app.core.server_db import open_server

            new: Database = open_server(str(path))
        else:
            from briefing_app.core.file_check_ahead import CheckAhead

            if checked is None:  # else started with the layer's load (gui/launch/deferred_open)
                checked = CheckAhead(path)  # in a thread, while the database layer loads
            checked.wait_imported()  # never both threads importing (core/file_check_ahead)
            load_database_layer()
            from briefing_app.core.database import open_database

            new = open_database(Path(path), read_only=read_only, initialise=initialise,
                                checked=checked, key=key)
        self.close_database()
        self.db = new
        if not new.read_only and not new.on_server:  # a server's backups: its administrator's
            from briefing_app.core.backup import BackupScheduler

            self.scheduler = BackupScheduler(new.path)
        self._backup_failed = False
        self.clear_history()
        self._announce_read_only()  # views lock or unlock before they reload
        if new.on_server:  # other users' changes reach the views (LISTEN/NOTIFY)
            from briefing_app.gui.operations.server_listener import ServerListener

            self.live = ServerListener(self, new)  # type: ignore[arg-type]
            self.live.start()
        if new.on_server:
            from briefing_app.core.server_db import display_url

            self.database_opened.emit(display_url(str(path)))
        else:
            self.database_opened.emit(str(new.path))

    def close_database(self) -> None:
        """Close the file: wait for a backup in progress, back up changes made since the
        last backup (`BackupScheduler.flush`), forget the undo history."""
        if self.db is None:
            return
        live, self.live = self.live, None
        if live is not None:
            live.stop()
        self.backup_pool.waitForDone()
        scheduler, self.scheduler = self.scheduler, None
        if scheduler is not None:
            try:
                scheduler.flush()
            except Exception as exc:  # noqa: BLE001 - closing goes on; the user is told
                show_error(exc)
        self.db.close()
        self.db = None
        self.visit = None
        self.current_event_id = None
        self.clear_history()
        self._announce_read_only()

    def clear_history(self) -> None:
        """Forget the undo history (a database opened or closed, restored or imported)."""
        self.undo_stack.clear()
        self.own_versions.clear()

    def _announce_read_only(self) -> None:
        """Emit read_only_changed when `read_only` differs from what the views were told."""
        if self.read_only != self._read_only_announced:
            self._read_only_announced = self.read_only
            self.read_only_changed.emit(self.read_only)

    def require_db(self) -> Database:
        if self.db is None:
            from briefing_app.core.errors import DatabaseError

            raise DatabaseError("no database is open yet")
        return self.db

    def require_visit(self) -> Any:
        if self.visit is None:
            from briefing_app.core.errors import NotFoundError

            raise NotFoundError("open or create a visit first (Visit menu)")
        return self.visit

    def visits(self) -> list[Any]:
        from briefing_app.core.ops.visits import list_visits

        return list_visits(self.require_db()) if self.db else []

    def set_visit(self, visit_id: int | None) -> None:
        """Make `visit_id` the open visit (None closes it)."""
        from briefing_app.core.ops import entities

        if visit_id is None:
            self.visit = None
        else:
            self.visit = entities.get(self.require_db(), "visit", visit_id)
        self.current_event_id = None
        self.visit_changed.emit(self.visit)

    def reload_visit(self) -> None:
        """Refresh the visit record (after its details changed or an undo)."""
        from briefing_app.core.errors import NotFoundError
        from briefing_app.core.ops import entities

        if self.visit is None or self.db is None:
            return
        try:
            self.visit = entities.get(self.db, "visit", self.visit.id)
        except NotFoundError:
            self.set_visit(None)

    def select(self, kind: str, row_id: int) -> None:
        """Ask the window to show one item (a search result, a conflict's event...)."""
        if kind == "event":
            self.current_event_id = row_id
        self.selection_requested.emit(kind, row_id)

    # --- changes --------------------------------------------------------------------

    def push(self, command: Command) -> Any:
        """Run a command's operation now; on success keep it for undo and tell the views."""
        from briefing_app.core.errors import ServerUnreachableError

        self.require_writable()
        try:
            result = command.perform()
        except ServerUnreachableError as exc:  # before any view reloads (server_reconnect)
            self.server_lost.emit(exc)
            raise
        self.keep(command)
        return result

    def keep(self, command: Command) -> None:
        """Put a command whose operation just ran on the stack and tell the views."""
        self._own(command)
        command.skip_next = True
        self.undo_stack.push(command)
        self._changed(command)
        self.note_change()

    def require_writable(self) -> Database:
        """The open database, or a clear DatabaseError when it opened read-only."""
        db = self.require_db()
        if db.read_only:
            from briefing_app.core.errors import DatabaseError

            raise DatabaseError(f"{db.read_only_reason}; changes cannot be saved. "
                                "Copy the file to a writable folder and open the copy to edit it")
        return db

    # --- automatic backups ----------------------------------------------------------

    def note_change(self) -> None:
        """Tell the backup scheduler that a change was saved. It backs up when 30 minutes
        have passed since the last backup, in the backup pool (a large file takes time)."""
        if self.scheduler is None:
            return
        from briefing_app.gui.operations.workers import Worker

        self.run_backup_job(Worker(self.scheduler.note_change))

    def run_backup_job(self, job: Worker, automatic: bool = True) -> Worker:
        """Start a backup job in the backup pool; the state keeps it alive until it ends.
        A failed automatic backup is shown once per database, a requested one every time."""
        self._jobs.add(job)
        job.signals.finished.connect(lambda result, j=job: self._backup_done(j, result))
        job.signals.failed.connect(lambda exc, j=job: self._backup_error(j, exc, automatic))
        self.backup_pool.start(job)
        return job

    def _backup_done(self, job: Worker, result: Any) -> None:
        self._jobs.discard(job)
        if result is not None:  # a path: a backup was written (None: not due yet)
            self._backup_failed = False
            self.backup_made.emit(str(result))

    def _backup_error(self, job: Worker, exc: BaseException, automatic: bool) -> None:
        self._jobs.discard(job)
        if automatic and self._backup_failed:  # said once already: not after every edit
            self.message.emit(f"Automatic backup failed again: {exc}")
            return
        self._backup_failed = self._backup_failed or automatic
        show_error(exc)

    def undo(self) -> None:
        self._step(-1)

    def redo(self) -> None:
        self._step(+1)

    def _step(self, direction: int) -> None:
        """Undo or redo one step: the core first, then the stack (never the other way)."""
        stack = self.undo_stack
        if direction < 0:
            if not stack.canUndo():
                return
            command = stack.command(stack.index() - 1)
        else:
            if not stack.canRedo():
                return
            command = stack.command(stack.index())
        try:
            command.revert() if direction < 0 else command.perform()
        except Exception as exc:  # noqa: BLE001 - shown; the stack stays where it was
            self.data_changed.emit("*")
            show_error(exc)
            return
        self._own(command)
        command.skip_next = True
        stack.undo() if direction < 0 else stack.redo()
        self.message.emit(("Undone: " if direction < 0 else "Redone: ") + command.actionText())
        self._changed(command)
        self.note_change()

    def history_step(self, command: Command, direction: int) -> None:
        """One step of a jump QUndoStack makes by itself (a click in the History dock:
        `setIndex` undoes or redoes each step in between). After a refused step the
        rest of the jump is skipped and `_index_changed` puts the index back there."""
        if self._refused is not None:
            return
        try:
            command.perform() if direction > 0 else command.revert()
        except Exception as exc:  # noqa: BLE001 - reported once the jump has ended
            position = self._position(command)
            self._refused = (position if direction > 0 else position + 1, exc)
            return
        self._own(command)
        if command.changes is not None:
            self._jump.append(command.changes)

    def _position(self, command: Command) -> int:
        stack = self.undo_stack
        return next(i for i in range(stack.count()) if stack.command(i) is command)

    def _index_changed(self, index: int) -> None:
        """After a History jump: move the index back to where the data is if a step was
        refused (running no command), then tell the views what the jump changed."""
        if self._repairing:
            return
        refused, self._refused = self._refused, None
        if refused is not None and refused[0] != index:
            target = refused[0]
            self._repairing = True
            try:
                for i in range(min(index, target), max(index, target)):
                    self.undo_stack.command(i).skip_next = True
                self.undo_stack.setIndex(target)
            finally:
                self._repairing = False
        jump, self._jump = self._jump, []
        if jump:
            from briefing_app.core.ops.changes import ChangeSet

            self._emit(ChangeSet.merged(jump))
            self.note_change()
        if refused is not None:
            self.data_changed.emit("*")
            show_error(refused[1])

    def _own(self, command: Command) -> None:
        """Remember the versions this step gave its rows (see `own_versions`)."""
        if command.changes is None:
            return
        for key, (_before, after) in command.changes.rows.items():
            if after is None:
                self.own_versions.pop(key, None)
            else:
                self.own_versions[key] = after

    def _changed(self, command: Command) -> None:
        from briefing_app.core.ops.changes import EVERYTHING

        self._emit(command.changes if command.changes is not None else EVERYTHING)

    def apply_remote(self, changes: ChangeSet) -> None:
        """Another user's step (a team server's notice): the views refresh what it
        touched; the undo history stays ours (an undo over their change is refused)."""
        self._emit(changes)

    def _emit(self, changes: ChangeSet) -> None:
        if changes.touches({"visit"}):
            self.reload_visit()
        self.changed.emit(changes)


def load_database_layer() -> None:
    """Import SQLAlchemy, the models and the operations the window reads with right after
    the open, and configure the mappers (~0.4 s of Python, the first query would pay
    the last part), while the file check started before runs in its thread: SQLite's
    `quick_check` runs without the interpreter lock, so the two overlap
    (core/file_check_ahead.py). The cycle collector is paused meanwhile: what the
    imports make lives as long as the process, and the passes it would run over it cost
    ~15% of the import (core/gc_pause.py)."""
    import gc

    from briefing_app.core.gc_pause import collector_paused

    with collector_paused():
        from sqlalchemy.dialects.sqlite import pysqlite  # noqa: F401 - the engine's dialect
        from sqlalchemy.orm import configure_mappers

        import briefing_app.core.database
        import briefing_app.core.ops.entities
        import briefing_app.core.ops.visits
        import briefing_app.core.programme
        import briefing_app.core.search_index  # noqa: F401 - read by the open itself

        configure_mappers()
        # Leave all that (with Qt's wrappers: ~300,000 objects) out of the collector's
        # full passes, which otherwise walk every one of them each time. Frozen before
        # the collector resumes: every object the imports made was still in its youngest
        # generation, so resuming first made its next pass walk them all (55-65 ms, to
        # free the ~400 objects of reference cycles the imports leave; they stay frozen).
        gc.freeze()
