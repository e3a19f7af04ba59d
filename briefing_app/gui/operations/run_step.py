"""The one way the window runs an undoable step and reports its failure.

A step is one core operation in one transaction. `state.push` keeps the command on
the undo stack only once its operation has run, so a refused step (read-only file,
ConflictError, ValidationError, NotFoundError, DatabaseError, anything else) leaves
both the stack and the data as they were; all that is left is to say why, once, and
let the caller reload what it shows (the data may have moved elsewhere).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from briefing_app.gui.operations.errors import show_error

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from briefing_app.core.errors import ValidationError
    from briefing_app.gui.operations.commands import Command

# Deferred imports: this module is loaded before the first paint (or while the database
# opens), so the core (SQLAlchemy), ReportLab and Qt enums load only when first used
# (benchmarks/startup.py).


class StepHost(Protocol):
    """What running a step needs of the app state (operations/state.AppState)."""

    def push(self, command: Command) -> Any: ...


class Step(NamedTuple):
    ok: bool  # False: refused, nothing changed, the reason shown
    value: Any = None  # what the operation returned


def run_step(state: StepHost, command: Command, parent: QWidget | None = None, *,
             reload: Callable[[], Any] | None = None,
             invalid: Callable[[ValidationError], Any] | None = None,
             refused: Callable[[BaseException], Any] | None = None) -> Step:
    """Push `command`; on failure call `reload` (if given) and show why in one message
    parented to `parent` — or, for a ValidationError when `invalid` is given, hand it
    there instead, without reloading (a form that marks the field keeps what was
    typed). `refused` hears any other refusal before the reload (a form marks what was
    typed, so the reload keeps it: a level the user's clearance does not allow)."""
    from briefing_app.core.errors import ValidationError  # not at import: loads the core

    try:
        return Step(True, state.push(command))
    except (Exception, SystemExit) as exc:  # noqa: BLE001 - shown, never a traceback
        if invalid is not None and isinstance(exc, ValidationError):
            invalid(exc)  # the form keeps the typed value: no reload
        else:
            if refused is not None:
                refused(exc)
            if reload is not None:
                reload()
            show_error(exc, parent)
        return Step(False)
