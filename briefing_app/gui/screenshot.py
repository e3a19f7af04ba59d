"""The `gui --screenshot` mode: put the window in a known state and grab it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication


def first_meeting(state: Any) -> int | None:
    """The first talks or meeting of the open visit (else its first event)."""
    from briefing_app.core.ops import entities

    if state.visit is None:
        return None
    events = entities.list_for_visit(state.require_db(), "event", state.visit.id)
    for ev in events:
        if ev.kind in ("talks", "meeting") and ev.status != "cancelled":
            return ev.id
    return events[0].id if events else None


def settle(rounds: int = 5) -> None:
    for _ in range(rounds):
        QApplication.processEvents()


def prepare(win: Any, view: str) -> None:
    """First visit, its first meeting selected, on `view` (export: the dialog open)."""
    state = win.state
    visits = state.visits()
    if visits and (state.visit is None or state.visit.id != visits[0].id):
        state.set_visit(visits[0].id)
    key = "programme" if view == "export" else view
    win.switch_to(key)
    settle()
    meeting = first_meeting(state)
    if meeting is not None:
        state.select("event", meeting)
    if view == "search" and state.visit is not None:
        win.view("search").run_query(_search_example(state))
    if view == "export" and state.visit is not None:
        win._export_dialog = win.export_pack()
    settle(10)


def _search_example(state: Any) -> str:
    from briefing_app.core.ops import entities

    people = entities.list_for_visit(state.require_db(), "person", state.visit.id)
    for p in people:
        if p.native_name and p.side == "counterpart":
            return p.native_name.split()[0] if " " in p.native_name else p.native_name[:2]
    return state.visit.title.split()[0]


def capture(win: Any, view: str) -> QImage:
    """The window; with the export dialog painted over it, centred, when it is open."""
    image = win.grab().toImage()
    dialog = getattr(win, "_export_dialog", None)
    if view == "export" and dialog is not None:
        settle(10)
        shot = dialog.grab().toImage()
        painter = QPainter(image)
        x = max(0, (image.width() - shot.width()) // 2)
        y = max(0, (image.height() - shot.height()) // 2)
        painter.fillRect(0, 0, image.width(), image.height(), 0x40000000)
        painter.drawImage(QPoint(x, y), shot)
        painter.end()
    return image
