"""The window over a real-sized visit: lazy models and what one edit costs (issue 8 §3).

Structure, not time: the programme is a table model over plain rows handed to the view
in batches (no item per cell) and formatted only when the view reads them; selecting an event far down fetches up to it; day rows
are never the selection; the navigator of a large visit makes a day's items when the
day opens; an edit is one write transaction, and a drag on the timeline detects the
conflicts once however many views show them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QAbstractTableModel, QItemSelectionModel
from PySide6.QtGui import QStandardItemModel
from sqlalchemy import event

from briefing_app.core.ops import entities
from briefing_app.gui.views.programme_model import BATCH
from tests.gui.conftest import open_window
from tests.large_visit import VisitSize, populate


@pytest.fixture(scope="module")
def big_db_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("big") / "big.sqlite"
    populate(path, VisitSize(days=10, events=600, briefs=30, points=600, people=60,
                             agreements=10))
    return path


@pytest.fixture
def big_window(qtbot: Any, big_db_template: Path, tmp_path: Path) -> Any:
    import shutil

    path = tmp_path / "big.sqlite"
    shutil.copyfile(big_db_template, path)
    win = open_window(qtbot, path)
    yield win
    win.close()


def test_programme_rows_are_formatted_only_when_the_view_reads_them(big_window: Any) -> None:
    from briefing_app.core.programme import load_programme
    from briefing_app.gui.views.programme_rows import build_rows

    view = big_window.switch_to("programme")
    view.table.grab()  # painted: the rows on screen were read
    rows = view.model.rows
    days = sum(1 for i in range(len(rows)) if rows.is_day(i))
    # Day headers are made up front (a few); event rows only once handed to the view.
    assert len(rows) > 600 and days < 20
    assert rows.formatted() <= view.model.rowCount() + days < len(rows)
    # Reading them gives exactly the rows formatted all at once.
    state = big_window.state
    assert list(rows) == build_rows(load_programme(state.db, state.visit.id))
    assert rows.formatted() == len(rows)
    far = next(i for i in range(len(rows) - 1, 0, -1) if not rows.is_day(i))
    assert view.model.row_of_event(rows.event_id(far)) == far


def test_programme_model_is_a_table_over_rows_fetched_in_batches(big_window: Any) -> None:
    view = big_window.switch_to("programme")
    model = view.model
    assert isinstance(model, QAbstractTableModel) and not isinstance(model, QStandardItemModel)
    assert len(model.rows) > 600  # events and day headers
    assert model.rowCount() == BATCH and model.canFetchMore(model.index(-1, -1))
    model.fetchMore(model.index(-1, -1))
    assert model.rowCount() == 2 * BATCH
    # Scrolling to the end makes the view ask for the rest, batch by batch.
    for _ in range(10):
        view.table.scrollToBottom()
        big_window.repaint()
    view.table.grab()
    assert model.rowCount() > 2 * BATCH
    first_day = next(i for i, r in enumerate(model.rows) if r.is_day)
    assert view.table.columnSpan(first_day, 0) == model.columnCount()


def test_selecting_an_event_far_down_fetches_up_to_it(big_window: Any) -> None:
    view = big_window.switch_to("programme")
    model = view.model
    last = model.rows[-1]
    assert not last.is_day
    big_window.state.select("event", last.event_id)
    assert model.rowCount() == len(model.rows)
    assert view.selected_event() == last.event_id
    day = max(i for i, r in enumerate(model.rows) if r.is_day)
    assert view.table.columnSpan(day, 0) == model.columnCount()  # spans follow the fetch


def test_a_day_row_is_never_the_selection(demo_window: Any) -> None:
    view = demo_window.switch_to("programme")
    rows = view.model.rows
    second_day = [i for i, r in enumerate(rows) if r.is_day][1]
    view.table.selectionModel().setCurrentIndex(
        view.model.index(second_day, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
        | QItemSelectionModel.SelectionFlag.Rows)
    current = view.table.currentIndex().row()
    assert not rows[current].is_day and current == second_day + 1  # moved on, downwards
    assert view.selected_event() == rows[second_day + 1].event_id
    view.table.selectionModel().setCurrentIndex(  # moving up over it lands above
        view.model.index(second_day, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
        | QItemSelectionModel.SelectionFlag.Rows)
    assert view.table.currentIndex().row() == second_day - 1


def test_navigator_of_a_large_visit_makes_a_days_items_when_it_opens(big_window: Any) -> None:
    nav = big_window.navigator
    visit = nav.topLevelItem(0)
    days = [visit.child(i) for i in range(visit.childCount())
            if visit.child(i).data(0, 257) == "day"]  # the last child opens the Venues view
    assert len(days) == 10 and all(d.childCount() == 1 for d in days)  # a placeholder each
    assert not any(d.isExpanded() for d in days)
    days[3].setExpanded(True)
    assert days[3].childCount() == 60
    assert days[3].child(0).data(0, 257) == "event"
    last = big_window.view("programme").model.rows[-1].event_id
    big_window.state.select("event", last)  # an event of a day not opened yet
    assert nav.currentItem() is not None and nav.currentItem().data(0, 258) == last
    assert days[-1].isExpanded()


@pytest.fixture
def counted(demo_window: Any, monkeypatch: pytest.MonkeyPatch) -> dict[str, list[Any]]:
    import briefing_app.core.programme as programme

    db = demo_window.state.db
    seen: dict[str, list[Any]] = {"write": [], "read": [], "detect": []}
    for name, engine in (("write", db.write_engine), ("read", db.read_engine)):
        event.listen(engine, "before_cursor_execute",
                     lambda *a, n=name: seen[n].append(_statement(a[2])))
    real = programme.detect
    monkeypatch.setattr(programme, "detect", lambda *a: seen["detect"].append(1) or real(*a))
    return seen


def test_a_title_edit_is_one_write_and_at_most_two_reads(demo_window: Any,
                                                         counted: dict[str, list[Any]]) -> None:
    brief = demo_window.switch_to("brief")
    ev = entities.list_for_visit(demo_window.state.db, "event", demo_window.state.visit.id)[4]
    demo_window.state.select("event", ev.id)
    points = brief.points.list.count()
    for values in counted.values():
        values.clear()
    brief._save({"title": "Talks, renamed"})
    assert counted["write"].count("BEGIN") == 1  # one transaction
    assert [s for s in counted["write"] if s in ("INSERT", "UPDATE", "DELETE")] == ["UPDATE"]
    # The shared programme read (programme, navigator, conflicts dock) and the brief's
    # event list; the visits, venues and the brief's panels are not read again.
    assert counted["read"].count("BEGIN") <= 2, counted["read"]
    assert counted["detect"] == [1]  # programme, navigator, conflicts: one read between them
    assert any("Talks, renamed" in it.text(0) for it in _tree_items(demo_window.navigator))
    assert brief.title.text().startswith("Talks, renamed")
    assert "Talks, renamed" in brief.picker.currentText()
    assert brief.points.list.count() == points > 0
    brief._save({"title": "Talks, renamed again"})  # the record kept its new version
    assert entities.get(demo_window.state.db, "event", ev.id).title == "Talks, renamed again"
    assert demo_window.state.undo_stack.count() == 2


def test_a_timeline_drag_detects_conflicts_once(demo_window: Any,
                                                counted: dict[str, list[Any]]) -> None:
    demo_window.switch_to("programme")
    view = demo_window.switch_to("timeline")
    block = next(b for b in view.canvas.blocks if b.event_type == "talks")
    for values in counted.values():
        values.clear()
    view.canvas.moved.emit(block.event_id, "2019-09-11 16:00", "2019-09-11 16:45")
    assert counted["write"].count("BEGIN") == 1
    assert counted["detect"] == [1]  # was four times: timeline, programme, navigator, dock


def _statement(sql: str) -> str:
    """The statement's verb; the search index's own upkeep (core/search_index.py folds the
    changed rows into it in the same transaction) is told apart as "INDEX"."""
    words = sql.split()
    if any(w.strip('"(').startswith("search_index") for w in words[:6]):
        return "INDEX"
    return words[0].upper()


def _tree_items(tree: Any) -> list[Any]:
    out, stack = [], [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    while stack:
        it = stack.pop()
        out.append(it)
        stack += [it.child(i) for i in range(it.childCount())]
    return out
