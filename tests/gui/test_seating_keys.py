"""The Seating view without a mouse: Enter on a person not seated puts them in the
first free place (an interpreter behind a seated person with nobody behind), one undo
step; a table with no free seat says so; choosing an event elsewhere shows its plan."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from briefing_app.core.ops import entities, seating


def _view(window: Any, title: str) -> tuple[Any, Any]:
    state = window.state
    view = window.switch_to("seating")
    plan = next(p for p in seating.plans_of_visit(state.db, state.visit.id) if p.title == title)
    view.show_item("seating_plan", plan.id)
    return view, plan


def _pid(window: Any, native: str) -> int:
    return next(p.id for p in entities.list_for_visit(window.state.db, "person",
                                                      window.state.visit.id)
                if p.native_name == native)


def _place(db: Any, plan_id: int, pid: int) -> tuple[int, bool] | None:
    return next(((s.seat, s.behind) for s in seating.load_plan(db, plan_id).seats
                 if s.person_id == pid), None)


def test_enter_seats_a_person_in_the_first_free_seat_and_undo_takes_it_back(
        demo_window: Any) -> None:
    state, db = demo_window.state, demo_window.state.db
    view, plan = _view(demo_window, "Talks in extended format")
    omarov = _pid(demo_window, "Ерлан Омаров")
    view.unseat(omarov)
    taken = {s.seat for s in seating.load_plan(db, plan.id).seats if not s.behind}
    first_free = min(n for n in range(1, 11) if n not in taken)
    view.unseated.setCurrentRow(0)
    view.unseated.setFocus()
    QTest.keyClick(view.unseated, Qt.Key.Key_Return)
    assert _place(db, plan.id, omarov) == (first_free, False)
    state.undo()
    assert _place(db, plan.id, omarov) is None


def test_an_interpreter_goes_behind_and_a_full_table_says_so(
        demo_window: Any, visible_errors: Any) -> None:
    db = demo_window.state.db
    view, plan = _view(demo_window, "Official lunch — table of honour")
    zhang = _pid(demo_window, "张丽")
    view.unseat(zhang)
    view.unseated.setCurrentRow(next(i for i in range(view.unseated.count())
                                     if "张丽" in view.unseated.item(i).text()))
    view.seat_selected_person()
    seat, behind = _place(db, plan.id, zhang)
    assert behind and view.data.at(seat) and len(view.data.at(seat, behind=True)) == 1
    free = [n for n in range(1, 9) if not view.data.at(n)]
    outsiders = [p.id for p in entities.list_for_visit(db, "person", demo_window.state.visit.id)
                 if p.id not in view.data.roles][:len(free) + 1]
    for pid, n in zip(outsiders, free, strict=False):
        view.move_person(pid, n)
    view.move_person(outsiders[-1], 1)  # the host is displaced off the full table
    assert all(view.data.at(n) for n in range(1, 9))
    assert view.unseated.count() == 1 and "习近平" in view.unseated.item(0).text()
    view.unseated.setCurrentRow(0)
    view.seat_selected_person()
    boxes = visible_errors()
    assert boxes and "every seat of this table is taken" in boxes[0].text()


def test_choosing_an_event_shows_its_plan(demo_window: Any) -> None:
    state = demo_window.state
    view, _plan = _view(demo_window, "Talks in extended format")
    lunch = next(e for e in entities.list_for_visit(state.db, "event", state.visit.id)
                 if e.title.startswith("Official lunch"))
    state.select("event", lunch.id)
    assert view.selected().title == "Official lunch — table of honour"
