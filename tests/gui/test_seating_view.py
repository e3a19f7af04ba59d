"""The Seating view: the demo plans drawn with the right names on the right seats;
seat by precedence, a mouse drag, a drop from the not-seated list and taking someone
off the plan are each one undo step that Ctrl+Z takes back exactly; the checks name a
planted problem and colour its seat; a search hit opens its plan."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from briefing_app.core import models as M
from briefing_app.core.ops import entities, seating
from briefing_app.gui.views.seating_canvas import person_mime
from briefing_app.gui.views.seating_diagram import PROBLEM


def _open(window: Any, title: str) -> tuple[Any, Any]:
    """The Seating view showing the plan called `title`, and that plan."""
    state = window.state
    view = window.switch_to("seating")
    plan = next(p for p in seating.plans_of_visit(state.db, state.visit.id) if p.title == title)
    view.show_item("seating_plan", plan.id)
    assert view.selected().id == plan.id
    return view, plan


def _person(window: Any, native: str) -> Any:
    return next(p for p in entities.list_for_visit(window.state.db, "person",
                                                   window.state.visit.id)
                if p.native_name == native)


def _seats(db: Any, plan_id: int) -> set[tuple[int, int, bool]]:
    return {(s.person_id, s.seat, s.behind) for s in seating.load_plan(db, plan_id).seats}


def test_the_demo_talks_plan_shows_each_name_on_its_seat(demo_window: Any) -> None:
    view, plan = _open(demo_window, "Talks in extended format")
    scene = view.canvas.plan_scene
    assert len(scene.seat_items) == 10
    tokayev, xi = _person(demo_window, "Қасым-Жомарт Тоқаев"), _person(demo_window, "习近平")
    seats = {s.person_id: s for s in seating.load_plan(demo_window.state.db, plan.id).seats}
    for who, latin in ((tokayev, "Kassym-Jomart Tokayev"), (xi, "Xi Jinping")):
        card = scene.cards[seats[who.id].seat].toPlainText()
        assert who.native_name in card and latin in card
    # talks: the principals face each other across the middle of the table
    lay = view.data.layout
    a, b = lay.seats[seats[tokayev.id].seat - 1], lay.seats[seats[xi.id].seat - 1]
    assert {a.side, b.side} == {"A", "B"} and abs(a.x) < 0.8 and abs(b.x) < 0.8
    # each principal's interpreter on the chair behind them, named on their card
    behind = [s for s in seats.values() if s.behind]
    assert {s.seat for s in behind} == {seats[tokayev.id].seat, seats[xi.id].seat}
    zhang = _person(demo_window, "张丽")
    assert scene.person_items[zhang.id].data(2) is True
    assert "张丽" in scene.cards[seats[xi.id].seat].toPlainText()
    assert view.unseated.count() == 0
    assert "No problems" in view.checks.item(0).text()
    assert view.caption.text().startswith("Talks in extended format · Boardroom, 10 seats")


def test_seat_by_precedence_is_one_step_and_undo_restores(demo_window: Any) -> None:
    state, db = demo_window.state, demo_window.state.db
    view, plan = _open(demo_window, "Official lunch — table of honour")
    seated = _seats(db, plan.id)
    tokayev, xi = _person(demo_window, "Қасым-Жомарт Тоқаев"), _person(demo_window, "习近平")
    xi_seat = next(s for p, s, b in seated if p == xi.id and not b)
    view.move_person(tokayev.id, xi_seat)  # the two change places
    scrambled = _seats(db, plan.id)
    assert scrambled != seated and (tokayev.id, xi_seat, False) in scrambled
    depth = state.undo_stack.count()
    view.seat_button.click()
    assert state.undo_stack.count() == depth + 1
    assert _seats(db, plan.id) == seated
    assert "习近平" in view.canvas.plan_scene.cards[xi_seat].toPlainText()
    state.undo()
    assert _seats(db, plan.id) == scrambled
    assert "Тоқаев" in view.canvas.plan_scene.cards[xi_seat].toPlainText()
    state.undo()
    assert _seats(db, plan.id) == seated


def _viewport_point(view: Any, seat: int) -> QPoint:
    return view.canvas.view_point(view.canvas.plan_scene.seat_centre(seat))


def test_a_mouse_drag_moves_a_person_to_an_empty_seat_and_undo_moves_back(
        demo_window: Any) -> None:
    state, db = demo_window.state, demo_window.state.db
    view, plan = _open(demo_window, "Talks in extended format")
    before = _seats(db, plan.id)
    taken = {s for _p, s, _b in before}
    empty = next(n for n in range(1, 11) if n not in taken)
    wang = _person(demo_window, "王毅")
    start = next(s for p, s, _b in before if p == wang.id)
    port = view.canvas.viewport()
    QTest.mousePress(port, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     _viewport_point(view, start))
    QTest.mouseMove(port, _viewport_point(view, start) + QPoint(20, 20))
    QTest.mouseMove(port, _viewport_point(view, empty))
    QTest.mouseRelease(port, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                       _viewport_point(view, empty))
    after = _seats(db, plan.id)
    assert after == (before - {(wang.id, start, False)}) | {(wang.id, empty, False)}
    assert "王毅" in view.canvas.plan_scene.cards[empty].toPlainText()
    assert state.undo_stack.undoText() == f"Seat “王毅” in seat {empty}"
    state.undo()
    assert _seats(db, plan.id) == before
    assert empty not in view.canvas.plan_scene.cards


def test_off_the_plan_then_dropped_from_the_list_onto_a_seat(demo_window: Any) -> None:
    state, db = demo_window.state, demo_window.state.db
    view, plan = _open(demo_window, "Talks in extended format")
    before = _seats(db, plan.id)
    omarov = _person(demo_window, "Ерлан Омаров")
    seat = next(s for p, s, _b in before if p == omarov.id)
    view.unseat(omarov.id)
    assert omarov.id not in {p for p, _s, _b in _seats(db, plan.id)}
    listed = [view.unseated.item(i).text() for i in range(view.unseated.count())]
    assert any("Ерлан Омаров" in t for t in listed)
    checks = [view.checks.item(i).text() for i in range(view.checks.count())]
    assert any("Ерлан Омаров" in c and "has no seat" in c for c in checks)
    at, mime = _viewport_point(view, seat), person_mime(omarov.id)
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(at, Qt.DropAction.MoveAction, mime, buttons, mods)
    QApplication.sendEvent(view.canvas.viewport(), enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(at), Qt.DropAction.MoveAction, mime, buttons, mods)
    QApplication.sendEvent(view.canvas.viewport(), drop)
    assert _seats(db, plan.id) == before
    assert view.unseated.count() == 0
    state.undo()
    assert omarov.id not in {p for p, _s, _b in _seats(db, plan.id)}
    state.undo()
    assert _seats(db, plan.id) == before


def test_the_checks_name_planted_problems_and_colour_their_seats(demo_window: Any) -> None:
    db = demo_window.state.db
    view, plan = _open(demo_window, "Talks in extended format")
    data = seating.load_plan(db, plan.id)
    taken = {s.seat for s in data.seats}
    empty = next(n for n in range(1, 11) if n not in taken)
    zhang = _person(demo_window, "张丽")
    outsider = next(p for p in entities.list_for_visit(db, "person", demo_window.state.visit.id)
                    if p.id not in data.roles)
    view.unseat(zhang.id)  # Xi, at talks, loses his interpreter
    view.move_person(outsider.id, empty)  # someone not taking part
    with db.write() as s:  # two in one seat: allowed in the file, reported by the checks
        s.add(M.SeatAssignment(plan_id=plan.id, person_id=zhang.id, seat=empty))
    view.safe_refresh()
    checks = "\n".join(view.checks.item(i).text() for i in range(view.checks.count()))
    assert "习近平 (Xi Jinping) has no interpreter behind them" in checks
    assert f"{outsider.display_name} is seated but does not take part" in checks
    assert f"seat {empty} has two people" in checks
    scene = view.canvas.plan_scene
    xi_seat = next(s.seat for s in data.seats if s.person_id == _person(demo_window, "习近平").id)
    for n in (empty, xi_seat):
        assert scene.seat_items[n].pen().color() == PROBLEM
    fine = next(n for n in taken if n != xi_seat and n not in
                {s.seat for s in data.seats if s.behind})
    assert scene.seat_items[fine].pen().color() != PROBLEM


def test_a_smaller_table_lists_who_lost_their_seat_and_undo_restores(
        demo_window: Any) -> None:
    state, db = demo_window.state, demo_window.state.db
    view, plan = _open(demo_window, "Talks in extended format")
    omarov = _person(demo_window, "Ерлан Омаров")
    seat = next(s.seat for s in seating.load_plan(db, plan.id).seats
                if s.person_id == omarov.id)
    view.form.widgets["seat_count"].setValue(seat - 1)
    view.form._commit("seat_count")
    assert entities.get(db, "seating_plan", plan.id).seat_count == seat - 1
    assert len(view.canvas.plan_scene.seat_items) == seat - 1
    checks = "\n".join(view.checks.item(i).text() for i in range(view.checks.count()))
    assert f"Ерлан Омаров (Yerlan Omarov) is in seat {seat}, which this table does not " \
        f"have (it has {seat - 1})" in checks
    listed = [view.unseated.item(i).text() for i in range(view.unseated.count())]
    assert any("Ерлан Омаров" in t and f"in seat {seat}" in t for t in listed)
    state.undo()
    assert len(view.canvas.plan_scene.seat_items) == 10
    assert view.unseated.count() == 0


def test_bad_table_size_is_refused_naming_the_field(demo_window: Any) -> None:
    view, plan = _open(demo_window, "Official lunch — table of honour")
    box = view.form.widgets["length_m"]
    box.setText("wide")
    view.form._commit("length_m")
    assert "length_m" in view.form.refused
    assert "Length" in view.form.error.text()
    assert entities.get(demo_window.state.db, "seating_plan", plan.id).length_m == 2.2


def test_a_new_plan_is_for_the_selected_event_and_undo_removes_it(demo_window: Any) -> None:
    state, db = demo_window.state, demo_window.state.db
    view = demo_window.switch_to("seating")
    talks = next(e for e in entities.list_for_visit(db, "event", state.visit.id)
                 if e.title.startswith("Talks with President Xi"))
    state.select("event", talks.id)
    view.new_item()
    plans = seating.plans_of_visit(db, state.visit.id)
    new = next(p for p in plans if p.event_id == talks.id)
    assert (new.layout, new.convention) == ("boardroom", "talks")
    assert view.selected().id == new.id and view.unseated.count() > 0
    view.seat_button.click()
    assert seating.load_plan(db, new.id).seats
    state.undo()
    state.undo()
    assert all(p.event_id != talks.id for p in seating.plans_of_visit(db, state.visit.id))


def test_a_search_hit_opens_its_plan(qtbot: Any, demo_window: Any) -> None:
    search = demo_window.switch_to("search")
    search.run_query("table of honour")
    qtbot.waitUntil(lambda: search.status.text() not in ("", "Searching…"), timeout=10_000)
    group = next(search.results.topLevelItem(i) for i in range(search.results.topLevelItemCount())
                 if search.results.topLevelItem(i).text(0).startswith("Seating plan"))
    search._open(group.child(0))
    assert demo_window.current_key() == "seating"
    assert demo_window.view("seating").selected().title == "Official lunch — table of honour"
