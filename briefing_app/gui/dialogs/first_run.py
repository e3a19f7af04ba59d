"""Shown when the database has no visit yet: load the demo or start a new visit."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

DEMO, NEW, LATER = 1, 2, 0


class FirstRunDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Welcome to Briefing App")
        self.choice = LATER
        text = QLabel(
            "<h3>This database has no visit yet.</h3>"
            "<p>Load the demo — the 2019 state visit of Kazakhstan's President to China, "
            "with its programme, briefs, people, facts and agreements — to see how the app "
            "works, or start preparing your own visit.</p>")
        text.setWordWrap(True)
        demo = QPushButton("Load the &demo visit")
        new = QPushButton("Create a &new visit…")
        later = QPushButton("&Later")
        demo.setDefault(True)
        demo.clicked.connect(lambda: self._pick(DEMO))
        new.clicked.connect(lambda: self._pick(NEW))
        later.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addStretch(1)
        for b in (demo, new, later):
            row.addWidget(b)
        lay = QVBoxLayout(self)
        lay.addWidget(text)
        lay.addLayout(row)
        self.setMinimumWidth(480)

    def _pick(self, choice: int) -> None:
        self.choice = choice
        self.accept()
