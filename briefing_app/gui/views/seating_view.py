"""Seating: the visit's seating plans, each drawn to scale with who sits where.

The list and the form are the shared list-and-form shape (a plan is an ordinary item:
new, rename, delete and duplicate with undo); beside them the diagram, the plan's
checks and the participants not seated. Every change is one core operation and one
undo step: seat by precedence, a drag from seat to seat (or from the list onto a
seat), taking someone off the plan, a reorder of the precedence panel.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from briefing_app.core.enums import EventType, SeatingConvention, TableLayout
from briefing_app.core.enums import label as enum_label
from briefing_app.core.errors import ValidationError
from briefing_app.core.ops import entities, seating
from briefing_app.core.ops.seating import load_plan, plans_of_visit
from briefing_app.gui.operations import history_text
from briefing_app.gui.operations.commands import CallCommand
from briefing_app.gui.operations.errors import guarded
from briefing_app.gui.operations.state import AppState
from briefing_app.gui.views.list_form import ListFormView
from briefing_app.gui.views.precedence_panel import PrecedencePanel
from briefing_app.gui.views.seating_canvas import ID_ROLE, PeopleList, SeatingCanvas
from briefing_app.gui.views.seating_lists import fill_checks, fill_unseated
from briefing_app.gui.widgets.item_keys import ItemKeys
from briefing_app.gui.widgets.record_form import Field
from briefing_app.gui.widgets.table_model import Column

PLAN_FIELDS = ("title", "event_id", "layout", "convention", "seat_count", "length_m",
               "width_m", "notes")
TALKS_KINDS = (EventType.TALKS, EventType.MEETING, EventType.SIGNING)


class SeatingView(ListFormView):
    kind = "seating_plan"
    title_text = "Seating plans"
    copy_fields = PLAN_FIELDS

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        self._events: dict[int, Any] = {}
        self.data: Any = None
        super().__init__(state, parent)
        self.kinds = frozenset({"seating_plan", "seat_assignment", "precedence", "person",
                                "event", "participation"})
        self.new_button.setText("&New plan")
        self.canvas = SeatingCanvas()
        self.canvas.moved.connect(self.move_person)
        self.canvas.unseat_requested.connect(self.unseat)
        self.seat_button = QPushButton("Seat by &precedence")
        self.seat_button.setObjectName("seatByPrecedence")
        self.seat_button.setToolTip("Place everyone by the plan's convention and the order "
                                    "of precedence (one step: Ctrl+Z puts it back)")
        self.seat_button.clicked.connect(self.seat_by_precedence)
        self.caption = QLabel()
        self.caption.setObjectName("planCaption")
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        # a long title must not widen the middle column: the tooltip has all of it
        self.caption.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.checks = QListWidget()
        self.checks.setObjectName("seatingChecks")
        self.checks.setWordWrap(True)
        self.unseated = PeopleList()
        self.unseated.setObjectName("unseatedPeople")

        # Enter (or F2, or the menu) seats the chosen person without a mouse
        self.unseated.item_keys = ItemKeys(self.unseated, lambda: [
            ("Seat in the first &free place\tEnter", self.seat_selected_person,
             self.unseated.currentItem() is not None and not self.read_only)],
            self.seat_selected_person, enter=True)
        self.precedence = PrecedencePanel(state)
        self.side = self.precedence.side  # which side's precedence: a filter, never locked
        for col, width in enumerate((120, 82, 40)):
            self.table.setColumnWidth(col, width)
        self._arrange()

    def _arrange(self) -> None:
        """List over (form | precedence) on the left, the diagram in the middle, those
        not seated and the plan's checks on the right."""
        split = self.findChild(QSplitter)
        scroll = split.widget(1)
        tabs = QTabWidget()
        tabs.setObjectName("planTabs")
        tabs.addTab(scroll, "&Plan")
        tabs.addTab(self.precedence, "P&recedence")
        split.setOrientation(Qt.Orientation.Vertical)
        split.addWidget(tabs)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 3)
        split.setSizes([150, 420])
        for name in ("event_id", "layout", "convention"):
            box = self.form.widgets[name]
            box.setSizeAdjustPolicy(box.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(8)
            box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        outer = QSplitter()
        outer.setObjectName("seatingSplit")
        self.layout().replaceWidget(split, outer)
        outer.addWidget(split)
        middle = QWidget()
        mid = QVBoxLayout(middle)
        mid.setContentsMargins(4, 0, 4, 0)
        row = QHBoxLayout()
        row.addWidget(self.seat_button)
        row.addWidget(self.caption, 1)
        mid.addLayout(row)
        mid.addWidget(self.canvas, 1)
        outer.addWidget(middle)
        right = QWidget()
        side = QVBoxLayout(right)
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(QLabel("<b>Not seated</b> (drag onto a seat)"))
        side.addWidget(self.unseated, 2)
        side.addWidget(QLabel("<b>Checks</b>"))
        side.addWidget(self.checks, 3)
        outer.addWidget(right)
        outer.setStretchFactor(1, 1)
        outer.setSizes([265, 640, 175])

    # --- the list and the form ------------------------------------------------------

    def columns(self) -> list[Column]:
        return [
            Column("Plan", lambda p: p.title or "(untitled)"),
            Column("Event", lambda p: getattr(self._events.get(p.event_id), "title", "")),
            Column("Seats", lambda p: str(p.seat_count), align_right=True,
                   sort=lambda p: p.seat_count),
        ]

    def fields(self) -> list[Field]:
        return [
            Field("title", "&Title", placeholder="e.g. Official lunch — table of honour"),
            Field("event_id", "&Event", "ref"),
            Field("layout", "&Layout", "choice", choices=[str(t) for t in TableLayout]),
            Field("convention", "&Convention", "choice",
                  choices=[str(c) for c in SeatingConvention]),
            Field("seat_count", "Sea&ts", "int", lo=1, hi=400),
            Field("length_m", "Len&gth (m)", "float",
                  placeholder="a round table's diameter"),
            Field("width_m", "&Width (m)", "float"),
            Field("notes", "N&otes", "text", rows=2),
        ]

    def editors(self) -> list[QWidget]:
        return [*super().editors(), self.seat_button, self.canvas, self.unseated,
                self.precedence]

    @property
    def new_values(self) -> dict[str, Any]:  # type: ignore[override]
        """A new plan is for the event selected in the programme (else the first talks
        or meal): talks across a boardroom table, a meal at a round one."""
        events = list(self._events.values())
        if not events:
            raise ValidationError("event_id", "a seating plan belongs to an event: add an "
                                  "event to the programme first")
        ev = self._events.get(self.state.current_event_id or -1) or next(
            (e for e in events if e.event_type in (*TALKS_KINDS, EventType.MEAL)), events[0])
        talks = ev.event_type in TALKS_KINDS
        return {"title": ev.title, "event_id": ev.id,
                "layout": str(TableLayout.BOARDROOM if talks else TableLayout.ROUND),
                "convention": str(SeatingConvention.TALKS if talks else SeatingConvention.MEAL),
                "seat_count": 10, "length_m": 5.0 if talks else 2.4,
                "width_m": 1.6 if talks else 2.4}

    def load(self) -> list[Any]:
        db, visit = self.state.require_db(), self.state.require_visit()
        self._events = {e.id: e for e in entities.list_for_visit(db, "event", visit.id)}
        self.form.set_choices("event_id", [(e.title, e.id) for e in self._events.values()])
        self.precedence.refresh()
        return plans_of_visit(db, visit.id)

    def on_record(self, plan: Any) -> None:
        self.data = None if plan is None else load_plan(self.state.require_db(), plan.id)
        self.canvas.show_plan(self.data)
        self.seat_button.setEnabled(plan is not None and not self.read_only)
        fill_checks(self.checks, self.data)
        fill_unseated(self.unseated, self.data)
        if self.data is None:
            self.caption.setText("No plan selected." if self._events else
                                 "Add an event to the programme, then a plan for it.")
            return
        p, ev = self.data.plan, self.data.event
        size = f"{p.length_m:g} m across" if p.layout == TableLayout.ROUND else \
            f"{p.length_m:g} × {p.width_m:g} m"
        self.caption.setText(f"{ev.title} · {enum_label(p.layout)}, {p.seat_count} seats, "
                             f"{size} · {enum_label(p.convention)} convention")
        self.caption.setToolTip(self.caption.text())

    def show_item(self, kind: str, row_id: int) -> None:
        """An event chosen elsewhere (navigator, programme) shows its first plan."""
        if kind == "event":
            plan = next((self.model.record(r) for r in range(self.model.rowCount())
                         if self.model.record(r).event_id == row_id), None)
            if plan is not None:
                super().show_item("seating_plan", plan.id)
            return
        super().show_item(kind, row_id)

    def free_place(self, person_id: int) -> tuple[int, bool] | None:
        """Where the keyboard puts someone: an interpreter behind the first seated person
        with nobody behind them, anyone else in the first empty seat."""
        if self.data is None:
            return None
        seats = range(1, len(self.data.layout.seats) + 1)
        if self.data.roles.get(person_id) == "interpreter":
            return next(((n, True) for n in seats
                         if self.data.at(n) and not self.data.at(n, behind=True)), None)
        return next(((n, False) for n in seats if not self.data.at(n)), None)

    # --- changes: each one core operation, one undo step ----------------------------

    @guarded
    def seat_selected_person(self, *_: Any) -> None:
        """Enter (or the menu) on a person not seated: the first free place for them."""
        item = self.unseated.currentItem()
        if item is None or self.read_only:
            return
        pid = int(item.data(ID_ROLE))
        place = self.free_place(pid)
        if place is None:
            raise ValidationError("seat", "every seat of this table is taken: drag "
                                  "someone off it first, or add seats to the plan")
        self.move_person(pid, *place)

    def _plan_step(self, done: str, do: str, operation: Any) -> Any:
        return self.push(CallCommand(self.state, history_text.both(done, do), "seating_plan",
                                     operation))

    @guarded
    def seat_by_precedence(self, *_: Any) -> None:
        plan = self.selected()
        if plan is None:
            return
        what = f"plan {history_text.quoted(plan.title)}"
        self._plan_step(f"Seated {what} by precedence", f"Seat {what} by precedence",
                        lambda db: seating.seat_plan_by_precedence(db, plan.id))

    @guarded
    def move_person(self, person_id: int, seat: int, behind: bool = False) -> None:
        """Put a person in a seat (or the chair behind it); the occupant changes places."""
        plan = self.selected()
        if plan is None:
            return
        person = self.data.people.get(person_id) if self.data else None
        who = history_text.quoted(person.native_name if person else f"#{person_id}")
        where = f"{'behind ' if behind else 'in '}seat {seat}"
        self._plan_step(f"Seated {who} {where}", f"Seat {who} {where}",
                        lambda db: seating.seat_person(db, plan.id, person_id, seat, behind))

    @guarded
    def unseat(self, person_id: int) -> None:
        plan = self.selected()
        if plan is None:
            return
        person = self.data.people.get(person_id) if self.data else None
        who = history_text.quoted(person.native_name if person else f"#{person_id}")
        self._plan_step(f"Took {who} off the plan", f"Take {who} off the plan",
                        lambda db: seating.unseat(db, plan.id, person_id))
