"""A form over one record whose every field saves on its own as soon as it is edited.

There is no Save button: a line saves when you leave it or press Enter, a text box
when it loses focus, a list or box when you pick a value. The form only reports
`edited({field: value})`; the view turns that into one undoable update through
`submit`, which on a refusal marks the field, says why above the form and keeps what
was typed (also while other fields of the same record save and reload it).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from html import escape
from typing import Any

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from briefing_app.core.enums import label as enum_label
from briefing_app.core.errors import ValidationError
from briefing_app.gui.operations.run_step import run_step
from briefing_app.gui.widgets.date_field import DateField
from briefing_app.gui.widgets.dates import DateParseError
from briefing_app.gui.widgets.marks import clear_mark, mark_invalid
from briefing_app.gui.widgets.read_only import apply_read_only

COMMON_ZONES = (
    "Asia/Almaty", "Asia/Qostanay", "Asia/Aqtobe", "Asia/Shanghai", "Asia/Hong_Kong",
    "Asia/Tokyo", "Asia/Seoul", "Asia/Tashkent", "Asia/Bishkek", "Asia/Dubai",
    "Europe/Moscow", "Europe/Istanbul", "Europe/Berlin", "Europe/Paris", "Europe/London",
    "America/New_York", "UTC",
)


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: str = "line"  # line, text, choice, date, optdate, int, float, bool, tz, ref
    choices: Sequence[str] = ()
    lo: int = 0
    hi: int = 1_000_000
    rows: int = 4
    placeholder: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    # A note after the label in a muted colour ("restricted"), and what it means.
    mark: str = ""
    tooltip: str = ""


# The mark of a field kept in a restricted row of its own (an event's or a visit's
# positions, models.COMPANIONS): Field(..., **RESTRICTED).
RESTRICTED: dict[str, str] = {"mark": "restricted", "tooltip": (
    "Restricted: kept in a row of its own, never printed in the press pack, and hidden "
    "on the team server from users cleared below Restricted.")}


# What a locked restricted field says to a user cleared below Restricted (lock).
HIDDEN_AT_CLEARANCE = ("Restricted: not shown at your clearance, and not yours to write "
                       "(ask the visit's administrator)")


class _FocusOut(QObject):
    def __init__(self, form: RecordForm, name: str) -> None:
        super().__init__(form)
        self.form = form
        self.name = name

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut:
            self.form._commit(self.name)
        return False


class RecordForm(QWidget):
    edited = Signal(dict)

    def __init__(self, fields: Sequence[Field], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fields = {f.name: f for f in fields}
        self.widgets: dict[str, QWidget] = {}
        self.record: Any = None
        self._loading = False
        self.refused: dict[str, str] = {}  # field -> why the core refused what is typed
        self.locked: frozenset[str] = frozenset()  # fields the user may not write (lock)
        self._read_only = False
        layout = QFormLayout(self)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        layout.setLabelAlignment(layout.labelAlignment())
        self.error = QLabel()
        self.error.setObjectName("formError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b03020; font-weight: 600;")
        self.error.hide()
        layout.addRow(self.error)
        for f in fields:
            w = self._make(f)
            w.setObjectName(f"field_{f.name}")
            self.widgets[f.name] = w
            if f.tooltip:
                w.setToolTip(f.tooltip)
            if f.mark:
                label = QLabel(f'{escape(f.label)} <span style="color:#8a5a00">'
                               f'({escape(f.mark)})</span>')
                label.setToolTip(f.tooltip)
                label.setBuddy(w)
                layout.addRow(label, w)
            else:
                layout.addRow(f.label, w)
        self.setEnabled(False)

    def _make(self, f: Field) -> QWidget:
        name = f.name
        if f.kind == "text":
            w = QPlainTextEdit()
            w.setTabChangesFocus(True)
            w.setPlaceholderText(f.placeholder)
            line = w.fontMetrics().lineSpacing()
            w.setMinimumHeight(f.rows * line + 12)
            w.setMaximumHeight(f.rows * line * 2 + 12)
            w.installEventFilter(_FocusOut(self, name))
            return w
        if f.kind in ("choice", "ref"):
            w = QComboBox()
            for c in f.choices:  # stored values, shown as labels ("Talks")
                w.addItem(enum_label(c), c)
            w.activated.connect(lambda _i, n=name: self._commit(n))
            return w
        if f.kind == "tz":
            w = QComboBox()
            w.setEditable(True)
            w.addItems(COMMON_ZONES)
            w.lineEdit().editingFinished.connect(lambda n=name: self._commit(n))
            w.activated.connect(lambda _i, n=name: self._commit(n))
            return w
        if f.kind in ("date", "optdate"):
            w = DateField(optional=f.kind == "optdate")
            w.editing_finished.connect(lambda n=name: self._commit(n))
            return w
        if f.kind == "int":
            w = QSpinBox()
            w.setRange(f.lo, f.hi)
            w.editingFinished.connect(lambda n=name: self._commit(n))
            return w
        if f.kind == "bool":
            w = QCheckBox()
            w.clicked.connect(lambda _c, n=name: self._commit(n))
            return w
        w = QLineEdit()
        w.setPlaceholderText(f.placeholder)
        w.editingFinished.connect(lambda n=name: self._commit(n))
        return w

    def set_read_only(self, read_only: bool) -> None:
        """Text fields stay selectable but cannot be typed into; the other fields are
        disabled. (The form as a whole is disabled only while it shows no record.)
        Locked fields stay locked."""
        self._read_only = read_only
        apply_read_only([w for n, w in self.widgets.items() if n not in self.locked],
                        read_only)
        apply_read_only([self.widgets[n] for n in self.locked], True)

    def lock(self, names: Sequence[str], why: str) -> None:
        """Lock `names` whatever the database allows, saying `why` in each empty box (a
        press-cleared user on the team server neither sees nor may write our positions);
        an empty `names` unlocks what was locked."""
        for name in self.locked - set(names):
            widget = self.widgets[name]
            if isinstance(widget, QPlainTextEdit | QLineEdit):
                widget.setPlaceholderText(self.fields[name].placeholder)
            widget.setToolTip(self.fields[name].tooltip)
        self.locked = frozenset(names)
        for name in self.locked:
            widget = self.widgets[name]
            if isinstance(widget, QPlainTextEdit | QLineEdit):
                widget.setPlaceholderText(why)
            widget.setToolTip(why)
        self.set_read_only(self._read_only)

    def set_choices(self, name: str, items: Sequence[tuple[str, Any]]) -> None:
        """Fill a 'ref' or 'choice' box with (label, value) pairs."""
        box = self.widgets[name]
        assert isinstance(box, QComboBox)
        self._loading = True
        box.clear()
        for text, value in items:
            box.addItem(text, value)
        self._loading = False
        if self.record is not None:
            self._show(name, getattr(self.record, name))

    def set_record(self, record: Any) -> None:
        """Show a record (None clears and disables the form). The same record shown
        again (reloaded after another field saved) keeps what was typed in a field the
        core refused; another record clears the refusals."""
        same = (record is not None and self.record is not None
                and type(record) is type(self.record) and record.id == self.record.id)
        if not same:
            self.clear_refusals()
        self.record = record
        self.setEnabled(record is not None)
        for name in self.widgets:
            if name not in self.refused:
                self._show(name, getattr(record, name, None) if record is not None else None)

    def refuse(self, name: str, reason: str) -> None:
        """Mark a field refused (what is typed stays) and say why above the form."""
        self.refused[name] = reason
        w = self.widgets[name]
        mark_invalid(w.line if isinstance(w, DateField) else w, reason)
        self._say()

    def accepted(self, names: Sequence[str]) -> None:
        """These fields were saved: their marks go."""
        for name in names:
            if self.refused.pop(name, None) is not None:
                w = self.widgets[name]
                clear_mark(w.line if isinstance(w, DateField) else w)
        self._say()

    def clear_refusals(self) -> None:
        self.accepted(list(self.refused))

    def _say(self) -> None:
        lines = [f"{self.fields[n].label.replace('&', '')}: {why}"
                 for n, why in self.refused.items()]
        self.error.setText("\n".join(lines))
        self.error.setVisible(bool(lines))

    def submit(self, changes: dict[str, Any], push: Callable[[], Any]) -> Any:
        """Run `push` (the one undoable update); a ValidationError marks the field it
        names (else the edited one) and returns None, keeping the typed value. Other
        errors propagate to the caller, which reloads."""
        try:
            result = push()
        except ValidationError as exc:
            self.mark_refused(changes, exc)
            return None
        self.accepted(list(changes))
        return result

    def mark_refused(self, changes: dict[str, Any], exc: Any) -> None:
        """Mark the field a ValidationError names (else the first edited one)."""
        name = exc.field if exc.field in self.widgets else next(iter(changes))
        self.refuse(name, exc.reason)

    def save_step(self, changes: dict[str, Any], state: Any, command: Any, parent: Any,
                  reload: Callable[[], Any] | None = None) -> Any:
        """Run the one undoable update through run_step: a refused value stays typed
        and marked here; any other refusal reloads (`reload`) and is shown once."""
        step = run_step(state, command, parent, reload=reload,
                        invalid=lambda exc: self.mark_refused(changes, exc),
                        refused=lambda exc: self._keep_typed(changes, exc))
        if step.ok:
            self.accepted(list(changes))
            saved = step.value  # what the core kept (a restricted point's level is raised)
            if (saved is not None and self.record is not None
                    and type(saved) is type(self.record) and saved.id == self.record.id):
                self.set_record(saved)
        return step.value

    def _keep_typed(self, changes: dict[str, Any], exc: BaseException) -> None:
        """A refusal that is not about the value (the server: "your clearance does not
        allow this change"; another user's save): the edited fields stay as typed and
        marked with the reason, so the reload that follows does not wipe them."""
        reason = str(exc).splitlines()[0] if str(exc) else "not saved"
        for name in changes:
            if name in self.widgets:
                self.refuse(name, reason)

    def _show(self, name: str, value: Any) -> None:
        f, w = self.fields[name], self.widgets[name]
        self._loading = True
        try:
            if isinstance(w, QPlainTextEdit):
                if w.toPlainText() != (value or ""):
                    w.setPlainText(value or "")
            elif isinstance(w, QComboBox) and f.kind == "tz":
                w.setEditText(value or "")
            elif isinstance(w, QComboBox):
                i = w.findData(value)
                w.setCurrentIndex(i if i >= 0 else (0 if w.count() else -1))
            elif isinstance(w, DateField):
                if isinstance(value, str) and value:
                    value = date.fromisoformat(value)
                w.setDate(value if isinstance(value, date) else None)
            elif isinstance(w, QSpinBox):
                w.setValue(int(value or 0))
            elif isinstance(w, QCheckBox):
                w.setChecked(bool(value))
            elif isinstance(w, QLineEdit):
                if f.kind == "float" and value is not None:
                    text = f"{value:.6f}".rstrip("0").rstrip(".")
                else:
                    text = "" if value is None else str(value)
                w.setText(text)
                w.setCursorPosition(0)
        finally:
            self._loading = False

    def value(self, name: str) -> Any:
        """The widget's current value in the type the core expects."""
        f, w = self.fields[name], self.widgets[name]
        if isinstance(w, QPlainTextEdit):
            return w.toPlainText()
        if isinstance(w, QComboBox) and f.kind == "tz":
            return w.currentText().strip()
        if isinstance(w, QComboBox):
            return w.currentData()
        if isinstance(w, DateField):  # DateParseError when what is typed is no date
            typed = w.parsed()
            if f.kind == "optdate":
                return typed.isoformat() if typed is not None else None
            return typed
        if isinstance(w, QSpinBox):
            return w.value()
        if isinstance(w, QCheckBox):
            return w.isChecked()
        text = w.text().strip() if isinstance(w, QLineEdit) else ""
        if f.kind == "optdate":
            return text or None
        if f.kind == "float":
            return text or None
        return text

    def _commit(self, name: str) -> None:
        if self._loading or self.record is None:
            return
        try:
            new = self.value(name)
        except DateParseError as exc:
            self.refuse(name, str(exc))
            return
        old = getattr(self.record, name, None)
        if self.fields[name].kind == "optdate" and isinstance(old, date):
            old = old.isoformat()
        if self.fields[name].kind == "float" and new is not None:
            try:
                if old is not None and float(new) == float(old):
                    self.accepted([name])
                    return
            except ValueError:
                pass
        if new == old or (new in ("", None) and old in ("", None)):
            if name in self.refused:  # typed back to what is saved: nothing is wrong now
                self.accepted([name])
                self._show(name, getattr(self.record, name, None))
            return
        self.edited.emit({name: new})

    def revert(self) -> None:
        """Put the record's values back into the widgets (after a refused edit)."""
        self.set_record(self.record)
