"""Turning an exception into a clear dialog, so a failed action never ends the app.

Core operations are single transactions: when one raises, nothing was written, so
showing the message is all that is left to do. Unexpected errors also get a crash log.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtWidgets import QApplication, QWidget

F = TypeVar("F", bound=Callable[..., Any])

# Tests (and the screenshot mode) can watch errors here instead of dialogs.
shown: list[tuple[str, str]] = []


def field_label(field: str) -> str:
    """'start_date' -> 'Start date' for a form field; a path into a file
    ('events[2].tz') is kept exactly, so the user can find it."""
    if any(c in field for c in ".[]"):
        return field
    return field.replace("_", " ").capitalize()


def describe(exc: BaseException) -> tuple[str, str, bool]:
    """(title, message, expected) for an exception."""
    from briefing_app.core.errors import (
        BriefingError,
        ConflictError,
        DatabaseError,
        NotFoundError,
        ValidationError,
    )

    if isinstance(exc, ConflictError):
        return ("Changed elsewhere", f"{exc}\n\nNothing was saved. The view has been reloaded "
                "with the current data; make your change again.", True)
    if isinstance(exc, ValidationError):
        return ("Cannot save this", f"{field_label(exc.field)}: {exc.reason}", True)
    if isinstance(exc, NotFoundError):
        return ("No longer there", str(exc), True)
    if isinstance(exc, DatabaseError):
        return ("Database problem", str(exc), True)
    if isinstance(exc, BriefingError):
        return ("Cannot do this", str(exc), True)
    if isinstance(exc, OSError):
        name = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
        return ("File problem", f"{name}{exc.strerror or exc}", True)
    return ("Unexpected error", f"{type(exc).__name__}: {exc}\n\nYour data is as it was "
            "before this action.", False)


def show_error(exc: BaseException, parent: QWidget | None = None) -> None:
    """Show the error in a window-modal box (non-blocking) and log unexpected ones."""
    from PySide6.QtWidgets import QMessageBox  # not at import: its enums cost start-up time

    title, message, expected = describe(exc)
    shown.append((title, message))
    if not expected:
        from briefing_app.cli.context import _write_crash_log

        log = _write_crash_log(exc)
        message += f"\n\nDetails were written to {log}."
    if parent is None:
        parent = QApplication.activeWindow()
    box = QMessageBox(QMessageBox.Icon.Warning if expected else QMessageBox.Icon.Critical,
                      title, message, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("errorBox")
    if not expected:
        import traceback

        box.setDetailedText("".join(traceback.format_exception(exc)))
    box.setWindowModality(box.windowModality().WindowModal if parent else box.windowModality())
    box.open()


def guarded(fn: F) -> F:
    """Wrap a slot: any exception becomes an error dialog instead of a crash."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - every failure is shown to the user
            parent = args[0] if args and isinstance(args[0], QWidget) else None
            show_error(exc, parent)
            return None

    return wrapper  # type: ignore[return-value]


def install_excepthook() -> None:
    """Uncaught exceptions in any slot show the same dialog instead of vanishing."""
    import sys

    def hook(kind: type[BaseException], exc: BaseException, tb: Any) -> None:
        if issubclass(kind, KeyboardInterrupt):
            QApplication.quit()
            return
        show_error(exc)

    sys.excepthook = hook


def push_or_report(state: Any, cmd: Any, parent: QWidget | None = None) -> bool:
    """Push an undo command (one core operation); on failure show why — the data is as
    it was — and return False so the caller can reload what it shows."""
    try:
        state.push(cmd)
    except Exception as exc:  # noqa: BLE001 - shown to the user, never a traceback
        show_error(exc, parent)
        return False
    return True
