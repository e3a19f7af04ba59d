"""An event's talking points in order: drag (or Move up/down) to reorder, add from the
library, write a new one, take one out of the brief. Each step is undoable."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from briefing_app.core.enums import count
from briefing_app.core.enums import label as enum_label
from briefing_app.core.ops import entities, events, links
from briefing_app.gui.dialogs.pick_dialog import PickDialog
from briefing_app.gui.dialogs.text_dialogs import NewPointDialog
from briefing_app.gui.operations import history_text as H
from briefing_app.gui.operations.commands import (
    CallCommand,
    CompoundCreateCommand,
    ReorderPointsCommand,
    short,
)
from briefing_app.gui.operations.errors import guarded
from briefing_app.gui.operations.run_step import run_step
from briefing_app.gui.operations.state import AppState
from briefing_app.gui.widgets import item_keys
from briefing_app.gui.widgets.item_keys import Entry

ID_ROLE = Qt.ItemDataRole.UserRole + 1


def point_label(tp: Any, n: int | None = None) -> str:
    head = f"{n}. " if n is not None else ""
    title = tp.heading or short(tp.text, 80)
    flags = " · restricted" if tp.restricted else ""
    return f"{head}{title}\n    {enum_label(tp.point_type)}{flags} — {short(tp.text, 140)}"


class PointsPanel(QWidget):
    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.event_id: int | None = None
        self.order: list[int] = []
        self.list = QListWidget()
        self.list.setObjectName("briefPoints")
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.list.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.list.model().rowsMoved.connect(lambda *_: QTimer.singleShot(0, self._dropped))
        self.edit_bar = QWidget()  # every button here changes the brief
        buttons = QHBoxLayout(self.edit_bar)
        buttons.setContentsMargins(0, 0, 0, 0)
        for text, slot in (("Add from &library…", self._add), ("&New point…", self._new),
                           ("Move &up", lambda: self.move(-1)),
                           ("Move do&wn", lambda: self.move(+1)),
                           ("&Take out of brief", self.remove_current)):
            b = QPushButton(text)
            b.clicked.connect(slot)
            buttons.addWidget(b)
        buttons.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addWidget(self.edit_bar)
        lay.addWidget(self.list)
        item_keys.install(self.list, self.menu_entries, self.open_in_library)

    def menu_entries(self) -> list[Entry]:
        editable = self.edit_bar.isEnabled() and self.event_id is not None
        has = self.list.currentItem() is not None
        return [
            ("&Open in the library\tF2", self.open_in_library, has),
            None,
            ("Move &up", lambda: self.move(-1), editable and has),
            ("Move do&wn", lambda: self.move(+1), editable and has),
            ("&Take out of brief", self.remove_current, editable and has),
            None,
            ("Add from &library…", self._add, editable),
            ("&New point…", self._new, editable),
        ]

    def open_in_library(self) -> None:
        """F2 on a point: the library's form edits it (a point is shared by briefs)."""
        it = self.list.currentItem()
        if it is not None:
            self.state.view_requested.emit("talking-points")
            self.state.select("talking_point", it.data(ID_ROLE))

    def set_read_only(self, read_only: bool) -> None:
        """No buttons and no drag-to-reorder on a read-only database; the list can
        still be read, scrolled and selected."""
        self.edit_bar.setEnabled(not read_only)
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.NoDragDrop if read_only
                                  else QAbstractItemView.DragDropMode.InternalMove)

    def set_event(self, event_id: int | None) -> None:
        self.event_id = event_id
        points = links.points_of_event(self.state.require_db(), event_id) if event_id else []
        self.order = [p.id for p in points]
        current = self.list.currentRow()
        self.list.clear()
        for n, tp in enumerate(points, start=1):
            it = QListWidgetItem(point_label(tp, n))
            it.setData(ID_ROLE, tp.id)
            it.setToolTip(tp.text + (f"\n\nAnswer: {tp.answer}" if tp.answer else ""))
            self.list.addItem(it)
        if 0 <= current < self.list.count():
            self.list.setCurrentRow(current)

    def _push(self, cmd: Any) -> None:
        # On success the brief refreshes from the step's change set; reload here only
        # when the change was refused (the data may have moved elsewhere).
        if not run_step(self.state, cmd, self).ok:
            self.set_event(self.event_id)

    def reorder(self, new: list[int]) -> None:
        """Put the event's points in `new` order (one undoable step)."""
        if self.event_id and new != self.order:
            self._push(ReorderPointsCommand(self.state, self.event_id, new))

    def _dropped(self) -> None:
        new = [self.list.item(i).data(ID_ROLE) for i in range(self.list.count())]
        self.reorder(new)

    @guarded
    def move(self, step: int) -> None:
        row = self.list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < len(self.order):
            return
        new = list(self.order)
        new[row], new[target] = new[target], new[row]
        self.reorder(new)
        self.list.setCurrentRow(target)

    @guarded
    def _add(self, *_: Any) -> None:
        if not self.event_id:
            return
        points = [p for p in entities.list_for_visit(self.state.require_db(), "talking_point",
                                                     self.state.require_visit().id)
                  if p.id not in self.order]
        dlg = PickDialog(self, "Add talking points from the library",
                         [(point_label(p), p.id) for p in points])
        if not dlg.exec():
            return
        eid, chosen = self.event_id, list(dlg.chosen())
        if chosen:  # one pick, one transaction, one undo step
            self._push(CallCommand(
                self.state, H.both(f"Added {count(len(chosen), 'talking_point')} to the brief",
                                  f"Add {count(len(chosen), 'talking_point')} to the brief"),
                "event",
                lambda d: links.link_points(d, eid, chosen)))

    @guarded
    def _new(self, *_: Any) -> None:
        """Write a point into the library and this brief: one transaction, one undo step."""
        if not self.event_id:
            return

        eid = self.event_id
        dlg = NewPointDialog(self)

        def submit(d: NewPointDialog) -> Any:  # a refusal keeps the dialog and the text
            text = d.value()
            return self.state.push(CompoundCreateCommand(
                self.state, H.both(f"Wrote talking point {H.quoted(text)}",
                                   f"New talking point {H.quoted(text)}"), "talking_point",
                "talking_point", lambda db: events.new_point_in_event(db, eid, {"text": text})))

        dlg.submit = submit
        dlg.exec()

    @guarded
    def remove_current(self, *_: Any) -> None:
        it = self.list.currentItem()
        if it is None or not self.event_id:
            return
        pid, eid = it.data(ID_ROLE), self.event_id
        self._push(CallCommand(self.state, H.both("Took a talking point out of the brief",
                                      "Take talking point out of the brief"), "event",
                               lambda d: links.unlink_point(d, eid, pid)))
