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
from briefing_app.core.ops import seating
from briefing_app.core.ops.seating import precedence_order
from briefing_app.gui.operations import history_text
from briefing_app.gui.operations.commands import CallCommand
from briefing_app.gui.operations.run_step import run_step
from briefing_app.gui.views.base import hint_label
from briefing_app.gui.views.precedence_editor import PrecedenceEditor

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
        self.list.currentItemChanged.connect(self._current)
        self.editor = PrecedenceEditor(state)
        self._rows: dict[int, tuple[Any, Any]] = {}  # person id -> (person, entry)
        row = QHBoxLayout()
        row.addWidget(QLabel("&Side"))
        row.itemAt(0).widget().setBuddy(self.side)
        row.addWidget(self.side, 1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 4, 0, 0)
        lay.addLayout(row)
        lay.addWidget(self.list, 1)
        lay.addWidget(self.editor)
        self.list.setToolTip("Drag to reorder. Equal ranks are ties: the higher office goes "
                             "first (office rank 1 is the highest), then the earlier date "
                             "of appointment.")
        lay.addWidget(hint_label("Drag to reorder; a shared rank is a tie (office rank, "
                                 "then appointment)."))

    def refresh(self) -> None:
        keep = self.list.currentItem().data(ID_ROLE) if self.list.currentItem() else None
        self.list.clear()
        self._rows.clear()
        if self.state.visit is None or self.state.db is None:
            self.editor.show_person(None, None)
            return
        rows = precedence_order(self.state.db, self.state.visit.id, self.side.currentData())
        self._rows = {p.id: (p, e) for p, e in rows}
        ranks = [e.rank for _p, e in rows if e is not None]
        for n, (person, entry) in enumerate(rows, start=1):
            second = " · ".join(x for x in (person.latin_name if person.latin_name !=
                                            person.native_name else "", person.title) if x)
            text = f"{n}. {person.native_name}" + (f"\n    {second}" if second else "")
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
            if person.id == keep:
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)
        if self.list.currentItem() is None:
            self.editor.show_person(None, None)

    def _current(self, item: QListWidgetItem | None, _previous: Any = None) -> None:
        person, entry = self._rows.get(item.data(ID_ROLE), (None, None)) if item else \
            (None, None)
        self.editor.show_person(person, entry)

    def reorder(self, ids: list[int]) -> None:
        """One undoable step: the side's ranks become 1, 2, 3 … in this order."""
        visit, side = self.state.require_visit(), self.side.currentData()
        text = history_text.both(f"Reordered the precedence of {enum_label(side).lower()}",
                                 f"Reorder the precedence of {enum_label(side).lower()}")
        command = CallCommand(self.state, text, "precedence",
                              lambda db: seating.reorder_precedence(db, visit.id, side, ids))
        run_step(self.state, command, self)  # refused: shown; the stored order comes back
        self.refresh()

    def set_read_only(self, read_only: bool) -> None:
        self.list.set_read_only(read_only)
        self.editor.set_read_only(read_only)
