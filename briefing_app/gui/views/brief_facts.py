"""The facts an event's brief cites: directly, or through its talking points.

A fact that comes through a talking point is shown (it will be printed in the brief)
but cannot be un-cited here: it belongs to the point, which other briefs may share.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from briefing_app.core.enums import count
from briefing_app.core.errors import ValidationError
from briefing_app.core.facts import format_value, is_stale
from briefing_app.core.ops import entities, links
from briefing_app.gui.dialogs.pick_dialog import PickDialog
from briefing_app.gui.operations import history_text as H
from briefing_app.gui.operations.commands import CallCommand, short
from briefing_app.gui.operations.errors import guarded
from briefing_app.gui.operations.run_step import run_step
from briefing_app.gui.operations.state import AppState
from briefing_app.gui.widgets import item_keys
from briefing_app.gui.widgets.item_keys import Entry

ID_ROLE = Qt.ItemDataRole.UserRole + 1
DIRECT_ROLE = Qt.ItemDataRole.UserRole + 2
COLUMNS = ("Fact", "As of", "Source", "Cited")
MUTED = QColor("#6b717b")
STALE = QColor("#b04a00")


def fact_label(fact: Any, visit: Any) -> str:
    """One-line description used by the pick dialog."""
    value = format_value(fact)
    when = f"as of {fact.as_of:%d %b %Y}" if fact.as_of else "no date"
    stale = "  ⚠ STALE" if is_stale(fact, visit) else ""
    src = f" — {fact.source}" if fact.source else ""
    return f"{fact.statement}{f'  [{value}]' if value else ''}\n    {when}{src}{stale}"


SORT_KEY = Qt.ItemDataRole.UserRole + 3


class _Cell(QTableWidgetItem):
    """A cell that sorts by its key when it has one (dates), else by its text."""

    def __lt__(self, other: QTableWidgetItem) -> bool:
        a, b = self.data(SORT_KEY), other.data(SORT_KEY)
        if a is not None and b is not None:
            return str(a) < str(b)
        return self.text().casefold() < other.text().casefold()


class FactsPanel(QWidget):
    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.event_id: int | None = None
        self.direct: set[int] = set()
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("briefFacts")
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.verticalHeader().hide()
        # Long statements wrap; rows grow to fit them.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setWordWrap(True)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col, width in ((1, 110), (2, 190), (3, 220)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(col, width)
        self.table.currentCellChanged.connect(self._current_changed)
        # No sort until a header is clicked: the brief's own order comes first.
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        item_keys.install(self.table, self.menu_entries, self.open_fact)
        self.add = QPushButton("&Cite a fact…")
        self.add.clicked.connect(self._add)
        self.remove = QPushButton("&Stop citing")
        self.remove.clicked.connect(self.remove_current)
        self.remove.setEnabled(False)
        self.hint = QLabel("Facts marked “via talking point” come with a point in this brief; "
                           "edit the point in the library to change them.")
        self.hint.setWordWrap(True)
        pal = self.hint.palette()
        pal.setColor(self.hint.foregroundRole(), MUTED)
        self.hint.setPalette(pal)
        self.edit_bar = QWidget()  # locked as a whole on a read-only database
        row = QHBoxLayout(self.edit_bar)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.add)
        row.addWidget(self.remove)
        row.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addWidget(self.edit_bar)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.hint)

    def set_read_only(self, read_only: bool) -> None:
        """Cite and Stop citing are off on a read-only database (Stop citing keeps its
        own "a direct citation is selected" condition for when they come back)."""
        self.edit_bar.setEnabled(not read_only)

    def set_event(self, event_id: int | None) -> None:
        self.event_id = event_id
        self.table.setSortingEnabled(False)  # rows are placed by index while filling
        self.table.setRowCount(0)
        self.direct = set()
        self.remove.setEnabled(False)
        if not event_id:
            return
        db = self.state.require_db()
        visit = self.state.require_visit()
        cited = links.cited_facts(db, event_id)
        via = self._points_citing(db, event_id, {f.id for f, direct in cited if not direct})
        for fact, direct in cited:
            value = format_value(fact)
            stale = is_stale(fact, visit)
            when = f"{fact.as_of:%d %b %Y}" if fact.as_of else "no date"
            if direct:
                cited_as = "directly"
            else:
                heads = via.get(fact.id, [])
                cited_as = "via talking point" + (f" “{short(heads[0], 40)}”" if heads else "")
                if len(heads) > 1:
                    cited_as += f" and {len(heads) - 1} more"
            cells = [_Cell(text) for text in (
                fact.statement + (f"  [{value}]" if value else ""),
                when + ("  ⚠ stale" if stale else ""), fact.source, cited_as)]
            cells[1].setData(SORT_KEY, fact.as_of.isoformat() if fact.as_of else "")
            cells[0].setData(ID_ROLE, fact.id)
            cells[0].setData(DIRECT_ROLE, direct)
            if not direct:
                for cell in cells:
                    cell.setForeground(QBrush(MUTED))
                cells[3].setToolTip("Cited by " + ", ".join(
                    f"“{h}”" for h in via.get(fact.id, [])) +
                    ": it cannot be un-cited from this brief alone.")
            else:
                self.direct.add(fact.id)
            if stale:
                cells[1].setForeground(QBrush(STALE))
                cells[1].setToolTip("Older than the visit's threshold for facts, or undated: "
                                    "check the figure before the visit.")
            row = self.table.rowCount()
            self.table.insertRow(row)
            for col, cell in enumerate(cells):
                self.table.setItem(row, col, cell)
        self.table.setSortingEnabled(True)  # any column, by a click on its header
        self.hint.setVisible(any(not d for _f, d in cited))

    @staticmethod
    def _points_citing(db: Any, event_id: int, fact_ids: set[int]) -> dict[int, list[str]]:
        """For each fact that comes through a point: the headings of the points citing it."""
        found: dict[int, list[str]] = {}
        if not fact_ids:
            return found
        for point in links.points_of_event(db, event_id):
            for fact in links.facts_of_point(db, point.id):
                if fact.id in fact_ids:
                    found.setdefault(fact.id, []).append(point.heading)
        return found

    def menu_entries(self) -> list[Entry]:
        editable = self.add.isEnabled() and self.event_id is not None
        has = self.table.currentRow() >= 0
        return [("&Open in Facts\tF2", self.open_fact, has), None,
                ("&Cite a fact…", self._add, editable),
                ("&Stop citing", self.remove_current, self.remove.isEnabled() and has)]

    def open_fact(self) -> None:
        it = self.table.item(self.table.currentRow(), 0)
        if it is not None and it.data(ID_ROLE):
            self.state.view_requested.emit("facts")
            self.state.select("fact", it.data(ID_ROLE))

    def _current_changed(self, row: int, *_: Any) -> None:
        item = self.table.item(row, 0) if row >= 0 else None
        direct = item is not None and bool(item.data(DIRECT_ROLE))
        self.remove.setEnabled(direct)
        self.remove.setToolTip("" if direct or item is None else
                               "This fact comes with a talking point; it cannot be "
                               "un-cited from this brief alone.")

    def _push(self, cmd: Any) -> None:
        # On success the brief refreshes from the step's change set; reload here only
        # when the change was refused (the data may have moved elsewhere).
        if not run_step(self.state, cmd, self).ok:
            self.set_event(self.event_id)

    @guarded
    def _add(self, *_: Any) -> None:
        if not self.event_id:
            return
        visit = self.state.require_visit()
        facts = [f for f in entities.list_for_visit(self.state.require_db(), "fact", visit.id)
                 if f.id not in self.direct]
        dlg = PickDialog(self, "Cite facts", [(fact_label(f, visit), f.id) for f in facts])
        if not dlg.exec():
            return
        eid, chosen = self.event_id, list(dlg.chosen())
        if chosen:  # one pick, one transaction, one undo step
            self._push(CallCommand(
                self.state, H.both(f"Cited {count(len(chosen), 'fact')}",
                                  "Cite a fact" if len(chosen) == 1 else "Cite facts"),
                "event",
                lambda d: links.link_facts_to_event(d, eid, chosen)))

    @guarded
    def remove_current(self, *_: Any) -> None:
        row = self.table.currentRow()
        it = self.table.item(row, 0) if row >= 0 else None
        if it is None or not self.event_id:
            return
        fid, eid = it.data(ID_ROLE), self.event_id
        if fid not in self.direct:
            raise ValidationError("fact", "it is cited by one of the talking points; take "
                                  "the point out of the brief or edit it in the library")
        self._push(CallCommand(self.state, H.both(f"Stopped citing {H.quoted(it.text(), 30)}",
                                      f"Stop citing {H.quoted(it.text(), 30)}"), "event",
                               lambda d: links.unlink_fact_from_event(d, eid, fid)))
