"""File ▸ Restore Backup…: the database's backups, newest first, to pick one from."""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from briefing_app.gui.launch.screen_fit import fit_dialog

_REASONS = {
    "manual": "Back Up Now (kept until you delete it)",
    "periodic": "While editing (every 30 minutes)",
    "on-close": "When the database was closed",
    "before-restore": "Before a restore",
    "before-import": "Before an import",
}


def describe_reason(reason: str) -> str:
    """A backup's reason in words ('before-upgrade-from-0001' -> 'Before an upgrade …')."""
    if reason in _REASONS:
        return _REASONS[reason]
    if reason.startswith("before-upgrade-from-"):
        return f"Before an upgrade (from schema {reason.removeprefix('before-upgrade-from-')})"
    if reason.startswith("manual"):
        return _REASONS["manual"]
    return reason.replace("-", " ").capitalize() or "Backup"


def describe_time(backup: Any) -> str:
    """The backup's time in the computer's own zone, as a person reads it."""
    return f"{backup.created_at.astimezone():%a %d %b %Y  %H:%M:%S}"


def describe_size(size: int) -> str:
    return f"{size / 1_048_576:.1f} MB" if size >= 1_048_576 else f"{max(1, size // 1024)} kB"


class RestoreDialog(QDialog):
    """Lists `backups` (newest first: time, reason, size); `chosen()` is the one picked.
    `problem` (why the database did not open) is shown above the list when given."""

    def __init__(self, backups: Sequence[Any], db_path: Path, parent: QWidget | None = None,
                 problem: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("restoreDialog")
        self.setWindowTitle("Restore Backup")
        self.backups = list(backups)
        lay = QVBoxLayout(self)
        if problem:
            trouble = QLabel(problem)
            trouble.setObjectName("restoreProblem")
            trouble.setWordWrap(True)
            trouble.setStyleSheet("color: #9a3b00; font-weight: 600;")
            trouble.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            lay.addWidget(trouble)
        intro = QLabel(
            f"Choose the state of <b>{_escape(db_path.name)}</b> to go back to. The current "
            "file is kept first (as a backup, or set aside if it is damaged), so a restore "
            "can itself be taken back by restoring that copy. Undo history is cleared by a "
            "restore.")
        intro.setWordWrap(True)
        lay.addWidget(intro)
        self.list = QTreeWidget()
        self.list.setObjectName("backupList")
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setHeaderLabels(["Time", "Reason", "Size"])
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        for b in self.backups:
            item = QTreeWidgetItem([describe_time(b), describe_reason(b.reason),
                                    describe_size(b.size)])
            item.setToolTip(0, str(b.path))
            item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.list.addTopLevelItem(item)
        header = self.list.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        if self.backups:
            self.list.setCurrentItem(self.list.topLevelItem(0))
        self.list.itemDoubleClicked.connect(lambda *_: self.accept())
        lay.addWidget(self.list, 1)
        self.buttons = QDialogButtonBox()
        self.restore_button = self.buttons.addButton(
            "&Restore", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel).setAutoDefault(False)
        self.restore_button.setDefault(True)
        self.restore_button.setEnabled(bool(self.backups))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        self.list.setFocus()  # arrows choose, Enter restores (the default button)
        fit_dialog(self, QSize(640, 380))  # never beyond the screen

    def chosen(self) -> Any:
        """The selected backup (None when the list is empty)."""
        index = self.list.indexOfTopLevelItem(self.list.currentItem()) \
            if self.list.currentItem() is not None else -1
        return self.backups[index] if 0 <= index < len(self.backups) else None

    def select(self, index: int) -> None:
        self.list.setCurrentItem(self.list.topLevelItem(index))


def _escape(text: str) -> str:
    return html.escape(text)
