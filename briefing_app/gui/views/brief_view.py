"""One event and its brief: details, times, participants, talking points, facts."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from briefing_app.core import enums as E
from briefing_app.core.enums import EventStatus
from briefing_app.core.ops import entities
from briefing_app.core.programme import load_programme, time_pair
from briefing_app.gui.operations.commands import UpdateCommand
from briefing_app.gui.operations.delete_many import ask
from briefing_app.gui.operations.errors import guarded, show_error
from briefing_app.gui.operations.state import AppState
from briefing_app.gui.views.base import BaseView, empty_state
from briefing_app.gui.views.brief_facts import FactsPanel
from briefing_app.gui.views.brief_participants import ParticipantsPanel
from briefing_app.gui.views.brief_points import PointsPanel
from briefing_app.gui.views.brief_selection import focused_part
from briefing_app.gui.widgets.event_picker import event_picker
from briefing_app.gui.widgets.level_field import LEVEL_FIELD
from briefing_app.gui.widgets.record_form import (
    HIDDEN_AT_CLEARANCE,
    RESTRICTED,
    Field,
    RecordForm,
)
from briefing_app.gui.window import event_actions as act

# Deferred imports: the models and core.clearance load with the database layer, after
# the first frame (gui/launch/app.py); the Brief's module is imported before it.

DETAILS = (
    Field("title", "&Title"),
    Field("event_type", "&Kind", "choice", choices=[k.value for k in E.EventType]),
    Field("status", "&Status", "choice", choices=[s.value for s in E.EventStatus]),
    Field("press", "&Press", "choice", choices=[p.value for p in E.PressAccess]),
    Field("venue_id", "&Venue", "ref"),
    Field("arrival_venue_id", "&Arrives at (flights)", "ref"),
    Field("dress_code", "&Dress code"),
    LEVEL_FIELD,
)

BRIEF = (
    Field("meeting_format", "Format (tête-à-tête, 1+3, extended)"),
    Field("speaking_order", "Order of speaking", "text", rows=2),
    Field("objectives", "Our objectives", "text", rows=3, **RESTRICTED),
    Field("their_objectives", "Their likely objectives", "text", rows=3, **RESTRICTED),
    Field("our_response", "Our response", "text", rows=3, **RESTRICTED),
    Field("if_raised", "If raised", "text", rows=3, **RESTRICTED),
    Field("press_line", "Press line", "text", rows=2),
    Field("press_line_status", "Press line status", "choice",
          choices=[s.value for s in E.PointStatus]),
    Field("background", "Background", "text", rows=3),
    Field("background_nfd", "Background — not for disclosure", "text", rows=3, **RESTRICTED),
    Field("do_not_raise", "Do not raise", "text", rows=2, **RESTRICTED),
)
MEDIA = (
    Field("photo_opportunity", "P&hoto opportunity", "bool"),
    Field("accreditation_point", "&Accreditation point"),
    Field("media_notes", "&Media arrangements", "text", rows=4),
)
NOTES = (
    Field("scenario", "Scenario (minute by minute)", "text", rows=8),
    Field("protocol_notes", "Protocol notes", "text", rows=4),
    Field("logistics_notes", "Logistics notes", "text", rows=4),
)


def _scroll(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setWidget(widget)
    return area


class BriefView(BaseView):
    kinds = frozenset({"event", "person", "talking_point", "fact", "venue"})
    new_label = "Event…"
    can_delete = True
    can_duplicate = True

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self.record: Any = None
        self._hidden_for: tuple[tuple[int, int], bool] | None = None
        self.picker, self.picker_model = event_picker()
        self.picker.setObjectName("eventPicker")
        self.picker.setMinimumWidth(240)  # wider when there is room; fits a 150 % laptop
        self.picker.activated.connect(self._picked)
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 13pt; font-weight: 600;")
        self.title.setWordWrap(True)
        self.when = QLabel()
        self.when.setStyleSheet("color: #3d4450;")
        self.when.setWordWrap(True)  # wraps on a narrow screen instead of widening it
        self.when.setMinimumWidth(1)
        self.when.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.times_button = times = QPushButton("Edit &times…")
        times.clicked.connect(self._edit_times)
        prev_b, next_b = QPushButton("◀ Previous"), QPushButton("Next ▶")
        prev_b.clicked.connect(lambda: self._step(-1))
        next_b.clicked.connect(lambda: self._step(+1))
        top = QHBoxLayout()
        top.addWidget(QLabel("Event:"))
        top.addWidget(self.picker, 1)
        top.addWidget(prev_b)
        top.addWidget(next_b)
        when_row = QHBoxLayout()
        when_row.addWidget(self.when, 1)
        when_row.addWidget(times)

        self.details = RecordForm(DETAILS)
        self.brief = RecordForm(BRIEF)
        self.notes = RecordForm(NOTES)
        self.media = RecordForm(MEDIA)
        for form in (self.details, self.brief, self.notes, self.media):
            form.edited.connect(self._save)
        self.participants = ParticipantsPanel(state)
        self.points = PointsPanel(state)
        self.facts = FactsPanel(state)
        self.tabs = QTabWidget()
        self.tabs.addTab(_scroll(self.brief), "&Brief")
        # Every tab scrolls: on a narrow screen (a 150 % laptop) the panels' button rows
        # would otherwise widen the window past the screen's edge.
        self.tabs.addTab(_scroll(self.points), "Talking &points")
        self.tabs.addTab(_scroll(self.participants), "Partici&pants")
        self.tabs.addTab(_scroll(self.facts), "&Facts")
        self.tabs.addTab(_scroll(self.notes), "Scenario && &notes")
        self.tabs.addTab(_scroll(self.media), "Press && m&edia")
        left = QWidget()
        left_lay = QVBoxLayout(left)
        left_lay.setContentsMargins(0, 0, 0, 0)
        left_lay.addWidget(self.details)
        left_lay.addStretch(1)
        split = QSplitter()
        split.addWidget(_scroll(left))  # scrolls: the window fits a 150 % laptop
        split.addWidget(self.tabs)
        split.setSizes([360, 800])
        split.setStretchFactor(1, 1)
        self.body = QWidget()
        body_lay = QVBoxLayout(self.body)
        body_lay.setContentsMargins(0, 0, 0, 0)
        body_lay.addWidget(self.title)
        body_lay.addLayout(when_row)
        body_lay.addWidget(split, 1)
        self.empty = empty_state("Choose an event in the programme or the navigator to see "
                                 "and edit its brief.")
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.body, 1)
        lay.addWidget(self.empty, 1)
        self.body.hide()
        self.setTabOrder(self.picker, self.details)

    def editors(self) -> list[QWidget]:
        return [self.details, self.brief, self.notes, self.media, self.times_button, self.points,
                self.participants, self.facts]

    # --- loading --------------------------------------------------------------------

    def _on_changes(self, changes: Any) -> None:
        """A step that changed event rows only (a title, a time, a status typed here or
        elsewhere) leaves the venues and the event's participants, points and facts as
        they were: re-read the visit's events (one read: the picker and the record come
        from it), not the panels. Anything else reloads as every view does."""
        only_events = (not changes.everything and bool(changes.rows) and not changes.linked
                       and all(table == "events" for table, _id in changes.rows))
        if only_events and self.isVisible() and not self._dirty and self.state.db is not None:
            try:
                self._reload_events()
            except Exception as exc:  # noqa: BLE001 - a view that cannot load says why
                show_error(exc, self)
            return
        super()._on_changes(changes)

    def _reload_events(self) -> None:
        visit = self.state.visit
        if visit is None:
            self.refresh()
            return
        db = self.state.require_db()
        self._fill_picker(visit.id)
        wanted = self.state.current_event_id
        if wanted is None or self.picker_model.row_of(wanted) < 0:
            self._show(None)
        elif self.record is None or wanted != self.record.id:
            self._show(wanted)  # another event: its panels too
        else:
            self._show_record(entities.get(db, "event", wanted))

    def _fill_picker(self, visit_id: int) -> None:
        """The visit's events in the programme's order, from the programme read every
        view shares after a change (core.programme.load_programme: no read of its own)."""
        programme = load_programme(self.state.require_db(), visit_id)
        self.picker_model.set_events([it.event for day in programme.days for it in day.items])

    def refresh(self) -> None:
        visit = self.state.visit
        if visit is None:
            self.picker_model.set_events([])
            self._show(None)
            return
        db = self.state.require_db()
        self._fill_picker(visit.id)
        venues = entities.list_for_visit(db, "venue", visit.id)
        choices = [(v.name + (f", {v.city}" if v.city else ""), v.id) for v in venues]
        self.details.set_choices("venue_id", [("— no venue —", None), *choices])
        self.details.set_choices("arrival_venue_id", [("— not a flight —", None), *choices])
        wanted = self.state.current_event_id
        self._show(wanted if self.picker_model.row_of(wanted) >= 0 else None)

    def _show(self, event_id: int | None) -> None:
        rec = entities.get(self.state.require_db(), "event", event_id) if event_id else None
        self.participants.set_event(event_id)
        self.points.set_event(event_id)
        self.facts.set_event(event_id)
        self._show_record(rec)

    def _lock_positions(self, visit_id: int) -> None:
        """Lock the event's positions for a user who may not see them (core/clearance.py),
        asked once per visit and database."""
        from briefing_app.core import models as M  # the database layer is loaded by now
        from briefing_app.core.clearance import companions_hidden

        db = self.state.require_db()
        key = (id(db), visit_id)
        if self._hidden_for is None or self._hidden_for[0] != key:
            self._hidden_for = (key, companions_hidden(db, visit_id))
        self.brief.lock(M.companion_fields(M.Event) if self._hidden_for[1] else (),
                        HIDDEN_AT_CLEARANCE)

    def _show_record(self, rec: Any) -> None:
        """The event's own fields (forms, title, times); the panels are left as they are."""
        self.record = rec
        self.body.setVisible(rec is not None)
        self.empty.setVisible(rec is None)
        for form in (self.details, self.brief, self.notes, self.media):
            form.set_record(rec)
        if rec is None:
            return
        self._lock_positions(rec.visit_id)
        self.picker.setCurrentIndex(self.picker_model.row_of(rec.id))
        home = self.state.require_visit().home_tz
        start = time_pair(rec.starts_at, rec.tz, home)
        end = time_pair(rec.ends_at, rec.display_end_tz, home)
        status = "" if rec.status == EventStatus.CONFIRMED else f"  ·  {rec.status.upper()}"
        self.title.setText(rec.title + status)
        self.when.setText(f"{start.venue:%A %d %B %Y}, {start.label()} until "
                          f"{end.venue:%H:%M}  ·  {rec.tz}")

    def show_item(self, kind: str, row_id: int) -> None:
        if kind == "event" and self.isVisible() and self.state.db is not None:
            if self.picker_model.row_of(row_id) < 0:
                self.safe_refresh()
            else:
                self._show(row_id)
        elif kind == "event":
            self._dirty = True

    # --- actions --------------------------------------------------------------------

    @guarded
    def _picked(self, *_: Any) -> None:
        eid = self.picker.currentData()
        if eid:
            self.state.select("event", eid)

    @guarded
    def _step(self, delta: int) -> None:
        i = self.picker.currentIndex() + delta
        if 0 <= i < self.picker.count():
            self.state.select("event", self.picker.itemData(i))

    def _save(self, changes: dict[str, Any]) -> None:
        """One undoable update; a refused value stays typed and marked in its form."""
        if self.record is None:
            return
        form = next(f for f in (self.details, self.brief, self.notes, self.media)
                    if set(changes) <= set(f.widgets))
        record = self.record
        form.save_step(changes, self.state, UpdateCommand(self.state, "event", record, changes),
                       self, reload=lambda: self._show(record.id))

    @guarded
    def _edit_times(self, *_: Any) -> None:
        if self.record is not None:
            act.edit_event(self.state, self, self.record.id)

    @guarded
    def new_item(self, *_: Any) -> None:
        act.new_event(self.state, self)

    @guarded
    def delete_selected(self, *_: Any) -> None:
        """Edit ▸ Delete acts on what has the focus: a selected talking point,
        participant or cited fact leaves the brief; only otherwise does the event go."""
        if self.record is None:
            return
        part = focused_part(self)
        if part is None:
            act.delete_event(self.state, self, self.record.id)
            return

        title, question, remove = part
        if ask(self, title, question):
            remove()

    @guarded
    def duplicate_selected(self, *_: Any) -> None:
        if self.record is not None:
            act.duplicate_event(self.state, self.record.id)
