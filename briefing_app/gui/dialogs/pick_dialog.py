"""Choose one or more items from a filterable list (people, talking points, facts)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from briefing_app.core.enums import label as enum_label
from briefing_app.gui.launch.screen_fit import fit_dialog


class PickDialog(QDialog):
    """`items` are (label, value); `extra` adds one choice box (e.g. the role)."""

    def __init__(self, parent: QWidget | None, title: str, items: Sequence[tuple[str, Any]],
                 multi: bool = True, extra: tuple[str, Sequence[str], str] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        fit_dialog(self, QSize(560, 480))  # never beyond the screen
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Type to filter…")
        self.filter.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection if multi
                                   else QAbstractItemView.SelectionMode.SingleSelection)
        for text, value in items:
            it = QListWidgetItem(text)
            it.setData(Qt.ItemDataRole.UserRole, value)
            self.list.addItem(it)
        if self.list.count():
            self.list.setCurrentRow(0)
        self.filter.textChanged.connect(self._filter)
        self.list.itemDoubleClicked.connect(lambda _i: self.accept())
        lay = QVBoxLayout(self)
        lay.addWidget(self.filter)
        lay.addWidget(self.list)
        self.extra: QComboBox | None = None
        if extra is not None:
            label, choices, default = extra
            self.extra = QComboBox()
            for value in choices:  # stored values, shown as labels ("Note-taker")
                self.extra.addItem(enum_label(value), value)
            self.extra.setCurrentIndex(max(0, self.extra.findData(default)))
            form = QFormLayout()
            form.addRow(label, self.extra)
            lay.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.filter.setFocus()

    def _filter(self, text: str) -> None:
        needle = text.casefold()
        for i in range(self.list.count()):
            it = self.list.item(i)
            it.setHidden(bool(needle) and needle not in it.text().casefold())

    def chosen(self) -> list[Any]:
        return [it.data(Qt.ItemDataRole.UserRole) for it in self.list.selectedItems()
                if not it.isHidden()]

    def extra_value(self) -> str:
        return str(self.extra.currentData() or "") if self.extra is not None else ""
