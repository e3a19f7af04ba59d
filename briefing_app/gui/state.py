"""What the window is working on: the open database, the open visit, the undo stack.

Views never call each other: they listen to these signals. `push` runs a command's
core operation first and only puts it on the undo stack when it succeeded, so a
refused change leaves both the data and the history as they were.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from briefing_app.gui.errors import show_error

if TYPE_CHECKING:
    from briefing_app.core.database import Database
    from briefing_app.gui.commands import Command


class AppState(QObject):
    database_opened = Signal(str)
    visit_changed = Signal(object)  # VisitRecord | None
    data_changed = Signal(str)  # the kind that changed ("*" for everything)
    selection_requested = Signal(str, int)  # kind, id: "show me this"
    message = Signal(str)
    view_requested = Signal(str)  # a view key: "switch to this view"

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db: Database | None = None
        self.visit: Any = None
        self.current_event_id: int | None = None
        self.undo_stack = QUndoStack(self)

    # --- database and visit ---------------------------------------------------------

    def open_database(self, path: Path | str) -> None:
        """Open (creating or upgrading) a database file and forget the old one's history."""
        from briefing_app.core.database import open_database

        new = open_database(Path(path))
        self.close_database()
        self.db = new
        self.undo_stack.clear()
        self.database_opened.emit(str(new.path))

    def close_database(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None
            self.visit = None
            self.current_event_id = None
            self.undo_stack.clear()

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
        result = command.perform()
        command.skip_next = True
        self.undo_stack.push(command)
        self._changed(command)
        return result

    def undo(self) -> None:
        self._step(-1)

    def redo(self) -> None:
        self._step(+1)

    def _step(self, direction: int) -> None:
        stack = self.undo_stack
        if direction < 0:
            if not stack.canUndo():
                return
            command = stack.command(stack.index() - 1)
        else:
            if not stack.canRedo():
                return
            command = stack.command(stack.index())
        steps = _steps(command)
        try:
            for step in (reversed(steps) if direction < 0 else steps):
                step.revert() if direction < 0 else step.perform()
        except Exception as exc:  # noqa: BLE001 - shown; the stack stays where it was
            self.data_changed.emit("*")
            show_error(exc)
            return
        for step in steps:
            step.skip_next = True
        stack.undo() if direction < 0 else stack.redo()
        self.message.emit(("Undone: " if direction < 0 else "Redone: ") + command.text())
        self._changed(command)

    def _changed(self, command: Any) -> None:
        kind = getattr(command, "kind", "*")
        if kind in ("visit", "*"):
            self.reload_visit()
        self.data_changed.emit(kind)

    def report(self, exc: BaseException) -> None:
        """Called by a command that failed when run outside `push`/`undo` (history view)."""
        self.data_changed.emit("*")
        show_error(exc)


def _steps(command: Any) -> list[Any]:
    """The commands to run for one stack entry: itself, or a macro's children in order."""
    from briefing_app.gui.commands import Command

    if isinstance(command, Command):
        return [command]
    return [command.child(i) for i in range(command.childCount())]
