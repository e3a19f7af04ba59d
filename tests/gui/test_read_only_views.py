"""A database opened read-only locks every editing control in every view — text can
still be selected and copied, filters, search and navigation still work — and opening
a writable database unlocks them all again."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QWidget,
)

from briefing_app.core.ops import entities, links

TEXT_BOXES = (QLineEdit, QPlainTextEdit, QTextEdit)
CONTROLS = (QComboBox, QAbstractSpinBox, QCheckBox, QPushButton)
VIEWS = ("programme", "timeline", "brief", "people", "venues", "talking-points", "facts",
         "agreements", "search", "seating")
# Buttons that only navigate or read: they stay on for a read-only database.
READING_BUTTONS = {"◀ Previous", "Next ▶", "&Compare versions…"}


def _allowed(view: Any) -> set[int]:
    """The navigation and filter widgets of a view (by identity): they stay usable."""
    names = ("filter", "side", "topic", "point_kind", "status", "stale_only", "picker",
             "query", "show_cancelled")
    found = [getattr(view, n) for n in names if isinstance(getattr(view, n, None), QWidget)]
    return {id(w) for w in found}


def _editable(view: Any) -> list[str]:
    """Every control of `view` a user could change data with, except the allow-list."""
    allowed = _allowed(view)
    out = []
    for w in view.findChildren(QWidget):
        if id(w) in allowed or isinstance(w.parent(), QComboBox | QAbstractSpinBox):
            continue  # a combo's or spin box's own line edit goes with its owner
        if isinstance(w, TEXT_BOXES) and w.isEnabled() and not w.isReadOnly():
            out.append(f"{type(w).__name__} {w.objectName()!r}")
        elif isinstance(w, CONTROLS) and w.isEnabled():
            text = w.text() if isinstance(w, QPushButton | QCheckBox) else w.objectName()
            if text not in READING_BUTTONS:
                out.append(f"{type(w).__name__} {text!r}")
    return out


def _rich_event(db: Any, visit_id: int) -> Any:
    """An event with participants, talking points and a directly cited fact."""
    return next(e for e in entities.list_for_visit(db, "event", visit_id)
                if links.participants(db, e.id) and len(links.points_of_event(db, e.id)) >= 2
                and any(direct for _f, direct in links.cited_facts(db, e.id)))


def _show_rich_brief(win: Any) -> Any:
    state = win.state
    state.select("event", _rich_event(state.db, state.visit.id).id)
    brief = win.switch_to("brief")
    brief.participants.table.selectRow(0)  # the role box would come on with a selection
    facts = brief.facts
    direct = next(r for r in range(facts.table.rowCount())
                  if facts.table.item(r, 0).data(Qt.ItemDataRole.UserRole + 2))
    facts.table.setCurrentCell(direct, 0)  # "Stop citing" would come on too
    assert facts.remove.isEnabled() == (not state.read_only)
    return brief


def _drag_first_talks(win: Any, qtbot: Any) -> list[tuple[Any, ...]]:
    """Drag the first talks block an hour down; the moves the canvas asked for."""
    canvas = win.switch_to("timeline").canvas
    canvas.grab()  # blocks learn where they are when painted
    block = next(b for b in canvas.blocks if b.event_type == "talks")
    start = block.rect.center().toPoint()
    moved: list[tuple[Any, ...]] = []
    canvas.moved.connect(lambda *a: moved.append(a))
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(canvas, start + QPoint(0, 30))
    qtbot.mouseMove(canvas, start + QPoint(0, 60))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=start + QPoint(0, 60))
    return moved


def test_read_only_database_locks_every_editing_control_and_writable_unlocks(
        qtbot: Any, demo_db_path: Path, visible_errors: Any) -> None:
    from briefing_app.gui.window.main_window import MainWindow

    before = demo_db_path.read_bytes()
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    assert win.open_database(demo_db_path, first_run=False, read_only=True)

    brief = _show_rich_brief(win)
    title = brief.details.widgets["title"]
    assert title.text() and title.isReadOnly() and title.isEnabled()
    title.selectAll()
    title.copy()  # reading and copying still work
    assert QApplication.clipboard().text() == title.text()
    assert brief.points.list.dragDropMode() == QAbstractItemView.DragDropMode.NoDragDrop
    for key in VIEWS:
        view = win.switch_to(key)
        assert _editable(view) == [], key
    people = win.view("people")
    assert people.selected() is not None and people.table.isEnabled()
    people.filter.setText("Тоқаев")  # filters stay usable
    assert people.proxy.rowCount() == 1
    assert win.view("agreements").selected() is not None

    assert _drag_first_talks(win, qtbot) == []  # the timeline never starts a drag
    assert win.view("timeline").canvas.current is not None  # but a click still selects
    assert not visible_errors()
    assert demo_db_path.read_bytes() == before

    assert win.open_database(demo_db_path, first_run=False)  # writable again
    assert not win.state.read_only
    brief = _show_rich_brief(win)
    assert not brief.details.widgets["title"].isReadOnly()
    assert brief.details.widgets["status"].isEnabled()
    assert brief.points.list.dragDropMode() == QAbstractItemView.DragDropMode.InternalMove
    assert brief.participants.role.isEnabled() and brief.times_button.isEnabled()
    for key in ("brief", "people", "talking-points", "facts", "agreements"):
        assert _editable(win.switch_to(key)), key
    assert win.view("agreements").panels.add_version.isEnabled()
    assert len(_drag_first_talks(win, qtbot)) == 1  # the same drag moves an event now
    win.close()


def test_view_built_after_a_read_only_open_starts_locked(
        qtbot: Any, demo_db_path: Path) -> None:
    """Views are built the first time they are shown: one built after the file opened
    read-only must be locked from the start, not only on the next database change."""
    from briefing_app.gui.window.main_window import MainWindow

    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    assert win.open_database(demo_db_path, first_run=False, read_only=True)
    assert "facts" not in win._views
    facts = win.switch_to("facts")
    assert facts.read_only and _editable(facts) == []
    assert facts.form.widgets["statement"].isReadOnly()
    win.close()
