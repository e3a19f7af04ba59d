"""Venues: where each event takes place, in which city and time zone, and which events
use it. A new event's zone comes from its venue, so a venue's zone is asked for here."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QWidget

from briefing_app.core.enums import count
from briefing_app.core.ops.venues import events_at_venue, venue_usage
from briefing_app.core.timezones import in_zone
from briefing_app.gui.operations.errors import guarded
from briefing_app.gui.operations.state import AppState
from briefing_app.gui.views.list_form import ListFormView
from briefing_app.gui.widgets.dates import format_datetime
from briefing_app.gui.widgets.item_keys import has_id, install_opener
from briefing_app.gui.widgets.record_form import Field
from briefing_app.gui.widgets.table_model import Column
from briefing_app.gui.window.event_actions import default_zone


class VenuesView(ListFormView):
    kind = "venue"
    title_text = "Venues"
    copy_fields = ("name", "address", "city", "country", "tz", "notes")

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        self._usage: dict[int, int] = {}
        super().__init__(state, parent)
        self.kinds = frozenset({"venue", "event"})  # the counts follow the programme
        for col, width in enumerate((250, 110, 100, 120, 60)):
            self.table.setColumnWidth(col, width)
        self.used_in = QListWidget()
        self.used_in.setObjectName("venueEvents")
        self.used_in.setMinimumHeight(120)
        self.used_in.itemActivated.connect(self._open_event)

        install_opener(self.used_in, lambda i: self._open_event(self.used_in.itemFromIndex(i)),
                       "Open the event's &brief", opens=has_id)
        self.used_label = QLabel("<b>Events here</b> (Enter or double-click opens the brief)")
        self.right_layout.addWidget(self.used_label)
        self.right_layout.addWidget(self.used_in)

    @property
    def new_values(self) -> dict[str, Any]:  # type: ignore[override]
        """A new venue starts in the host's zone: the zone most events use, else home."""
        return {"name": "New venue", "tz": default_zone(self.state),
                "city": self.state.require_visit().host_city,
                "country": self.state.require_visit().host_country}

    def columns(self) -> list[Column]:
        return [
            Column("Name", lambda v: v.name, tooltip=lambda v: v.address or v.name),
            Column("City", lambda v: v.city),
            Column("Country", lambda v: v.country),
            Column("Time zone", lambda v: v.tz),
            Column("Events", lambda v: str(self._usage.get(v.id, 0)), align_right=True,
                   sort=lambda v: self._usage.get(v.id, 0)),
        ]

    def fields(self) -> list[Field]:
        return [
            Field("name", "&Name", placeholder="e.g. Great Hall of the People"),
            Field("address", "&Address", "text", rows=2),
            Field("city", "&City"),
            Field("country", "C&ountry"),
            Field("tz", "Time &zone", "tz"),
            Field("notes", "No&tes", "text", rows=4),
        ]

    def load(self) -> list[Any]:
        visit = self.state.require_visit()
        self._usage = venue_usage(self.state.require_db(), visit.id)
        return super().load()

    def on_record(self, venue: Any) -> None:
        self.used_in.clear()
        if venue is None:
            return
        for ev in events_at_venue(self.state.require_db(), venue.id):
            where = "" if ev.venue_id == venue.id else "  (arrival)"
            self.used_in.addItem(f"{format_datetime(in_zone(ev.starts_at, ev.tz))}  "
                                 f"{ev.title}{where}")
            self.used_in.item(self.used_in.count() - 1).setData(Qt.ItemDataRole.UserRole, ev.id)

    def delete_detail(self, records: list[Any]) -> str:
        """How many events use the venue(s): they keep their times but lose the venue."""
        n = sum(self._usage.get(r.id, 0) for r in records)
        used = f"{'It is' if len(records) == 1 else 'They are'} used by {count(n, 'event')}"
        if n == 0:
            return ""
        if n == 1:
            return f"{used}, which keeps its time and zone but no longer has a venue."
        return f"{used}, which keep their times and zones but no longer have a venue."

    @guarded
    def _open_event(self, item: Any) -> None:
        self.state.select("event", item.data(Qt.ItemDataRole.UserRole))
        self.state.view_requested.emit("brief")
