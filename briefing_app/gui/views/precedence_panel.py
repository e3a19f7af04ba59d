"""The order of precedence of one side of the visit: drag to reorder.

A drop sets ranks 1, 2, 3 … in the order shown (core.ops.seating.reorder_precedence),
one undo step. People sharing a rank are ties: the panel shows each tie with the rule
that breaks it (the higher office, then the earlier appointment), as core/precedence.py
applies it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from briefing_app.core.enums import Side
from briefing_app.core.enums import label as enum_label
from briefing_app.gui import history_text
from briefing_app.gui.commands import CallCommand
from briefing_app.gui.views.base import hint_label

ID_ROLE = Qt.ItemDataRole.UserRole


def tie_note(entry: Any) -> str:
    """How a tie is broken for this person: office rank, then date of appointment."""
    when = (f"appointed {entry.appointed_on.day} {entry.appointed_on:%b %Y}"
            if entry.appointed_on else "no date of appointment")
    return f"tied at {entry.rank}: office rank {entry.office_rank}, {when}"


class PrecedenceList(QListWidget):
    """A list whose drops report the new order (`reordered`) instead of keeping it: the
    core's order comes back with the refresh, so a refused reorder shows nothing false."""

    reordered = Signal(list)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("precedenceList")
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setAlternatingRowColors(True)
        self.setWordWrap(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # After the drop has finished (the refresh that follows rebuilds the list).
        self.model().rowsMoved.connect(self._dropped)

    def _dropped(self, *_: Any) -> None:
        ids = self.ids()
        QTimer.singleShot(0, lambda: self.reordered.emit(ids))

    def ids(self) -> list[int]:
        return [int(self.item(i).data(ID_ROLE)) for i in range(self.count())]

    def move_row(self, src: int, dest: int) -> None:
        """Move one row as a drop does (the keyboard and tests use it)."""
        ids = self.ids()
        ids.insert(dest, ids.pop(src))
        self.reordered.emit(ids)

    def set_read_only(self, read_only: bool) -> None:
        self.setDragDropMode(QAbstractItemView.DragDropMode.NoDragDrop if read_only
                             else QAbstractItemView.DragDropMode.InternalMove)


class PrecedencePanel(QWidget):
    def __init__(self, state: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.side = QComboBox()
        self.side.setObjectName("precedenceSide")
        for s in (Side.OURS, Side.COUNTERPART, Side.OTHER):
            self.side.addItem(enum_label(s), str(s))
        self.side.currentIndexChanged.connect(lambda _i: self.refresh())
        self.list = PrecedenceList()
        self.list.reordered.connect(self.reorder)
        row = QHBoxLayout()
        row.addWidget(QLabel("&Side"))
        row.itemAt(0).widget().setBuddy(self.side)
        row.addWidget(self.side, 1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 4, 0, 0)
        lay.addLayout(row)
        lay.addWidget(self.list, 1)
        lay.addWidget(hint_label("Drag to reorder. Equal ranks are ties: the higher office "
                                 "goes first (office rank 1 is the highest), then the "
                                 "earlier date of appointment."))

    def refresh(self) -> None:
        from briefing_app.core.ops.seating import precedence_order

        self.list.clear()
        if self.state.visit is None or self.state.db is None:
            return
        rows = precedence_order(self.state.db, self.state.visit.id, self.side.currentData())
        ranks = [e.rank for _p, e in rows if e is not None]
        for n, (person, entry) in enumerate(rows, start=1):
            text = f"{n}. {person.display_name}"
            if person.title:
                text += f"\n    {person.title}"
            item = QListWidgetItem(text)
            item.setData(ID_ROLE, person.id)
            if entry is None:
                item.setToolTip("Not ranked yet: after everyone ranked, in the people list's "
                                "order")
                item.setForeground(Qt.GlobalColor.darkGray)
            elif ranks.count(entry.rank) > 1:
                item.setText(f"{text}\n    = {tie_note(entry)}")
                item.setToolTip(tie_note(entry))
            self.list.addItem(item)

    def reorder(self, ids: list[int]) -> None:
        """One undoable step: the side's ranks become 1, 2, 3 … in this order."""
        from briefing_app.core.ops import seating

        visit, side = self.state.require_visit(), self.side.currentData()
        text = history_text.both(f"Reordered the precedence of {enum_label(side).lower()}",
                                 f"Reorder the precedence of {enum_label(side).lower()}")
        command = CallCommand(self.state, text, "precedence",
                              lambda db: seating.reorder_precedence(db, visit.id, side, ids))
        try:
            self.state.push(command)
        except Exception as exc:  # noqa: BLE001 - refused: show why, show the stored order
            from briefing_app.gui.errors import show_error

            show_error(exc, self)
        self.refresh()

    def set_read_only(self, read_only: bool) -> None:
        self.list.set_read_only(read_only)
