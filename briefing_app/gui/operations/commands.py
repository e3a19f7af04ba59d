"""Undoable commands: each step holds one core operation and what the core handed back.

A command runs its core operation once through `changes.run`, which returns the
operation's result, the change set (kinds and ids touched, with row versions) and the
`Reversal` that takes it back. Undo applies that reversal, which hands back the one
that redoes it, and so on: the command never knows how an operation works (how event
times are stored, what a delete takes along), so it cannot get it wrong. A reversal
refuses, changing nothing, when a row is no longer exactly as the step left it
(someone else changed it); `AppState` then leaves the stack where the data is.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtGui import QUndoCommand

from briefing_app.core.enums import kind_label
from briefing_app.core.kinds import KIND
from briefing_app.core.ops import changes, entities, links
from briefing_app.gui.operations import history_text
from briefing_app.gui.widgets.abstract import QtABCMeta, abstractmethod

if TYPE_CHECKING:
    from briefing_app.core.database import Database
    from briefing_app.core.ops.changes import ChangeSet, Reversal, RowKey


class CommandHost(Protocol):
    """What a command needs of the app state (gui/operations/state.AppState): the open
    database, the versions our own history gave each row, and the runner of a history
    step. A protocol, so that commands and the state they run in need not import each
    other."""

    own_versions: dict[RowKey, int]

    def require_db(self) -> Database: ...

    def history_step(self, command: Command, direction: int) -> None: ...


def label(kind: str) -> str:
    """The kind's noun (core.enums.kind_label: one function names kinds everywhere)."""
    return kind_label(kind)


def short(text: str, n: int = 40) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1] + "…"


def name_of(record: Any) -> str:
    """The name a record goes by in messages: title, name, heading, statement …"""
    return _name(record)


def _name(record: Any, kind: str = "") -> str:
    """A person by their name (their `title` is the office they hold), anything else by
    its title, heading, name, statement, question or text (history_text.NAME_FIELDS),
    else by what its kind's declaration names it by (a gift's description, a room)."""
    field = _named_by(record, kind)
    return str(getattr(record, field, "") if field else "")


def _named_by(record: Any, kind: str = "") -> str | None:
    field = history_text.name_field(record)
    if field is None and kind:
        declared = KIND.get(kind)
        fields = declared.title_fields if declared is not None else ()
        field = next((f for f in fields if getattr(record, f, None)), None)
    return field


def _declared_name(kind: str, values: dict[str, Any]) -> str:
    """A new row's name, from the fields its kind's declaration names it by
    (core/kinds.py `title_fields`: a person's native name, a gift's description)."""
    declared = KIND.get(kind)
    return declared.title_of(values) if declared is not None else ""


class Command(QUndoCommand, metaclass=QtABCMeta):
    """Base: AppState runs `perform` (do or redo) or `revert` (undo) itself and moves
    the stack only when it succeeded; QUndoStack's own redo/undo (a History-dock jump)
    go through `AppState.history_step`, which stops at a refused step."""

    kind = "*"

    def __init__(self, state: CommandHost, text: str) -> None:
        super().__init__(text)
        self.state = state
        self.skip_next = False
        self.changes: ChangeSet | None = None  # what the last do, undo or redo touched

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
        self.state.history_step(self, +1)

    def undo(self) -> None:
        if self.skip_next:
            self.skip_next = False
            return
        self.state.history_step(self, -1)


class OpCommand(Command):
    """One core operation: the first `perform` runs it, after that undo and redo apply
    the reversal the core handed back (each application hands back the next one)."""

    def __init__(self, state: CommandHost, text: str, kind: str = "*") -> None:
        super().__init__(state, text)
        self.kind = kind
        self.value: Any = None
        self._reverse: Reversal | None = None
        self._done = False

    @abstractmethod
    def operation(self, db: Any) -> Any:
        """The core call this step makes (run once; undo and redo never call it again)."""

    def perform(self) -> Any:
        if self._done:
            return self.value
        if self._reverse is None:
            step = changes.run(self.operation, self.db)
            self.value = step.value
        else:
            step = self._reverse.apply(self.db, self.state.own_versions)
        self._reverse, self.changes, self._done = step.reverse, step.changes, True
        return self.value

    def revert(self) -> None:
        if not self._done or self._reverse is None:
            return
        step = self._reverse.apply(self.db, self.state.own_versions)
        self._reverse, self.changes, self._done = step.reverse, step.changes, False


class CallCommand(OpCommand):
    """Any core operation given as `do(db)`: links, several rows at once, a visit made
    by the core (demo, duplicate). The core hands back how to undo it."""

    def __init__(self, state: CommandHost, text: str, kind: str, do: Callable[[Any], Any]) -> None:
        super().__init__(state, text, kind)
        self._do = do

    def operation(self, db: Any) -> Any:
        return self._do(db)


class CreateCommand(OpCommand):
    def __init__(self, state: CommandHost, kind: str, visit_id: int | None, values: dict[str, Any],
                 text: str | None = None) -> None:
        name = _declared_name(kind, values)
        super().__init__(state, text or history_text.added(kind, name), kind)
        self.visit_id = visit_id
        self.values = dict(values)

    @property
    def record(self) -> Any:
        return self.value

    def operation(self, db: Any) -> Any:
        return entities.create(db, self.kind, self.visit_id, self.values)


class UpdateCommand(OpCommand):
    """Change fields of one record, refused if it changed since it was read."""

    def __init__(self, state: CommandHost, kind: str, record: Any, changes: dict[str, Any],
                 text: str | None = None) -> None:
        super().__init__(state, text or history_text.edited(
            kind, _name(record, kind), changes, _named_by(record, kind)), kind)
        self.row_id = record.id
        self.fields = dict(changes)
        self.version: int | None = record.row_version

    @property
    def record(self) -> Any:
        return self.value

    def operation(self, db: Any) -> Any:
        return entities.update(db, self.kind, self.row_id, self.fields,
                               expected_version=self.version)


class DeleteCommand(OpCommand):
    """Delete one record and what hangs on it; undo restores all of it with the same ids."""

    def __init__(self, state: CommandHost, kind: str, record: Any, text: str | None = None) -> None:
        super().__init__(state, text or history_text.deleted(kind, _name(record, kind)), kind)
        self.row_id = record.id
        self.version: int | None = record.row_version

    def operation(self, db: Any) -> Any:
        return entities.delete(db, self.kind, self.row_id, expected_version=self.version)


class ReorderPointsCommand(OpCommand):
    def __init__(self, state: CommandHost, event_id: int, new: list[int]) -> None:
        super().__init__(state, history_text.both("Reordered the talking points",
                                                  "Reorder talking points"), "event")
        self.event_id = event_id
        self.new = list(new)

    def operation(self, db: Any) -> Any:
        return links.reorder_points(db, self.event_id, self.new)


class CompoundCreateCommand(OpCommand):
    """A core operation that creates several rows in one transaction and returns
    `(record, tombstone)` (duplicate an event, write a point into a brief)."""

    def __init__(self, state: CommandHost, text: str, kind: str, record_kind: str,
                 operation: Callable[[Any], tuple[Any, Any]]) -> None:
        super().__init__(state, text, kind)
        self.record_kind = record_kind
        self._operation = operation

    @property
    def record(self) -> Any:
        return None if self.value is None else self.value[0]

    def operation(self, db: Any) -> Any:
        return self._operation(db)

    def perform(self) -> Any:
        super().perform()
        return self.record
