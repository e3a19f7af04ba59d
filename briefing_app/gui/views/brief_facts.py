"""The facts an event's brief cites: directly, or through its talking points."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from briefing_app.gui.commands import CallCommand, short
from briefing_app.gui.errors import guarded, show_error
from briefing_app.gui.state import AppState

ID_ROLE = Qt.ItemDataRole.UserRole + 1


def fact_label(fact: Any, visit: Any) -> str:
    from briefing_app.core.facts import format_value, is_stale

    value = format_value(fact)
    when = f"as of {fact.as_of:%d %b %Y}" if fact.as_of else "no date"
    stale = "  ⚠ STALE" if is_stale(fact, visit) else ""
    src = f" — {fact.source}" if fact.source else ""
    return f"{fact.statement}{f'  [{value}]' if value else ''}\n    {when}{src}{stale}"


class FactsPanel(QWidget):
    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.event_id: int | None = None
        self.direct: set[int] = set()
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        add = QPushButton("&Cite a fact…")
        add.clicked.connect(self._add)
        remove = QPushButton("&Stop citing")
        remove.clicked.connect(self._remove)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addLayout(row)
        lay.addWidget(self.list)

    def set_event(self, event_id: int | None) -> None:
        from briefing_app.core.ops import links

        self.event_id = event_id
        self.list.clear()
        if not event_id:
            return
        db = self.state.require_db()
        visit = self.state.require_visit()
        facts = links.facts_of_event(db, event_id)
        points = links.points_of_event(db, event_id)
        via_points = {f.id for p in points for f in links.facts_of_point(db, p.id)}
        self.direct = {f.id for f in facts} - via_points
        for f in facts:
            it = QListWidgetItem(fact_label(f, visit) + ("" if f.id in self.direct
                                                         else "\n    (cited by a talking point)"))
            it.setData(ID_ROLE, f.id)
            self.list.addItem(it)

    def _push(self, cmd: Any) -> None:
        try:
            self.state.push(cmd)
        except Exception as exc:  # noqa: BLE001
            show_error(exc, self)
        self.set_event(self.event_id)

    @guarded
    def _add(self, *_: Any) -> None:
        from briefing_app.core.ops import entities, links
        from briefing_app.gui.dialogs.pick_dialog import PickDialog

        if not self.event_id:
            return
        shown = {self.list.item(i).data(ID_ROLE) for i in range(self.list.count())}
        visit = self.state.require_visit()
        facts = [f for f in entities.list_for_visit(self.state.require_db(), "fact", visit.id)
                 if f.id not in shown]
        dlg = PickDialog(self, "Cite facts", [(fact_label(f, visit), f.id) for f in facts])
        if not dlg.exec():
            return
        eid = self.event_id
        for fid in dlg.chosen():
            self._push(CallCommand(self.state, "Cite a fact", "event",
                                   lambda d, f=fid: links.link_fact_to_event(d, eid, f),
                                   lambda d, f=fid: links.unlink_fact_from_event(d, eid, f)))

    @guarded
    def _remove(self, *_: Any) -> None:
        from briefing_app.core.ops import links

        it = self.list.currentItem()
        if it is None or not self.event_id:
            return
        fid, eid = it.data(ID_ROLE), self.event_id
        if fid not in self.direct:
            from briefing_app.core.errors import ValidationError

            raise ValidationError("fact", "it is cited by one of the talking points; take "
                                  "the point out of the brief or edit it in the library")
        self._push(CallCommand(self.state, f"Stop citing {short(it.text(), 30)!r}", "event",
                               lambda d: links.unlink_fact_from_event(d, eid, fid),
                               lambda d: links.link_fact_to_event(d, eid, fid)))
