"""On a read-only database the protocol views lock every editing control (both lists of
Movements included) and keep filters, tabs and the gift register's export usable."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QWidget

from tests.gui.test_read_only_views import CONTROLS, TEXT_BOXES

KEYS = ("delegation", "movements", "gifts", "speeches")


def _open(qtbot: Any, path: Path, read_only: bool) -> Any:
    from briefing_app.gui.window.main_window import MainWindow

    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    assert win.open_database(path, first_run=False, read_only=read_only)
    return win


def _editors_left(view: Any) -> list[str]:
    """What could still change data: the filters (text, transfer, hotel, direction) and
    the register's export only read, so they stay usable."""
    panels = getattr(view, "panels", (view,))
    keep = {id(w) for p in panels for w in (getattr(p, n, None) for n in (
        "filter", "only", "direction", "export_button")) if isinstance(w, QWidget)}
    out = []
    for w in view.findChildren(QWidget):
        if id(w) in keep or isinstance(w.parent(), QComboBox | QAbstractSpinBox):
            continue
        if isinstance(w, TEXT_BOXES) and w.isEnabled() and not w.isReadOnly():
            out.append(f"{type(w).__name__} {w.objectName()!r}")
        elif isinstance(w, CONTROLS) and w.isEnabled():
            out.append(f"{type(w).__name__} {getattr(w, 'text', w.objectName)()!r}")
    return out


def test_read_only_locks_the_protocol_views(qtbot: Any, demo_db_path: Path) -> None:
    before = demo_db_path.read_bytes()
    win = _open(qtbot, demo_db_path, read_only=True)
    for key in KEYS:
        view = win.switch_to(key)
        for panel in getattr(view, "panels", (view,)):
            if hasattr(view, "tabs"):
                view.tabs.setCurrentWidget(panel)
            assert panel.selected() is not None, key
            assert not panel.new_button.isEnabled() and not panel.delete_button.isEnabled()
        assert _editors_left(view) == [], key
        assert not win.actions.new_item.isEnabled() and not win.actions.delete.isEnabled()
    gifts = win.view("gifts")
    assert gifts.export_button.isEnabled() and not gifts.choose_photo.isEnabled()
    assert gifts.direction.isEnabled() and win.view("movements").rooms.only.isEnabled()
    assert demo_db_path.read_bytes() == before
    win.close()
    win = _open(qtbot, demo_db_path, read_only=False)  # writable: the same controls work
    for key in KEYS:
        assert _editors_left(win.switch_to(key)), key
    assert win.view("gifts").choose_photo.isEnabled()
    win.close()
