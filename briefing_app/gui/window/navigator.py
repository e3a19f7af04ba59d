"""The visit navigator: every visit, and inside the open one its days and events.

Painted in the window's first frames (filled from the programme read by
core.quick_programme), so, like the programme, it avoids the `Qt` enums until the
database is open: roles are plain ints.

A real-sized visit (more than LAZY_EVENTS events) opens with its days collapsed, and a
day's events become tree items only when the day is opened (or one of its events is
selected): 5,000 event items, each with its text, tooltip, roles and icon, cost about
a second before the programme could show.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QSize
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

from briefing_app.core.enums import EventStatus, label
from briefing_app.gui.operations.errors import guarded
from briefing_app.gui.operations.state import AppState

# Deferred imports: this module is loaded before the first paint (or while the database
# opens), so the core (SQLAlchemy), ReportLab and Qt enums load only when first used
# (benchmarks/startup.py).

KIND_ROLE = 257  # Qt::UserRole + 1
ID_ROLE = 258
DEFAULT_WIDTH = 260  # wide enough for "10:00  Talks with President Xi Ji…" at the default size
LAZY_EVENTS = 400  # above this many events, a day's events are made when it is opened
# The views listed under the open visit, after its days: (text, view key, tooltip).
VIEW_ENTRIES = (
    ("Venues", "venues", "Where the events take place (Ctrl+0)"),
    ("Seating plans", "seating", "Who sits where at each table, and the order of precedence "
                                 "(Ctrl+Shift+1)"),
    ("Delegation", "delegation", "Our delegation: roles, badges, visas, passports (restricted) "
                                 "(Ctrl+Shift+2)"),
    ("Movements", "movements", "Car plans and flights of the transfers, the hotels' rooming "
                               "lists (Ctrl+Shift+3)"),
    ("Gifts", "gifts", "The gift register: given and received, value, disposition "
                       "(Ctrl+Shift+4)"),
    ("Speeches", "speeches", "Speech texts printed as reading copies (Ctrl+Shift+5)"),
)
# id, start at the venue (formatted hh:mm when the item is made: a large visit's days
# are filled only when opened), title, tooltip (or a function making it), cancelled,
# conflict
EventEntry = tuple[int, Any, str, "str | Callable[[], str]", bool, bool]


class Navigator(QTreeWidget):
    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setObjectName("navigator")
        self.setHeaderHidden(True)
        self.setUniformRowHeights(True)
        self.setIndentation(12)
        self.itemActivated.connect(self._activated)
        self.itemClicked.connect(self._clicked)
        self.itemExpanded.connect(self._fill_day)
        # Days whose event items are not made yet, with what they need (see _fill_day),
        # and where each event is, so selecting one never walks the whole tree.
        self._pending: dict[int, tuple[QTreeWidgetItem, list[EventEntry]]] = {}
        self._event_day: dict[int, QTreeWidgetItem] = {}
        self._event_items: dict[int, QTreeWidgetItem] = {}
        self._look: tuple[Any, Any] = (None, None)  # (row size, warning icon) for _fill_day
        self._visits: list[tuple[int, str, str]] | None = None  # as the last reload read them
        self._keep_visits = False  # set by _on_changes for a step that changed no visit
        state.visit_changed.connect(lambda _v: self.reload())
        state.data_changed.connect(self._on_changed)
        state.changed.connect(self._on_changes)
        state.selection_requested.connect(self._select)

    def sizeHint(self) -> QSize:
        return QSize(DEFAULT_WIDTH, 480)

    def _on_changed(self, kind: str) -> None:
        if kind in ("*", "visit", "event"):
            self.reload()

    def _on_changes(self, changes: Any) -> None:
        """A step's change set: rebuild when it touches events or visits; one that
        changed no visit keeps the list of visits read before (one read less)."""
        if changes.touches({"visit", "event"}):
            self._keep_visits = not changes.touches({"visit"})
            try:
                self.reload()
            finally:
                self._keep_visits = False

    def reload(self) -> None:
        """Rebuild from the core; keeps the open visit expanded."""
        self.setEnabled(True)
        if self.state.db is None:
            self.clear()
            self._forget()
            self._visits = None
            return
        from briefing_app.core.programme import load_programme

        if not self._keep_visits or self._visits is None:
            self._visits = [(v.id, v.title, f"{v.title}\n{v.start_date} – {v.end_date} · "
                             f"{label(v.visit_type)}") for v in self.state.visits()]
        visit_rows = self._visits
        days: list[tuple[date, list[EventEntry]]] = []
        if self.state.visit is not None:
            prog = load_programme(self.state.require_db(), self.state.visit.id)
            for day in prog.days:
                events = []
                for it in day.items:
                    ev = it.event
                    # The tooltip is worked out when the item is made (see _add_events).
                    events.append((ev.id, it.start.venue, ev.title,
                                   lambda ev=ev, it=it: f"{ev.title}\n{it.start.label()}",
                                   ev.status == EventStatus.CANCELLED, it.in_conflict))
                days.append((day.day, events))
        self._fill(visit_rows, self.state.visit.id if self.state.visit else None, days,
                   icons=True)

    def show_preview(self, visits: list[tuple[int, str]], open_id: int, programme: Any) -> None:
        """The tree from the programme read before the database layer loaded
        (core.quick_programme); greyed until the database opens. Built from the
        programme's items, not from the table's display rows: those are formatted only
        when painted (gui/views/programme_rows.py), and formatting all 5,000 of a large visit
        for the navigator cost ~0.15 s before the first frame."""
        days: list[tuple[date, list[EventEntry]]] = []
        for day in programme.days:
            days.append((day.day, [(it.event.id, it.start.venue, it.event.title,
                                    it.event.title, it.event.status == EventStatus.CANCELLED,
                                    it.in_conflict) for it in day.items]))
        self._fill([(vid, title, title) for vid, title in visits], open_id, days, icons=False)
        self.setEnabled(False)

    def _fill(self, visits: list[tuple[int, str, str]], open_id: int | None,
              days: list[tuple[date, list[EventEntry]]],
              icons: bool) -> None:
        self.clear()
        self._forget()
        # Rows as tall with or without icons, so the tree does not shift when the icons
        # come (they are left out of the first frame).
        row = QSize(0, max(self.fontMetrics().height(), 16) + 2)  # width: the column's
        visit_icon = day_icon = warn_icon = None
        if icons:  # QStyle's enums are loaded only once the window has painted
            from PySide6.QtWidgets import QStyle

            style = self.style()
            visit_icon = style.standardIcon(QStyle.StandardPixmap.SP_DirIcon)
            day_icon = style.standardIcon(QStyle.StandardPixmap.SP_FileDialogDetailedView)
            warn_icon = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        for vid, title, tip in visits:
            item = QTreeWidgetItem([title])
            item.setSizeHint(0, row)
            item.setToolTip(0, tip)
            item.setData(0, KIND_ROLE, "visit")
            item.setData(0, ID_ROLE, vid)
            if visit_icon is not None:
                item.setIcon(0, visit_icon)
            self.addTopLevelItem(item)
            if vid != open_id:
                continue
            font = item.font(0)
            font.setBold(True)
            item.setFont(0, font)
            lazy = sum(len(events) for _day, events in days) > LAZY_EVENTS
            self._look = (row, warn_icon)
            for day, events in days:
                d = QTreeWidgetItem([f"{day:%a %d %b}"])
                d.setSizeHint(0, row)
                d.setData(0, KIND_ROLE, "day")
                d.setData(0, ID_ROLE, events[0][0] if events else 0)
                if day_icon is not None:
                    d.setIcon(0, day_icon)
                item.addChild(d)
                for entry in events:
                    self._event_day[entry[0]] = d
                if lazy and events:
                    # A placeholder gives the day its expand arrow until it is opened.
                    d.addChild(QTreeWidgetItem(["…"]))
                    self._pending[id(d)] = (d, events)
                else:
                    self._add_events(d, events)
                    d.setExpanded(True)
            for text, key, tip in VIEW_ENTRIES:
                entry = QTreeWidgetItem([text])
                entry.setSizeHint(0, row)
                entry.setToolTip(0, tip)
                entry.setData(0, KIND_ROLE, "view")
                entry.setData(0, ID_ROLE, key)
                item.addChild(entry)
            item.setExpanded(True)

    def _add_events(self, day: QTreeWidgetItem, events: list[EventEntry]) -> None:
        row, warn_icon = self._look
        for eid, start, ev_title, ev_tip, cancelled, conflict in events:
            e = QTreeWidgetItem([f"{_hm(start)}  {ev_title}"])
            e.setSizeHint(0, row)
            e.setToolTip(0, ev_tip if isinstance(ev_tip, str) else ev_tip())
            e.setData(0, KIND_ROLE, "event")
            e.setData(0, ID_ROLE, eid)
            if cancelled:
                font = e.font(0)
                font.setStrikeOut(True)
                e.setFont(0, font)
                e.setForeground(0, QBrush(QColor("#8a8f98")))
            elif conflict and warn_icon is not None:
                e.setIcon(0, warn_icon)
            day.addChild(e)
            self._event_items[eid] = e

    def _forget(self) -> None:
        """The tree was cleared: no item of it is pending or known any more."""
        self._pending.clear()
        self._event_day.clear()
        self._event_items.clear()

    def _fill_day(self, day: QTreeWidgetItem) -> None:
        """Make a collapsed day's event items when it is opened (large visits)."""
        pending = self._pending.pop(id(day), None)
        if pending is None:
            return
        day.takeChildren()  # the placeholder
        self._add_events(day, pending[1])

    def _select(self, kind: str, row_id: int) -> None:
        if kind != "event":
            return
        it = self._event_item(row_id)
        if it is not None:
            self.blockSignals(True)
            self.setCurrentItem(it)
            self.blockSignals(False)

    def _event_item(self, event_id: int) -> QTreeWidgetItem | None:
        """The event's item, made (with its day's) if its day was not opened yet."""
        day = self._event_day.get(event_id)
        if day is not None and id(day) in self._pending:
            self._fill_day(day)
            day.setExpanded(True)
        return self._event_items.get(event_id)

    def install_keys(self) -> None:
        """The list conventions (gui/widgets/item_keys.py): F2 and Enter open the
        current item as a double-click does; Ctrl+C copies its line. Installed after the
        first paint (the shortcuts need Qt's enums, which start-up keeps off the first
        frame)."""
        if getattr(self, "item_keys", None) is not None:
            return
        from briefing_app.gui.widgets.item_keys import install_opener

        install_opener(self, lambda i: self._activated(self.itemFromIndex(i)),
                       opens=lambda i: i.data(KIND_ROLE) is not None)

    @guarded
    def _clicked(self, item: QTreeWidgetItem, _col: int = 0) -> None:
        kind, row_id = item.data(0, KIND_ROLE), item.data(0, ID_ROLE)
        if kind == "visit":
            if self.state.visit is None or self.state.visit.id != row_id:
                self.state.set_visit(row_id)
                self.state.view_requested.emit("programme")
        elif kind in ("day", "event") and row_id:
            self.state.select("event", row_id)
        elif kind == "view":
            self.state.view_requested.emit(row_id)

    @guarded
    def _activated(self, item: QTreeWidgetItem, _col: int = 0) -> None:
        self._clicked(item)
        if item.data(0, KIND_ROLE) == "event":
            self.state.view_requested.emit("brief")


def _hm(t: Any) -> str:
    """'09:30'. Not `f"{t:%H:%M}"`: strftime imports `time` at every call, which goes
    through PySide6's Python import hook (~4 µs; 5,000 events per reload)."""
    return f"{t.hour:02d}:{t.minute:02d}"
