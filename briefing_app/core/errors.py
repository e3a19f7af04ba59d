"""Errors the core raises for the CLI and GUI to show as one clear message."""

from __future__ import annotations


class BriefingError(Exception):
    """Base of every error meant for the user (never shown as a traceback)."""


class ValidationError(BriefingError):
    """Input refused: names the field and the reason."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


class NotFoundError(BriefingError):
    """A referenced row does not exist (any more)."""


class ConflictError(BriefingError):
    """The row was changed by someone else since it was read."""


class DatabaseError(BriefingError):
    """The database file cannot be used (damaged, too new, unreadable)."""


class ServerUnreachableError(DatabaseError):
    """The team server did not answer (down, restarted, network gone): nothing was saved,
    and the same action can succeed once it is back (the window reconnects)."""
