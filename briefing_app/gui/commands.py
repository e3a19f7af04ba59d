"""Undoable commands: each step calls exactly one core operation (one transaction).

`perform` does (or redoes) the change, `revert` undoes it. Creates (and the core's
compound creations such as duplicating an event) are undone by a delete whose
tombstone redoes them with the same ids; deletes keep their tombstone;
updates remember the old values and the row version they produced, so an undo after
someone else's edit is refused as a conflict instead of overwriting it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QUndoCommand

from briefing_app.gui.abstract import QtABCMeta, abstractmethod

if TYPE_CHECKING:
    from briefing_app.gui.state import AppState

# Labels go into button and undo texts, where "&" marks a shortcut: no "Q&A" there.
_LABELS = {"talking_point": "talking point", "press_qa": "press question"}


def label(kind: str) -> str:
    return _LABELS.get(kind, kind)


def short(text: str, n: int = 40) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1] + "…"


class Command(QUndoCommand, metaclass=QtABCMeta):
    """Base: QUndoStack calls redo/undo; AppState runs perform/revert itself first.
    Subclasses implement `perform` and `revert`, each one core operation."""

    kind = "*"

    def __init__(self, state: AppState, text: str) -> None:
        super().__init__(text)
        self.state = state
        self.skip_next = False

    @property
    def db(self) -> Any:
        return self.state.require_db()

    @abstractmethod
    def perform(self) -> Any:
        """Do (or redo) the change; returns what the core operation returned."""

    @abstractmethod
    def revert(self) -> None:
        """Take the change back."""

    def redo(self) -> None:
        if self.skip_next:
            self.skip_next = False
            return
        try:
            self.perform()
        except Exception as exc:  # noqa: BLE001 - run from the history view
            self.state.report(exc)
        else:
            self.state.note_change()

    def undo(self) -> None:
        if self.skip_next:
            self.skip_next = False
            return
        try:
            self.revert()
        except Exception as exc:  # noqa: BLE001
            self.state.report(exc)
        else:
            self.state.note_change()


class CreateCommand(Command):
    def __init__(self, state: AppState, kind: str, visit_id: int | None, values: dict[str, Any],
                 text: str | None = None) -> None:
        name = values.get("title") or values.get("native_name") or values.get("heading") or \
            values.get("statement") or values.get("question") or values.get("text") or ""
        super().__init__(state, text or f"Add {label(kind)} {short(str(name))!r}")
        self.kind = kind
        self.visit_id = visit_id
        self.values = dict(values)
        self.record: Any = None
        self.tombstone: Any = None

    def perform(self) -> Any:
        from briefing_app.core.ops import entities

        if self.tombstone is None:
            self.record = entities.create(self.db, self.kind, self.visit_id, self.values)
        else:
            entities.undelete(self.db, self.tombstone)
            self.record = entities.get(self.db, self.kind, self.record.id)
        return self.record

    def revert(self) -> None:
        from briefing_app.core.ops import entities

        self.tombstone = entities.delete(self.db, self.kind, self.record.id)


_TIME_FIELDS = {"start_local": "starts_at", "end_local": "ends_at"}


class UpdateCommand(Command):
    """Change fields of one record; undo writes the old values back."""

    def __init__(self, state: AppState, kind: str, record: Any, changes: dict[str, Any],
                 text: str | None = None) -> None:
        fields = ", ".join(_TIME_FIELDS.get(k, k).replace("_", " ") for k in changes)
        name = getattr(record, "title", None) or getattr(record, "native_name", None) or \
            getattr(record, "heading", None) or getattr(record, "statement", None) or \
            getattr(record, "question", None) or \
            getattr(record, "text", "")
        super().__init__(state, text or f"Edit {fields} of {short(str(name), 30)!r}")
        self.kind = kind
        self.row_id = record.id
        self.changes = dict(changes)
        self.old: dict[str, Any] = {}
        for key in changes:
            if key in _TIME_FIELDS:
                self.old[_TIME_FIELDS[key]] = getattr(record, _TIME_FIELDS[key])
            else:
                self.old[key] = getattr(record, key)
        if kind == "event" and set(changes) & set(_TIME_FIELDS):
            # Times are restored as instants; the zones they were typed in come back too.
            self.old.setdefault("tz", record.tz)
            self.old.setdefault("end_tz", record.end_tz)
            self.old.setdefault("starts_at", record.starts_at)
            self.old.setdefault("ends_at", record.ends_at)
        self.version: int | None = record.row_version
        self.record: Any = record

    def perform(self) -> Any:
        from briefing_app.core.ops import entities

        self.record = entities.update(self.db, self.kind, self.row_id, self.changes,
                                      expected_version=self.version)
        self.version = self.record.row_version
        return self.record

    def revert(self) -> None:
        from briefing_app.core.ops import entities

        self.record = entities.update(self.db, self.kind, self.row_id, self.old,
                                      expected_version=self.version)
        self.version = self.record.row_version


class DeleteCommand(Command):
    """Delete one record and what hangs on it; undo restores all of it with the same ids."""

    def __init__(self, state: AppState, kind: str, record: Any, text: str | None = None) -> None:
        name = getattr(record, "title", None) or getattr(record, "native_name", None) or \
            getattr(record, "heading", None) or getattr(record, "statement", None) or \
            getattr(record, "question", None) or \
            getattr(record, "text", "")
        super().__init__(state, text or f"Delete {label(kind)} {short(str(name))!r}")
        self.kind = kind
        self.row_id = record.id
        self.version: int | None = record.row_version
        self.tombstone: Any = None

    def perform(self) -> None:
        from briefing_app.core.ops import entities

        self.tombstone = entities.delete(self.db, self.kind, self.row_id,
                                         expected_version=self.version)
        self.version = None  # a redo after undo deletes what undo brought back

    def revert(self) -> None:
        from briefing_app.core.ops import entities

        entities.undelete(self.db, self.tombstone)


class ReorderPointsCommand(Command):
    kind = "event"

    def __init__(self, state: AppState, event_id: int, old: list[int], new: list[int]) -> None:
        super().__init__(state, "Reorder talking points")
        self.event_id = event_id
        self.old = list(old)
        self.new = list(new)

    def perform(self) -> None:
        from briefing_app.core.ops import links

        links.reorder_points(self.db, self.event_id, self.new)

    def revert(self) -> None:
        from briefing_app.core.ops import links

        links.reorder_points(self.db, self.event_id, self.old)


class CallCommand(Command):
    """A link operation and its inverse (link/unlink, set role/old role, ...)."""

    def __init__(self, state: AppState, text: str, kind: str, do: Callable[[Any], Any],
                 undo: Callable[[Any], Any]) -> None:
        super().__init__(state, text)
        self.kind = kind
        self._do = do
        self._undo = undo

    def perform(self) -> Any:
        return self._do(self.db)

    def revert(self) -> None:
        self._undo(self.db)


class CompoundCreateCommand(Command):
    """A core operation that creates several rows in one transaction and returns
    `(record, tombstone)` (duplicate an event, write a point into a brief).

    Undo deletes the created row, which takes what hangs on it along, and keeps the
    tombstone that delete returns; redo brings the very same rows back (same ids)."""

    def __init__(self, state: AppState, text: str, kind: str, record_kind: str,
                 operation: Callable[[Any], tuple[Any, Any]]) -> None:
        super().__init__(state, text)
        self.kind = kind
        self.record_kind = record_kind
        self._operation = operation
        self.record: Any = None
        self.tombstone: Any = None

    def perform(self) -> Any:
        from briefing_app.core.ops import entities

        if self.record is None:
            self.record, self.tombstone = self._operation(self.db)
        else:
            entities.undelete(self.db, self.tombstone)
            self.record = entities.get(self.db, self.record_kind, self.record.id)
        return self.record

    def revert(self) -> None:
        from briefing_app.core.ops import entities

        self.tombstone = entities.delete(self.db, self.record_kind, self.record.id)
