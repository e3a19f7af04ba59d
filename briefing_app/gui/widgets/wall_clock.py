"""A date-time box for a wall-clock time at the venue, whatever the laptop's own zone.

QDateTimeEdit works in the machine's local zone by default: on a laptop set to
Europe/Berlin it turns 02:30 on the night the clocks go forward into 03:30, steps from
01:30 straight to 03:30 and silently refuses a typed 02:30 — although the time is meant
at the venue, whose zone may have no such gap (or a different one). This box carries
its value in UTC, a zone without gaps or folds, as a neutral carrier: what is shown,
typed and stepped is exactly the wall clock. The core then places it in the venue's
zone and refuses a time that does not exist there, or happens twice, with its own
message.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDate, QDateTime, QTime, QTimeZone
from PySide6.QtWidgets import QDateTimeEdit, QWidget

NEUTRAL = QTimeZone.utc()


def to_qt(wall: datetime) -> QDateTime:
    """A naive wall-clock time as a QDateTime in the neutral zone (never converted)."""
    return QDateTime(QDate(wall.year, wall.month, wall.day), QTime(wall.hour, wall.minute),
                     NEUTRAL)


def from_qt(value: QDateTime) -> datetime:
    """The wall-clock fields of a QDateTime, as a naive datetime (no zone involved)."""
    d, t = value.date(), value.time()
    return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute())


class WallClockEdit(QDateTimeEdit):
    """QDateTimeEdit whose value is a wall-clock time with no zone attached."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTimeZone(NEUTRAL)
        self.setDateTime(to_qt(datetime(2000, 1, 1)))

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802, A002 - Qt's names
        """Tab goes on to the form's next field, in reading order, as in every other
        box of the form (QDateTimeEdit's own Tab steps through its day, month, year, hour
        and minute first); the parts are reached with ← and → or by typing."""
        return QWidget.focusNextPrevChild(self, next)

    def setDateTime(self, value: QDateTime) -> None:  # noqa: N802 - Qt's name
        """Keep the wall-clock fields of `value`, whatever zone it was made in.

        Qt would convert a local-time value into the box's zone (and a local time in
        the machine's DST gap is already moved by an hour when it is made).
        """
        super().setDateTime(QDateTime(value.date(), value.time(), NEUTRAL))

    def set_wall(self, wall: datetime) -> None:
        """Show a naive wall-clock time exactly."""
        super().setDateTime(to_qt(wall))

    def wall(self) -> datetime:
        """The wall-clock time shown, naive."""
        return from_qt(self.dateTime())
