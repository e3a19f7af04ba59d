"""Lists and tables behave like a desktop tool's (issue 9): Tab leaves them, F2 edits,
Ctrl+C copies rows as tab-separated text, context menus, several rows deleted in one
undoable step; enum values shown as labels with plurals; History entries are sentences
with the item's name; Delete and Duplicate off when nothing is selected."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit

from briefing_app.core.enums import count, kind_label, label
from briefing_app.core.ops import entities
from briefing_app.gui.operations import history_text


def _select_rows(table: Any, rows: list[int]) -> None:
    sel = table.selectionModel()
    sel.clearSelection()
    for i, row in enumerate(rows):
        flag = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        if i == 0:
            sel.setCurrentIndex(table.model().index(row, 0), flag)
        else:
            sel.select(table.model().index(row, 0), flag)


def _menu_texts(menu: Any) -> list[str]:
    return [a.text().split("\t")[0].replace("&", "") for a in menu.actions()
            if not a.isSeparator()]


def test_labels_and_plurals() -> None:
    assert label("talks") == "Talks" and label("under negotiation") == "Under negotiation"
    assert kind_label("press_qa") == "press question"
    assert kind_label("person", 2) == "people" and kind_label("person", 1) == "person"
    assert count(1, "event") == "1 event" and count(2, "event") == "2 events"
    assert count(0, "talking_point") == "0 talking points"
    from briefing_app.core.ops import registry
    from briefing_app.core.search import KIND_LABELS
    from briefing_app.gui.operations.commands import label as gui_label

    # one function names a kind for the core's messages, the window and the CLI
    assert registry.label("press_qa") == gui_label("press_qa") == "press question"
    assert KIND_LABELS["talking_point"] == "Talking point"


def test_enum_values_shown_as_labels(demo_window: Any) -> None:
    view = demo_window.switch_to("programme")
    kinds = {view.model.rows[r].cells[3] for r in range(len(view.model.rows))
             if not view.model.rows[r].is_day}
    statuses = {view.model.rows[r].cells[6] for r in range(len(view.model.rows))
                if not view.model.rows[r].is_day}
    assert "Talks" in kinds and "talks" not in kinds
    assert statuses <= {"Proposed", "Confirmed", "Cancelled"}
    assert " events · " in view.summary.text()
    points = demo_window.switch_to("talking-points")
    box = points.form.widgets["point_type"]
    assert box.itemText(0) == "Point to make" and box.itemData(0) == "point to make"


def test_copy_rows_as_tab_separated_text(demo_window: Any, qtbot: Any) -> None:
    view = demo_window.switch_to("people")
    table = view.table
    _select_rows(table, [0, 1])
    expected = "\n".join(
        "\t".join(" ".join(str(view.proxy.index(r, c).data() or "").split())
                  for c in range(view.proxy.columnCount())) for r in (0, 1))
    QGuiApplication.clipboard().clear()
    table.setFocus()
    QTest.keyClick(table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    text = QGuiApplication.clipboard().text()
    assert text == expected  # both whole rows, not the one cell Qt's own copy takes
    assert text.count("\n") == 1 and text.split("\n")[0].count("\t") == \
        view.proxy.columnCount() - 1
    names = [r.native_name for r in view.selected_records()]
    assert all(name in text for name in names)


def test_f2_edits_and_tab_leaves_the_table(demo_window: Any, qtbot: Any) -> None:
    demo_window.activateWindow()
    view = demo_window.switch_to("people")
    _select_rows(view.table, [0])
    view.table.setFocus()
    QTest.keyClick(view.table, Qt.Key.Key_F2)
    first = next(iter(view.form.widgets.values()))
    assert QApplication.focusWidget() is first and isinstance(first, QLineEdit)
    assert not view.table.tabKeyNavigation()
    view.table.setFocus()
    QTest.keyClick(view.table, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is first  # out of the table, to the form's top
    order = list(view.form.widgets.values())
    for a, b in zip(order, order[1:], strict=False):
        assert a.nextInFocusChain() is b or b.isAncestorOf(a.nextInFocusChain()) or \
            a.isAncestorOf(a.nextInFocusChain())


def test_context_menu_deletes_several_in_one_step(demo_window: Any) -> None:
    state, db = demo_window.state, demo_window.state.db
    view = demo_window.switch_to("talking-points")
    before = entities.list_for_visit(db, "talking_point", state.visit.id)
    _select_rows(view.table, [0, 2])
    chosen = view.selected_records()
    assert len(chosen) == 2
    menu = view.table.item_keys.build_menu()
    texts = _menu_texts(menu)
    assert "Delete 2 talking points…" in texts and "Copy" in texts
    assert demo_window.actions.delete.isEnabled()
    assert not demo_window.actions.duplicate.isEnabled()  # duplicate takes one
    depth = state.undo_stack.count()
    next(a for a in menu.actions() if a.text().startswith("&Delete")).trigger()
    after = {p.id for p in entities.list_for_visit(db, "talking_point", state.visit.id)}
    assert not {r.id for r in chosen} & after and len(after) == len(before) - 2
    assert state.undo_stack.count() == depth + 1  # one step
    assert state.undo_stack.text(depth) == "Deleted 2 talking points"
    assert demo_window.actions.undo.text() == "&Undo Delete 2 talking points"
    state.undo()
    assert {p.id for p in entities.list_for_visit(db, "talking_point", state.visit.id)} == \
        {p.id for p in before}


def test_delete_confirmation_names_the_thing() -> None:
    from types import SimpleNamespace

    from briefing_app.gui.operations.delete_many import delete_box

    box, delete = delete_box(None, "talking_point", [SimpleNamespace(heading="Trade", text="")])
    assert "“Trade”" in box.text() and delete.text() == "&Delete"
    assert box.defaultButton().text().replace("&", "") == "Cancel"
    many, _ = delete_box(None, "person", [SimpleNamespace(native_name=n) for n in "ab"])
    assert many.windowTitle() == "Delete 2 people"


def test_delete_and_duplicate_off_without_a_selection(demo_window: Any) -> None:
    view = demo_window.switch_to("facts")
    assert demo_window.actions.delete.isEnabled()
    view.table.selectionModel().clear()
    view.table.setCurrentIndex(view.proxy.index(-1, -1))
    demo_window.state.selection_changed.emit()
    assert view.selection_count() == 0
    assert not demo_window.actions.delete.isEnabled()
    assert not demo_window.actions.duplicate.isEnabled()


def test_programme_and_timeline_menus(demo_window: Any, monkeypatch: Any) -> None:
    from briefing_app.gui.window import event_actions

    edited: list[int] = []
    monkeypatch.setattr(event_actions, "edit_event", lambda s, p, eid: edited.append(eid))
    view = demo_window.switch_to("programme")
    row = next(i for i, r in enumerate(view.model.rows) if not r.is_day)
    view.table.setCurrentIndex(view.model.index(row, 0))
    texts = _menu_texts(view.table.item_keys.build_menu())
    assert texts[:3] == ["Open brief", "Edit event…", "Duplicate"] and "Copy" in texts
    view.table.setFocus()
    QTest.keyClick(view.table, Qt.Key.Key_F2)
    assert edited == [view.selected_event()]
    timeline = demo_window.switch_to("timeline")
    timeline.canvas.grab()  # blocks know where they are once painted
    block = timeline.canvas.blocks[0]
    timeline._menu(timeline.canvas.block_rect(block).center().toPoint())
    assert timeline.canvas.current == block.event_id
    assert "Delete event…" in _menu_texts(timeline.last_menu)


def test_history_reads_as_sentences(demo_window: Any) -> None:
    from briefing_app.gui.operations.commands import UpdateCommand

    state = demo_window.state
    ev = entities.list_for_visit(state.db, "event", state.visit.id)[0]
    state.push(UpdateCommand(state, "event", ev, {"title": "Talks with Xi Jinping"}))
    text = state.undo_stack.text(state.undo_stack.count() - 1)
    assert text == f"Renamed event “{ev.title}” to “Talks with Xi Jinping”"
    assert demo_window.actions.undo.text() == f"&Undo Rename event “{ev.title}”"
    history = demo_window.history.model()
    shown = [history.index(i, 0).data() for i in range(history.rowCount())]
    assert text in shown
    person = entities.list_for_visit(state.db, "person", state.visit.id)[0]
    state.push(UpdateCommand(state, "person", person, {"title": "President"}))
    # a person goes by their name; their `title` is the office they hold
    assert state.undo_stack.text(state.undo_stack.count() - 1) == \
        f"Changed the title of person “{person.native_name}”"
    assert history_text.edited("event", "Talks", {"status": "confirmed"}).split("\n")[0] \
        == "Set the status of event “Talks” to Confirmed"
    assert history_text.edited("talking_point", "Trade", {"text": "x", "topics": "y"}) \
        .startswith("Changed the text and topics of talking point “Trade”")


def test_brief_tables_sort_by_any_column(demo_window: Any) -> None:
    from briefing_app.core.ops import links

    state = demo_window.state
    ev = next(e for e in entities.list_for_visit(state.db, "event", state.visit.id)
              if len(links.participants(state.db, e.id)) > 2)
    state.select("event", ev.id)
    panel = demo_window.switch_to("brief").participants
    panel.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)  # transliteration
    shown = [panel.table.model().index(r, 1).data() for r in range(panel.table.model().rowCount())]
    assert shown == sorted(shown, key=str.casefold)
    panel.table.setCurrentIndex(panel.table.model().index(0, 0))
    assert panel._selected()[0].latin_name == shown[0]  # the selection maps through the sort
    facts = demo_window.view("brief").facts
    assert facts.table.isSortingEnabled()


def test_programme_sorts_within_days_and_deletes_several(demo_window: Any) -> None:
    state, db = demo_window.state, demo_window.state.db
    view = demo_window.switch_to("programme")
    days_before = [r.cells[0] for r in view.model.rows if r.is_day]
    time_order = [r.event_id for r in view.model.rows]
    view.table.horizontalHeader().setSortIndicator(2, Qt.SortOrder.AscendingOrder)  # Event
    rows = view.model.rows
    assert [r.event_id for r in rows] != time_order
    assert [r.cells[0] for r in rows if r.is_day] == days_before  # days stay in date order
    day: list[str] = []
    for r in [*rows, None]:
        if r is None or r.is_day:
            assert day == sorted(day, key=lambda t: t.casefold())
            day = []
        else:
            day.append(r.cells[2])
    view.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
    assert [r.event_id for r in view.model.rows] == time_order  # time order again
    events = [i for i, r in enumerate(view.model.rows) if not r.is_day][:3]
    _select_rows(view.table, events)
    ids = view.selected_events()
    assert len(ids) == 3 and demo_window.actions.delete.isEnabled()
    assert not demo_window.actions.duplicate.isEnabled()
    assert "Delete 3 events…" in _menu_texts(view.table.item_keys.build_menu())
    copied = view.table.item_keys.copy()
    assert len(copied.split("\n")) == 3 and "\t" in copied
    before = len(entities.list_for_visit(db, "event", state.visit.id))
    demo_window.actions.delete.trigger()
    assert len(entities.list_for_visit(db, "event", state.visit.id)) == before - 3
    assert state.undo_stack.text(state.undo_stack.count() - 1) == "Deleted 3 events"
    state.undo()
    assert {e.id for e in entities.list_for_visit(db, "event", state.visit.id)} >= set(ids)


@pytest.mark.parametrize("key", ["people", "talking-points", "facts", "agreements", "press-qa"])
def test_tab_walks_each_form_top_to_bottom(demo_window: Any, key: str) -> None:
    demo_window.activateWindow()
    view = demo_window.switch_to(key)
    fields = [w for w in view.form.widgets.values() if w.isEnabled() and w.isVisible()]
    fields[0].setFocus()
    seen = [QApplication.focusWidget()]
    for _ in fields[1:]:
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        w = QApplication.focusWidget()
        # an editable combo box's line edit has the focus on its behalf
        seen.append(w.parentWidget() if w is not None and w.parentWidget() in fields else w)
    assert seen == fields
