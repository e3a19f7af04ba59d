"""A date-and-time box for a wall-clock time at the venue, typed the way people type
it (10 Sep 2019 14:30, 10/9 14:30, 14:30 keeping the date, 12 Sep keeping the time,
+1d, -30m), shown in the app's one format, with a calendar for the date.

It replaces QDateTimeEdit, whose sections force the typist through day, month, year,
hour and minute in the locale's order. The value is a naive wall-clock datetime: no
zone, so the laptop's own zone never moves, steps over or refuses a time (the core
places it in the venue's zone and refuses a time in a gap or fold there). A time it
cannot read is kept as typed, marked and explained.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QDate, QDateTime, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCalendarWidget, QLineEdit, QWidget

from briefing_app.gui.widgets.date_field import calendar_row
from briefing_app.gui.widgets.dates import (
    DateParseError,
    format_datetime,
    locale_months,
    parse_datetime,
)
from briefing_app.gui.widgets.marks import clear_mark, mark_invalid
from briefing_app.gui.widgets.wall_clock import from_qt, to_qt

# ↑/↓ step the time by a quarter of an hour, Page Up/Down by a day (as a diary does).
STEP = timedelta(minutes=15)
DAY = timedelta(days=1)


class _Line(QLineEdit):
    """The text box; ↑ ↓ Page Up Page Down step the value held (after reading what is
    typed, so a typed time is stepped, not the one before it)."""

    def __init__(self, owner: DateTimeField) -> None:
        super().__init__()
        self.owner = owner

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        steps = {Qt.Key.Key_Up: STEP, Qt.Key.Key_Down: -STEP,
                 Qt.Key.Key_PageUp: DAY, Qt.Key.Key_PageDown: -DAY}
        if event.key() in steps and not self.isReadOnly():
            self.owner.step(steps[Qt.Key(event.key())])
            return
        super().keyPressEvent(event)


class DateTimeField(QWidget):
    """`wall()` is the wall-clock time shown (naive); `wall_changed` fires with the new
    value when one is typed, stepped or picked. `dateTime()` / `setDateTime()` speak
    QDateTime (the neutral zone of widgets.wall_clock) for callers written for
    QDateTimeEdit."""

    wall_changed = Signal(object)
    editing_finished = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._wall = datetime(2000, 1, 1)
        self.line = _Line(self)
        self.line.setPlaceholderText("e.g. 10 Sep 2019 14:30, 14:30 or +1d")
        self.line.setToolTip("Type a date and time (10.09.2019 14:30, 10 Sep 14:30), a time "
                             "alone to keep the date, a date alone to keep the time, or "
                             "+1d / +2h / -30m. ↑ ↓ step 15 minutes, Page Up/Down a day.")
        self.button = calendar_row(self, self.line, self._pick,
                                   "Choose the date from a calendar (keeps the time)")
        self.line.editingFinished.connect(self._typed)
        self._show()

    # --- the value -------------------------------------------------------------------

    def wall(self) -> datetime:
        """The wall-clock time held (the last one read; see `parsed` for what is typed)."""
        return self._wall

    def set_wall(self, wall: datetime, *, emit: bool = False) -> None:
        """Show a naive wall-clock time exactly (minutes; seconds are dropped)."""
        value = wall.replace(second=0, microsecond=0, tzinfo=None)
        self._set(value, emit=emit and value != self._wall)

    def dateTime(self) -> QDateTime:  # noqa: N802 - QDateTimeEdit's spelling
        return to_qt(self._wall)

    def setDateTime(self, value: QDateTime) -> None:  # noqa: N802 - QDateTimeEdit's spelling
        """Take the wall-clock fields of `value`, whatever zone it was made in."""
        self.set_wall(from_qt(value), emit=True)

    def setDate(self, value: QDate) -> None:  # noqa: N802 - QDateTimeEdit's spelling
        """A new date, the time kept."""
        d = value.toPython()
        self.set_wall(self._wall.replace(year=d.year, month=d.month, day=d.day), emit=True)

    def text(self) -> str:
        return self.line.text()

    def parsed(self) -> datetime:
        """The wall-clock time the box holds now, reading what is typed; DateParseError
        (naming what was typed) if it is not one."""
        text = " ".join(self.line.text().split())
        if text == " ".join(format_datetime(self._wall).split()):
            return self._wall  # as shown, in the locale's words
        return parse_datetime(text, self._wall, locale_months())

    def set_read_only(self, read_only: bool) -> None:
        """Selectable but not typed into; no calendar (see gui/widgets/read_only.py)."""
        self.line.setReadOnly(read_only)
        self.button.setEnabled(not read_only)

    def step(self, by: timedelta) -> None:
        """Move the time by `by` from what is typed (a typed time that cannot be read
        is marked and not stepped)."""
        try:
            value = self.parsed() + by
        except (DateParseError, OverflowError) as exc:
            mark_invalid(self.line, str(exc))
            return
        self._set(value, emit=value != self._wall)
        self.line.selectAll()

    # --- inside ----------------------------------------------------------------------

    def _typed(self) -> None:
        try:
            value = self.parsed()
        except DateParseError as exc:
            mark_invalid(self.line, str(exc))  # kept as typed until it is put right
            self.editing_finished.emit()
            return
        self._set(value, emit=value != self._wall)
        self.editing_finished.emit()

    def _set(self, value: datetime, emit: bool) -> None:
        clear_mark(self.line)
        self._wall = value
        self._show()
        if emit:
            self.wall_changed.emit(value)

    def _show(self) -> None:
        self.line.setText(format_datetime(self._wall))
        self.line.setCursorPosition(0)

    def _pick(self) -> None:
        cal = QCalendarWidget(self)
        cal.setWindowFlags(Qt.WindowType.Popup)
        cal.setObjectName("datePopup")
        cal.setSelectedDate(QDate(self._wall.year, self._wall.month, self._wall.day))

        def chosen(q: QDate) -> None:
            cal.close()
            self.setDate(q)
            self.editing_finished.emit()

        cal.clicked.connect(chosen)
        cal.activated.connect(chosen)
        cal.move(self.mapToGlobal(QPoint(0, self.height())))
        cal.show()
