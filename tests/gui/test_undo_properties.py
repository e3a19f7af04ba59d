"""Property: whatever the user does, the undo stack and the data agree (issue 8 §2).

Random sequences of edits (several fields of agreements, people, events and talking
points, event times included), deletes, adding a participant, reordering a brief's
talking points, undo, redo and History jumps (`QUndoStack.setIndex`) run through the
window's `AppState` on a copy of the demo database. The model is a snapshot of the
database for every index of the stack: after every action the database must equal
the snapshot of the stack's current index (the stack never disagrees with the data);
undoing everything gives the start, redoing everything the end.

Compared: every column of every table except `updated_at` and `row_version`, which
move on every write by design (an undo is a write: calendar clients and other windows
must see the row move on). Everything the user sees is compared exactly, `created_at`
and UUIDs included.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from briefing_app.core.models import Base
from briefing_app.core.ops import entities, links
from briefing_app.core.ops.changes import MOVING
from briefing_app.gui.operations.commands import (
    CallCommand,
    DeleteCommand,
    ReorderPointsCommand,
    UpdateCommand,
)
from briefing_app.gui.operations.state import AppState
from tests.conftest import _copy_db

TEXT = st.text(alphabet="abcxyz ҚқТоқаев习近平", min_size=1, max_size=12).map(str.strip).filter(bool)
FIELDS = {
    "agreement": ("title", "lead_agency", "parties", "notes"),
    "person": ("title", "organisation", "biography"),
    "event": ("title", "objectives", "press_line", "times"),
    "talking_point": ("heading", "text", "answer"),
}
DELETABLE = ("event", "person", "talking_point", "agreement")
# A few records of each kind, so that one record is often edited several times.
PICK = st.integers(0, 2)

action = st.one_of(
    st.tuples(st.just("edit"), st.sampled_from(sorted(FIELDS)), PICK,
              st.integers(0, 3), TEXT, st.integers(0, 23)),
    st.tuples(st.just("delete"), st.sampled_from(DELETABLE), PICK),
    st.tuples(st.just("participant"), PICK, PICK),
    st.tuples(st.just("reorder"), PICK, st.randoms(use_true_random=False)),
    st.tuples(st.just("undo")),
    st.tuples(st.just("redo")),
    st.tuples(st.just("jump"), st.floats(0, 1)),
)


def snapshot(db: Any) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, without the columns that move on each write."""
    out = {}
    with db.read() as s:
        for table in Base.metadata.sorted_tables:
            cols = [c for c in table.columns if c.name not in MOVING]
            out[table.name] = [tuple(r) for r in s.execute(select(*cols).order_by(table.c.id))]
    return out


class Run:
    """One example: the state, its database and the snapshot of each stack index."""

    def __init__(self, state: AppState) -> None:
        self.state = state
        self.db = state.require_db()
        self.visit_id = state.visits()[0].id
        self.snaps = [snapshot(self.db)]

    def records(self, kind: str) -> list[Any]:
        return entities.list_for_visit(self.db, kind, self.visit_id)

    def push(self, command: Any) -> None:
        stack = self.state.undo_stack
        index = stack.index()
        try:
            self.state.push(command)
        except Exception:  # noqa: BLE001 - a refused input: nothing may have moved
            assert stack.index() == index
            assert snapshot(self.db) == self.snaps[index]
            return
        del self.snaps[index + 1:]
        self.snaps.append(snapshot(self.db))
        assert stack.index() == index + 1 == len(self.snaps) - 1

    def do(self, act: tuple[Any, ...]) -> None:
        name = act[0]
        state = self.state
        if name == "edit":
            _, kind, pick, field_no, text, hour = act
            recs = self.records(kind)
            if not recs:
                return
            rec = recs[pick % len(recs)]
            field = FIELDS[kind][field_no % len(FIELDS[kind])]
            if field == "times":
                day = rec.starts_at.date().isoformat()
                changes = {"start_local": f"{day} {hour:02d}:00",
                           "end_local": f"{day} {hour:02d}:45"}
            else:
                changes = {field: text}
            self.push(UpdateCommand(state, kind, rec, changes))
        elif name == "delete":
            recs = self.records(act[1])
            if recs:
                self.push(DeleteCommand(state, act[1], recs[act[2] % len(recs)]))
        elif name == "participant":
            events, people = self.records("event"), self.records("person")
            if events and people:
                eid = events[act[1] % len(events)].id
                pid = people[act[2] % len(people)].id
                self.push(CallCommand(state, "Add participant", "event",
                                      lambda d: links.set_participant(d, eid, pid, "adviser")))
        elif name == "reorder":
            events = [e for e in self.records("event")
                      if len(links.points_of_event(self.db, e.id)) >= 2]
            if events:
                ev = events[act[1] % len(events)]
                order = [p.id for p in links.points_of_event(self.db, ev.id)]
                new = list(order)
                act[2].shuffle(new)
                if new != order:
                    self.push(ReorderPointsCommand(state, ev.id, new))
        elif name == "undo":
            state.undo()
        elif name == "redo":
            state.redo()
        elif name == "jump":
            stack = state.undo_stack
            stack.setIndex(round(act[1] * stack.count()))
        self.check()

    def check(self) -> None:
        """The stack never disagrees with the data."""
        index = self.state.undo_stack.index()
        assert snapshot(self.db) == self.snaps[index], f"data differs from stack index {index}"


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(actions=st.lists(action, min_size=1, max_size=25))
def test_undo_stack_and_data_always_agree(qapp: Any, _template_demo_db: Path,
                                          actions: list[tuple[Any, ...]]) -> None:
    errors: list[BaseException] = []
    with tempfile.TemporaryDirectory() as tmp, \
            mock.patch("briefing_app.gui.operations.state.show_error", errors.append):
        path = Path(tmp) / "demo.sqlite"
        _copy_db(_template_demo_db, path)
        state = AppState()
        state.open_database(path)
        try:
            run = Run(state)
            for act in actions:
                run.do(act)
            assert errors == []  # nobody else writes: no step may ever be refused
            stack = state.undo_stack
            while stack.canUndo() and not errors:
                state.undo()
            assert errors == [] and stack.index() == 0
            assert snapshot(run.db) == run.snaps[0]  # undo everything: the start
            stack.setIndex(stack.count())  # one History jump to the newest step
            assert errors == [] and stack.index() == stack.count()
            assert snapshot(run.db) == run.snaps[-1]  # redo everything: the end
        finally:
            state.close_database()
            state.deleteLater()
