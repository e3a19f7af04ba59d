"""Wall-clock times at the venue carried through Qt, whatever the laptop's own zone.

QDateTimeEdit (which the event dialog used to have) works in the machine's local zone by default: on a laptop set to
Europe/Berlin it turns 02:30 on the night the clocks go forward into 03:30, steps from
01:30 straight to 03:30 and silently refuses a typed 02:30 — although the time is meant
at the venue, whose zone may have no such gap (or a different one). These helpers carry
a value in UTC, a zone without gaps or folds, as a neutral carrier: what is shown,
typed and stepped is exactly the wall clock. The core then places it in the venue's
zone and refuses a time that does not exist there, or happens twice, with its own
message.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDate, QDateTime, QTime, QTimeZone

NEUTRAL = QTimeZone.utc()


def to_qt(wall: datetime) -> QDateTime:
    """A naive wall-clock time as a QDateTime in the neutral zone (never converted)."""
    return QDateTime(QDate(wall.year, wall.month, wall.day), QTime(wall.hour, wall.minute),
                     NEUTRAL)


def from_qt(value: QDateTime) -> datetime:
    """The wall-clock fields of a QDateTime, as a naive datetime (no zone involved)."""
    d, t = value.date(), value.time()
    return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute())
