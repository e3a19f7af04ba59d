"""Facts and figures, each with its source and as-of date; stale ones stand out."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QListWidget, QWidget

from briefing_app.core.facts import format_value, is_stale
from briefing_app.core.ops import links
from briefing_app.gui.operations.errors import guarded
from briefing_app.gui.operations.state import AppState
from briefing_app.gui.views.list_form import ListFormView
from briefing_app.gui.widgets.dates import format_date
from briefing_app.gui.widgets.item_keys import has_id, install_opener
from briefing_app.gui.widgets.record_form import Field
from briefing_app.gui.widgets.table_model import Column


class FactsView(ListFormView):
    kind = "fact"
    title_text = "Facts and figures"
    new_values = {"statement": "New fact"}
    copy_fields = ("statement", "value", "unit", "as_of", "source", "topics")

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self.stale_only = QCheckBox("Only &stale")
        self.stale_only.toggled.connect(self.safe_refresh)
        self.filters.addWidget(self.stale_only)
        for col, width in enumerate((360, 110, 100, 220, 70)):
            self.table.setColumnWidth(col, width)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.cited = QListWidget()
        self.cited.setMaximumHeight(140)
        self.cited.itemActivated.connect(self._open_event)

        install_opener(self.cited, lambda i: self._open_event(self.cited.itemFromIndex(i)),
                       "Open the event's &brief", opens=has_id)
        self.right_layout.addWidget(self.note)
        self.right_layout.addWidget(QLabel("<b>Cited in</b> (Enter or double-click opens the brief)"))
        self.right_layout.addWidget(self.cited)

    def columns(self) -> list[Column]:
        return [
            Column("Statement", lambda f: f.statement, tooltip=lambda f: f.statement),
            Column("Value", format_value, align_right=True,
                   sort=lambda f: f.value if f.value is not None else float("-inf")),
            Column("As of", lambda f: format_date(f.as_of) if f.as_of else "—",
                   sort=lambda f: f.as_of.isoformat() if f.as_of else ""),
            Column("Source", lambda f: f.source),
            Column("Stale", lambda f: "⚠ stale" if self._stale(f) else ""),
        ]

    def fields(self) -> list[Field]:
        return [
            Field("statement", "&Statement", "text", rows=3),
            Field("value", "&Value", "float", placeholder="a number, e.g. 11.7"),
            Field("unit", "&Unit", placeholder="e.g. bn US$"),
            Field("as_of", "&As of", "optdate"),
            Field("source", "S&ource", "text", rows=2),
            Field("topics", "&Topics", placeholder="comma-separated, e.g. trade, transit"),
        ]

    def _stale(self, fact: Any) -> bool:
        return self.state.visit is not None and is_stale(fact, self.state.visit)

    def warn(self, record: Any) -> bool:
        return self._stale(record)

    def accept(self, record: Any) -> bool:
        return not (hasattr(self, "stale_only") and self.stale_only.isChecked()
                    and not self._stale(record))

    def on_record(self, fact: Any) -> None:
        self.cited.clear()
        self.note.clear()
        if fact is None:
            return
        if self._stale(fact):
            days = self.state.visit.fact_stale_days
            self.note.setText(f"<span style='color:#b04a00'>⚠ Stale: the as-of date is more "
                              f"than {days} days before the visit, or missing. Check the figure "
                              "before it is quoted.</span>")
        # One query (reading every event's citations took minutes on a large visit).
        for ev in links.events_citing_fact(self.state.require_db(), fact.id):
            self.cited.addItem(ev.title)
            self.cited.item(self.cited.count() - 1).setData(Qt.ItemDataRole.UserRole, ev.id)

    @guarded
    def _open_event(self, item: Any) -> None:
        self.state.select("event", item.data(Qt.ItemDataRole.UserRole))
        self.state.view_requested.emit("brief")
