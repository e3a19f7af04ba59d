"""The precedence panel: a side's ranked list with its ties explained; a reorder is one
undo step that Ctrl+Z takes back to the very ranks (ties included) it had."""

from __future__ import annotations

from datetime import date
from typing import Any

from briefing_app.core.ops import seating


def _ranks(window: Any, side: str) -> list[tuple[int, int | None]]:
    rows = seating.precedence_order(window.state.db, window.state.visit.id, side)
    return [(p.id, e.rank if e else None) for p, e in rows]


def _panel(window: Any) -> Any:
    view = window.switch_to("seating")
    panel = view.precedence
    panel.side.setCurrentIndex(panel.side.findData("our delegation"))
    return panel


def test_the_panel_lists_the_side_in_precedence_and_explains_ties(demo_window: Any) -> None:
    panel = _panel(demo_window)
    texts = [panel.list.item(i).text() for i in range(panel.list.count())]
    assert texts[0].startswith("1. Қасым-Жомарт Тоқаев\n    Kassym-Jomart Tokayev · President")
    # Nurtleuov and Nuryshev share rank 3 and office rank 20: the earlier appointment
    # (Nuryshev, 2015) goes first
    tied = [t for t in texts if "tied at 3" in t]
    assert len(tied) == 2
    assert "Шахрат Нұрышев" in tied[0] and "appointed 4 May 2015" in tied[0]
    assert "Мұрат Нұртілеуов" in tied[1]
    assert [pid for pid, _r in _ranks(demo_window, "our delegation")] == panel.list.ids()
    panel.side.setCurrentIndex(panel.side.findData("counterpart"))
    assert panel.list.item(0).text().startswith("1. 习近平\n    Xi Jinping")


def test_a_reorder_is_one_step_and_undo_restores_the_ties(demo_window: Any) -> None:
    state = demo_window.state
    panel = _panel(demo_window)
    before = _ranks(demo_window, "our delegation")
    ids = panel.list.ids()
    depth = state.undo_stack.count()
    panel.list.move_row(3, 0)  # the fourth drags to the top
    assert state.undo_stack.count() == depth + 1
    expected = [ids[3], *ids[:3], *ids[4:]]
    assert panel.list.ids() == expected
    assert [r for _p, r in _ranks(demo_window, "our delegation")] == \
        list(range(1, len(ids) + 1))
    assert not any("tied at" in panel.list.item(i).text() for i in range(panel.list.count()))
    state.undo()
    assert _ranks(demo_window, "our delegation") == before
    assert panel.list.ids() == ids
    state.redo()
    assert panel.list.ids() == expected


def test_a_reorder_changes_who_seat_by_precedence_puts_first(demo_window: Any) -> None:
    view = demo_window.switch_to("seating")
    lunch = next(p for p in seating.plans_of_visit(demo_window.state.db,
                                                   demo_window.state.visit.id)
                 if p.title.startswith("Official lunch"))
    view.show_item("seating_plan", lunch.id)
    panel = _panel(demo_window)
    from briefing_app.core.seating_layout import honour_order

    # President Xi hosts the lunch: his seat, the guest of honour's, then the guests'
    # second-ranked person in the third seat of honour
    third = honour_order(view.data.layout)[2].number
    before = {s.seat: s.person_id for s in view.data.seats if not s.behind}
    ids = panel.list.ids()
    panel.list.move_row(2, 1)  # the third of our (the guests') side now ranks second
    view.seat_button.click()
    after = {s.seat: s.person_id for s in view.data.seats if not s.behind}
    assert before[third] != after[third]
    assert after[third] == ids[2]


def test_setting_a_rank_makes_a_tie_broken_by_appointment_and_undo_restores(
        demo_window: Any) -> None:
    state = demo_window.state
    panel = _panel(demo_window)
    before = _ranks(demo_window, "our delegation")
    omarov = next(i for i in range(panel.list.count())
                  if "Ерлан Омаров" in panel.list.item(i).text())
    panel.list.setCurrentRow(omarov)
    editor = panel.editor
    assert editor.rank.value() == 5 and editor.isEnabled()
    editor.rank.setValue(3)
    editor.office.setValue(20)
    editor.appointed.setDate(date(2016, 1, 11))
    editor.apply_button.click()
    texts = [panel.list.item(i).text() for i in range(panel.list.count())]
    tied = [t.split("\n")[0] for t in texts if "tied at 3" in t]
    assert [t[3:] for t in tied] == \
        ["Шахрат Нұрышев", "Ерлан Омаров", "Мұрат Нұртілеуов"]
    assert panel.list.currentItem().text().startswith("4. Ерлан Омаров")
    state.undo()
    assert _ranks(demo_window, "our delegation") == before


def test_a_bad_date_of_appointment_is_named_and_nothing_changes(demo_window: Any) -> None:
    state = demo_window.state
    panel = _panel(demo_window)
    panel.list.setCurrentRow(0)
    depth = state.undo_stack.count()
    panel.editor.appointed.line.setText("31 Feb 2019")
    panel.editor.apply_button.click()
    assert not panel.editor.error.isHidden()
    assert panel.editor.error.text().startswith("Appointed:")
    assert state.undo_stack.count() == depth
