"""A dialog whose OK hands what was typed to the core and closes only when the core
took it. A refusal keeps the dialog open with every value as typed, marks the field it
names and says why under the form; the form scrolls on a small screen."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from briefing_app.core.errors import BriefingError, ValidationError
from briefing_app.gui.launch.screen_fit import fit_dialog
from briefing_app.gui.operations.errors import field_label, show_error
from briefing_app.gui.widgets.dates import DateParseError
from briefing_app.gui.widgets.marks import clear_mark, mark_invalid


class FormDialog(QDialog):
    """Subclasses add rows to `form` and name their widgets in `fields` (core field
    name -> widget); the caller sets `submit(dialog)`, the one core call OK makes."""

    def __init__(self, parent: QWidget | None, title: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.fields: dict[str, QWidget] = {}
        self.submit: Callable[[FormDialog], Any] | None = None
        self.result_value: Any = None
        body = QWidget()
        self.form = QFormLayout(body)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(body)
        self.error = QLabel()
        self.error.setObjectName("formError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b03020; font-weight: 600;")
        self.error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(self.scroll, 1)
        self.layout_.addWidget(self.error)
        self.layout_.addWidget(self.buttons)

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name

        if not getattr(self, "_fitted", False):
            self._fitted = True
            stops = self.order_tabs()
            if stops and self.focusWidget() is None:
                # the dialog opens ready to type into its first field, whatever widget
                # happened to be made first (Qt's default is the first one created)
                stops[0].setFocus(Qt.FocusReason.TabFocusReason)
            body = self.scroll.widget()
            hint = body.sizeHint()
            frame = self.sizeHint()
            fit_dialog(self, frame.expandedTo(hint.grownBy(self.layout_.contentsMargins()))
                       .grownBy(self.layout_.contentsMargins()))
        super().showEvent(event)

    def order_tabs(self) -> list[QWidget]:
        """Tab moves through the form in reading order, row by row, then to the buttons
        (Qt's own order is the order the widgets were made in); returns the stops."""
        stops: list[QWidget] = []
        for row in range(self.form.rowCount()):
            item = self.form.itemAt(row, QFormLayout.ItemRole.FieldRole) or \
                self.form.itemAt(row, QFormLayout.ItemRole.SpanningRole)
            widget = item.widget() if item is not None else None
            if widget is None:
                continue
            if widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
                stops.append(widget)
                continue
            stops += [c for c in widget.findChildren(QWidget)
                      if c.focusPolicy() & Qt.FocusPolicy.TabFocus and c.parentWidget() is widget]
        stops += list(self.buttons.buttons())
        for a, b in zip(stops, stops[1:], strict=False):
            QWidget.setTabOrder(a, b)
        return stops

    def refuse(self, field: str | None, reason: str) -> None:
        """Say why under the form and mark the field (when the dialog has it)."""
        widget = self.fields.get(field or "")
        label = self._label_of(widget) if widget is not None else ""
        text = f"{label or field_label(field)}: {reason}" if field else reason
        self.error.setText(text)
        self.error.show()
        if widget is not None:
            mark_invalid(getattr(widget, "line", widget), reason)
            self.scroll.ensureWidgetVisible(widget)
            widget.setFocus()

    def _label_of(self, widget: QWidget) -> str:
        lab = self.form.labelForField(widget)
        return lab.text().replace("&", "") if isinstance(lab, QLabel) else ""

    def accept(self) -> None:
        self.error.hide()
        for w in self.fields.values():
            clear_mark(getattr(w, "line", w))
        try:
            self.check()
            if self.submit is not None:
                self.result_value = self.submit(self)
        except ValidationError as exc:
            self.refuse(exc.field, exc.reason)
            return
        except DateParseError as exc:
            self.refuse(getattr(exc, "field", None), str(exc))
            return
        except BriefingError as exc:
            self.refuse(None, str(exc))
            return
        except Exception as exc:  # noqa: BLE001 - unexpected: shown and logged, still open
            show_error(exc, self)
            return
        super().accept()

    def check(self) -> None:
        """Checks before the core is asked (dates that cannot be read); raise to refuse."""

    def read_date(self, name: str) -> Any:
        """The date typed in the DateField `fields[name]`, or a refusal naming the field."""
        try:
            return self.fields[name].parsed()  # type: ignore[attr-defined]
        except DateParseError as exc:
            exc.field = name  # type: ignore[attr-defined]
            raise
