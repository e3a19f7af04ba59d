"""One person's place in the order of precedence, set by hand: a rank shared with
someone else is a tie, broken by the office rank (1 highest) and then the date of
appointment. Apply is one core operation (core.ops.seating.set_precedence), one undo
step; a refused value is named under the fields and nothing changes."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QWidget,
)

from briefing_app.core.errors import ValidationError
from briefing_app.core.ops import seating
from briefing_app.gui.operations import history_text
from briefing_app.gui.operations.commands import CallCommand
from briefing_app.gui.operations.run_step import run_step
from briefing_app.gui.widgets.date_field import DateField
from briefing_app.gui.widgets.dates import DateParseError


class PrecedenceEditor(QWidget):
    def __init__(self, state: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.person: Any = None
        self.rank = QSpinBox()
        self.rank.setRange(1, 10_000)
        self.rank.setObjectName("precedenceRank")
        self.office = QSpinBox()
        self.office.setRange(1, 10_000)
        self.office.setObjectName("precedenceOffice")
        self.office.setToolTip("1 is the highest office: it goes first in a tie")
        self.appointed = DateField(optional=True)
        self.appointed.setObjectName("precedenceAppointed")
        self.apply_button = QPushButton("&Apply")
        self.apply_button.setObjectName("precedenceApply")
        self.apply_button.clicked.connect(self.apply)
        self.error = QLabel()
        self.error.setObjectName("precedenceError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b03020; font-weight: 600;")
        self.error.hide()
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Ran&k", self.rank)
        form.addRow("O&ffice rank", self.office)
        form.addRow("Appoin&ted", self.appointed)
        form.addRow(self.error)
        form.addRow(self.apply_button)
        self.show_person(None, None)

    def show_person(self, person: Any, entry: Any) -> None:
        """Show who is selected (an unranked person shows the next free rank)."""
        self.person = person
        self.error.hide()
        self.setEnabled(person is not None)
        self.rank.setValue(entry.rank if entry else 1)
        self.office.setValue(entry.office_rank if entry else 100)
        self.appointed.setDate(entry.appointed_on if entry else None)

    def apply(self) -> None:
        if self.person is None:
            return
        try:
            when = self.appointed.parsed()
        except DateParseError as exc:
            return self._say(f"Appointed: {exc}")
        pid, rank, office = self.person.id, self.rank.value(), self.office.value()
        who = history_text.quoted(self.person.native_name)
        command = CallCommand(
            self.state, history_text.both(f"Set the precedence of {who}",
                                          f"Set the precedence of {who}"), "precedence",
            lambda db: seating.set_precedence(db, pid, rank, office, when))
        invalid: list[ValidationError] = []  # said beside the fields, not in a box

        def say(exc: ValidationError) -> None:
            invalid.append(exc)
            self._say(f"{exc.field.replace('_', ' ').capitalize()}: {exc.reason}")

        run_step(self.state, command, self, invalid=say)
        if not invalid:
            self.error.hide()

    def _say(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def set_read_only(self, read_only: bool) -> None:
        for w in (self.rank, self.office, self.apply_button):
            w.setEnabled(not read_only)
        self.appointed.set_read_only(read_only)
