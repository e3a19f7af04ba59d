"""A date box that takes a date the way people type it (29.03.2024, 29/03/2024,
2024-03-29, 29 Mar), shows it in the app's one format, and offers a calendar.

Unlike QDateEdit it never forces its sections on the typist; a date it cannot read is
kept as typed, marked, and explained, so nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QCalendarWidget, QHBoxLayout, QLineEdit, QToolButton, QWidget

from briefing_app.gui.widgets.dates import DateParseError, format_date, locale_months, parse_date
from briefing_app.gui.widgets.marks import clear_mark, mark_invalid


def calendar_row(owner: QWidget, line: QLineEdit, pick: Callable[[], None],
                 tip: str) -> QToolButton:
    """Lay out `line` and a calendar button in `owner`; returns the button. Tab goes from
    the text to the next field (the button is not a stop, as in QDateEdit); Alt+Down or
    F4 opens the calendar from the keyboard. Shared by DateField and DateTimeField."""
    button = QToolButton()
    button.setText("▾")
    button.setToolTip(tip)
    button.clicked.connect(pick)
    lay = QHBoxLayout(owner)
    lay.setContentsMargins(0, 0, 0, 0)
    lay.setSpacing(2)
    lay.addWidget(line, 1)
    lay.addWidget(button)
    owner.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    owner.setFocusProxy(line)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    for keys in ("Alt+Down", "F4"):
        act = QAction(line)
        act.setShortcut(QKeySequence(keys))
        act.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        act.triggered.connect(pick)
        line.addAction(act)
    return button


class DateField(QWidget):
    """`date()` is the date shown (None: empty, when `optional`); `date_changed` fires
    when a new date is typed or picked; `editing_finished` when the typist leaves."""

    date_changed = Signal(object)
    editing_finished = Signal()

    def __init__(self, parent: QWidget | None = None, *, optional: bool = False) -> None:
        super().__init__(parent)
        self.optional = optional
        self.default_year: int | None = None
        self._date: date | None = None
        self.line = QLineEdit()
        self.line.setPlaceholderText("e.g. 29.03.2024 or 29 Mar")
        self.button = calendar_row(self, self.line, self._pick, "Choose from a calendar")
        self.line.editingFinished.connect(self._typed)

    def date(self) -> date | None:
        return self._date

    def set_read_only(self, read_only: bool) -> None:
        """Selectable but not typed into; no calendar (see gui/widgets/read_only.py)."""
        self.line.setReadOnly(read_only)
        self.button.setEnabled(not read_only)

    def setDate(self, value: date | QDate | None) -> None:  # noqa: N802 - Qt's spelling
        if isinstance(value, QDate):
            value = value.toPython()
        self._set(value, emit=False)

    def text(self) -> str:
        return self.line.text()

    def parsed(self) -> date | None:
        """The date the box holds now (reading what is typed); DateParseError if none."""
        text = self.line.text().strip()
        if not text:
            if self.optional:
                return None
            raise DateParseError("a date is required")
        if self._date is not None and text == format_date(self._date):
            return self._date  # as shown, in the locale's words
        return parse_date(text, self.default_year or (self._date.year if self._date else None),
                          locale_months())

    def _typed(self) -> None:
        try:
            value = self.parsed()
        except DateParseError as exc:
            mark_invalid(self.line, str(exc))
            self.editing_finished.emit()
            return
        self._set(value, emit=value != self._date)
        self.editing_finished.emit()

    def _set(self, value: date | None, emit: bool) -> None:
        clear_mark(self.line)
        self._date = value
        self.line.setText(format_date(value) if value is not None else "")
        self.line.setCursorPosition(0)
        if emit:
            self.date_changed.emit(value)

    def _pick(self) -> None:
        cal = QCalendarWidget(self)
        cal.setWindowFlags(Qt.WindowType.Popup)
        cal.setObjectName("datePopup")
        if self._date is not None:
            cal.setSelectedDate(QDate(self._date))

        def chosen(q: QDate) -> None:
            cal.close()
            self._set(q.toPython(), emit=q.toPython() != self._date)
            self.editing_finished.emit()

        cal.clicked.connect(chosen)
        cal.activated.connect(chosen)
        cal.move(self.mapToGlobal(QPoint(0, self.height())))
        cal.show()
