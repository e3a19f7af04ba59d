"""Side-by-side comparison of any two text versions of an agreement."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from briefing_app.core.ops.agreements import diff_versions
from briefing_app.gui.launch.screen_fit import fit_dialog

COLOURS = {"delete": QColor("#fbdada"), "insert": QColor("#d8f3dc"),
           "replace": QColor("#fff3c4")}


class DiffDialog(QDialog):
    def __init__(self, db: Any, agreement: Any, versions: list[Any],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.agreement = agreement
        self.setWindowTitle(f"Compare texts — {agreement.title}")
        fit_dialog(self, QSize(1100, 640))  # never beyond the screen
        self.old = QComboBox()
        self.new = QComboBox()
        for v in versions:
            text = f"Version {v.number}" + (f" — {v.author}" if v.author else "") + \
                   f" ({v.created_at:%d %b %Y %H:%M})"
            self.old.addItem(text, v.number)
            self.new.addItem(text, v.number)
        if len(versions) >= 2:
            self.old.setCurrentIndex(len(versions) - 2)
        self.new.setCurrentIndex(len(versions) - 1)
        self.summary = QLabel()
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["#", "Older", "#", "Newer"])
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        h = self.table.horizontalHeader()
        for col in (0, 2):
            h.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        for col in (1, 3):
            h.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
        row = QHBoxLayout()
        row.addWidget(QLabel("Compare"))
        row.addWidget(self.old, 1)
        row.addWidget(QLabel("with"))
        row.addWidget(self.new, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(row)
        lay.addWidget(self.summary)
        lay.addWidget(self.table, 1)
        lay.addWidget(buttons)
        self.old.activated.connect(self.compare)
        self.new.activated.connect(self.compare)
        self.compare()

    def compare(self, *_: Any) -> None:
        if self.old.count() == 0:
            self.summary.setText("This agreement has no text yet.")
            return
        diff = diff_versions(self.db, self.agreement.id, self.old.currentData(),
                             self.new.currentData())
        self.table.setRowCount(len(diff.rows))
        mono = QFont("DejaVu Sans Mono")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        changed = 0
        for i, r in enumerate(diff.rows):
            cells = ("" if r.left_no is None else str(r.left_no), r.left,
                     "" if r.right_no is None else str(r.right_no), r.right)
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if r.tag in COLOURS and (col in (1, 3)):
                    side_empty = (col == 1 and r.left_no is None) or \
                                 (col == 3 and r.right_no is None)
                    if not side_empty:
                        item.setBackground(QBrush(COLOURS[r.tag]))
                self.table.setItem(i, col, item)
            changed += r.tag != "equal"
        self.table.resizeRowsToContents()
        self.summary.setText("The two versions are identical." if not diff.changed else
                             f"{changed} changed line(s): red removed, green added, "
                             "yellow reworded.")
